// The collector both faces and the plan check inputs with: every problem kept, one thrown as
// it is, several as one InputErrors; anything that is not about an input thrown on at once.
import { InputChecks } from '../../../src/common/checks.js'
import {
  InputError,
  InputErrors,
  OcirPushError,
  RegistryError,
  failuresOf,
  formatError
} from '../../../src/common/errors.js'
import type { InputName } from '../../../src/common/constants.js'

function bad(input: InputName, message = `${input} is wrong`): InputError {
  return new InputError(input, message, { fix: `fix ${input}` })
}

function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}

describe('InputChecks', () => {
  it('gives the value of each check that passes and finds nothing', () => {
    const checks = new InputChecks()
    expect(checks.check(() => 'fra.ocir.io')).toBe('fra.ocir.io')
    expect(checks.found).toEqual([])
    expect(() => checks.throwIfAny()).not.toThrow()
  })

  it('keeps going after a problem, and gives undefined for the check that found it', () => {
    const checks = new InputChecks()
    const region = checks.check(() => {
      throw bad('region')
    })
    const namespace = checks.check(() => 'demo')
    expect(region).toBeUndefined()
    expect(namespace).toBe('demo')
    expect(checks.found.map(problem => problem.input)).toEqual(['region'])
  })

  it('throws one problem as it is, so a single bad input reads as before', () => {
    const checks = new InputChecks()
    const problem = bad('namespace')
    checks.check(() => {
      throw problem
    })
    expect(thrown(() => checks.throwIfAny())).toBe(problem)
  })

  it('throws several as one InputErrors, in the order of the checks, each with its fix', () => {
    const checks = new InputChecks()
    for (const input of ['region', 'namespace', 'tags'] as const) {
      checks.check(() => {
        throw bad(input)
      })
    }
    const error = thrown(() => checks.throwIfAny())
    expect(error).toBeInstanceOf(InputErrors)
    const errors = error as InputErrors
    expect(errors.problems.map(problem => [problem.input, problem.fix])).toEqual([
      ['region', 'fix region'],
      ['namespace', 'fix namespace'],
      ['tags', 'fix tags']
    ])
    expect(errors.message).toBe('3 settings are wrong: region, namespace, tags')
    expect(failuresOf(errors)).toEqual(errors.problems)
  })

  it('takes in the problems of a check that collected its own', () => {
    const inner = new InputChecks()
    inner.add(bad('tags'))
    inner.add(bad('flavor'))
    const outer = new InputChecks()
    outer.add(bad('region'))
    outer.check(() => inner.throwIfAny())
    expect(outer.found.map(problem => problem.input)).toEqual(['region', 'tags', 'flavor'])
  })

  it('keeps the first problem of an input only', () => {
    const checks = new InputChecks()
    checks.add(bad('image', 'is a URL'))
    checks.check(() => {
      throw bad('image', 'must be empty with merge-digests')
    })
    checks.add(bad('repository'))
    expect(checks.found.map(problem => problem.message)).toEqual([
      'is a URL',
      'repository is wrong'
    ])
  })

  it('keeps any error of ours that names an input, such as an API key refusal', () => {
    const checks = new InputChecks()
    const refusal = new OcirPushError('the key does not match', {
      input: 'fingerprint',
      fix: 'use the key of that fingerprint'
    })
    checks.check(() => {
      throw refusal
    })
    expect(checks.found).toEqual([refusal])
  })

  it.each([
    ['a bug', new TypeError('x is undefined')],
    ['an error that names no input', new OcirPushError('it broke', { fix: 'run again' })],
    ['an abort', new DOMException('aborted', 'AbortError')]
  ])('throws %s on at once', (_name, error) => {
    const checks = new InputChecks()
    checks.add(bad('region'))
    expect(
      thrown(() =>
        checks.check(() => {
          throw error
        })
      )
    ).toBe(error)
  })

  it('does the same for a check that reads something first', async () => {
    const checks = new InputChecks()
    expect(await checks.checkAsync(async () => 'token')).toBe('token')
    expect(
      await checks.checkAsync(async () => {
        throw bad('auth-token')
      })
    ).toBeUndefined()
    const failure = new RegistryError('refused', { fix: 'f' })
    await expect(
      checks.checkAsync(async () => {
        throw failure
      })
    ).rejects.toBe(failure)
    expect(checks.found.map(problem => problem.input)).toEqual(['auth-token'])
  })

  it('settles to the values once nothing was found, and throws what was', () => {
    const good = new InputChecks()
    const [host, tags] = good.settle(
      good.check(() => 'fra.ocir.io'),
      good.check(() => ['v1'])
    )
    expect([host, tags]).toEqual(['fra.ocir.io', ['v1']])

    const wrong = new InputChecks()
    const region = wrong.check((): string => {
      throw bad('region')
    })
    const problem = thrown(() =>
      wrong.settle(
        region,
        wrong.check(() => ['v1'])
      )
    )
    expect(problem).toMatchObject({ input: 'region' })
  })
})

describe('formatError of InputErrors', () => {
  it('gives each problem with its input, as the face names it, and its fix', () => {
    const errors = new InputErrors([bad('region'), bad('tags')])
    expect(formatError(errors, input => `--${input}`)).toBe(
      '--region: region is wrong\nFix: fix region\n--tags: tags is wrong\nFix: fix tags'
    )
  })

  it('leaves any other error one failure', () => {
    const error = bad('region')
    expect(failuresOf(error)).toEqual([error])
  })
})
