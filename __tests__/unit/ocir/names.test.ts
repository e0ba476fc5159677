import { InputError } from '../../../src/common/errors.js'
import {
  defaultRepository,
  qualifyUsername,
  qualifyUsernameWithNotices,
  trimSetting,
  validateAuthToken,
  validateNamespace,
  validateRepository,
  validateTag
} from '../../../src/ocir/index.js'

function inputError(fn: () => unknown): InputError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return error as InputError
  }
  throw new Error('expected an InputError')
}

const NS = 'axaxnpcrorw5'

describe('qualifyUsername', () => {
  it.each([
    ['plain email', NS, 'jdoe@acme.com', '', `${NS}/jdoe@acme.com`],
    ['already qualified', NS, `${NS}/jdoe@acme.com`, '', `${NS}/jdoe@acme.com`],
    [
      'federated, domain input',
      NS,
      'jdoe@acme.com',
      'oracleidentitycloudservice',
      `${NS}/oracleidentitycloudservice/jdoe@acme.com`
    ],
    [
      'federated, as the Console shows it',
      NS,
      'oracleidentitycloudservice/jdoe@acme.com',
      '',
      `${NS}/oracleidentitycloudservice/jdoe@acme.com`
    ],
    [
      'federated, qualified',
      NS,
      `${NS}/oracleidentitycloudservice/jdoe`,
      '',
      `${NS}/oracleidentitycloudservice/jdoe`
    ],
    [
      'domain given twice',
      NS,
      'oracleidentitycloudservice/jdoe',
      'oracleidentitycloudservice',
      `${NS}/oracleidentitycloudservice/jdoe`
    ],
    [
      'qualified with its domain and domain input',
      NS,
      `${NS}/Sales/jdoe`,
      'Sales',
      `${NS}/Sales/jdoe`
    ],
    ['identity domain', NS, 'jdoe', 'Sales', `${NS}/Sales/jdoe`],
    ['spaces, @ and comma', NS, 'Doe, Jane @ Sales', 'Default', `${NS}/Default/Doe, Jane @ Sales`],
    ['hyphenated namespace', 'acme-dev', 'jdoe', '', 'acme-dev/jdoe'],
    ['whitespace trimmed', ` ${NS}\n`, '  jdoe@acme.com\t', ' Sales ', `${NS}/Sales/jdoe@acme.com`],
    ['slash in the user name kept whole', NS, 'ops/ci-bot', '', `${NS}/ops/ci-bot`]
  ])('%s', (_case, namespace, username, identityDomain, expected) => {
    expect(qualifyUsername({ namespace, username, identityDomain })).toBe(expected)
  })

  it.each([
    ['empty username', NS, '  ', '', 'username', /empty/, `'${NS}/<user>'`],
    [
      'identity domain with a slash',
      NS,
      'jdoe',
      `${NS}/Sales`,
      'identity-domain',
      /contains '\/'/,
      'only the domain name'
    ],
    [
      'qualified twice',
      NS,
      `${NS}/${NS}/jdoe`,
      '',
      'username',
      /qualified twice/,
      `username: '${NS}/jdoe'`
    ],
    [
      'namespace only',
      NS,
      `${NS}/`,
      '',
      'username',
      /no user after the namespace/,
      `'${NS}/<user>'`
    ],
    [
      'namespace in upper case',
      NS,
      `${NS.toUpperCase()}/jdoe`,
      '',
      'username',
      /wrong case/,
      `username: '${NS}/jdoe'`
    ],
    [
      'qualified without the domain input',
      NS,
      `${NS}/jdoe`,
      'Sales',
      'username',
      /lacks identity-domain 'Sales'/,
      `'${NS}/Sales/jdoe'`
    ],
    [
      'tenancy name as namespace',
      'AcmeCorp',
      'jdoe',
      '',
      'namespace',
      /upper case.*tenancy name/,
      "'acmecorp'"
    ],
    [
      'a workflow command after a line break in the username',
      NS,
      'jdoe\n::add-mask::x',
      '',
      'username',
      /control character \(U\+000A\) at position 5/,
      'on one line'
    ],
    [
      'a workflow command in the identity domain',
      NS,
      'jdoe',
      'Sales\r\n::warning::pwned',
      'identity-domain',
      /control character \(U\+000D\)/,
      'on one line'
    ],
    ['an escape in the username', NS, 'jd\u001b[2Joe', '', 'username', /U\+001B/, 'on one line'],
    ['a tab inside the username', NS, 'j\tdoe', '', 'username', /U\+0009/, 'on one line'],
    ['a line separator in the username', NS, 'j\u2028doe', '', 'username', /U\+2028/, 'one line'],
    [
      'a colon in the username',
      NS,
      'jdoe:hunter2',
      '',
      'username',
      /contains ':'/,
      "'<username>:<auth-token>'"
    ],
    [
      'a colon in a qualified username',
      NS,
      `${NS}/Sales/j:doe`,
      'Sales',
      'username',
      /contains ':'/,
      "without ':'"
    ],
    [
      'a colon in the identity domain',
      NS,
      'jdoe',
      'Sa:les',
      'identity-domain',
      /contains ':'/,
      "':'"
    ],
    [
      'a workflow command in the namespace',
      `${NS}\n::stop-commands::x`,
      'jdoe',
      '',
      'namespace',
      /control character/,
      'on one line'
    ]
  ])('%s is refused', (_case, namespace, username, identityDomain, input, message, fix) => {
    const error = inputError(() => qualifyUsername({ namespace, username, identityDomain }))
    expect(error.input).toBe(input)
    expect(error.message).toMatch(message)
    expect(error.fix).toContain(fix)
  })

  it('never quotes a value with a control character', () => {
    for (const parts of [
      { namespace: NS, username: 'jdoe\n::set-output name=x::y', identityDomain: '' },
      { namespace: NS, username: 'jdoe', identityDomain: 'D\n::set-output name=x::y' },
      { namespace: `${NS}\n::set-output name=x::y`, username: 'jdoe', identityDomain: '' }
    ]) {
      const error = inputError(() => qualifyUsername(parts))
      expect(`${error.message}\n${error.fix}`).not.toContain('::')
    }
  })

  it('returns notices for trimmed values, without quoting them', () => {
    const { notices } = qualifyUsernameWithNotices({
      namespace: NS,
      username: ' jdoe ',
      identityDomain: 'Sales\n'
    })
    expect(notices.map(n => n.title)).toEqual(['Trimmed username', 'Trimmed identity-domain'])
    expect(notices.map(n => n.message).join()).not.toContain('jdoe')
  })

  it('shows the result when a username with / is qualified under the namespace input', () => {
    const { username, notices } = qualifyUsernameWithNotices({
      namespace: NS,
      username: 'othertenancy/jdoe',
      identityDomain: ''
    })
    expect(username).toBe(`${NS}/othertenancy/jdoe`)
    expect(notices).toHaveLength(1)
    expect(notices[0].message).toContain(`'${NS}/othertenancy/jdoe'`)
    expect(notices[0].message).toContain("If 'othertenancy' is a tenancy namespace")
  })

  it('has no notice for plain, qualified and domain-prefixed usernames', () => {
    for (const username of ['jdoe', `${NS}/a/b`, 'oracleidentitycloudservice/jdoe']) {
      expect(
        qualifyUsernameWithNotices({ namespace: NS, username, identityDomain: '' }).notices
      ).toEqual([])
    }
  })
})

