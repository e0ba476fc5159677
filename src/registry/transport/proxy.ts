import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import { HttpProxyAgent } from 'http-proxy-agent'
import { HttpsProxyAgent } from 'https-proxy-agent'

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

  for(url: URL): HttpAgent {
    const proxy = proxyFor(url, this.env)
    const key = `${url.protocol} ${proxy?.href ?? 'direct'}`
    let agent = this.agents.get(key)
    if (!agent) {
      const options = { keepAlive: true }
      if (url.protocol === 'https:') {
        agent = proxy ? new HttpsProxyAgent(proxy, options) : new HttpsAgent(options)
      } else {
        // A forwarding proxy may close the connection after each answer without saying so
        // (tinyproxy does): a reused socket would then fail the next request.
        agent = proxy ? new HttpProxyAgent(proxy, { keepAlive: false }) : new HttpAgent(options)
      }
      this.agents.set(key, agent)
    }
    return agent
  }

  /** Closes idle connections; the process then has nothing of the client left open. */
  destroy(): void {
    for (const agent of this.agents.values()) agent.destroy()
    this.agents.clear()
  }
}
