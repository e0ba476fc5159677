import { describe, expect, it } from '@jest/globals'
import {
  artifactsEndpoint,
  InvalidEndpointOverrideError,
  objectStorageEndpoint
} from '../../../src/oci/endpoints.js'

describe('artifactsEndpoint and objectStorageEndpoint', () => {
  it("are the region's service hosts in its realm", () => {
    expect(artifactsEndpoint('eu-frankfurt-1', 'oraclecloud.com', {})).toBe(
      'https://artifacts.eu-frankfurt-1.oci.oraclecloud.com'
    )
    expect(objectStorageEndpoint('eu-frankfurt-1', 'oraclecloud.com', {})).toBe(
      'https://objectstorage.eu-frankfurt-1.oci.oraclecloud.com'
    )
    expect(
      artifactsEndpoint('us-langley-1', 'oraclegovcloud.com', { OCIR_ARTIFACTS_ENDPOINT: ' ' })
    ).toBe('https://artifacts.us-langley-1.oci.oraclegovcloud.com')
  })

  it('follow the overrides, as base URLs without a trailing slash', () => {
    const env = {
      OCIR_ARTIFACTS_ENDPOINT: 'http://127.0.0.1:8080/',
      OCIR_OBJECTSTORAGE_ENDPOINT: 'https://private.example.test/objectstorage/?x=1'
    }
    expect(artifactsEndpoint('eu-frankfurt-1', 'oraclecloud.com', env)).toBe(
      'http://127.0.0.1:8080'
    )
    expect(objectStorageEndpoint('eu-frankfurt-1', 'oraclecloud.com', env)).toBe(
      'https://private.example.test/objectstorage'
    )
  })

  it.each(['artifacts.example.test', 'ftp://example.test'])('refuse the override %s', value => {
    expect(() => artifactsEndpoint('r', 'd', { OCIR_ARTIFACTS_ENDPOINT: value })).toThrow(
      InvalidEndpointOverrideError
    )
    expect(() => objectStorageEndpoint('r', 'd', { OCIR_OBJECTSTORAGE_ENDPOINT: value })).toThrow(
      /OCIR_OBJECTSTORAGE_ENDPOINT is not an http\(s\) URL/
    )
  })
})
