// What a run with several targets reports: each target's state in the outputs, and one
// failure per failed target, named.
import {
  RegistryError,
  TargetError,
  TargetErrors,
  failuresOf,
  formatError
} from '../../../src/common/errors.js'
import { failureTitle, renderFailureSummary } from '../../../src/action/summary.js'
import { renderPushedBeforeFailure } from '../../../src/cli/render.js'
import { PartialPushError } from '../../../src/engine/partial-push.js'
import { toOutputs } from '../../../src/engine/outputs.js'
import { createPlan } from '../../../src/engine/plan.js'
import { SETTINGS, TAG_PUSH } from '../../support/plan-settings.js'

const DIGEST = `sha256:${'ab'.repeat(32)}`
const plan = createPlan(
  { ...SETTINGS, region: 'fra, ams, zrh', tags: ['type=raw,value=1', 'type=raw,value=2'] },
  TAG_PUSH
)
const [fra, ams, zrh] = plan.targets.map(target => target.repositoryReference)
const refused = new RegistryError('the registry refused the token', { fix: 'Check the token' })
const partial = new PartialPushError(
  DIGEST,
  [`${zrh}:1`],
  new RegistryError('tag 2 failed', { fix: 'Run it again' })
)
const states = [
  { result: { digest: DIGEST, pushed: plan.targets[0]!.references, platforms: [] } },
  { error: refused, pushed: [] },
  { error: partial, digest: DIGEST, pushed: partial.pushed }
]

describe('outputs of several targets', () => {
  it('list what exists at each target, the single-valued ones the first target’s', () => {
    const outputs = toOutputs(plan, states)
    expect(outputs.tags).toEqual([`${fra}:1`, `${fra}:2`, `${zrh}:1`])
    expect(outputs).toMatchObject({
      registry: 'fra.ocir.io',
      repository: fra,
      'pull-reference': `${fra}:1`,
      digest: DIGEST,
      'pinned-reference': `${fra}@${DIGEST}`
    })
    expect(outputs.targets).toEqual([
      {
        registry: 'fra.ocir.io',
        repository: fra,
        tags: [`${fra}:1`, `${fra}:2`],
        'pull-reference': `${fra}:1`,
        digest: DIGEST,
        'pinned-reference': `${fra}@${DIGEST}`
      },
      {
        registry: 'ams.ocir.io',
        repository: ams,
        tags: [],
        'pull-reference': '',
        digest: '',
        'pinned-reference': '',
        error: 'the registry refused the token'
      },
      {
        registry: 'zrh.ocir.io',
        repository: zrh,
        tags: [`${zrh}:1`],
        'pull-reference': `${zrh}:1`,
        digest: DIGEST,
        'pinned-reference': `${zrh}@${DIGEST}`,
        error: partial.message
      }
    ])
  })

  it('show the planned references of every target before a push', () => {
    expect(toOutputs(plan).tags).toEqual(plan.targets.flatMap(target => target.references))
    expect(toOutputs(plan).targets.map(target => target.digest)).toEqual(['', '', ''])
  })

  it('tell on stderr what exists where after a failure', () => {
    expect(renderPushedBeforeFailure(toOutputs(plan, states))).toEqual([
      'Pushed before the failure:',
      `  ${fra}, at ${DIGEST}:`,
      `    ${fra}:1`,
      `    ${fra}:2`,
      `  ${ams}: nothing`,
      `  ${zrh}, at ${DIGEST}:`,
      `    ${zrh}:1`
    ])
  })
})

describe('failures of several targets', () => {
  const error = new TargetErrors(
    [new TargetError(ams!, refused), new TargetError(zrh!, partial)],
    3
  )

  it('are one failure per failed target, each message led by the target', () => {
    expect(error.message).toBe(`2 of 3 targets failed: ${ams}, ${zrh}`)
    expect(failuresOf(error)).toHaveLength(2)
    expect(formatError(error).split('\n')).toEqual([
      `${ams}: the registry refused the token`,
      'Fix: Check the token',
      `${zrh}: ${partial.message}`,
      'Fix: Run it again'
    ])
    expect(failureTitle(error)).toBe('2 of 3 targets failed')
    expect(failureTitle(failuresOf(error)[0])).toBe(`${ams}: registry error`)
  })

  it('are each named in the job summary, with every reference marked', () => {
    const markdown = renderFailureSummary(error, plan, toOutputs(plan, states))
    expect(markdown).toContain('failed: 2 of 3 targets failed')
    expect(markdown).toContain(`\`${ams}\`: the registry refused the token`)
    expect(markdown).toContain(`| \`${fra}:2\` | pushed |`)
    expect(markdown).toContain(`| \`${ams}:1\` | not pushed |`)
    expect(markdown).toContain(`| \`${zrh}:2\` | not pushed |`)
    expect(markdown).toContain(`The pushed references in \`${zrh}\` name \`${DIGEST}\`.`)
  })

  it('give a failure that is not one of ours its message after the target, and a fix', () => {
    const single = new TargetError(fra!, new Error('socket hang up'))
    expect(single.message).toBe(`${fra}: socket hang up`)
    expect(single.fix).toBe('Run the push again')
  })
})
