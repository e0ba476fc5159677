// Bundles the action (dist/index.js, its post step dist/post.js) and the CLI (dist/cli.js)
// with ncc. Each bundle is self-contained, so the published package has no runtime
// dependencies.
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// The post step has a bundle of its own: it loads only what removing a login needs.
const entries = { index: 'src/index.ts', post: 'src/post.ts', cli: 'src/cli.ts' }
const ncc = join('node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')

// Build everything first and replace dist/ only at the end, so a reader of dist/ never
// sees it half written.
const bundles = new Map()
const licenses = new Set()
for (const [name, entry] of Object.entries(entries)) {
  const out = mkdtempSync(join(tmpdir(), 'ocir-push-ncc-'))
  try {
    const args = ['build', entry, '-o', out, '-q', '--license', 'licenses.txt']
    execFileSync(process.execPath, [ncc, ...args], { stdio: 'inherit' })
    bundles.set(`${name}.js`, readFileSync(join(out, 'index.js')))
    // ncc writes one block per bundled package (none when a bundle has no dependencies);
    // both bundles share most of them.
    const licenseFile = join(out, 'licenses.txt')
    const text = existsSync(licenseFile) ? readFileSync(licenseFile, 'utf8') : ''
    for (const block of text.split('\n\n\n')) {
      if (block.trim()) licenses.add(block.trim())
    }
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

rmSync('dist', { recursive: true, force: true })
mkdirSync('dist')
for (const [file, content] of bundles) writeFileSync(join('dist', file), content)
writeFileSync(join('dist', 'licenses.txt'), [...licenses].sort().join('\n\n\n') + '\n')
chmodSync(join('dist', 'cli.js'), 0o755)
// The bundles are ES modules; this marker makes Node load them as such wherever dist/ is.
writeFileSync(join('dist', 'package.json'), '{ "type": "module" }\n')
