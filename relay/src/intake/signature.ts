// Standard Webhooks verification (standardwebhooks.com), as SPEC.md asks: webhook-id, webhook-timestamp (Unix
// seconds, refused more than 5 minutes off in either direction) and webhook-signature ("v1,<base64 HMAC-SHA256 of
// id.timestamp.body>", several space-separated). Several secrets are accepted at once, for rotation.
// A pure function over the raw body and an injected time; written here rather than taken from the standardwebhooks
// package because that reads Date.now() itself and takes a single secret (its tests cross-check the two).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SignatureError } from '../core/errors';

export const toleranceSeconds = 5 * 60;
const maxWebhookIdLength = 256;

export interface SignedRequest {
  webhookId: string | undefined;
  webhookTimestamp: string | undefined;
  webhookSignature: string | undefined;
  rawBody: Buffer;
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
}

function expectedSignature(key: Buffer, webhookId: string, timestamp: string, body: Buffer): Buffer {
  return createHmac('sha256', key).update(`${webhookId}.${timestamp}.`).update(body).digest();
}

/** Checks a request; answers its webhook-id and timestamp, or throws SignatureError saying what is wrong. */
export function verifySignedRequest(
  request: SignedRequest,
  secrets: readonly string[],
  nowSeconds: number
): { webhookId: string; timestamp: number } {
  const { webhookId, webhookTimestamp, webhookSignature, rawBody } = request;
  if (!webhookId || !webhookTimestamp || !webhookSignature) {
    throw new SignatureError(
      'The request is not signed: webhook-id, webhook-timestamp and webhook-signature are required'
    );
  }
  if (webhookId.length > maxWebhookIdLength) throw new SignatureError('The webhook-id is too long');
  if (!/^\d{1,12}$/.test(webhookTimestamp))
    throw new SignatureError('The webhook-timestamp is not a Unix time in seconds');
  const timestamp = Number(webhookTimestamp);
  if (timestamp < nowSeconds - toleranceSeconds) throw new SignatureError('The request is too old (webhook-timestamp)');
  if (timestamp > nowSeconds + toleranceSeconds)
    throw new SignatureError('The request is dated in the future (webhook-timestamp)');

  const candidates = webhookSignature
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => Buffer.from(entry.slice(3), 'base64'));
  for (const secret of secrets) {
    const expected = expectedSignature(keyOf(secret), webhookId, webhookTimestamp, rawBody);
    // timingSafeEqual needs equal lengths; comparing lengths first reveals nothing about the signature.
    if (candidates.some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected))) {
      return { webhookId, timestamp };
    }
  }
  throw new SignatureError('The signature does not match');
}

/** Signs a request the same way (the local mode's Salesforce side and tests). */
export function signRequest(
  secret: string,
  webhookId: string,
  timestampSeconds: number,
  body: string
): Record<string, string> {
  const signature = expectedSignature(keyOf(secret), webhookId, String(timestampSeconds), Buffer.from(body)).toString(
    'base64'
  );
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': `v1,${signature}`
  };
}
