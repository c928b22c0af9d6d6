// Change batches in the wire format (docs/wire-format.md), signed as the package signs them: for tests and benchmarks.
import { signRequest } from '../src/intake/signature';

export function changeBatchBody(
  batchId: string,
  objectApiName: string,
  changes: unknown[],
  kind = 'record_changes'
): string {
  return JSON.stringify({
    schemaVersion: 1,
    kind,
    batchId,
    orgId: '00D5g000004ExAmEAK',
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
  nowSeconds: number
): Promise<number> {
  const response = await fetch(`${relayUrl}/v1/salesforce/changes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signRequest(secret, batchId, nowSeconds, body) },
    body
  });
  return response.status;
}
