// The tenancy namespace, as Object Storage reports it for the signing user's tenancy.
import { parseJson, sendSigned } from './client.js'
import type { OciClient } from './client.js'

export async function lookUpNamespace(
  client: OciClient,
  request: { endpoint: string; signal?: AbortSignal }
): Promise<string> {
  const response = await sendSigned(client, {
    method: 'GET',
    url: new URL(`${request.endpoint}/n/`),
    signal: request.signal,
    access: {
      what: 'read the tenancy namespace',
      policy: 'Allow group <group> to read objectstorage-namespaces in tenancy'
    }
  })
  return parseJson(response, 'the namespace (a JSON string)', value =>
    typeof value === 'string' && value !== '' ? value : undefined
  )
}
