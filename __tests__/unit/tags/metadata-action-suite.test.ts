import { computeMetadata } from '../../../src/tags/metadata.js'
import { githubEventContext } from './github-event.js'

/**
 * docker/metadata-action's own test cases (its __tests__/meta.test.ts, the tables checked
 * with its tagsLabelsTest: null, push, tag, latest, pr, pr-head-sha, schedule, release,
 * raw), run through the GitHub provider on the same event payloads. Each row: their
 * event, inputs, version, tags (of the first image, without the image name) and the
 * commit their labels name; labels only where they are not the standard set.
 *
 * Their harness, and how the rows read it:
 * - no `tags` input means their default rules, written out here (ocir-push's own
 *   default rules differ; see docs/tags.md);
 * - the repository facts come from a mocked API answer (octocat/Hello-World), here the
 *   context's `repository`, and the default branch is `master`, here from git;
 * - moment() is fixed at 2020-01-10T00:30:00Z, so the commit date is that instant too.
 *
 * Rows where ocir-push differs on purpose carry `ours`: the reason, and what we give.
 */
interface Case {
  name: string
  /** __tests__/fixtures/github/metadata-action/<event>.json */
  event: string
  env?: Record<string, string>
  rules?: string[]
  flavor?: string[]
  labels?: string[]
  annotations?: string[]
  version: string
  tags: string[]
  /** org.opencontainers.image.revision in their labels. */
  revision: string
  expectedLabels?: string[]
  expectedAnnotations?: string[]
  ours?: { reason: string; tags?: string[]; version?: string; revision?: string }
}

const NOW = new Date('2020-01-10T00:30:00.000Z')
const METADATA_ACTION_DEFAULT_RULES = [
  'type=schedule',
  'type=ref,event=branch',
  'type=ref,event=tag',
  'type=ref,event=pr'
]
const REPOSITORY = {
  name: 'Hello-World',
  description: 'This your first repo!',
  url: 'https://github.com/octocat/Hello-World',
  license: 'MIT'
}

function standardLabels(version: string, revision: string): string[] {
  return [
    `org.opencontainers.image.created=${NOW.toISOString()}`,
    `org.opencontainers.image.description=${REPOSITORY.description}`,
    `org.opencontainers.image.licenses=${REPOSITORY.license}`,
    `org.opencontainers.image.revision=${revision}`,
    `org.opencontainers.image.source=${REPOSITORY.url}`,
    `org.opencontainers.image.title=${REPOSITORY.name}`,
    `org.opencontainers.image.url=${REPOSITORY.url}`,
    `org.opencontainers.image.version=${version}`
  ]
}

async function run(entry: Case, env: Record<string, string> = {}) {
  const context = {
    ...(await githubEventContext(entry.event, { env: { ...entry.env, ...env }, now: NOW })),
    repository: REPOSITORY,
    commitDate: NOW.toISOString()
  }
  const computed = computeMetadata({
    rules: entry.rules ?? METADATA_ACTION_DEFAULT_RULES,
    flavor: entry.flavor ?? [],
    labels: entry.labels ?? [],
    annotations: entry.annotations ?? [],
    context,
    now: NOW
  })
  return {
    version: computed.version,
    tags: computed.tags,
    labels: computed.labels,
    annotations: computed.annotations.map(line => line.replace(/^manifest:/, ''))
  }
}

function expected(entry: Case, given: Partial<Pick<Case, 'version' | 'tags' | 'revision'>> = {}) {
  const { version, tags, revision } = { ...entry, ...given }
  const labels = entry.expectedLabels ?? standardLabels(version, revision)
  return { version, tags, labels, annotations: entry.expectedAnnotations ?? labels }
}

const HEAD_SHA = '3370e228f2209994d57af4427fe64e71bb79ac96'
/** Intentional differences (docs/tags.md, "What differs from metadata-action"). */
const PRE_RELEASE =
  'a pre-release (semver or PEP 440, e.g. 20200110-RC2, v2.0.8-beta.67) never gets latest; metadata-action gives it latest through type=match and type=ref,event=tag'
const HEAD_COMMIT =
  'on a pull request ocir-push names the head commit the author pushed (metadata-action: GITHUB_SHA, the merge commit, or on pull_request_target the base branch); DOCKER_METADATA_PR_HEAD_SHA=false gives theirs'

