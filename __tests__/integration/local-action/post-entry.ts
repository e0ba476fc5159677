import { runPost } from '../../../src/action/post.js'
import { coreRunnerEnvironment } from '../../support/core-environment.js'

// @github/local-action imports the post entrypoint and calls its exported `run`; it replaces
// @actions/core, so the post step runs here with the runner environment built on that.
export const run = (): Promise<void> => runPost(coreRunnerEnvironment())
