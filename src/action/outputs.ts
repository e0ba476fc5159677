import * as core from '@actions/core'
import { Outputs } from '../common/constants.js'
import type { RunOutputs } from '../engine/types.js'

/**
 * Sets every output that has a value (`digest` and `pinned-reference` only after a push),
 * and `json`, the whole object.
 */
export function setOutputs(outputs: RunOutputs): void {
  for (const [name, value] of Object.entries(outputs)) {
    const text = Array.isArray(value) ? value.join('\n') : String(value)
    if (text !== '') core.setOutput(name, text)
  }
  core.setOutput(Outputs.Json, JSON.stringify(outputs))
}
