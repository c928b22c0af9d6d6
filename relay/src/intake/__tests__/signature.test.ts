import { Webhook } from 'standardwebhooks';
import { SignatureError } from '../../core/errors';
import { type SignedRequest, signRequest, verifySignedRequest } from '../signature';

const secret = `whsec_${Buffer.from('first-secret-of-the-relay-32-byte').toString('base64')}`;
const rotated = `whsec_${Buffer.from('second-secret-of-the-relay-32byte').toString('base64')}`;
const now = 1_795_600_800;
const body = '{"schemaVersion":1,"changes":[]}';

function request(headers: Record<string, string>, rawBody = body): SignedRequest {
  return {
    webhookId: headers['webhook-id'],
    webhookTimestamp: headers['webhook-timestamp'],
    webhookSignature: headers['webhook-signature'],
    rawBody: Buffer.from(rawBody)
  };
}

function refusal(signed: SignedRequest, secrets = [secret], at = now): string {
  try {
    verifySignedRequest(signed, secrets, at);
  } catch (error) {
    if (error instanceof SignatureError) return error.message;
    throw error;
  }
  throw new Error('The request was accepted');
}

describe('Standard Webhooks verification', () => {
  it('accepts what the standardwebhooks library signs', () => {
    const headers = new Webhook(secret).sign('batch-1', new Date(now * 1000), body);
    const signed = request({ 'webhook-id': 'batch-1', 'webhook-timestamp': String(now), 'webhook-signature': headers });
    expect(verifySignedRequest(signed, [secret], now)).toEqual({ webhookId: 'batch-1', timestamp: now });
  });

  it('signs as the standardwebhooks library verifies', () => {
    const headers = signRequest(secret, 'batch-2', Math.floor(Date.now() / 1000), body);
    expect(() => new Webhook(secret).verify(body, headers)).not.toThrow();
  });

  it('accepts any of the configured secrets, and any of several signatures', () => {
    const headers = signRequest(rotated, 'batch-3', now, body);
    expect(verifySignedRequest(request(headers), [secret, rotated], now).webhookId).toBe('batch-3');
    const both = { ...headers, 'webhook-signature': `v1,AAAA ${headers['webhook-signature']}` };
    expect(verifySignedRequest(request(both), [rotated], now).webhookId).toBe('batch-3');
  });

  it.each([
    ['unsigned', {}, 'not signed'],
    ['signed with another secret', signRequest(rotated, 'b', now, body), 'does not match'],
    [
      'with a signature of another version',
      { ...signRequest(secret, 'b', now, body), 'webhook-signature': 'v2,abc' },
      'does not match'
    ],
    [
      'with a timestamp that is not a number',
      { ...signRequest(secret, 'b', now, body), 'webhook-timestamp': 'soon' },
      'not a Unix time'
    ]
  ])('refuses a request %s', (_what, headers, reason) => {
    expect(refusal(request(headers))).toContain(reason);
  });

  it('refuses a body changed after signing', () => {
    expect(refusal(request(signRequest(secret, 'b', now, body), body.replace('[]', '[{}]')))).toContain(
      'does not match'
    );
  });

  it('refuses a request more than 5 minutes old or ahead, and accepts one at the edge', () => {
    const signedAt = signRequest(secret, 'b', now, body);
    expect(refusal(request(signedAt), [secret], now + 301)).toContain('too old');
    expect(refusal(request(signedAt), [secret], now - 301)).toContain('future');
    expect(verifySignedRequest(request(signedAt), [secret], now + 300).timestamp).toBe(now);
    expect(verifySignedRequest(request(signedAt), [secret], now - 300).timestamp).toBe(now);
  });

  it('refuses a signature of the wrong length without throwing anything else', () => {
    const headers = { ...signRequest(secret, 'b', now, body), 'webhook-signature': 'v1,c2hvcnQ=' };
    expect(refusal(request(headers))).toContain('does not match');
  });
});
