import { runMain } from './action/main.js'
import { runnerEnvironment } from './action/environment.js'
import { abortOnSignals } from './engine/cancel.js'

// The main step; the post step is its own bundle (src/post.ts), which action.yml names.
const cancel = new AbortController()
abortOnSignals(cancel)
await runMain(runnerEnvironment(), { signal: cancel.signal })
