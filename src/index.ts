import { runMain } from './action/main.js'
import { runPost } from './action/post.js'
import { runnerEnvironment } from './action/environment.js'
import { isPostStep } from './action/state.js'
import { abortOnSignals } from './engine/cancel.js'

const environment = runnerEnvironment()
if (isPostStep(environment)) {
  // The post step always runs to its end: it is what removes the credentials.
  await runPost(environment)
} else {
  const cancel = new AbortController()
  abortOnSignals(cancel)
  await runMain(environment, { signal: cancel.signal })
}