describe('validateNamespace', () => {
  it.each([NS, 'acme-dev', ` ${NS} `, 'a.b_c'])('accepts %j', namespace => {
    expect(validateNamespace(namespace)).toBe(namespace.trim())
  })

  it.each([
    ['', /empty/, /oci os ns get/],
    [
      'AcmeCorp',
      /upper case; namespaces are lower case, so this is likely the tenancy name/,
      /'acmecorp'/
    ],
    ['Acme Corp', /upper case/, /Object Storage namespace/],
    ['acme corp', /contains spaces/, /Object Storage namespace/],
    [
      'ocid1.tenancy.oc1..aaaaaaaaba3pv6wkcr4jqae5f15p2b2m2yt2j6rx32uzr4h25vqstifsfdsq',
      /is an OCID/,
      /'axaxnpcrorw5'/
    ],
    [
      `${NS}/project`,
      /namespace only/,
      new RegExp(`namespace: '${NS}' and put 'project' in repository`)
    ],
    ['acme_', /only lower-case letters and digits/, /Object Storage namespace/],
    ['-acme', /only lower-case letters and digits/, /Tenancy/]
  ])('refuses %j', (namespace, message, fix) => {
    const error = inputError(() => validateNamespace(namespace))
    expect(error.input).toBe('namespace')
    expect(error.message).toMatch(message)
    expect(error.fix).toMatch(fix)
  })
})

describe('validateRepository', () => {
  it.each(['app', 'project/app', 'a.b/c_d/e__f/g--h', ' project/app '])(
    'accepts %j',
    repository => {
      expect(validateRepository(repository)).toBe(repository.trim())
    }
  )

  it.each([
    ['', undefined, /empty/, /'project\/app'/],
    ['Project/App', undefined, /upper case/, "'project/app'"],
    ['/project/app', undefined, /starts with '\/'/, "'project/app'"],
    ['project/app/', undefined, /empty path component/, "'project/app'"],
    ['project//app', undefined, /empty path component/, "'project/app'"],
    ['project/app:1.0', undefined, /includes a tag/, "'project/app'"],
    ['project/app@sha256:abc', undefined, /includes a digest/, "'project/app'"],
    [`fra.ocir.io/${NS}/project/app:1.0`, NS, /registry host/, "'project/app'"],
    [`${NS}/project/app`, NS, /starts with the namespace/, "'project/app'"],
    ['my app', undefined, /whitespace/, "'my-app'"],
    ['app_', undefined, /not a repository name/, "'app'"],
    ['a...b', undefined, /not a repository name/, "'a.b'"],
    ['a+b', undefined, /not a repository name/, "'a-b'"],
    ['+++', undefined, /not a repository name/, "e.g. 'project/app'"],
    ['a'.repeat(256), undefined, /256 characters/, 'at most 255'],
    ['project/app\n::set-output name=x::y', undefined, /control character \(U\+000A\)/, 'one line'],
    ['project/\u0000app', undefined, /control character \(U\+0000\)/, 'one line']
  ])('refuses %j', (repository, namespace, message, fix) => {
    const error = inputError(() => validateRepository(repository, namespace))
    expect(error.input).toBe('repository')
    expect(error.message).toMatch(message)
    expect(error.fix).toMatch(fix)
  })

  it('never quotes a repository with a control character', () => {
    const error = inputError(() => validateRepository('project/app\n::set-output name=x::y'))
    expect(`${error.message}\n${error.fix}`).not.toContain('::')
  })
})