// prettier-ignore
const cases: Case[] = [
  // null
  { name: "null01", event: "null", version: "", tags: [], revision: "" },
  { name: "null02", event: "empty", rules: ["type=sha", "type=raw,{{branch}}"], version: "", tags: [], revision: "" },
  // push
  { name: "push01", event: "push_dev", version: "dev", tags: ["dev"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "push02", event: "push_master", rules: ["type=edge"], version: "edge", tags: ["edge"], revision: "266574110acf203503badf966df2ea24b5d732d7" },
  { name: "push03", event: "push_master", version: "master", tags: ["master"], revision: "266574110acf203503badf966df2ea24b5d732d7" },
  { name: "push04", event: "workflow_dispatch", rules: ["type=edge"], version: "edge", tags: ["edge"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "push05", event: "push_dev", version: "dev", tags: ["dev"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "push06", event: "push_master", rules: ["type=edge"], version: "edge", tags: ["edge"], revision: "266574110acf203503badf966df2ea24b5d732d7" },
  { name: "push07", event: "push_dev", rules: ["type=ref,event=branch", "type=sha"], version: "dev", tags: ["dev", "sha-860c190"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "push08", event: "push_master", rules: ["type=edge", "type=sha"], version: "edge", tags: ["edge", "sha-2665741"], revision: "266574110acf203503badf966df2ea24b5d732d7" },
  { name: "push09", event: "push_dev", rules: ["type=edge,branch=dev", "type=sha"], version: "edge", tags: ["edge", "sha-860c190"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "push10", event: "push_master", rules: ["type=edge,branch=dev", "type=sha"], version: "sha-2665741", tags: ["sha-2665741"], revision: "266574110acf203503badf966df2ea24b5d732d7" },
  { name: "push11", event: "push_invalidchars", rules: ["type=edge", "type=sha"], version: "sha-983315b", tags: ["sha-983315b"], revision: "983315b5e8d46e46fc4c49869e85e7ee5fb289ba" },
  { name: "push12", event: "push_invalidchars", rules: ["type=semver,pattern={{version}}", "type=pep440,pattern={{version}}", "type=edge"], version: "", tags: [], revision: "983315b5e8d46e46fc4c49869e85e7ee5fb289ba" },
  { name: "push13", event: "push_master", rules: ["type=ref,priority=2000,event=branch", "type=edge"], version: "master", tags: ["master", "edge"], revision: "266574110acf203503badf966df2ea24b5d732d7" },
  { name: "push14", event: "push_master", rules: ["type=semver,pattern={{version}},value=v1.2.3", "type=pep440,pattern={{version}},value=v1.2.3", "type=edge"], version: "1.2.3", tags: ["1.2.3", "edge", "latest"], revision: "266574110acf203503badf966df2ea24b5d732d7" },
  { name: "push15", event: "push_master", rules: ["type=match,pattern=v(.*),group=1,value=v1.2.3", "type=edge"], version: "1.2.3", tags: ["1.2.3", "edge", "latest"], revision: "266574110acf203503badf966df2ea24b5d732d7" },
  { name: "push16", event: "push_master", rules: ["type=match,enable=false,pattern=v(.*),group=1,value=v1.2.3", "type=edge"], version: "edge", tags: ["edge"], revision: "266574110acf203503badf966df2ea24b5d732d7" },
  { name: "push17", event: "push_master", rules: ["type=raw,value=mytag-{{branch}}", "type=raw,value=mytag-{{date 'YYYYMMDD'}}", "type=raw,value=mytag-cd-{{commit_date 'YYYYMMDD'}}", "type=raw,value=mytag-{{date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}", "type=raw,value=mytag-tag-{{tag}}", "type=raw,value=mytag-baseref-{{base_ref}}", "type=raw,value=mytag-defbranch,enable={{is_default_branch}}"], version: "mytag-master", tags: ["mytag-master", "mytag-20200110", "mytag-cd-20200110", "mytag-20200110-093000", "mytag-tag-", "mytag-baseref-", "mytag-defbranch"], revision: "266574110acf203503badf966df2ea24b5d732d7" },
  { name: "push18", event: "push_dev", rules: ["type=ref,event=branch", "type=sha,format=long"], version: "dev", tags: ["dev", "sha-860c1904a1ce19322e91ac35af1ab07466440c37"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "push19", event: "push_dev", rules: ["type=edge,branch=master", "type=ref,event=branch,enable=false", "type=sha,format=long", "type=raw,value=defbranch,enable={{is_default_branch}}"], version: "sha-860c1904a1ce19322e91ac35af1ab07466440c37", tags: ["sha-860c1904a1ce19322e91ac35af1ab07466440c37"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "push20", event: "push_dev", rules: ["type=edge,branch=master", "type=ref,event=branch,enable=false", "type=sha,format=long"], version: "sha-860c1904a1ce19322e91ac35af1ab07466440c37", tags: ["sha-860c1904a1ce19322e91ac35af1ab07466440c37"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "push21", event: "push_master", rules: ["type=raw,value=mytag-{{branch}}", "type=raw,value=mytag-{{date 'YYYYMMDD'}}", "type=raw,value=mytag-{{date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}", "type=raw,value=mytag-src-{{commit_date 'YYYYMMDD'}}", "type=raw,value=mytag-tag-{{tag}}", "type=raw,value=mytag-baseref-{{base_ref}}", "type=raw,value=mytag-defbranch,enable={{is_default_branch}}"], labels: ["org.opencontainers.image.created={{commit_date 'YYYY-MM-DDTHH:mm:ss.SSS[Z]'}}"], version: "mytag-master", tags: ["mytag-master", "mytag-20200110", "mytag-20200110-093000", "mytag-src-20200110", "mytag-tag-", "mytag-baseref-", "mytag-defbranch"], revision: "266574110acf203503badf966df2ea24b5d732d7" },
  { name: "push22", event: "push_dev", rules: ["type=edge,branch=master", "type=sha,format=long", "type=raw,value=notdefbranch,enable={{is_not_default_branch}}"], version: "notdefbranch", tags: ["notdefbranch", "sha-860c1904a1ce19322e91ac35af1ab07466440c37"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  // tag
  { name: "tag01", event: "tag_release1", version: "release1", tags: ["release1", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag02", event: "tag_20200110-RC2", version: "20200110-RC2", tags: ["20200110-RC2", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37", ours: { reason: PRE_RELEASE, tags: ["20200110-RC2"] } },
  { name: "tag03", event: "tag_20200110-RC2", rules: ["type=match,pattern=\\d{8}"], flavor: ["latest=false"], version: "20200110", tags: ["20200110"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag04", event: "tag_20200110-RC2", rules: ["type=match,pattern=(.*)-RC,group=1"], flavor: ["latest=false"], version: "20200110", tags: ["20200110"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag05", event: "tag_v1.1.1", rules: ["type=match,\"pattern=\\d.\\d.\\d\""], version: "1.1.1", tags: ["1.1.1", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag06", event: "tag_v1.1.1", rules: ["type=match,\"pattern=^v(\\d.\\d.\\d)$\",group=1"], version: "1.1.1", tags: ["1.1.1", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag07", event: "tag_v2.0.8-beta.67", rules: ["type=match,\"pattern=\\d.\\d.\\d-(alpha|beta).\\d+\""], version: "2.0.8-beta.67", tags: ["2.0.8-beta.67", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37", ours: { reason: PRE_RELEASE, tags: ["2.0.8-beta.67"] } },
  { name: "tag08", event: "tag_v2.0.8-beta.67", rules: ["type=match,\"pattern=\\d.\\d\""], version: "2.0", tags: ["2.0", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37", ours: { reason: PRE_RELEASE, tags: ["2.0"] } },
  { name: "tag09", event: "tag_v2.0.8-beta.67", rules: ["type=match,\"pattern=v(.*)-beta.(.*)\",group=1", "type=match,\"pattern=v(.*)-beta.(.*)\",group=2"], version: "2.0.8", tags: ["2.0.8", "67", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37", ours: { reason: PRE_RELEASE, tags: ["2.0.8", "67"] } },
  { name: "tag10", event: "tag_sometag", rules: ["type=match,\"pattern=\\d.\\d\""], version: "", tags: [], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag11", event: "tag_v1.1.1", rules: ["type=semver,pattern={{version}}", "type=semver,pattern={{major}}.{{minor}}", "type=semver,pattern={{major}}"], version: "1.1.1", tags: ["1.1.1", "1.1", "1", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag12", event: "tag_v1.1.1", rules: ["type=semver,pattern={{version}}", "type=semver,pattern={{major}}.{{minor}}.{{patch}}"], version: "1.1.1", tags: ["1.1.1", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag13", event: "tag_v2.0.8-beta.67", rules: ["type=semver,pattern={{major}}.{{minor}}", "type=semver,pattern={{major}}"], version: "2.0.8-beta.67", tags: ["2.0.8-beta.67"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag14", event: "tag_sometag", rules: ["type=ref,event=tag", "type=semver,pattern={{version}}", "type=semver,pattern={{major}}.{{minor}}", "type=semver,pattern={{major}}"], flavor: ["latest=false"], version: "sometag", tags: ["sometag"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag15", event: "tag_v2.0.8-beta.67", rules: ["type=raw,priority=2000,foo", "type=semver,pattern={{version}}", "type=match,\"pattern=\\d.\\d\""], version: "foo", tags: ["foo", "2.0.8-beta.67", "2.0"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag16", event: "tag_v1.1.1", rules: ["type=raw,priority=2000,foo", "type=ref,event=tag", "type=edge"], version: "foo", tags: ["foo", "v1.1.1"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag17", event: "tag_p1-v1.0.0", rules: ["type=match,\"pattern=/^v(\\d.\\d.\\d)$/ig\",group=1", "type=match,pattern=\\d.\\d.\\d", "type=match,pattern=\\d.\\d", "type=ref,event=pr", "type=sha"], version: "1.0.0", tags: ["1.0.0", "1.0", "sha-860c190", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag18", event: "tag_p1-v1.0.0", rules: ["type=match,pattern=p1/v(\\d.\\d.\\d),group=1", "type=match,pattern=p1/v(\\d.\\d),group=1", "type=match,pattern=p1/v(\\d.\\d),group=3", "type=ref,event=pr", "type=sha"], version: "1.0.0", tags: ["1.0.0", "1.0", "sha-860c190", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag19", event: "tag_p1-v1.0.0", rules: ["type=match,pattern=p1/v(\\d.\\d.\\d),group=1", "type=match,pattern=p1/v(\\d.\\d),group=1,suffix=", "type=ref,event=pr", "type=sha"], flavor: ["suffix=-dev"], version: "1.0.0-dev", tags: ["1.0.0-dev", "1.0", "sha-860c190-dev", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag20", event: "tag_v1.1.1", rules: ["type=raw,{{tag}}-{{sha}}-foo", "type=raw,{{base_ref}}-foo", "type=raw,defbranch-foo,enable={{is_default_branch}}"], version: "v1.1.1-860c190-foo", tags: ["v1.1.1-860c190-foo", "master-foo"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag21", event: "tag_v1.1.1", rules: ["type=semver,pattern={{version}}", "type=semver,pattern={{major}}.{{minor}}.{{patch}}"], flavor: ["suffix=-dev,onlatest=true"], version: "1.1.1-dev", tags: ["1.1.1-dev", "latest-dev"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag22", event: "tag_v1.1.1", rules: ["type=semver,pattern={{version}}", "type=semver,pattern={{major}}.{{minor}}.{{patch}}"], flavor: ["prefix=foo-,onlatest=true", "suffix=-dev,onlatest=true"], version: "foo-1.1.1-dev", tags: ["foo-1.1.1-dev", "foo-latest-dev"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag23", event: "tag_v1.1.1", rules: ["type=pep440,pattern={{raw}}", "type=pep440,pattern={{major}}.{{minor}}"], version: "v1.1.1", tags: ["v1.1.1", "1.1", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag24", event: "tag_1.2", rules: ["type=pep440,pattern={{version}}", "type=pep440,pattern={{major}}.{{minor}}"], version: "1.2", tags: ["1.2", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag25", event: "tag_1.1beta2", rules: ["type=pep440,pattern={{major}}.{{minor}}", "type=pep440,pattern={{major}}"], version: "1.1b2", tags: ["1.1b2"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag26", event: "tag_1.0dev4", rules: ["type=pep440,pattern={{major}}.{{minor}}", "type=pep440,pattern={{major}}"], version: "1.0.dev4", tags: ["1.0.dev4"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag27", event: "tag_1.2.3rc2", rules: ["type=pep440,pattern={{raw}}", "type=pep440,pattern={{version}}", "type=pep440,pattern={{major}}.{{minor}}", "type=pep440,pattern={{major}}"], version: "1.2.3rc2", tags: ["1.2.3rc2"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag28", event: "tag_v1.1.1", rules: ["type=pep440,pattern={{version}}", "type=pep440,pattern={{major}}.{{minor}}.{{patch}}", "type=pep440,pattern={{major}}.{{minor}}", "type=pep440,pattern={{major}}"], version: "1.1.1", tags: ["1.1.1", "1.1", "1", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag29", event: "tag_1.2post1", rules: ["type=pep440,pattern={{version}}", "type=pep440,pattern={{major}}.{{minor}}", "type=pep440,pattern={{major}}"], version: "1.2.post1", tags: ["1.2.post1"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag30", event: "tag_sometag", rules: ["type=ref,event=tag", "type=pep440,pattern={{version}}", "type=pep440,pattern={{major}}.{{minor}}", "type=pep440,pattern={{major}}"], flavor: ["latest=false"], version: "sometag", tags: ["sometag"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag31", event: "tag_v2.0.8-beta.67", rules: ["type=semver,pattern={{raw}}"], version: "v2.0.8-beta.67", tags: ["v2.0.8-beta.67"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag32", event: "tag_v1.2.3rc2", rules: ["type=pep440,pattern={{raw}}", "type=pep440,pattern={{major}}.{{minor}}"], version: "v1.2.3rc2", tags: ["v1.2.3rc2", "1.2.3rc2"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag33", event: "tag_v1.1.1", rules: ["type=pep440,pattern={{version}}", "type=pep440,pattern={{major}}.{{minor}}.{{patch}}", "type=pep440,pattern={{major}}.{{minor}}", "type=pep440,pattern={{major}}"], version: "1.1.1", tags: ["1.1.1", "1.1", "1", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "tag34", event: "tag_p1-v1.0.0", rules: ["type=semver,pattern={{version}},\"match=v(\\d.\\d.\\d)$\""], version: "1.0.0", tags: ["1.0.0", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "push35", event: "push_master", rules: ["type=semver,pattern={{version}},value=p1/v1.2.3,\"match=v(\\d.\\d.\\d)$\"", "type=pep440,pattern={{version}},value=p1/v1.2.3,\"match=v(\\d.\\d.\\d)$\"", "type=edge"], version: "1.2.3", tags: ["1.2.3", "edge", "latest"], revision: "266574110acf203503badf966df2ea24b5d732d7" },
  // latest
  { name: "latest01", event: "tag_release1", rules: ["type=match,\"pattern=^release\\d{1,2}\""], version: "release1", tags: ["release1", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "latest02", event: "tag_20200110-RC2", rules: ["type=match,\"pattern=^\\d+-RC\\d{1,2}\""], version: "20200110-RC2", tags: ["20200110-RC2", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37", ours: { reason: PRE_RELEASE, tags: ["20200110-RC2"] } },
  { name: "latest03", event: "tag_20200110-RC2", rules: ["type=match,pattern=\\d{8}"], version: "20200110", tags: ["20200110", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37", ours: { reason: PRE_RELEASE, tags: ["20200110"] } },
  { name: "latest04", event: "tag_v1.1.1", rules: ["type=match,\"pattern=\\d.\\d.\\d\""], version: "1.1.1", tags: ["1.1.1", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "latest05", event: "tag_v1.1.1", version: "v1.1.1", tags: ["v1.1.1", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "latest06", event: "tag_v2.0.8-beta.67", rules: ["type=match,\"pattern=\\d.\\d.\\d\""], version: "2.0.8", tags: ["2.0.8", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37", ours: { reason: PRE_RELEASE, tags: ["2.0.8"] } },
  { name: "latest07", event: "tag_v1.1.1", rules: ["type=ref,event=tag"], flavor: ["latest=false"], version: "v1.1.1", tags: ["v1.1.1"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "latest08", event: "tag_v1.1.1", rules: ["type=ref,event=tag"], flavor: ["latest=false"], version: "v1.1.1", tags: ["v1.1.1"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "latest09", event: "tag_v1.1.1", rules: ["type=ref,event=tag"], flavor: ["latest=false"], labels: ["maintainer=CrazyMax", "org.opencontainers.image.description=this is a \"good\" example", "org.opencontainers.image.title=MyCustomTitle", "org.opencontainers.image.vendor=MyCompany"], annotations: ["maintainer=Foo", "org.opencontainers.image.description=this is a \"bad\" example", "org.opencontainers.image.title=MyNotTitle", "org.opencontainers.image.vendor=MyNotCompany"], version: "v1.1.1", tags: ["v1.1.1"], expectedLabels: ["maintainer=CrazyMax", "org.opencontainers.image.created=2020-01-10T00:30:00.000Z", "org.opencontainers.image.description=this is a \"good\" example", "org.opencontainers.image.licenses=MIT", "org.opencontainers.image.revision=860c1904a1ce19322e91ac35af1ab07466440c37", "org.opencontainers.image.source=https://github.com/octocat/Hello-World", "org.opencontainers.image.title=MyCustomTitle", "org.opencontainers.image.url=https://github.com/octocat/Hello-World", "org.opencontainers.image.vendor=MyCompany", "org.opencontainers.image.version=v1.1.1"], expectedAnnotations: ["maintainer=Foo", "org.opencontainers.image.created=2020-01-10T00:30:00.000Z", "org.opencontainers.image.description=this is a \"bad\" example", "org.opencontainers.image.licenses=MIT", "org.opencontainers.image.revision=860c1904a1ce19322e91ac35af1ab07466440c37", "org.opencontainers.image.source=https://github.com/octocat/Hello-World", "org.opencontainers.image.title=MyNotTitle", "org.opencontainers.image.url=https://github.com/octocat/Hello-World", "org.opencontainers.image.vendor=MyNotCompany", "org.opencontainers.image.version=v1.1.1"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "latest10", event: "tag_v2.0.8-beta.67", rules: ["type=match,\"pattern=\\d.\\d.\\d\""], version: "2.0.8", tags: ["2.0.8", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37", ours: { reason: PRE_RELEASE, tags: ["2.0.8"] } },
  // pr
  { name: "pr01", event: "pull_request", version: "pr-15", tags: ["pr-15"], revision: "a9c8c5828b91be19d9728548b24759e352367ef1", ours: { reason: HEAD_COMMIT, revision: HEAD_SHA } },
  { name: "pr02", event: "pull_request", version: "pr-15", tags: ["pr-15"], revision: "a9c8c5828b91be19d9728548b24759e352367ef1", ours: { reason: HEAD_COMMIT, revision: HEAD_SHA } },
  { name: "pr03", event: "pull_request", rules: ["type=ref,event=pr", "type=sha"], version: "pr-15", tags: ["pr-15", "sha-a9c8c58"], revision: "a9c8c5828b91be19d9728548b24759e352367ef1", ours: { reason: HEAD_COMMIT, revision: HEAD_SHA, tags: ["pr-15", "sha-3370e22"] } },
  { name: "pr04", event: "pull_request", rules: ["type=sha,priority=2000", "type=ref,event=pr"], version: "sha-a9c8c58", tags: ["sha-a9c8c58", "pr-15"], revision: "a9c8c5828b91be19d9728548b24759e352367ef1", ours: { reason: HEAD_COMMIT, revision: HEAD_SHA, tags: ["sha-3370e22", "pr-15"], version: "sha-3370e22" } },
  { name: "pr05", event: "pull_request", rules: ["type=ref,event=pr"], flavor: ["prefix=glo-", "suffix=-bal"], version: "pr-15-bal", tags: ["pr-15-bal"], revision: "a9c8c5828b91be19d9728548b24759e352367ef1", ours: { reason: HEAD_COMMIT, revision: HEAD_SHA } },
  { name: "pr06", event: "pull_request", rules: ["type=ref,event=pr,prefix="], flavor: ["prefix=glo-", "suffix=-bal"], version: "15-bal", tags: ["15-bal"], revision: "a9c8c5828b91be19d9728548b24759e352367ef1", ours: { reason: HEAD_COMMIT, revision: HEAD_SHA } },
  { name: "pr07", event: "pull_request_target", rules: ["type=sha,priority=2000", "type=ref,event=pr"], version: "sha-2665741", tags: ["sha-2665741", "pr-15"], revision: "266574110acf203503badf966df2ea24b5d732d7", ours: { reason: HEAD_COMMIT, revision: HEAD_SHA, tags: ["sha-3370e22", "pr-15"], version: "sha-3370e22" } },
  { name: "pr08", event: "pull_request_target", rules: ["type=ref,event=pr,prefix="], flavor: ["prefix=glo-", "suffix=-bal"], version: "15-bal", tags: ["15-bal"], revision: "266574110acf203503badf966df2ea24b5d732d7", ours: { reason: HEAD_COMMIT, revision: HEAD_SHA } },
  { name: "pr09", event: "pull_request_target", rules: ["type=ref,event=tag", "type=ref,event=pr", "type=ref,event=branch", "type=sha", "type=sha,format=long"], version: "pr-15", tags: ["pr-15", "sha-2665741", "sha-266574110acf203503badf966df2ea24b5d732d7"], revision: "266574110acf203503badf966df2ea24b5d732d7", ours: { reason: HEAD_COMMIT, revision: HEAD_SHA, tags: ["pr-15", "sha-3370e22", "sha-3370e228f2209994d57af4427fe64e71bb79ac96"] } },
  { name: "pr10", event: "pull_request_target", rules: ["type=raw,value=mytag-{{base_ref}}", "type=raw,mytag-defbranch,enable={{is_default_branch}}"], version: "mytag-master", tags: ["mytag-master"], revision: "266574110acf203503badf966df2ea24b5d732d7", ours: { reason: HEAD_COMMIT, revision: HEAD_SHA } },
  { name: "pr11", event: "pull_request", rules: ["type=raw,value=mytag-{{base_ref}}", "type=raw,mytag-defbranch,enable={{is_default_branch}}"], version: "mytag-master", tags: ["mytag-master"], revision: "a9c8c5828b91be19d9728548b24759e352367ef1", ours: { reason: HEAD_COMMIT, revision: HEAD_SHA } },
  { name: "pr12", event: "pull_request", rules: ["type=raw,value={{commit_date YYYY-MM-DD-HHmmSS}}"], version: "2020-01-10T00-30-00Z", tags: ["2020-01-10T00-30-00Z"], revision: "a9c8c5828b91be19d9728548b24759e352367ef1", ours: { reason: HEAD_COMMIT, revision: HEAD_SHA } },
  // pr-head-sha
  { name: "pr-head-sha/pr01", event: "pull_request", env: { DOCKER_METADATA_PR_HEAD_SHA: 'true' }, version: "pr-15", tags: ["pr-15"], revision: "3370e228f2209994d57af4427fe64e71bb79ac96" },
  { name: "pr-head-sha/pr02", event: "pull_request", env: { DOCKER_METADATA_PR_HEAD_SHA: 'true' }, version: "pr-15", tags: ["pr-15"], revision: "3370e228f2209994d57af4427fe64e71bb79ac96" },
  { name: "pr-head-sha/pr03", event: "pull_request", env: { DOCKER_METADATA_PR_HEAD_SHA: 'true' }, rules: ["type=ref,event=pr", "type=sha"], version: "pr-15", tags: ["pr-15", "sha-3370e22"], revision: "3370e228f2209994d57af4427fe64e71bb79ac96" },
  { name: "pr-head-sha/pr04", event: "pull_request", env: { DOCKER_METADATA_PR_HEAD_SHA: 'true' }, rules: ["type=sha,priority=2000", "type=ref,event=pr"], version: "sha-3370e22", tags: ["sha-3370e22", "pr-15"], revision: "3370e228f2209994d57af4427fe64e71bb79ac96" },
  { name: "pr-head-sha/pr05", event: "pull_request", env: { DOCKER_METADATA_PR_HEAD_SHA: 'true' }, rules: ["type=ref,event=pr"], flavor: ["prefix=glo-", "suffix=-bal"], version: "pr-15-bal", tags: ["pr-15-bal"], revision: "3370e228f2209994d57af4427fe64e71bb79ac96" },
  { name: "pr-head-sha/pr06", event: "pull_request", env: { DOCKER_METADATA_PR_HEAD_SHA: 'true' }, rules: ["type=ref,event=pr,prefix="], flavor: ["prefix=glo-", "suffix=-bal"], version: "15-bal", tags: ["15-bal"], revision: "3370e228f2209994d57af4427fe64e71bb79ac96" },
  { name: "pr-head-sha/pr07", event: "pull_request_target", env: { DOCKER_METADATA_PR_HEAD_SHA: 'true' }, rules: ["type=sha,priority=2000", "type=ref,event=pr"], version: "sha-3370e22", tags: ["sha-3370e22", "pr-15"], revision: "3370e228f2209994d57af4427fe64e71bb79ac96" },
  { name: "pr-head-sha/pr08", event: "pull_request_target", env: { DOCKER_METADATA_PR_HEAD_SHA: 'true' }, rules: ["type=ref,event=pr,prefix="], flavor: ["prefix=glo-", "suffix=-bal"], version: "15-bal", tags: ["15-bal"], revision: "3370e228f2209994d57af4427fe64e71bb79ac96" },
  { name: "pr-head-sha/pr09", event: "pull_request_target", env: { DOCKER_METADATA_PR_HEAD_SHA: 'true' }, rules: ["type=ref,event=tag", "type=ref,event=pr", "type=ref,event=branch", "type=sha", "type=sha,format=long"], version: "pr-15", tags: ["pr-15", "sha-3370e22", "sha-3370e228f2209994d57af4427fe64e71bb79ac96"], revision: "3370e228f2209994d57af4427fe64e71bb79ac96" },
  { name: "pr-head-sha/pr10", event: "pull_request_target", env: { DOCKER_METADATA_PR_HEAD_SHA: 'true' }, rules: ["type=raw,value=mytag-{{base_ref}}", "type=raw,mytag-defbranch,enable={{is_default_branch}}"], version: "mytag-master", tags: ["mytag-master"], revision: "3370e228f2209994d57af4427fe64e71bb79ac96" },
  { name: "pr-head-sha/pr11", event: "pull_request", env: { DOCKER_METADATA_PR_HEAD_SHA: 'true' }, rules: ["type=raw,value=mytag-{{base_ref}}", "type=raw,mytag-defbranch,enable={{is_default_branch}}"], version: "mytag-master", tags: ["mytag-master"], revision: "3370e228f2209994d57af4427fe64e71bb79ac96" },
  { name: "pr-head-sha/pr12", event: "pull_request", env: { DOCKER_METADATA_PR_HEAD_SHA: 'true' }, rules: ["type=raw,value=src-{{commit_date YYYY-MM-DD}}"], version: "src-2020-01-10T00-30-00Z", tags: ["src-2020-01-10T00-30-00Z"], revision: "3370e228f2209994d57af4427fe64e71bb79ac96" },
  // schedule
  { name: "schedule01", event: "schedule", version: "nightly", tags: ["nightly", "master"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "schedule02", event: "schedule", rules: ["type=schedule,pattern={{date 'YYYYMMDD'}}", "type=schedule,pattern=source-date-{{commit_date 'YYYY-MM-DD'}}"], version: "20200110", tags: ["20200110", "source-date-2020-01-10"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "schedule03", event: "schedule", rules: ["type=schedule,pattern={{date 'YYYYMMDD-HHmmss'}}"], version: "20200110-003000", tags: ["20200110-003000"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "schedule04", event: "schedule", version: "nightly", tags: ["nightly", "master"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "schedule05", event: "schedule", rules: ["type=schedule", "type=sha"], version: "nightly", tags: ["nightly", "sha-860c190"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "schedule06", event: "schedule", rules: ["type=schedule", "type=sha,priority=2000", "type=raw,value=defbranch,enable={{is_default_branch}}"], version: "sha-860c190", tags: ["sha-860c190", "nightly", "defbranch"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "schedule07", event: "schedule", rules: ["type=schedule"], flavor: ["prefix=glo-", "suffix=-bal"], version: "glo-nightly-bal", tags: ["glo-nightly-bal"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "schedule08", event: "schedule", rules: ["type=schedule,pattern={{date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}", "type=schedule,pattern=src-{{commit_date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}"], version: "20200110-093000", tags: ["20200110-093000", "src-20200110-093000"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  // release
  { name: "release01", event: "release_created", version: "v1.1.1", tags: ["v1.1.1", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "release02", event: "release_created", rules: ["type=ref,event=tag", "type=raw,value=baseref-{{base_ref}}", "type=raw,value=defbranch,enable={{is_default_branch}}"], version: "v1.1.1", tags: ["v1.1.1", "baseref-", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "release03", event: "release_created", rules: ["type=raw,value=src-{{commit_date 'YYYYMMDD-HHmmss'}}", "type=raw,value={{date 'YYYYMMDD-HHmmss'}}"], version: "src-20200110-003000", tags: ["src-20200110-003000", "20200110-003000"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  // raw
  { name: "raw01", event: "push_dev", rules: ["type=ref,event=branch", "type=raw,my", "type=raw,custom", "type=raw,tags"], version: "dev", tags: ["dev", "my", "custom", "tags"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "raw02", event: "push_dev", rules: ["type=ref,event=branch", "type=raw,my"], version: "dev", tags: ["dev", "my"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "raw03", event: "tag_release1", rules: ["type=ref,event=tag", "type=raw,my", "type=raw,custom", "type=raw,tags"], version: "release1", tags: ["release1", "my", "custom", "tags", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "raw04", event: "tag_20200110-RC2", rules: ["type=match,pattern=\\d{8}", "type=raw,my", "type=raw,custom", "type=raw,tags"], flavor: ["latest=false"], version: "20200110", tags: ["20200110", "my", "custom", "tags"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "raw05", event: "tag_v1.1.1", rules: ["type=semver,pattern={{version}}", "type=semver,pattern={{major}}.{{minor}}", "type=semver,pattern={{major}}", "type=raw,my", "type=raw,custom", "type=raw,tags"], version: "1.1.1", tags: ["1.1.1", "1.1", "1", "my", "custom", "tags", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "raw06", event: "tag_v1.1.1", rules: ["type=raw,my", "type=raw,custom", "type=raw,tags"], version: "my", tags: ["my", "custom", "tags"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "raw07", event: "push_dev", rules: ["type=ref,priority=90,event=branch", "type=raw,my", "type=raw,custom", "type=raw,tags"], flavor: ["latest=true"], version: "my", tags: ["my", "custom", "tags", "dev", "latest"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "raw08", event: "push_dev", rules: ["type=match,pattern=\\d{8}", "type=raw,my", "type=raw,custom", "type=raw,tags"], flavor: ["latest=false"], version: "my", tags: ["my", "custom", "tags"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "raw09", event: "push_dev", rules: ["type=match,pattern=\\d{8}", "type=raw,my,prefix=foo-,suffix=-bar", "type=raw,custom", "type=raw,tags"], flavor: ["latest=false", "prefix=glo-", "suffix=-bal"], version: "foo-my-bar", tags: ["foo-my-bar", "glo-custom-bal", "glo-tags-bal"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" },
  { name: "raw10", event: "push_dev", rules: ["type=raw,foo", "type=raw,bar,enable=false", "type=raw,baz,enable=true"], flavor: ["latest=false"], version: "foo", tags: ["foo", "baz"], revision: "860c1904a1ce19322e91ac35af1ab07466440c37" }
]

describe("docker/metadata-action's test cases", () => {
  const results = new Map<string, Awaited<ReturnType<typeof run>>>()
  beforeAll(async () => {
    for (const entry of cases) results.set(entry.name, await run(entry))
  })

  it.each(cases.map(entry => [entry.name, entry] as const))('%s', (_name, entry) => {
    const ours = results.get(entry.name)
    expect(ours).toEqual(expected(entry, entry.ours))
  })

  it('with DOCKER_METADATA_PR_HEAD_SHA=false, pull_request rows give their tags and labels', async () => {
    // pull_request_target is left out: there GITHUB_SHA is the base branch's head, which
    // metadata-action names; ocir-push names the merge commit (merge_commit_sha).
    const rows = cases.filter(
      entry => entry.ours?.reason === HEAD_COMMIT && entry.event === 'pull_request'
    )
    for (const entry of rows) {
      expect(await run(entry, { DOCKER_METADATA_PR_HEAD_SHA: 'false' })).toEqual(expected(entry))
    }
    expect(rows.length).toBeGreaterThan(0)
  })

  it('give the same tags in the same order, except where metadata-action is known wrong, for at least 95% of them', () => {
    const sameTags = (entry: Case) =>
      JSON.stringify(results.get(entry.name)?.tags) === JSON.stringify(entry.tags)
    const same = cases.filter(sameTags).length
    const comparable = cases.filter(entry => entry.ours?.reason !== PRE_RELEASE)
    const share = comparable.filter(sameTags).length / comparable.length
    console.info(
      `metadata-action compatibility: ${same}/${cases.length} of their cases give the same tags in the same order (${percent(same / cases.length)}); ` +
        `${comparable.filter(sameTags).length}/${comparable.length} (${percent(share)}) without the ${cases.length - comparable.length} where they give latest to a pre-release`
    )
    // Every difference is one of the listed ones.
    expect(cases.filter(entry => !sameTags(entry) && !entry.ours).map(entry => entry.name)).toEqual(
      []
    )
    expect(share).toBeGreaterThanOrEqual(0.95)
  })
})

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`
}
