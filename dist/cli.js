#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: ./src/common/constants.ts
/** Names that users and tests depend on: action inputs, outputs, post-step state, CLI environment. */
const constants_Inputs = {
    Region: 'region',
    Registry: 'registry',
    Namespace: 'namespace',
    Username: 'username',
    IdentityDomain: 'identity-domain',
    AuthToken: 'auth-token',
    Image: 'image',
    Repository: 'repository',
    Tags: 'tags',
    Flavor: 'flavor',
    PushByDigest: 'push-by-digest',
    MergeDigests: 'merge-digests',
    Push: 'push',
    Logout: 'logout'
};
const Outputs = {
    Registry: 'registry',
    Username: 'username',
    Repository: 'repository',
    Tags: 'tags',
    PullReference: 'pull-reference',
    Digest: 'digest',
    PinnedReference: 'pinned-reference',
    Json: 'json'
};
/** What the main step leaves for the post step (GITHUB_STATE). */
const State = {
    IsPost: 'isPost',
    Registry: 'registry',
    DockerConfig: 'docker-config',
    CreatedDockerConfig: 'created-docker-config',
    Logout: 'logout'
};
/** The CLI's environment variable for an input: `identity-domain` → `OCIR_IDENTITY_DOMAIN`. */
function envNameFor(input) {
    return `OCIR_${input.toUpperCase().replace(/-/g, '_')}`;
}
/** The variables the auth token arrives in (the CLI's, the action input's). */
const AUTH_TOKEN_VARIABLES = [
    envNameFor(constants_Inputs.AuthToken),
    `INPUT_${constants_Inputs.AuthToken.toUpperCase()}`
];
/** `env` without the auth token: what a child process (docker, git) may inherit. */
function withoutAuthToken(env) {
    const copy = { ...env };
    for (const name of AUTH_TOKEN_VARIABLES)
        delete copy[name];
    return copy;
}
/** What an OCIR (and any distribution) registry accepts; see DESIGN.md. */
const constants_TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const REPOSITORY_PATTERN = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
;// CONCATENATED MODULE: ./src/common/errors.ts
/** Every failure below the faces is one of these: what failed, which input, and the fix. */
class OcirPushError extends Error {
    fix;
    input;
    detail;
    constructor(message, details) {
        super(message, details.cause === undefined ? undefined : { cause: details.cause });
        this.name = new.target.name;
        this.fix = details.fix;
        this.input = details.input;
        this.detail = details.detail;
    }
}
/** A setting's value is wrong; nothing was sent anywhere. */
class errors_InputError extends OcirPushError {
    constructor(input, message, details) {
        super(message, { ...details, input });
    }
}
/** The registry refused or failed a request. */
class RegistryError extends OcirPushError {
    status;
    /** The distribution-spec error code (`DENIED`, `UNAUTHORIZED`, `NAME_UNKNOWN`, …). */
    code;
    constructor(message, details) {
        super(message, details);
        this.status = details.status;
        this.code = details.code;
    }
}
/** The Docker CLI or engine failed or is missing. */
class DockerError extends OcirPushError {
}
/**
 * The one message a user sees: what failed, the fix, then the other side's own words.
 * Input names are shown as `inputLabel` renders them (action input or CLI flag).
 */
