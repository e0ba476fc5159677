// Bundles the action (dist/index.js) and the CLI (dist/cli.js) with ncc. Each bundle is
// self-contained, so the published package has no runtime dependencies.
import { execFileSync } from 'node:child_process'
import { chmodSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const entries = { index: 'src/index.ts', cli: 'src/cli.ts' }
const ncc = join('node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')

rmSync('dist', { recursive: true, force: true })
for (const [name, entry] of Object.entries(entries)) {
  const out = mkdtempSync(join(tmpdir(), 'ocir-push-ncc-'))
  execFileSync(process.execPath, [ncc, 'build', entry, '-o', out, '--minify', '--no-source-map-register', '-q', '--license', 'licenses.txt', '--target', 'es2022'], {
    stdio: 'inherit'
  })
  cpSync(join(out, 'index.js'), join('dist', `${name}.js`))
  cpSync(join(out, 'licenses.txt'), join('dist', 'licenses.txt'))
  rmSync(out, { recursive: true, force: true })
}
chmodSync(join('dist', 'cli.js'), 0o755)
// The bundles are ES modules; this marker makes Node load them as such wherever dist/ is.
writeFileSync(join('dist', 'package.json'), '{ "type": "module" }\n')
