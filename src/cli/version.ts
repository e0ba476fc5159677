// Embedded at build time, so the bundle needs no package.json beside it.
import manifest from '../../package.json' with { type: 'json' }

export const VERSION: string = manifest.version
