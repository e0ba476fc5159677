import { runMain } from './action/main.js'
import { runPost } from './action/post.js'
import { isPostStep } from './action/state.js'
import { exitWhenFlushed } from './exit.js'

await (isPostStep() ? runPost() : runMain())
// The exit code, outputs and summary are written: end the step now.
exitWhenFlushed()
