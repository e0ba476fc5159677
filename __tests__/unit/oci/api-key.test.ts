import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import {
  FingerprintMismatchError,
  InvalidOcidError,
  loadApiKey,
  PassphraseRequiredError,
  publicKeyFingerprint,
  UnreadablePrivateKeyError,
  UnsupportedPrivateKeyTypeError,
  WrongPassphraseError
} from '../../../src/oci/api-key.js'
import type { ApiKeySettings } from '../../../src/oci/api-key.js'
import { OcirPushError } from '../../../src/common/errors.js'

const PASSPHRASE = "p]ss{ph;r)ase'"
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
const encryptedPkcs1 = privateKey
  .export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE })
  .toString()
const encryptedPkcs8 = privateKey
  .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE })
  .toString()
const fingerprint = publicKeyFingerprint(privateKey)

function settings(overrides: Partial<ApiKeySettings>): ApiKeySettings {
  return {
    tenancyOcid: 'ocid1.tenancy.oc1..aaaatenancy',
    userOcid: 'ocid1.user.oc1..aaaauser',
    fingerprint,
    privateKeyPem: pkcs1,
    ...overrides
  }
}

/** The message and fix of an error, where no secret may appear. */
function words(error: unknown): string {
  return error instanceof OcirPushError ? `${error.message}\n${error.fix}` : String(error)
}

function thrown(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}

describe('publicKeyFingerprint', () => {
  it("is OpenSSL's MD5 of the DER public key, as OCI shows it", () => {
    const der = publicKey.export({ type: 'spki', format: 'der' })
    const openssl = execFileSync('openssl', ['md5', '-c'], { input: der }).toString()
    expect(openssl).toContain(fingerprint)
    expect(fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/)
    expect(publicKeyFingerprint(publicKey)).toBe(fingerprint)
  })
})

describe('loadApiKey', () => {
  it.each([
    ['PKCS#1', pkcs1, undefined],
    ['PKCS#8', pkcs8, undefined],
    ['encrypted PKCS#1', encryptedPkcs1, PASSPHRASE],
    ['encrypted PKCS#8', encryptedPkcs8, PASSPHRASE],
    ['PKCS#8 with the console download trailer', `${pkcs8}OCI_API_KEY\n`, undefined],
    ['a one-line secret with \\n escapes', pkcs1.trim().replace(/\n/g, '\\n'), undefined],
    ['a plain key with a passphrase set anyway', pkcs8, PASSPHRASE]
  ])('reads %s', (_name, privateKeyPem, passphrase) => {
    const key = loadApiKey(
      settings({ privateKeyPem, passphrase, fingerprint: fingerprint.toUpperCase() })
    )
    expect(key.fingerprint).toBe(fingerprint)
    expect(key.keyId).toBe(`ocid1.tenancy.oc1..aaaatenancy/ocid1.user.oc1..aaaauser/${fingerprint}`)
    expect(key.privateKey.asymmetricKeyType).toBe('rsa')
    const headers = key.signer({ method: 'GET', url: new URL('https://example.test/n/') })
    expect(headers.authorization).toContain(`keyId="${key.keyId}"`)
  })

  it.each([
    ['encrypted PKCS#1', encryptedPkcs1],
    ['encrypted PKCS#8', encryptedPkcs8]
  ])('asks for the passphrase of an %s key', (_name, privateKeyPem) => {
    for (const passphrase of [undefined, '']) {
      const error = thrown(() => loadApiKey(settings({ privateKeyPem, passphrase })))
      expect(error).toBeInstanceOf(PassphraseRequiredError)
      expect(error).toMatchObject({ setting: 'private-key-passphrase' })
    }
  })

  it.each([
    ['encrypted PKCS#1', encryptedPkcs1],
    ['encrypted PKCS#8', encryptedPkcs8]
  ])('refuses a wrong passphrase for an %s key, without quoting it', (_name, privateKeyPem) => {
    const error = thrown(() => loadApiKey(settings({ privateKeyPem, passphrase: 'not-it' })))
    expect(error).toBeInstanceOf(WrongPassphraseError)
    expect(error).toMatchObject({ setting: 'private-key-passphrase' })
    expect(words(error)).not.toContain('not-it')
  })

  it.each([
    ['a public key', publicKey.export({ type: 'spki', format: 'pem' }).toString()],
    ['a path', '~/.oci/oci_api_key.pem'],
    ['a truncated key', pkcs1.slice(0, 400)]
  ])('refuses %s as unreadable, without quoting it', (_name, privateKeyPem) => {
    const error = thrown(() => loadApiKey(settings({ privateKeyPem })))
    expect(error).toBeInstanceOf(UnreadablePrivateKeyError)
    expect(error).toMatchObject({ setting: 'private-key' })
    expect(words(error)).not.toContain(
      privateKeyPem.length > 80 ? privateKeyPem.slice(40, 80) : privateKeyPem
    )
  })

  it('refuses a key that is not RSA', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
    const error = thrown(() =>
      loadApiKey(
        settings({ privateKeyPem: ec.export({ type: 'pkcs8', format: 'pem' }).toString() })
      )
    )
    expect(error).toBeInstanceOf(UnsupportedPrivateKeyTypeError)
  })

  it("names both fingerprints when the key is not the fingerprint's", () => {
    const other = publicKeyFingerprint(
      generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
    )
    const error = thrown(() => loadApiKey(settings({ fingerprint: other })))
    expect(error).toBeInstanceOf(FingerprintMismatchError)
    expect(error).toMatchObject({ setting: 'fingerprint', expected: other, actual: fingerprint })
    expect(words(error)).toContain(fingerprint)
    expect(words(error)).not.toContain(pkcs1.slice(40, 80))
  })

  it.each([
    ['tenancy-ocid', { tenancyOcid: 'ocid1.user.oc1..aaaauser' }],
    ['user-ocid', { userOcid: 'jdoe@example.com' }]
  ])('refuses a %s that is not one', (setting, overrides) => {
    const error = thrown(() => loadApiKey(settings(overrides)))
    expect(error).toBeInstanceOf(InvalidOcidError)
    expect(error).toMatchObject({ setting })
  })
})
