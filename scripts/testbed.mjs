// The integration test bed: a real Docker engine, a Basic-auth registry (also over HTTPS, with
// a throwaway CA) and an OCIR-style Bearer-token registry with its token issuer, all on
// loopback, all in one temporary directory, all stopped by PID. Used by scripts/test.mjs, the benchmarks, and by hand:
//   node scripts/testbed.mjs start     (prints `export …` lines, runs until Ctrl-C)
import { spawn, spawnSync } from 'node:child_process'
import {
  createHash,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  sign,
  X509Certificate
} from 'node:crypto'
import {
  closeSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { request, createServer } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { connect, createServer as createNetServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { startOciFakes } from './oci-fakes.mjs'
import { startOidcFakes } from './oidc-fakes.mjs'

/** The one account both registries accept. The token has shell characters on purpose. */
export const TESTBED_USERNAME = 'demo/alice@example.com'
export const TESTBED_TOKEN = 'k]j64r{1sJSSF-;)K8'

/** Where OCIR serves its token endpoint; the bed's issuer uses the same path. */
export const TOKEN_PATH = '/20180419/docker/token'
/** The `iss` of the bed's registry tokens; the Bearer registries trust no other. */
export const TOKEN_ISSUER = 'ocir-testbed-token-issuer'
/** How long the bed's registry tokens (and the OCI fakes') are valid. */
export const TOKEN_LIFETIME_SECONDS = 300

/** The API key's owner, as the OCI fakes know it; the key pair is made per bed. */
export const TESTBED_TENANCY_OCID = 'ocid1.tenancy.oc1..aaaaaaaatestbedtenancy'
export const TESTBED_USER_OCID = 'ocid1.user.oc1..aaaaaaaatestbeduser'
export const TESTBED_NAMESPACE = 'axaxnpcrorw5'

/** Each tool the bed runs, and the Debian package that provides it. */
const TOOLS = {
  dockerd: 'docker.io',
  docker: 'docker.io',
  'docker-registry': 'docker-registry',
  htpasswd: 'apache2-utils',
  openssl: 'openssl',
  skopeo: 'skopeo',
  tinyproxy: 'tinyproxy'
}
// dockerd lives in sbin, which a non-login PATH may lack.
const EXTRA_PATH = ['/usr/local/sbin', '/usr/sbin', '/sbin']
const READY_TIMEOUT_MS = 30_000
const UNIX_SOCKET_PATH_MAX = 107

/**
 * Starts the bed. Resolves to `{ env, dir, stop }`: `env` holds the OCIR_TESTBED_* variables
 * that tests read, `stop()` ends every process and removes the directory (kept when
 * OCIR_TESTBED_KEEP=1, for reading the logs).
 */
export async function startTestbed({ dir, log = defaultLog } = {}) {
  const tools = ensureTools(log)
  const bedDir = dir ? resolve(dir) : mkdtempSync(join(tmpdir(), 'ocir-testbed-'))
  mkdirSync(bedDir, { recursive: true })
  const socketPath = join(bedDir, 'docker.sock')
  if (socketPath.length > UNIX_SOCKET_PATH_MAX) {
    throw new Error(
      `test bed dir is too long for a unix socket path (${socketPath}); use a shorter one`
    )
  }
  const bed = new Bed(bedDir, tools, log)
  try {
    const [dockerHost, basicRegistry, bearer, proxy, apiKey, tls] = await Promise.all([
      bed.startDockerd(socketPath),
      bed.startBasicRegistry(),
      bed.startBearerRegistry(),
      bed.startProxy(),
      bed.startApiKeyRegistry(),
      bed.startTlsRegistry()
    ])
    const env = {
      OCIR_TESTBED_DOCKER_HOST: dockerHost,
      OCIR_TESTBED_BASIC_REGISTRY: basicRegistry,
      OCIR_TESTBED_BEARER_REGISTRY: bearer.registry,
      OCIR_TESTBED_TOKEN_REALM: bearer.realm,
      OCIR_TESTBED_USERNAME: TESTBED_USERNAME,
      OCIR_TESTBED_TOKEN: TESTBED_TOKEN,
      OCIR_TESTBED_PROXY: proxy.url,
      OCIR_TESTBED_PROXY_LOG: proxy.logFile,
      OCIR_TESTBED_DIR: bedDir,
      OCIR_TESTBED_API_KEY_REGISTRY: apiKey.registry,
      OCIR_TESTBED_OCI_TENANCY: TESTBED_TENANCY_OCID,
      OCIR_TESTBED_OCI_USER: TESTBED_USER_OCID,
      OCIR_TESTBED_OCI_FINGERPRINT: apiKey.fingerprint,
      OCIR_TESTBED_OCI_KEY_FILE: apiKey.keyFile,
      OCIR_TESTBED_OCI_NAMESPACE: TESTBED_NAMESPACE,
      OCIR_TESTBED_OCI_ARTIFACTS: apiKey.fakes.artifactsUrl,
      OCIR_TESTBED_OCI_OBJECTSTORAGE: apiKey.fakes.objectStorageUrl,
      OCIR_TESTBED_OIDC_REQUEST_URL: apiKey.oidc.requestUrl,
      OCIR_TESTBED_OIDC_REQUEST_TOKEN: apiKey.oidc.requestToken,
      OCIR_TESTBED_OIDC_DOMAIN: apiKey.oidc.domainUrl,
      OCIR_TESTBED_OIDC_CLIENT_ID: apiKey.oidc.clientId,
      OCIR_TESTBED_OIDC_CLIENT_SECRET: apiKey.oidc.clientSecret,
      OCIR_TESTBED_OIDC_USER: apiKey.oidc.userOcid,
      OCIR_TESTBED_TLS_REGISTRY: tls.registry,
      OCIR_TESTBED_TLS_CA: tls.caFile
    }
    return { env, dir: bedDir, stop: () => bed.stop() }
  } catch (error) {
    await bed.stop()
    throw error
  }
}

function defaultLog(message) {
  process.stderr.write(`testbed: ${message}\n`)
}

class Bed {
  constructor(dir, tools, log) {
    this.dir = dir
    this.tools = tools
    this.log = log
    /** Running services: { name, child, logFile, exited, graceMs, pidFiles } */
    this.services = []
    this.servers = []
    /** In-process OCI fakes, closed with the servers. */
    this.fakes = []
    this.stopping = undefined
    this.onExit = () => this.killNow()
    process.on('exit', this.onExit)
  }

  path(...parts) {
    return join(this.dir, ...parts)
  }

  /** Spawns a long-running service in its own process group with its output in a log file. */
  spawnService(name, command, args, { graceMs = 3_000, pidFiles = [] } = {}) {
    const logFile = this.path(`${name}.log`)
    const fd = openSync(logFile, 'a')
    const child = spawn(command, args, { stdio: ['ignore', fd, fd], detached: true })
    closeSync(fd)
    const service = { name, child, logFile, graceMs, pidFiles, exitCode: undefined }
    service.exited = new Promise(resolveExit => {
      child.on('exit', (code, signal) => {
        service.exitCode = code ?? signal
        resolveExit()
      })
      child.on('error', error => {
        service.exitCode = error.message
        resolveExit()
      })
    })
    this.services.push(service)
    return service
  }

  async startDockerd(socketPath) {
    const daemonConfig = this.path('daemon.json')
    // An own (empty) config file keeps the host's /etc/docker/daemon.json out of the bed.
    writeFileSync(daemonConfig, '{}\n')
    const args = [
      '--config-file',
      daemonConfig,
      '--iptables=false',
      '--ip6tables=false',
      '--bridge=none',
      '--storage-driver=vfs',
      '--data-root',
      this.path('docker-root'),
      '--exec-root',
      this.path('docker-exec'),
      '--pidfile',
      this.path('docker.pid'),
      '-H',
      `unix://${socketPath}`
    ]
    const service = this.spawnService('dockerd', this.tools.dockerd, args, {
      graceMs: 15_000,
      pidFiles: [this.path('docker-exec', 'containerd', 'containerd.pid')]
    })
    await this.waitUntil(service, () => dockerPing(socketPath))
    this.log(`dockerd ready at unix://${socketPath}`)
    return `unix://${socketPath}`
  }

  /** The htpasswd file of the one account, made once: the Basic and the TLS registry share it. */
  htpasswdFile() {
    if (this.htpasswd) return this.htpasswd
    const htpasswdFile = this.path('htpasswd')
    // -i reads the password from stdin: the token never appears in a process list.
    const htpasswd = spawnSync(this.tools.htpasswd, ['-niB', TESTBED_USERNAME], {
      input: TESTBED_TOKEN,
      encoding: 'utf8'
    })
    if (htpasswd.status !== 0) throw new Error(`htpasswd failed: ${htpasswd.stderr}`)
    writeFileSync(htpasswdFile, htpasswd.stdout)
    this.htpasswd = htpasswdFile
    return htpasswdFile
  }

  basicAuthLines() {
    return ['  htpasswd:', '    realm: ocir-testbed', `    path: ${this.htpasswdFile()}`]
  }

  async startBasicRegistry() {
    const port = await freePort()
    const address = await this.startRegistry('registry-basic', port, this.basicAuthLines())
    this.log(`Basic-auth registry ready at ${address}`)
    return address
  }

  /**
   * The Basic registry's twin over HTTPS, as OCIR only speaks it: its certificate (for IP
   * 127.0.0.1 and localhost) is signed by a CA made here and trusted by nothing on the machine,
   * so a client trusts it only when told to (NODE_EXTRA_CA_CERTS=<caFile>).
   */
  async startTlsRegistry() {
    const tls = this.tlsCertificates()
    const port = await freePort()
    const registry = await this.startRegistry('registry-tls', port, this.basicAuthLines(), tls)
    this.log(`TLS registry (Basic auth) ready at https://${registry}, CA ${tls.caFile}`)
    return { registry, caFile: tls.caFile }
  }

  /** A throwaway CA and a server certificate it signs, valid for two days. */
  tlsCertificates() {
    const [caKey, caFile, key, request, certificate, extensions] = [
      'tls-ca-key.pem',
      'tls-ca.pem',
      'tls-server-key.pem',
      'tls-server.csr',
      'tls-server-cert.pem',
      'tls-server.ext'
    ].map(name => this.path(name))
    writeFileSync(
      extensions,
      [
        'subjectAltName = IP:127.0.0.1, DNS:localhost',
        'basicConstraints = critical, CA:FALSE',
        'keyUsage = critical, digitalSignature, keyEncipherment',
        'extendedKeyUsage = serverAuth',
        ''
      ].join('\n')
    )
    const serial = `0x${randomBytes(8).toString('hex')}`
    const commands = [
      // prettier-ignore
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
        '-subj', '/CN=ocir-testbed throwaway CA', '-keyout', caKey, '-out', caFile,
        '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
      // prettier-ignore
      ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1',
        '-keyout', key, '-out', request],
      // `x509 -req -extfile` rather than `req -CA`: OpenSSL 1.1 has only the former.
      // prettier-ignore
      ['x509', '-req', '-in', request, '-CA', caFile, '-CAkey', caKey, '-set_serial', serial,
        '-days', '2', '-extfile', extensions, '-out', certificate]
    ]
    for (const args of commands) {
      const openssl = spawnSync(this.tools.openssl, args, { encoding: 'utf8' })
      if (openssl.status !== 0) {
        throw new Error(`openssl could not make the TLS registry's certificates: ${openssl.stderr}`)
      }
    }
    return { caFile, certificate, key }
  }

  /**
   * The token issuer's key and self-signed certificate, made once: every Bearer registry of
   * the bed trusts it (its `rootcertbundle`), whichever issuer signs the tokens.
   */
  tokenCertificate() {
    if (this.certificate) return this.certificate
    const keyFile = this.path('token-key.pem')
    const certFile = this.path('token-cert.pem')
    const openssl = spawnSync(
      this.tools.openssl,
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        `/CN=${TOKEN_ISSUER}`,
        '-keyout',
        keyFile,
        '-out',
        certFile
      ],
      { encoding: 'utf8' }
    )
    if (openssl.status !== 0)
      throw new Error(`openssl could not make the token certificate: ${openssl.stderr}`)
    this.certificate = {
      certFile,
      key: readFileSync(keyFile, 'utf8'),
      cert: readFileSync(certFile, 'utf8')
    }
    return this.certificate
  }

  async startBearerRegistry() {
    const { certFile, key, cert } = this.tokenCertificate()
    const port = await freePort()
    const service = `127.0.0.1:${port}`
    const issuer = await startTokenIssuer({
      key,
      cert,
      service,
      logFile: this.path('token-issuer.log')
    })
    this.servers.push(issuer.server)
    const auth = [
      '  token:',
      `    realm: ${issuer.realm}`,
      `    service: ${service}`,
      `    issuer: ${TOKEN_ISSUER}`,
      `    rootcertbundle: ${certFile}`
    ]
    const registry = await this.startRegistry('registry-bearer', port, auth)
    this.log(`Bearer-token registry ready at ${registry}, token realm ${issuer.realm}`)
    return { registry, realm: issuer.realm }
  }

  /**
   * A Bearer registry like the other, whose realm is the OCI fakes' token endpoint: tokens by
   * OCI-signed requests (an API key, or a session token from the OIDC fakes' identity domain),
   * or by Basic `BEARER_TOKEN:<token>` as Docker logs in. The fakes sign with the bed's token
   * key, so the registry trusts them the same way.
   */
  async startApiKeyRegistry() {
    const { certFile, key, cert } = this.tokenCertificate()
    const apiKey = writeApiKey(this.path('oci-api-key.pem'))
    const oidc = await startOidcFakes({ tenancyOcid: TESTBED_TENANCY_OCID })
    this.fakes.push(oidc)
    const fakes = await startOciFakes({
      publicKeyPem: apiKey.publicKeyPem,
      keyId: `${TESTBED_TENANCY_OCID}/${TESTBED_USER_OCID}/${apiKey.fingerprint}`,
      namespace: TESTBED_NAMESPACE,
      tokenIssuer: { key, cert, issuer: TOKEN_ISSUER },
      sessionTokenKey: oidc.sessionTokenKey
    })
    this.fakes.push(fakes)
    const port = await freePort()
    const auth = [
      '  token:',
      `    realm: ${fakes.tokenRealm}`,
      `    service: 127.0.0.1:${port}`,
      `    issuer: ${TOKEN_ISSUER}`,
      `    rootcertbundle: ${certFile}`
    ]
    const registry = await this.startRegistry('registry-api-key', port, auth)
    this.log(
      `API-key registry ready at ${registry}, token realm ${fakes.tokenRealm} (OCI fakes; ` +
        `identity domain ${oidc.domainUrl})`
    )
    return { registry, fakes, oidc, keyFile: apiKey.keyFile, fingerprint: apiKey.fingerprint }
  }

  /** `tls`: `{ certificate, key, caFile }` serves HTTPS (the readiness check trusts `caFile`). */
  async startRegistry(name, port, authLines, tls) {
    const configFile = this.path(`${name}.yml`)
    const storage = this.path(`${name}-storage`)
    writeFileSync(
      configFile,
      [
        'version: 0.1',
        'log:',
        '  level: info',
        '  formatter: text',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${storage}`,
        '  delete:',
        '    enabled: true',
        '  maintenance:',
        '    uploadpurging:',
        '      enabled: false',
        'http:',
        `  addr: 127.0.0.1:${port}`,
        `  secret: ${randomBytes(16).toString('hex')}`,
        ...(tls ? ['  tls:', `    certificate: ${tls.certificate}`, `    key: ${tls.key}`] : []),
        'auth:',
        ...authLines,
        ''
      ].join('\n')
    )
    const service = this.spawnService(name, this.tools['docker-registry'], ['serve', configFile])
    const address = `127.0.0.1:${port}`
    const url = `${tls ? 'https' : 'http'}://${address}/v2/`
    const ca = tls ? readFileSync(tls.caFile) : undefined
    await this.waitUntil(service, async () => (await httpStatus(url, { ca })) === 401)
    return address
  }

  /**
   * A real forward proxy (tinyproxy), in the foreground with its own config. Its log lists
   * every request it carried: proof that a client went through it. No ConnectPort line, so
   * CONNECT is allowed to any port (the bed's servers are on high ones).
   */
  async startProxy() {
    const port = await freePort()
    const configFile = this.path('tinyproxy.conf')
    const logFile = this.path('tinyproxy-requests.log')
    writeFileSync(
      configFile,
      [
        `Port ${port}`,
        'Listen 127.0.0.1',
        'Allow 127.0.0.1',
        `LogFile "${logFile}"`,
        'LogLevel Connect',
        'DisableViaHeader Yes',
        ''
      ].join('\n')
    )
    const service = this.spawnService('tinyproxy', this.tools.tinyproxy, ['-d', '-c', configFile])
    await this.waitUntil(service, () => portOpen(port))
    const url = `http://127.0.0.1:${port}`
    this.log(`proxy (tinyproxy) ready at ${url}`)
    return { url, logFile }
  }

  /** Polls `ready` until it is true; fails with the service's log tail when it exits or times out. */
  async waitUntil(service, ready) {
    const deadline = Date.now() + READY_TIMEOUT_MS
    while (Date.now() < deadline) {
      if (service.exitCode !== undefined) {
        throw new Error(
          `${service.name} exited (${service.exitCode}) during start-up:\n${tail(service.logFile)}`
        )
      }
      if (await ready().catch(() => false)) return
      await sleep(50)
    }
    throw new Error(
      `${service.name} not ready after ${READY_TIMEOUT_MS} ms:\n${tail(service.logFile)}`
    )
  }

  stop() {
    this.stopping ??= this.stopAll()
    return this.stopping
  }

  async stopAll() {
    await Promise.all(this.services.map(service => stopService(service)))
    await Promise.all(this.fakes.map(fakes => fakes.close()))
    await Promise.all(
      this.servers.map(
        server =>
          new Promise(done => {
            server.closeAllConnections()
            server.close(() => done())
          })
      )
    )
    this.cleanUp()
    process.off('exit', this.onExit)
  }

  /** Last resort when the process exits without stop(): nothing may outlive it. */
  killNow() {
    for (const service of this.services) {
      if (service.exitCode === undefined) killQuietly(service.child.pid, 'SIGKILL')
      for (const pidFile of service.pidFiles) killQuietly(readPid(pidFile), 'SIGKILL')
    }
    this.cleanUp()
  }

  cleanUp() {
    // dockerd bind-mounts its data root; it unmounts on a graceful exit, not after SIGKILL.
    for (const mount of mountsUnder(this.dir)) spawnSync('umount', ['-l', mount])
    if (process.env.OCIR_TESTBED_KEEP === '1') {
      this.log(`kept ${this.dir} (OCIR_TESTBED_KEEP=1)`)
    } else {
      rmSync(this.dir, { recursive: true, force: true })
    }
  }
}

async function stopService(service) {
  if (service.exitCode !== undefined) return
  killQuietly(service.child.pid, 'SIGTERM')
  const graceful = await Promise.race([
    service.exited.then(() => true),
    sleep(service.graceMs).then(() => false)
  ])
  if (graceful) return
  killQuietly(service.child.pid, 'SIGKILL')
  for (const pidFile of service.pidFiles) killQuietly(readPid(pidFile), 'SIGKILL')
  await service.exited
}

function killQuietly(pid, signal) {
  if (!pid) return
  try {
    process.kill(pid, signal)
  } catch {
    // Already gone.
  }
}

function readPid(file) {
  try {
    return Number.parseInt(readFileSync(file, 'utf8'), 10) || undefined
  } catch {
    return undefined
  }
}

function mountsUnder(dir) {
  try {
    return readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map(line => line.split(' ')[1])
      .filter(mount => mount && (mount === dir || mount.startsWith(`${dir}/`)))
      .reverse()
  } catch {
    return []
  }
}

function tail(file, lines = 25) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}

/**
 * Finds each tool; installs the packages of the missing ones with apt-get when that can work
 * (only those: a host whose Docker comes from elsewhere keeps it), else explains what to run.
 */
function ensureTools(log) {
  const missing = () => Object.keys(TOOLS).filter(tool => !findExecutable(tool))
  const packagesFor = tools => [...new Set(tools.map(tool => TOOLS[tool]))]
  if (missing().length > 0 && canInstall()) {
    const packages = packagesFor(missing())
    log(`missing ${missing().join(', ')}; installing: ${installCommand(packages)}`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...packages]]) {
      const result = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env })
      if (result.status !== 0) break
    }
  }
  const stillMissing = missing()
  if (stillMissing.length > 0) {
    throw new Error(
      `the integration test bed needs ${stillMissing.join(', ')}.\n` +
        `Install them as root: ${installCommand(packagesFor(stillMissing))}\n` +
        'Or run the unit tests only: OCIR_SKIP_INTEGRATION=1 npm test'
    )
  }
  if (process.getuid?.() !== 0) {
    throw new Error(
      'the integration test bed runs its own dockerd, which needs root. Run `npm test` as root, ' +
        'or the unit tests only: OCIR_SKIP_INTEGRATION=1 npm test'
    )
  }
  return Object.fromEntries(Object.keys(TOOLS).map(tool => [tool, findExecutable(tool)]))
}

