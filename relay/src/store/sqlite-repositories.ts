// The SQLite side of what the asynchronous store adds to the older synchronous classes: deduplication keys, the
// relay's monday webhooks, board watermarks, sealed secrets and leases on keys, each for one connection. Synchronous like the
// others; ./sqlite-store.ts makes them asynchronous.
import type { Clock } from '../core/clock';
import { type SqliteDatabase, inTransaction } from './database';
import {
  type Lease,
  type RegisteredWebhook,
  type SealedSecret,
  type StoredConnection,
  defaultConnectionId
} from './ports';

/** Expired keys are deleted this many at a time, so that a long history never holds the store in one write. */
const purgeBatch = 5_000;

export class SqliteDedupKeys {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: Clock,
    private readonly connectionId: string
  ) {}

  seen(key: string): boolean {
    return (
      this.db
        .prepare(`SELECT 1 FROM dedup_keys WHERE connection_id = ? AND key = ? AND expires_at > ?`)
        .get(this.connectionId, key, this.clock.now()) !== undefined
    );
  }

  remember(key: string, keepForMs: number): boolean {
    const now = this.clock.now();
    // A key still remembered is left as it is (a delivery sent again and again is not kept for ever); an expired one
    // is a new key.
    const result = this.db
      .prepare(
        `INSERT INTO dedup_keys (connection_id, key, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (connection_id, key) DO UPDATE SET expires_at = excluded.expires_at WHERE dedup_keys.expires_at <= ?`
      )
      .run(this.connectionId, key, now + keepForMs, now);
    return result.changes === 1;
  }

  purgeExpired(now: number): number {
    const purge = this.db.prepare(
      `DELETE FROM dedup_keys WHERE rowid IN (SELECT rowid FROM dedup_keys WHERE expires_at <= ? LIMIT ?)`
    );
    let purged = 0;
    for (;;) {
      const { changes } = purge.run(now, purgeBatch);
      purged += changes;
      if (changes < purgeBatch) return purged;
    }
  }
}

export class SqliteWebhooks {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly connectionId: string
  ) {}

  list(): RegisteredWebhook[] {
    return this.db
      .prepare(
        `SELECT board_id AS boardId, event, webhook_id AS webhookId FROM monday_webhooks
         WHERE connection_id = ? ORDER BY board_id, event`
      )
      .all(this.connectionId) as RegisteredWebhook[];
  }

  add(webhook: RegisteredWebhook): void {
    this.db
      .prepare(
        `INSERT INTO monday_webhooks (connection_id, board_id, event, webhook_id) VALUES (?, ?, ?, ?)
         ON CONFLICT (connection_id, board_id, event) DO UPDATE SET webhook_id = excluded.webhook_id`
      )
      .run(this.connectionId, webhook.boardId, webhook.event, webhook.webhookId);
  }

  remove(boardId: string, event: string): void {
    this.db
      .prepare(`DELETE FROM monday_webhooks WHERE connection_id = ? AND board_id = ? AND event = ?`)
      .run(this.connectionId, boardId, event);
  }
}

export class SqliteWatermarks {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly connectionId: string
  ) {}

  get(boardId: string): string | undefined {
    const row = this.db
      .prepare(`SELECT updated_at FROM sync_watermarks WHERE connection_id = ? AND board_id = ?`)
      .get(this.connectionId, boardId) as { updated_at: string } | undefined;
    return row?.updated_at;
  }

  set(boardId: string, updatedAt: string): void {
    this.db
      .prepare(
        `INSERT INTO sync_watermarks (connection_id, board_id, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (connection_id, board_id) DO UPDATE SET updated_at = excluded.updated_at`
      )
      .run(this.connectionId, boardId, updatedAt);
  }
}

/**
 * Sealed secrets. The table predates connections: the default connection keeps its names as they were, another
 * connection's are prefixed with its id.
 */
export class SqliteSecrets {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly connectionId: string
  ) {}

  private key(name: string): string {
    return this.connectionId === defaultConnectionId ? name : `${this.connectionId}:${name}`;
  }

  get(name: string): SealedSecret | undefined {
    return this.db.prepare(`SELECT origin, sealed FROM secrets WHERE name = ?`).get(this.key(name)) as
      SealedSecret | undefined;
  }

  put(name: string, secret: SealedSecret, expiresAt?: number): void {
    this.db
      .prepare(
        `INSERT INTO secrets (name, origin, sealed, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET origin = excluded.origin, sealed = excluded.sealed,
           expires_at = excluded.expires_at`
      )
      .run(this.key(name), secret.origin, secret.sealed, expiresAt ?? null);
  }

  take(name: string): SealedSecret | undefined {
    return this.db.prepare(`DELETE FROM secrets WHERE name = ? RETURNING origin, sealed`).get(this.key(name)) as
      SealedSecret | undefined;
  }

  delete(name: string): void {
    this.db.prepare(`DELETE FROM secrets WHERE name = ?`).run(this.key(name));
  }

  purgeExpired(now: number): number {
    return this.db.prepare(`DELETE FROM secrets WHERE expires_at IS NOT NULL AND expires_at <= ?`).run(now).changes;
  }
}

