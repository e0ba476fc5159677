import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { DockerError, RegistryError, formatError } from '../../../src/common/errors.js'
import type { FailureContext } from '../../../src/ocir/index.js'
import {
  diagnoseDockerFailure,
  diagnoseNetworkError,
  diagnoseRegistryFailure,
  redactSecrets
} from '../../../src/ocir/index.js'

const TOKEN = 'k]j64r{1sJSSF-;)K8'
const USERNAME = 'axaxnpcrorw5/jdoe@acme.com'
const context: FailureContext = {
  host: 'fra.ocir.io',
  username: USERNAME,
  namespace: 'axaxnpcrorw5',
  repository: 'project/app',
  secrets: [TOKEN]
}
const distribution = (code: string, message: string): string =>
  JSON.stringify({ errors: [{ code, message, detail: null }] })

interface Expectation {
  input: string | undefined
  message: RegExp
  fix: RegExp
}

/** What OCIR's and a distribution registry's HTTP answers look like, and what they mean. */
const registryTable: Array<[string, Parameters<typeof diagnoseRegistryFailure>[0], Expectation]> = [
  [
    'token endpoint 401',
    {
      ...context,
      phase: 'token',
      status: 401,
      message: distribution('UNAUTHORIZED', 'authentication required')
    },
    {
      input: 'auth-token',
      message: /did not accept username 'axaxnpcrorw5\/jdoe@acme.com'/,
      fix: /auth token.*console password.*oracleidentitycloudservice/
    }
  ],
  [
    'token endpoint 401 for an unqualified username',
    { ...context, username: 'jdoe@acme.com', phase: 'token', status: 401, message: '' },
    {
      input: 'username',
      message: /does not start with the namespace 'axaxnpcrorw5\/'/,
      fix: /'axaxnpcrorw5\/<user>'/
    }
  ],
  [
    'tenancy name used as namespace',
    {
      ...context,
      namespace: 'acmecorp',
      phase: 'push',
      status: 404,
      message: distribution('UNKNOWN', 'Tenant with namespace acmecorp not found')
    },
    {
      input: 'namespace',
      message: /no tenancy has the namespace 'acmecorp'/,
      fix: /Object Storage namespace.*oci os ns get.*not the tenancy name/
    }
  ],
  [
    'tenancy name in the username',
    {
      ...context,
      phase: 'login',
      status: 401,
      message: distribution('UNKNOWN', 'Tenant with namespace AcmeCorp not found')
    },
    { input: 'username', message: /'AcmeCorp' \(from the username\)/, fix: /Write username as/ }
  ],
  [
    'console password instead of auth token',
    {
      ...context,
      phase: 'push',
      status: 403,
      message: distribution(
        'DENIED',
        'Anonymous users are only allowed read access on public repos'
      )
    },
    {
      input: 'auth-token',
      message: /as anonymous/,
      fix: /auth token.*log in to exactly 'fra.ocir.io'/
    }
  ],
  [
    'IAM policy missing',
    {
      ...context,
      phase: 'push',
      status: 403,
      message: distribution(
        'DENIED',
        'User UserId(ocid1.user.oc1..aaaaaaaar6jyoqubdoots7hztl27bv57xlykoyswbqnlhz6z3cwyaeenspfa) cannot UploadDockerLayer on resource wedoinfra/wedodevops/mspayment'
      )
    },
    {
      input: 'repository',
      message: /may not UploadDockerLayer on wedoinfra\/wedodevops\/mspayment/,
      fix: /manage repos.*root compartment/
    }
  ],
  [
    'push denied',
    {
      ...context,
      phase: 'push',
      status: 403,
      message: distribution('DENIED', 'requested access to the resource is denied')
    },
    {
      input: 'repository',
      message: /may not push to 'axaxnpcrorw5\/project\/app'/,
      fix: /use repos.*only in the root compartment.*create 'axaxnpcrorw5\/project\/app' first/
    }
  ],
  [
    'repository missing',
    {
      ...context,
      phase: 'push',
      status: 404,
      message: distribution('NAME_UNKNOWN', 'repository name not known to registry')
    },
    {
      input: 'repository',
      message: /does not exist and was not created/,
      fix: /Create repository.*first push/
    }
  ],
  [
    'code given by the caller, no body',
    { ...context, phase: 'push', status: 404, code: 'name_unknown' },
    { input: 'repository', message: /does not exist/, fix: /Create repository/ }
  ],
  [
    'manifest refused',
    {
      ...context,
      phase: 'push',
      status: 400,
      message: distribution('MANIFEST_INVALID', 'manifest invalid')
    },
    { input: 'image', message: /refused the image manifest/, fix: /OCI manifests and indexes/ }
  ],
  [
    'tag refused',
    {
      ...context,
      phase: 'push',
      status: 400,
      message: distribution('TAG_INVALID', 'manifest tag did not match URI')
    },
    { input: 'tags', message: /refused a tag/, fix: /change the tag rule/ }
  ],
  [
    'layer lost',
    {
      ...context,
      phase: 'push',
      status: 400,
      message: distribution('BLOB_UNKNOWN', 'blob unknown to registry')
    },
    { input: undefined, message: /layer upload was lost/, fix: /Run again/ }
  ],
  [
    'throttled after the retry budget',
    {
      ...context,
      phase: 'push',
      status: 429,
      attempts: 5,
      message: distribution('TOOMANYREQUESTS', 'Too Many Requests')
    },
    {
      input: undefined,
      message: /kept throttling requests after 5 attempts/,
      fix: /fewer images at the same time/
    }
  ],
  [
    'server errors',
    {
      ...context,
      phase: 'push',
      status: 503,
      attempts: 4,
      message: '<html><body>Service Unavailable</body></html>'
    },
    { input: undefined, message: /server errors after 4 attempts/, fix: /ocistatus/ }
  ],
  [
    'something unforeseen',
    { ...context, phase: 'pull', status: 418, message: "I'm a teapot" },
    {
      input: undefined,
      message: /^Reading fra.ocir.io\/axaxnpcrorw5\/project\/app failed \(HTTP 418\)$/,
      fix: /debug logging/
    }
  ]
]

