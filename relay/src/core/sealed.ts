// Secrets kept at rest (refresh tokens, the connections' tokens and signing secrets) are sealed with AES-256-GCM under
// RELAY_ENCRYPTION_KEY: a fresh 12-byte IV each time, the 16-byte tag checked on opening, and "associated data"
// naming what the secret is for (its kind and its connection), so a sealed value copied into another place (another
// connection, another kind of secret) does not open there. A key rotation: the new key seals, the previous ones
// (RELAY_PREVIOUS_ENCRYPTION_KEYS) still open, and what one of them opened is sealed again under the new key.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ivBytes = 12;
const tagBytes = 16;

/** The key that seals, and older keys that still open what they sealed. */
export interface Keyring {
  current: Buffer;
  previous: readonly Buffer[];
}

export const keyringOf = (key: Buffer | Keyring): Keyring =>
  Buffer.isBuffer(key) ? { current: key, previous: [] } : key;

/** `plain` sealed for `purpose`: base64 of IV, tag and ciphertext. */
export function seal(key: Buffer | Keyring, plain: string, purpose: string): string {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', keyringOf(key).current, iv);
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

function openWith(key: Buffer, sealed: string, purpose: string): string {
  const bytes = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, ivBytes));
  decipher.setAAD(Buffer.from(purpose, 'utf8'));
  decipher.setAuthTag(bytes.subarray(ivBytes, ivBytes + tagBytes));
  return Buffer.concat([decipher.update(bytes.subarray(ivBytes + tagBytes)), decipher.final()]).toString('utf8');
}

/** The secret sealed for `purpose`; throws when no key, the purpose or the value is the one it was sealed with. */
export function open(key: Buffer | Keyring, sealed: string, purpose: string): string {
  return openAny(keyringOf(key), sealed, purpose).plain;
}

/** The secret, and whether an older key opened it (it is then to be sealed again under the current one). */
export function openAny(keyring: Keyring, sealed: string, purpose: string): { plain: string; stale: boolean } {
  try {
    return { plain: openWith(keyring.current, sealed, purpose), stale: false };
  } catch (error) {
    for (const key of keyring.previous) {
      try {
        return { plain: openWith(key, sealed, purpose), stale: true };
      } catch {
        // the next key
      }
    }
    throw error;
  }
}