function formatError(error, inputLabel = input => `input '${input}'`) {
    if (!(error instanceof OcirPushError)) {
        return error instanceof Error ? error.message : String(error);
    }
    const lines = [error.input ? `${inputLabel(error.input)}: ${error.message}` : error.message];
    lines.push(`Fix: ${error.fix}`);
    if (error.detail) {
        lines.push(`${error instanceof DockerError ? 'Docker' : 'The registry'} said: ${error.detail}`);
    }
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/docker/cli.ts



/** A docker command that did not succeed, with Docker's own words (secrets removed). */
class DockerCommandError extends DockerError {
    reason;
    /** The docker subcommand, e.g. `push`. */
    command;
    exitCode;
    stderr;
    /** Why docker could not be started at all (`ENOENT`: not installed). */
    spawnErrorCode;
    constructor(message, details) {
        super(message, {
            fix: details.fix,
            detail: details.stderr.trim() || undefined,
            cause: details.cause
        });
        this.reason = details.reason;
        this.command = details.command;
        this.exitCode = details.exitCode;
        this.stderr = details.stderr;
        this.spawnErrorCode = details.spawnErrorCode;
    }
}
const DAEMON_UNREACHABLE = /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|dial unix [^ ]+: connect:/i;
const NO_SUCH_IMAGE = /No such (image|object)/i;
const PUSHED_DIGEST = /digest: (sha256:[0-9a-f]{64})/;
/** The Docker CLI as a seam: login through stdin, tag, push, inspect, logout. */
class DockerCli {
    binary;
    env;
    logger;
    constructor(options) {
        this.binary = options.binary ?? 'docker';
        // The token reaches docker on stdin only, never in its environment.
        this.env = { ...withoutAuthToken(options.env), DOCKER_CONFIG: options.configDir };
        this.logger = options.logger;
    }
    /** `docker login` with the token on stdin only: it never appears in argv or a message. */
    async login(host, username, token) {
        await this.run(['login', host, '--username', username, '--password-stdin'], {
            stdin: token,
            secret: token
        });
    }
    async logout(host) {
        await this.run(['logout', host]);
    }
    async tag(source, target) {
        await this.run(['tag', source, target]);
    }
    /**
     * Pushes one reference and returns the digest the registry stored it under. `signal` stops
     * it: Docker retries a refused upload for about a minute before it gives up.
     */
    async push(reference, signal) {
        const { stdout } = await this.run(['push', reference], {
            onLine: line => this.logger?.info(line),
            ...(signal ? { signal } : {})
        });
        const digest = PUSHED_DIGEST.exec(stdout)?.[1];
        if (!digest) {
            throw new DockerCommandError(`docker push ${reference} reported no digest`, {
                reason: 'failed',
                command: 'push',
                stderr: stdout,
                fix: 'Check that the Docker client and engine are a supported version (docker version)'
            });
        }
        return digest;
    }
    /** `docker save` of one image into `file` (a tarball the docker-archive source reads). */
    async save(reference, file) {
        await this.run(['save', '--output', file, reference]);
    }
    async inspect(reference) {
        const { stdout } = await this.run(['image', 'inspect', '--format', '{{json .}}', reference]);
        const image = JSON.parse(stdout);
        return {
            id: image.Id,
            repoTags: image.RepoTags ?? [],
            repoDigests: image.RepoDigests ?? [],
            platform: [image.Os, image.Architecture, image.Variant].filter(Boolean).join('/')
        };
    }
    /** The local image `reference` names, or undefined when the engine has none (one inspect). */
    async findImage(reference) {
        try {
            return await this.inspect(reference);
        }
        catch (error) {
            if (error instanceof DockerCommandError &&
                error.reason === 'failed' &&
                NO_SUCH_IMAGE.test(error.stderr)) {
                return undefined;
            }
            throw error;
        }
    }
    async imageExists(reference) {
        return (await this.findImage(reference)) !== undefined;
    }
    run(args, options = {}) {
        const command = args[0];
        const redact = (text) => options.secret ? text.replaceAll(options.secret, '***') : text;
        this.logger?.debug(`${this.binary} ${args.join(' ')}`);
        return new Promise((resolve, reject) => {
            const child = (0,external_node_child_process_namespaceObject.spawn)(this.binary, args, {
                env: this.env,
                stdio: ['pipe', 'pipe', 'pipe'],
                ...(options.signal ? { signal: options.signal } : {})
            });
            let stdout = '';
            let stderr = '';
            let pending = '';
            child.stdout.setEncoding('utf8').on('data', (chunk) => {
                stdout += chunk;
                if (!options.onLine)
                    return;
                const lines = (pending + chunk).split('\n');
                pending = lines.pop() ?? '';
                for (const line of lines)
                    if (line.trim())
                        options.onLine(redact(line));
            });
            child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
            // A closed stdin (docker exiting early) must not crash the process.
            child.stdin.on('error', () => undefined);
            child.stdin.end(options.stdin ?? '');
            child.on('error', error => {
                if (options.signal?.aborted) {
                    reject(options.signal.reason);
                    return;
                }
                const spawnErrorCode = error.code;
                const notFound = spawnErrorCode === 'ENOENT';
                reject(new DockerCommandError(notFound
                    ? `Docker is not installed: '${this.binary}' was not found on PATH`
                    : `docker ${command} could not be started: ${error.message}`, {
                    reason: notFound ? 'not-installed' : 'failed',
                    command,
                    stderr: '',
                    spawnErrorCode,
                    fix: notFound
                        ? "Install Docker on this machine, or push without Docker from an OCI image layout ('oci:<dir>') or a 'docker save' tarball ('docker-archive:<file>')"
                        : 'Check that the docker executable can be run by this user',
                    cause: error
                }));
            });
            child.on('close', exitCode => {
                if (options.onLine && pending.trim())
                    options.onLine(redact(pending));
                const output = redact(stderr);
                if (exitCode === 0) {
                    if (output.trim())
                        this.logger?.debug(output.trim());
                    resolve({ stdout: redact(stdout) });
                    return;
                }
                reject(failure(command, exitCode ?? undefined, output, this.env.DOCKER_HOST));
            });
        });
    }
}
function failure(command, exitCode, stderr, dockerHost) {
    if (DAEMON_UNREACHABLE.test(stderr)) {
        const where = dockerHost ? `at ${dockerHost}` : 'at the default socket';
        return new DockerCommandError(`Docker is installed but its engine is not reachable ${where}`, {
            reason: 'daemon-unreachable',
            command,
            exitCode,
            stderr,
            fix: "Start the Docker engine (or point DOCKER_HOST at a running one), or push without Docker from an OCI image layout ('oci:<dir>') or a 'docker save' tarball ('docker-archive:<file>')"
        });
    }
    return new DockerCommandError(`docker ${command} failed (exit code ${exitCode})`, {
        reason: 'failed',
        command,
        exitCode,
        stderr,
        fix: "Read Docker's message below"
    });
}

;// CONCATENATED MODULE: ./src/git/facts.ts
/** Reads a nested field of a JSON payload; undefined unless it is a string or number. */
function payloadField(payload, ...path) {
    let value = payload;
    for (const key of path) {
        if (typeof value !== 'object' || value === null)
            return undefined;
        value = value[key];
    }
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number')
        return String(value);
    return undefined;
}
/** An environment variable, undefined when unset or empty (CI systems export empty ones). */
function envValue(env, name) {
    const value = env[name]?.trim();
    return value ? value : undefined;
}
/** The branch, tag or pull request number a full git ref names. */
function parseRef(ref) {
    if (!ref)
        return {};
    if (ref.startsWith('refs/heads/'))
        return { branch: ref.slice('refs/heads/'.length) };
    if (ref.startsWith('refs/tags/'))
        return { tag: ref.slice('refs/tags/'.length) };
    const pull = /^refs\/(?:pull|merge-requests)\/(\d+)\//.exec(ref);
    return pull ? { prNumber: Number(pull[1]) } : {};
}
/** `refs/heads/main` → `main`; a bare name is kept. */
function stripHeads(name) {
    return name?.replace(/^refs\/heads\//, '');
}
/** The GitContext fields of a tag build. */
function tagBuild(tag) {
    return { event: 'tag', ref: `refs/tags/${tag}`, tag };
}
/** The GitContext fields of a build of `branch`: pushed, started by hand, or scheduled. */
function branchBuild(branch, event = 'branch') {
    return { event, ref: `refs/heads/${branch}`, branch };
}
/**
 * The GitContext fields of a pull (merge) request build: `head` is the source branch (it is
 * also `branch`, so branch rules work on pull requests), `base` the target branch.
 */
function pullRequestBuild(number, { head, base, ref = `refs/pull/${number}/head` }) {
    return {
        event: 'pull_request',
        ref,
        prNumber: Number(number),
        branch: head,
        headRef: head,
        baseRef: base
    };
}

;// CONCATENATED MODULE: ./src/git/providers/azure.ts

/**
 * Azure Pipelines: BUILD_REASON, BUILD_SOURCEBRANCH (a full ref), BUILD_SOURCEVERSION
 * and, for pull requests, SYSTEM_PULLREQUEST_*: the number is PULLREQUESTNUMBER for
 * GitHub repositories and PULLREQUESTID for Azure Repos; BUILD_SOURCEVERSION is then
 * the merge commit and SYSTEM_PULLREQUEST_SOURCECOMMITID (GitHub only) the head.
 */
function azureContext({ env, git, now }) {
    const value = (name) => envValue(env, name);
    const eventName = value('BUILD_REASON') ?? '';
    const ref = value('BUILD_SOURCEBRANCH') ?? '';
    const builtSha = value('BUILD_SOURCEVERSION') ?? git.headSha ?? '';
    const base = {
        provider: 'azure',
        eventName,
        ref,
        sha: builtSha,
        defaultBranch: git.defaultBranch,
        date: now.toISOString()
    };
    const pullRequest = value('SYSTEM_PULLREQUEST_PULLREQUESTNUMBER') ?? value('SYSTEM_PULLREQUEST_PULLREQUESTID');
    if (eventName === 'PullRequest' && pullRequest !== undefined) {
        const headSha = value('SYSTEM_PULLREQUEST_SOURCECOMMITID') ?? builtSha;
        const headRef = stripHeads(value('SYSTEM_PULLREQUEST_SOURCEBRANCH'));
        return {
            ...base,
            event: 'pull_request',
            sha: headSha,
            mergeSha: headSha !== builtSha ? builtSha : undefined,
            prNumber: Number(pullRequest),
            branch: headRef,
            headRef,
            baseRef: stripHeads(value('SYSTEM_PULLREQUEST_TARGETBRANCH'))
        };
    }
    const { branch, tag } = parseRef(ref);
    if (tag !== undefined)
        return { ...base, event: 'tag', tag };
    if (branch !== undefined) {
        return { ...base, event: eventName === 'Schedule' ? 'schedule' : 'branch', branch };
    }
    return { ...base, event: 'other' };
}

;// CONCATENATED MODULE: ./src/git/providers/bitbucket.ts

/**
 * Bitbucket Pipelines: BITBUCKET_COMMIT, BITBUCKET_BRANCH, BITBUCKET_TAG and, in
 * pull-request pipelines, BITBUCKET_PR_ID and BITBUCKET_PR_DESTINATION_BRANCH (the
 * branch is then the source branch and the commit its head). Bitbucket exports no
 * default branch: it comes from git's origin/HEAD.
 */
function bitbucketContext({ env, git, now }) {
    const value = (name) => envValue(env, name);
    const base = {
        provider: 'bitbucket',
        sha: value('BITBUCKET_COMMIT') ?? git.headSha ?? '',
        defaultBranch: git.defaultBranch,
        date: now.toISOString()
    };
    const branch = value('BITBUCKET_BRANCH');
    const pullRequest = value('BITBUCKET_PR_ID');
    if (pullRequest !== undefined) {
        return {
            ...base,
            eventName: 'pull-request',
            ...pullRequestBuild(pullRequest, {
                head: branch,
                base: value('BITBUCKET_PR_DESTINATION_BRANCH'),
                // Bitbucket builds the source branch itself, not a merge ref.
                ref: branch ? `refs/heads/${branch}` : ''
            })
        };
    }
    const tag = value('BITBUCKET_TAG');
    if (tag !== undefined) {
        return { ...base, eventName: 'tag', ...tagBuild(tag) };
    }
    if (branch !== undefined) {
        return { ...base, eventName: 'branch', ...branchBuild(branch) };
    }
    return { ...base, event: 'other', eventName: 'custom', ref: '' };
}

;// CONCATENATED MODULE: ./src/git/providers/buildkite.ts

/**
 * Buildkite: BUILDKITE_COMMIT (may be `HEAD` for builds started in the UI: then git's
 * HEAD), BUILDKITE_BRANCH, BUILDKITE_TAG, BUILDKITE_PULL_REQUEST (`false` or a number),
 * BUILDKITE_PULL_REQUEST_BASE_BRANCH, BUILDKITE_PIPELINE_DEFAULT_BRANCH, BUILDKITE_SOURCE.
 */
function buildkiteContext({ env, git, now }) {
    const value = (name) => envValue(env, name);
    const eventName = value('BUILDKITE_SOURCE') ?? '';
    const commit = value('BUILDKITE_COMMIT');
    const base = {
        provider: 'buildkite',
        eventName,
        sha: (commit && /^[0-9a-f]{7,}$/i.test(commit) ? commit : git.headSha) ?? '',
        defaultBranch: value('BUILDKITE_PIPELINE_DEFAULT_BRANCH') ?? git.defaultBranch,
        date: now.toISOString()
    };
    const branch = value('BUILDKITE_BRANCH');
    const pullRequest = value('BUILDKITE_PULL_REQUEST');
    if (pullRequest !== undefined && /^\d+$/.test(pullRequest)) {
        return {
            ...base,
            ...pullRequestBuild(pullRequest, {
                head: branch,
                base: value('BUILDKITE_PULL_REQUEST_BASE_BRANCH')
            })
        };
    }
    const tag = value('BUILDKITE_TAG');
    if (tag !== undefined)
        return { ...base, ...tagBuild(tag) };
    if (branch !== undefined) {
        return { ...base, ...branchBuild(branch, eventName === 'schedule' ? 'schedule' : 'branch') };
    }
    return { ...base, event: 'other', ref: '' };
}

;// CONCATENATED MODULE: ./src/git/providers/circleci.ts

/**
 * CircleCI: CIRCLE_SHA1, CIRCLE_BRANCH, CIRCLE_TAG, CIRCLE_PR_NUMBER and
 * CIRCLE_PULL_REQUEST. CircleCI builds pushes: a branch with an open pull request is
 * still a branch build. A build of a fork's pull request has the branch `pull/<n>`.
 */
function circleciContext({ env, git, now }) {
    const value = (name) => envValue(env, name);
    const base = {
        provider: 'circleci',
        sha: value('CIRCLE_SHA1') ?? git.headSha ?? '',
        defaultBranch: git.defaultBranch,
        date: now.toISOString()
    };
    const tag = value('CIRCLE_TAG');
    if (tag !== undefined) {
        return { ...base, eventName: 'tag', ...tagBuild(tag) };
    }
    const branch = value('CIRCLE_BRANCH');
    const forkPullRequest = branch === undefined ? undefined : /^pull\/(\d+)$/.exec(branch);
    const prNumber = value('CIRCLE_PR_NUMBER') ??
        forkPullRequest?.[1] ??
        /\/pull\/(\d+)$/.exec(value('CIRCLE_PULL_REQUEST') ?? '')?.[1];
    if (forkPullRequest && prNumber !== undefined) {
        return { ...base, eventName: 'pull_request', ...pullRequestBuild(prNumber, {}) };
    }
    if (branch !== undefined) {
        return {
            ...base,
            eventName: 'branch',
            ...branchBuild(branch),
            prNumber: prNumber === undefined ? undefined : Number(prNumber)
        };
    }
    return { ...base, event: 'other', eventName: 'other', ref: '' };
}

;// CONCATENATED MODULE: ./src/git/providers/github.ts

/**
 * GitHub Actions: GITHUB_EVENT_NAME, GITHUB_REF, GITHUB_SHA and the event payload at
 * GITHUB_EVENT_PATH. On a pull request GITHUB_SHA is the merge commit GitHub made; the
 * head commit the author pushed comes from the payload.
 */
function githubContext({ env, payload, git, now }) {
    const eventName = envValue(env, 'GITHUB_EVENT_NAME') ?? '';
    const ref = envValue(env, 'GITHUB_REF') ?? '';
    const sha = envValue(env, 'GITHUB_SHA') ?? git.headSha ?? '';
    const defaultBranch = payloadField(payload, 'repository', 'default_branch') ?? git.defaultBranch;
    const date = now.toISOString();
    const base = { provider: 'github', eventName, ref, sha, date };
    const pullRequestNumber = payloadField(payload, 'pull_request', 'number') ?? payloadField(payload, 'number');
    if (eventName.startsWith('pull_request') && pullRequestNumber !== undefined) {
        const headSha = payloadField(payload, 'pull_request', 'head', 'sha') ?? sha;
        const headRef = envValue(env, 'GITHUB_HEAD_REF') ?? payloadField(payload, 'pull_request', 'head', 'ref');
        const baseRef = envValue(env, 'GITHUB_BASE_REF') ?? payloadField(payload, 'pull_request', 'base', 'ref');
        // pull_request builds the merge commit (GITHUB_SHA); pull_request_target the base branch.
        const mergeSha = eventName === 'pull_request'
            ? sha
            : (payloadField(payload, 'pull_request', 'merge_commit_sha') ?? undefined);
        return {
            ...base,
            event: 'pull_request',
            sha: headSha,
            mergeSha: mergeSha && mergeSha !== headSha ? mergeSha : undefined,
            prNumber: Number(pullRequestNumber),
            branch: headRef,
            headRef,
            baseRef,
            defaultBranch
        };
    }
    const { branch, tag } = parseRef(ref);
    if (tag !== undefined) {
        return { ...base, event: 'tag', tag, defaultBranch };
    }
    if (branch !== undefined) {
        return {
            ...base,
            event: eventName === 'schedule' ? 'schedule' : 'branch',
            branch,
            // A schedule runs on the default branch; its payload has no repository to say so.
            defaultBranch: defaultBranch ?? (eventName === 'schedule' ? branch : undefined)
        };
    }
    return { ...base, event: eventName === 'schedule' ? 'schedule' : 'other', defaultBranch };
}

;// CONCATENATED MODULE: ./src/git/providers/gitlab.ts

/**
 * GitLab CI: CI_PIPELINE_SOURCE, CI_COMMIT_SHA/BRANCH/TAG, CI_DEFAULT_BRANCH and, in
 * merge request pipelines, CI_MERGE_REQUEST_*. In a merged-results pipeline
 * CI_COMMIT_SHA is the merge result and CI_MERGE_REQUEST_SOURCE_BRANCH_SHA the head.
 */
function gitlabContext({ env, git, now }) {
    const value = (name) => envValue(env, name);
    const eventName = value('CI_PIPELINE_SOURCE') ?? '';
    const commitSha = value('CI_COMMIT_SHA') ?? git.headSha ?? '';
    const base = {
        provider: 'gitlab',
        eventName,
        sha: commitSha,
        defaultBranch: value('CI_DEFAULT_BRANCH') ?? git.defaultBranch,
        date: now.toISOString()
    };
    const mergeRequest = value('CI_MERGE_REQUEST_IID');
    if (mergeRequest !== undefined) {
        const headSha = value('CI_MERGE_REQUEST_SOURCE_BRANCH_SHA') ?? commitSha;
        return {
            ...base,
            ...pullRequestBuild(mergeRequest, {
                head: value('CI_MERGE_REQUEST_SOURCE_BRANCH_NAME'),
                base: value('CI_MERGE_REQUEST_TARGET_BRANCH_NAME'),
                ref: `refs/merge-requests/${mergeRequest}/head`
            }),
            sha: headSha,
            mergeSha: headSha !== commitSha ? commitSha : undefined
        };
    }
    const tag = value('CI_COMMIT_TAG');
    if (tag !== undefined) {
        return { ...base, ...tagBuild(tag) };
    }
    const branch = value('CI_COMMIT_BRANCH');
    if (branch !== undefined) {
        return { ...base, ...branchBuild(branch, eventName === 'schedule' ? 'schedule' : 'branch') };
    }
    return { ...base, event: eventName === 'schedule' ? 'schedule' : 'other', ref: '' };
}

;// CONCATENATED MODULE: ./src/git/providers/jenkins.ts

/**
 * Jenkins (multibranch pipelines and the Git plugin): TAG_NAME, CHANGE_ID,
 * CHANGE_BRANCH, CHANGE_TARGET, BRANCH_NAME (`PR-12` for a pull request), GIT_COMMIT
 * and GIT_BRANCH (`origin/main` in a plain pipeline).
 */
function jenkinsContext({ env, git, now }) {
    const value = (name) => envValue(env, name);
    const base = {
        provider: 'jenkins',
        sha: value('GIT_COMMIT') ?? git.headSha ?? '',
        defaultBranch: git.defaultBranch,
        date: now.toISOString()
    };
    const change = value('CHANGE_ID');
    if (change !== undefined) {
        return {
            ...base,
            eventName: 'change-request',
            ...pullRequestBuild(change, { head: value('CHANGE_BRANCH'), base: value('CHANGE_TARGET') })
        };
    }
    const tag = value('TAG_NAME');
    if (tag !== undefined) {
        return { ...base, eventName: 'tag', ...tagBuild(tag) };
    }
    const branch = value('BRANCH_NAME') ?? value('GIT_BRANCH')?.replace(/^(?:refs\/heads\/|origin\/)/, '');
    if (branch !== undefined) {
        return { ...base, eventName: 'branch', ...branchBuild(branch) };
    }
    return { ...base, event: 'other', eventName: 'other', ref: '' };
}

;// CONCATENATED MODULE: ./src/tags/semver.ts
/**
 * Semantic versions as docker/metadata-action accepts them (node-semver's strict
 * `valid`): an optional leading `v`, `MAJOR.MINOR.PATCH`, an optional pre-release and
 * build metadata, surrounding whitespace ignored.
 */
const NUMBER = '0|[1-9]\\d*';
const PRERELEASE_ID = `(?:${NUMBER}|\\d*[A-Za-z-][A-Za-z0-9-]*)`;
const SEMVER = new RegExp(`^v?(${NUMBER})\\.(${NUMBER})\\.(${NUMBER})` +
    `(?:-(${PRERELEASE_ID}(?:\\.${PRERELEASE_ID})*))?` +
    `(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$`);
function parseSemver(text) {
    const match = SEMVER.exec(text.trim());
    if (!match)
        return undefined;
    const [, major, minor, patch, prerelease] = match;
    const core = `${major}.${minor}.${patch}`;
    return {
        raw: text,
        version: prerelease ? `${core}-${prerelease}` : core,
        major,
        minor,
        patch,
        prerelease
    };
}
/** Orders versions by semver precedence (build metadata ignored); for picking the newest tag. */
function compareSemver(a, b) {
    for (const key of ['major', 'minor', 'patch']) {
        const difference = Number(a[key]) - Number(b[key]);
        if (difference !== 0)
            return Math.sign(difference);
    }
    if (a.prerelease === b.prerelease)
        return 0;
    if (a.prerelease === undefined)
        return 1;
    if (b.prerelease === undefined)
        return -1;
    const left = a.prerelease.split('.');
    const right = b.prerelease.split('.');
    for (let index = 0; index < Math.max(left.length, right.length); index++) {
        if (left[index] === undefined)
            return -1;
        if (right[index] === undefined)
            return 1;
        const order = compareIdentifier(left[index], right[index]);
        if (order !== 0)
            return order;
    }
    return 0;
}
function compareIdentifier(a, b) {
    const aNumeric = /^\d+$/.test(a);
    const bNumeric = /^\d+$/.test(b);
    if (aNumeric && bNumeric)
        return Math.sign(Number(a) - Number(b));
    if (aNumeric !== bNumeric)
        return aNumeric ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
}

;// CONCATENATED MODULE: ./src/git/providers/git.ts


/**
 * A plain git checkout (a laptop, or a CI this project does not know): HEAD, the tag on
 * HEAD (the highest semantic version when there are several) or else the branch.
 */
function plainGitContext({ git, now }) {
    const base = {
        provider: 'git',
        sha: git.headSha ?? '',
        defaultBranch: git.defaultBranch,
        date: now.toISOString()
    };
    const tag = pickTag(git.tagsAtHead);
    if (tag !== undefined) {
        return { ...base, eventName: 'tag', ...tagBuild(tag) };
    }
    if (git.branch !== undefined) {
        return { ...base, eventName: 'branch', ...branchBuild(git.branch) };
    }
    return { ...base, event: 'other', eventName: 'detached', ref: '' };
}
/** The highest semantic version among the tags, else the first tag by name. */
function pickTag(tags) {
    const versions = tags.flatMap(tag => {
        const version = parseSemver(tag.replace(/\//g, '-'));
        return version ? [{ tag, version }] : [];
    });
    if (versions.length > 0) {
        return versions.reduce((best, entry) => compareSemver(entry.version, best.version) > 0 ? entry : best).tag;
    }
    return [...tags].sort()[0];
}

;// CONCATENATED MODULE: ./src/git/io.ts



function defaultGitIo(cwd = process.cwd()) {
    return {
        readFile: path => (0,promises_namespaceObject.readFile)(path, 'utf8'),
        git: args => new Promise(resolve => {
            (0,external_node_child_process_namespaceObject.execFile)('git', args, { cwd, env: withoutAuthToken(process.env), windowsHide: true }, (error, stdout) => resolve(error ? undefined : stdout.trim()));
        }),
        now: () => new Date()
    };
}

;// CONCATENATED MODULE: ./src/git/index.ts










/** Each CI, the variable that tells it is the one running, and how it builds a GitContext. */
const PROVIDERS = [
    { name: 'github', detectedBy: 'GITHUB_ACTIONS', context: githubContext },
    { name: 'gitlab', detectedBy: 'GITLAB_CI', context: gitlabContext },
    { name: 'bitbucket', detectedBy: 'BITBUCKET_BUILD_NUMBER', context: bitbucketContext },
    { name: 'azure', detectedBy: 'TF_BUILD', context: azureContext },
    { name: 'circleci', detectedBy: 'CIRCLECI', context: circleciContext },
    { name: 'jenkins', detectedBy: 'JENKINS_URL', context: jenkinsContext },
    { name: 'buildkite', detectedBy: 'BUILDKITE', context: buildkiteContext },
    { name: 'git', context: plainGitContext }
];
const PROVIDER_NAMES = PROVIDERS.map(provider => provider.name);
/** The CI this runs on, from its marker variable; `git` when none is set. */
function detectProvider(env) {
    return PROVIDERS.find(provider => provider.detectedBy && env[provider.detectedBy])?.name ?? 'git';
}
async function readGitFacts(io) {
    const [headSha, branch, tags, originHead] = await Promise.all([
        io.git(['rev-parse', 'HEAD']),
        io.git(['symbolic-ref', '--quiet', '--short', 'HEAD']),
        io.git(['tag', '--points-at', 'HEAD']),
        io.git(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'])
    ]);
    return {
        headSha: headSha || undefined,
        branch: branch || undefined,
        tagsAtHead: tags
            ? tags
                .split('\n')
                .map(tag => tag.trim())
                .filter(Boolean)
            : [],
        defaultBranch: originHead ? originHead.replace(/^origin\//, '') : undefined
    };
}
/**
 * Reads the build's git context: the provider's environment, its event payload
 * (GitHub), and what git says about the checkout. `options.provider` forces a provider.
 */
async function resolveGitContext(env, io, options = {}) {
    const name = options.provider || detectProvider(env);
    const provider = PROVIDERS.find(candidate => candidate.name === name);
    if (!provider) {
        throw new OcirPushError(`unknown git provider '${name}'`, {
            fix: `choose one of: ${PROVIDER_NAMES.join(', ')}`
        });
    }
    const git = await readGitFacts(io);
    const eventPath = name === 'github' ? env.GITHUB_EVENT_PATH : undefined;
    const payload = eventPath ? await readPayload(io, eventPath) : undefined;
    return provider.context({ env, payload, git, now: io.now() });
}
async function readPayload(io, path) {
    try {
        return JSON.parse(await io.readFile(path));
    }
    catch (error) {
        throw new OcirPushError(`cannot read the event payload ${path}`, {
            fix: 'GITHUB_EVENT_PATH must name the JSON event file the runner wrote; unset it outside GitHub Actions',
            detail: error.message,
            cause: error
        });
    }
}

;// CONCATENATED MODULE: ./src/ocir/edit-distance.ts
/** Levenshtein distance: single-character insertions, deletions and substitutions. */
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}

;// CONCATENATED MODULE: ./src/ocir/regions.generated.ts
const REGIONS = [
    { key: 'YNY', identifier: 'ap-chuncheon-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'BOM', identifier: 'ap-mumbai-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'HYD', identifier: 'ap-hyderabad-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'ICN', identifier: 'ap-seoul-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'SYD', identifier: 'ap-sydney-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'MEL', identifier: 'ap-melbourne-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'KIX', identifier: 'ap-osaka-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'NRT', identifier: 'ap-tokyo-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'YUL', identifier: 'ca-montreal-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'YYZ', identifier: 'ca-toronto-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'FRA', identifier: 'eu-frankfurt-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'ZRH', identifier: 'eu-zurich-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'GRU', identifier: 'sa-saopaulo-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'CWL', identifier: 'uk-cardiff-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'LHR', identifier: 'uk-london-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'IAD', identifier: 'us-ashburn-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'PHX', identifier: 'us-phoenix-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'AMS', identifier: 'eu-amsterdam-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'JED', identifier: 'me-jeddah-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'SJC', identifier: 'us-sanjose-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'DXB', identifier: 'me-dubai-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'SCL', identifier: 'sa-santiago-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'VCP', identifier: 'sa-vinhedo-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'MTZ', identifier: 'il-jerusalem-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'MRS', identifier: 'eu-marseille-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'SIN', identifier: 'ap-singapore-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'AUH', identifier: 'me-abudhabi-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'LIN', identifier: 'eu-milan-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'ARN', identifier: 'eu-stockholm-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'JNB', identifier: 'af-johannesburg-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'CDG', identifier: 'eu-paris-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'QRO', identifier: 'mx-queretaro-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'MAD', identifier: 'eu-madrid-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'ORD', identifier: 'us-chicago-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'MTY', identifier: 'mx-monterrey-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'AGA', identifier: 'us-saltlake-2', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'BOG', identifier: 'sa-bogota-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'VAP', identifier: 'sa-valparaiso-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'XSP', identifier: 'ap-singapore-2', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'RUH', identifier: 'me-riyadh-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'ONM', identifier: 'ap-delhi-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'HSG', identifier: 'ap-batam-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'ORF', identifier: 'eu-madrid-3', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'NRQ', identifier: 'eu-turin-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'JBP', identifier: 'ap-kulai-2', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'LEJ', identifier: 'af-casablanca-1', realm: 'oc1', realmDomain: 'oraclecloud.com' },
    { key: 'LFI', identifier: 'us-langley-1', realm: 'oc2', realmDomain: 'oraclegovcloud.com' },
    { key: 'LUF', identifier: 'us-luke-1', realm: 'oc2', realmDomain: 'oraclegovcloud.com' },
    { key: 'RIC', identifier: 'us-gov-ashburn-1', realm: 'oc3', realmDomain: 'oraclegovcloud.com' },
    { key: 'PIA', identifier: 'us-gov-chicago-1', realm: 'oc3', realmDomain: 'oraclegovcloud.com' },
    { key: 'TUS', identifier: 'us-gov-phoenix-1', realm: 'oc3', realmDomain: 'oraclegovcloud.com' },
    { key: 'LTN', identifier: 'uk-gov-london-1', realm: 'oc4', realmDomain: 'oraclegovcloud.uk' },
    { key: 'BRS', identifier: 'uk-gov-cardiff-1', realm: 'oc4', realmDomain: 'oraclegovcloud.uk' },
    { key: 'NJA', identifier: 'ap-chiyoda-1', realm: 'oc8', realmDomain: 'oraclecloud8.com' },
    { key: 'UKB', identifier: 'ap-ibaraki-1', realm: 'oc8', realmDomain: 'oraclecloud8.com' },
    { key: 'MCT', identifier: 'me-dcc-muscat-1', realm: 'oc9', realmDomain: 'oraclecloud9.com' },
    { key: 'IBR', identifier: 'me-ibri-1', realm: 'oc9', realmDomain: 'oraclecloud9.com' },
    { key: 'WGA', identifier: 'ap-dcc-canberra-1', realm: 'oc10', realmDomain: 'oraclecloud10.com' },
    { key: 'BGY', identifier: 'eu-dcc-milan-1', realm: 'oc14', realmDomain: 'oraclecloud14.com' },
    { key: 'MXP', identifier: 'eu-dcc-milan-2', realm: 'oc14', realmDomain: 'oraclecloud14.com' },
    { key: 'SNN', identifier: 'eu-dcc-dublin-2', realm: 'oc14', realmDomain: 'oraclecloud14.com' },
    { key: 'DTM', identifier: 'eu-dcc-rating-2', realm: 'oc14', realmDomain: 'oraclecloud14.com' },
    { key: 'DUS', identifier: 'eu-dcc-rating-1', realm: 'oc14', realmDomain: 'oraclecloud14.com' },
    { key: 'ORK', identifier: 'eu-dcc-dublin-1', realm: 'oc14', realmDomain: 'oraclecloud14.com' },
    { key: 'BEG', identifier: 'eu-jovanovac-1', realm: 'oc20', realmDomain: 'oraclecloud20.com' },
    { key: 'VLL', identifier: 'eu-madrid-2', realm: 'oc19', realmDomain: 'oraclecloud.eu' },
    { key: 'STR', identifier: 'eu-frankfurt-2', realm: 'oc19', realmDomain: 'oraclecloud.eu' },
    { key: 'AVZ', identifier: 'eu-dcc-zurich-1', realm: 'oc24', realmDomain: 'oraclecloud24.com' },
    { key: 'AVF', identifier: 'eu-crissier-1', realm: 'oc24', realmDomain: 'oraclecloud24.com' },
    { key: 'DOH', identifier: 'me-dcc-doha-1', realm: 'oc21', realmDomain: 'oraclecloud21.com' },
    { key: 'VVE', identifier: 'me-alrayyan-1', realm: 'oc21', realmDomain: 'oraclecloud21.com' },
    { key: 'AHU', identifier: 'me-abudhabi-3', realm: 'oc26', realmDomain: 'oraclecloud26.com' },
    { key: 'RBA', identifier: 'me-alain-1', realm: 'oc26', realmDomain: 'oraclecloud26.com' },
    { key: 'DAC', identifier: 'ap-dcc-gazipur-1', realm: 'oc15', realmDomain: 'oraclecloud15.com' },
    { key: 'RKT', identifier: 'me-abudhabi-2', realm: 'oc29', realmDomain: 'oraclecloud29.com' },
    { key: 'SHJ', identifier: 'me-abudhabi-4', realm: 'oc29', realmDomain: 'oraclecloud29.com' },
    { key: 'EBB', identifier: 'us-somerset-1', realm: 'oc23', realmDomain: 'oraclecloud23.com' },
    { key: 'EBL', identifier: 'us-thames-1', realm: 'oc23', realmDomain: 'oraclecloud23.com' },
    { key: 'DTZ', identifier: 'ap-seoul-2', realm: 'oc35', realmDomain: 'oraclecloud35.com' },
    { key: 'DLN', identifier: 'ap-suwon-1', realm: 'oc35', realmDomain: 'oraclecloud35.com' },
    { key: 'BNO', identifier: 'ap-chuncheon-2', realm: 'oc35', realmDomain: 'oraclecloud35.com' },
    { key: 'YXJ', identifier: 'us-ashburn-2', realm: 'oc42', realmDomain: 'oraclecloud42.com' },
    { key: 'PGC', identifier: 'us-newark-1', realm: 'oc42', realmDomain: 'oraclecloud42.com' },
    { key: 'JSK', identifier: 'eu-budapest-1', realm: 'oc51', realmDomain: 'oraclecloud51.com' },
    { key: 'HNW', identifier: 'sa-riodejaneiro-1', realm: 'oc52', realmDomain: 'oraclecloud52.com' }
];

;// CONCATENATED MODULE: ./src/ocir/regions.ts





const EXAMPLE = "a region key such as 'fra' or an identifier such as 'eu-frankfurt-1'";
const KEY_HOST = /^([a-z]{3})\.ocir\.io$/;
const IDENTIFIER_HOST = /^ocir\.([a-z0-9-]+)\.oci\.(.+)$/;
/** The region a key or identifier (any case, surrounding whitespace ignored) names. */
function findRegion(input) {
    const wanted = input.trim().toLowerCase();
    return REGIONS.find(r => r.key.toLowerCase() === wanted || r.identifier === wanted);
}
/** The region named by the `region` input; an unknown name fails naming the closest ones. */
function resolveRegion(input) {
    const value = input.trim();
    if (value === '') {
        throw new errors_InputError(constants_Inputs.Region, 'region is empty', { fix: `Set region to ${EXAMPLE}.` });
    }
    const region = findRegion(value);
    if (region)
        return region;
    const hostRegion = regionOfHost(value.toLowerCase());
    if (hostRegion) {
        throw new errors_InputError(constants_Inputs.Region, `region takes a region, not a registry host; got '${value}'`, {
            fix: `Write region: '${hostRegion.key.toLowerCase()}' (or move '${value}' to registry).`
        });
    }
    const near = closestRegions(value);
    throw new errors_InputError(constants_Inputs.Region, `'${value}' is not a known OCI region`, {
        fix: near.length > 0
            ? `Did you mean ${near.map(describeRegion).join(', or ')}? Set region to ${EXAMPLE}.`
            : `Set region to ${EXAMPLE}; docs/ocir.md lists them all.`
    });
}
/**
 * The registry host of a region. In the commercial realm (oc1) that is the short form users
 * know, `fra.ocir.io`; other realms only have `ocir.<identifier>.oci.<realm-domain>`.
 */
function registryHost(region) {
    return region.realm === 'oc1'
        ? `${region.key.toLowerCase()}.ocir.io`
        : `ocir.${region.identifier}.oci.${region.realmDomain}`;
}
/** The region whose OCIR host (either form) this is, if any. */
function regionOfHost(host) {
    const key = KEY_HOST.exec(host)?.[1];
    const identifier = IDENTIFIER_HOST.exec(host);
    return REGIONS.find(r => key
        ? r.realm === 'oc1' && r.key.toLowerCase() === key
        : identifier !== null && r.identifier === identifier[1] && r.realmDomain === identifier[2]);
}
/**
 * The registry host to log into and to name images with (credentials are stored per host
 * string, so every reference must use exactly this one). `registry` wins over `region`; a
 * `region` given alongside is still checked, so a typo in it never goes unnoticed.
 */
function resolveRegistry(settings) {
    const region = settings.region.trim() === '' ? undefined : resolveRegion(settings.region);
    if (settings.registry.trim() !== '') {
        const host = validateRegistryHost(settings.registry);
        const hostRegion = regionOfHost(host);
        if (region && hostRegion && hostRegion !== region) {
            throw new errors_InputError(constants_Inputs.Registry, `registry '${host}' is in ${describeRegion(hostRegion)} but region names ${describeRegion(region)}`, { fix: `Set only one of region and registry, or make them name the same region.` });
        }
        return host;
    }
    if (region)
        return registryHost(region);
    throw new errors_InputError(constants_Inputs.Region, 'neither region nor registry is set', {
        fix: `Set region to ${EXAMPLE}, or registry to a registry host such as 'fra.ocir.io'.`
    });
}
/**
 * A `registry` value as a host name with an optional port, lower-cased (host names are
 * case-insensitive; one spelling keeps the stored credentials and references matching).
 */
function validateRegistryHost(raw) {
    const value = raw.trim();
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
    const rest = scheme ? value.slice(scheme[0].length) : value;
    const slash = rest.indexOf('/');
    const host = (slash === -1 ? rest : rest.slice(0, slash)).toLowerCase();
    const path = slash === -1 ? '' : rest.slice(slash + 1).replace(/\/+$/, '');
    const moveThePath = path
        ? ` The path '${path}' does not belong in registry: the namespace goes in namespace, the rest in repository.`
        : '';
    if (scheme) {
        throw new errors_InputError(constants_Inputs.Registry, `registry takes a host, not a URL; got '${value}'`, {
            fix: `Write registry: '${host}' (no '${scheme[0]}').${moveThePath}`
        });
    }
    if (slash !== -1) {
        throw new errors_InputError(constants_Inputs.Registry, `registry takes a host without a path; got '${value}'`, {
            fix: `Write registry: '${host}'.${moveThePath}`
        });
    }
    const port = /:(\d+)$/.exec(host)?.[1];
    const name = port === undefined ? host : host.slice(0, -port.length - 1);
    const validName = /^\[[0-9a-f:.]+\]$/.test(name) ||
        /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(name);
    if (!validName || (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535))) {
        throw new errors_InputError(constants_Inputs.Registry, `'${value}' is not a registry host`, {
            fix: "Write a host name with an optional port, such as 'fra.ocir.io' or '127.0.0.1:5000'."
        });
    }
    const key = KEY_HOST.exec(host)?.[1];
    if (key !== undefined && !regionOfHost(host)) {
        const region = REGIONS.find(r => r.key.toLowerCase() === key);
        throw new errors_InputError(constants_Inputs.Registry, `'${host}' is not an OCIR host`, {
            fix: region
                ? `${describeRegion(region)} is in realm ${region.realm}: write registry: '${registryHost(region)}', or region: '${region.identifier}'.`
                : `'${key}' is not a region key. ${closestRegions(key).length > 0 ? `Did you mean ${closestRegions(key).map(describeRegion).join(', or ')}? ` : ''}Or set region instead, e.g. 'fra'.`
        });
    }
    return host;
}
/** `eu-frankfurt-1 (fra)`: how messages name a region. */
function describeRegion(region) {
    return `${region.identifier} (${region.key.toLowerCase()})`;
}
/**
 * Up to `limit` regions whose key or identifier is within typo distance of `input`; an
 * input that is part of an identifier (`frankfurt`) counts as an exact match.
 */
function closestRegions(input, limit = 3) {
    const wanted = input.trim().toLowerCase();
    const tolerance = Math.max(2, Math.floor(wanted.length / 3));
    return REGIONS.map(region => ({
        region,
        distance: wanted.length >= 3 && region.identifier.includes(wanted)
            ? 0
            : Math.min(editDistance(wanted, region.key.toLowerCase()), editDistance(wanted, region.identifier))
    }))
        .filter(({ distance }) => distance <= tolerance)
        .sort((a, b) => a.distance - b.distance ||
        Number(b.region.realm === 'oc1') - Number(a.region.realm === 'oc1') ||
        a.region.identifier.localeCompare(b.region.identifier))
        .slice(0, limit)
        .map(({ region }) => region);
}

;// CONCATENATED MODULE: ./src/ocir/values.ts
/**
 * A setting's value without surrounding whitespace (a copy-paste habit), and a notice when
 * some was removed. The notice never quotes the value, so it is safe for secrets too.
 */
function trimSetting(input, raw) {
    const value = raw.trim();
    if (value === raw)
        return { value };
    return {
        value,
        notice: {
            title: `Trimmed ${input}`,
            message: `Removed whitespace around the value of ${input}; the value without it was used.`
        }
    };
}

;// CONCATENATED MODULE: ./src/ocir/names.ts



/** One path component of a repository name, as the registry accepts it. */
const COMPONENT = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$/;
const FIND_NAMESPACE = "Console → Profile menu → Tenancy → Object Storage namespace, or run 'oci os ns get'";
/** Federated (Oracle Identity Cloud Service) users' domain, the one most users meet. */
const IDCS_DOMAIN = 'oracleidentitycloudservice';
/**
 * The tenancy namespace, trimmed. It is an auto-generated lower-case string (for some old
 * tenancies the lower-cased tenancy name); the messages say which other value was likely
 * pasted instead.
 */
function validateNamespace(raw) {
    const namespace = raw.trim();
    const fail = (message, fix) => {
        throw new errors_InputError(constants_Inputs.Namespace, message, { fix });
    };
    if (namespace === '') {
        fail('namespace is empty', `Set namespace to the tenancy namespace (${FIND_NAMESPACE}).`);
    }
    if (/^ocid1\./i.test(namespace)) {
        fail(`namespace is an OCID ('${namespace.slice(0, 20)}…'), not the tenancy namespace`, `Use the tenancy's Object Storage namespace, a short string like 'axaxnpcrorw5' (${FIND_NAMESPACE}).`);
    }
    if (namespace.includes('/')) {
        const [first, ...rest] = namespace.split('/').filter(Boolean);
        fail(`namespace takes the namespace only; got '${namespace}'`, `Write namespace: '${(first ?? '').toLowerCase()}'${rest.length > 0 ? ` and put '${rest.join('/')}' in repository` : ''}.`);
    }
    if (/[A-Z]/.test(namespace)) {
        fail(`namespace '${namespace}' has upper case; namespaces are lower case, so this is likely the tenancy name`, `Use the tenancy's Object Storage namespace (${FIND_NAMESPACE}). Older tenancies' namespace is the lower-cased tenancy name${COMPONENT.test(namespace.toLowerCase()) ? ` ('${namespace.toLowerCase()}')` : ''}; a newer one is a random string like 'axaxnpcrorw5'.`);
    }
    if (!COMPONENT.test(namespace)) {
        fail(`namespace '${namespace}' is not a tenancy namespace: ${/\s/.test(namespace) ? 'it contains spaces, like a display name' : 'only lower-case letters and digits, joined by single . _ or -, are possible'}`, `Use the tenancy's Object Storage namespace (${FIND_NAMESPACE}).`);
    }
    return namespace;
}
/**
 * The username to log in with: `<namespace>/<user>` or `<namespace>/<identity-domain>/<user>`.
 * See `qualifyUsernameWithNotices` for the rules.
 */
function qualifyUsername(parts) {
    return qualifyUsernameWithNotices(parts).username;
}
/**
 * The qualified username, and notices about what was done to get it.
 *
 * User names may themselves contain `/` (and spaces, `@`, `.`, `,`), so the username is
 * never split on `/`. The namespace input decides: a username is already qualified only
 * when it starts with `<namespace>/`; anything else is the user part and is kept whole.
 * The identity domain is added unless the username already starts with it (or, without
 * an identity-domain input, with `oracleidentitycloudservice/`, as the Console shows
 * federated users). A username that starts with some other `<x>/` gets a notice showing
 * the result, so a username meant for another namespace is visible before login fails.
 */
function qualifyUsernameWithNotices(parts) {
    const namespace = validateNamespace(parts.namespace);
    const trimmedUser = trimSetting(constants_Inputs.Username, parts.username);
    const trimmedDomain = trimSetting(constants_Inputs.IdentityDomain, parts.identityDomain);
    const notices = [trimmedUser.notice, trimmedDomain.notice].filter(n => n !== undefined);
    const user = trimmedUser.value;
    const domain = trimmedDomain.value;
    const format = `'${namespace}/<user>', or '${namespace}/<identity-domain>/<user>'`;
    if (user === '') {
        throw new errors_InputError(constants_Inputs.Username, 'username is empty', {
            fix: `Set username to your OCI user name (e.g. 'jdoe@acme.com'); it is sent as ${format}.`
        });
    }
    if (domain.includes('/')) {
        throw new errors_InputError(constants_Inputs.IdentityDomain, `identity-domain '${domain}' contains '/'`, {
            fix: `Write only the domain name, e.g. '${IDCS_DOMAIN}' or 'Default'; it is placed between namespace and user name.`
        });
    }
    const first = user.split('/', 1)[0];
    if (user.includes('/') && first !== namespace && first.toLowerCase() === namespace) {
        throw new errors_InputError(constants_Inputs.Username, `username starts with '${first}/', the namespace in the wrong case`, {
            fix: `Namespaces are lower case: write username: '${namespace}${user.slice(first.length)}' or just the user name after it.`
        });
    }
    const alreadyQualified = user.startsWith(`${namespace}/`);
    const userPart = alreadyQualified ? user.slice(namespace.length + 1) : user;
    if (alreadyQualified && userPart === '') {
        throw new errors_InputError(constants_Inputs.Username, `username '${user}' has no user after the namespace`, {
            fix: `Write username as ${format}, or just the user name.`
        });
    }
    if (alreadyQualified && userPart.startsWith(`${namespace}/`)) {
        throw new errors_InputError(constants_Inputs.Username, `username '${user}' is qualified twice`, {
            fix: `Write username: '${userPart}' (the namespace once), or just the user name.`
        });
    }
    const domainPresent = domain === '' || userPart.startsWith(`${domain}/`);
    if (alreadyQualified && !domainPresent) {
        throw new errors_InputError(constants_Inputs.Username, `username '${user}' is already qualified but lacks identity-domain '${domain}'`, {
            fix: `Write username: '${namespace}/${domain}/${userPart}', or just the user name, or leave identity-domain empty.`
        });
    }
    const username = domainPresent ? `${namespace}/${userPart}` : `${namespace}/${domain}/${userPart}`;
    const domainPrefixed = first === IDCS_DOMAIN || (domain !== '' && first === domain);
    if (!alreadyQualified && user.includes('/') && !domainPrefixed) {
        notices.push({
            title: 'Username contains /',
            message: `Logging in as '${username}': the username was kept whole under namespace '${namespace}'. If '${first}' is a tenancy namespace, set namespace to it instead.`
        });
    }
    return { username, notices };
}
/**
 * The auth token without surrounding whitespace (a notice says so, never quoting it). Its
 * value never appears in a message: only its shape is described.
 */
function validateAuthToken(raw) {
    const { value: token, notice } = trimSetting(constants_Inputs.AuthToken, raw);
    const generate = 'Generate one in Console → Profile menu → My profile → Auth tokens, and pass it from a secret';
    if (token === '') {
        throw new errors_InputError(constants_Inputs.AuthToken, 'auth-token is empty', {
            fix: `${generate} (in GitHub Actions: auth-token: \${{ secrets.OCIR_AUTH_TOKEN }}; secrets are empty in workflows started from forks).`
        });
    }
    if (/-----BEGIN [A-Z ]*KEY-----/.test(token)) {
        throw new errors_InputError(constants_Inputs.AuthToken, 'auth-token holds a PEM key (an API signing key)', {
            fix: `OCIR logins take an auth token, not an API key. ${generate}.`
        });
    }
    if (/[\r\n]/.test(token)) {
        throw new errors_InputError(constants_Inputs.AuthToken, 'auth-token spans several lines', {
            fix: `An auth token is one line; store only the token in the secret. ${generate}.`
        });
    }
    return { token, notices: notice ? [notice] : [] };
}

;// CONCATENATED MODULE: ./src/ocir/repository.ts


const MAX_REPOSITORY_LENGTH = 255;
const MAX_TAG_LENGTH = 128;
const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
/** `sha256:<hex>` or the hex forms `docker images` prints: an ID names no repository. */
const IMAGE_ID = /^(sha256:[0-9a-f]{64}|[0-9a-f]{12,64})$/;
const REPOSITORY_GRAMMAR = "path components of lower-case letters and digits, separated inside by '.', '_', '__' or '-', joined by '/'";
/**
 * Docker's rule for whether the first component of a reference is a registry host: it has
 * a `.` or `:`, is `localhost`, or has upper case (which a repository path cannot have).
 */
function isRegistryHost(component) {
    return (/[.:]/.test(component) || component === 'localhost' || component !== component.toLowerCase());
}
/**
 * Whether a `repository` value starts with a registry host. Repository components may
 * contain dots themselves, so only a port, `localhost`, or a dotted name ending in a
 * top-level domain in front of at least two more components counts.
 */
function startsWithRegistryHost(components) {
    const [first] = components;
    // `app:1` alone is a name and a tag; `host:5000/app` starts with a host.
    return ((first.includes(':') && components.length > 1) ||
        first === 'localhost' ||
        (components.length >= 3 && /\.[a-z]{2,}$/i.test(first)));
}
/** A reference's parts: the registry host (if any), the path, the tag and digest dropped. */
function splitReference(reference, hasHost) {
    const withoutDigest = reference.split('@', 1)[0];
    const components = withoutDigest.split('/');
    const host = components.length > 1 && hasHost(components) ? components.shift() : undefined;
    const last = components.length - 1;
    components[last] = components[last].split(':', 1)[0];
    return { host, path: components.join('/') };
}
/** A repository name close to `raw` that the registry accepts ('' when nothing is left). */
function suggestRepository(raw, namespace) {
    const components = splitReference(raw.trim(), startsWithRegistryHost)
        .path.toLowerCase()
        .split('/')
        .map(c => c
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/[._-]*(__|[._]|-+)[._-]*/g, '$1')
        .replace(/^[._-]+|[._-]+$/g, ''))
        .filter(c => c !== '');
    if (namespace && components[0] === namespace)
        components.shift();
    return components.join('/');
}
/** What is wrong with a repository value, in the order a user most likely needs to hear it. */
const REPOSITORY_PROBLEMS = [
    { test: v => v.includes('@'), problem: 'includes a digest' },
    {
        test: v => startsWithRegistryHost(v.split('/')),
        problem: 'includes a registry host; the host comes from region or registry'
    },
    {
        test: v => (v.split('/').pop() ?? '').includes(':'),
        problem: 'includes a tag; tags come from the tags input'
    },
    {
        test: (v, ns) => ns !== undefined && v.startsWith(`${ns}/`),
        problem: 'starts with the namespace, which is put in front of it already'
    },
    { test: v => v.startsWith('/'), problem: "starts with '/'" },
    { test: v => v.endsWith('/') || v.includes('//'), problem: 'has an empty path component' },
    { test: v => /[A-Z]/.test(v), problem: 'has upper case; repository names are lower case' },
    { test: v => /\s/.test(v), problem: 'contains whitespace' }
];
/**
 * The `repository` value (the path under the namespace, `project/app`), trimmed. Given the
 * namespace, a repository that repeats it is refused too (it would become `ns/ns/…`).
 */
function validateRepository(raw, namespace) {
    const repository = raw.trim();
    if (repository === '') {
        throw new errors_InputError(constants_Inputs.Repository, 'repository is empty', {
            fix: "Set repository to the path under the namespace, e.g. 'project/app', or leave it unset to use the image's name."
        });
    }
    const found = REPOSITORY_PROBLEMS.find(p => p.test(repository, namespace));
    if (!found && REPOSITORY_PATTERN.test(repository)) {
        if (repository.length > MAX_REPOSITORY_LENGTH) {
            throw new errors_InputError(constants_Inputs.Repository, `repository is ${repository.length} characters long`, {
                fix: `Use a repository name of at most ${MAX_REPOSITORY_LENGTH} characters.`
            });
        }
        return repository;
    }
    const suggestion = suggestRepository(repository, namespace);
    throw new errors_InputError(constants_Inputs.Repository, `repository '${repository}' ${found?.problem ?? `is not a repository name: ${REPOSITORY_GRAMMAR}`}`, {
        fix: suggestion
            ? `Write repository: '${suggestion}'.`
            : `Write the path under the namespace: ${REPOSITORY_GRAMMAR}, e.g. 'project/app'.`
    });
}
/**
 * The repository an image is pushed to when `repository` is not set: the image's name
 * without registry host, tag and digest, lower-cased (`ghcr.io/acme/App:1.0` → `acme/app`).
 * Docker Hub's implicit `library/` is dropped (`docker.io/library/busybox` → `busybox`): it
 * is Docker's spelling, not part of the name users see. Given the namespace, a leading
 * namespace component (an image pulled from the same tenancy) is dropped as well.
 */
function defaultRepository(imageReference, namespace) {
    const reference = imageReference.trim();
    if (IMAGE_ID.test(reference)) {
        throw new errors_InputError(constants_Inputs.Repository, 'repository is required when image is an image ID', {
            fix: `Set repository to the path under the namespace, e.g. 'project/app' (image '${reference}' has no name).`
        });
    }
    const { host, path } = splitReference(reference, components => isRegistryHost(components[0]));
    let components = path.toLowerCase().split('/');
    if ((!host || DOCKER_HUB_HOSTS.has(host)) &&
        components.length === 2 &&
        components[0] === 'library') {
        components = components.slice(1);
    }
    if (namespace && components.length > 1 && components[0] === namespace)
        components = components.slice(1);
    const repository = components.join('/');
    if (!REPOSITORY_PATTERN.test(repository) || repository.length > MAX_REPOSITORY_LENGTH) {
        const suggestion = suggestRepository(path, namespace);
        throw new errors_InputError(constants_Inputs.Repository, `no repository name can be derived from image '${reference}'`, {
            fix: `Set repository to the path under the namespace, e.g. '${suggestion || 'project/app'}'.`
        });
    }
    return repository;
}
/** A tag as the registry accepts it; the fix shows the nearest valid tag. */
function validateTag(tag) {
    if (TAG_PATTERN.test(tag))
        return tag;
    const suggestion = tag
        .trim()
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^[.-]+/, '')
        .slice(0, MAX_TAG_LENGTH);
    const problem = tag === ''
        ? 'is empty'
        : tag.length > MAX_TAG_LENGTH
            ? `is ${tag.length} characters long; at most ${MAX_TAG_LENGTH} are allowed`
            : /^[.-]/.test(tag)
                ? "starts with '.' or '-'"
                : "may contain only letters, digits, '_', '.' and '-'";
    throw new InputError(Inputs.Tags, `tag '${tag}' ${problem}`, {
        fix: TAG_PATTERN.test(suggestion)
            ? `Use tag '${suggestion}' (change the tag rule that produced '${tag}').`
            : `Change the tag rule: a tag is 1 to ${MAX_TAG_LENGTH} letters, digits, '_', '.' or '-', not starting with '.' or '-'.`
    });
}

;// CONCATENATED MODULE: ./src/ocir/diagnose.ts


const NO_DOCKER_NEEDED = "An image given as 'oci:<dir>' (OCI layout) or 'docker-archive:<file>' (docker save) is pushed without Docker.";
const diagnose_FIND_NAMESPACE = "Console → Profile menu → Tenancy → Object Storage namespace, or 'oci os ns get'";
const AUTH_TOKEN_HOW = 'Console → Profile menu → My profile → Auth tokens → Generate token; the console password does not work here';
const PROGRESS_LINE = /^([0-9a-f]{12}: (Preparing|Waiting|Pushing|Pushed|Layer already exists|Retrying in .*|Mounted from .*)|The push refers to repository .*)$/;
function saying(pattern) {
    return facts => pattern.exec(facts.text);
}
function codeOrText(codes, pattern) {
    return facts => facts.codes.some(c => codes.includes(c)) || pattern.exec(facts.text);
}
function repositoryPath(context) {
    return [context.namespace, context.repository].filter(Boolean).join('/') || 'the repository';
}
function usernameFormats(context) {
    const ns = context.namespace || '<namespace>';
    return `'${ns}/<user>', '${ns}/oracleidentitycloudservice/<user>' (federated users) or '${ns}/<identity-domain>/<user>'`;
}
function hostInput(context) {
    return context.hostInput ?? constants_Inputs.Region;
}
function retried(context) {
    return context.attempts && context.attempts > 1 ? ` after ${context.attempts} attempts` : '';
}
/** Ordered: the first rule that matches decides. Specific OCIR wording comes before codes. */
const RULES = [
    {
        name: 'docker-not-installed',
        matches: facts => facts.spawnErrorCode === 'ENOENT' ||
            /docker: (command )?not found|executable file not found/i.test(facts.text),
        diagnose: () => ({
            message: "Docker is not installed: no 'docker' executable on PATH",
            fix: `Install Docker (the client and a running engine) on this machine. ${NO_DOCKER_NEEDED}`
        })
    },
    {
        name: 'docker-permission',
        matches: saying(/permission denied while trying to connect to the Docker daemon/i),
        diagnose: () => ({
            message: 'Docker is installed and running, but this user may not use its engine',
            fix: `Add the user to the 'docker' group (or run where the Docker socket is accessible). ${NO_DOCKER_NEEDED}`
        })
    },
    {
        name: 'docker-not-running',
        matches: saying(/Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|dial unix \S+: connect: (no such file or directory|connection refused)/i),
        diagnose: () => ({
            message: 'Docker is installed but its engine is not running (or not where DOCKER_HOST points)',
            fix: `Start the Docker engine (e.g. 'sudo systemctl start docker', or Docker Desktop), or set DOCKER_HOST to a running one. ${NO_DOCKER_NEEDED}`
        })
    },
    {
        name: 'config-not-writable',
        matches: saying(/error saving credentials|(open|mkdir|rename|write) [^:\n]+: (permission denied|read-only file system)/i),
        diagnose: () => ({
            message: 'Docker could not store the login in its configuration directory',
            fix: 'Point DOCKER_CONFIG at a directory this user can write (the job-scoped one under the runner temp directory is).'
        })
    },
    {
        name: 'image-not-found',
        matches: saying(/No such image: ?(\S+)|An image does not exist locally with the tag: ?(\S+)|No such object: ?(\S+)|reference does not exist/i),
        diagnose: (_facts, match) => {
            const image = match?.slice(1).find(Boolean);
            return {
                input: constants_Inputs.Image,
                message: `the image ${image ? `'${image}' ` : ''}is not in the local Docker engine`,
                fix: "Build or pull the image in an earlier step (on the same machine), and check its name and tag with 'docker images'."
            };
        }
    },
    {
        name: 'invalid-reference',
        matches: saying(/invalid reference format/i),
        diagnose: () => ({
            input: constants_Inputs.Image,
            message: 'Docker refused an image reference as malformed',
            fix: "Check image (e.g. 'app:1.0'), repository (lower case, e.g. 'project/app') and the tags."
        })
    },
    {
        name: 'tenant-not-found',
        matches: saying(/Tenant with namespace '?([^'\s]+?)'? (was )?not found/i),
        diagnose: ({ context }, match) => {
            const named = match?.[1] ?? '';
            const fromUsername = context.namespace !== undefined && named !== context.namespace;
            return {
                input: fromUsername ? constants_Inputs.Username : constants_Inputs.Namespace,
                message: `no tenancy has the namespace '${named}'${fromUsername ? ' (from the username)' : ''}`,
                fix: `Use the tenancy's Object Storage namespace (${diagnose_FIND_NAMESPACE}), not the tenancy name; it is lower case, like 'axaxnpcrorw5'.${fromUsername ? ` Write username as ${usernameFormats(context)}, or just the user name.` : ''}`
            };
        }
    },
    {
        name: 'anonymous',
        matches: saying(/Anonymous users are only allowed read access|anonymous access is not allowed/i),
        diagnose: ({ context, doing }) => ({
            input: constants_Inputs.AuthToken,
            message: `${doing} failed: the registry took the request as anonymous, so the credentials were not accepted or not sent`,
            fix: `Use an auth token (${AUTH_TOKEN_HOW}), username ${usernameFormats(context)}, and log in to exactly '${context.host}', the host in the image reference.`
        })
    },
    {
        name: 'iam-denied',
        matches: saying(/cannot (\w+) on resource (\S+)/i),
        diagnose: ({ context, doing }, match) => ({
            input: constants_Inputs.Repository,
            message: `${doing} failed: the user may not ${match?.[1] ?? 'do that'} on ${match?.[2] ?? repositoryPath(context)}`,
            fix: denyFix(context)
        })
    },
    {
        name: 'unauthorized',
        matches: facts => facts.status === 401 ||
            facts.codes.includes('UNAUTHORIZED') ||
            /\bunauthorized\b|incorrect username or password|authentication required|status: 401\b|invalid username\/password/i.test(facts.text),
        diagnose: ({ context, doing }) => {
            const unqualified = context.username !== undefined &&
                context.namespace !== undefined &&
                !context.username.startsWith(`${context.namespace}/`);
            return unqualified
                ? {
                    input: constants_Inputs.Username,
                    message: `${doing} failed: username '${context.username}' does not start with the namespace '${context.namespace}/'`,
                    fix: `Write username as ${usernameFormats(context)}.`
                }
                : {
                    input: constants_Inputs.AuthToken,
                    message: `${doing} failed: the registry did not accept ${context.username ? `username '${context.username}'` : 'the username'} with this auth token`,
                    fix: `Check that auth-token is an auth token of that user (${AUTH_TOKEN_HOW}; a deleted token stops working), and that the username is ${usernameFormats(context)}.`
                };
        }
    },
    {
        name: 'name-unknown',
        matches: codeOrText(['NAME_UNKNOWN'], /name unknown|repository name not known/i),
        diagnose: ({ context, doing }) => ({
            input: constants_Inputs.Repository,
            message: `${doing} failed: repository '${repositoryPath(context)}' does not exist and was not created by the push`,
            fix: `Create it (Console → Developer Services → Container Registry → Create repository) in the compartment you want, or let the tenancy create repositories on first push (root compartment only). ${denyFix(context)}`
        })
    },
    {
        name: 'denied',
        matches: facts => facts.status === 403 || facts.codes.includes('DENIED') || /\bdenied\b/i.test(facts.text),
        diagnose: ({ context, doing }) => ({
            input: constants_Inputs.Repository,
            message: `${doing} failed: the user may not push to '${repositoryPath(context)}'`,
            fix: denyFix(context)
        })
    },
    {
        name: 'name-invalid',
        matches: codeOrText(['NAME_INVALID'], /name invalid|invalid repository name/i),
        diagnose: ({ context }) => ({
            input: constants_Inputs.Repository,
            message: `the registry refused the repository name '${repositoryPath(context)}'`,
            fix: "Use lower-case path components of letters and digits, separated by '.', '_' or '-', e.g. 'project/app'."
        })
    },
    {
        name: 'tag-invalid',
        matches: codeOrText(['TAG_INVALID'], /tag invalid/i),
        diagnose: () => ({
            input: constants_Inputs.Tags,
            message: 'the registry refused a tag',
            fix: "Tags are 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'; change the tag rule."
        })
    },
    {
        name: 'manifest-invalid',
        matches: codeOrText(['MANIFEST_INVALID', 'MANIFEST_BLOB_UNKNOWN'], /manifest invalid|manifest blob unknown/i),
        diagnose: ({ doing }) => ({
            input: constants_Inputs.Image,
            message: `${doing} failed: the registry refused the image manifest`,
            fix: 'OCIR takes Docker v2 schema 2 and OCI manifests and indexes whose layers were pushed first; rebuild the image (or re-export the layout or archive) and push again.'
        })
    },
    {
        name: 'blob-upload',
        matches: codeOrText([
            'BLOB_UNKNOWN',
            'BLOB_UPLOAD_UNKNOWN',
            'BLOB_UPLOAD_INVALID',
            'DIGEST_INVALID',
            'SIZE_INVALID'
        ], /blob unknown|blob upload (unknown|invalid)|digest invalid|digest did not match/i),
        diagnose: ({ doing }) => ({
            message: `${doing} failed: a layer upload was lost or corrupted on the way`,
            fix: 'Run again; if it repeats, check for a proxy that alters or truncates uploads.'
        })
    },
    {
        name: 'too-many-requests',
        matches: facts => facts.status === 429 ||
            facts.codes.includes('TOOMANYREQUESTS') ||
            /too ?many ?requests/i.test(facts.text),
        diagnose: ({ context, doing }) => ({
            message: `${doing} failed: the registry kept throttling requests${retried(context)}`,
            fix: 'Run again in a few minutes, or push fewer images at the same time to this tenancy and region.'
        })
    },
    {
        name: 'server-error',
        matches: facts => (facts.status !== undefined && facts.status >= 500) ||
            /unexpected HTTP status: 5\d\d|\b5\d\d (Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)\b/i.test(facts.text),
        diagnose: ({ context, doing }) => ({
            message: `${doing} failed: the registry answered with server errors${retried(context)}`,
            fix: 'This is on the registry side: run again later, and check https://ocistatus.oraclecloud.com for the region.'
        })
    },
    {
        name: 'dns',
        matches: saying(/no such host|ENOTFOUND|EAI_AGAIN|Temporary failure in name resolution|server misbehaving/i),
        diagnose: ({ context }) => ({
            input: hostInput(context),
            message: `the registry host '${context.host}' cannot be resolved (DNS)`,
            fix: hostInput(context) === constants_Inputs.Registry
                ? `Check registry for typos (e.g. 'fra.ocir.io'), and that this machine has DNS and network access.`
                : `Check region and that this machine can resolve public names (DNS, proxy); the host is derived from region.`
        })
    },
    {
        name: 'plain-http',
        matches: saying(/server gave HTTP response to HTTPS client|wrong version number|ERR_SSL_WRONG_VERSION/i),
        diagnose: ({ context }) => ({
            input: constants_Inputs.Registry,
            message: `'${context.host}' speaks plain HTTP, not HTTPS`,
            fix: 'Use the HTTPS host of the registry; plain HTTP is only used for registries on the loopback address (127.0.0.1, localhost).'
        })
    },
    {
        name: 'tls',
        matches: saying(/x509:|tls: |certificate|CERT_|ERR_TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|EPROTO/i),
        diagnose: ({ context }) => ({
            input: hostInput(context),
            message: `the TLS connection to '${context.host}' failed (the certificate was not trusted or did not match)`,
            fix: `Check the host name in ${hostInput(context)}. Behind a TLS-inspecting proxy, add its CA: NODE_EXTRA_CA_CERTS=<ca.pem> for this tool, and /etc/docker/certs.d/${context.host}/ca.crt for Docker.`
        })
    },
    {
        name: 'refused',
        matches: saying(/connection refused|ECONNREFUSED/i),
        diagnose: ({ context }) => ({
            input: hostInput(context),
            message: `nothing accepts connections at '${context.host}'`,
            fix: `Check the host and port in ${hostInput(context)}, and any proxy or firewall between this machine and the registry.`
        })
    },
    {
        name: 'timeout',
        matches: saying(/i\/o timeout|Client\.Timeout exceeded|TLS handshake timeout|ETIMEDOUT|UND_ERR_\w*TIMEOUT|TimeoutError|context deadline exceeded|timed out/i),
        diagnose: ({ context }) => ({
            message: `the registry '${context.host}' did not answer in time${retried(context)}`,
            fix: 'Check the network path to the registry (proxy settings HTTPS_PROXY/NO_PROXY, firewall), then run again.'
        })
    },
    {
        name: 'unreachable',
        matches: saying(/network is unreachable|no route to host|EHOSTUNREACH|ENETUNREACH/i),
        diagnose: ({ context }) => ({
            message: `this machine has no network route to '${context.host}'`,
            fix: 'Check the network access of this machine (proxy HTTPS_PROXY, firewall, VPN).'
        })
    },
    {
        name: 'connection-cut',
        matches: saying(/connection reset|ECONNRESET|broken pipe|EPIPE|unexpected EOF|socket hang up|UND_ERR_SOCKET|other side closed/i),
        diagnose: ({ context }) => ({
            message: `the connection to '${context.host}' was cut${retried(context)}`,
            fix: 'Run again; if it repeats, check for a proxy or firewall that drops long uploads.'
        })
    }
];
function denyFix(context) {
    return `Grant the user's group an IAM policy such as 'Allow group <group> to manage repos in compartment <compartment>' ('use repos' is enough to push to an existing repository). A push can create a missing repository only in the root compartment, and only if the user may manage repos in the tenancy; otherwise create '${repositoryPath(context)}' first in the right compartment.`;
}
function doingFor(phase, context) {
    switch (phase) {
        case 'login':
        case 'token':
        case 'ping':
            return `Logging in to ${context.host}`;
        case 'push':
            return `Pushing to ${context.host}/${repositoryPath(context)}`;
        case 'pull':
            return `Reading ${context.host}/${repositoryPath(context)}`;
        default:
            return `docker ${phase}`;
    }
}
/**
 * Every form a secret could be printed in: as is, URL-encoded, base64 (alone and as the
 * `user:token` of a Basic Authorization header or a Docker config `auth` entry).
 */
function secretForms(context) {
    const forms = (context.secrets ?? [])
        .filter(secret => secret.length > 0)
        .flatMap(secret => [
        secret,
        encodeURIComponent(secret),
        Buffer.from(secret).toString('base64'),
        ...(context.username ? [Buffer.from(`${context.username}:${secret}`).toString('base64')] : [])
    ]);
    // Longest first, so a form that contains another is removed whole.
    return [...new Set(forms)].sort((a, b) => b.length - a.length);
}
/** `text` with every form of every secret in `context` replaced by `***`. */
function redactSecrets(text, context) {
    return secretForms(context).reduce((result, form) => result.split(form).join('***'), text);
}
/** A distribution `{"errors":[{code,message}]}` body as codes and words; other text as is. */
function readBody(body) {
    try {
        const parsed = JSON.parse(body);
        if (Array.isArray(parsed.errors)) {
            const errors = parsed.errors.map(e => ({
                code: typeof e.code === 'string' ? e.code.toUpperCase() : '',
                message: typeof e.message === 'string' ? e.message : ''
            }));
            return {
                codes: errors.map(e => e.code).filter(Boolean),
                words: errors.map(e => [e.code, e.message].filter(Boolean).join(': ')).join('; ')
            };
        }
    }
    catch {
        // Not JSON: the body is the registry's words as they are.
    }
    return { codes: [], words: body.trim() };
}
/** Docker's output without layer progress lines, the last lines kept when it is long. */
function dockerWords(stderr) {
    const lines = stderr
        .split(/\r?\n/)
        .map(line => line.trim())
        .filter(line => line !== '' && !PROGRESS_LINE.test(line));
    return lines.slice(-10).join('\n');
}
const MAX_DETAIL = 2000;
function decide(facts, fallback) {
    for (const rule of RULES) {
        const match = rule.matches(facts);
        if (match)
            return rule.diagnose(facts, typeof match === 'object' ? match : null);
    }
    return fallback;
}
function unrecognised(facts) {
    return {
        message: `${facts.doing} failed${facts.status ? ` (HTTP ${facts.status})` : ''}`,
        fix: 'The message below is what the other side said; run again with debug logging for the full exchange.'
    };
}
function finish(diagnosis, detail, context) {
    const clean = (s) => redactSecrets(s, context);
    const words = clean(detail);
    return {
        message: clean(diagnosis.message),
        fix: clean(diagnosis.fix),
        ...(diagnosis.input ? { input: diagnosis.input } : {}),
        ...(words
            ? { detail: words.length > MAX_DETAIL ? `${words.slice(0, MAX_DETAIL)}…` : words }
            : {})
    };
}
/** What an HTTP answer from the registry means for the user. */
function diagnoseRegistryFailure(failure) {
    const body = readBody(redactSecrets(failure.message ?? '', failure));
    const codes = failure.code ? [failure.code.toUpperCase(), ...body.codes] : body.codes;
    const facts = {
        context: failure,
        doing: doingFor(failure.phase, failure),
        text: body.words,
        status: failure.status,
        codes
    };
    const { message, ...details } = finish(decide(facts, unrecognised(facts)), body.words, failure);
    return new RegistryError(message, { ...details, status: failure.status, code: codes[0] });
}
/** What a failed Docker CLI command (its stderr, or a failure to start it) means. */
function diagnoseDockerFailure(failure) {
    const words = dockerWords(redactSecrets(failure.stderr, failure));
    const facts = {
        context: failure,
        doing: doingFor(failure.command, failure),
        text: words,
        codes: [],
        spawnErrorCode: failure.spawnErrorCode
    };
    const { message, ...details } = finish(decide(facts, unrecognised(facts)), words, failure);
    return new DockerError(message, details);
}
/** The codes and messages of an error and its causes (fetch wraps the socket's error). */
function errorChain(error) {
    const parts = [];
    const seen = new Set();
    for (let current = error; current !== undefined && current !== null && !seen.has(current);) {
        seen.add(current);
        if (current instanceof Error || typeof current === 'object') {
            const { code, name, message } = current;
            for (const part of [code, name, message])
                if (typeof part === 'string')
                    parts.push(part);
            current = current.cause;
        }
        else {
            parts.push(String(current));
            current = undefined;
        }
    }
    return parts;
}
/** What a request that got no HTTP answer at all (DNS, refused, TLS, reset, timeout) means. */
function diagnoseNetworkError(error, host, context = {}) {
    const full = { ...context, host };
    const words = redactSecrets([...new Set(errorChain(error))].join(': '), full);
    const facts = { context: full, doing: `Connecting to ${host}`, text: words, codes: [] };
    const diagnosis = decide(facts, {
        input: hostInput(full),
        message: `the registry '${host}' could not be reached`,
        fix: `Check ${hostInput(full)} and the network access of this machine (proxy HTTPS_PROXY, firewall).`
    });
    const { message, ...details } = finish(diagnosis, words, full);
    return new RegistryError(message, { ...details, cause: error });
}

;// CONCATENATED MODULE: ./src/ocir/index.ts






;// CONCATENATED MODULE: ./src/engine/outputs.ts
/**
 * The outputs of a push that failed after some tags were pushed: only the references that
 * exist, and the digest they resolve to, so a later step never pulls a tag that is missing.
 */
function partialOutputs(plan, digest, pushed) {
    return toOutputs({ ...plan, references: pushed }, { digest, pushed, platforms: [] });
}
/**
 * The outputs object of a run: the action's outputs and the CLI's `--json`. Without a push
 * result (dry run, log in only) `digest` and `pinned-reference` are empty.
 */
function toOutputs(plan, result) {
    return {
        registry: plan.registry,
        username: plan.username,
        repository: plan.repositoryReference,
        tags: plan.references,
        'pull-reference': plan.references[0] ?? '',
        digest: result?.digest ?? '',
        'pinned-reference': result ? `${plan.repositoryReference}@${result.digest}` : ''
    };
}

;// CONCATENATED MODULE: ./src/tags/date-format.ts
/**
 * Formats a date with the moment.js display tokens that docker/metadata-action's
 * `{{date 'format' tz='Zone'}}` accepts, using Intl for the time zone.
 * Text in `[brackets]` is literal; characters that are not tokens pass through.
 */
const TOKENS = /\[[^\]]*\]|YYYY|YY|Q|MMMM|MMM|MM|M|DDDD|DDD|Do|DD|D|dddd|ddd|dd|d|E|GGGG|WW|W|HH|H|hh|h|kk|k|mm|m|ss|s|SSS|SS|S|A|a|ZZ|Z|X|x/g;
const MONTHS = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December'
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DAY_MS = 86_400_000;
/** The wall-clock fields of `date` in `timeZone`; throws RangeError for an unknown zone. */
function wallClock(date, timeZone) {
    const parts = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric'
    }).formatToParts(date);
    const field = (type) => Number(parts.find(part => part.type === type)?.value);
    const year = field('year');
    const month = field('month');
    const day = field('day');
    const hour = field('hour');
    const minute = field('minute');
    const second = field('second');
    const millisecond = date.getUTCMilliseconds();
    const asUtc = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
    return {
        year,
        month,
        day,
        hour,
        minute,
        second,
        millisecond,
        weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
        dayOfYear: (Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / DAY_MS + 1,
        offsetMinutes: Math.round((asUtc - date.getTime()) / 60_000)
    };
}
/** ISO 8601 week number and week-based year of a calendar day. */
function isoWeek(year, month, day) {
    const date = new Date(Date.UTC(year, month - 1, day));
    const isoWeekday = date.getUTCDay() || 7;
    date.setUTCDate(date.getUTCDate() + 4 - isoWeekday);
    const weekYear = date.getUTCFullYear();
    const week = Math.ceil(((date.getTime() - Date.UTC(weekYear, 0, 1)) / DAY_MS + 1) / 7);
    return { week, year: weekYear };
}
function pad(value, width) {
    return String(value).padStart(width, '0');
}
function ordinal(day) {
    const tens = day % 100;
    if (tens >= 11 && tens <= 13)
        return `${day}th`;
    return `${day}${['th', 'st', 'nd', 'rd'][day % 10] ?? 'th'}`;
}
function offset(minutes, separator) {
    const sign = minutes < 0 ? '-' : '+';
    const absolute = Math.abs(minutes);
    return `${sign}${pad(Math.floor(absolute / 60), 2)}${separator}${pad(absolute % 60, 2)}`;
}
function formatDate(date, format, timeZone = 'UTC') {
    const t = wallClock(date, timeZone);
    const hour12 = t.hour % 12 || 12;
    const week = isoWeek(t.year, t.month, t.day);
    const values = {
        YYYY: () => pad(t.year, 4),
        YY: () => pad(t.year % 100, 2),
        Q: () => String(Math.ceil(t.month / 3)),
        MMMM: () => MONTHS[t.month - 1],
        MMM: () => MONTHS[t.month - 1].slice(0, 3),
        MM: () => pad(t.month, 2),
        M: () => String(t.month),
        DDDD: () => pad(t.dayOfYear, 3),
        DDD: () => String(t.dayOfYear),
        Do: () => ordinal(t.day),
        DD: () => pad(t.day, 2),
        D: () => String(t.day),
        dddd: () => WEEKDAYS[t.weekday],
        ddd: () => WEEKDAYS[t.weekday].slice(0, 3),
        dd: () => WEEKDAYS[t.weekday].slice(0, 2),
        d: () => String(t.weekday),
        E: () => String(t.weekday || 7),
        GGGG: () => pad(week.year, 4),
        WW: () => pad(week.week, 2),
        W: () => String(week.week),
        HH: () => pad(t.hour, 2),
        H: () => String(t.hour),
        hh: () => pad(hour12, 2),
        h: () => String(hour12),
        kk: () => pad(t.hour || 24, 2),
        k: () => String(t.hour || 24),
        mm: () => pad(t.minute, 2),
        m: () => String(t.minute),
        ss: () => pad(t.second, 2),
        s: () => String(t.second),
        SSS: () => pad(t.millisecond, 3),
        SS: () => pad(Math.floor(t.millisecond / 10), 2),
        S: () => String(Math.floor(t.millisecond / 100)),
        A: () => (t.hour < 12 ? 'AM' : 'PM'),
        a: () => (t.hour < 12 ? 'am' : 'pm'),
        ZZ: () => offset(t.offsetMinutes, ''),
        Z: () => offset(t.offsetMinutes, ':'),
        X: () => String(Math.floor(date.getTime() / 1000)),
        x: () => String(date.getTime())
    };
    return format.replace(TOKENS, token => token.startsWith('[') ? token.slice(1, -1) : values[token]());
}

