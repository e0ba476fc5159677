import { bypassesProxy, proxyFor } from '../../../src/registry/transport/proxy.js'

describe('proxyFor', () => {
  const PROXY = 'http://proxy.corp:3128'

  it.each([
    ['https://fra.ocir.io/v2/', { HTTPS_PROXY: PROXY }, PROXY],
    ['https://fra.ocir.io/v2/', { https_proxy: PROXY, HTTPS_PROXY: 'http://other:1' }, PROXY],
    ['https://fra.ocir.io/v2/', { HTTP_PROXY: PROXY }, undefined],
    ['http://127.0.0.1:5000/v2/', { HTTP_PROXY: PROXY }, PROXY],
    ['http://127.0.0.1:5000/v2/', { http_proxy: 'proxy.corp:3128' }, PROXY],
    ['https://fra.ocir.io/v2/', {}, undefined]
  ])('%s with %j goes through %s', (url, env, expected) => {
    expect(proxyFor(new URL(url), env)?.href.replace(/\/$/, '')).toBe(expected)
  })

  it('leaves out what NO_PROXY names', () => {
    const env = { HTTPS_PROXY: PROXY, NO_PROXY: 'ocir.io' }
    expect(proxyFor(new URL('https://fra.ocir.io/v2/'), env)).toBeUndefined()
  })
})

describe('bypassesProxy (curl rules)', () => {
  it.each([
    ['https://fra.ocir.io/', 'ocir.io', true],
    ['https://fra.ocir.io/', '.ocir.io', true],
    ['https://fra.ocir.io/', '*.ocir.io', true],
    ['https://ocir.io/', '.ocir.io', true],
    ['https://notocir.io/', 'ocir.io', false],
    ['https://fra.ocir.io/', 'example.com, ocir.io', true],
    ['https://fra.ocir.io/', 'example.com ocir.io', true],
    ['https://fra.ocir.io/', '*', true],
    ['https://fra.ocir.io/', 'fra.ocir.io:443', true],
    ['https://fra.ocir.io/', 'fra.ocir.io:8443', false],
    ['http://127.0.0.1:5000/', '127.0.0.1:5000', true],
    ['http://127.0.0.1:5000/', '127.0.0.1:5001', false],
    ['http://127.0.0.1:5000/', '127.0.0.1', true],
    ['http://127.0.0.1:5000/', 'localhost', false],
    ['http://127.0.0.1:5000/', '', false],
    ['http://[::1]:5000/', '::1', true],
    ['http://[::1]:5000/', '[::1]:5000', true]
  ])('%s with NO_PROXY=%j: %s', (url, noProxy, expected) => {
    expect(bypassesProxy(new URL(url), noProxy)).toBe(expected)
  })
})
