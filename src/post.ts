import { runPost } from './action/post.js'

// The post step always runs to its end: it is what removes the credentials.
await runPost()