;// CONCATENATED MODULE: ./src/tags/fields.ts
/**
 * Splits one rule line into `key=value` attributes the way docker/metadata-action reads
 * it (its CSV parser): fields are separated by commas; a field that starts with `"` runs
 * to the closing quote, `""` inside it is one `"`, so `"value=a,b"` keeps its comma.
 * Returns undefined for a quote that is never closed.
 */
function splitFields(line) {
    const fields = [];
    let index = 0;
    for (;;) {
        while (line[index] === ' ' || line[index] === '\t')
            index++;
        let field = '';
        if (line[index] === '"') {
            index++;
            for (;;) {
                if (index >= line.length)
                    return undefined;
                if (line[index] === '"') {
                    if (line[index + 1] !== '"')
                        break;
                    index++;
                }
                field += line[index];
                index++;
            }
            index++;
            const rest = line.indexOf(',', index);
            const trailing = rest === -1 ? line.slice(index) : line.slice(index, rest);
            if (trailing.trim() !== '')
                return undefined;
            index = rest === -1 ? line.length : rest;
        }
        else {
            const end = line.indexOf(',', index);
            field = end === -1 ? line.slice(index) : line.slice(index, end);
            index = end === -1 ? line.length : end;
        }
        fields.push(field.trim());
        if (index >= line.length)
            return fields;
        index++;
    }
}
/** `key=value` → [lower-cased key, value]; a bare field is the value (`type=raw,foo`). */
function splitAttribute(field) {
    const equals = field.indexOf('=');
    if (equals === -1)
        return [undefined, field];
    return [field.slice(0, equals).trim().toLowerCase(), field.slice(equals + 1).trim()];
}

