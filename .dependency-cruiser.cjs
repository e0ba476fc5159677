// The import graph runs one way: faces → engine → domain and effects → common and image.
// `npm run lint:imports` checks it (CI runs it); CONTRIBUTING.md describes the layers.
const DOMAIN = '^src/(ocir|git|tags)/'
const EFFECTS = '^src/(registry|sources|docker|oci)/'
const FACES = '^src/(action|cli)/'

/** A rule that forbids `from` to import anything matching `to`. */
const forbid = (name, comment, from, to) => ({
  name,
  comment,
  severity: 'error',
  from: typeof from === 'string' ? { path: from } : from,
  to: typeof to === 'string' ? { path: to } : to
})

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'Modules that import each other cannot be understood or tested apart.',
      severity: 'error',
      from: {},
      to: { circular: true }
    },
    forbid(
      'image-at-the-bottom',
      'The image model imports nothing of the project above it.',
      '^src/image/',
      { path: '^src/', pathNot: '^src/image/' }
    ),
    forbid(
      'common-at-the-bottom',
      'Names, errors and the logger interface import nothing of the layers that use them.',
      '^src/common/',
      { path: '^src/', pathNot: '^src/common/' }
    ),
    forbid(
      'domain-below-effects',
      'OCIR rules, git context and tag rules are pure: no engine, effect or face.',
      DOMAIN,
      `^src/(engine|action|cli|registry|sources|docker|oci)/`
    ),
    forbid(
      'domain-touches-nothing',
      'Pure domain code reads no file, process or network; git reads through its one seam (io.ts).',
      { path: DOMAIN, pathNot: '^src/git/io\\.ts$' },
      '^(node:)?(fs|fs/promises|child_process|http|https|net|tls|dns|process)$'
    ),
    forbid(
      'tags-know-no-git',
      'Tag rules read a build context, not git.',
      '^src/tags/',
      '^src/git/'
    ),
    forbid(
      'effects-below-engine',
      'Effects know neither the engine, the faces nor OCIR wording (applied above them).',
      EFFECTS,
      `^src/(engine|action|cli|ocir|git|tags)/`
    ),
    forbid(
      'sources-and-registry-apart',
      'Image sources produce the image model and the registry consumes it; neither imports the other.',
      '^src/sources/',
      '^src/registry/'
    ),
    forbid(
      'registry-and-sources-apart',
      'Image sources produce the image model and the registry consumes it; neither imports the other.',
      '^src/registry/',
      '^src/sources/'
    ),
    forbid(
      'engine-below-faces',
      'The engine is called by the faces, never the reverse.',
      '^src/engine/',
      FACES
    ),
    forbid(
      'action-not-cli',
      'The two faces share the engine, not each other.',
      '^src/action/',
      '^src/cli/'
    ),
    forbid(
      'cli-not-action',
      'The two faces share the engine, not each other.',
      '^src/cli/',
      '^src/action/'
    ),
    forbid(
      'actions-toolkit-in-the-action-face',
      'Only the action face talks to the runner.',
      { path: '^src/', pathNot: '^src/(action/|index\\.ts$)' },
      '@actions/'
    ),
    forbid(
      'entry-points-import-only',
      'The entry points start things; nothing imports them.',
      '^src/',
      '^src/(index|cli)\\.ts$'
    )
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] }
  }
}
