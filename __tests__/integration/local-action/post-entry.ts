// @github/local-action imports the post entrypoint and calls its exported `run`.
export { runPost as run } from '../../../src/action/post.js'