;// CONCATENATED MODULE: ./src/tags/rules.ts



/** Rule types, with metadata-action's default priorities (higher comes first). */
const RULE_PRIORITIES = {
    schedule: 1000,
    semver: 900,
    match: 800,
    edge: 700,
    ref: 600,
    raw: 200,
    sha: 100
};
const COMMON_ATTRIBUTES = ['type', 'enable', 'prefix', 'suffix', 'priority'];
const TYPE_ATTRIBUTES = {
    schedule: ['pattern'],
    semver: ['pattern', 'value'],
    match: ['pattern', 'group', 'value'],
    edge: ['branch'],
    ref: ['event'],
    raw: ['value'],
    sha: ['format', 'commit']
};
const REQUIRED = {
    semver: 'pattern',
    match: 'pattern',
    ref: 'event',
    raw: 'value'
};
const CHOICES = {
    event: ['branch', 'tag', 'pr'],
    format: ['short', 'long'],
    commit: ['head', 'merge']
};
function ruleError(line, source, problem, fix) {
    return new errors_InputError(constants_Inputs.Tags, `line ${line} '${source}': ${problem}`, { fix });
}
/** Parses the `tags` lines; blank lines and `#` comments are skipped. */
function parseRules(lines) {
    const rules = [];
    lines.forEach((text, index) => {
        const source = text.trim();
        if (source === '' || source.startsWith('#'))
            return;
        rules.push(parseRule(source, index + 1));
    });
    return rules;
}
function parseRule(source, line) {
    const fields = splitFields(source);
    if (!fields) {
        throw ruleError(line, source, 'a quoted field is not closed', 'quote a whole field, e.g. "value=a,b", and double a quote inside it ("")');
    }
    const attributes = {};
    for (const field of fields) {
        if (field === '')
            continue;
        const [key = 'value', value] = splitAttribute(field);
        if (Object.hasOwn(attributes, key)) {
            throw ruleError(line, source, `'${key}' is given twice`, `keep one '${key}=' attribute`);
        }
        attributes[key] = value;
    }
    const type = (attributes.type ?? 'raw');
    if (!Object.hasOwn(RULE_PRIORITIES, type)) {
        throw ruleError(line, source, `unknown type '${attributes.type}'`, `use one of: ${Object.keys(RULE_PRIORITIES)
            .map(name => `type=${name}`)
            .join(', ')}`);
    }
    delete attributes.type;
    const accepted = [...COMMON_ATTRIBUTES, ...TYPE_ATTRIBUTES[type]];
    for (const key of Object.keys(attributes)) {
        if (!accepted.includes(key)) {
            throw ruleError(line, source, `unknown attribute '${key}' for type=${type}`, `type=${type} accepts: ${accepted.join(', ')}`);
        }
        const choices = CHOICES[key];
        if (choices && !choices.includes(attributes[key])) {
            throw ruleError(line, source, `${key}='${attributes[key]}' is not accepted`, `use ${choices.map(choice => `${key}=${choice}`).join(' or ')}`);
        }
    }
    const required = REQUIRED[type];
    if (required && !Object.hasOwn(attributes, required)) {
        throw ruleError(line, source, `type=${type} needs '${required}='`, `add ${required}=…, e.g. ${EXAMPLES[type]}`);
    }
    if (attributes.group !== undefined && !/^\d+$/.test(attributes.group)) {
        throw ruleError(line, source, `group='${attributes.group}' is not a number`, 'use group=0, 1, …');
    }
    const priority = attributes.priority === undefined ? RULE_PRIORITIES[type] : Number(attributes.priority);
    if (!Number.isFinite(priority) || attributes.priority === '') {
        throw ruleError(line, source, `priority='${attributes.priority}' is not a number`, 'use a number, e.g. priority=500 (higher comes first)');
    }
    if (type === 'ref' && attributes.event === 'pr' && !Object.hasOwn(attributes, 'prefix')) {
        attributes.prefix = 'pr-';
    }
    if (type === 'sha' && !Object.hasOwn(attributes, 'prefix')) {
        attributes.prefix = 'sha-';
    }
    return { type, line, source, priority, attributes };
}
const EXAMPLES = {
    semver: 'type=semver,pattern={{version}}',
    match: 'type=match,pattern=v(\\d+),group=1',
    ref: 'type=ref,event=branch',
    raw: 'type=raw,value=stable'
};
function flavorError(line, source, problem) {
    return new errors_InputError(constants_Inputs.Flavor, `line ${line} '${source}': ${problem}`, {
        fix: 'flavor accepts: latest=auto|true|false, prefix=<text>[,onlatest=true|false], suffix=<text>[,onlatest=true|false]'
    });
}
/** Parses the `flavor` lines (later lines win). */
function parseFlavor(lines) {
    const flavor = {
        latest: 'auto',
        prefix: '',
        suffix: '',
        prefixLatest: false,
        suffixLatest: false
    };
    lines.forEach((text, index) => {
        const source = text.trim();
        const line = index + 1;
        if (source === '' || source.startsWith('#'))
            return;
        const fields = splitFields(source);
        if (!fields)
            throw flavorError(line, source, 'a quoted field is not closed');
        let onLatestFor;
        for (const field of fields) {
            const [key, value] = splitAttribute(field);
            switch (key) {
                case 'latest':
                    if (value !== 'auto' && value !== 'true' && value !== 'false') {
                        throw flavorError(line, source, `latest='${value}' is not accepted`);
                    }
                    flavor.latest = value;
                    break;
                case 'prefix':
                case 'suffix':
                    flavor[key] = value;
                    onLatestFor = key;
                    break;
                case 'onlatest':
                    if ((value !== 'true' && value !== 'false') || !onLatestFor) {
                        throw flavorError(line, source, 'onlatest=true|false must follow prefix= or suffix=');
                    }
                    flavor[onLatestFor === 'prefix' ? 'prefixLatest' : 'suffixLatest'] = value === 'true';
                    break;
                default:
                    throw flavorError(line, source, `unknown flavor '${field}'`);
            }
        }
    });
    return flavor;
}

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: ./src/tags/sanitize.ts

/** Longest tag a registry accepts (TAG_PATTERN in src/constants.ts). */
const sanitize_MAX_TAG_LENGTH = 128;
const HASH_LENGTH = 8;
function shortHash(text) {
    return (0,external_node_crypto_namespaceObject.createHash)('sha256').update(text, 'utf8').digest('hex').slice(0, HASH_LENGTH);
}
/**
 * Makes any text a valid tag (`[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`), changing as little
 * as possible: each run of other characters becomes one `-` (as metadata-action does),
 * leading `.` and `-` are dropped, and a result over 128 characters is cut and ends in a
 * hash of the whole text, so long names that share their first 119 characters stay apart.
 * Text with no usable character at all becomes the hash.
 */
function sanitizeTag(text) {
    const changes = [];
    let tag = text.replace(/[^A-Za-z0-9._-]+/g, '-');
    if (tag !== text) {
        changes.push('characters other than letters, digits, _ . - became -');
    }
    const trimmed = tag.replace(/^[.-]+/, '');
    if (trimmed !== tag) {
        changes.push('a tag cannot start with . or -');
        tag = trimmed;
    }
    if (tag === '') {
        changes.push('nothing usable was left, so the tag is a hash of the name');
        return { tag: shortHash(text), changes };
    }
    if (tag.length > sanitize_MAX_TAG_LENGTH) {
        changes.push(`a tag has at most ${sanitize_MAX_TAG_LENGTH} characters, so it was cut and ends in a hash of the full name`);
        tag = `${tag.slice(0, sanitize_MAX_TAG_LENGTH - HASH_LENGTH - 1)}-${shortHash(text)}`;
    }
    return { tag, changes };
}

;// CONCATENATED MODULE: ./src/tags/template.ts
const EXPRESSION = /\{\{\s*([^{}]*?)\s*\}\}/g;
const ARGUMENT = /\s*(?:([A-Za-z_][\w-]*)=)?(?:'([^']*)'|"([^"]*)"|([^\s'"]+))/y;
/**
 * Replaces every `{{…}}` in `template` with its helper's result. `fail` is called (and
 * must throw) for an unknown name or malformed arguments, with a message for the user.
 */
function renderTemplate(template, helpers, fail) {
    return template.replace(EXPRESSION, (whole, body) => {
        const name = /^[A-Za-z_]\w*/.exec(body)?.[0];
        if (!name || !Object.hasOwn(helpers, name)) {
            fail(`unknown expression ${whole}; accepted: ${Object.keys(helpers)
                .map(key => `{{${key}}}`)
                .join(', ')}`);
        }
        const args = [];
        const options = {};
        const rest = body.slice(name.length);
        ARGUMENT.lastIndex = 0;
        while (ARGUMENT.lastIndex < rest.length) {
            const match = ARGUMENT.exec(rest);
            if (!match)
                fail(`cannot read the arguments of ${whole}`);
            const [, key, single, double, bare] = match;
            const value = single ?? double ?? bare;
            if (key)
                options[key] = value;
            else
                args.push(value);
            if (/^\s*$/.test(rest.slice(ARGUMENT.lastIndex)))
                break;
        }
        return helpers[name](args, options);
    });
}

;// CONCATENATED MODULE: ./src/tags/index.ts







/**
 * The rules used when `tags` is empty. Tag push `v2.3.4` → 2.3.4, 2.3, 2, latest; a
 * pre-release only its version; any other tag its name; a branch → its name and
 * sha-<7 hex>; a pull request → pr-<number>; a schedule → nightly and sha-<7 hex>;
 * anything else → sha-<7 hex>.
 */
