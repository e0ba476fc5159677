// @github/local-action imports an entrypoint and calls its exported `run`.
export { runMain as run } from '../../../src/action/main.js'
