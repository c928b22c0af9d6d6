// The Salesforce refresh token the relay holds now. With refresh token rotation on (Salesforce recommends it), each
// refresh answers a new token and the one used stops working, so the token in the configuration works once: the
// relay keeps the newest, sealed with RELAY_ENCRYPTION_KEY (../core/sealed.ts), in the store (shared by the relays of
// a PostgreSQL store), and uses it after a restart. When the configuration gives a token the stored one does not
// descend from (an admin reconnected), that one wins. A crash between Salesforce's answer and the store's write loses
// the new token, and an admin reconnects (F13).
import { createHash } from 'node:crypto';
import { open, seal } from '../core/sealed';
import type { SecretRepository } from './ports';

const name = 'salesforce-refresh-token';

const fingerprint = (token: string): string => createHash('sha256').update(token).digest('hex');

export class RefreshTokens {
  private origin = '';

  constructor(
    private readonly secrets: SecretRepository,
    private readonly key: Buffer,
    /** What the sealed value is for (the connection it belongs to), bound into the seal. */
    private readonly purpose = `${name}:default`
  ) {}

  /** The token to start with, given the configured one. */
  async current(configured: string): Promise<string> {
    this.origin = fingerprint(configured);
    const stored = await this.secrets.get(name);
    if (stored?.origin === this.origin) return open(this.key, stored.sealed, this.purpose);
    await this.replace(configured);
    return configured;
  }

  /** Salesforce handed a new token (rotation): it is the one to use from now on, after a restart too. */
  async replace(token: string): Promise<void> {
    await this.secrets.put(name, { origin: this.origin, sealed: seal(this.key, token, this.purpose) });
  }
}