export class SqliteConnections {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: Clock
  ) {}

  list(): StoredConnection[] {
    return this.db
      .prepare(`SELECT id, record, revision, updated_at AS updatedAt FROM connections ORDER BY id`)
      .all() as StoredConnection[];
  }

  get(id: string): StoredConnection | undefined {
    return this.db
      .prepare(`SELECT id, record, revision, updated_at AS updatedAt FROM connections WHERE id = ?`)
      .get(id) as StoredConnection | undefined;
  }

  put(id: string, record: string): number {
    const row = this.db
      .prepare(
        `INSERT INTO connections (id, record, revision, updated_at) VALUES (?, ?, 1, ?)
         ON CONFLICT (id) DO UPDATE SET record = excluded.record, revision = connections.revision + 1,
           updated_at = excluded.updated_at
         RETURNING revision`
      )
      .get(id, record, this.clock.now()) as { revision: number };
    return row.revision;
  }

  delete(id: string): void {
    this.db.prepare(`DELETE FROM connections WHERE id = ?`).run(id);
  }

  purge(id: string): number {
    return inTransaction(this.db, () => {
      let deleted = 0;
      for (const table of connectionTables)
        deleted += this.db.prepare(`DELETE FROM ${table} WHERE connection_id = ?`).run(id).changes;
      // Secrets are named '<connection>:<name>' (the environment connection's without a prefix: it is never purged).
      deleted += this.db
        .prepare(`DELETE FROM secrets WHERE substr(name, 1, ?) = ?`)
        .run(id.length + 1, `${id}:`).changes;
      return deleted + this.db.prepare(`DELETE FROM connections WHERE id = ?`).run(id).changes;
    });
  }
}

/** The tables whose rows belong to one connection (connection_id). */
const connectionTables = [
  'jobs',
  'links',
  'synced_values',
  'monday_webhooks',
  'monday_items_seen',
  'pending_creates',
  'dedup_keys',
  'key_leases',
  'sync_watermarks'
] as const;

/**
 * Leases on keys. A released or expired lease keeps its row, so that the next holder's fencing token is larger than
 * every earlier one's.
 */
export class SqliteKeyLeases {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: Clock,
    private readonly connectionId: string,
    private readonly holder: string
  ) {}

  releaseAbandoned(): number {
    return this.db.prepare(`UPDATE key_leases SET lease_until = 0 WHERE lease_until > 0`).run().changes;
  }

  acquire(key: string, leaseMs: number): Lease | undefined {
    const now = this.clock.now();
    const row = this.db
      .prepare(
        `INSERT INTO key_leases (connection_id, key, holder, fencing_token, lease_until) VALUES (?, ?, ?, 1, ?)
         ON CONFLICT (connection_id, key) DO UPDATE
           SET holder = excluded.holder, fencing_token = key_leases.fencing_token + 1, lease_until = excluded.lease_until
           WHERE key_leases.lease_until <= ?
         RETURNING fencing_token, lease_until`
      )
      .get(this.connectionId, key, this.holder, now + leaseMs, now) as
      { fencing_token: number; lease_until: number } | undefined;
    return row ? { key, fencingToken: row.fencing_token, until: row.lease_until } : undefined;
  }

  renew(lease: Lease, leaseMs: number): boolean {
    return (
      this.db
        .prepare(
          `UPDATE key_leases SET lease_until = ?
           WHERE connection_id = ? AND key = ? AND holder = ? AND fencing_token = ?`
        )
        .run(this.clock.now() + leaseMs, this.connectionId, lease.key, this.holder, lease.fencingToken).changes === 1
    );
  }

  release(lease: Lease): boolean {
    return (
      this.db
        .prepare(
          `UPDATE key_leases SET lease_until = 0, holder = ''
           WHERE connection_id = ? AND key = ? AND holder = ? AND fencing_token = ?`
        )
        .run(this.connectionId, lease.key, this.holder, lease.fencingToken).changes === 1
    );
  }
}
