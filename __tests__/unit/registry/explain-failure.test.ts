import { RegistryError } from '../../../src/common/errors.js'
import { explainFailure } from '../../../src/engine/diagnosis.js'
import { PartialPushError } from '../../../src/engine/partial-push.js'
import {
  RegistryNetworkError,
  RegistryResponseError,
  StalledRequestError,
  UploadContentError,
  type RequestFacts
} from '../../../src/registry/errors.js'
import type { FailureContext } from '../../../src/ocir/index.js'

const TOKEN = 'k]j64r{1sJSSF-;)K8'
const CONTEXT: FailureContext = {
  host: 'fra.ocir.io',
  username: 'axaxnpcrorw5/jdoe@acme.com',
  namespace: 'axaxnpcrorw5',
  repository: 'project/app',
  hostInput: 'region',
  secrets: [TOKEN]
}
const FACTS: RequestFacts = {
  phase: 'push',
  repository: 'axaxnpcrorw5/project/app',
  method: 'HEAD',
  url: 'https://fra.ocir.io/v2/axaxnpcrorw5/project/app/blobs/sha256:00'
}

function nodeError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code })
}

describe('explainFailure', () => {
  it('words a registry answer as OCIR means it, with the attempts made', () => {
    const failure = new RegistryResponseError(FACTS, {
      status: 503,
      body: JSON.stringify({ errors: [{ code: 'UNAVAILABLE', message: 'try later' }] })
    })
    failure.attempts = 5
    const explained = explainFailure(failure, CONTEXT) as RegistryError
    expect(explained).toBeInstanceOf(RegistryError)
    expect(explained.status).toBe(503)
    expect(explained.message).toMatch(/server errors after 5 attempts/)
    expect(explained.detail).toContain('try later')
  })

  it('names the input at fault for a refused token, never the token', () => {
    const failure = new RegistryResponseError(
      { ...FACTS, phase: 'token' },
      { status: 401, body: `bad credentials ${TOKEN}` }
    )
    const explained = explainFailure(failure, CONTEXT) as RegistryError
    expect(explained.input).toBe('auth-token')
    expect(JSON.stringify([explained.message, explained.fix, explained.detail])).not.toContain(
      TOKEN
    )
  })

  it.each([
    [
      new RegistryNetworkError(FACTS, nodeError('ECONNREFUSED', 'connect failed')),
      /nothing accepts/
    ],
    [
      new RegistryNetworkError(FACTS, nodeError('ENOTFOUND', 'lookup failed')),
      /cannot be resolved/
    ],
    [new RegistryNetworkError(FACTS, nodeError('ECONNRESET', 'socket hang up')), /was cut/],
    [new RegistryNetworkError(FACTS, nodeError('CERT_HAS_EXPIRED', 'expired')), /TLS connection/],
    [new StalledRequestError(FACTS, 60_000), /did not answer in time/]
  ])('decides a request without an answer from its code or stall: %s', (failure, message) => {
    expect((explainFailure(failure, CONTEXT) as RegistryError).message).toMatch(message)
  })

  it('gives a partial push the failure in OCIR words, keeping what was pushed', () => {
    const cause = new RegistryResponseError(FACTS, {
      status: 403,
      body: JSON.stringify({ errors: [{ code: 'DENIED', message: 'tag is immutable' }] })
    })
    const partial = new PartialPushError(
      'sha256:aa',
      ['fra.ocir.io/axaxnpcrorw5/project/app:a'],
      new RegistryError(cause.message, { fix: 'Run the push again.', cause })
    )
    const explained = explainFailure(partial, CONTEXT) as PartialPushError
    expect(explained).toBeInstanceOf(PartialPushError)
    expect(explained.pushed).toEqual(partial.pushed)
    expect(explained.status).toBe(403)
    expect(explained.detail).toContain('tag is immutable')
  })

  it('returns errors that already carry their fix, and aborts, as they are', () => {
    const content = new UploadContentError('source changed', { fix: 'rebuild' })
    const abort = new DOMException('aborted', 'AbortError')
    expect(explainFailure(content, CONTEXT)).toBe(content)
    expect(explainFailure(abort, CONTEXT)).toBe(abort)
  })
})