/** Docker CLI output, as the engine prints it (the first ones recorded from the test bed). */
const dockerTable: Array<[string, string, string, Expectation]> = [
  [
    'login',
    'Error response from daemon: Get "http://127.0.0.1:43667/v2/": unauthorized: authentication failed',
    'bearer registry, wrong token',
    {
      input: 'auth-token',
      message: /^Logging in to fra.ocir.io failed: .*did not accept/,
      fix: /Auth tokens/
    }
  ],
  [
    'login',
    'Error response from daemon: login attempt to http://127.0.0.1:38829/v2/ failed with status: 401 Unauthorized',
    'basic registry, wrong token',
    { input: 'auth-token', message: /did not accept/, fix: /auth token/ }
  ],
  [
    'login',
    'Error response from daemon: Get "https://fra.ocir.io/v2/": unauthorized: authentication required',
    'OCIR, wrong token',
    { input: 'auth-token', message: /did not accept/, fix: /console password/ }
  ],
  [
    'push',
    'An image does not exist locally with the tag: 127.0.0.1:43667/demo/nothere',
    'push of a missing tag',
    {
      input: 'image',
      message: /'127.0.0.1:43667\/demo\/nothere' is not in the local Docker engine/,
      fix: /docker images/
    }
  ],
  [
    'tag',
    'Error response from daemon: No such image: nothere:1',
    'tag of a missing image',
    { input: 'image', message: /'nothere:1' is not in the local/, fix: /Build or pull/ }
  ],
  [
    'image inspect',
    'Error response from daemon: no such image: nothere:1: No such image: nothere:1',
    'inspect of a missing image',
    { input: 'image', message: /'nothere:1/, fix: /Build or pull/ }
  ],
  [
    'login',
    'Error response from daemon: Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused',
    'nothing listening',
    {
      input: 'region',
      message: /nothing accepts connections at 'fra.ocir.io'/,
      fix: /host and port in region/
    }
  ],
  [
    'login',
    'Error response from daemon: Get "https://frx.ocir.io/v2/": dial tcp: lookup frx.ocir.io on 10.255.255.53:53: no such host',
    'DNS',
    { input: 'region', message: /cannot be resolved \(DNS\)/, fix: /Check region/ }
  ],
  [
    'push',
    'Cannot connect to the Docker daemon at unix:///tmp/nothing.sock. Is the docker daemon running?',
    'engine not running',
    {
      input: undefined,
      message: /installed but its engine is not running/,
      fix: /Start the Docker engine.*'oci:<dir>'.*'docker-archive:<file>'.*without Docker/
    }
  ],
  [
    'push',
    'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.24/version": dial unix /var/run/docker.sock: connect: permission denied',
    'socket not accessible',
    { input: undefined, message: /may not use its engine/, fix: /'docker' group/ }
  ],
  [
    'tag',
    'invalid reference format: repository name (Ref) must be lowercase',
    'malformed reference',
    { input: 'image', message: /malformed/, fix: /lower case/ }
  ],
  [
    'push',
    'The push refers to repository [127.0.0.1:43667/demo/app]\n84ff92691f90: Preparing\nunauthorized: anonymous access is not allowed',
    'push without login',
    { input: 'auth-token', message: /as anonymous/, fix: /log in to exactly/ }
  ],
  [
    'push',
    'The push refers to repository [fra.ocir.io/axaxnpcrorw5/project/app]\n5f70bf18a086: Preparing\n5f70bf18a086: Waiting\ndenied: Anonymous users are only allowed read access on public repos',
    'OCIR, console password',
    {
      input: 'auth-token',
      message: /^Pushing to fra.ocir.io\/axaxnpcrorw5\/project\/app failed: .*anonymous/,
      fix: /auth token/
    }
  ],
  [
    'push',
    'The push refers to repository [fra.ocir.io/acmecorp/project/app]\nunknown: Tenant with namespace acmecorp not found',
    'OCIR, tenancy name',
    { input: 'username', message: /'acmecorp'/, fix: /Object Storage namespace/ }
  ],
  [
    'push',
    'denied: User UserId(ocid1.user.oc1..aaaaaaaar6jyoqubdoots7hztl27bv57xlykoyswbqnlhz6z3cwyaeenspfa) cannot UploadDockerLayer on resource wedoinfra/wedodevops/mspayment',
    'OCIR, IAM',
    { input: 'repository', message: /UploadDockerLayer/, fix: /manage repos/ }
  ],
  [
    'push',
    'denied: requested access to the resource is denied',
    'push denied',
    { input: 'repository', message: /may not push/, fix: /root compartment/ }
  ],
  [
    'push',
    'name unknown: repository name not known to registry',
    'missing repository',
    { input: 'repository', message: /does not exist/, fix: /Create repository/ }
  ],
  [
    'push',
    'manifest invalid: manifest invalid',
    'manifest refused',
    { input: 'image', message: /manifest/, fix: /rebuild/ }
  ],
  [
    'push',
    'toomanyrequests: Too Many Requests',
    'throttled',
    { input: undefined, message: /throttling/, fix: /Run again in a few minutes/ }
  ],
  [
    'push',
    'received unexpected HTTP status: 502 Bad Gateway',
    'server error',
    { input: undefined, message: /server errors/, fix: /ocistatus/ }
  ],
  [
    'login',
    'Error response from daemon: Get "https://fra.ocir.io/v2/": x509: certificate signed by unknown authority',
    'TLS interception',
    {
      input: 'region',
      message: /TLS connection to 'fra.ocir.io' failed/,
      fix: /NODE_EXTRA_CA_CERTS.*certs.d\/fra.ocir.io/
    }
  ],
  [
    'login',
    'Error response from daemon: Get "https://10.0.0.5:5000/v2/": http: server gave HTTP response to HTTPS client',
    'plain HTTP registry',
    { input: 'registry', message: /plain HTTP/, fix: /loopback/ }
  ],
  [
    'login',
    'Error response from daemon: Get "https://fra.ocir.io/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
    'timeout',
    { input: undefined, message: /did not answer in time/, fix: /HTTPS_PROXY/ }
  ],
  [
    'push',
    'Put "https://fra.ocir.io/v2/axaxnpcrorw5/project/app/blobs/uploads/x": write tcp 10.0.0.2:51234->1.2.3.4:443: write: connection reset by peer',
    'connection cut',
    { input: undefined, message: /was cut/, fix: /Run again/ }
  ],
  [
    'login',
    'Error saving credentials: open /home/runner/.docker/config.json1234: permission denied',
    'config not writable',
    { input: undefined, message: /could not store the login/, fix: /DOCKER_CONFIG/ }
  ],
  [
    'logout',
    'Error: something nobody has seen before',
    'unknown',
    { input: undefined, message: /^docker logout failed$/, fix: /below/ }
  ]
]

function expectDiagnosis(
  error: RegistryError | DockerError,
  expected: Expectation,
  words: string
): void {
  expect(error.input).toBe(expected.input)
  expect(error.message).toMatch(expected.message)
  expect(error.fix).toMatch(expected.fix)
  // The other side's words, when it said any, are kept as the detail.
  expect(Boolean(error.detail)).toBe(words !== '')
  expect(formatError(error)).not.toContain(TOKEN)
}

describe('diagnoseRegistryFailure', () => {
  it.each(registryTable)('%s', (_case, failure, expected) => {
    const error = diagnoseRegistryFailure(failure)
    expect(error).toBeInstanceOf(RegistryError)
    expect(error.status).toBe(failure.status)
    expectDiagnosis(error, expected, failure.message ?? '')
  })

  it('keeps the registry words in detail, codes first', () => {
    const error = diagnoseRegistryFailure({
      ...context,
      phase: 'push',
      status: 403,
      message: distribution('DENIED', 'requested access to the resource is denied')
    })
    expect(error.code).toBe('DENIED')
    expect(error.detail).toBe('DENIED: requested access to the resource is denied')
  })
})

describe('diagnoseDockerFailure', () => {
  it.each(dockerTable)('docker %s: %s (%s)', (command, stderr, _case, expected) => {
    const error = diagnoseDockerFailure({ ...context, command, stderr, exitCode: 1 })
    expect(error).toBeInstanceOf(DockerError)
    expectDiagnosis(error, expected, stderr)
  })

  it('says Docker is not installed when it cannot be started', () => {
    const error = diagnoseDockerFailure({
      ...context,
      command: 'push',
      stderr: '',
      spawnErrorCode: 'ENOENT'
    })
    expect(error.message).toMatch(/not installed/)
    expect(error.fix).toMatch(/oci:<dir>/)
    expect(error.detail).toBeUndefined()
  })

  it.each([
    [
      'an engine that is not reachable at DOCKER_HOST',
      {
        reason: 'daemon-unreachable',
        dockerHost: 'tcp://10.0.0.9:2375',
        stderr: 'error during connect'
      },
      /engine is not running at tcp:\/\/10\.0\.0\.9:2375/,
      /Start the Docker engine.*'oci:<dir>'/
    ],
    [
      'docker that cannot be started',
      { reason: 'failed', spawnErrorCode: 'EACCES', stderr: '' },
      /could not be started \(EACCES\)/,
      /can be run by this user/
    ],
    [
      'a push that names no digest',
      { reason: 'no-digest', stderr: 'latest: pushed' },
      /without reporting the digest/,
      /supported version/
    ]
  ] as const)('words the typed cause: %s', (_case, failure, message, fix) => {
    const error = diagnoseDockerFailure({ ...context, command: 'push', ...failure })
    expect(error).toBeInstanceOf(DockerError)
    expect(error.message).toMatch(message)
    expect(error.fix).toMatch(fix)
  })

  it('names registry as the input when the host came from it', () => {
    const error = diagnoseDockerFailure({
      ...context,
      hostInput: 'registry',
      command: 'login',
      stderr: 'dial tcp: lookup frx.ocir.io: no such host'
    })
    expect(error.input).toBe('registry')
    expect(error.fix).toMatch(/Check registry/)
  })

  it('leaves layer progress out of the detail', () => {
    const error = diagnoseDockerFailure({
      ...context,
      command: 'push',
      stderr:
        'The push refers to repository [x]\n5f70bf18a086: Preparing\n5f70bf18a086: Pushed\ndenied: nope\n'
    })
    expect(error.detail).toBe('denied: nope')
  })
})

describe('secrets', () => {
  const basic = Buffer.from(`${USERNAME}:${TOKEN}`).toString('base64')
  const leaky = `token ${TOKEN} in a URL ${encodeURIComponent(TOKEN)} and a header Basic ${basic}`

  it.each([
    [
      'registry',
      () => diagnoseRegistryFailure({ ...context, phase: 'token', status: 401, message: leaky })
    ],
    [
      'docker',
      () =>
        diagnoseDockerFailure({ ...context, command: 'login', stderr: `unauthorized: ${leaky}` })
    ],
    [
      'network',
      () => diagnoseNetworkError(new Error(`connect ECONNREFUSED ${leaky}`), 'fra.ocir.io', context)
    ]
  ])('never come out of a %s diagnosis, in any form', (_source, diagnose) => {
    const error = diagnose()
    const everything = [error.message, error.fix, error.detail, formatError(error)].join('\n')
    for (const form of [
      TOKEN,
      encodeURIComponent(TOKEN),
      basic,
      Buffer.from(TOKEN).toString('base64')
    ]) {
      expect(everything).not.toContain(form)
    }
    expect(error.detail).toContain('***')
  })

  it('are removed even from the names in a message', () => {
    const error = diagnoseRegistryFailure({
      ...context,
      username: `axaxnpcrorw5/${TOKEN}`,
      phase: 'token',
      status: 401
    })
    expect(error.message).not.toContain(TOKEN)
  })

  it('redactSecrets leaves text without secrets alone', () => {
    expect(redactSecrets('nothing to hide', { secrets: [TOKEN, ''] })).toBe('nothing to hide')
  })
})

describe('diagnoseNetworkError', () => {
  async function fetchError(url: string): Promise<unknown> {
    try {
      await fetch(url, { signal: AbortSignal.timeout(5000) })
    } catch (error) {
      return error
    }
    throw new Error(`fetch ${url} succeeded`)
  }

  async function withServer<T>(run: (port: number) => Promise<T>): Promise<T> {
    const server = createServer((_req, res) => res.end('plain http'))
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    try {
      return await run((server.address() as AddressInfo).port)
    } finally {
      await new Promise(resolve => server.close(resolve))
    }
  }

  it('recognises a refused connection (a real one, on loopback)', async () => {
    const port = await withServer(async p => p)
    const error = diagnoseNetworkError(
      await fetchError(`http://127.0.0.1:${port}/v2/`),
      `127.0.0.1:${port}`,
      {
        hostInput: 'registry'
      }
    )
    expect(error.input).toBe('registry')
    expect(error.message).toBe(`nothing accepts connections at '127.0.0.1:${port}'`)
    expect(error.detail).toMatch(/ECONNREFUSED/)
    expect(error.cause).toBeDefined()
  })

  it('recognises HTTPS spoken to a plain HTTP server (a real one, on loopback)', async () => {
    const error = await withServer(async port =>
      diagnoseNetworkError(await fetchError(`https://127.0.0.1:${port}/v2/`), `127.0.0.1:${port}`)
    )
    expect(error.input).toBe('registry')
    expect(error.message).toMatch(/plain HTTP/)
  })

  it.each([
    [
      'DNS',
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('getaddrinfo ENOTFOUND frx.ocir.io'), { code: 'ENOTFOUND' })
      }),
      'region',
      /cannot be resolved/
    ],
    [
      'untrusted certificate',
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('self-signed certificate in certificate chain'), {
          code: 'SELF_SIGNED_CERT_IN_CHAIN'
        })
      }),
      'region',
      /TLS connection/
    ],
    [
      'timeout',
      new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      undefined,
      /did not answer in time/
    ],
    [
      'reset',
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })
      }),
      undefined,
      /was cut/
    ],
    [
      'unknown',
      new TypeError('fetch failed', { cause: new Error('bad port') }),
      'region',
      /could not be reached/
    ]
  ])('%s', (_case, cause, input, message) => {
    const error = diagnoseNetworkError(cause, 'fra.ocir.io')
    expect(error.input).toBe(input)
    expect(error.message).toMatch(message)
    expect(error.fix).toBeTruthy()
  })
})

