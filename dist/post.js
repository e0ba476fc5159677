/******/ (() => { // webpackBootstrap
/******/ 	"use strict";
/******/ 	var __webpack_modules__ = ({

/***/ 379:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  a: () => (/* binding */ runPost)
});

// UNUSED EXPORTS: postRunnerEnvironment

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = require("node:os");
;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = require("node:fs/promises");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = require("node:path");
;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = require("node:util");
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __nccwpck_require__(922);
;// CONCATENATED MODULE: ./src/docker/config.ts




/** The Docker client configuration a run logs into: the file in what `DOCKER_CONFIG` points at. */
const CONFIG_FILE = 'config.json';
/**
 * Creates a client configuration directory (mode 0700, config.json 0600) under `parent`:
 * empty, or a view of `base` (a copy of its config.json, links to its contexts, builders,
 * plugins and everything else), so Docker run with it keeps the current context and logins.
 */
async function createDockerConfigDir(parent, base) {
    // mkdtemp creates the directory with mode 0700.
    const dir = await mkdtemp(join(parent, 'ocir-push-docker-config-'));
    const entries = base ? await readdir(base).catch(absentAs([])) : [];
    await Promise.all(entries
        .filter(name => name !== CONFIG_FILE)
        .map(name => symlink(join(base, name), join(dir, name))));
    await writeConfig(dir, base ? await readConfig(base) : { auths: {} });
    return dir;
}
/**
 * True when a token may be stored in `dir`'s config.json: only its owner can read it, or it
 * does not exist yet (it is then created 0600).
 */
async function keepsSecretsPrivate(dir) {
    const file = await configTarget(join(dir, CONFIG_FILE));
    return stat(file).then(found => (found.mode & 0o077) === 0, absentAs(true));
}
/** config.json as it is, byte for byte; undefined when there is none. */
async function config_readConfigText(dir) {
    return (0,promises_namespaceObject.readFile)((0,external_node_path_namespaceObject.join)(dir, CONFIG_FILE), 'utf8').catch(absentAs(undefined));
}
/** Removes the directory, retrying what a busy file system fails for a moment (EBUSY, EPERM, …). */
async function removeDockerConfigDir(dir) {
    await (0,promises_namespaceObject.rm)(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
}
/**
 * Stores `username:token` for `host` in config.json the way `docker login` does without a
 * credential helper (and past one: see `storeLoginInFile`), so Docker and later steps use it.
 */
async function writeAuth(dir, host, username, token) {
    const config = await readConfig(dir);
    overrideHelper(config, host);
    const auth = Buffer.from(`${username}:${token}`).toString('base64');
    config.auths = { ...config.auths, [host]: { auth } };
    await writeConfig(dir, config);
}
/**
 * Removes exactly the entry for `host` (and the override of `storeLoginInFile`); other hosts
 * and settings stay. True when a login was there.
 */
async function removeAuth(dir, host) {
    const config = await readConfig(dir);
    const overridden = dropOverride(config, host);
    const found = !!config.auths && host in config.auths;
    if (found)
        delete config.auths[host];
    if (found || overridden)
        await writeConfig(dir, config);
    return found;
}
/**
 * Makes config.json, not a credential helper, hold `host`'s login, so the token lands only in
 * that 0600 file (and a daemonless login is what Docker reads): an empty `credHelpers` entry
 * makes Docker use the file for that host whatever `credsStore` says. For `docker login`;
 * `writeAuth` does it itself. True when it added one.
 */
async function storeLoginInFile(dir, host) {
    const config = await readConfig(dir);
    if (!overrideHelper(config, host))
        return false;
    await writeConfig(dir, config);
    return true;
}
/** Undoes `storeLoginInFile` when no login followed: the credential helper applies again. */
async function dropLoginInFile(dir, host) {
    const config = await readConfig(dir);
    if (dropOverride(config, host))
        await writeConfig(dir, config);
}
function overrideHelper(config, host) {
    if (!helperIn(config, host))
        return false;
    config.credHelpers = { ...config.credHelpers, [host]: '' };
    return true;
}
function dropOverride(config, host) {
    const helpers = config.credHelpers;
    if (helpers?.[host] !== '')
        return false;
    delete helpers[host];
    return true;
}
/**
 * After a logout: each host's `auths` and `credHelpers` entries back as `originalText` (the file
 * before the run, undefined when there was none) had them, other changes kept. When nothing
 * else changed since, the original bytes are written back (or the file removed), so a user's
 * config.json ends exactly as it was.
 */
async function restoreConfig(dir, hosts, originalText) {
    const original = parseConfig(originalText ?? '');
    const config = await readConfig(dir);
    for (const key of ['auths', 'credHelpers']) {
        const entries = { ...config[key] };
        for (const host of hosts) {
            const before = original[key]?.[host];
            if (before === undefined)
                delete entries[host];
            else
                entries[host] = before;
        }
        if (Object.keys(entries).length === 0 && !(key in original))
            delete config[key];
        else
            config[key] = entries;
    }
    if (!(0,external_node_util_namespaceObject.isDeepStrictEqual)(config, original))
        return writeConfig(dir, config);
    if (originalText === undefined)
        return (0,promises_namespaceObject.rm)((0,external_node_path_namespaceObject.join)(dir, CONFIG_FILE), { force: true });
    return writeConfigText(dir, originalText);
}
/** The `auths` entry for `host`, as stored; undefined when there is none. */
async function readAuthEntry(dir, host) {
    return (await readConfig(dir)).auths?.[host];
}
/** Puts `entry` back as `host`'s entry; other hosts and settings stay. */
async function restoreAuthEntry(dir, host, entry) {
    const config = await readConfig(dir);
    config.auths = { ...config.auths, [host]: entry };
    await writeConfig(dir, config);
}
/**
 * The credential helper that holds `host`'s login (`credHelpers`, else `credsStore`), if any:
 * only `docker logout` reaches it. Without one, the login is the `auths` entry in the file.
 */
async function credentialHelperFor(dir, host) {
    return helperIn(await readConfig(dir), host);
}
function helperIn(config, host) {
    const helpers = config.credHelpers;
    // An entry, even an empty one, wins over credsStore: empty means the file.
    const helper = helpers && host in helpers ? helpers[host] : config.credsStore;
    return helper || undefined;
}
async function readConfig(dir) {
    const text = (await config_readConfigText(dir)) ?? '';
    try {
        return parseConfig(text);
    }
    catch (error) {
        const file = (0,external_node_path_namespaceObject.join)(dir, CONFIG_FILE);
        throw new errors/* DockerError */.Bi(`${file} is not a Docker configuration: ${error.message}`, {
            fix: `Repair ${file} (it must be a JSON object), or remove it: the next login writes a new one`,
            cause: error
        });
    }
}
function parseConfig(text) {
    return text.trim() === '' ? {} : JSON.parse(text);
}
/** For `.catch`: a missing file or directory gives `value`; other errors stay errors. */
function absentAs(value) {
    return error => {
        if (error.code === 'ENOENT')
            return value;
        throw error;
    };
}
// Write-then-rename: a reader (a concurrent docker command) never sees half a file. A
// config.json that is a link is edited where it points (renaming over the link would leave
// the credential in its target), keeping the target's mode; a new file is created 0600
// because it holds credentials, in a directory created 0700 as Docker creates ~/.docker.
async function writeConfig(dir, config) {
    await writeConfigText(dir, `${JSON.stringify(config, null, '\t')}\n`);
}
async function writeConfigText(dir, text) {
    await (0,promises_namespaceObject.mkdir)(dir, { recursive: true, mode: 0o700 });
    const file = await configTarget((0,external_node_path_namespaceObject.join)(dir, CONFIG_FILE));
    const mode = await (0,promises_namespaceObject.stat)(file).then(found => found.mode & 0o777, () => 0o600);
    const partial = `${file}.${process.pid}.partial`;
    await (0,promises_namespaceObject.writeFile)(partial, text, { mode });
    await (0,promises_namespaceObject.rename)(partial, file);
}
/** The file behind `file`'s links; `file` itself while it does not exist. */
function configTarget(file) {
    return (0,promises_namespaceObject.realpath)(file).catch(absentAs(file));
}

// EXTERNAL MODULE: ./src/docker/cli.ts
var cli = __nccwpck_require__(670);
;// CONCATENATED MODULE: ./src/engine/logout.ts


/** Removes the credentials for `registry` from the client configuration. */
async function logout(registry, deps, signal) {
    // Without a credential helper the login is an entry in config.json: removing it is all
    // `docker logout` would do, without starting Docker.
    // A login that failed stored nothing: then there is nothing to report either.
    if (!(await credentialHelperFor(deps.dockerConfigDir, registry))) {
        if (await removeAuth(deps.dockerConfigDir, registry)) {
            deps.logger.info(`Removed the credentials for ${registry}`);
        }
        return;
    }
    try {
        await deps.docker.logout(registry, signal);
    }
    catch (error) {
        if (!(error instanceof cli/* DockerCommandError */.Y && error.reason === 'not-installed')) {
            if (!(error instanceof cli/* DockerCommandError */.Y))
                throw error;
            // OCIR's wording is loaded for a failure only: the post step starts without it.
            const { diagnosis } = await Promise.resolve(/* import() eager */).then(__nccwpck_require__.bind(__nccwpck_require__, 96));
            throw diagnosis(error, { host: registry });
        }
        // Without Docker no helper can have stored the login: the file is all there is.
        await removeAuth(deps.dockerConfigDir, registry);
    }
    deps.logger.info(`Removed the credentials for ${registry}`);
}

// EXTERNAL MODULE: ./src/common/text.ts
var common_text = __nccwpck_require__(450);
;// CONCATENATED MODULE: ./src/action/job-log.ts


/**
 * The runner's workflow commands (`::name key=value::message`), written directly: @actions/core
 * would bring an HTTP client that takes longer to load than the rest of a step. Escaped as the
 * runner decodes them (and as @actions/core escapes them).
 */
const workflowCommands = {
    info: line => process.stdout.write(`${line}${external_node_os_namespaceObject.EOL}`),
    warning: (message, title) => workflowCommand('warning', message, title ? { title } : {}),
    debug: message => workflowCommand('debug', message),
    error: (message, title) => workflowCommand('error', message, { title }),
    startGroup: name => workflowCommand('group', name),
    endGroup: () => workflowCommand('endgroup', '')
};
/**
 * `::name key=value,…::message` on stdout, as @actions/core writes it: a property without a
 * value is left out (the space after the name stays, as there).
 */
function workflowCommand(name, message, properties = {}) {
    const entries = Object.entries(properties);
    const props = entries
        .filter(([, value]) => value !== '')
        .map(([key, value]) => `${key}=${job_log_escape(value).replace(/:/g, '%3A').replace(/,/g, '%2C')}`)
        .join(',');
    process.stdout.write(`::${name}${entries.length > 0 ? ` ${props}` : ''}::${job_log_escape(message)}${external_node_os_namespaceObject.EOL}`);
}
function job_log_escape(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
/** How many groups are open; the job log has no nested groups. */
let openGroups = 0;
/** The engine's progress, written to the job log through `sink`. */
function jobLogger(sink) {
    const logger = {
        info: message => sink.info((0,common_text/* inertLogText */.I1)(message)),
        // Commands with their data escaped by the sink: only the control characters go.
        warning: (message, title) => sink.warning((0,common_text/* printable */.g$)(message), title),
        debug: message => sink.debug((0,common_text/* printable */.g$)(message)),
        group: async (name, fn) => {
            // An inner ::group:: would close the outer one early: inside a group, a heading line instead.
            if (openGroups > 0) {
                logger.info(name);
                return fn();
            }
            openGroups++;
            sink.startGroup((0,common_text/* printable */.g$)(name));
            try {
                return await fn();
            }
            finally {
                sink.endGroup();
                openGroups--;
            }
        }
    };
    return logger;
}
/** Fails the step once: one error annotation per failure, each titled, and the exit status. */
function failStep(sink, failures, exitCode) {
    // `core.setFailed` would add another, untitled annotation: the status is set directly.
    for (const { message, title } of failures)
        sink.error((0,common_text/* printable */.g$)(message), title);
    process.exitCode = exitCode;
}

;// CONCATENATED MODULE: ./src/action/kept-docker-config.ts



/**
 * The job's Docker configuration as it was before this run logged into it (an earlier
 * step's login to the same registry included), so the post step can undo exactly this
 * run's login. It may hold credentials, so it lives in a private file of the job (a 0700
 * directory under RUNNER_TEMP, the file 0600), never in the step state, which is not
 * secret. Returns the file.
 */
async function keepDockerConfig(dockerConfig, runnerTemp) {
    const text = (await readConfigText(dockerConfig)) ?? null;
    const dir = await mkdtemp(join(runnerTemp, 'ocir-push-kept-docker-config-'));
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify({ text }), { mode: 0o600 });
    return file;
}
/** After the logout: the registries' entries as they were kept; then the kept file is deleted. */
async function restoreDockerConfig(dockerConfig, registries, file) {
    const { text } = JSON.parse(await (0,promises_namespaceObject.readFile)(file, 'utf8'));
    await restoreConfig(dockerConfig, registries, text ?? undefined);
    await (0,promises_namespaceObject.rm)((0,external_node_path_namespaceObject.dirname)(file), { recursive: true, force: true });
}

// EXTERNAL MODULE: ./src/common/constants.ts
var constants = __nccwpck_require__(952);
;// CONCATENATED MODULE: ./src/action/state.ts

function saveLoginState(store, state) {
    // One host per line: the state's values are strings.
    store.saveState(State.Registry, state.registries.join('\n'));
    store.saveState(State.DockerConfig, state.dockerConfig);
    store.saveState(State.CreatedDockerConfig, String(state.createdDockerConfig));
    store.saveState(State.Logout, String(state.logout));
    if (state.keptDockerConfig)
        store.saveState(State.KeptDockerConfig, state.keptDockerConfig);
}
/** The saved login, or undefined when the main step stopped before logging in. */
function readLoginState(store) {
    const registries = store.getState(constants/* State */.Uw.Registry).split('\n').filter(Boolean);
    const dockerConfig = store.getState(constants/* State */.Uw.DockerConfig);
    if (registries.length === 0 || !dockerConfig)
        return undefined;
    const keptDockerConfig = store.getState(constants/* State */.Uw.KeptDockerConfig);
    return {
        registries,
        dockerConfig,
        createdDockerConfig: store.getState(constants/* State */.Uw.CreatedDockerConfig) === 'true',
        logout: store.getState(constants/* State */.Uw.Logout) !== 'false',
        ...(keptDockerConfig ? { keptDockerConfig } : {})
    };
}

;// CONCATENATED MODULE: ./src/action/post.ts








/**
 * The runner as the post step sees it. Built from the process alone, without @actions/core
 * or the main step's modules, so that its bundle (dist/post.js) loads in a moment.
 */
function postRunnerEnvironment() {
    const env = process.env;
    const logger = jobLogger(workflowCommands);
    return {
        env,
        // Where the runner puts what the main step saved (as @actions/core's getState reads it).
        getState: name => env[`STATE_${name}`] ?? '',
        logger,
        fail: (failures, exitCode) => failStep(workflowCommands, failures, exitCode),
        docker: configDir => new cli/* DockerCli */.V({ configDir, env, logger })
    };
}
/** The post step (runs even when the main step failed): removes what the main step stored. */
async function runPost(environment = postRunnerEnvironment()) {
    const { logger } = environment;
    const state = readLoginState(environment);
    if (!state) {
        logger.info('Nothing to clean up: the main step did not log in');
        return;
    }
    if (!state.logout) {
        logger.info(`logout: false: the credentials for ${state.registries.join(', ')} stay in ${state.dockerConfig} until the job ends`);
        return;
    }
    try {
        const deps = {
            docker: environment.docker(state.dockerConfig),
            dockerConfigDir: state.dockerConfig,
            temporaryDirectory: environment.env.RUNNER_TEMP || (0,external_node_os_namespaceObject.tmpdir)(),
            logger
        };
        // One after the other: they share one config.json.
        for (const registry of state.registries)
            await logout(registry, deps);
        if (state.keptDockerConfig) {
            await restoreDockerConfig(state.dockerConfig, state.registries, state.keptDockerConfig);
            logger.info(`Restored ${state.dockerConfig} as it was before the login`);
        }
        if (state.createdDockerConfig) {
            await removeDockerConfigDir(state.dockerConfig);
            logger.info(`Removed the job's Docker config ${state.dockerConfig}`);
        }
    }
    catch (error) {
        environment.fail([{ message: (0,errors/* formatError */.Wk)(error), title: 'logout failed' }], 1);
    }
}


/***/ }),

/***/ 952:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   G0: () => (/* binding */ Inputs),
/* harmony export */   Ic: () => (/* binding */ withoutAuthToken),
/* harmony export */   Uw: () => (/* binding */ State)
/* harmony export */ });
/* unused harmony exports Outputs, envNameFor, AuthMethods, BEARER_TOKEN_USERNAME, OciCliVariables, PRIVATE_KEY_VARIABLE, PRIVATE_KEY_PASSPHRASE_VARIABLE, GitHubOidcVariables, OIDC_TOKEN_VARIABLE, SECRET_VARIABLES, TAG_PATTERN, REPOSITORY_PATTERN */
/** Names that users and tests depend on: action inputs, outputs, post-step state, CLI environment. */
const Inputs = {
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
    Labels: 'labels',
    Annotations: 'annotations',
    PushByDigest: 'push-by-digest',
    MergeDigests: 'merge-digests',
    Push: 'push',
    Logout: 'logout',
    Summary: 'summary',
    Auth: 'auth',
    TenancyOcid: 'tenancy-ocid',
    UserOcid: 'user-ocid',
    Fingerprint: 'fingerprint',
    PrivateKey: 'private-key',
    PrivateKeyPassphrase: 'private-key-passphrase',
    Compartment: 'compartment',
    RepositoryVisibility: 'repository-visibility',
    Immutable: 'immutable',
    OidcDomainUrl: 'oidc-domain-url',
    OidcClientId: 'oidc-client-id',
    OidcClientSecret: 'oidc-client-secret',
    OidcAudience: 'oidc-audience'
};
const Outputs = {
    Registry: 'registry',
    Username: 'username',
    Repository: 'repository',
    Tags: 'tags',
    PullReference: 'pull-reference',
    Digest: 'digest',
    PinnedReference: 'pinned-reference',
    Version: 'version',
    Labels: 'labels',
    Annotations: 'annotations',
    RepositoryOcid: 'repository-ocid',
    Json: 'json'
};
/** What the main step leaves for the post step (GITHUB_STATE). */
const State = {
    Registry: 'registry',
    DockerConfig: 'docker-config',
    CreatedDockerConfig: 'created-docker-config',
    Logout: 'logout',
    KeptDockerConfig: 'kept-docker-config'
};
/** The CLI's environment variable for an input: `identity-domain` → `OCIR_IDENTITY_DOMAIN`. */
function envNameFor(input) {
    return `OCIR_${input.toUpperCase().replace(/-/g, '_')}`;
}
/** How the registry is signed in to (the `auth` input). */
const AuthMethods = { AuthToken: 'auth-token', ApiKey: 'api-key', Oidc: 'oidc' };
/** The username Docker presents a registry bearer token under (the token is the password). */
const BEARER_TOKEN_USERNAME = 'BEARER_TOKEN';
/**
 * The OCI CLI's variables, which CI setups for OCI already hold: the API key settings fall
 * back to them (`OCI_CLI_KEY_FILE`: the CLI face only, which may read files).
 */
