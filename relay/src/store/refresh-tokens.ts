// The Salesforce refresh token the relay holds now. With refresh token rotation on (Salesforce recommends it), each
// refresh answers a new token and the one used stops working, so the token in the configuration works once: the
// relay keeps the newest, sealed with RELAY_ENCRYPTION_KEY (../core/sealed.ts), in the store (shared by the relays of
// a PostgreSQL store), and uses it after a restart. When the configuration gives a token the stored one does not
// descend from (an admin reconnected), that one wins. A crash between Salesforce's answer and the store's write loses
// the new token, and an admin reconnects (F13).
import { createHash } from 'node:crypto';
import { type Keyring, keyringOf, openAny, seal } from '../core/sealed';
import type { SecretRepository } from './ports';
import { MissingAuthorizationError } from '../core/errors';

const name = 'salesforce-refresh-token';

const fingerprint = (token: string): string => createHash('sha256').update(token).digest('hex');

export class RefreshTokens {
  private origin = '';
  /** What the sealed value is for (the connection it belongs to), bound into the seal. */
  private readonly purpose: string;

  constructor(
    private readonly secrets: SecretRepository,
    private readonly key: Buffer | Keyring,
    connectionId = 'default'
  ) {
    this.purpose = `${name}:${connectionId}`;
  }

  /**
   * The token to start with, given the configured one (the environment's); without one (a connection the connect
   * flow made), the one kept for the connection, which must be there.
   */
  async current(configured?: string): Promise<string> {
    const stored = await this.secrets.get(name);
    if (configured === undefined) {
      if (!stored) throw new MissingAuthorizationError('No Salesforce authorization is kept for this connection');
      this.origin = stored.origin;
      return this.opened(stored.sealed);
    }
    this.origin = fingerprint(configured);
    if (stored?.origin === this.origin) return this.opened(stored.sealed);
    await this.replace(configured);
    return configured;
  }

  /** The kept token; sealed again under the current key when an older one opened it (a key rotation). */
  private async opened(sealed: string): Promise<string> {
    const { plain, stale } = openAny(keyringOf(this.key), sealed, this.purpose);
    if (stale) await this.replace(plain);
    return plain;
  }

  /** An admin authorized the relay (the connect flow): this token, from a new authorization, replaces any other. */
  async authorize(token: string, authorizationId: string): Promise<void> {
    this.origin = authorizationId;
    await this.replace(token);
  }

  /** Salesforce handed a new token (rotation): it is the one to use from now on, after a restart too. */
  async replace(token: string): Promise<void> {
    await this.secrets.put(name, { origin: this.origin, sealed: seal(this.key, token, this.purpose) });
  }

  /** Disconnect: the token is forgotten. */
  async forget(): Promise<void> {
    await this.secrets.delete(name);
  }
}