function installCommand(packages) {
  return `apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')}`
}

function canInstall() {
  return (
    process.getuid?.() === 0 &&
    existsSync('/etc/debian_version') &&
    Boolean(findExecutable('apt-get'))
  )
}

function findExecutable(name) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...EXTRA_PATH].filter(Boolean)
  for (const dir of dirs) {
    const candidate = join(dir, name)
    try {
      if (statSync(candidate).isFile()) return candidate
    } catch {
      // Not in this directory.
    }
  }
  return undefined
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
function portOpen(port) {
  return new Promise(resolveOpen => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolveOpen(true)
    })
    socket.once('error', () => resolveOpen(false))
  })
}

/** A port that was free a moment ago (the registry binds it itself). */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createNetServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolvePort(port))
    })
  })
}

function httpStatus(url, { socketPath, ca } = {}) {
  const send = url.startsWith('https:') ? httpsRequest : request
  return new Promise((resolveStatus, reject) => {
    const req = send(url, { socketPath, ca, timeout: 2_000 }, res => {
      res.resume()
      resolveStatus(res.statusCode)
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end()
  })
}

async function dockerPing(socketPath) {
  return (await httpStatus('http://docker/_ping', { socketPath })) === 200
}

/**
 * OCIR's token endpoint, in process: Basic `username:token` in, a JWT the registry trusts out.
 * Grants every scope asked for; refuses anonymous and wrong credentials with 401 like OCIR.
 */
export async function startTokenIssuer({ key, cert, service, logFile }) {
  const logStream = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://issuer')
    const answer = (status, body) => {
      logStream?.write(
        `${new Date().toISOString()} ${req.method} ${url.pathname} ${status} ${url.searchParams.getAll('scope').join(' ')}\n`
      )
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (req.method !== 'GET' || url.pathname !== TOKEN_PATH) {
      return answer(404, { errors: [{ code: 'NOT_FOUND', message: 'not found' }] })
    }
    const user = basicCredentials(req.headers.authorization)
    if (!user || user.username !== TESTBED_USERNAME || user.password !== TESTBED_TOKEN) {
      const message = user ? 'authentication failed' : 'anonymous access is not allowed'
      res.setHeader('www-authenticate', `Basic realm="${TOKEN_ISSUER}"`)
      return answer(401, { errors: [{ code: 'UNAUTHORIZED', message }] })
    }
    const token = signRegistryToken({
      key,
      cert,
      issuer: TOKEN_ISSUER,
      service,
      subject: user.username,
      access: parseScopes(url.searchParams.getAll('scope'))
    })
    answer(200, {
      token,
      access_token: token,
      expires_in: TOKEN_LIFETIME_SECONDS,
      issued_at: new Date().toISOString()
    })
  })
  await new Promise((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolveListen)
  })
  server.on('close', () => logStream?.end())
  const { port } = server.address()
  return { server, realm: `http://127.0.0.1:${port}${TOKEN_PATH}` }
}