const DEFAULT_TAG_RULES = [
    'type=schedule',
    'type=semver,pattern={{version}}',
    'type=semver,pattern={{major}}.{{minor}}',
    'type=semver,pattern={{major}}',
    'type=ref,event=tag,enable={{is_not_semver_tag}}',
    'type=ref,event=branch,enable={{is_not_pull_request}}',
    'type=ref,event=pr',
    'type=sha,enable={{is_not_tag}} && {{is_not_pull_request}}'
];
const SHORT_SHA_LENGTH = 7;
function computeTags(options) {
    const { context } = options;
    const flavor = parseFlavor(options.flavor);
    const userRules = parseRules(options.rules);
    const rules = userRules.length > 0 ? userRules : parseRules(DEFAULT_TAG_RULES);
    const ordered = [...rules].sort((a, b) => b.priority - a.priority);
    const evaluator = new RuleEvaluator(context, flavor);
    const notices = [];
    const tags = [];
    const addTag = (text) => {
        const { tag, changes } = sanitizeTag(text);
        if (changes.length > 0) {
            const message = `'${text}' is pushed as '${tag}': ${changes.join('; ')}.`;
            if (!notices.some(notice => notice.message === message)) {
                notices.push({ title: 'Tag changed to be valid', message });
            }
        }
        if (!tags.includes(tag))
            tags.push(tag);
    };
    let stableRelease = false;
    for (const rule of ordered) {
        if (!evaluator.enabled(rule))
            continue;
        const produced = evaluator.produce(rule);
        if (!produced || produced.value === '')
            continue;
        stableRelease ||= produced.stableRelease;
        addTag(produced.value);
    }
    notices.push(...evaluator.notices);
    const latest = flavor.latest === 'true' || (flavor.latest === 'auto' && stableRelease);
    if (latest && tags.length > 0) {
        addTag(`${flavor.prefixLatest ? evaluator.expand(flavor.prefix) : ''}latest${flavor.suffixLatest ? evaluator.expand(flavor.suffix) : ''}`);
    }
    if (tags.length === 0) {
        notices.push({
            title: 'No tags',
            message: `No tag rule applies to this ${context.eventName || context.event} build (event ${context.event}, ref '${context.ref}').`
        });
    }
    return { tags, notices };
}
/** Evaluates rules against one build; collects notices about rules that could not apply. */
class RuleEvaluator {
    context;
    flavor;
    notices = [];
    helpers;
    line = 0;
    source = '';
    semverTag;
    constructor(context, flavor) {
        this.context = context;
        this.flavor = flavor;
        const date = new Date(context.date);
        const isDefaultBranch = this.isDefaultBranch();
        this.semverTag =
            context.tag === undefined ? undefined : parseSemver(tagVersionText(context.tag));
        const flag = (value) => () => String(value);
        this.helpers = {
            branch: () => context.branch ?? '',
            tag: () => context.tag ?? '',
            sha: () => context.sha.slice(0, SHORT_SHA_LENGTH),
            base_ref: () => context.baseRef ?? '',
            date: (args, options) => this.formatDate(date, args, options),
            is_default_branch: flag(isDefaultBranch),
            is_not_default_branch: flag(!isDefaultBranch),
            is_tag: flag(context.event === 'tag'),
            is_not_tag: flag(context.event !== 'tag'),
            is_semver_tag: flag(this.semverTag !== undefined),
            is_not_semver_tag: flag(this.semverTag === undefined),
            is_pull_request: flag(context.event === 'pull_request'),
            is_not_pull_request: flag(context.event !== 'pull_request')
        };
    }
    isDefaultBranch() {
        const { branch, defaultBranch, event } = this.context;
        if (event === 'pull_request' || event === 'tag' || branch === undefined)
            return false;
        // A schedule always runs on the default branch, even when its name is unknown.
        if (defaultBranch === undefined)
            return event === 'schedule';
        return branch === defaultBranch;
    }
    formatDate(date, args, options) {
        const unknown = Object.keys(options).filter(key => key !== 'tz');
        if (args.length !== 1 || unknown.length > 0) {
            this.fail(`{{date}} takes a format and tz= only, e.g. {{date 'YYYYMMDD' tz='Europe/Berlin'}}`);
        }
        try {
            return formatDate(date, args[0], options.tz);
        }
        catch (error) {
            if (error instanceof RangeError)
                this.fail(`unknown time zone tz='${options.tz}'`);
            throw error;
        }
    }
    fail(problem) {
        throw new errors_InputError(constants_Inputs.Tags, `line ${this.line} '${this.source}': ${problem}`, {
            fix: 'see the rule reference in the README (tags input)'
        });
    }
    /** Expands the global expressions (`{{branch}}`, `{{sha}}`, `{{date 'YYYYMMDD'}}`, …). */
    expand(text, helpers = this.helpers) {
        return renderTemplate(text, helpers, problem => this.fail(problem));
    }
    enabled(rule) {
        this.line = rule.line;
        this.source = rule.source;
        const enable = rule.attributes.enable;
        if (enable === undefined)
            return true;
        const terms = this.expand(enable)
            .split('&&')
            .map(term => term.trim());
        if (terms.some(term => term !== 'true' && term !== 'false')) {
            this.fail(`enable='${enable}' must be true, false, an expression such as {{is_default_branch}}, or several joined with &&`);
        }
        return terms.every(term => term === 'true');
    }
    /** The rule's tag (before sanitising), or undefined when it does not apply to this build. */
    produce(rule) {
        const value = this.value(rule);
        if (value === undefined)
            return undefined;
        return { value: this.affix(rule, value.text), stableRelease: value.stableRelease };
    }
    affix(rule, text) {
        const { prefix, suffix } = rule.attributes;
        return `${this.expand(prefix ?? this.flavor.prefix)}${text}${this.expand(suffix ?? this.flavor.suffix)}`;
    }
    value(rule) {
        const { context } = this;
        const { attributes } = rule;
        const plain = (text) => text === undefined ? undefined : { text, stableRelease: false };
        switch (rule.type) {
            case 'schedule':
                return context.event === 'schedule'
                    ? plain(this.expand(attributes.pattern ?? 'nightly'))
                    : undefined;
            case 'semver':
                return this.semver(rule);
            case 'match':
                return plain(this.match(rule));
            case 'edge': {
                const edgeBranch = attributes.branch || context.defaultBranch;
                return context.event !== 'pull_request' &&
                    context.branch !== undefined &&
                    context.branch === edgeBranch
                    ? plain('edge')
                    : undefined;
            }
            case 'ref':
                if (attributes.event === 'tag')
                    return plain(context.event === 'tag' ? context.tag : undefined);
                if (attributes.event === 'pr') {
                    return plain(context.event === 'pull_request' && context.prNumber !== undefined
                        ? String(context.prNumber)
                        : undefined);
                }
                return plain(context.event === 'tag' ? undefined : context.branch);
            case 'raw':
                return plain(this.expand(attributes.value));
            case 'sha': {
                const sha = attributes.commit === 'merge' ? (context.mergeSha ?? context.sha) : context.sha;
                if (!sha)
                    return undefined;
                return plain(attributes.format === 'long' ? sha : sha.slice(0, SHORT_SHA_LENGTH));
            }
        }
    }
    semver(rule) {
        const given = rule.attributes.value ?? '';
        let version;
        if (given !== '') {
            const text = this.expand(given);
            version = parseSemver(text);
            if (!version) {
                this.notices.push({
                    title: 'Not a semantic version',
                    message: `Line ${rule.line}: '${text}' is not a semantic version (https://semver.org), so the rule gives no tag.`
                });
                return undefined;
            }
        }
        else {
            version = this.semverTag;
        }
        if (!version)
            return undefined;
        const pattern = rule.attributes.pattern;
        const helpers = {
            raw: () => version.raw,
            version: () => version.version,
            major: () => version.major,
            minor: () => version.minor,
            patch: () => version.patch
        };
        // Pre-releases change often and break things: they only ever get their own version.
        if (version.prerelease !== undefined) {
            const onlyRaw = /^\{\{\s*raw\s*\}\}$/.test(pattern.trim());
            return { text: onlyRaw ? version.raw : version.version, stableRelease: false };
        }
        return { text: this.expand(pattern, helpers), stableRelease: true };
    }
    match(rule) {
        const given = rule.attributes.value ?? '';
        const text = given !== '' ? this.expand(given) : this.context.tag;
        if (text === undefined)
            return undefined;
        const pattern = rule.attributes.pattern;
        const literal = /^\/(.+)\/([a-z]*)$/.exec(pattern);
        let expression;
        try {
            expression = literal ? new RegExp(literal[1], literal[2]) : new RegExp(pattern);
        }
        catch (error) {
            this.fail(`pattern is not a valid regular expression: ${error.message}`);
        }
        const match = expression.exec(text);
        const group = Number(rule.attributes.group ?? '0');
        if (!match || match[group] === undefined) {
            this.notices.push({
                title: 'Pattern did not match',
                message: `Line ${rule.line}: ${pattern} ${match ? `has no group ${group} in` : 'does not match'} '${text}', so the rule gives no tag.`
            });
            return undefined;
        }
        return match[group];
    }
}
/** A git tag read as a version the way metadata-action does: `/` becomes `-`. */
function tagVersionText(tag) {
    return tag.replace(/\//g, '-');
}

;// CONCATENATED MODULE: ./src/engine/plan.ts




const OCI_PREFIX = 'oci:';
const ARCHIVE_PREFIX = 'docker-archive:';
/**
 * Reads the `image` input. '' → undefined (log in only).
 * - `oci:<dir>[:<tag>]`: the part after the last `:` is the tag when it is a valid tag (no
 *   `/`), so `oci:/builds/app:v1` is directory `/builds/app`, tag `v1`, and `oci:/a:b/layout`
 *   is directory `/a:b/layout`. A trailing `:` ends the directory: `oci:dir:v1:` is the
 *   directory `dir:v1`, no tag.
 * - `docker-archive:<file>`: everything after the prefix is the file.
 * - anything else: a reference or image ID in the local Docker engine.
 */
function parseImageSource(image) {
    const value = image.trim();
    if (value === '')
        return undefined;
    if (value.startsWith(OCI_PREFIX))
        return parseOciLayout(value.slice(OCI_PREFIX.length));
    if (value.startsWith(ARCHIVE_PREFIX)) {
        const path = value.slice(ARCHIVE_PREFIX.length);
        if (path === '')
            throw missingPath(ARCHIVE_PREFIX, 'docker-archive:./app.tar');
        return { kind: 'docker-archive', path };
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
        throw new errors_InputError(constants_Inputs.Image, `'${value}' is a URL, not an image`, {
            fix: "Name a local Docker image ('app:1.0'), an OCI layout ('oci:<dir>') or a 'docker save' tarball ('docker-archive:<file>')"
        });
    }
    return { kind: 'docker', reference: value };
}
function parseOciLayout(rest) {
    const colon = rest.lastIndexOf(':');
    const candidate = colon === -1 ? undefined : rest.slice(colon + 1);
    const hasTag = candidate !== undefined && (candidate === '' || constants_TAG_PATTERN.test(candidate));
    const path = hasTag ? rest.slice(0, colon) : rest;
    if (path === '')
        throw missingPath(OCI_PREFIX, 'oci:./layout or oci:./layout:1.0');
    return hasTag && candidate ? { kind: 'oci', path, tag: candidate } : { kind: 'oci', path };
}
function missingPath(prefix, example) {
    return new errors_InputError(constants_Inputs.Image, `'${prefix}' names no path`, {
        fix: `Write the path after the prefix, e.g. '${example}'`
    });
}
/**
 * Everything a run will do, computed without touching anything: the registry host, the
 * qualified username, the repository and the tag references. Throws `InputError` for any
 * setting that cannot work, before a byte is sent.
 */
function createPlan(settings, git) {
    const registry = resolveRegistry({ region: settings.region, registry: settings.registry });
    const namespace = validateNamespace(settings.namespace);
    const user = qualifyUsernameWithNotices({
        namespace,
        username: settings.username,
        identityDomain: settings.identityDomain
    });
    const notices = [...user.notices];
    const source = parseImageSource(settings.image);
    const mergeDigests = parseMergeDigests(settings, source);
    if (settings.pushByDigest && !source) {
        throw new errors_InputError(constants_Inputs.PushByDigest, 'needs an image to push', {
            fix: 'Set image to the platform image this job built; a later job joins the digests with merge-digests'
        });
    }
    const repository = settings.repository
        ? validateRepository(settings.repository, namespace)
        : source
            ? defaultRepository(nameOf(source), namespace)
            : '';
    const repositoryReference = repository ? `${registry}/${namespace}/${repository}` : '';
    let tags = [];
    if (settings.pushByDigest && (settings.tags.length > 0 || settings.flavor.length > 0)) {
        notices.push({
            title: 'Tags not used',
            message: 'push-by-digest pushes no tag: tags and flavor belong to the job that merges the digests'
        });
    }
    if ((source && !settings.pushByDigest) || mergeDigests) {
        const computed = computeTags({ rules: settings.tags, flavor: settings.flavor, context: git });
        if (computed.tags.length === 0) {
            const event = [git.eventName, git.ref].filter(Boolean).join(' ');
            throw new errors_InputError(constants_Inputs.Tags, `no tag rule applies to this build (${event})`, {
                fix: "Add a rule that applies to every build, e.g. 'type=sha' or 'type=raw,value=latest'"
            });
        }
        tags = computed.tags;
        notices.push(...computed.notices);
    }
    return {
        registry,
        hostInput: settings.registry.trim() ? constants_Inputs.Registry : constants_Inputs.Region,
        namespace,
        username: user.username,
        repository,
        repositoryReference,
        tags,
        references: tags.map(tag => `${repositoryReference}:${tag}`),
        ...(source ? { source } : {}),
        ...(settings.pushByDigest ? { byDigest: true } : {}),
        ...(mergeDigests ? { mergeDigests } : {}),
        push: settings.push,
        notices
    };
}
/** True when the run pushes an image: a source, or an index merged from digests. */
function pushesImage(plan) {
    return plan.source !== undefined || plan.mergeDigests !== undefined;
}
const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;
/**
 * Reads `merge-digests`: undefined when empty. The index is made of images already in the
 * repository, so there must be no image and an explicit repository.
 */
function parseMergeDigests(settings, source) {
    if (settings.mergeDigests.length === 0)
        return undefined;
    if (settings.pushByDigest) {
        throw new errors_InputError(constants_Inputs.MergeDigests, 'cannot be combined with push-by-digest', {
            fix: 'Set push-by-digest: true (with image) in each platform job, and merge-digests (without image) in the one job that joins them'
        });
    }
    if (source) {
        throw new errors_InputError(constants_Inputs.Image, 'must be empty with merge-digests', {
            fix: 'merge-digests joins images the platform jobs already pushed; remove image from this step'
        });
    }
    if (!settings.repository.trim()) {
        throw new errors_InputError(constants_Inputs.Repository, 'is required with merge-digests', {
            fix: 'Set repository to the repository the platform jobs pushed their digests to (project/app)'
        });
    }
    const seen = new Set();
    for (const digest of settings.mergeDigests) {
        if (!DIGEST_PATTERN.test(digest)) {
            throw new errors_InputError(constants_Inputs.MergeDigests, `'${digest}' is not a digest`, {
                fix: digest.includes('@')
                    ? "Pass each platform job's digest output (sha256:…), not its pinned-reference"
                    : "Write one digest per line, 'sha256:' and 64 lower-case hex digits: the digest output of each push-by-digest job"
            });
        }
        if (seen.has(digest)) {
            throw new errors_InputError(constants_Inputs.MergeDigests, `${digest} is listed twice`, {
                fix: "List each platform job's digest once; if two jobs pushed the same digest, they built the same platform"
            });
        }
        seen.add(digest);
    }
    return [...seen];
}
/** What names the default repository: the image reference, or a layout's or tarball's base name. */
function nameOf(source) {
    if (source.kind === 'docker')
        return source.reference;
    const base = source.path.replace(/\/+$/, '').split('/').pop() ?? '';
    return base.replace(/\.(tar|tar\.gz|tgz)$/i, '');
}
/** The image source as the faces show it: `app:1.0 (local Docker engine)`. */
function describeSource(source) {
    switch (source.kind) {
        case 'docker':
            return `${source.reference} (local Docker engine)`;
        case 'oci':
            return `${source.path}${source.tag ? ` tag ${source.tag}` : ''} (OCI image layout)`;
        case 'docker-archive':
            return `${source.path} (docker save tarball)`;
    }
}

;// CONCATENATED MODULE: ./src/docker/config.ts


/**
 * The Docker client configuration a run logs into (what `DOCKER_CONFIG` points at). A run
 * gets its own directory so that a user's `~/.docker` is never read or changed.
 */
const CONFIG_FILE = 'config.json';
/** Creates an empty client configuration directory (mode 0700, config.json 0600) under `parent`. */
async function createDockerConfigDir(parent) {
    // mkdtemp creates the directory with mode 0700.
    const dir = await (0,promises_namespaceObject.mkdtemp)((0,external_node_path_namespaceObject.join)(parent, 'ocir-push-docker-config-'));
    await writeConfig(dir, { auths: {} });
    return dir;
}
async function removeDockerConfigDir(dir) {
    await (0,promises_namespaceObject.rm)(dir, { recursive: true, force: true });
}
/**
 * Stores `username:token` for `host` the way `docker login` does without a credential helper,
 * for sources that are pushed without a Docker engine (later steps can still `docker pull`).
 */
async function writeAuth(dir, host, username, token) {
    const config = await readConfig(dir);
    const auth = Buffer.from(`${username}:${token}`).toString('base64');
    config.auths = { ...config.auths, [host]: { auth } };
    await writeConfig(dir, config);
}
/** Removes exactly the entry for `host`; other hosts and settings stay. True when one was there. */
async function removeAuth(dir, host) {
    const config = await readConfig(dir);
    if (!config.auths || !(host in config.auths))
        return false;
    delete config.auths[host];
    await writeConfig(dir, config);
    return true;
}
/**
 * The credential helper that holds `host`'s login (`credHelpers`, else `credsStore`), if any:
 * only `docker logout` reaches it. Without one, the login is the `auths` entry in the file.
 */
async function credentialHelperFor(dir, host) {
    const config = await readConfig(dir);
    const helpers = config.credHelpers;
    return helpers?.[host] || config.credsStore || undefined;
}
async function readConfig(dir) {
    let text;
    try {
        text = await (0,promises_namespaceObject.readFile)((0,external_node_path_namespaceObject.join)(dir, CONFIG_FILE), 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return {};
        throw error;
    }
    return text.trim() === '' ? {} : JSON.parse(text);
}
// Write-then-rename: a reader (a concurrent docker command) never sees half a file, and the
// file is created 0600 because it holds credentials.
async function writeConfig(dir, config) {
    const file = (0,external_node_path_namespaceObject.join)(dir, CONFIG_FILE);
    const partial = `${file}.${process.pid}.partial`;
    await (0,promises_namespaceObject.writeFile)(partial, `${JSON.stringify(config, null, '\t')}\n`, { mode: 0o600 });
    await (0,promises_namespaceObject.rename)(partial, file);
}

;// CONCATENATED MODULE: external "node:http"
const external_node_http_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
;// CONCATENATED MODULE: external "node:stream"
const external_node_stream_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");
;// CONCATENATED MODULE: external "node:stream/promises"
const external_node_stream_promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");
;// CONCATENATED MODULE: external "node:util/types"
const types_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");
;// CONCATENATED MODULE: ./src/registry/challenge.ts
const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
/**
 * Parses `Bearer realm="https://x/token",service="x",scope="a:b:pull,push", Basic realm="y"`.
 * Quoted values may hold commas and escaped quotes, so the header cannot be split on commas.
 */
function parseWwwAuthenticate(header) {
    const challenges = [];
    let position = 0;
    const skip = (pattern) => {
        while (position < header.length && pattern.test(header[position]))
            position++;
    };
    const readToken = () => {
        const start = position;
        while (position < header.length && TOKEN.test(header[position]))
            position++;
        return header.slice(start, position);
    };
    const readQuoted = () => {
        let value = '';
        position++;
        while (position < header.length && header[position] !== '"') {
            if (header[position] === '\\')
                position++;
            value += header[position] ?? '';
            position++;
        }
        position++;
        return value;
    };
    while (position < header.length) {
        skip(/[\s,]/);
        const scheme = readToken();
        if (!scheme) {
            position++;
            continue;
        }
        const challenge = { scheme: scheme.toLowerCase(), params: {} };
        challenges.push(challenge);
        for (;;) {
            skip(/[\s,]/);
            const start = position;
            const name = readToken();
            skip(/\s/);
            if (!name || header[position] !== '=') {
                // Not a parameter: the next challenge's scheme starts here.
                position = start;
                break;
            }
            position++;
            skip(/\s/);
            const value = header[position] === '"' ? readQuoted() : readToken();
            challenge.params[name.toLowerCase()] = value;
        }
    }
    return challenges;
}

;// CONCATENATED MODULE: ./src/image/media-types.ts
/** Manifest media types the engine reads and writes; `Accept` lists all of them. */
const MediaTypes = {
    DockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    DockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    OciManifest: 'application/vnd.oci.image.manifest.v1+json',
    OciIndex: 'application/vnd.oci.image.index.v1+json',
    DockerConfig: 'application/vnd.docker.container.image.v1+json',
    DockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    OciConfig: 'application/vnd.oci.image.config.v1+json',
    OciLayer: 'application/vnd.oci.image.layer.v1.tar',
    OciLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip'
};
const MANIFEST_ACCEPT = [
    MediaTypes.OciIndex,
    MediaTypes.DockerManifestList,
    MediaTypes.OciManifest,
    MediaTypes.DockerManifest
].join(', ');
function isIndexMediaType(mediaType) {
    return mediaType === MediaTypes.OciIndex || mediaType === MediaTypes.DockerManifestList;
}
/** `linux/arm64/v8` from a platform object. */
function formatPlatform(platform) {
    return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

;// CONCATENATED MODULE: ./src/image/digest.ts

/** The content address of `bytes`: `sha256:<hex>`. */
function sha256Digest(bytes) {
    return `sha256:${(0,external_node_crypto_namespaceObject.createHash)('sha256').update(bytes).digest('hex')}`;
}

;// CONCATENATED MODULE: ./src/registry/retry.ts
const DEFAULT_RETRY_POLICY = {
    attempts: 5,
    budgetMs: 60_000,
    baseDelayMs: 500,
    maxDelayMs: 15_000
};
const systemClock = {
    now: () => Date.now(),
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
    random: () => Math.random()
};
/**
 * Runs `operation` until it succeeds, fails for good, or the budget is spent; then throws the
 * last error. Backoff is exponential with full jitter so parallel uploads do not retry in step;
 * a `Retry-After` from the server replaces it.
 */
async function withRetry(operation, options) {
    const { policy, clock } = options;
    const started = clock.now();
    for (let attempt = 1;; attempt++) {
        try {
            return await operation(attempt);
        }
        catch (error) {
            const decision = options.classify(error);
            if (!decision.retry || attempt >= policy.attempts)
                throw error;
            const delayMs = decision.retryAfterMs ?? backoffDelay(policy, attempt, clock.random());
            if (clock.now() - started + delayMs > policy.budgetMs)
                throw error;
            options.onRetry?.(error, attempt, delayMs);
            await clock.sleep(delayMs);
        }
    }
}
/** Full jitter: uniform in [0, min(max, base·2^(attempt-1))]. */
function backoffDelay(policy, attempt, random) {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling * random);
}
/** `Retry-After` as delay-seconds or an HTTP date; undefined when absent or unreadable. */
function parseRetryAfter(value, now) {
    if (value === null || value.trim() === '')
        return undefined;
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed))
        return Number(trimmed) * 1000;
    const date = Date.parse(trimmed);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

;// CONCATENATED MODULE: ./src/registry/failures.ts

function context(request, client) {
    const [namespace, ...rest] = request.repository?.split('/') ?? [];
    return {
        host: client.host,
        username: client.credentials?.username,
        namespace: rest.length > 0 ? namespace : undefined,
        repository: rest.length > 0 ? rest.join('/') : request.repository,
        secrets: client.credentials ? [client.credentials.token] : [],
        ...(client.hostInput ? { hostInput: client.hostInput } : {}),
        attempts: request.attempts
    };
}
/** A non-success answer as a diagnosed `RegistryError`: the fix, then the registry's words. */
function registryFailure(status, body, request, client) {
    return diagnoseRegistryFailure({
        ...context(request, client),
        phase: request.phase,
        status,
        message: body
    });
}
/** A request that got no answer at all: refused, reset, DNS or TLS failure, stall. */
function transportFailure(error, request, client) {
    return diagnoseNetworkError(error, client.host, context(request, client));
}

;// CONCATENATED MODULE: ./src/registry/client.ts












/** No byte sent and no answer for this long: the connection hangs. */
const DEFAULT_STALL_TIMEOUT_MS = 60_000;
/** A request that moved no byte for the stall timeout. */
class StalledRequestError extends Error {
    constructor(ms) {
        super(`no byte moved for ${ms} ms: the connection stalled (timed out)`);
        this.name = 'TimeoutError';
    }
}
/** A retryable answer (5xx, 429), carried through the retry loop as an error. */
class TransientResponse extends Error {
    response;
    body;
    retryAfterMs;
    constructor(response, body, retryAfterMs) {
        super(`HTTP ${response.status}`);
        this.response = response;
        this.body = body;
        this.retryAfterMs = retryAfterMs;
    }
}
/** Docker trusts loopback registries over plain HTTP; everything else is HTTPS. */
function registryBaseUrl(registry) {
    const host = registry.startsWith('[')
        ? registry.slice(0, registry.indexOf(']') + 1)
        : registry.split(':')[0];
    const loopback = host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
    return `${loopback ? 'http' : 'https'}://${registry}`;
}
function pushScope(repository) {
    return `repository:${repository}:pull,push`;
}
function pullScope(repository) {
    return `repository:${repository}:pull`;
}
/** An OCI distribution client: authentication, manifests and blobs, with retries. */
class RegistryClient {
    registry;
    baseUrl;
    credentials;
    hostInput;
    logger;
    policy;
    fetchImpl;
    clock;
    monolithicLimit;
    chunkSize;
    stallTimeoutMs;
    challenge;
    tokens = new Map();
    constructor(options) {
        this.registry = options.registry;
        this.baseUrl = registryBaseUrl(options.registry);
        this.credentials = options.credentials;
        this.hostInput = options.hostInput;
        this.logger = options.logger;
        this.policy = options.retry ?? DEFAULT_RETRY_POLICY;
        this.fetchImpl = options.fetch ?? globalThis.fetch;
        this.clock = options.clock ?? systemClock;
        this.monolithicLimit = options.monolithicLimit ?? 8 * 1024 * 1024;
        this.chunkSize = options.chunkSize ?? 16 * 1024 * 1024;
        this.stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
    }
    /**
     * Learns how the registry authenticates and, for Bearer, gets the push token every later
     * request reuses: a wrong token or a missing push right fails here. Basic credentials are
     * proven by the first authenticated request instead, where a wrong token gets the same 401;
     * callers whose first requests are blob lookups therefore fail before any upload starts.
     */
    async preparePush(repository) {
        const challenge = await this.ping();
        if (challenge?.scheme === 'bearer')
            await this.bearerToken(challenge, [pushScope(repository)]);
        return challenge;
    }
    /**
     * Checks the credentials can push to `repository` before anything is uploaded: a token
     * request with pull,push scope (Bearer) or an authenticated `/v2/` (Basic).
     */
    async checkPushAccess(repository) {
        const challenge = await this.preparePush(repository);
        if (challenge?.scheme === 'basic') {
            const context = { phase: 'login', repository };
            const response = await this.send({
                method: 'GET',
                url: '/v2/',
                scopes: [],
                what: 'Signing in',
                context
            });
            await this.expect(response, [200], context);
        }
    }
    async headManifest(repository, reference) {
        const what = `Looking up ${repository}:${reference}`;
        const context = { phase: 'pull', repository };
        const response = await this.send({
            method: 'HEAD',
            url: `/v2/${repository}/manifests/${reference}`,
            scopes: [pullScope(repository)],
            headers: { Accept: MANIFEST_ACCEPT },
            what,
            context
        });
        if (response.status === 404)
            return undefined;
        await this.expect(response, [200], context);
        return {
            digest: response.headers.get('docker-content-digest') ?? '',
            mediaType: response.headers.get('content-type') ?? '',
            size: Number(response.headers.get('content-length') ?? 0)
        };
    }
    async getManifest(repository, reference) {
        const what = `Reading manifest ${repository}:${reference}`;
        const context = { phase: 'pull', repository };
        const response = await this.send({
            method: 'GET',
            url: `/v2/${repository}/manifests/${reference}`,
            scopes: [pullScope(repository)],
            headers: { Accept: MANIFEST_ACCEPT },
            what,
            context
        });
        await this.expect(response, [200], context, true);
        const bytes = Buffer.from(await response.arrayBuffer());
        const digest = sha256Digest(bytes);
        if (reference.startsWith('sha256:') && reference !== digest) {
            throw new RegistryError(`${what}: the registry returned content with digest ${digest}`, {
                fix: 'The registry served corrupt content; push the image again.'
            });
        }
        const mediaType = response.headers.get('content-type')?.split(';')[0]?.trim() ||
            JSON.parse(bytes.toString('utf8')).mediaType ||
            '';
        return { mediaType, bytes, digest };
    }
    /**
     * PUTs the exact bytes under `reference` (a tag or the digest) and returns the digest, once
     * the registry has said that `reference` resolves to it: by the answer's
     * `Docker-Content-Digest`, or, when a registry leaves that out, by a HEAD.
     */
    async putManifest(repository, reference, manifest) {
        const what = `Pushing manifest ${repository}:${reference}`;
        const context = { phase: 'push', repository };
        const digest = sha256Digest(manifest.bytes);
        const response = await this.send({
            method: 'PUT',
            url: `/v2/${repository}/manifests/${reference}`,
            scopes: [pushScope(repository)],
            headers: { 'Content-Type': manifest.mediaType },
            body: () => manifest.bytes,
            what,
            context
        });
        await this.expect(response, [200, 201], context);
        const returned = response.headers.get('docker-content-digest');
        if (returned && returned !== digest) {
            throw new RegistryError(`${what}: the registry stored digest ${returned}, expected ${digest}`, {
                fix: 'The registry rewrote the manifest; push it with a registry that stores manifests unchanged.'
            });
        }
        if (!returned) {
            const resolved = (await this.headManifest(repository, reference))?.digest;
            if (resolved !== digest) {
                throw new RegistryError(`${what}: ${reference} resolves to ${resolved || 'nothing'} after pushing, not ${digest}`, { fix: 'Another push to the same tag ran at the same time; run this push again, alone.' });
            }
        }
        const separator = reference.includes(':') ? '@' : ':';
        this.logger?.info(`${this.registry}/${repository}${separator}${reference} → ${digest}`);
        return digest;
    }
    async hasBlob(repository, digest) {
        const what = `Checking blob ${digest}`;
        const context = { phase: 'pull', repository };
        const response = await this.send({
            method: 'HEAD',
            url: `/v2/${repository}/blobs/${digest}`,
            scopes: [pullScope(repository)],
            what,
            context
        });
        if (response.status === 404)
            return false;
        await this.expect(response, [200], context);
        return true;
    }
    /** Reads a small blob (an image config) whole, verifying its digest. */
    async getBlob(repository, digest) {
        const what = `Reading blob ${digest}`;
        const context = { phase: 'pull', repository };
        const response = await this.send({
            method: 'GET',
            url: `/v2/${repository}/blobs/${digest}`,
            scopes: [pullScope(repository)],
            what,
            context
        });
        await this.expect(response, [200], context, true);
        const bytes = Buffer.from(await response.arrayBuffer());
        if (sha256Digest(bytes) !== digest) {
            throw new RegistryError(`${what}: the content does not match its digest`, {
                fix: 'The registry served corrupt content; push the image again.'
            });
        }
        return bytes;
    }
    /**
     * Makes the blob exist in `repository`: nothing if it already does, a cross-repository
     * mount when `mountFrom` holds it, an upload otherwise.
     */
    async pushBlob(repository, blob, mountFrom) {
        const outcome = await this.makeBlobExist(repository, blob, mountFrom);
        const verb = {
            existed: 'already there',
            mounted: `mounted from ${mountFrom}`,
            uploaded: 'uploaded'
        };
        this.logger?.info(`${blob.digest.slice(0, 19)} (${formatSize(blob.size)}): ${verb[outcome]}`);
        return outcome;
    }
    async makeBlobExist(repository, blob, mountFrom) {
        if (await this.hasBlob(repository, blob.digest))
            return 'existed';
        const what = `Uploading blob ${blob.digest}`;
        const context = { phase: 'push', repository };
        if (mountFrom && mountFrom !== repository) {
            const query = new URLSearchParams({ mount: blob.digest, from: mountFrom });
            const response = await this.send({
                method: 'POST',
                url: `/v2/${repository}/blobs/uploads/?${query}`,
                scopes: [pushScope(repository), pullScope(mountFrom)],
                headers: { 'Content-Length': '0' },
                what,
                context
            });
            await this.expect(response, [201, 202], context);
            if (response.status === 201)
                return 'mounted';
            await this.upload(repository, blob, this.location(response));
            return 'uploaded';
        }
        await this.upload(repository, blob);
        return 'uploaded';
    }
    async startUpload(repository, what) {
        const context = { phase: 'push', repository };
        const response = await this.send({
            method: 'POST',
            url: `/v2/${repository}/blobs/uploads/`,
            scopes: [pushScope(repository)],
            headers: { 'Content-Length': '0' },
            what,
            context
        });
        await this.expect(response, [202], context);
        return this.location(response);
    }
    async upload(repository, blob, started) {
        const what = `Uploading blob ${blob.digest}`;
        const context = { phase: 'push', repository };
        const session = new UploadSession(blob);
        let location = started ?? (await this.startUpload(repository, what));
        await withRetry(async (attempt) => {
            if (attempt > 1)
                location = await this.resume(repository, session, location, what);
            if (blob.size <= this.monolithicLimit && session.offset === 0) {
                const response = await this.send({
                    method: 'PUT',
                    url: withDigest(location, blob.digest),
                    scopes: [pushScope(repository)],
                    headers: {
                        'Content-Type': 'application/octet-stream',
                        'Content-Length': String(blob.size)
                    },
                    body: () => session.take(blob.size),
                    what,
                    context,
                    retry: false
                });
                session.verify(what);
                await this.expect(response, [201], context);
                return;
            }
            while (session.offset < blob.size) {
                const length = Math.min(this.chunkSize, blob.size - session.offset);
                const start = session.offset;
                const response = await this.send({
                    method: 'PATCH',
                    url: location,
                    scopes: [pushScope(repository)],
                    headers: {
                        'Content-Type': 'application/octet-stream',
                        'Content-Length': String(length),
                        'Content-Range': `${start}-${start + length - 1}`
                    },
                    body: () => session.take(length),
                    what,
                    context,
                    retry: false
                });
                await this.expect(response, [202], context);
                location = this.location(response);
                session.confirm(start + length);
            }
            session.verify(what);
            const response = await this.send({
                method: 'PUT',
                url: withDigest(location, blob.digest),
                scopes: [pushScope(repository)],
                headers: { 'Content-Length': '0' },
                what,
                context,
                retry: false
            });
            await this.expect(response, [201], context);
        }, {
            policy: this.policy,
            clock: this.clock,
            classify: error => this.classify(error),
            onRetry: (error, attempt, delayMs) => this.logger?.info(`${what}: ${describe(error)}; resuming in ${delayMs} ms (attempt ${attempt + 1})`)
        }).catch(error => {
            throw this.toRegistryError(error, context);
        });
    }
    /**
     * After a cut upload: asks the registry how much it kept (`Range: 0-N`) and continues from
     * there; when it kept nothing usable, starts a new upload.
     */
    async resume(repository, session, location, what) {
        const response = await this.send({
            method: 'GET',
            url: location,
            scopes: [pushScope(repository)],
            what,
            context: { phase: 'push', repository }
        });
        await discard(response);
        const range = /^(?:bytes=)?0-(\d+)$/.exec(response.headers.get('range') ?? '');
        // Distribution answers `0-0` for an empty upload and for one holding a single byte alike:
        // only a new session has a known offset then, and at most one byte is lost.
        const ambiguous = range?.[1] === '0';
        if (response.status === 204 && !ambiguous && (range || !response.headers.get('range'))) {
            const kept = range ? Number(range[1]) + 1 : 0;
            this.logger?.debug(`${what}: the registry kept ${kept} of ${session.blob.size} bytes`);
            await session.rewind(kept);
            return this.location(response, location);
        }
        this.logger?.debug(`${what}: upload session gone (HTTP ${response.status}); starting over`);
        await session.rewind(0);
        return this.startUpload(repository, what);
    }
    location(response, fallback) {
        const header = response.headers.get('location') ?? fallback;
        if (!header) {
            throw new RegistryError(`The registry answered HTTP ${response.status} without a Location`, {
                fix: 'The registry does not follow the OCI distribution protocol; check the registry host.'
            });
        }
        return new URL(header, this.baseUrl).toString();
    }
    /** One request, authenticated for `scopes`, retried on network errors, 5xx and 429. */
    async send(spec) {
        let attempts = 0;
        const attemptOnce = async () => {
            attempts++;
            const challenge = await this.ping();
            let response = await this.fetchWithAuth(spec, challenge, false);
            if (response.status === 401 && challenge?.scheme === 'bearer') {
                // A token can expire or lack a scope the registry wants: renew it once, never more.
                await discard(response);
                const extra = parseWwwAuthenticate(response.headers.get('www-authenticate') ?? '').find(c => c.scheme === 'bearer')?.params.scope;
                const scopes = extra ? [...new Set([...spec.scopes, ...extra.split(' ')])] : spec.scopes;
                if (spec.retry === false) {
                    // An upload request's body stream is spent: the upload resumes from what the
                    // registry kept, and its next request fetches the new token.
                    this.tokens.delete(scopeKey(spec.scopes));
                    throw new TransientResponse(response, '', 0);
                }
                response = await this.fetchWithAuth({ ...spec, scopes }, challenge, true);
            }
            if (response.status >= 500 || response.status === 429) {
                const body = await response.text();
                throw new TransientResponse(response, body, parseRetryAfter(response.headers.get('retry-after'), this.clock.now()));
            }
            return response;
        };
        if (spec.retry === false)
            return attemptOnce();
        return withRetry(attemptOnce, {
            policy: this.policy,
            clock: this.clock,
            classify: error => this.classify(error),
            onRetry: (error, attempt, delayMs) => this.logger?.info(`${spec.what}: ${describe(error)}; retrying in ${delayMs} ms (attempt ${attempt + 1})`)
        }).catch(error => {
            throw this.toRegistryError(error, { ...spec.context, attempts });
        });
    }
    async fetchWithAuth(spec, challenge, renew) {
        const headers = { 'User-Agent': 'ocir-push', ...spec.headers };
        if (challenge?.scheme === 'bearer' && this.credentials) {
            headers.Authorization = `Bearer ${await this.bearerToken(challenge, spec.scopes, renew)}`;
        }
        else if (challenge?.scheme === 'basic' && this.credentials) {
            headers.Authorization = basicAuthorization(this.credentials);
        }
        const url = new URL(spec.url, this.baseUrl).toString();
        this.logger?.debug(`${spec.method} ${redactQuery(url)}`);
        const body = spec.body?.();
        if (body && !(body instanceof Uint8Array))
            return this.stream(url, spec.method, headers, body);
        return this.fetchWatched(url, {
            method: spec.method,
            headers,
            body: body,
            redirect: 'follow'
        });
    }
    /**
     * Sends a streamed blob body through node:http(s): the source's buffers go to the socket as
     * they are, paced by backpressure. fetch copies every chunk and the copies linger until a
     * late garbage collection, which made a large push hold hundreds of MiB. A request whose
     * socket moves no byte either way for the stall timeout is cut, like a reset.
     */
    stream(url, method, headers, body) {
        const target = new URL(url);
        const send = target.protocol === 'https:' ? external_node_https_namespaceObject.request : external_node_http_namespaceObject.request;
        return new Promise((resolve, reject) => {
            const request = send(target, { method, headers });
            request.setTimeout(this.stallTimeoutMs, () => request.destroy(new StalledRequestError(this.stallTimeoutMs)));
            request.once('response', answer => {
                request.setTimeout(0);
                resolve(toResponse(answer));
            });
            // The body can be through (written to the socket) when the connection is cut: the
            // request's own error is the one that counts. After an answer, both are moot.
            request.on('error', reject);
            (0,external_node_stream_promises_namespaceObject.pipeline)(external_node_stream_namespaceObject.Readable.from(body, { objectMode: false }), request).catch(reject);
        });
    }
    /**
     * fetch (small bodies only), cut when no answer has come for the stall timeout. A hung
     * connection then fails like a reset (and is retried) instead of holding the push forever.
     */
    async fetchWatched(url, init) {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(new StalledRequestError(this.stallTimeoutMs)), this.stallTimeoutMs);
        try {
            return await this.fetchImpl(url, { ...init, signal: controller.signal });
        }
        finally {
            clearTimeout(timer);
        }
    }
    /** `GET /v2/` once, unauthenticated, to learn how the registry wants to be spoken to. */
    ping() {
        this.challenge ??= withRetry(async () => {
            const response = await this.fetchWatched(`${this.baseUrl}/v2/`, {
                headers: { 'User-Agent': 'ocir-push' }
            });
            if (response.status >= 500 || response.status === 429) {
                throw new TransientResponse(response, await response.text(), parseRetryAfter(response.headers.get('retry-after'), this.clock.now()));
            }
            await discard(response);
            if (response.status === 401) {
                const challenges = parseWwwAuthenticate(response.headers.get('www-authenticate') ?? '');
                return (challenges.find(c => c.scheme === 'bearer') ??
                    challenges.find(c => c.scheme === 'basic'));
            }
            return undefined;
        }, { policy: this.policy, clock: this.clock, classify: error => this.classify(error) }).catch(error => {
            this.challenge = undefined;
            throw this.toRegistryError(error, { phase: 'ping' });
        });
        return this.challenge;
    }
    bearerToken(challenge, scopes, renew = false) {
        // A pull,push token serves pulls from the same repository too: no second token request.
        const widened = scopeKey(scopes.map(scope => scope.replace(/:pull$/, ':pull,push')));
        const key = !renew && !this.tokens.has(scopeKey(scopes)) && this.tokens.has(widened)
            ? widened
            : scopeKey(scopes);
        const cached = this.tokens.get(key);
        if (cached && !renew) {
            return cached.then(token => token.expiresAt > this.clock.now() ? token.value : this.bearerToken(challenge, scopes, true));
        }
        const pending = this.fetchToken(challenge, scopes);
        this.tokens.set(key, pending);
        pending.catch(() => this.tokens.delete(key));
        return pending.then(token => token.value);
    }
    async fetchToken(challenge, scopes) {
        const realm = challenge.params.realm;
        const what = `Signing in to ${this.registry}`;
        if (!realm) {
            throw new RegistryError(`${what}: the registry's Bearer challenge names no realm`, {
                fix: 'Check the registry host: it does not answer like a distribution registry.'
            });
        }
        const url = new URL(realm);
        if (challenge.params.service)
            url.searchParams.set('service', challenge.params.service);
        for (const scope of scopes)
            url.searchParams.append('scope', scope);
        const response = await withRetry(async () => {
            this.logger?.debug(`GET ${url.origin}${url.pathname} (token for ${scopes.join(' ')})`);
            const answer = await this.fetchWatched(url, {
                headers: {
                    'User-Agent': 'ocir-push',
                    ...(this.credentials ? { Authorization: basicAuthorization(this.credentials) } : {})
                }
            });
            if (answer.status >= 500 || answer.status === 429) {
                throw new TransientResponse(answer, await answer.text(), parseRetryAfter(answer.headers.get('retry-after'), this.clock.now()));
            }
            return answer;
        }, { policy: this.policy, clock: this.clock, classify: error => this.classify(error) }).catch(error => {
            throw this.toRegistryError(error, { phase: 'token' });
        });
        await this.expect(response, [200], { phase: 'token' }, true);
        const body = (await response.json());
        const value = body.token ?? body.access_token;
        if (!value) {
            throw new RegistryError(`${what}: the token endpoint returned no token`, {
                fix: 'Check the registry host: its token endpoint does not answer like OCIR.'
            });
        }
        // Renew a little early so a token never expires between cache lookup and use.
        const lifetimeMs = Math.max(0, (body.expires_in ?? 60) * 1000 - 10_000);
        return { value, expiresAt: this.clock.now() + lifetimeMs };
    }
    classify(error) {
        if (error instanceof TransientResponse)
            return { retry: true, retryAfterMs: error.retryAfterMs };
        if (error instanceof RegistryError)
            return { retry: false };
        // Anything else thrown by fetch or a body stream is the network: a reset, a refusal, a stall.
        return { retry: (0,types_namespaceObject.isNativeError)(error) && !(error.cause instanceof UploadContentError) };
    }
    /** Throws a diagnosed `RegistryError` unless the answer is one of `ok`. */
    async expect(response, ok, context, keepBody = false) {
        if (ok.includes(response.status)) {
            if (!keepBody)
                await discard(response);
            return;
        }
        throw registryFailure(response.status, await response.text(), context, this.facts());
    }
    toRegistryError(error, context) {
        if (error instanceof RegistryError)
            return error;
        if ((0,types_namespaceObject.isNativeError)(error) && error.cause instanceof UploadContentError)
            return error.cause;
        if (error instanceof TransientResponse) {
            return registryFailure(error.response.status, error.body, context, this.facts());
        }
        return transportFailure(error, context, this.facts());
    }
    facts() {
        return { host: this.registry, credentials: this.credentials, hostInput: this.hostInput };
    }
}
function formatSize(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    if (bytes < 1024 * 1024)
        return `${(bytes / 1024).toFixed(1)} KiB`;
    return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
function scopeKey(scopes) {
    return [...scopes].sort().join(' ');
}
function basicAuthorization(credentials) {
    return `Basic ${Buffer.from(`${credentials.username}:${credentials.token}`).toString('base64')}`;
}
function withDigest(location, digest) {
    const url = new URL(location);
    url.searchParams.set('digest', digest);
    return url.toString();
}
/** Upload URLs carry opaque state; logs need only the path. */
function redactQuery(url) {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
}
/** An answer of node:http as a fetch Response, so every answer is read one way. */
function toResponse(answer) {
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
        for (const item of [value ?? []].flat())
            headers.append(name, item);
    }
    const status = answer.statusCode ?? 0;
    const bodiless = status === 204 || status === 205 || status === 304;
    if (bodiless)
        answer.resume();
    return new Response(bodiless ? null : external_node_stream_namespaceObject.Readable.toWeb(answer), {
        status,
        statusText: answer.statusMessage ?? '',
        headers
    });
}
async function discard(response) {
    await response.body?.cancel();
}
function describe(error) {
    if (error instanceof TransientResponse)
        return `HTTP ${error.response.status}`;
    return (0,types_namespaceObject.isNativeError)(error)
        ? (0,types_namespaceObject.isNativeError)(error.cause)
            ? error.cause.message
            : error.message
        : String(error);
}
/** The source's bytes are not the blob its digest names: retrying cannot help. */
class UploadContentError extends RegistryError {
}
/**
 * The state of one blob upload: where the source stream is, and the sha256 of what was sent.
 * Hash snapshots at confirmed offsets let a resumed upload continue without re-reading.
 */
