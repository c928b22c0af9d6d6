// Secrets kept at rest (refresh tokens) are sealed with AES-256-GCM under RELAY_ENCRYPTION_KEY: a fresh 12-byte IV
// each time, the 16-byte tag checked on opening, and "associated data" naming what the secret is for, so a sealed
// value copied into another place (another connection, another kind of secret) does not open there.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ivBytes = 12;
const tagBytes = 16;

/** `plain` sealed for `purpose`: base64 of IV, tag and ciphertext. */
export function seal(key: Buffer, plain: string, purpose: string): string {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** The secret sealed for `purpose`; throws when the key, the purpose or the value is not the one it was sealed with. */
export function open(key: Buffer, sealed: string, purpose: string): string {
  const bytes = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, ivBytes));
  decipher.setAAD(Buffer.from(purpose, 'utf8'));
  decipher.setAuthTag(bytes.subarray(ivBytes, ivBytes + tagBytes));
  return Buffer.concat([decipher.update(bytes.subarray(ivBytes + tagBytes)), decipher.final()]).toString('utf8');
}