const OciCliVariables = {
    Tenancy: 'OCI_CLI_TENANCY',
    User: 'OCI_CLI_USER',
    Fingerprint: 'OCI_CLI_FINGERPRINT',
    KeyContent: 'OCI_CLI_KEY_CONTENT',
    KeyFile: 'OCI_CLI_KEY_FILE',
    Passphrase: 'OCI_CLI_PASSPHRASE',
    Region: 'OCI_CLI_REGION'
};
/** The CLI's variables for the private key and its passphrase (no flag carries either). */
const PRIVATE_KEY_VARIABLE = 'OCIR_PRIVATE_KEY';
const PRIVATE_KEY_PASSPHRASE_VARIABLE = 'OCIR_PRIVATE_KEY_PASSPHRASE';
/**
 * What a GitHub job with `permissions: id-token: write` gets: where to ask for its OIDC token,
 * and the bearer to ask with (a secret).
 */
const GitHubOidcVariables = {
    RequestUrl: 'ACTIONS_ID_TOKEN_REQUEST_URL',
    RequestToken: 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'
};
/** The CLI's variable for an OIDC token of another CI (GitLab's `id_tokens`, CircleCI's). */
const OIDC_TOKEN_VARIABLE = 'OCIR_OIDC_TOKEN';
/** The action's variable for an input, as the runner sets it (`INPUT_AUTH-TOKEN`). */
function actionVariable(input) {
    return `INPUT_${input.toUpperCase()}`;
}
/**
 * Every variable a secret arrives in: the auth token, the private key and its passphrase, the
 * OIDC client secret, under the action's names (with `-`, and with `_` as some runners write
 * them), the CLI's and the OCI CLI's; the OIDC tokens and the bearer GitHub's is asked with.
 */