/**
 * A throwaway API signing key pair: the private key written 0600 (as OCI's CLI keeps it), the
 * public half for the fakes, and OCI's fingerprint (MD5 of the DER public key).
 */
function writeApiKey(keyFile) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 })
  const fingerprint = createHash('md5')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .replace(/(..)(?!$)/g, '$1:')
  return { keyFile, fingerprint, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) }
}

function basicCredentials(header) {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '')
  if (!match) return undefined
  const decoded = Buffer.from(match[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

/** `repository:ns/app:pull,push` → { type, name, actions }; names may contain `:` (ports). */
export function parseScopes(scopes) {
  return scopes
    .flatMap(scope => scope.split(' '))
    .filter(Boolean)
    .map(scope => {
      const first = scope.indexOf(':')
      const last = scope.lastIndexOf(':')
      if (first < 0 || last === first) return undefined
      return {
        type: scope.slice(0, first),
        name: scope.slice(first + 1, last),
        actions: scope
          .slice(last + 1)
          .split(',')
          .filter(Boolean)
      }
    })
    .filter(Boolean)
}

/**
 * A registry bearer token as OCIR's issuer makes them: an RS256 JWT whose `x5c` header carries
 * the certificate the registry's `rootcertbundle` trusts (none: no x5c).
 */
export function signRegistryToken({
  key,
  cert,
  issuer,
  service,
  subject,
  access,
  lifetimeSeconds = TOKEN_LIFETIME_SECONDS
}) {
  const now = Math.floor(Date.now() / 1000)
  const header = {
    alg: 'RS256',
    typ: 'JWT',
    ...(cert ? { x5c: [new X509Certificate(cert).raw.toString('base64')] } : {})
  }
  const claims = {
    iss: issuer,
    sub: subject,
    aud: service,
    exp: now + lifetimeSeconds,
    nbf: now - 10,
    iat: now,
    jti: randomUUID(),
    access
  }
  const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`
  return `${unsigned}.${base64url(sign('sha256', Buffer.from(unsigned), key))}`
}

function base64url(value) {
  return Buffer.from(value).toString('base64url')
}

/** `export K='V'` with single quotes escaped, so the token's shell characters survive `eval`. */
function shellExport(name, value) {
  return `export ${name}='${String(value).replaceAll("'", `'\\''`)}'`
}

async function main(command) {
  if (command !== 'start') {
    console.error(
      'usage: node scripts/testbed.mjs start   (prints the environment, runs until Ctrl-C)'
    )
    process.exit(2)
  }
  const started = Date.now()
  const bed = await startTestbed()
  for (const [name, value] of Object.entries(bed.env)) console.log(shellExport(name, value))
  defaultLog(`started in ${Date.now() - started} ms; logs in ${bed.dir}; Ctrl-C stops it`)
  const stop = async () => {
    await bed.stop()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv[2]).catch(error => {
    console.error(`testbed: ${error.message}`)
    process.exit(1)
  })
}
