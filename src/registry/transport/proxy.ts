import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'

/** The proxy variables, read the way curl reads them (lower case first). */
export type ProxyEnv = Readonly<Record<string, string | undefined>>

function variable(env: ProxyEnv, name: string): string | undefined {
  return env[name] || env[name.toUpperCase()] || undefined
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' }

/**
 * Whether `NO_PROXY` exempts `url`, by curl's rules: a comma (or space) list of host names,
 * each matching itself and its subdomains (a leading dot or `*.` changes nothing), optionally
 * with `:port`; `*` alone exempts everything. Loopback is proxied unless listed.
 */
export function bypassesProxy(url: URL, noProxy: string): boolean {
  const host = unbracketed(url.hostname.toLowerCase())
  const port = url.port || DEFAULT_PORTS[url.protocol]
  return noProxy
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean)
    .some(entry => {
      if (entry === '*') return true
      const withPort = /^(.*):(\d+)$/.exec(entry)
      if (withPort && !withPort[1]!.endsWith(']') && withPort[1]!.includes(':')) {
        // An unbracketed IPv6 address: its colons are not a port separator.
        return matchesHost(host, entry)
      }
      if (withPort && withPort[2] !== port) return false
      return matchesHost(host, withPort ? withPort[1]! : entry)
    })
}

function unbracketed(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1')
}

function matchesHost(host: string, entry: string): boolean {
  const name = unbracketed(entry.replace(/^\*?\.?/, ''))
  return host === name || host.endsWith(`.${name}`)
}

/** The proxy `url` goes through, from `HTTPS_PROXY` or `HTTP_PROXY` by its scheme, if any. */
export function proxyFor(url: URL, env: ProxyEnv): URL | undefined {
  if (bypassesProxy(url, variable(env, 'no_proxy') ?? '')) return undefined
  const proxy = variable(env, url.protocol === 'https:' ? 'https_proxy' : 'http_proxy')
  if (!proxy) return undefined
  return new URL(proxy.includes('://') ? proxy : `http://${proxy}`)
}

/**
 * Keep-alive agents, one per route: direct, or through each proxy. The proxy agents are
 * libraries on purpose: CONNECT, TLS over the tunnel and reuse of tunnels are easy to get
 * subtly wrong.
 */
export class Agents {
  private readonly agents = new Map<string, HttpAgent>()

  constructor(private readonly env: ProxyEnv) {}

  async for(url: URL): Promise<HttpAgent> {
    const proxy = proxyFor(url, this.env)
    const key = `${url.protocol} ${proxy?.href ?? 'direct'}`
    const existing = this.agents.get(key)
    if (existing) return existing
    const agent = proxy ? await proxyAgent(url, proxy) : directAgent(url)
    // A request alongside may have made one meanwhile: that one is kept.
    const made = this.agents.get(key)
    if (made) {
      agent.destroy()
      return made
    }
    this.agents.set(key, agent)
    return agent
  }

  /** Closes idle connections; the process then has nothing of the client left open. */
  destroy(): void {
    for (const agent of this.agents.values()) agent.destroy()
    this.agents.clear()
  }
}

function directAgent(url: URL): HttpAgent {
  return url.protocol === 'https:'
    ? new HttpsAgent({ keepAlive: true })
    : new HttpAgent({ keepAlive: true })
}

/**
 * An agent through `proxy`. Its library is loaded then: most runs use no proxy, and the
 * libraries (with their logger and Node's `assert`) take a while to load. They are in the one
 * bundle still (`webpackMode: "eager"`): nothing is read from disk then.
 */
async function proxyAgent(url: URL, proxy: URL): Promise<HttpAgent> {
  if (url.protocol === 'https:') {
    const { HttpsProxyAgent } = await import(/* webpackMode: "eager" */ 'https-proxy-agent')
    return new HttpsProxyAgent(proxy, { keepAlive: true })
  }
  const { HttpProxyAgent } = await import(/* webpackMode: "eager" */ 'http-proxy-agent')
  // A forwarding proxy may close the connection after each answer without saying so
  // (tinyproxy does): a reused socket would then fail the next request.
  return new HttpProxyAgent(proxy, { keepAlive: false })
}