class UploadSession {
    blob;
    offset = 0;
    hash = (0,external_node_crypto_namespaceObject.createHash)('sha256');
    confirmed = new Map([[0, (0,external_node_crypto_namespaceObject.createHash)('sha256')]]);
    iterator;
    leftover;
    stream;
    constructor(blob) {
        this.blob = blob;
    }
    /** The next `length` bytes of the blob, hashed as they go out. */
    async *take(length) {
        let remaining = length;
        while (remaining > 0) {
            const chunk = await this.next();
            const piece = chunk.length > remaining ? chunk.subarray(0, remaining) : chunk;
            if (piece.length < chunk.length)
                this.leftover = chunk.subarray(remaining);
            this.hash.update(piece);
            this.offset += piece.length;
            remaining -= piece.length;
            yield piece;
        }
    }
    /** The registry holds everything up to `offset`. */
    confirm(offset) {
        this.confirmed.set(offset, this.hash.copy());
    }
    /** Continues from `offset`: reopens the source there and brings the hash up to it locally. */
    async rewind(offset) {
        const base = Math.max(...[...this.confirmed.keys()].filter(known => known <= offset));
        this.stream?.destroy();
        this.stream = this.blob.open(base);
        this.iterator = this.stream[Symbol.asyncIterator]();
        this.leftover = undefined;
        this.hash = this.confirmed.get(base).copy();
        this.offset = base;
        for await (const piece of this.take(offset - base))
            void piece;
    }
    verify(what) {
        const digest = `sha256:${this.hash.copy().digest('hex')}`;
        this.stream?.destroy();
        if (this.offset !== this.blob.size || digest !== this.blob.digest) {
            throw new UploadContentError(`${what}: the source's content is ${digest} (${this.offset} bytes), not ${this.blob.digest} (${this.blob.size} bytes)`, {
                fix: 'The image source changed or is corrupt; rebuild or re-export the image and push again.'
            });
        }
    }
    async next() {
        if (this.leftover) {
            const chunk = this.leftover;
            this.leftover = undefined;
            return chunk;
        }
        if (!this.iterator) {
            this.stream = this.blob.open(0);
            this.iterator = this.stream[Symbol.asyncIterator]();
        }
        const { value, done } = await this.iterator.next();
        if (done) {
            throw new UploadContentError(`The source of blob ${this.blob.digest} ended at ${this.offset} bytes`, {
                fix: 'The image source changed or is corrupt; rebuild or re-export the image and push again.'
            });
        }
        return value;
    }
}

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:zlib"
const external_node_zlib_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");
;// CONCATENATED MODULE: ./src/common/limiter.ts
/** Runs at most `limit` of the given tasks at once. */
function limiter(limit) {
    let active = 0;
    const waiting = [];
    return async (task) => {
        // A finishing task hands its slot straight to the next waiter, so `active` never overshoots.
        if (active >= limit)
            await new Promise(resolve => waiting.push(resolve));
        else
            active++;
        try {
            return await task();
        }
        finally {
            const next = waiting.shift();
            if (next)
                next();
            else
                active--;
        }
    };
}

;// CONCATENATED MODULE: ./src/sources/oci-layout.ts







const REF_NAME = 'org.opencontainers.image.ref.name';
const DIGEST = /^(sha256|sha512):([a-f0-9]{64,128})$/;
function directoryStore(directory) {
    return {
        label: `OCI layout ${directory}`,
        readFile: async (path) => {
            try {
                return await (0,promises_namespaceObject.readFile)((0,external_node_path_namespaceObject.join)(directory, path));
            }
            catch (error) {
                if (error.code === 'ENOENT')
                    return undefined;
                throw error;
            }
        },
        blob: (path, descriptor) => ({
            digest: descriptor.digest,
            size: descriptor.size,
            open: offset => (0,external_node_fs_namespaceObject.createReadStream)((0,external_node_path_namespaceObject.join)(directory, path), { start: offset })
        })
    };
}
/** Opens `oci:<dir>[:<tag>]`: the manifest or index that `tag` names, or the only one. */
async function readOciLayoutDirectory(directory, tag) {
    const info = await (0,promises_namespaceObject.stat)(directory).catch(() => undefined);
    if (!info?.isDirectory()) {
        throw new errors_InputError(constants_Inputs.Image, `OCI layout directory '${directory}' does not exist`, {
            fix: 'Point image at an OCI image layout directory: oci:<dir>[:<tag>], relative to the working directory.'
        });
    }
    return readOciLayout(directoryStore(directory), tag);
}
async function readOciLayout(store, tag) {
    const indexBytes = await store.readFile('index.json');
    if (!indexBytes) {
        throw new errors_InputError(constants_Inputs.Image, `${store.label} has no index.json`, {
            fix: 'Export the image as an OCI image layout (for example `skopeo copy … oci:<dir>:<tag>` or buildx `--output type=oci,tar=false`).'
        });
    }
    const index = JSON.parse(indexBytes.toString('utf8'));
    const named = tag
        ? index.manifests.filter(manifest => manifest.annotations?.[REF_NAME] === tag)
        : index.manifests;
    if (named.length !== 1) {
        const names = index.manifests.map(manifest => manifest.annotations?.[REF_NAME]).filter(Boolean);
        const available = names.length ? `; it holds: ${names.join(', ')}` : '';
        throw new errors_InputError(constants_Inputs.Image, tag
            ? `${store.label} has ${named.length === 0 ? 'no' : 'more than one'} image tagged '${tag}'`
            : `${store.label} holds ${named.length} images; say which one`, { fix: `Name one image as oci:<dir>:<tag>${available}.` });
    }
    return loadNode(store, named[0]);
}
/** Reads a manifest or index blob and, recursively, what it references. */
async function loadNode(store, descriptor) {
    const bytes = await readBlob(store, descriptor);
    const document = JSON.parse(bytes.toString('utf8'));
    const mediaType = document.mediaType ?? descriptor.mediaType;
    if (isIndexMediaType(mediaType)) {
        const children = await Promise.all(document.manifests.map(child => loadNode(store, child)));
        return { mediaType, bytes, digest: descriptor.digest, blobs: [], children };
    }
    const config = JSON.parse((await readBlob(store, document.config)).toString('utf8'));
    const blobs = [document.config, ...document.layers].map(blob => store.blob(blobPath(store, blob.digest), blob));
    return {
        mediaType,
        bytes,
        digest: descriptor.digest,
        blobs,
        children: [],
        platform: config.os && config.architecture ? formatPlatform(config) : undefined
    };
}
function blobPath(store, digest) {
    const match = DIGEST.exec(digest);
    if (!match) {
        throw new errors_InputError(constants_Inputs.Image, `${store.label} references an invalid digest '${digest}'`, {
            fix: 'The layout is corrupt; export the image again.'
        });
    }
    return `blobs/${match[1]}/${match[2]}`;
}
async function readBlob(store, descriptor) {
    const bytes = await store.readFile(blobPath(store, descriptor.digest));
    if (!bytes) {
        throw new errors_InputError(constants_Inputs.Image, `${store.label} lacks blob ${descriptor.digest}`, {
            fix: 'The layout is incomplete (a platform or layer was not exported); export the whole image again.'
        });
    }
    if (descriptor.digest.startsWith('sha256:') && sha256Digest(bytes) !== descriptor.digest) {
        throw new errors_InputError(constants_Inputs.Image, `${store.label}: blob ${descriptor.digest} is corrupt`, {
            fix: 'Its content does not match its digest; export the image again.'
        });
    }
    return bytes;
}

;// CONCATENATED MODULE: ./src/sources/tar.ts
const BLOCK = 512;
/**
 * Reads a tar stream (ustar, GNU long names and links, pax headers) one entry at a time.
 * Data is skipped unless `want` asks for it, so archives of any size take little memory.
 */
async function* readTar(source, want = () => false) {
    const input = new ByteReader(source);
    let longName;
    let longLink;
    let pax = {};
    let globalPax = {};
    for (;;) {
        const header = await input.read(BLOCK);
        if (header === undefined || header.every(byte => byte === 0))
            return;
        verifyChecksum(header, input.position - BLOCK);
        const typeflag = String.fromCharCode(header[156]);
        let size = parseNumber(header.subarray(124, 136));
        const offset = input.position;
        if (typeflag === 'L' || typeflag === 'K' || typeflag === 'x' || typeflag === 'g') {
            const data = await input.readPadded(size);
            if (typeflag === 'L')
                longName = cString(data);
            else if (typeflag === 'K')
                longLink = cString(data);
            else if (typeflag === 'x')
                pax = parsePax(data);
            else
                globalPax = { ...globalPax, ...parsePax(data) };
            continue;
        }
        const attributes = { ...globalPax, ...pax };
        if (attributes.size !== undefined)
            size = Number(attributes.size);
        const magic = header.subarray(257, 263).toString('latin1');
        const prefix = magic === 'ustar\0' ? cString(header.subarray(345, 500)) : '';
        const plainName = cString(header.subarray(0, 100));
        const entry = {
            name: attributes.path ?? longName ?? (prefix ? `${prefix}/${plainName}` : plainName),
            type: TYPES[typeflag] ?? typeflag,
            size,
            offset,
            linkname: attributes.linkpath ?? longLink ?? cString(header.subarray(157, 257))
        };
        longName = undefined;
        longLink = undefined;
        pax = {};
        // Only regular files carry data; for links and directories the size field is ignored.
        const dataSize = entry.type === 'file' ? size : 0;
        if (want(entry)) {
            yield { entry, data: await input.readPadded(dataSize) };
        }
        else {
            await input.skip(paddedSize(dataSize));
            yield { entry };
        }
    }
}
const TYPES = {
    '0': 'file',
    '\0': 'file',
    '7': 'file',
    '5': 'directory',
    '2': 'symlink',
    '1': 'hardlink'
};
function paddedSize(size) {
    return Math.ceil(size / BLOCK) * BLOCK;
}
function cString(bytes) {
    const end = bytes.indexOf(0);
    return bytes.subarray(0, end === -1 ? bytes.length : end).toString('utf8');
}
/** Octal, or GNU base-256 (high bit set) for sizes over 8 GiB. */
function parseNumber(field) {
    if (field[0] & 0x80) {
        let value = field[0] & 0x7f;
        for (const byte of field.subarray(1))
            value = value * 256 + byte;
        return value;
    }
    const text = cString(field).trim();
    return text ? parseInt(text, 8) : 0;
}
function verifyChecksum(header, position) {
    let sum = 0;
    for (let i = 0; i < BLOCK; i++)
        sum += i >= 148 && i < 156 ? 0x20 : header[i];
    if (sum !== parseNumber(header.subarray(148, 156))) {
        throw new Error(`not a tar archive: bad header checksum at byte ${position}`);
    }
}
/** Records `"<length> <key>=<value>\n"`; the length counts the whole record, in bytes. */
function parsePax(data) {
    const attributes = {};
    let position = 0;
    while (position < data.length) {
        const space = data.indexOf(0x20, position);
        if (space === -1)
            break;
        const length = Number(data.subarray(position, space).toString('latin1'));
        if (!Number.isInteger(length) || length <= 0)
            break;
        const record = data.subarray(space + 1, position + length - 1).toString('utf8');
        const equals = record.indexOf('=');
        if (equals > 0)
            attributes[record.slice(0, equals)] = record.slice(equals + 1);
        position += length;
    }
    return attributes;
}
/** Exact-length reads over a stream of chunks, tracking the absolute position. */
class ByteReader {
    position = 0;
    iterator;
    pending = Buffer.alloc(0);
    constructor(source) {
        this.iterator = source[Symbol.asyncIterator]();
    }
    /** Exactly `length` bytes, or undefined at a clean end of input. */
    async read(length) {
        const parts = [];
        let have = 0;
        while (have < length) {
            const chunk = await this.next(length - have);
            if (chunk === undefined) {
                if (have === 0)
                    return undefined;
                throw new Error(`truncated tar archive at byte ${this.position}`);
            }
            parts.push(chunk);
            have += chunk.length;
        }
        return parts.length === 1 ? parts[0] : Buffer.concat(parts);
    }
    async readPadded(size) {
        const data = size === 0 ? Buffer.alloc(0) : await this.read(size);
        if (data === undefined)
            throw new Error(`truncated tar archive at byte ${this.position}`);
        await this.skip(paddedSize(size) - size);
        return data;
    }
    async skip(length) {
        let remaining = length;
        while (remaining > 0) {
            const chunk = await this.next(remaining);
            if (chunk === undefined)
                throw new Error(`truncated tar archive at byte ${this.position}`);
            remaining -= chunk.length;
        }
    }
    /** Up to `limit` bytes: what is pending first, else the next chunk of input. */
    async next(limit) {
        if (this.pending.length === 0) {
            const { value, done } = await this.iterator.next();
            if (done)
                return undefined;
            this.pending = value;
        }
        const chunk = this.pending.subarray(0, limit);
        this.pending = this.pending.subarray(chunk.length);
        this.position += chunk.length;
        return chunk;
    }
}

;// CONCATENATED MODULE: ./src/sources/docker-archive.ts















const UNCOMPRESSED_LAYERS = new Set([
    MediaTypes.OciLayer,
    'application/vnd.docker.image.rootfs.diff.tar'
]);
/**
 * Opens `docker-archive:<file>`. Docker 25+ writes an OCI layout inside the tar; older
 * versions only `manifest.json`. Either way, uncompressed layers are gzipped while streaming.
 */
async function readDockerArchive(path) {
    const store = await tarStore(path);
    if ((await store.readFile('oci-layout')) && (await store.readFile('index.json'))) {
        return compressLayers(await readOciLayout(store), store);
    }
    return readLegacyArchive(store);
}
async function readLegacyArchive(store) {
    const manifestBytes = await store.readFile('manifest.json');
    if (!manifestBytes) {
        throw new errors_InputError(constants_Inputs.Image, `${store.label} has neither manifest.json nor index.json`, {
            fix: 'Create the archive with `docker save <image> -o <file>`.'
        });
    }
    const saved = JSON.parse(manifestBytes.toString('utf8'));
    if (saved.length !== 1) {
        const names = saved.flatMap(item => item.RepoTags ?? []).join(', ');
        throw new errors_InputError(constants_Inputs.Image, `${store.label} holds ${saved.length} images (${names})`, {
            fix: 'Save exactly one image per archive: `docker save <image> -o <file>`.'
        });
    }
    const [image] = saved;
    const configBytes = await store.readFile(image.Config);
    if (!configBytes)
        throw missing(store, image.Config);
    const config = {
        mediaType: MediaTypes.DockerConfig,
        digest: sha256Digest(configBytes),
        size: configBytes.length,
        open: offset => external_node_stream_namespaceObject.Readable.from([configBytes.subarray(offset)])
    };
    const limit = limiter((0,external_node_os_namespaceObject.availableParallelism)());
    const layers = await Promise.all(image.Layers.map(layer => limit(() => layerBlob(store, layer, MediaTypes.DockerLayerGzip))));
    const manifest = {
        schemaVersion: 2,
        mediaType: MediaTypes.DockerManifest,
        config: descriptor(config),
        layers: layers.map(descriptor)
    };
    const bytes = Buffer.from(JSON.stringify(manifest));
    return {
        mediaType: MediaTypes.DockerManifest,
        bytes,
        digest: sha256Digest(bytes),
        blobs: [config, ...layers],
        children: [],
        platform: platformOf(configBytes)
    };
}
/** Rewrites manifests whose layers are plain tars to gzip ones (and indexes to match). */
async function compressLayers(node, store) {
    const document = JSON.parse(node.bytes.toString('utf8'));
    if (document.manifests) {
        const children = await Promise.all(node.children.map(child => compressLayers(child, store)));
        if (children.every((child, i) => child === node.children[i]))
            return node;
        document.manifests = document.manifests.map((manifest, i) => ({
            ...manifest,
            digest: children[i].digest,
            size: children[i].bytes.length
        }));
        return rebuilt(node, document, node.blobs, children);
    }
    const layers = document.layers ?? [];
    if (!layers.some(layer => UNCOMPRESSED_LAYERS.has(layer.mediaType)))
        return node;
    const limit = limiter((0,external_node_os_namespaceObject.availableParallelism)());
    const blobs = await Promise.all(layers.map((layer, i) => UNCOMPRESSED_LAYERS.has(layer.mediaType)
        ? limit(() => layerBlob(store, store.blobPath(layer.digest), gzipped(layer.mediaType)))
        : Promise.resolve({ ...node.blobs[i + 1], mediaType: layer.mediaType })));
    document.layers = layers.map((layer, i) => ({ ...layer, ...descriptor(blobs[i]) }));
    return rebuilt(node, document, [node.blobs[0], ...blobs], []);
}
function rebuilt(node, document, blobs, children) {
    const bytes = Buffer.from(JSON.stringify(document));
    return { ...node, bytes, digest: sha256Digest(bytes), blobs, children };
}
function gzipped(mediaType) {
    return mediaType === MediaTypes.OciLayer ? MediaTypes.OciLayerGzip : MediaTypes.DockerLayerGzip;
}
/**
 * A layer as pushed: gzip-compressed while streaming unless it already is. The compressed
 * digest needs one pass up front; uploads compress again rather than keep a copy.
 */
