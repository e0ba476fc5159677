import { Outputs } from '../common/constants.js'
import type { RunOutputs } from '../engine/types.js'
import type { ActionEnvironment } from './environment.js'

/**
 * Sets every output that has a value (`digest` and `pinned-reference` only after a push),
 * and `json`, the whole object (the only one with each target's entry).
 */
export function setOutputs(environment: ActionEnvironment, outputs: RunOutputs): void {
  for (const name of Object.values(Outputs)) {
    if (name === Outputs.Json) continue
    const value = outputs[name] ?? ''
    const text = Array.isArray(value) ? value.join('\n') : String(value)
    if (text !== '') environment.setOutput(name, text)
  }
  environment.setOutput(Outputs.Json, JSON.stringify(outputs))
}