describe('a refused certificate', () => {
  const cause = Object.assign(new Error('unable to verify the first certificate'), {
    code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
  })

  it.each([
    [
      'unknown-issuer',
      'SELF_SIGNED_CERT_IN_CHAIN',
      /signed by a certificate authority this machine does not trust/,
      /NODE_EXTRA_CA_CERTS=<path to the CA's PEM>.*runner's trust store.*certs\.d\/registry\.example\.com:5443\/ca\.crt/,
      undefined
    ],
    [
      'self-signed',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      /is self-signed/,
      /NODE_EXTRA_CA_CERTS=<path to the CA's PEM> \(for a self-signed certificate, the certificate itself\)/,
      undefined
    ],
    ['expired', 'CERT_HAS_EXPIRED', /has expired/, /clock.*renew/, undefined],
    ['not-yet-valid', 'CERT_NOT_YET_VALID', /not valid yet/, /clock/, undefined],
    [
      'wrong-host',
      'ERR_TLS_CERT_ALTNAME_INVALID',
      /not made out to that host name/,
      /host name the certificate is made out to in registry/,
      'registry'
    ],
    ['revoked', 'CERT_REVOKED', /revoked/, /replace its certificate/, undefined],
    ['invalid', 'INVALID_CA', /does not pass verification/, /replace its certificate/, undefined]
  ] as const)('%s (%s)', (problem, code, message, fix, input) => {
    const host = 'registry.example.com:5443'
    const error = diagnoseNetworkError(
      cause,
      host,
      { hostInput: 'registry', secrets: [TOKEN] },
      { code, certificate: { host, problem, code } }
    )
    expect(error.message).toMatch(new RegExp(`^the certificate of '${host}' is not trusted: `))
    expect(error.message).toMatch(message)
    expect(error.message).toContain(`(${code})`)
    expect(error.fix).toMatch(fix)
    expect(error.input).toBe(input)
    // Only a problem with this machine's trust names the variable that fixes it.
    expect(error.fix.includes('NODE_EXTRA_CA_CERTS')).toBe(
      problem === 'unknown-issuer' || problem === 'self-signed'
    )
    expect(error.detail).toContain('unable to verify the first certificate')
  })

  it("names the host that presented it (a token realm's), not the registry's", () => {
    const error = diagnoseNetworkError(
      cause,
      'fra.ocir.io',
      {},
      {
        code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
        certificate: {
          host: 'auth.example.com',
          problem: 'unknown-issuer',
          code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
        }
      }
    )
    expect(error.message).toMatch(/^the certificate of 'auth\.example\.com' is not trusted/)
    expect(error.fix).toContain("If 'auth.example.com' uses a private CA")
  })

  it('renders as one message, its fix and Node’s words, without a stack', () => {
    const error = diagnoseNetworkError(
      cause,
      '127.0.0.1:5443',
      {},
      {
        code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
        certificate: {
          host: '127.0.0.1:5443',
          problem: 'unknown-issuer',
          code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
        }
      }
    )
    const lines = formatError(error).split('\n')
    expect(lines[0]).toMatch(/^the certificate of '127\.0\.0\.1:5443' is not trusted/)
    expect(lines[1]).toMatch(/^Fix: .*NODE_EXTRA_CA_CERTS=/)
    expect(lines.slice(2).join('\n')).not.toMatch(/\n\s+at /)
  })
})