async function layerBlob(store, path, mediaType) {
    const entry = store.entry(path);
    if (!entry)
        throw missing(store, path);
    const raw = (start = 0) => (0,external_node_fs_namespaceObject.createReadStream)(store.path, {
        start: entry.offset + start,
        end: entry.offset + entry.size - 1,
        highWaterMark: 1024 * 1024
    });
    const head = await store.readRange(entry, 0, 2);
    if (head[0] === 0x1f && head[1] === 0x8b) {
        const { digest, size } = await measure(raw());
        return { mediaType, digest, size, open: raw };
    }
    const compressed = () => raw().pipe((0,external_node_zlib_namespaceObject.createGzip)());
    const { digest, size } = await measure(compressed());
    return { mediaType, digest, size, open: offset => skip(compressed(), offset) };
}
async function measure(stream) {
    const hash = (0,external_node_crypto_namespaceObject.createHash)('sha256');
    let size = 0;
    await (0,external_node_stream_promises_namespaceObject.pipeline)(stream, async function* (chunks) {
        for await (const chunk of chunks) {
            hash.update(chunk);
            size += chunk.length;
        }
        yield* [];
    });
    return { digest: `sha256:${hash.digest('hex')}`, size };
}
function skip(stream, bytes) {
    if (bytes === 0)
        return stream;
    return external_node_stream_namespaceObject.Readable.from((async function* () {
        let remaining = bytes;
        for await (const chunk of stream) {
            if (remaining >= chunk.length) {
                remaining -= chunk.length;
                continue;
            }
            yield chunk.subarray(remaining);
            remaining = 0;
        }
    })());
}
function descriptor(blob) {
    return { mediaType: blob.mediaType, digest: blob.digest, size: blob.size };
}
function platformOf(configBytes) {
    const config = JSON.parse(configBytes.toString('utf8'));
    return config.os && config.architecture ? formatPlatform(config) : undefined;
}
function missing(store, path) {
    return new errors_InputError(constants_Inputs.Image, `${store.label} lacks ${path}`, {
        fix: 'The archive is incomplete or not from `docker save`; save the image again.'
    });
}
/** Indexes the archive once (names → data offsets) and then reads members in place. */
async function tarStore(path) {
    const label = `docker archive ${path}`;
    const entries = new Map();
    try {
        for await (const { entry } of readTar((0,external_node_fs_namespaceObject.createReadStream)(path, { highWaterMark: 1024 * 1024 }))) {
            entries.set(external_node_path_namespaceObject.posix.normalize(entry.name), entry);
        }
    }
    catch (error) {
        const reason = error.code === 'ENOENT'
            ? 'does not exist'
            : error.message;
        throw new errors_InputError(constants_Inputs.Image, `${label}: ${reason}`, {
            fix: 'Point image at a file written by `docker save <image> -o <file>`: docker-archive:<file>.',
            cause: error
        });
    }
    // `docker save` links repeated layers to their first copy.
    const resolve = (name, depth = 0) => {
        const entry = entries.get(external_node_path_namespaceObject.posix.normalize(name));
        if (entry?.type === 'symlink' && depth < 8) {
            return resolve(external_node_path_namespaceObject.posix.join(external_node_path_namespaceObject.posix.dirname(entry.name), entry.linkname), depth + 1);
        }
        if (entry?.type === 'hardlink' && depth < 8)
            return resolve(entry.linkname, depth + 1);
        return entry?.type === 'file' ? entry : undefined;
    };
    const readRange = async (entry, start, length) => {
        const handle = await (0,promises_namespaceObject.open)(path, 'r');
        try {
            const buffer = Buffer.alloc(Math.min(length, entry.size - start));
            await handle.read(buffer, 0, buffer.length, entry.offset + start);
            return buffer;
        }
        finally {
            await handle.close();
        }
    };
    return {
        label,
        path,
        entry: resolve,
        readRange,
        blobPath: digest => blobPath({ label }, digest),
        readFile: async (name) => {
            const entry = resolve(name);
            return entry ? readRange(entry, 0, entry.size) : undefined;
        },
        blob: (name, blob) => {
            const entry = resolve(name);
            if (!entry)
                throw missing({ label }, name);
            return {
                digest: blob.digest,
                size: blob.size,
                open: offset => (0,external_node_fs_namespaceObject.createReadStream)(path, {
                    start: entry.offset + offset,
                    end: entry.offset + entry.size - 1
                })
            };
        }
    };
}

;// CONCATENATED MODULE: ./src/sources/open.ts


/** Reads an image source that needs no Docker engine into the image model the registry pushes. */
function openImageSource(source) {
    return source.kind === 'oci'
        ? readOciLayoutDirectory(source.path, source.tag)
        : readDockerArchive(source.path);
}

;// CONCATENATED MODULE: ./src/image/content.ts
/** The platforms an image covers, in index order. */
function platformsOf(node) {
    const own = node.platform ? [node.platform] : [];
    return [...own, ...node.children.flatMap(platformsOf)];
}
/** Total bytes of config and layers of a single-platform image. */
function sizeOf(node) {
    if (node.children.length > 0)
        return undefined;
    return node.blobs.reduce((total, blob) => total + blob.size, 0);
}

;// CONCATENATED MODULE: ./src/engine/daemonless.ts









/**
 * Blob uploads in flight at once: enough to fill a link and to check every blob of a typical
 * image in one round, few enough not to trip rate limits.
 */
const UPLOAD_CONCURRENCY = 8;
/** Some tags exist, one or more failed: the caller must report both. */
class PartialPushError extends RegistryError {
    digest;
    pushed;
    failure;
    constructor(digest, 
    /** Full references that exist at `digest`. */
    pushed, failure) {
        super(`${failure.message} (pushed so far: ${pushed.length ? pushed.join(', ') : 'none'})`, {
            fix: failure.fix,
            detail: failure.detail,
            input: failure.input,
            status: failure.status,
            code: failure.code,
            cause: failure
        });
        this.digest = digest;
        this.pushed = pushed;
        this.failure = failure;
    }
}
/**
 * Pushes an image from an OCI layout or a `docker save` tarball (no Docker involved): blobs
 * in parallel, platform manifests by digest, then the image under every tag at once.
 */
async function pushImageFromSource(source, target) {
    const { client, repository } = target;
    const image = await openAuthorised(source, client, repository);
    const upload = limiter(UPLOAD_CONCURRENCY);
    const blobs = new Map();
    const pushBlob = (blob) => {
        if (!blobs.has(blob.digest)) {
            blobs.set(blob.digest, upload(() => client.pushBlob(repository, blob)));
        }
        return blobs.get(blob.digest);
    };
    const pushContent = async (node) => {
        await Promise.all([...node.blobs.map(pushBlob), ...node.children.map(pushChild)]);
    };
    const pushChild = async (node) => {
        await pushContent(node);
        await client.putManifest(repository, node.digest, node);
    };
    await pushContent(image);
    // No tags: the image by digest alone, for a later merge into an index (matrix builds).
    if (target.tags.length === 0)
        await client.putManifest(repository, image.digest, image);
    else
        await putTags(client, repository, image, target.tags);
    return {
        digest: image.digest,
        pushed: target.tags.map(tag => reference(client, repository, tag)),
        platforms: platformsOf(image),
        size: sizeOf(image)
    };
}
/**
 * Opens the source once the credentials are known to work, so a wrong token fails in seconds
 * and before anything is uploaded. A docker archive's layers are compressed while opening it:
 * the credentials are checked first. An OCI layout opens in milliseconds, alongside the
 * registry's challenge (and the Bearer push token); Basic credentials are then proven by the
 * blob lookups, which all come before any upload.
 */
async function openAuthorised(source, client, repository) {
    if (source.kind === 'oci') {
        const [image] = await Promise.all([openImageSource(source), client.preparePush(repository)]);
        return image;
    }
    await client.checkPushAccess(repository);
    return openImageSource(source);
}
/**
 * Gives an image already in the registry (by digest or tag) every tag in `tags`: one manifest
 * PUT of the same bytes per tag, all at once, each confirmed to resolve to the one digest.
 * Returns the manifest, whose digest and size the caller reports.
 */
async function fanOutTags(client, repository, digestOrTag, tags) {
    const manifest = await client.getManifest(repository, digestOrTag);
    await putTags(client, repository, manifest, tags);
    return manifest;
}
/** Bytes of config and layers of an image manifest; undefined for an index. */
function manifestSize(manifest) {
    if (isIndexMediaType(manifest.mediaType))
        return undefined;
    const document = JSON.parse(manifest.bytes.toString('utf8'));
    return [document.config, ...document.layers].reduce((total, blob) => total + blob.size, 0);
}
/**
 * Joins per-platform images pushed by digest (one per matrix job) into one index under
 * `tags`: an OCI index, or a Docker manifest list when every child is a Docker manifest.
 */
async function mergeIndex(client, repository, digests, tags) {
    if (digests.length === 0) {
        throw new errors_InputError(constants_Inputs.MergeDigests, 'no digests to merge into an index', {
            fix: 'Pass the digests the per-platform jobs pushed, one per line.'
        });
    }
    await client.checkPushAccess(repository);
    const children = (await Promise.all(digests.map(digest => describeChildren(client, repository, digest)))).flat();
    const unique = [...new Map(children.map(child => [child.digest, child])).values()];
    const docker = unique.every(child => child.mediaType === MediaTypes.DockerManifest);
    const mediaType = docker ? MediaTypes.DockerManifestList : MediaTypes.OciIndex;
    const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType, manifests: unique }));
    const digest = await putTags(client, repository, { mediaType, bytes }, tags);
    return {
        digest,
        pushed: tags.map(tag => reference(client, repository, tag)),
        platforms: unique.flatMap(child => (child.platform ? [formatPlatform(child.platform)] : []))
    };
}
/** The descriptors an index needs for `digest`: itself with its platform, or an index's children. */
async function describeChildren(client, repository, digest) {
    const manifest = await client.getManifest(repository, digest).catch((error) => {
        if (!(error instanceof RegistryError && error.status === 404))
            throw error;
        throw new errors_InputError(constants_Inputs.MergeDigests, `digest ${digest} is not in ${client.registry}/${repository}: was it pushed by the platform job to the same repository?`, {
            fix: 'Give every platform job and the merge job the same registry, namespace and repository, and pass the digest output of each platform job.',
            detail: error.detail,
            cause: error
        });
    });
    const document = JSON.parse(manifest.bytes.toString('utf8'));
    if (isIndexMediaType(manifest.mediaType))
        return document.manifests ?? [];
    const config = JSON.parse((await client.getBlob(repository, document.config.digest)).toString('utf8'));
    const platform = { architecture: config.architecture, os: config.os };
    if (config.variant)
        platform.variant = config.variant;
    if (config['os.version'])
        platform['os.version'] = config['os.version'];
    return [{ mediaType: manifest.mediaType, digest, size: manifest.bytes.length, platform }];
}
/**
 * PUTs the same bytes under every tag in parallel; each PUT is confirmed by the digest the
 * registry reports for it (see `putManifest`), so all tags are known to resolve to one digest.
 */
async function putTags(client, repository, manifest, tags) {
    const results = await Promise.allSettled(tags.map(tag => client.putManifest(repository, tag, manifest)));
    const digest = sha256Digest(manifest.bytes);
    const pushed = tags.filter((_, i) => results[i].status === 'fulfilled');
    const failure = results.find(result => result.status === 'rejected');
    if (failure) {
        throw new PartialPushError(digest, pushed.map(tag => reference(client, repository, tag)), asRegistryError(failure.reason));
    }
    return digest;
}
function asRegistryError(error) {
    if (error instanceof RegistryError)
        return error;
    return new RegistryError((0,types_namespaceObject.isNativeError)(error) ? error.message : String(error), {
        fix: 'Run the push again.',
        cause: error
    });
}
function reference(client, repository, tag) {
    return `${client.registry}/${repository}:${tag}`;
}

;// CONCATENATED MODULE: ./src/engine/diagnosis.ts


/**
 * The one place where a failure of an effect (a docker command, a registry request) gets
 * OCIR's wording: the typed error below becomes the message, the input at fault and the fix.
 */
/** What the diagnosis may show about a run: never the token itself, which it redacts. */
function failureContext(plan, credentials) {
    return {
        host: plan.registry,
        username: credentials.username,
        namespace: plan.namespace,
        ...(plan.repository ? { repository: plan.repository } : {}),
        ...(plan.hostInput ? { hostInput: plan.hostInput } : {}),
        secrets: [credentials.token]
    };
}
/** Runs docker commands, turning a failure into what it means for the user and the fix. */
async function diagnosed(context, commands) {
    try {
        return await commands();
    }
    catch (error) {
        throw error instanceof DockerCommandError ? diagnosis(error, context) : error;
    }
}
function diagnosis(error, context) {
    return diagnoseDockerFailure({
        ...context,
        command: error.command,
        stderr: error.stderr,
        ...(error.exitCode === undefined ? {} : { exitCode: error.exitCode }),
        ...(error.spawnErrorCode ? { spawnErrorCode: error.spawnErrorCode } : {})
    });
}

;// CONCATENATED MODULE: ./src/engine/run.ts











/**
 * The credentials the engine sends: the username the plan qualified, and the auth token
 * checked and trimmed once (a notice says when whitespace was removed).
 */
function checkCredentials(plan, rawToken, logger) {
    const { token, notices } = validateAuthToken(rawToken);
    for (const notice of notices)
        logger.warning(notice.message, notice.title);
    return { username: plan.username, token };
}
/**
 * Stores the registry credentials (from `checkCredentials`) in the client configuration. Through `docker login` when
 * the source is the Docker engine (or there is nothing to push: log in only); written
 * directly when the run needs no Docker (a daemonless source, merging digests), so later
 * steps can still pull.
 */
async function login(plan, credentials, deps) {
    const { username, token } = credentials;
    const usesDocker = plan.source ? plan.source.kind === 'docker' : !plan.mergeDigests;
    if (!usesDocker) {
        await writeAuth(deps.dockerConfigDir, plan.registry, username, token);
        deps.logger.info(`Stored credentials for ${plan.registry} as ${credentials.username}`);
        return;
    }
    await diagnosed(failureContext(plan, credentials), () => deps.docker.login(plan.registry, username, token));
    deps.logger.info(`Logged in to ${plan.registry} as ${credentials.username}`);
}
/**
 * Pushes the plan's source under every tag (or by digest alone), or joins the plan's digests
 * into one index under every tag, and returns the one digest they all resolve to.
 */
async function push(plan, credentials, deps) {
    if (plan.mergeDigests) {
        const client = registryClient(plan, credentials, deps);
        return mergeIndex(client, registryPath(plan), plan.mergeDigests, plan.tags);
    }
    const source = plan.source;
    if (!source)
        throw new Error('push needs a plan with an image source or digests to merge');
    switch (source.kind) {
        case 'docker':
            return diagnosed(failureContext(plan, credentials), () => plan.byDigest
                ? pushDockerImageByDigest(plan, credentials, source, deps)
                : pushFromDockerEngine(plan, credentials, source, deps));
        case 'oci':
        case 'docker-archive':
            // No Docker involved: the registry API directly, blobs in parallel, tags by fan-out.
            return pushImageFromSource(source, {
                client: registryClient(plan, credentials, deps),
                repository: registryPath(plan),
                tags: plan.tags
            });
    }
}
function registryClient(plan, credentials, deps) {
    return new RegistryClient({
        registry: plan.registry,
        credentials,
        ...(plan.hostInput ? { hostInput: plan.hostInput } : {}),
        logger: deps.logger
    });
}
/** The repository as the registry API names it: `<namespace>/<repository>`. */
function registryPath(plan) {
    return `${plan.namespace}/${plan.repository}`;
}
/** Removes the credentials for `registry` from the client configuration. */
async function logout(registry, deps) {
    // Without a credential helper the login is an entry in config.json: removing it is all
    // `docker logout` would do, without starting Docker.
    if (!(await credentialHelperFor(deps.dockerConfigDir, registry))) {
        await removeAuth(deps.dockerConfigDir, registry);
        deps.logger.info(`Removed the credentials for ${registry}`);
        return;
    }
    try {
        await deps.docker.logout(registry);
    }
    catch (error) {
        if (!(error instanceof DockerCommandError && error.reason === 'not-installed')) {
            throw error instanceof DockerCommandError ? diagnosis(error, { host: registry }) : error;
        }
        // Without Docker no helper can have stored the login: the file is all there is.
        await removeAuth(deps.dockerConfigDir, registry);
    }
    deps.logger.info(`Removed the credentials for ${registry}`);
}
async function pushFromDockerEngine(plan, credentials, source, deps) {
    const { docker, logger } = deps;
    const client = registryClient(plan, credentials, deps);
    // Docker pushes the image once; every further tag is one manifest PUT of the same bytes.
    const [first, ...others] = plan.references;
    if (!first)
        throw new Error('push needs a plan with at least one tag');
    // `docker login` proved the credentials; the right to push here (a Bearer token with push
    // scope, which the fan-out then reuses) is asked while Docker works, since Docker stops at
    // its first upload request without that right anyway.
    // A refusal stops `docker push` at once rather than letting Docker retry it for a minute.
    const refused = new AbortController();
    const access = client.preparePush(registryPath(plan)).then(() => undefined, (error) => {
        refused.abort(error);
        return { error };
    });
    // Looked up while it is tagged: a missing image fails both, and the lookup says why.
    const [found, tagged] = await Promise.allSettled([
        requireLocalImage(docker, source.reference),
        docker.tag(source.reference, first)
    ]);
    if (found.status === 'rejected')
        throw found.reason;
    if (tagged.status === 'rejected')
        throw tagged.reason;
    const image = found.value;
    const pushed = await logger
        .group(`docker push ${first}`, () => docker.push(first, refused.signal))
        .then(digest => ({ digest }), (error) => ({ error }));
    const denied = await access;
    if (denied)
        throw denied.error;
    if ('error' in pushed)
        throw pushed.error;
    const digest = pushed.digest;
    let manifest;
    if (others.length > 0) {
        manifest = await fanOutTags(client, registryPath(plan), digest, plan.tags.slice(1)).catch((error) => {
            // The first tag exists too: the report of what was pushed must say so.
            throw error instanceof PartialPushError
                ? new PartialPushError(error.digest, [first, ...error.pushed], error.failure)
                : error;
        });
        if (manifest.digest !== digest) {
            throw new RegistryError('the tags do not resolve to one digest', {
                fix: 'Another push changed these tags at the same time; run the push again',
                detail: `${first} → ${digest}, the other tags → ${manifest.digest}`
            });
        }
    }
    // Only for the report (from the manifest the fan-out read, if any): a push that worked does
    // not fail for want of its size.
    const size = await (manifest ? Promise.resolve(manifest) : client.getManifest(registryPath(plan), digest)).then(manifestSize, (error) => {
        logger.debug(`Size of ${digest} unknown: ${error instanceof Error ? error.message : error}`);
        return undefined;
    });
    return { digest, pushed: plan.references, platforms: [image.platform], size };
}
/**
 * Pushes an image of the Docker engine without a tag. `docker push` needs one, and a tag in
 * the registry, even for a moment, is visible to everyone who lists or pulls the repository
 * (and OCIR does not reliably delete tags): the image is exported with `docker save` and
 * goes up through the registry API, as a docker-archive source does.
 */
async function pushDockerImageByDigest(plan, credentials, source, deps) {
    await requireLocalImage(deps.docker, source.reference);
    const client = registryClient(plan, credentials, deps);
    // Before the export, which takes as long as the image is large.
    await client.checkPushAccess(registryPath(plan));
    const directory = await (0,promises_namespaceObject.mkdtemp)((0,external_node_path_namespaceObject.join)((0,external_node_os_namespaceObject.tmpdir)(), 'ocir-push-save-'));
    try {
        const archive = (0,external_node_path_namespaceObject.join)(directory, 'image.tar');
        deps.logger.info(`Exporting ${source.reference} with docker save`);
        await deps.docker.save(source.reference, archive);
        return await pushImageFromSource({ kind: 'docker-archive', path: archive }, { client, repository: registryPath(plan), tags: [] });
    }
    finally {
        await (0,promises_namespaceObject.rm)(directory, { recursive: true, force: true });
    }
}
async function requireLocalImage(docker, reference) {
    const image = await docker.findImage(reference);
    if (!image) {
        throw new errors_InputError(constants_Inputs.Image, `'${reference}' is not in the local Docker engine`, {
            fix: 'Build, pull or load the image in an earlier step, and name it exactly as `docker images` lists it'
        });
    }
    return image;
}

;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
;// CONCATENATED MODULE: ./src/cli/closest.ts

/** The candidate nearest to `word`, if it is near enough to be a typo or an abbreviation. */
function closest(word, candidates) {
    let best;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        const distance = editDistance(word, candidate);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    if (bestDistance <= Math.max(2, Math.floor(word.length / 3)))
        return best;
    return candidates.find(candidate => candidate.startsWith(word) || word.startsWith(candidate));
}

;// CONCATENATED MODULE: ./src/cli/flags.ts


const COMMANDS = ['push', 'login', 'logout', 'plan'];
const ALL = COMMANDS;
const TARGET = ['push', 'login', 'logout', 'plan'];
const IDENTITY = ['push', 'login', 'plan'];
const IMAGE = ['push', 'plan'];
const STORED_LOGIN = ['login', 'logout'];
const flags_TOKEN = ['push', 'login'];
function inputFlag(input, spec) {
    return { name: input, type: 'string', input, env: envNameFor(input), ...spec };
}
const FLAGS = [
    inputFlag(constants_Inputs.Region, {
        value: 'KEY',
        description: 'Region key or identifier, any case: fra, eu-frankfurt-1',
        commands: TARGET
    }),
    inputFlag(constants_Inputs.Registry, {
        value: 'HOST',
        description: 'Registry host; overrides the one derived from --region',
        commands: TARGET
    }),
    inputFlag(constants_Inputs.Namespace, {
        value: 'NS',
        description: 'Tenancy namespace (Tenancy details → Object storage namespace)',
        commands: IDENTITY
    }),
    inputFlag(constants_Inputs.Username, {
        value: 'USER',
        description: 'OCI user name (jdoe@acme.com) or already qualified (ns/jdoe@acme.com)',
        commands: IDENTITY
    }),
    inputFlag(constants_Inputs.IdentityDomain, {
        value: 'DOMAIN',
        description: 'Identity domain, or oracleidentitycloudservice for federated users',
        commands: IDENTITY
    }),
    inputFlag(constants_Inputs.Image, {
        value: 'SOURCE',
        description: 'Image to push: name:tag or image ID, oci:DIR[:TAG], docker-archive:FILE',
        commands: IMAGE
    }),
    inputFlag(constants_Inputs.Repository, {
        value: 'PATH',
        description: "Repository under the namespace (project/app); default: the image's name",
        commands: IMAGE
    }),
    inputFlag(constants_Inputs.Tags, {
        name: 'tag',
        multiple: true,
        value: 'RULE',
        description: 'Tag rule (type=ref,event=branch; type=semver,pattern={{version}}; …); repeatable',
        commands: IMAGE
    }),
    inputFlag(constants_Inputs.Flavor, {
        multiple: true,
        value: 'LINE',
        description: 'Flavor line: latest=auto|true|false, prefix=…, suffix=…; repeatable',
        commands: IMAGE
    }),
    {
        name: constants_Inputs.PushByDigest,
        type: 'boolean',
        input: constants_Inputs.PushByDigest,
        env: envNameFor(constants_Inputs.PushByDigest),
        description: 'Push the image without a tag and print its digest, for --merge-digest to join later',
        commands: IMAGE
    },
    inputFlag(constants_Inputs.MergeDigests, {
        name: 'merge-digest',
        multiple: true,
        value: 'DIGEST',
        description: 'Join this image (sha256:…, pushed by digest to --repository) into one index under the tags; repeatable',
        commands: IMAGE
    }),
    {
        name: 'dry-run',
        type: 'boolean',
        input: constants_Inputs.Push,
        env: envNameFor(constants_Inputs.Push),
        description: `Compute and print everything, push nothing (${envNameFor(constants_Inputs.Push)}=false)`,
        commands: ['push']
    },
    {
        name: 'provider',
        type: 'string',
        env: 'OCIR_PROVIDER',
        value: 'NAME',
        description: `Read the build from this CI instead of detecting it: ${PROVIDER_NAMES.join(', ')}`,
        commands: IMAGE
    },
    {
        name: 'docker-config',
        type: 'string',
        env: 'DOCKER_CONFIG',
        value: 'DIR',
        description: 'Docker config directory that keeps the login (default: ~/.docker)',
        commands: STORED_LOGIN
    },
    {
        name: 'auth-token-stdin',
        type: 'boolean',
        description: `Read the auth token from standard input instead of ${envNameFor(constants_Inputs.AuthToken)}`,
        commands: flags_TOKEN
    },
    {
        name: 'json',
        type: 'boolean',
        description: "Print the result as one JSON object (the action's json output)",
        commands: IMAGE
    },
    {
        name: 'verbose',
        type: 'boolean',
        description: 'Show progress and details on stderr, also when it is not a terminal',
        commands: ALL
    },
    {
        name: 'quiet',
        type: 'boolean',
        description: 'Show no progress and no warnings; results and errors only',
        commands: ALL
    },
    { name: 'help', short: 'h', type: 'boolean', description: 'Show this help', commands: ALL },
    { name: 'version', type: 'boolean', description: 'Print the version', commands: ALL }
];
/**
 * Flags that would put the auth token on the command line, where every process listing
 * and shell history shows it.
 */
const TOKEN_FLAGS = [
    '--auth-token',
    '--auth_token',
    '--authtoken',
    '--token',
    '--password',
    '--pass',
    '--passwd',
    '-p'
];
function flagsFor(command) {
    return FLAGS.filter(flag => flag.commands.includes(command));
}
/** How the CLI names an input in messages: the flag, or the variable when no flag carries it. */
function inputLabel(input) {
    if (input === constants_Inputs.AuthToken)
        return `${envNameFor(constants_Inputs.AuthToken)} (or --auth-token-stdin)`;
    const flag = FLAGS.find(spec => spec.input === input);
    return flag ? `--${flag.name}` : input;
}

;// CONCATENATED MODULE: ./src/cli/usage-error.ts
/** The command line itself is wrong (unknown flag, missing value, …): exit status 2. */
class UsageError extends Error {
    /** What to type instead. */
    fix;
    constructor(message, fix) {
        super(message);
        this.name = 'UsageError';
        this.fix = fix;
    }
}

;// CONCATENATED MODULE: ./src/cli/args.ts






const TOKEN_VARIABLE = envNameFor(constants_Inputs.AuthToken);
const REPEATABLE = FLAGS.filter(flag => flag.multiple)
    .map(flag => `--${flag.name}`)
    .join(', ');
