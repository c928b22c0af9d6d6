// Change batches in the wire format (docs/wire-format.md), signed as the package signs them: for tests and benchmarks.
import { signRequest } from '../src/intake/signature';

export function changeBatchBody(
  batchId: string,
  objectApiName: string,
  changes: unknown[],
  kind = 'record_changes',
  orgId = '00D5g000004ExAmEAK'
): string {
  return JSON.stringify({
    schemaVersion: 1,
    kind,
    batchId,
    orgId,
    objectApiName,
    publishedAt: '2026-11-25T10:00:00.000+0000',
    changes
  });
}

/** POSTs a batch to the relay's intake, signed with `secret` at `nowSeconds`; answers the HTTP status. */
export async function postSignedBatch(
  relayUrl: string,
  secret: string,
  batchId: string,
  body: string,
  nowSeconds: number,
  /** A connection's path (/v1/connections/<id>/salesforce/changes); the environment connection's by default. */
  path = '/v1/salesforce/changes'
): Promise<number> {
  const response = await fetch(`${relayUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signRequest(secret, batchId, nowSeconds, body) },
    body
  });
  return response.status;
}