const SECRET_VARIABLES = [
    envNameFor(Inputs.AuthToken),
    ...[
        Inputs.AuthToken,
        Inputs.PrivateKey,
        Inputs.PrivateKeyPassphrase,
        Inputs.OidcClientSecret
    ].flatMap(input => [actionVariable(input), actionVariable(input).replace(/-/g, '_')]),
    PRIVATE_KEY_VARIABLE,
    PRIVATE_KEY_PASSPHRASE_VARIABLE,
    OciCliVariables.KeyContent,
    OciCliVariables.Passphrase,
    envNameFor(Inputs.OidcClientSecret),
    OIDC_TOKEN_VARIABLE,
    GitHubOidcVariables.RequestToken
];
/** `env` without any secret variable: what a child process (docker, git) may inherit. */
function withoutAuthToken(env) {
    const copy = { ...env };
    for (const name of SECRET_VARIABLES)
        delete copy[name];
    return copy;
}
/** What an OCIR (and any distribution) registry accepts; see DESIGN.md. */
const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const REPOSITORY_PATTERN = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;


/***/ }),

/***/ 922:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Bi: () => (/* binding */ DockerError),
/* harmony export */   Wk: () => (/* binding */ formatError),
/* harmony export */   gl: () => (/* binding */ RegistryError)
/* harmony export */ });
/* unused harmony exports OcirPushError, InputError, isInputProblem, InputErrors, errorMessage, TargetError, TargetErrors, failuresOf, detailSpeaker */
/** Every failure below the faces is one of these: what failed, which input, and the fix. */
class OcirPushError extends Error {
    fix;
    input;
    detail;
    detailFrom;
    constructor(message, details) {
        super(message, details.cause === undefined ? undefined : { cause: details.cause });
        this.name = new.target.name;
        this.fix = details.fix;
        this.input = details.input;
        this.detail = details.detail;
        this.detailFrom = details.detailFrom;
    }
}
/** A setting's value is wrong; nothing was sent anywhere. */
class InputError extends OcirPushError {
    constructor(input, message, details) {
        super(message, { ...details, input });
    }
}
function isInputProblem(error) {
    return error instanceof OcirPushError && error.input !== undefined;
}
/** Several settings are wrong at once (see `InputChecks`); nothing was sent anywhere. */
class InputErrors extends OcirPushError {
    /** In the order the inputs are checked; each names its input and carries its fix. */
    problems;
    constructor(problems) {
        const inputs = [...new Set(problems.map(problem => problem.input))];
        super(`${problems.length} settings are wrong: ${inputs.join(', ')}`, {
            fix: 'Fix each of them as its own message says; nothing was sent'
        });
        this.problems = problems;
    }
}
/** What anything thrown says: an error's message, anything else as text. */
function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}
/**
 * One target of a run with several (a registry host and repository) failed: `failure` says
 * why, as it would for a run with that target alone.
 */
class TargetError extends OcirPushError {
    target;
    failure;
    constructor(
    /** The target's repository reference (`fra.ocir.io/ns/app`), or its host when it has none. */
    target, failure) {
        const known = failure instanceof OcirPushError ? failure : undefined;
        super(`${target}: ${known?.message ?? errorMessage(failure)}`, {
            fix: known?.fix ?? 'Run the push again',
            ...(known?.input ? { input: known.input } : {}),
            ...(known?.detail ? { detail: known.detail, detailFrom: detailSpeaker(known) } : {}),
            cause: failure
        });
        this.target = target;
        this.failure = failure;
    }
}
/** Some targets of a run with several failed; the others were pushed (see the run's outputs). */
class TargetErrors extends OcirPushError {
    failures;
    targetCount;
    constructor(
    /** One per target that failed, in the targets' order. */
    failures, 
    /** How many targets the run had. */
    targetCount) {
        super(`${failures.length} of ${targetCount} targets failed: ${failures.map(failure => failure.target).join(', ')}`, { fix: 'Fix each of them as its own message says; the targets not named were pushed' });
        this.failures = failures;
        this.targetCount = targetCount;
    }
}
/**
 * The failures one error reports: each problem of `InputErrors`, each target of
 * `TargetErrors`, otherwise the error itself.
 */
function failuresOf(error) {
    if (error instanceof InputErrors)
        return error.problems;
    if (error instanceof TargetErrors)
        return error.failures;
    return [error];
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
    if (!(error instanceof OcirPushError))
        return errorMessage(error);
    if (error instanceof InputErrors || error instanceof TargetErrors) {
        return failuresOf(error)
            .map(failure => formatError(failure, inputLabel))
            .join('\n');
    }
    // The target first, then the failure as a run with that target alone would report it.
    if (error instanceof TargetError)
        return `${error.target}: ${formatError(error.failure, inputLabel)}`;
    const lines = [error.input ? `${inputLabel(error.input)}: ${error.message}` : error.message];
    lines.push(`Fix: ${error.fix}`);
    if (error.detail) {
        lines.push(`${detailSpeaker(error)} said: ${error.detail}`);
    }
    return lines.join('\n');
}
/** Whose words an error's `detail` quotes: `The registry`, `Docker`, `The identity domain`. */
function detailSpeaker(error) {
    return error.detailFrom ?? (error instanceof DockerError ? 'Docker' : 'The registry');
}


/***/ }),

/***/ 450:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   I1: () => (/* binding */ inertLogText),
/* harmony export */   cT: () => (/* binding */ withoutSecrets),
/* harmony export */   g$: () => (/* binding */ printable)
/* harmony export */ });
/* unused harmony exports formatSize, formatDuration */
/**
 * Text from outside (image names and annotations, registry and Docker messages) as a log may
 * show it: every control character but tab and line feed removed, so that no escape sequence
 * (ESC, the C1 CSI), carriage return or backspace reaches a terminal or a log viewer.
 */
function printable(text) {
    // eslint-disable-next-line no-control-regex
    return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}
/**
 * `printable`, and a log line GitHub's runner shows but never obeys: a line that would read as
 * a workflow command (`::set-output …::`, `::add-mask::`, the old `##[command]`) after the
 * blanks the runner skips is broken by a leading backslash. The action's log is the runner's,
 * and so is the CLI's when a workflow runs it.
 */
function inertLogText(text) {
    return printable(text).replace(/^(\s*)(::|##\[)/gm, '$1\\$2');
}
/**
 * `text` with every form a secret could be printed in replaced by `***`: as it is,
 * URL-encoded, base64 (alone and, given `username`, as the `user:secret` of a Basic
 * Authorization header or a Docker config `auth` entry). Longest first, so a form that
 * contains another goes whole.
 */
function withoutSecrets(text, secrets, username) {
    const forms = secrets
        .filter(secret => secret.length > 0)
        .flatMap(secret => [
        secret,
        encodeURIComponent(secret),
        Buffer.from(secret).toString('base64'),
        ...(username ? [Buffer.from(`${username}:${secret}`).toString('base64')] : [])
    ]);
    return [...new Set(forms)]
        .sort((a, b) => b.length - a.length)
        .reduce((result, form) => result.split(form).join('***'), text);
}
const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
/** Bytes as a person reads them: `512 B`, `1.5 KiB`, `256.0 MiB`, `1.25 GiB`. */
function formatSize(bytes) {
    if (bytes < KiB)
        return `${Math.round(bytes)} B`;
    if (bytes < MiB)
        return `${(bytes / KiB).toFixed(1)} KiB`;
    if (bytes < GiB)
        return `${(bytes / MiB).toFixed(1)} MiB`;
    return `${(bytes / GiB).toFixed(2)} GiB`;
}
/** A duration as a log line states it: `0.4 s`, `38 s`, `2 min 05 s`, `1 h 02 min`. */
function formatDuration(ms) {
    const seconds = Math.max(0, ms) / 1000;
    if (seconds < 10)
        return `${seconds.toFixed(1)} s`;
    const whole = Math.round(seconds);
    if (whole < 60)
        return `${whole} s`;
    const minutes = Math.floor(whole / 60);
    if (minutes < 60)
        return `${minutes} min ${String(whole % 60).padStart(2, '0')} s`;
    return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}


/***/ }),

/***/ 670:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ DockerCli),
/* harmony export */   Y: () => (/* binding */ DockerCommandError)
/* harmony export */ });
/* harmony import */ var _common_constants_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(952);

/**
 * A docker command that did not succeed, typed by cause, with Docker's own words (secrets
 * removed). What it means for the user, and the fix, is `diagnoseDockerFailure`'s to say.
 */
class DockerCommandError extends Error {
    reason;
    /** The docker subcommand, e.g. `push`. */
    command;
    exitCode;
    stderr;
    /** Why docker could not be started at all (`ENOENT`: not installed). */
    spawnErrorCode;
    /** The engine the command tried to reach (`DOCKER_HOST`); undefined for the default socket. */
    dockerHost;
    constructor(message, details) {
        super(message, details.cause === undefined ? undefined : { cause: details.cause });
        this.name = 'DockerCommandError';
        this.reason = details.reason;
        this.command = details.command;
        this.exitCode = details.exitCode;
        this.stderr = details.stderr;
        this.spawnErrorCode = details.spawnErrorCode;
        this.dockerHost = details.dockerHost;
    }
}
const DAEMON_UNREACHABLE = /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|dial unix [^ ]+: connect:/i;
const NO_SUCH_IMAGE = /No such (image|object)/i;
const PUSHED_DIGEST = /digest: (sha256:[0-9a-f]{64})/;
/**
 * The Docker CLI as a seam: login through stdin, tag, push, inspect, logout. Every command
 * takes a signal that stops it (the docker process gets SIGTERM).
 */