describe('defaultRepository', () => {
  it.each([
    ['ghcr.io/acme/App:1.0', 'acme/app'],
    ['localhost:5000/x/y@sha256:' + 'a'.repeat(64), 'x/y'],
    ['docker.io/library/busybox', 'busybox'],
    ['library/busybox:latest', 'busybox'],
    ['busybox', 'busybox'],
    ['index.docker.io/bitnami/nginx:1.25', 'bitnami/nginx'],
    ['acme/web-app:v1', 'acme/web-app'],
    ['ghcr.io/library/tool', 'library/tool'],
    ['Registry/team/app', 'team/app'],
    ['127.0.0.1:5000/team/app:1', 'team/app']
  ])('%s → %s', (reference, repository) => {
    expect(defaultRepository(reference)).toBe(repository)
  })

  it('drops the namespace of an image from the same tenancy', () => {
    expect(defaultRepository(`fra.ocir.io/${NS}/project/app:1`, NS)).toBe('project/app')
  })

  it.each([
    ['sha256:' + 'b'.repeat(64), /image ID/],
    ['0123456789ab', /image ID/],
    ['acme/app_:1', /no repository name can be derived/]
  ])('%s needs repository set', (reference, message) => {
    const error = inputError(() => defaultRepository(reference))
    expect(error.input).toBe('repository')
    expect(error.message).toMatch(message)
    expect(error.fix).toMatch(/Set repository/)
  })

  it('refuses an image reference with a control character, without quoting it', () => {
    const error = inputError(() => defaultRepository('acme/app\n::error::x'))
    expect(error.input).toBe('image')
    expect(error.message).toMatch(/control character \(U\+000A\)/)
    expect(error.message).not.toContain('::error::')
  })
})

describe('validateTag', () => {
  it.each(['latest', '1.2.3', 'v1.2.3-rc.1', '_x', 'A'.repeat(128)])('accepts %s', tag => {
    expect(validateTag(tag)).toBe(tag)
  })

  it.each([
    ['', /is empty/, /Change the tag rule/],
    ['feature/login', /only letters, digits/, /'feature-login'/],
    ['-rc', /starts with/, /'rc'/],
    ['.hidden', /starts with/, /'hidden'/],
    ['x'.repeat(129), /129 characters/, new RegExp(`'${'x'.repeat(128)}'`)],
    ['v1\r\n::error::x', /control character \(U\+000D\)/, /one line/]
  ])('refuses %j', (tag, message, fix) => {
    const error = inputError(() => validateTag(tag))
    expect(error.input).toBe('tags')
    expect(error.message).toMatch(message)
    expect(error.fix).toMatch(fix)
  })
})

describe('trimSetting', () => {
  it('returns the value alone when there is nothing to trim', () => {
    expect(trimSetting('auth-token', 'k]j64r{1sJSSF-;)K8')).toEqual({ value: 'k]j64r{1sJSSF-;)K8' })
  })

  it('never quotes the value in its notice', () => {
    const { value, notice } = trimSetting('auth-token', ' k]j64r{1sJSSF-;)K8\n')
    expect(value).toBe('k]j64r{1sJSSF-;)K8')
    expect(notice?.title).toBe('Trimmed auth-token')
    expect(notice?.message).not.toContain('k]j64r')
  })
})

describe('validateAuthToken', () => {
  const TOKEN = 'k]j64r{1sJSSF-;)K8'

  it('keeps a token as it is', () => {
    expect(validateAuthToken(TOKEN)).toEqual({ token: TOKEN, notices: [] })
  })

  it('trims a token with a notice that does not quote it', () => {
    const { token, notices } = validateAuthToken(`${TOKEN}\n`)
    expect(token).toBe(TOKEN)
    expect(notices).toHaveLength(1)
    expect(JSON.stringify(notices)).not.toContain(TOKEN)
  })

  it.each([
    ['', /is empty/, /secrets.OCIR_AUTH_TOKEN/],
    [
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----',
      /PEM key/,
      /not an API key/
    ],
    [`${TOKEN}\n${TOKEN}`, /several lines/, /one line/]
  ])('refuses %j without quoting it', (token, message, fix) => {
    const error = inputError(() => validateAuthToken(token))
    expect(error.input).toBe('auth-token')
    expect(error.message).toMatch(message)
    expect(error.fix).toMatch(fix)
    expect(`${error.message} ${error.fix}`).not.toContain(TOKEN)
  })
})
