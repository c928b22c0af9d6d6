// The Salesforce refresh token the relay holds now. With refresh token rotation on (Salesforce recommends it), each
// refresh answers a new token and the one used stops working, so the token in the configuration works once: the
// relay keeps the newest, sealed with RELAY_ENCRYPTION_KEY (../core/sealed.ts), and uses it after a restart. When
// the configuration gives a token the stored one does not descend from (an admin reconnected), that one wins.
// The window between Salesforce's answer and this write is a synchronous write away; a crash inside it loses the new
// token, and an admin reconnects (F13).
import { createHash } from 'node:crypto';
import { open, seal } from '../core/sealed';
import type { SqliteDatabase } from './database';

const name = 'salesforce-refresh-token';

const fingerprint = (token: string): string => createHash('sha256').update(token).digest('hex');

export class RefreshTokens {
  private origin = '';

  constructor(
    private readonly db: SqliteDatabase,
    private readonly key: Buffer,
    /** What the sealed value is for (the connection it belongs to), bound into the seal. */
    private readonly purpose = `${name}:default`
  ) {}

  /** The token to start with, given the configured one. */
  current(configured: string): string {
    this.origin = fingerprint(configured);
    const row = this.db.prepare(`SELECT origin, sealed FROM secrets WHERE name = ?`).get(name) as
      { origin: string; sealed: string } | undefined;
    if (row?.origin === this.origin) return open(this.key, row.sealed, this.purpose);
    this.replace(configured);
    return configured;
  }

  /** Salesforce handed a new token (rotation): it is the one to use from now on, after a restart too. */
  replace(token: string): void {
    this.db
      .prepare(
        `INSERT INTO secrets (name, origin, sealed) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET origin = excluded.origin, sealed = excluded.sealed`
      )
      .run(name, this.origin, seal(this.key, token, this.purpose));
  }
}