class DockerCli {
    binary;
    env;
    logger;
    constructor(options) {
        this.binary = options.binary ?? 'docker';
        // The token reaches docker on stdin only, never in its environment.
        this.env = { ...(0,_common_constants_js__WEBPACK_IMPORTED_MODULE_0__/* .withoutAuthToken */ .Ic)(options.env), DOCKER_CONFIG: options.configDir };
        this.logger = options.logger;
    }
    // Every positional argument follows `--`: an image or host that starts with `-` (`--help`)
    // is an operand, never an option (docker's commands are cobra's, which all honour `--`).
    /** `docker login` with the token on stdin only: it never appears in argv or a message. */
    async login(host, username, token, signal) {
        await this.run(['login', '--username', username, '--password-stdin', '--', host], {
            stdin: token,
            secret: token,
            signal
        });
    }
    async logout(host, signal) {
        await this.run(['logout', '--', host], { signal });
    }
    async tag(source, target, signal) {
        await this.run(['tag', '--', source, target], { signal });
    }
    /**
     * Pushes one reference and returns the digest the registry stored it under. `signal` stops
     * it: Docker retries a refused upload for about a minute before it gives up. Docker's
     * progress goes to `onLine`, else to the log: off a terminal Docker prints one line per
     * layer state (Preparing, Waiting, Pushed, Layer already exists), never its progress bars.
     */
    async push(reference, signal, onLine = line => this.logger?.info(line)) {
        const { stdout } = await this.run(['push', '--', reference], { onLine, signal });
        const digest = PUSHED_DIGEST.exec(stdout)?.[1];
        if (!digest) {
            throw new DockerCommandError(`docker push ${reference} reported no digest`, {
                reason: 'no-digest',
                command: 'push',
                stderr: stdout
            });
        }
        return digest;
    }
    /** `docker save` of one image into `file` (a tarball the docker-archive source reads). */
    async save(reference, file, signal) {
        await this.run(['save', '--output', file, '--', reference], { signal });
    }
    async inspect(reference, signal) {
        const { stdout } = await this.run(['image', 'inspect', '--format', '{{json .}}', '--', reference], {
            signal
        });
        const image = JSON.parse(stdout);
        return {
            id: image.Id,
            repoTags: image.RepoTags ?? [],
            repoDigests: image.RepoDigests ?? [],
            platform: [image.Os, image.Architecture, image.Variant].filter(Boolean).join('/')
        };
    }
    /** The local image `reference` names, or undefined when the engine has none (one inspect). */
    async findImage(reference, signal) {
        try {
            return await this.inspect(reference, signal);
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
    async imageExists(reference, signal) {
        return (await this.findImage(reference, signal)) !== undefined;
    }
    async run(args, options = {}) {
        const command = args[0];
        // Loaded on first use: a run that starts no docker command (a daemonless push, a post step
        // without a credential helper) never loads it.
        const { spawn } = await Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 421, 23));
        const redact = (text) => options.secret ? text.replaceAll(options.secret, '***') : text;
        this.logger?.debug(`${this.binary} ${args.join(' ')}`);
        return new Promise((resolve, reject) => {
            const child = spawn(this.binary, args, {
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
                    ? `'${this.binary}' was not found on PATH (not installed)`
                    : `docker ${command} could not be started: ${error.message}`, {
                    reason: notFound ? 'not-installed' : 'failed',
                    command,
                    stderr: '',
                    spawnErrorCode,
                    cause: error
                }));
            });
            child.on('close', exitCode => {
                // Stopped by the signal (or by its own Ctrl-C at the same time): cancelled, not failed.
                if (options.signal?.aborted) {
                    reject(options.signal.reason);
                    return;
                }
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
/** The failure typed by cause; the words for the user come from its diagnosis. */
function failure(command, exitCode, stderr, dockerHost) {
    const unreachable = DAEMON_UNREACHABLE.test(stderr);
    const where = dockerHost ?? 'the default socket';
    return new DockerCommandError(unreachable
        ? `docker ${command}: the engine at ${where} is not reachable`
        : `docker ${command} exited with code ${exitCode}`, {
        reason: unreachable ? 'daemon-unreachable' : 'failed',
        command,
        ...(exitCode === undefined ? {} : { exitCode }),
        stderr,
        ...(dockerHost ? { dockerHost } : {})
    });
}


/***/ }),

/***/ 96:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  diagnosis: () => (/* binding */ diagnosis)
});

// UNUSED EXPORTS: diagnosed, explainFailure, failureContext

// EXTERNAL MODULE: ./src/docker/cli.ts
var cli = __nccwpck_require__(670);
// EXTERNAL MODULE: ./src/common/constants.ts
var constants = __nccwpck_require__(952);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __nccwpck_require__(922);
;// CONCATENATED MODULE: ./src/ocir/values.ts

/**
 * A setting's value without surrounding whitespace (a copy-paste habit), and a notice when
 * some was removed. The notice never quotes the value, so it is safe for secrets too.
 */
