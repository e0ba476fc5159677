// Bundles the action (dist/index.js, its post step dist/post.js) and the CLI (dist/cli.js)
// with ncc. Each bundle is self-contained, so the published package has no runtime
// dependencies.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'

const ncc = createRequire(import.meta.url)('@vercel/ncc')

// The post step has a bundle of its own: it loads only what removing a login needs.
const entries = { index: 'src/index.ts', post: 'src/post.ts', cli: 'src/cli.ts' }

// Build everything first and replace dist/ only at the end, so a reader of dist/ never
// sees it half written. CommonJS output (`esm: false`) from the ES module sources: Node starts
// a CommonJS entry 7–9 ms sooner than an ES module one, and every run starts one or two.
const bundles = new Map()
const licenses = new Set()
for (const [name, entry] of Object.entries(entries)) {
  const { code, assets } = await ncc(resolve(entry), {
    esm: false,
    cache: false,
    quiet: true,
    license: 'licenses.txt'
  })
  bundles.set(`${name}.js`, code)
  // One block per bundled package (none when a bundle has no dependencies); the bundles
  // share most of them. Other assets (an optional native addon's chunk) are left out.
  const text = assets['licenses.txt']?.source.toString() ?? ''
  for (const block of text.split('\n\n\n')) {
    if (block.trim()) licenses.add(block.trim())
  }
}

rmSync('dist', { recursive: true, force: true })
mkdirSync('dist')
for (const [file, content] of bundles) writeFileSync(join('dist', file), content)
writeFileSync(join('dist', 'licenses.txt'), [...licenses].sort().join('\n\n\n') + '\n')
chmodSync(join('dist', 'cli.js'), 0o755)
// The bundles are CommonJS; this marker makes Node load them as such wherever dist/ is (the
// project's own package.json says ES module, for the sources).
writeFileSync(join('dist', 'package.json'), '{ "type": "commonjs" }\n')
