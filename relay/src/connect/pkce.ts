// PKCE (RFC 7636) for both OAuth flows: a random verifier kept by the relay, its S256 challenge sent with the
// authorization request; the token request must then carry the verifier, so a stolen code alone is worthless.
import { createHash, randomBytes } from 'node:crypto';

export function newVerifier(): string {
  return randomBytes(48).toString('base64url');
}

export function challengeOf(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** An OAuth `state`: random, single use (./connect-states.ts). */
export function newState(): string {
  return randomBytes(24).toString('base64url');
}