function values_trimSetting(input, raw) {
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
/** The values of a setting that takes several: one per line, or separated by commas. */
function values_listedValues(value) {
    return value
        .split(/[\r\n,]+/)
        .map(item => item.trim())
        .filter(item => item !== '');
}
/**
 * Refuses a value listed twice in one setting (`what` it lists: `registry host`): the same
 * target would be pushed to twice.
 */
function values_refuseRepeats(input, values, what) {
    const repeated = values.find((value, index) => values.indexOf(value) !== index);
    if (repeated !== undefined) {
        throw new InputError(input, `lists ${repeated} twice`, { fix: `Name each ${what} once` });
    }
}

;// CONCATENATED MODULE: ./src/ocir/regions.generated.ts
const regions_generated_REGIONS = [
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
        throw new InputError(Inputs.Region, 'region is empty', { fix: `Set region to ${EXAMPLE}.` });
    }
    const region = findRegion(value);
    if (region)
        return region;
    const hostRegion = regionOfHost(value.toLowerCase());
    if (hostRegion) {
        throw new InputError(Inputs.Region, `region takes a region, not a registry host; got '${value}'`, {
            fix: `Write region: '${hostRegion.key.toLowerCase()}' (or move '${value}' to registry).`
        });
    }
    const near = closestRegions(value);
    throw new InputError(Inputs.Region, `'${value}' is not a known OCI region`, {
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
 * OCIR's token endpoint for one of its hosts, as its `GET /v2/` challenge names it
 * (`Bearer realm="https://<host>/20180419/docker/token",service="<host>"`), so a client can
 * ask for a token without that round trip first; undefined for any other registry.
 */
function ocirTokenRealm(host) {
    if (!regionOfHost(host))
        return undefined;
    return { realm: `https://${host}/20180419/docker/token`, service: host };
}
/**
 * The registry hosts to log into and push to, in the order given (credentials are stored per
 * host string, so every reference must use exactly these). `registry` wins over `region`; a
 * `region` given alongside is still checked, so a typo in it never goes unnoticed, and an
 * OCIR host must be in one of the regions it lists. A host listed twice is refused.
 */
function resolveRegistries(settings) {
    const regions = listedValues(settings.region).map(resolveRegion);
    const registries = listedValues(settings.registry);
    if (registries.length > 0) {
        const only = regions.length === 1 ? regions[0] : undefined;
        return distinct(Inputs.Registry, registries.map(raw => {
            const host = validateRegistryHost(raw);
            const hostRegion = regionOfHost(host);
            if (regions.length > 0 && hostRegion && !regions.includes(hostRegion)) {
                throw new InputError(Inputs.Registry, `registry '${host}' is in ${describeRegion(hostRegion)} but region names ${regions.map(describeRegion).join(', ')}`, { fix: `Set only one of region and registry, or make them name the same region.` });
            }
            const region = hostRegion ?? only;
            const scheme = registryScheme(raw);
            return {
                host,
                input: Inputs.Registry,
                ...(scheme ? { scheme } : {}),
                ...(region ? { region } : {})
            };
        }));
    }
    if (regions.length === 0) {
        throw new InputError(Inputs.Region, 'neither region nor registry is set', {
            fix: `Set region to ${EXAMPLE}, or registry to a registry host such as 'fra.ocir.io'.`
        });
    }
    return distinct(Inputs.Region, regions.map(region => ({ host: registryHost(region), input: Inputs.Region, region })));
}
/** `targets`, each host once: a host listed twice would be pushed to twice. */
function distinct(input, targets) {
    refuseRepeats(input, targets.map(target => target.host), 'registry host');
    return targets;
}
const HTTP_SCHEME = /^(https?):\/\//i;
/**
 * The scheme a `registry` value starts with (`https://127.0.0.1:5443`), which overrides the
 * default (plain HTTP for loopback hosts, HTTPS otherwise); undefined for a bare host.
 */
function registryScheme(raw) {
    return HTTP_SCHEME.exec(raw.trim())?.[1]?.toLowerCase();
}
/** A `registry` value without its `http(s)://` and trailing `/`, lower-cased; not checked. */
function registryHostOf(raw) {
    return raw.trim().replace(HTTP_SCHEME, '').replace(/\/+$/, '').toLowerCase();
}
/**
 * A `registry` value as a host name with an optional port, lower-cased (host names are
 * case-insensitive; one spelling keeps the stored credentials and references matching).
 * An `http://` or `https://` in front is allowed (it only chooses the scheme), a path is not.
 */
function validateRegistryHost(raw) {
    const value = raw.trim();
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
    const httpScheme = registryScheme(value);
    const rest = scheme ? value.slice(scheme[0].length) : value;
    const slash = rest.indexOf('/');
    const host = (slash === -1 ? rest : rest.slice(0, slash)).toLowerCase();
    const path = slash === -1 ? '' : rest.slice(slash + 1).replace(/\/+$/, '');
    const moveThePath = path
        ? ` The path '${path}' does not belong in registry: the namespace goes in namespace, the rest in repository.`
        : '';
    if (scheme && !httpScheme) {
        throw new InputError(Inputs.Registry, `registry takes a host (or https:// and a host), not a '${scheme[1]}' URL; got '${value}'`, { fix: `Write registry: '${host}' (no '${scheme[0]}').${moveThePath}` });
    }
    if (path) {
        const written = httpScheme ? `${httpScheme}://${host}` : host;
        throw new InputError(Inputs.Registry, `registry takes a host without a path; got '${value}'`, {
            fix: `Write registry: '${written}'.${moveThePath}`
        });
    }
    const port = /:(\d+)$/.exec(host)?.[1];
    const name = port === undefined ? host : host.slice(0, -port.length - 1);
    const validName = /^\[[0-9a-f:.]+\]$/.test(name) ||
        /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(name);
    if (!validName || (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535))) {
        throw new InputError(Inputs.Registry, `'${value}' is not a registry host`, {
            fix: "Write a host name with an optional port, such as 'fra.ocir.io' or '127.0.0.1:5000'."
        });
    }
    if (httpScheme === 'http' && regionOfHost(host)) {
        throw new InputError(Inputs.Registry, `OCIR speaks only HTTPS; got '${value}'`, {
            fix: `Write registry: '${host}' (no 'http://'): the auth token would travel in clear text.`
        });
    }
    const key = KEY_HOST.exec(host)?.[1];
    if (key !== undefined && !regionOfHost(host)) {
        const region = REGIONS.find(r => r.key.toLowerCase() === key);
        throw new InputError(Inputs.Registry, `'${host}' is not an OCIR host`, {
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

;// CONCATENATED MODULE: ./src/ocir/names.ts



/** One path component of a repository name, as the registry accepts it. */
const COMPONENT = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$/;
const FIND_NAMESPACE = "Console → Profile menu → Tenancy → Object Storage namespace, or run 'oci os ns get'";
/** Federated (Oracle Identity Cloud Service) users' domain, the one most users meet. */
const IDCS_DOMAIN = 'oracleidentitycloudservice';
/**
 * Refuses a value holding a control character (line break, tab, escape, …) and never quotes
 * it: in a log, a line break followed by `::command::` would run as a workflow command, and
 * in a header it would end the header.
 */
function names_refuseControlCharacters(input, value) {
    const characters = [...value];
    const at = characters.findIndex(character => {
        const code = character.codePointAt(0);
        return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
    });
    if (at === -1)
        return;
    const code = characters[at].codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new InputError(input, `${input} contains a control character (U+${code}) at position ${at + 1}`, {
        fix: `Write ${input} on one line, without line breaks, tabs or other control characters; check how the value is composed (a secret or variable with a trailing line is a common cause).`
    });
}
/**
 * The tenancy namespace, trimmed. It is an auto-generated lower-case string (for some old
 * tenancies the lower-cased tenancy name); the messages say which other value was likely
 * pasted instead.
 */
function validateNamespace(raw) {
    const namespace = raw.trim();
    names_refuseControlCharacters(Inputs.Namespace, namespace);
    const fail = (message, fix) => {
        throw new InputError(Inputs.Namespace, message, { fix });
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
    const trimmedUser = trimSetting(Inputs.Username, parts.username);
    const trimmedDomain = trimSetting(Inputs.IdentityDomain, parts.identityDomain);
    const notices = [trimmedUser.notice, trimmedDomain.notice].filter(n => n !== undefined);
    const user = trimmedUser.value;
    const domain = trimmedDomain.value;
    names_refuseControlCharacters(Inputs.Username, user);
    names_refuseControlCharacters(Inputs.IdentityDomain, domain);
    const format = `'${namespace}/<user>', or '${namespace}/<identity-domain>/<user>'`;
    if (user === '') {
        throw new InputError(Inputs.Username, 'username is empty', {
            fix: `Set username to your OCI user name (e.g. 'jdoe@acme.com'); it is sent as ${format}.`
        });
    }
    // Basic authentication sends `<username>:<token>`; the registry splits at the first ':'.
    for (const [input, value] of [
        [Inputs.Username, user],
        [Inputs.IdentityDomain, domain]
    ]) {
        if (value.includes(':')) {
            throw new InputError(input, `${input} contains ':', which no OCI user name has`, {
                fix: `Write ${input} without ':': the login sends '<username>:<auth-token>', so a ':' would move the rest of the name into the token.`
            });
        }
    }
    if (domain.includes('/')) {
        throw new InputError(Inputs.IdentityDomain, `identity-domain '${domain}' contains '/'`, {
            fix: `Write only the domain name, e.g. '${IDCS_DOMAIN}' or 'Default'; it is placed between namespace and user name.`
        });
    }
    const first = user.split('/', 1)[0];
    if (user.includes('/') && first !== namespace && first.toLowerCase() === namespace) {
        throw new InputError(Inputs.Username, `username starts with '${first}/', the namespace in the wrong case`, {
            fix: `Namespaces are lower case: write username: '${namespace}${user.slice(first.length)}' or just the user name after it.`
        });
    }
    const alreadyQualified = user.startsWith(`${namespace}/`);
    const userPart = alreadyQualified ? user.slice(namespace.length + 1) : user;
    if (alreadyQualified && userPart === '') {
        throw new InputError(Inputs.Username, `username '${user}' has no user after the namespace`, {
            fix: `Write username as ${format}, or just the user name.`
        });
    }
    if (alreadyQualified && userPart.startsWith(`${namespace}/`)) {
        throw new InputError(Inputs.Username, `username '${user}' is qualified twice`, {
            fix: `Write username: '${userPart}' (the namespace once), or just the user name.`
        });
    }
    const domainPresent = domain === '' || userPart.startsWith(`${domain}/`);
    if (alreadyQualified && !domainPresent) {
        throw new InputError(Inputs.Username, `username '${user}' is already qualified but lacks identity-domain '${domain}'`, {
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
    const { value: token, notice } = trimSetting(Inputs.AuthToken, raw);
    const generate = 'Generate one in Console → Profile menu → My profile → Auth tokens, and pass it from a secret';
    if (token === '') {
        throw new InputError(Inputs.AuthToken, 'auth-token is empty', {
            fix: `${generate} (in GitHub Actions: auth-token: \${{ secrets.OCIR_AUTH_TOKEN }}; secrets are empty in workflows started from forks).`
        });
    }
    if (/-----BEGIN [A-Z ]*KEY-----/.test(token)) {
        throw new InputError(Inputs.AuthToken, 'auth-token holds a PEM key (an API signing key)', {
            fix: `OCIR logins take an auth token, not an API key. ${generate}.`
        });
    }
    if (/[\r\n]/.test(token)) {
        throw new InputError(Inputs.AuthToken, 'auth-token spans several lines', {
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
/**
 * The repositories of the `repository` setting (one per line, or separated by commas; a
 * repository name has neither), each checked as `validateRepository` does; none listed twice.
 */
function validateRepositories(raw, namespace) {
    const listed = listedValues(raw);
    const repositories = (listed.length > 0 ? listed : [raw]).map(value => validateRepository(value, namespace));
    refuseRepeats(Inputs.Repository, repositories, 'repository');
    return repositories;
}
function validateRepository(raw, namespace) {
    const repository = raw.trim();
    refuseControlCharacters(Inputs.Repository, repository);
    if (repository === '') {
        throw new InputError(Inputs.Repository, 'repository is empty', {
            fix: "Set repository to the path under the namespace, e.g. 'project/app', or leave it unset to use the image's name."
        });
    }
    const found = REPOSITORY_PROBLEMS.find(p => p.test(repository, namespace));
    if (!found && REPOSITORY_PATTERN.test(repository)) {
        if (repository.length > MAX_REPOSITORY_LENGTH) {
            throw new InputError(Inputs.Repository, `repository is ${repository.length} characters long`, {
                fix: `Use a repository name of at most ${MAX_REPOSITORY_LENGTH} characters.`
            });
        }
        return repository;
    }
    const suggestion = suggestRepository(repository, namespace);
    throw new InputError(Inputs.Repository, `repository '${repository}' ${found?.problem ?? `is not a repository name: ${REPOSITORY_GRAMMAR}`}`, {
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
    refuseControlCharacters(Inputs.Image, reference);
    if (IMAGE_ID.test(reference)) {
        throw new InputError(Inputs.Repository, 'repository is required when image is an image ID', {
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
        throw new InputError(Inputs.Repository, `no repository name can be derived from image '${reference}'`, {
            fix: `Set repository to the path under the namespace, e.g. '${suggestion || 'project/app'}'.`
        });
    }
    return repository;
}
/** A tag as the registry accepts it; the fix shows the nearest valid tag. */
function validateTag(tag) {
    if (TAG_PATTERN.test(tag))
        return tag;
    refuseControlCharacters(Inputs.Tags, tag);
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

// EXTERNAL MODULE: ./src/common/text.ts
var common_text = __nccwpck_require__(450);
;// CONCATENATED MODULE: ./src/ocir/diagnose.ts



const NO_DOCKER_NEEDED = "An image given as 'oci:<dir>' (OCI layout) or 'docker-archive:<file>' (docker save) is pushed without Docker.";
const diagnose_FIND_NAMESPACE = "Console → Profile menu → Tenancy → Object Storage namespace, or 'oci os ns get'";
const AUTH_TOKEN_HOW = 'Console → Profile menu → My profile → Auth tokens → Generate token; the console password does not work here';
const PROGRESS_LINE = /^([0-9a-f]{12}: (Preparing|Waiting|Pushing|Pushed|Layer already exists|Retrying in .*|Mounted from .*)|The push refers to repository .*)$/;
function saying(pattern) {
    return facts => pattern.exec(facts.text);
}
/** Node's error code of a request without an answer, else the other side's words. */
function networkCodeOrText(codes, pattern) {
    return facts => (facts.networkCode !== undefined && codes.test(facts.networkCode)) || pattern.exec(facts.text);
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
    return context.hostInput ?? constants/* Inputs */.G0.Region;
}
function retried(context) {
    return context.attempts && context.attempts > 1 ? ` after ${context.attempts} attempts` : '';
}
/** Ordered: the first rule that matches decides. Specific OCIR wording comes before codes. */
const RULES = [
    {
        name: 'docker-not-installed',
        matches: facts => facts.dockerReason === 'not-installed' ||
            facts.spawnErrorCode === 'ENOENT' ||
            /docker: (command )?not found|executable file not found/i.test(facts.text),
        diagnose: () => ({
            message: "Docker is not installed: no 'docker' executable on PATH",
            fix: `Install Docker (the client and a running engine) on this machine. ${NO_DOCKER_NEEDED}`
        })
    },
    {
        name: 'docker-not-startable',
        matches: facts => facts.spawnErrorCode !== undefined,
        diagnose: facts => ({
            message: `Docker could not be started (${facts.spawnErrorCode})`,
            fix: `Check that the docker executable can be run by this user. ${NO_DOCKER_NEEDED}`
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
        matches: facts => facts.dockerReason === 'daemon-unreachable' ||
            /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|dial unix \S+: connect: (no such file or directory|connection refused)/i.test(facts.text),
        diagnose: facts => ({
            message: facts.dockerHost
                ? `Docker is installed but its engine is not running at ${facts.dockerHost} (DOCKER_HOST)`
                : 'Docker is installed but its engine is not running (or not where DOCKER_HOST points)',
            fix: `Start the Docker engine (e.g. 'sudo systemctl start docker', or Docker Desktop), or set DOCKER_HOST to a running one. ${NO_DOCKER_NEEDED}`
        })
    },
    {
        name: 'docker-no-digest',
        matches: facts => facts.dockerReason === 'no-digest',
        diagnose: () => ({
            message: 'docker push finished without reporting the digest it pushed',
            fix: "Check that the Docker client and engine are a supported version ('docker version')."
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
                input: constants/* Inputs */.G0.Image,
                message: `the image ${image ? `'${image}' ` : ''}is not in the local Docker engine`,
                fix: "Build or pull the image in an earlier step (on the same machine), and check its name and tag with 'docker images'."
            };
        }
    },
    {
        name: 'invalid-reference',
        matches: saying(/invalid reference format/i),
        diagnose: () => ({
            input: constants/* Inputs */.G0.Image,
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
                input: fromUsername ? constants/* Inputs */.G0.Username : constants/* Inputs */.G0.Namespace,
                message: `no tenancy has the namespace '${named}'${fromUsername ? ' (from the username)' : ''}`,
                fix: `Use the tenancy's Object Storage namespace (${diagnose_FIND_NAMESPACE}), not the tenancy name; it is lower case, like 'axaxnpcrorw5'.${fromUsername ? ` Write username as ${usernameFormats(context)}, or just the user name.` : ''}`
            };
        }
    },
    {
        name: 'anonymous',
        matches: saying(/Anonymous users are only allowed read access|anonymous access is not allowed/i),
        diagnose: ({ context, doing }) => ({
            input: constants/* Inputs */.G0.AuthToken,
            message: `${doing} failed: the registry took the request as anonymous, so the credentials were not accepted or not sent`,
            fix: `Use an auth token (${AUTH_TOKEN_HOW}), username ${usernameFormats(context)}, and log in to exactly '${context.host}', the host in the image reference.`
        })
    },
    {
        name: 'iam-denied',
        matches: saying(/cannot (\w+) on resource (\S+)/i),
        diagnose: ({ context, doing }, match) => ({
            input: constants/* Inputs */.G0.Repository,
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
                    input: constants/* Inputs */.G0.Username,
                    message: `${doing} failed: username '${context.username}' does not start with the namespace '${context.namespace}/'`,
                    fix: `Write username as ${usernameFormats(context)}.`
                }
                : {
                    input: constants/* Inputs */.G0.AuthToken,
                    message: `${doing} failed: the registry did not accept ${context.username ? `username '${context.username}'` : 'the username'} with this auth token`,
                    fix: `Check that auth-token is an auth token of that user (${AUTH_TOKEN_HOW}; a deleted token stops working), and that the username is ${usernameFormats(context)}.`
                };
        }
    },
    {
        name: 'name-unknown',
        matches: codeOrText(['NAME_UNKNOWN'], /name unknown|repository name not known/i),
        diagnose: ({ context, doing }) => ({
            input: constants/* Inputs */.G0.Repository,
            message: `${doing} failed: repository '${repositoryPath(context)}' does not exist and was not created by the push`,
            fix: `Create it (Console → Developer Services → Container Registry → Create repository) in the compartment you want, or let the tenancy create repositories on first push (root compartment only). ${denyFix(context)}`
        })
    },
    {
        name: 'denied',
        matches: facts => facts.status === 403 || facts.codes.includes('DENIED') || /\bdenied\b/i.test(facts.text),
        diagnose: ({ context, doing }) => ({
            input: constants/* Inputs */.G0.Repository,
            message: `${doing} failed: the user may not push to '${repositoryPath(context)}'`,
            fix: denyFix(context)
        })
    },
    {
        // Go's net/http (docker-registry, most registries) answers plain HTTP on a TLS port so.
        name: 'https-only',
        matches: saying(/Client sent an HTTP request to an HTTPS server/i),
        diagnose: ({ context }) => ({
            input: constants/* Inputs */.G0.Registry,
            message: `'${context.host}' speaks HTTPS, not plain HTTP`,
            fix: `Write registry: 'https://${context.host}': a loopback host (127.0.0.1, localhost) is spoken to in plain HTTP unless registry says https://.`
        })
    },
    {
        name: 'name-invalid',
        matches: codeOrText(['NAME_INVALID'], /name invalid|invalid repository name/i),
        diagnose: ({ context }) => ({
            input: constants/* Inputs */.G0.Repository,
            message: `the registry refused the repository name '${repositoryPath(context)}'`,
            fix: "Use lower-case path components of letters and digits, separated by '.', '_' or '-', e.g. 'project/app'."
        })
    },
    {
        name: 'tag-invalid',
        matches: codeOrText(['TAG_INVALID'], /tag invalid/i),
        diagnose: () => ({
            input: constants/* Inputs */.G0.Tags,
            message: 'the registry refused a tag',
            fix: "Tags are 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'; change the tag rule."
        })
    },
    {
        name: 'manifest-invalid',
        matches: codeOrText(['MANIFEST_INVALID', 'MANIFEST_BLOB_UNKNOWN'], /manifest invalid|manifest blob unknown/i),
        diagnose: ({ doing }) => ({
            input: constants/* Inputs */.G0.Image,
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
        matches: networkCodeOrText(/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME)$/, /no such host|Temporary failure in name resolution|server misbehaving/i),
        diagnose: ({ context }) => ({
            input: hostInput(context),
            message: `the registry host '${context.host}' cannot be resolved (DNS)`,
            fix: hostInput(context) === constants/* Inputs */.G0.Registry
                ? `Check registry for typos (e.g. 'fra.ocir.io'), and that this machine has DNS and network access.`
                : `Check region and that this machine can resolve public names (DNS, proxy); the host is derived from region.`
        })
    },
    {
        name: 'untrusted-certificate',
        matches: facts => facts.certificate !== undefined,
        diagnose: ({ context, certificate }) => certificateDiagnosis(context, certificate)
    },
    {
        name: 'plain-http',
        matches: networkCodeOrText(/^ERR_SSL_WRONG_VERSION_NUMBER$/, /server gave HTTP response to HTTPS client|wrong version number/i),
        diagnose: ({ context }) => ({
            input: constants/* Inputs */.G0.Registry,
            message: `'${context.host}' speaks plain HTTP, not HTTPS`,
            fix: `Use the registry's HTTPS host. One that speaks only plain HTTP needs registry: 'http://${context.host}' (loopback hosts, 127.0.0.1 and localhost, get plain HTTP unless registry says https://); the credentials then travel in clear text.`
        })
    },
    {
        name: 'tls',
        matches: networkCodeOrText(/CERT|^ERR_TLS|^ERR_SSL|SELF_SIGNED|^UNABLE_TO_|^EPROTO$/, /x509:|tls: |certificate/i),
        diagnose: ({ context }) => ({
            input: hostInput(context),
            message: `the TLS connection to '${context.host}' failed (the certificate was not trusted or did not match)`,
            fix: `Check the host name in ${hostInput(context)}. Behind a TLS-inspecting proxy, add its CA: NODE_EXTRA_CA_CERTS=<ca.pem> for this tool, and /etc/docker/certs.d/${context.host}/ca.crt for Docker.`
        })
    },
    {
        name: 'refused',
        matches: networkCodeOrText(/^ECONNREFUSED$/, /connection refused/i),
        diagnose: ({ context }) => ({
            input: hostInput(context),
            message: `nothing accepts connections at '${context.host}'`,
            fix: `Check the host and port in ${hostInput(context)}, and any proxy or firewall between this machine and the registry.`
        })
    },
    {
        name: 'timeout',
        matches: facts => facts.stalled === true ||
            networkCodeOrText(/^(ETIMEDOUT|UND_ERR_\w*TIMEOUT)$/, /i\/o timeout|Client\.Timeout exceeded|TLS handshake timeout|context deadline exceeded/i)(facts),
        diagnose: ({ context }) => ({
            message: `the registry '${context.host}' did not answer in time${retried(context)}`,
            fix: 'Check the network path to the registry (proxy settings HTTPS_PROXY/NO_PROXY, firewall), then run again.'
        })
    },
    {
        name: 'unreachable',
        matches: networkCodeOrText(/^(EHOSTUNREACH|ENETUNREACH)$/, /network is unreachable|no route to host/i),
        diagnose: ({ context }) => ({
            message: `this machine has no network route to '${context.host}'`,
            fix: 'Check the network access of this machine (proxy HTTPS_PROXY, firewall, VPN).'
        })
    },
    {
        name: 'connection-cut',
        matches: networkCodeOrText(/^(ECONNRESET|EPIPE|ECONNABORTED|UND_ERR_SOCKET)$/, /connection reset|broken pipe|unexpected EOF|socket hang up|other side closed/i),
        diagnose: ({ context }) => ({
            message: `the connection to '${context.host}' was cut${retried(context)}`,
            fix: 'Run again; if it repeats, check for a proxy or firewall that drops long uploads.'
        })
    }
];
function denyFix(context) {
    return `Grant the user's group an IAM policy such as 'Allow group <group> to manage repos in compartment <compartment>' ('use repos' is enough to push to an existing repository). A push can create a missing repository only in the root compartment, and only if the user may manage repos in the tenancy; otherwise create '${repositoryPath(context)}' first in the right compartment.`;
}
const CERTIFICATE_WORDS = {
    'unknown-issuer': 'it is signed by a certificate authority this machine does not trust',
    'self-signed': 'it is self-signed, and this machine does not trust it',
    expired: 'it has expired',
    'not-yet-valid': 'it is not valid yet',
    'wrong-host': 'it is not made out to that host name',
    revoked: 'it has been revoked',
    invalid: 'it does not pass verification'
};
function certificateDiagnosis(context, refused) {
    const { host, problem, code } = refused;
    const message = `the certificate of '${host}' is not trusted: ${CERTIFICATE_WORDS[problem]} (${code})`;
    switch (problem) {
        case 'unknown-issuer':
        case 'self-signed':
            return {
                message,
                fix: `If '${host}' uses a private CA (or a TLS-inspecting proxy sits in between), make this tool trust that CA: set NODE_EXTRA_CA_CERTS=<path to the CA's PEM> (for a self-signed certificate, the certificate itself) in the environment it starts with (in a workflow, the step's env), or add the CA to the runner's trust store and set NODE_OPTIONS=--use-openssl-ca (Node reads that store only then). Docker's engine (for images in it, and later pulls) reads /etc/docker/certs.d/${host}/ca.crt instead. Never turn verification off.`
            };
        case 'wrong-host':
            return {
                input: hostInput(context),
                message,
                fix: `Use a host name the certificate is made out to in ${hostInput(context)} (OCIR's are '<key>.ocir.io' and 'ocir.<region>.oci.<realm domain>'); behind a TLS-inspecting proxy, its certificate must name '${host}' too.`
            };
        case 'expired':
        case 'not-yet-valid':
            return {
                message,
                fix: `Check this machine's clock ('date -u'); if it is right, whoever runs '${host}' must renew its certificate.`
            };
        case 'revoked':
        case 'invalid':
            return {
                message,
                fix: `Whoever runs '${host}' must replace its certificate; behind a TLS-inspecting proxy, check the certificate the proxy presents.`
            };
    }
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
/** `text` with every form of every secret in `context` replaced by `***`. */
function redactSecrets(text, context) {
    return (0,common_text/* withoutSecrets */.cT)(text, context.secrets ?? [], context.username);
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
function diagnose_diagnoseRegistryFailure(failure) {
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
        spawnErrorCode: failure.spawnErrorCode,
        dockerReason: failure.reason,
        dockerHost: failure.dockerHost
    };
    const { message, ...details } = finish(decide(facts, unrecognised(facts)), words, failure);
    return new errors/* DockerError */.Bi(message, details);
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
/** The first Node error code in the cause chain; a `TimeoutError` (AbortSignal.timeout) is a stall. */
function networkFacts(error) {
    const facts = {};
    const seen = new Set();
    for (let current = error; typeof current === 'object' && current !== null && !seen.has(current);) {
        seen.add(current);
        const { code, name, cause } = current;
        if (typeof code === 'string')
            facts.code ??= code;
        if (name === 'TimeoutError')
            facts.stalled = true;
        current = cause;
    }
    return facts;
}
/** What a request that got no HTTP answer at all (DNS, refused, TLS, reset, timeout) means. */
function diagnose_diagnoseNetworkError(error, host, context = {}, network = networkFacts(error)) {
    const full = { ...context, host };
    const words = redactSecrets([...new Set(errorChain(error))].join(': '), full);
    const facts = {
        context: full,
        doing: `Connecting to ${host}`,
        text: words,
        codes: [],
        networkCode: network.code,
        stalled: network.stalled,
        certificate: network.certificate
    };
    const diagnosis = decide(facts, {
        input: hostInput(full),
        message: `the registry '${host}' could not be reached`,
        fix: `Check ${hostInput(full)} and the network access of this machine (proxy HTTPS_PROXY, firewall).`
    });
    const { message, ...details } = finish(diagnosis, words, full);
    return new RegistryError(message, { ...details, cause: error });
}

;// CONCATENATED MODULE: ./src/ocir/index.ts






;// CONCATENATED MODULE: ./src/registry/errors.ts

/** A request the registry side failed: it needs OCIR's wording, given above the registry layer. */
class errors_RegistryRequestError extends Error {
    phase;
    repository;
    method;
    url;
    /** How many attempts were made, retries included; set when the retry loop gives up. */
    attempts = 1;
    constructor(message, facts, cause) {
        super(message, cause === undefined ? undefined : { cause });
        this.name = new.target.name;
        this.phase = facts.phase;
        this.repository = facts.repository;
        this.method = facts.method;
        this.url = facts.url;
    }
}
const MAX_MESSAGE = 2000;
/** The registry answered with a status the request does not accept. */
class errors_RegistryResponseError extends errors_RegistryRequestError {
    status;
    errors;
    /** The registry's own words (the body as text), bounded. */
    body;
    retryAfterMs;
    constructor(facts, answer) {
        super(`${facts.method} ${facts.url}: HTTP ${answer.status}`, facts);
        this.status = answer.status;
        this.body = answer.body.slice(0, MAX_MESSAGE);
        this.errors = distributionErrors(answer.body);
        this.retryAfterMs = answer.retryAfterMs;
    }
    /** 5xx and 429: the registry may answer differently in a moment. */
    get transient() {
        return this.status >= 500 || this.status === 429;
    }
}
/** A Bearer token lapsed under a streamed upload: the upload resumes with a new one. */
class ExpiredTokenError extends errors_RegistryResponseError {
    constructor(facts) {
        super(facts, { status: 401, body: '' });
    }
    get transient() {
        return true;
    }
}
/**
 * No answer: refused, reset, DNS, or a TLS failure other than a refused certificate. `code` is
 * Node's (`ECONNREFUSED`, …).
 */
class errors_RegistryNetworkError extends errors_RegistryRequestError {
    code;
    constructor(facts, cause) {
        const code = nodeErrorCode(cause);
        super(`${facts.method} ${facts.url}: ${describeCause(cause)}`, facts, cause);
        this.code = code;
    }
}
/** Node's TLS error codes (OpenSSL's X509_V_ERR_* names, and Node's own host check) by problem. */
const CERTIFICATE_CODES = {
    UNABLE_TO_GET_ISSUER_CERT: 'unknown-issuer',
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown-issuer',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown-issuer',
    SELF_SIGNED_CERT_IN_CHAIN: 'unknown-issuer',
    CERT_UNTRUSTED: 'unknown-issuer',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
    CERT_HAS_EXPIRED: 'expired',
    CERT_NOT_YET_VALID: 'not-yet-valid',
    ERR_TLS_CERT_ALTNAME_INVALID: 'wrong-host',
    HOSTNAME_MISMATCH: 'wrong-host',
    CERT_REVOKED: 'revoked',
    CERT_SIGNATURE_FAILURE: 'invalid',
    CERT_REJECTED: 'invalid',
    INVALID_CA: 'invalid',
    INVALID_PURPOSE: 'invalid',
    PATH_LENGTH_EXCEEDED: 'invalid',
    CERT_CHAIN_TOO_LONG: 'invalid',
    ERROR_IN_CERT_NOT_BEFORE_FIELD: 'invalid',
    ERROR_IN_CERT_NOT_AFTER_FIELD: 'invalid',
    UNABLE_TO_DECRYPT_CERT_SIGNATURE: 'invalid',
    UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: 'invalid'
};
/** The certificate problem a Node error code names; undefined for any other failure. */
function certificateProblem(code) {
    return code !== undefined && Object.hasOwn(CERTIFICATE_CODES, code)
        ? CERTIFICATE_CODES[code]
        : undefined;
}
/**
 * The TLS handshake refused the server's certificate (chosen by Node's error code, see
 * `certificateProblem`). Never retried: the same certificate is refused again.
 */
class errors_UntrustedCertificateError extends errors_RegistryRequestError {
    code;
    problem;
    /** `host[:port]` whose certificate was refused: the registry, or its token realm. */
    host;
    constructor(facts, code, problem, cause) {
        const host = new URL(facts.url).host;
        // Node's own words ("unable to verify the first certificate") stay in the cause.
        super(`${facts.method} ${facts.url}: the certificate of ${host} was refused (${code})`, facts, cause);
        this.code = code;
        this.problem = problem;
        this.host = host;
    }
}
/**
 * The socket moved no byte either way for the stall timeout, headers or body alike; or a small
 * answer (a token, an error body) trickled in and was not whole within it.
 */
class errors_StalledRequestError extends errors_RegistryRequestError {
    stallTimeoutMs;
    constructor(facts, stallTimeoutMs, trickled = false) {
        super(`${facts.method} ${facts.url}: ${trickled ? 'the answer was not whole after' : 'no byte moved for'} ${stallTimeoutMs} ms`, facts);
        this.stallTimeoutMs = stallTimeoutMs;
    }
}
/** The registry's answer is larger than any answer of its kind may be. */
class ResponseTooLargeError extends errors/* RegistryError */.gl {
    facts;
    limit;
    constructor(facts, limit) {
        super(`${facts.method} ${facts.url}: the answer is larger than ${limit} bytes`, {
            fix: 'The host does not answer like a distribution registry; check the registry host (and any proxy in between).'
        });
        this.facts = facts;
        this.limit = limit;
    }
}
/** The registry broke the distribution protocol: no Location, no realm, no token. */
class RegistryProtocolError extends errors/* RegistryError */.gl {
    facts;
    constructor(facts, message) {
        super(message, {
            fix: 'The host does not follow the OCI distribution protocol; check the registry host.'
        });
        this.facts = facts;
    }
}
/** A Location or redirect would move the exchange from https to plain http. */
class InsecureRedirectError extends errors/* RegistryError */.gl {
    facts;
    constructor(facts, target) {
        super(`${facts.method} ${facts.url}: refused to follow a redirect to plain http (${target})`, {
            fix: 'The registry (or a proxy) sent the client from HTTPS to plain HTTP; nothing was sent there. Check the registry host.'
        });
        this.facts = facts;
    }
}
/** Redirect after redirect: the registry (or a proxy) sends the request round in a loop. */
class RedirectLoopError extends errors/* RegistryError */.gl {
    facts;
    constructor(facts, hops) {
        super(`${facts.method} ${facts.url}: redirect loop (more than ${hops} redirects)`, {
            fix: 'The registry (or a proxy in between) keeps redirecting the request; check the registry host and the proxy settings.'
        });
        this.facts = facts;
    }
}
/** A Location to something other than http(s) (`file:`, `ftp:`): no registry sends one. */
class UnsupportedLocationError extends errors/* RegistryError */.gl {
    facts;
    constructor(facts, protocol) {
        super(`${facts.method} ${facts.url}: refused to follow a Location to a '${protocol}' URL`, {
            fix: 'The host sent the client to a URL that is not HTTP(S); nothing was read or sent there. Check the registry host.'
        });
        this.facts = facts;
    }
}
/** The answer's header block is larger than Node accepts (`HPE_HEADER_OVERFLOW`). */
class ResponseHeadersTooLargeError extends errors/* RegistryError */.gl {
    facts;
    constructor(facts) {
        super(`${facts.method} ${facts.url}: the answer's headers are larger than HTTP clients accept`, {
            fix: 'The host does not answer like a distribution registry; check the registry host (and any proxy in between).'
        });
        this.facts = facts;
    }
}
/**
 * The Bearer challenge of an HTTPS registry names a token realm without TLS: the credentials
 * would go there in clear text.
 */
class InsecureRealmError extends errors/* RegistryError */.gl {
    constructor(realm) {
        super(`Signing in: refused to send the credentials to the token realm ${realm.origin}${realm.pathname}, which is not HTTPS`, {
            fix: "The registry (or a proxy in between) named a plain-http token endpoint for an HTTPS registry; nothing was sent there. Check the registry host and any proxy; OCIR's realm is https://<host>/20180419/docker/token."
        });
    }
}
/**
 * The token realm sent the token request on to another origin: the credentials never go there,
 * so whatever it answers is no token for them.
 */
class RealmRedirectError extends errors/* RegistryError */.gl {
    constructor(realm, target) {
        super(`Signing in: the token realm ${realm.origin}${realm.pathname} redirected to ${target.origin}${target.pathname}, where the credentials are not sent`, {
            fix: "The token endpoint (or a proxy in between) sends token requests to another host; no credentials went there. Check the registry host and any proxy; OCIR's realm is https://<host>/20180419/docker/token."
        });
    }
}
/** The source's bytes are not the blob its digest names: retrying cannot help. */
class UploadContentError extends (/* unused pure expression or super */ null && (RegistryError)) {
}
function distributionErrors(body) {
    try {
        const parsed = JSON.parse(body);
        if (!Array.isArray(parsed.errors))
            return [];
        return parsed.errors.map(error => ({
            code: typeof error.code === 'string' ? error.code.toUpperCase() : '',
            message: typeof error.message === 'string' ? error.message : ''
        }));
    }
    catch {
        return [];
    }
}
function nodeErrorCode(error) {
    const code = error?.code;
    return typeof code === 'string' ? code : undefined;
}
function describeCause(error) {
    return error instanceof Error ? error.message : String(error);
}

;// CONCATENATED MODULE: ./src/engine/partial-push.ts

/** Some tags exist, one or more failed: the caller must report both. */
class partial_push_PartialPushError extends errors/* RegistryError */.gl {
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
/**
 * What a failure means for the user: a registry request's typed error or a failed docker
 * command becomes the diagnosed `OcirPushError`; anything else (already diagnosed, an abort)
 * is returned as it is. OCI's own failures (`src/oci/errors.ts`: clock skew with the skew,
 * NotAuthorizedOrNotFound with the policy statement, the key's checks) are typed by cause and
 * carry their fix and input from where they are thrown, so they pass unchanged.
 */
function explainFailure(error, context) {
    if (error instanceof DockerCommandError)
        return diagnosis(error, context);
    if (error instanceof RegistryRequestError)
        return explainRequest(error, context);
    // Tags that were pushed before one failed: the report keeps them, the failure gets its words.
    if (error instanceof PartialPushError && error.failure.cause instanceof RegistryRequestError) {
        const failure = explainRequest(error.failure.cause, context);
        return new PartialPushError(error.digest, error.pushed, failure);
    }
    return error;
}
function explainRequest(error, context) {
    const facts = {
        ...context,
        ...repositoryOf(error.repository),
        attempts: error.attempts
    };
    if (error instanceof RegistryResponseError) {
        return diagnoseRegistryFailure({
            ...facts,
            phase: error.phase,
            status: error.status,
            message: error.body
        });
    }
    const { host, ...rest } = facts;
    return diagnoseNetworkError(error, host, rest, {
        ...(error instanceof RegistryNetworkError && error.code ? { code: error.code } : {}),
        ...(error instanceof UntrustedCertificateError
            ? {
                code: error.code,
                certificate: { host: error.host, problem: error.problem, code: error.code }
            }
            : {}),
        stalled: error instanceof StalledRequestError
    });
}
/** A request's `<namespace>/<repo>` path, as the diagnosis names it. */
function repositoryOf(path) {
    if (!path)
        return {};
    const [namespace, ...rest] = path.split('/');
    return rest.length > 0 ? { namespace, repository: rest.join('/') } : { repository: path };
}
/** Runs docker commands or registry requests, explaining a failure (see `explainFailure`). */
async function diagnosed(context, operation) {
    try {
        return await operation();
    }
    catch (error) {
        throw explainFailure(error, context);
    }
}
function diagnosis(error, context) {
    return diagnoseDockerFailure({
        ...context,
        command: error.command,
        stderr: error.stderr,
        reason: error.reason,
        ...(error.dockerHost ? { dockerHost: error.dockerHost } : {}),
        ...(error.exitCode === undefined ? {} : { exitCode: error.exitCode }),
        ...(error.spawnErrorCode ? { spawnErrorCode: error.spawnErrorCode } : {})
    });
}


/***/ }),

/***/ 661:
/***/ ((module, __webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__nccwpck_require__.r(__webpack_exports__);
/* harmony import */ var _action_post_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(379);

// The post step always runs to its end: it is what removes the credentials.
await (0,_action_post_js__WEBPACK_IMPORTED_MODULE_0__/* .runPost */ .a)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 421:
/***/ ((module) => {

module.exports = require("node:child_process");

/***/ })

/******/ 	});
/************************************************************************/
/******/ 	// The module cache
/******/ 	var __webpack_module_cache__ = {};
/******/ 	
/******/ 	// The require function
/******/ 	function __nccwpck_require__(moduleId) {
/******/ 		// Check if module is in cache
/******/ 		var cachedModule = __webpack_module_cache__[moduleId];
/******/ 		if (cachedModule !== undefined) {
/******/ 			return cachedModule.exports;
/******/ 		}
/******/ 		// Create a new module (and put it into the cache)
/******/ 		var module = __webpack_module_cache__[moduleId] = {
/******/ 			// no module.id needed
/******/ 			// no module.loaded needed
/******/ 			exports: {}
/******/ 		};
/******/ 	
/******/ 		// Execute the module function
/******/ 		var threw = true;
/******/ 		try {
/******/ 			__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 			threw = false;
/******/ 		} finally {
/******/ 			if(threw) delete __webpack_module_cache__[moduleId];
/******/ 		}
/******/ 	
/******/ 		// Return the exports of the module
/******/ 		return module.exports;
/******/ 	}
/******/ 	
/************************************************************************/
/******/ 	/* webpack/runtime/asset-relocator-loader */
/******/ 	if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = __dirname + "/";
/******/ 	
/******/ 	/* webpack/runtime/async module */
/******/ 	(() => {
/******/ 		var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 		var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 		var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 		var resolveQueue = (queue) => {
/******/ 			if(queue && queue.d < 1) {
/******/ 				queue.d = 1;
/******/ 				queue.forEach((fn) => (fn.r--));
/******/ 				queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 			}
/******/ 		}
/******/ 		var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 			if(dep !== null && typeof dep === "object") {
/******/ 				if(dep[webpackQueues]) return dep;
/******/ 				if(dep.then) {
/******/ 					var queue = [];
/******/ 					queue.d = 0;
/******/ 					dep.then((r) => {
/******/ 						obj[webpackExports] = r;
/******/ 						resolveQueue(queue);
/******/ 					}, (e) => {
/******/ 						obj[webpackError] = e;
/******/ 						resolveQueue(queue);
/******/ 					});
/******/ 					var obj = {};
/******/ 					obj[webpackQueues] = (fn) => (fn(queue));
/******/ 					return obj;
/******/ 				}
/******/ 			}
/******/ 			var ret = {};
/******/ 			ret[webpackQueues] = x => {};
/******/ 			ret[webpackExports] = dep;
/******/ 			return ret;
/******/ 		}));
/******/ 		__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 			var queue;
/******/ 			hasAwait && ((queue = []).d = -1);
/******/ 			var depQueues = new Set();
/******/ 			var exports = module.exports;
/******/ 			var currentDeps;
/******/ 			var outerResolve;
/******/ 			var reject;
/******/ 			var promise = new Promise((resolve, rej) => {
/******/ 				reject = rej;
/******/ 				outerResolve = resolve;
/******/ 			});
/******/ 			promise[webpackExports] = exports;
/******/ 			promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 			module.exports = promise;
/******/ 			body((deps) => {
/******/ 				currentDeps = wrapDeps(deps);
/******/ 				var fn;
/******/ 				var getResult = () => (currentDeps.map((d) => {
/******/ 					if(d[webpackError]) throw d[webpackError];
/******/ 					return d[webpackExports];
/******/ 				}))
/******/ 				var promise = new Promise((resolve) => {
/******/ 					fn = () => (resolve(getResult));
/******/ 					fn.r = 0;
/******/ 					var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 					currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 				});
/******/ 				return fn.r ? promise : getResult();
/******/ 			}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 			queue && queue.d < 0 && (queue.d = 0);
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/create fake namespace object */
/******/ 	(() => {
/******/ 		var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 		var leafPrototypes;
/******/ 		// create a fake namespace object
/******/ 		// mode & 1: value is a module id, require it
/******/ 		// mode & 2: merge all properties of value into the ns
/******/ 		// mode & 4: return value when already ns object
/******/ 		// mode & 16: return value when it's Promise-like
/******/ 		// mode & 8|1: behave like require
/******/ 		__nccwpck_require__.t = function(value, mode) {
/******/ 			if(mode & 1) value = this(value);
/******/ 			if(mode & 8) return value;
/******/ 			if(typeof value === 'object' && value) {
/******/ 				if((mode & 4) && value.__esModule) return value;
/******/ 				if((mode & 16) && typeof value.then === 'function') return value;
/******/ 			}
/******/ 			var ns = Object.create(null);
/******/ 			__nccwpck_require__.r(ns);
/******/ 			var def = {};
/******/ 			leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 			for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 				Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 			}
/******/ 			def['default'] = () => (value);
/******/ 			__nccwpck_require__.d(ns, def);
/******/ 			return ns;
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/define property getters */
/******/ 	(() => {
/******/ 		// define getter functions for harmony exports
/******/ 		__nccwpck_require__.d = (exports, definition) => {
/******/ 			for(var key in definition) {
/******/ 				if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 					Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 				}
/******/ 			}
/******/ 		};
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/hasOwnProperty shorthand */
/******/ 	(() => {
/******/ 		__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ 	})();
/******/ 	
/******/ 	/* webpack/runtime/make namespace object */
/******/ 	(() => {
/******/ 		// define __esModule on exports
/******/ 		__nccwpck_require__.r = (exports) => {
/******/ 			if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 				Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 			}
/******/ 			Object.defineProperty(exports, '__esModule', { value: true });
/******/ 		};
/******/ 	})();
/******/ 	
/************************************************************************/
/******/ 	
/******/ 	// startup
/******/ 	// Load entry module and return exports
/******/ 	// This entry module used 'module' so it can't be inlined
/******/ 	var __webpack_exports__ = __nccwpck_require__(661);
/******/ 	module.exports = __webpack_exports__;
/******/ 	
/******/ })()
;