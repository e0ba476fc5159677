import type { InputChecks } from '../common/checks.js'
import type { InputError } from '../common/errors.js'
import type { GitContext } from '../tags/context.js'
import {
  discoverNamespace,
  looksUpNamespace,
  usesApiKey,
  type OciDeps,
  type RunCredentials,
  type SignedCredentials
} from './api-key.js'
import { usesOidc } from './oidc.js'
import { createPlan } from './plan.js'
import { signsRequests, type Settings } from './settings.js'
import type { Plan } from './types.js'

/** How a face gets what signs in; each is asked only when the run sends and signs that way. */
export interface SignInSources {
  /** `auth: api-key`: the key, read and checked. */
  apiKey(): Promise<SignedCredentials>
  /** `auth: oidc`: the OIDC token exchanged for a session. */
  oidc(): Promise<SignedCredentials>
  /** `auth: auth-token`: the token, read and checked. */
  authToken(): Promise<string>
}

export interface PreparedRun {
  plan: Plan
  git: GitContext
  /** What signs in; none for a dry run. */
  credentials?: RunCredentials
}

/**
 * The plan and what signs in, with every input checked before anything is sent: what is
 * wrong with the key, the settings and the auth token is reported together (`problems`, which
 * holds what the face found while reading). Only a namespace looked up with signed requests
 * waits: the lookup needs a good key (or the OIDC exchange), so the problems found before it
 * are reported first; an OIDC token is otherwise exchanged once the settings are right.
 * `checkPlan` adds a face's own check of a right plan; `planned` sees the plan, right or not.
 */
export async function prepareRun(
  settings: Settings,
  build: () => Promise<GitContext>,
  sources: SignInSources,
  problems: InputChecks,
  deps: OciDeps & { checkPlan?(plan: Plan): InputError | undefined; planned?(plan?: Plan): void }
): Promise<PreparedRun> {
  const sends = settings.push
  const signs = sends && signsRequests(settings)
  const apiKey =
    signs && usesApiKey(settings) ? await problems.checkAsync(sources.apiKey) : undefined
  const looksUp = looksUpNamespace(settings)
  if (looksUp) problems.throwIfAny()
  const oidc = (): Promise<SignedCredentials> | undefined =>
    signs && usesOidc(settings) ? sources.oidc() : undefined
  let signed = apiKey ?? (looksUp ? await oidc() : undefined)
  const planned = signed ? await discoverNamespace(settings, signed, deps) : settings
  const git = await build()
  const checkedPlan = problems.check(() => createPlan(planned, git))
  deps.planned?.(checkedPlan)
  const planProblem = checkedPlan && deps.checkPlan?.(checkedPlan)
  if (planProblem) problems.add(planProblem)
  const token = sends && !signs ? await problems.checkAsync(sources.authToken) : ''
  const [plan, authToken] = problems.settle(checkedPlan, token)
  if (!sends) return { plan, git }
  signed ??= await oidc()
  return { plan, git, credentials: signed ?? { username: plan.username, token: authToken } }
}
