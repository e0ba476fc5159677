import { runMain } from '../../../src/action/main.js'
import { coreRunnerEnvironment } from '../../support/core-environment.js'

// @github/local-action imports an entrypoint and calls its exported `run`; it replaces
// @actions/core, so the main step runs here with the runner environment built on that.
export const run = (): Promise<void> => runMain(coreRunnerEnvironment())
