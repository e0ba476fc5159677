// The API signing key users already have in CI (OCI_CLI_KEY_CONTENT and friends), checked
// before anything is sent: a key that cannot sign or does not match its fingerprint fails
// here with the setting to fix, not later as OCI's anonymous 401.
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import type { OciPrincipal } from './client.js'
import { OciError } from './errors.js'
import { apiKeyId, createRequestSigner } from './signer.js'
import type { RequestSigner } from './signer.js'

export interface ApiKeySettings {
  tenancyOcid: string
  userOcid: string
  /** As OCI shows it: `aa:bb:…` (16 colon-separated hex bytes), any case. */
  fingerprint: string
  /** The PEM text: PKCS#1 (`RSA PRIVATE KEY`) or PKCS#8 (`PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`). */
  privateKeyPem: string
  passphrase?: string
}

export interface ApiKey {
  tenancyOcid: string
  userOcid: string
  /** Normalised: lower-case. */
  fingerprint: string
  keyId: string
  privateKey: KeyObject
  signer: RequestSigner
}

/** An OCID of the wrong kind (often tenancy and user swapped) or no OCID at all. */
export class InvalidOcidError extends OciError {
  constructor(setting: 'tenancy-ocid' | 'user-ocid', expectedPrefix: string) {
    super(`${setting} is not an OCID starting with ${expectedPrefix}`, {
      setting,
      fix:
        `Set ${setting} to the OCID shown in the console (${expectedPrefix}…), ` +
        "as in the API key's configuration file preview."
    })
  }
}

/** The PEM text does not hold a private key Node can read. */
export class UnreadablePrivateKeyError extends OciError {
  constructor(cause: unknown) {
    super('private-key is not a PEM private key', {
      setting: 'private-key',
      fix:
        'Give the whole PEM file of the API signing key, from -----BEGIN to -----END----- ' +
        '(PKCS#1 "RSA PRIVATE KEY" or PKCS#8 "PRIVATE KEY"), not the public key or a path.',
      cause
    })
  }
}

/** OCI API signing keys are RSA keys. */
export class UnsupportedPrivateKeyTypeError extends OciError {
  readonly keyType: string

  constructor(keyType: string) {
    super(`private-key is an ${keyType.toUpperCase()} key; OCI API signing keys are RSA`, {
      setting: 'private-key',
      fix: 'Use the RSA API signing key whose public key is uploaded to the user (Profile → API keys).'
    })
    this.keyType = keyType
  }
}

export class PassphraseRequiredError extends OciError {
  constructor() {
    super('private-key is encrypted and no passphrase was given', {
      setting: 'private-key-passphrase',
      fix: 'Set private-key-passphrase (OCI_CLI_PASSPHRASE) to the passphrase of the key.'
    })
  }
}

export class WrongPassphraseError extends OciError {
  constructor() {
    super('private-key-passphrase does not decrypt private-key', {
      setting: 'private-key-passphrase',
      fix: 'Set private-key-passphrase (OCI_CLI_PASSPHRASE) to the passphrase this key was encrypted with.'
    })
  }
}

/** The fingerprint is not the one of the private key's public half. */
export class FingerprintMismatchError extends OciError {
  readonly expected: string
  readonly actual: string

  constructor(given: string, ofKey: string) {
    super(`fingerprint ${given} is not the fingerprint of private-key (${ofKey})`, {
      setting: 'fingerprint',
      fix:
        `Set fingerprint to ${ofKey} if that key is uploaded to the user (Profile → API keys); ` +
        'otherwise give the private key that belongs to the fingerprint.'
    })
    this.expected = given
    this.actual = ofKey
  }
}

export function loadApiKey(settings: ApiKeySettings): ApiKey {
  requireOcid('tenancy-ocid', settings.tenancyOcid, 'ocid1.tenancy.')
  requireOcid('user-ocid', settings.userOcid, 'ocid1.user.')
  const privateKey = readPrivateKey(settings.privateKeyPem, settings.passphrase)
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw new UnsupportedPrivateKeyTypeError(privateKey.asymmetricKeyType ?? 'unknown')
  }
  const fingerprint = settings.fingerprint.trim().toLowerCase()
  const ofKey = publicKeyFingerprint(privateKey)
  if (fingerprint !== ofKey) throw new FingerprintMismatchError(fingerprint, ofKey)
  const keyId = apiKeyId({
    tenancyOcid: settings.tenancyOcid,
    userOcid: settings.userOcid,
    fingerprint
  })
  return {
    tenancyOcid: settings.tenancyOcid,
    userOcid: settings.userOcid,
    fingerprint,
    keyId,
    privateKey,
    signer: createRequestSigner({ keyId, privateKey })
  }
}

/** The key as a principal: it signs every request the same way, for as long as it is valid. */
export function apiKeyPrincipal(apiKey: ApiKey): OciPrincipal {
  return {
    credential: 'api-key',
    signer: () => Promise.resolve(apiKey.signer),
    tenancyOcid: apiKey.tenancyOcid
  }
}

/** OCI's key fingerprint: MD5 of the DER SubjectPublicKeyInfo, as colon-separated lower-case hex. */
export function publicKeyFingerprint(key: KeyObject): string {
  const der = (key.type === 'public' ? key : createPublicKey(key)).export({
    type: 'spki',
    format: 'der'
  })
  return createHash('md5')
    .update(der)
    .digest('hex')
    .replace(/(..)(?!$)/g, '$1:')
}

function requireOcid(setting: 'tenancy-ocid' | 'user-ocid', value: string, prefix: string): void {
  if (!value.startsWith(prefix)) throw new InvalidOcidError(setting, prefix)
}

function readPrivateKey(pemText: string, passphrase: string | undefined): KeyObject {
  const pem = unescapeNewlines(pemText.trim())
  // Told apart by the PEM text rather than by OpenSSL's error codes, which vary by version.
  const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(pem)
  if (encrypted && !passphrase) throw new PassphraseRequiredError()
  try {
    return createPrivateKey({
      key: pem,
      format: 'pem',
      passphrase: encrypted ? passphrase : undefined
    })
  } catch (error) {
    if (encrypted) throw new WrongPassphraseError()
    throw new UnreadablePrivateKeyError(withoutKeyMaterial(error))
  }
}

/** CI secrets pasted on one line often carry `\n` for each line break. */
function unescapeNewlines(pem: string): string {
  return pem.includes('\n') ? pem : pem.replace(/\\n/g, '\n')
}

/** OpenSSL's message only: nothing of the key travels on in the error's cause. */
function withoutKeyMaterial(error: unknown): Error {
  return new Error(error instanceof Error ? error.message : 'unreadable key')
}