/** Reads argv (without node and script) and the environment; throws `UsageError`. */
function parseCommandLine(argv, env) {
    refuseTokenFlags(argv);
    // Only the tokens are used: the checks and messages below are the CLI's own.
    const { tokens } = (0,external_node_util_namespaceObject.parseArgs)({
        args: [...argv],
        options: Object.fromEntries(FLAGS.map(flag => [
            flag.name,
            { type: flag.type, ...(flag.short ? { short: flag.short } : {}) }
        ])),
        strict: false,
        allowPositionals: true,
        tokens: true
    });
    const positionals = tokens.filter(token => token.kind === 'positional');
    const command = commandFrom(positionals[0]?.value);
    const present = new Set(tokens.flatMap(token => (token.kind === 'option' ? [token.name] : [])));
    if (present.has('help'))
        return { kind: 'help', command: positionals[0] ? command : undefined };
    if (present.has('version'))
        return { kind: 'version' };
    const values = new Map();
    for (const token of tokens) {
        if (token.kind !== 'option')
            continue;
        const flag = knownFlag(token.name, token.rawName, command);
        readValue(values, flag, token.rawName, token.value, token.inlineValue ?? false);
    }
    const extra = positionals[1];
    if (extra) {
        throw new UsageError(`unexpected argument ${describeArgument(extra.value, extra.index)}`, `'ocir-push ${command} --help' shows the flags; values go after their flag (--image app)`);
    }
    return { kind: 'run', request: requestFrom(command, values, env) };
}
function refuseTokenFlags(argv) {
    for (const arg of argv) {
        if (arg === '--')
            return;
        const name = arg.split('=', 1)[0].toLowerCase();
        const flag = TOKEN_FLAGS.find(token => token.startsWith('--') ? name === token : /^-[a-z]/.test(name) && name.startsWith(token));
        if (flag) {
            throw new UsageError(`${flag} is refused: a token on the command line shows in process listings, shell history and CI logs`, `set ${TOKEN_VARIABLE} in the environment (a masked CI secret), or pipe the token to standard input: ` +
                `printf '%s' "$${TOKEN_VARIABLE}" | ocir-push login --auth-token-stdin …`);
        }
    }
}
function commandFrom(word) {
    if (word === undefined)
        return 'push';
    const command = COMMANDS.find(name => name === word);
    if (command)
        return command;
    const suggestion = closest(word, COMMANDS);
    throw new UsageError(`unknown command ${describeArgument(word, 0)}`, suggestion
        ? `did you mean '${suggestion}'? Commands: ${COMMANDS.join(', ')}`
        : `commands: ${COMMANDS.join(', ')}; 'ocir-push --help' shows them`);
}
/** Quotes a stray argument only when it looks like a word: it may be a misplaced secret. */
function describeArgument(value, index) {
    return /^[a-z][a-z0-9-]{0,30}$/i.test(value)
        ? `'${value}'`
        : `at position ${index + 1} (not shown, in case it is a secret)`;
}
function knownFlag(name, rawName, command) {
    const flag = FLAGS.find(spec => spec.name === name || spec.short === name);
    const shown = rawName.startsWith('--') ? rawName : `-${name}`;
    if (!flag) {
        const suggestion = closest(name, flagsFor(command).map(spec => spec.name));
        throw new UsageError(`unknown flag ${shown}`, suggestion
            ? `did you mean --${suggestion}? 'ocir-push ${command} --help' lists the flags`
            : `'ocir-push ${command} --help' lists the flags`);
    }
    if (!flag.commands.includes(command)) {
        throw new UsageError(`--${flag.name} does not apply to '${command}'`, `it applies to ${flag.commands.map(c => `'${c}'`).join(', ')}; 'ocir-push ${command} --help' lists the flags of '${command}'`);
    }
    return flag;
}
function readValue(values, flag, rawName, value, inline) {
    if (flag.type === 'boolean') {
        if (value !== undefined) {
            throw new UsageError(`--${flag.name} takes no value`, `write ${rawName} alone`);
        }
        values.set(flag.name, true);
        return;
    }
    // Without `=`, a following flag is a forgotten value, not the value.
    if (value === undefined || (!inline && value.startsWith('-'))) {
        throw new UsageError(`--${flag.name} needs a value`, `write --${flag.name} ${flag.value ?? 'VALUE'} (or --${flag.name}=VALUE when the value starts with '-')`);
    }
    const previous = values.get(flag.name);
    if (Array.isArray(previous)) {
        if (!flag.multiple) {
            throw new UsageError(`--${flag.name} is given more than once`, `give --${flag.name} once; only ${REPEATABLE} repeat`);
        }
        previous.push(value);
    }
    else {
        values.set(flag.name, [value]);
    }
}
function requestFrom(command, values, env) {
    const flag = (name) => values.get(name) === true;
    const verbose = flag('verbose');
    const quiet = flag('quiet');
    if (verbose && quiet) {
        throw new UsageError('--verbose and --quiet contradict each other', 'give one of them');
    }
    const text = (name) => lines(command, name, values, env).join('\n');
    const dryRun = flag('dry-run') ||
        (command === 'push' &&
            booleanVariable(env, constants_Inputs.Push, 'set OCIR_PUSH=false for a dry run, or unset it') === false);
    const pushByDigest = applies(command, constants_Inputs.PushByDigest) &&
        (flag(constants_Inputs.PushByDigest) ||
            booleanVariable(env, constants_Inputs.PushByDigest, 'set OCIR_PUSH_BY_DIGEST=true to push without tags, or unset it') === true);
    const provider = text('provider').toLowerCase();
    if (provider !== '' && !PROVIDER_NAMES.includes(provider)) {
        const suggestion = closest(provider, PROVIDER_NAMES);
        throw new UsageError(`--provider (or OCIR_PROVIDER) '${provider}' is not a provider this reads`, `${suggestion ? `did you mean '${suggestion}'? ` : ''}one of: ${PROVIDER_NAMES.join(', ')}`);
    }
    const dockerConfig = text('docker-config');
    return {
        command,
        settings: {
            region: text(constants_Inputs.Region),
            registry: text(constants_Inputs.Registry),
            namespace: text(constants_Inputs.Namespace),
            username: text(constants_Inputs.Username),
            identityDomain: text(constants_Inputs.IdentityDomain),
            image: text(constants_Inputs.Image),
            repository: text(constants_Inputs.Repository),
            tags: lines(command, 'tag', values, env),
            flavor: lines(command, constants_Inputs.Flavor, values, env),
            pushByDigest,
            mergeDigests: lines(command, 'merge-digest', values, env),
            push: command !== 'plan' && !dryRun,
            // `push` logs in to a throw-away Docker config; `login` is asked to stay logged in.
            logout: command === 'push'
        },
        json: flag('json'),
        verbose,
        quiet,
        provider: provider === '' ? undefined : provider,
        dockerConfig: dockerConfig === '' ? undefined : dockerConfig,
        authTokenStdin: flag('auth-token-stdin')
    };
}
/**
 * A setting's value from its flag(s), else from its environment variable, trimmed like
 * action inputs; repeatable settings take one entry per non-blank line. Settings that do
 * not apply to the command stay empty whatever the environment holds.
 */
function lines(command, name, values, env) {
    const spec = FLAGS.find(flag => flag.name === name);
    if (!spec?.commands.includes(command))
        return spec?.multiple ? [] : [''];
    const given = values.get(name);
    const raw = Array.isArray(given) ? given : [spec.env ? (env[spec.env] ?? '') : ''];
    if (!spec.multiple)
        return [raw[0].trim()];
    return raw
        .flatMap(value => value.split(/\r?\n/))
        .map(line => line.trim())
        .filter(line => line !== '');
}
function applies(command, name) {
    return FLAGS.some(flag => flag.name === name && flag.commands.includes(command));
}
/** A `true`/`false` environment variable; undefined when unset or blank. */
function booleanVariable(env, input, fix) {
    const name = envNameFor(input);
    const value = (env[name] ?? '').trim().toLowerCase();
    if (value === '')
        return undefined;
    if (value === 'true')
        return true;
    if (value === 'false')
        return false;
    throw new UsageError(`${name} must be true or false; got '${env[name]}'`, fix);
}

;// CONCATENATED MODULE: ./src/cli/console.ts
const SGR = { bold: [1, 22], dim: [2, 22], green: [32, 39], yellow: [33, 39], red: [31, 39] };
/** ANSI styling only for a terminal, and never when NO_COLOR is set (no-color.org) or TERM=dumb. */
function styleFor(stream, env) {
    const color = stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
    const paint = ([on, off]) => (text) => color ? `\u001b[${on}m${text}\u001b[${off}m` : text;
    return {
        bold: paint(SGR.bold),
        dim: paint(SGR.dim),
        green: paint(SGR.green),
        yellow: paint(SGR.yellow),
        red: paint(SGR.red)
    };
}
/**
 * Results to stdout, everything else to stderr. Every secret it has been told about is
 * replaced by `***` in whatever passes through, whoever composed the text.
 */
class Console {
    stdout;
    stderr;
    outStyle;
    errStyle;
    secrets = [];
    constructor(stdout, stderr, env) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.outStyle = styleFor(stdout, env);
        this.errStyle = styleFor(stderr, env);
    }
    get stderrIsTerminal() {
        return this.stderr.isTTY === true;
    }
    addSecret(secret) {
        if (secret !== '')
            this.secrets.push(secret);
    }
    out(text) {
        this.stdout.write(`${this.redact(text)}\n`);
    }
    err(text) {
        this.stderr.write(`${this.redact(text)}\n`);
    }
    redact(text) {
        return this.secrets.reduce((result, secret) => result.replaceAll(secret, '***'), text);
    }
}

;// CONCATENATED MODULE: ./src/cli/help.ts


const help_TOKEN_VARIABLE = envNameFor(constants_Inputs.AuthToken);
const SUMMARY = {
    push: 'Log in, push the image under every tag, print the pull reference (default)',
    login: 'Store a login for the registry in a Docker config, to stay logged in',
    logout: "Remove this registry's login from a Docker config, and nothing else",
    plan: 'Show what would be pushed from this checkout: no network, no token'
};
const DETAILS = {
    push: 'Logs in with a temporary Docker config (removed on exit, also on failure and Ctrl-C),\n' +
        'pushes the image under every tag computed from the git checkout, and prints the\n' +
        'references: the pull command and the digest-pinned reference.',
    login: 'Logs in to the registry and keeps the credential in the Docker config directory\n' +
        '(--docker-config, else $DOCKER_CONFIG, else ~/.docker), so that docker push and\n' +
        'docker pull work afterwards.',
    logout: "Removes the registry's entry from the Docker config directory (--docker-config, else\n" +
        '$DOCKER_CONFIG, else ~/.docker); the logins for other registries stay.',
    plan: 'Computes the registry host, the username form, the repository and the tags for this\n' +
        'checkout and the CI it runs in, exactly as push would, without an account.'
};
const help_EXAMPLES = {
    push: [
        `export ${help_TOKEN_VARIABLE}=…   # a masked CI secret`,
        'ocir-push push --region fra --namespace axaxnpcrorw5 --username jdoe@acme.com --image app:latest',
        `printf '%s' "$TOKEN" | ocir-push push --auth-token-stdin --region fra --namespace axaxnpcrorw5 \\`,
        "    --username jdoe@acme.com --image app:latest --repository project/app --tag 'type=semver,pattern={{version}}'",
        'ocir-push push --dry-run --json --region fra --namespace axaxnpcrorw5 --image oci:./build/image',
        '# a multi-platform image from one job per platform: push each by digest, then join them',
        'ocir-push push --push-by-digest --json … --image app:arm64 --repository project/app',
        'ocir-push push … --repository project/app --merge-digest sha256:… --merge-digest sha256:…'
    ],
    login: [
        `printf '%s' "$TOKEN" | ocir-push login --auth-token-stdin --region fra --namespace axaxnpcrorw5 --username jdoe@acme.com`
    ],
    logout: [
        'ocir-push logout --region fra',
        'ocir-push logout --region fra --docker-config ./.docker'
    ],
    plan: [
        'ocir-push plan --region fra --namespace demo --image app',
        'ocir-push plan --json --region eu-frankfurt-1 --namespace demo --image app --tag type=ref,event=branch'
    ]
};
/** The overview, or one command's flags, environment variables and examples. */
function helpText(version, command) {
    if (!command)
        return overview(version);
    const flags = flagsFor(command);
    const lefts = flags.map(flagLeft);
    const width = Math.max(...lefts.map(left => left.length)) + 2;
    const rows = flags.map((flag, i) => `  ${lefts[i].padEnd(width)}${flag.description}${flag.env ? ` [${flag.env}]` : ''}`);
    const token = flags.some(flag => flag.name === 'auth-token-stdin')
        ? [
            '',
            `Auth token: from ${help_TOKEN_VARIABLE}, or from standard input with --auth-token-stdin;`,
            'never from a flag, where process listings and shell history would show it.'
        ]
        : [];
    return [
        `Usage: ocir-push ${command} [flags]`,
        '',
        DETAILS[command],
        '',
        'Flags (each also from the environment variable in brackets; the flag wins):',
        ...rows,
        ...token,
        '',
        'Examples:',
        ...help_EXAMPLES[command].map(example => `  ${example}`),
        ''
    ].join('\n');
}
function overview(version) {
    const width = Math.max(...COMMANDS.map(command => command.length)) + 3;
    return [
        `ocir-push ${version}: push a container image to Oracle Cloud Infrastructure Registry (OCIR)`,
        '',
        'Usage: ocir-push [command] [flags]',
        '',
        'Commands:',
        ...COMMANDS.map(command => `  ${command.padEnd(width)}${SUMMARY[command]}`),
        '',
        "'ocir-push <command> --help' shows a command's flags and environment variables.",
        '',
        'Exit status: 0 success, 1 failure, 2 wrong command line.',
        '',
        'Examples:',
        ...help_EXAMPLES.plan.slice(0, 1).map(example => `  ${example}`),
        ...help_EXAMPLES.push.slice(0, 2).map(example => `  ${example}`),
        ''
    ].join('\n');
}
function flagLeft(flag) {
    const names = flag.short ? `-${flag.short}, --${flag.name}` : `    --${flag.name}`;
    return flag.value ? `${names} ${flag.value}` : names;
}

;// CONCATENATED MODULE: ./src/cli/logger.ts
/**
 * Progress on stderr: shown on a terminal, hidden in pipes and CI logs unless --verbose;
 * warnings always, unless --quiet; debug lines only with --verbose.
 */
function cliLogger(console, { verbose, quiet }) {
    const progress = verbose || (!quiet && console.stderrIsTerminal);
    const style = console.errStyle;
    return {
        info(message) {
            if (progress)
                console.err(message);
        },
        warning(message, title) {
            if (!quiet)
                console.err(`${style.yellow('warning:')} ${title ? `${title}: ` : ''}${message}`);
        },
        debug(message) {
            if (verbose)
                console.err(style.dim(message));
        },
        async group(name, fn) {
            if (progress)
                console.err(style.bold(name));
            return fn();
        }
    };
}

;// CONCATENATED MODULE: ./src/cli/render.ts

/** Label/value rows, labels aligned; a row with several values continues under itself. */
function table(rows, style) {
    const width = Math.max(...rows.map(([label]) => label.length)) + 2;
    return rows.flatMap(([label, values]) => (values.length ? values : ['(none)']).map((value, i) => `${i === 0 ? style.dim(label) : ''}${' '.repeat(width - (i === 0 ? label.length : 0))}${value}`));
}
/** What `plan` (and `push --dry-run`) shows: everything a push would do, for a person. */
function renderPlan(plan, outputs, git, style) {
    const rows = [
        ['Registry', [plan.registry]],
        ['Username', [plan.username]],
        ['Repository', [plan.repositoryReference]],
        ['Tags', plan.byDigest ? ['(none: pushed by digest)'] : plan.tags],
        ['Pull', outputs['pull-reference'] ? [`docker pull ${outputs['pull-reference']}`] : []],
        ['Source', plan.source ? [describeSource(plan.source)] : []],
        ...(plan.mergeDigests ? [['Merge', plan.mergeDigests]] : []),
        ['Build', [describeBuild(git)]]
    ];
    return table(rows, style);
}
/** What `push` shows once the registry holds the image. */
function renderPushed(outputs, style) {
    return table([
        ['Pushed', outputs.tags.length ? outputs.tags : ['no tag (by digest)']],
        ['Digest', [outputs.digest]],
        // Pushed by digest, the image has no tag: the pinned reference is the one to pull.
        [
            'Pull',
            [style.bold(`docker pull ${outputs['pull-reference'] || outputs['pinned-reference']}`)]
        ],
        ['Pinned', [outputs['pinned-reference']]]
    ], style);
}
/** What `login` shows. */
function renderLogin(registry, username, dockerConfig, style) {
    return table([
        ['Logged in', [registry]],
        ['Username', [username]],
        ['Stored in', [dockerConfig]]
    ], style);
}
function describeBuild(git) {
    const commit = git.sha ? ` at ${git.sha.slice(0, 7)}` : '';
    const what = (() => {
        switch (git.event) {
            case 'branch':
                return `branch ${git.branch ?? git.ref}`;
            case 'tag':
                return `tag ${git.tag ?? git.ref}`;
            case 'pull_request':
                return `pull request${git.prNumber ? ` #${git.prNumber}` : ''}${git.headRef && git.baseRef ? ` (${git.headRef} → ${git.baseRef})` : ''}`;
            case 'schedule':
                return `scheduled build${git.branch ? ` of ${git.branch}` : ''}`;
            case 'other':
                return git.ref ? git.ref : 'detached HEAD';
        }
    })();
    return `${what}${commit}, read from ${git.provider}`;
}

;// CONCATENATED MODULE: ./src/cli/temporary-docker-config.ts


const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/**
 * Runs `fn` with a Docker config directory of its own, created under `parent` and removed
 * when `fn` settles, fails, or the process is interrupted, so that no credential outlives
 * the command.
 */
async function withTemporaryDockerConfig(parent, fn) {
    const dir = await createDockerConfigDir(parent);
    const removeNow = () => (0,external_node_fs_namespaceObject.rmSync)(dir, { recursive: true, force: true });
    const onSignal = (signal) => {
        removeNow();
        detach();
        // Die of the same signal, so the shell or CI sees an interrupted command.
        process.kill(process.pid, signal);
    };
    const detach = () => {
        for (const signal of SIGNALS)
            process.off(signal, onSignal);
        process.off('exit', removeNow);
    };
    for (const signal of SIGNALS)
        process.on(signal, onSignal);
    process.on('exit', removeNow);
    try {
        return await fn(dir);
    }
    finally {
        detach();
        await removeDockerConfigDir(dir);
    }
}

;// CONCATENATED MODULE: ./src/cli/token.ts


const token_TOKEN_VARIABLE = envNameFor(constants_Inputs.AuthToken);
const HOW_TO_GET_ONE = 'an auth token (OCI console: Profile → Auth tokens → Generate token; the console password does not work)';
/**
 * The auth token from standard input (`--auth-token-stdin`, read to the end) or from
 * OCIR_AUTH_TOKEN. One trailing newline is dropped: `echo` and here-strings add it.
 */
async function readAuthToken(fromStdin, env, stdin) {
    const raw = fromStdin ? await readAll(stdin) : (env[token_TOKEN_VARIABLE] ?? '');
    const token = raw.replace(/\r?\n$/, '');
    if (token !== '')
        return token;
    throw fromStdin
        ? new errors_InputError(constants_Inputs.AuthToken, 'standard input held no auth token', {
            fix: `Pipe ${HOW_TO_GET_ONE} into the command: printf '%s' "$TOKEN" | ocir-push … --auth-token-stdin`
        })
        : new errors_InputError(constants_Inputs.AuthToken, 'no auth token was given', {
            fix: `Set ${token_TOKEN_VARIABLE} to ${HOW_TO_GET_ONE}, or pipe it to --auth-token-stdin; or preview with 'ocir-push plan', which needs none`
        });
}
async function readAll(stdin) {
    const chunks = [];
    for await (const chunk of stdin)
        chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
}

;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = {"rE":"0.1.0"};
;// CONCATENATED MODULE: ./src/cli/version.ts
// Embedded at build time, so the bundle needs no package.json beside it.

const VERSION = package_namespaceObject.rE;

;// CONCATENATED MODULE: ./src/cli/main.ts





















const ExitCode = { Success: 0, Failure: 1, Usage: 2 };
const RUNNERS = {
    plan: runPlan,
    push: runPush,
    login: runLogin,
    logout: runLogout
};
/** Runs one command line; resolves to the exit status. */
async function main(io) {
    const console = new Console(io.stdout, io.stderr, io.env);
    // Masked before anything is printed: a message about another setting must not show the
    // token even when it was pasted into the wrong place.
    console.addSecret(io.env[envNameFor(constants_Inputs.AuthToken)]?.trim() ?? '');
    const failed = console.errStyle.red('error:');
    let invocation;
    try {
        invocation = parseCommandLine(io.argv, io.env);
    }
    catch (error) {
        if (!(error instanceof UsageError))
            throw error;
        console.err(`${failed} ${error.message}\nFix: ${error.fix}`);
        return ExitCode.Usage;
    }
    if (invocation.kind === 'help') {
        console.out(helpText(VERSION, invocation.command));
        return ExitCode.Success;
    }
    if (invocation.kind === 'version') {
        console.out(VERSION);
        return ExitCode.Success;
    }
    const { request } = invocation;
    const logger = cliLogger(console, request);
    try {
        await RUNNERS[request.command]({ request, io, console, logger });
        return ExitCode.Success;
    }
    catch (error) {
        console.err(`${failed} ${formatError(error, inputLabel)}`);
        if (request.verbose && error instanceof Error && error.stack) {
            console.err(console.errStyle.dim(error.stack));
        }
        return ExitCode.Failure;
    }
}
async function runPlan(context) {
    const { settings } = context.request;
    // A plan needs no account: without a username it shows the form the username takes.
    const { plan, git } = await planFor(context, {
        ...settings,
        username: settings.username || '<user>'
    });
    printPlan(context, plan, git);
    if (!context.request.json) {
        context.console.out(context.console.outStyle.dim(`\nNothing was pushed. To push: set ${envNameFor(constants_Inputs.AuthToken)} and run 'ocir-push push' with these flags${settings.username ? '' : ' and --username'}.`));
    }
}
async function runPush(context) {
    const { request, io, console, logger } = context;
    const { plan, git } = await planFor(context, request.settings);
    if (!pushesImage(plan)) {
        throw new errors_InputError(constants_Inputs.Image, 'no image to push', {
            fix: "Set --image to a local image ('app:1.0'), 'oci:<dir>' or 'docker-archive:<file>', or join pushed digests with --merge-digest; to log in only, run 'ocir-push login'"
        });
    }
    if (!plan.push) {
        printPlan(context, plan, git);
        logger.info('Dry run: nothing was pushed.');
        return;
    }
    const credentials = await credentialsFor(context, plan);
    const result = await withTemporaryDockerConfig(io.tmpdir, dir => pushLoggedIn(plan, credentials, engineDeps(context, dir))).catch((error) => {
        if (error instanceof PartialPushError)
            reportPartialPush(context, plan, error);
        throw error;
    });
    const outputs = toOutputs(plan, result);
    if (request.json)
        console.out(JSON.stringify(outputs, null, 2));
    else
        console.out(renderPushed(outputs, console.outStyle).join('\n'));
}
/**
 * Some tags exist, another failed: --json prints the outputs of exactly those, and stderr lists
 * them, before the error itself.
 */
function reportPartialPush({ request, console }, plan, error) {
    const outputs = partialOutputs(plan, error.digest, error.pushed);
    if (request.json)
        console.out(JSON.stringify(outputs, null, 2));
    const pushed = error.pushed.length ? error.pushed.map(reference => `  ${reference}`) : ['  none'];
    console.err([`Pushed before the failure, at ${error.digest}:`, ...pushed].join('\n'));
}
/** Logs in, pushes, and logs out again: a credential helper may hold the login outside `dir`. */
async function pushLoggedIn(plan, credentials, deps) {
    await login(plan, credentials, deps);
    try {
        return await push(plan, credentials, deps);
    }
    finally {
        await logout(plan.registry, deps).catch((error) => deps.logger.warning(formatError(error, inputLabel), 'Logout failed'));
    }
}
/** Logging in pushes nothing, so no tags are computed and the build is not read. */
const NO_BUILD = {
    provider: 'none',
    event: 'other',
    eventName: '',
    ref: '',
    sha: '',
    date: ''
};
async function runLogin(context) {
    const plan = createPlan(context.request.settings, NO_BUILD);
    showNotices(context.logger, plan);
    const credentials = await credentialsFor(context, plan);
    const dir = await storedConfigDir(context);
    await login(plan, credentials, engineDeps(context, dir));
    const style = context.console.outStyle;
    context.console.out(renderLogin(plan.registry, plan.username, dir, style).join('\n'));
}
async function runLogout(context) {
    const registry = resolveRegistry(context.request.settings);
    const dir = await storedConfigDir(context);
    await logout(registry, engineDeps(context, dir));
    context.console.out(`Logged out of ${registry} (${(0,external_node_path_namespaceObject.join)(dir, 'config.json')})`);
}
async function planFor({ request, io, logger }, settings) {
    const git = await resolveGitContext(io.env, defaultGitIo(io.cwd), {
        provider: request.provider
    });
    logger.debug(`Build: ${JSON.stringify(git)}`);
    const plan = createPlan(settings, git);
    showNotices(logger, plan);
    return { plan, git };
}
function showNotices(logger, plan) {
    for (const notice of plan.notices)
        logger.warning(notice.message, notice.title);
}
function printPlan({ request, console }, plan, git) {
    const outputs = toOutputs(plan);
    console.out(request.json
        ? JSON.stringify(outputs, null, 2)
        : renderPlan(plan, outputs, git, console.outStyle).join('\n'));
}
async function credentialsFor({ request, io, console, logger }, plan) {
    const token = await readAuthToken(request.authTokenStdin, io.env, io.stdin());
    console.addSecret(token);
    return checkCredentials(plan, token, logger);
}
function engineDeps({ io, logger }, dir) {
    return {
        docker: new DockerCli({ configDir: dir, env: io.env, logger }),
        dockerConfigDir: dir,
        logger
    };
}
/** The Docker config `login` and `logout` keep: --docker-config, DOCKER_CONFIG, ~/.docker. */
async function storedConfigDir({ request, io }) {
    const dir = request.dockerConfig ?? (0,external_node_path_namespaceObject.join)(io.homedir, '.docker');
    await (0,promises_namespaceObject.mkdir)(dir, { recursive: true, mode: 0o700 });
    return dir;
}

;// CONCATENATED MODULE: ./src/exit.ts
/**
 * Ends the process once stdout and stderr have taken everything written to them (a pipe
 * may still hold queued output on some platforms). Used by the entry points once the result
 * is decided: requests still being retried in the background after a failure (parallel
 * uploads) must not hold the process open until their retry budget runs out.
 */
function exitWhenFlushed(code) {
    // Without a code, the one already set (core.setFailed sets process.exitCode) stands:
    // `process.exit(undefined)` would exit 0.
    if (code !== undefined)
        process.exitCode = code;
    let pending = 2;
    const done = () => {
        pending -= 1;
        if (pending === 0)
            process.exit();
    };
    process.stdout.write('', done);
    process.stderr.write('', done);
}

;// CONCATENATED MODULE: ./src/cli.ts



main({
    argv: process.argv.slice(2),
    env: process.env,
    stdin: () => process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    homedir: (0,external_node_os_namespaceObject.homedir)(),
    tmpdir: (0,external_node_os_namespaceObject.tmpdir)()
}).then(exitWhenFlushed, (error) => {
    console.error(error);
    exitWhenFlushed(1);
});

