// What the sync keeps besides its jobs, on PostgreSQL: the same rules and the same columns as the SQLite classes
// (../links.ts, ../synced-values.ts, ../items-seen.ts, ../pending-creates.ts, ../sqlite-repositories.ts). A list is
// written in one statement (unnest), not one round trip per row.
import type { Clock } from '../../core/clock';
import { type ReadItem, fingerprintOf, seenStatus } from '../items-seen';
import { type Link, type LinkRow, linkFromRow, syncTimeRefreshMs } from '../links';
import type { BoardRecord } from '../pending-creates';
import type {
  ConnectionRepository,
  StoredConnection,
  DedupRepository,
  SealedSecret,
  SecretRepository,
  ItemsSeenRepository,
  Lease,
  LeaseRepository,
  LinkRepository,
  PendingCreateRepository,
  RegisteredWebhook,
  SyncedValueRepository,
  WatermarkRepository,
  WebhookRepository
} from '../ports';
import { type SyncedSnapshot, asStored, changedFields } from '../synced-values';
import type { PostgresEngine } from './postgres-engine';

/** Expired keys are deleted this many at a time. */
const purgeBatch = 5_000;

export class PostgresLinks implements LinkRepository {
  constructor(
    private readonly pg: PostgresEngine,
    private readonly clock: Clock,
    private readonly connectionId: string
  ) {}

  private async one(where: string, values: unknown[], order = ''): Promise<Link | undefined> {
    const { rows } = await this.pg.query<LinkRow>(
      `SELECT * FROM relay.links WHERE connection_id = $1 AND ${where} ${order} LIMIT 1`,
      [this.connectionId, ...values]
    );
    return rows[0] ? linkFromRow(rows[0]) : undefined;
  }

  find(recipeId: string, recordId: string): Promise<Link | undefined> {
    return this.one('recipe_id = $2 AND record_id = $3', [recipeId, recordId]);
  }

  findByItem(recipeId: string, itemId: string): Promise<Link | undefined> {
    return this.one('recipe_id = $2 AND item_id = $3', [recipeId, itemId]);
  }

  findOnBoard(boardId: string, recordId: string): Promise<Link | undefined> {
    return this.one('board_id = $2 AND record_id = $3', [boardId, recordId], 'ORDER BY last_sync_at');
  }

  findRecord(recordId: string): Promise<Link | undefined> {
    return this.one('record_id = $2', [recordId]);
  }

  async save(link: Omit<Link, 'lastSyncAt'>): Promise<Link> {
    const lastSyncAt = this.clock.now();
    // Pushed stays true only when nothing Salesforce shows changed and the last push is recent (../links.ts).
    await this.pg.query(
      `INSERT INTO relay.links AS l (connection_id, recipe_id, record_id, object_api_name, board_id, item_id, item_name,
         item_url, last_sync_at, last_status, last_error, snapshot, pushed)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, false)
       ON CONFLICT (connection_id, recipe_id, record_id) DO UPDATE SET item_id = excluded.item_id,
         board_id = excluded.board_id, item_name = excluded.item_name, item_url = excluded.item_url,
         last_sync_at = excluded.last_sync_at, last_status = excluded.last_status, last_error = excluded.last_error,
         snapshot = COALESCE(excluded.snapshot, l.snapshot),
         pushed = COALESCE(l.pushed AND l.item_id IS NOT DISTINCT FROM excluded.item_id
           AND l.board_id IS NOT DISTINCT FROM excluded.board_id AND l.item_name IS NOT DISTINCT FROM excluded.item_name
           AND l.item_url IS NOT DISTINCT FROM excluded.item_url AND l.last_status IS NOT DISTINCT FROM excluded.last_status
           AND l.last_error IS NOT DISTINCT FROM excluded.last_error
           AND (excluded.snapshot IS NULL OR l.snapshot IS NOT DISTINCT FROM excluded.snapshot)
           AND excluded.last_sync_at - l.pushed_at < $13, false)`,
      [
        this.connectionId,
        link.recipeId,
        link.recordId,
        link.objectApiName,
        link.boardId,
        link.itemId,
        link.itemName,
        link.itemUrl,
        lastSyncAt,
        link.lastStatus,
        link.lastError,
        link.snapshot ? JSON.stringify(link.snapshot) : null,
        syncTimeRefreshMs
      ]
    );
    return { ...link, lastSyncAt };
  }

  async oldestUnpushedAt(): Promise<number | undefined> {
    const { rows } = await this.pg.query<{ oldest: string | null }>(
      `SELECT MIN(last_sync_at) AS oldest FROM relay.links WHERE connection_id = $1 AND NOT pushed`,
      [this.connectionId]
    );
    // bigint comes back as text from node-postgres.
    return rows[0]?.oldest === null || rows[0]?.oldest === undefined ? undefined : Number(rows[0].oldest);
  }

  async unpushed(limit: number): Promise<Link[]> {
    const { rows } = await this.pg.query<LinkRow>(
      `SELECT * FROM relay.links WHERE connection_id = $1 AND NOT pushed ORDER BY last_sync_at LIMIT $2`,
      [this.connectionId, limit]
    );
    return rows.map(linkFromRow);
  }

  async markPushed(links: Link[]): Promise<void> {
    if (links.length === 0) return;
    await this.pg.query(
      `UPDATE relay.links AS l SET pushed = true, pushed_at = l.last_sync_at
       FROM unnest($2::text[], $3::text[], $4::bigint[]) AS pushed(recipe_id, record_id, last_sync_at)
       WHERE l.connection_id = $1 AND l.recipe_id = pushed.recipe_id AND l.record_id = pushed.record_id
         AND l.last_sync_at = pushed.last_sync_at`,
      [
        this.connectionId,
        links.map((link) => link.recipeId),
        links.map((link) => link.recordId),
        links.map((link) => link.lastSyncAt)
      ]
    );
  }
}

export class PostgresSyncedValues implements SyncedValueRepository {
  constructor(
    private readonly pg: PostgresEngine,
    private readonly clock: Clock,
    private readonly connectionId: string
  ) {}

  private async of(boardId: string, recordId: string): Promise<Map<string, string>> {
    const { rows } = await this.pg.query<{ field: string; value: string }>(
      `SELECT field, value FROM relay.synced_values WHERE connection_id = $1 AND board_id = $2 AND record_id = $3`,
      [this.connectionId, boardId, recordId]
    );
    return new Map(rows.map((row) => [row.field, row.value]));
  }

  async compare(
    boardId: string,
    recordId: string,
    values: Record<string, unknown>
  ): Promise<{ changed: string[]; neverSynced: string[] }> {
    return changedFields(await this.of(boardId, recordId), values);
  }

  async snapshot(boardId: string, recordId: string): Promise<SyncedSnapshot> {
    const { rows } = await this.pg.query<{ field: string; value: string; superseded_through: string | null }>(
      `SELECT field, value, superseded_through FROM relay.synced_values
       WHERE connection_id = $1 AND board_id = $2 AND record_id = $3`,
      [this.connectionId, boardId, recordId]
    );
    // bigint comes back as text from node-postgres.
    return new Map(
      rows.map((row) => [
        row.field,
        {
          stored: row.value,
          supersededThrough: row.superseded_through === null ? null : Number(row.superseded_through)
        }
      ])
    );
  }

  async lastValues(boardId: string, recordId: string): Promise<Map<string, unknown>> {
    const known = await this.of(boardId, recordId);
    return new Map([...known].map(([field, value]) => [field, JSON.parse(value) as unknown]));
  }

  async supersede(boardId: string, recordId: string, fields: string[], salesforceStamp: number): Promise<void> {
    if (fields.length === 0) return;
    await this.pg.query(
      `UPDATE relay.synced_values SET superseded_through = GREATEST(COALESCE(superseded_through, 0), $1)
       WHERE connection_id = $2 AND board_id = $3 AND record_id = $4 AND field = ANY($5::text[])`,
      [salesforceStamp, this.connectionId, boardId, recordId, fields]
    );
  }

  async superseded(boardId: string, recordId: string, fields: string[], salesforceStamp: number): Promise<string[]> {
    const { rows } = await this.pg.query<{ field: string }>(
      `SELECT field FROM relay.synced_values
       WHERE connection_id = $1 AND board_id = $2 AND record_id = $3 AND superseded_through >= $4`,
      [this.connectionId, boardId, recordId, salesforceStamp]
    );
    const stale = new Set(rows.map((row) => row.field));
    return fields.filter((field) => stale.has(field));
  }

  async remember(boardId: string, recordId: string, values: Record<string, unknown>): Promise<void> {
    const entries = Object.entries(values);
    if (entries.length === 0) return;
    await this.pg.query(
      `INSERT INTO relay.synced_values (connection_id, board_id, record_id, field, value, synced_at)
       SELECT $1, $2, $3, field, value, $4 FROM unnest($5::text[], $6::text[]) AS synced(field, value)
       ON CONFLICT (connection_id, board_id, record_id, field)
         DO UPDATE SET value = excluded.value, synced_at = excluded.synced_at`,
      [
        this.connectionId,
        boardId,
        recordId,
        this.clock.now(),
        entries.map(([field]) => field),
        entries.map(([, value]) => asStored(value))
      ]
    );
  }

  async forget(recordId: string): Promise<void> {
    await this.pg.query(`DELETE FROM relay.synced_values WHERE connection_id = $1 AND record_id = $2`, [
      this.connectionId,
      recordId
    ]);
  }
}

export class PostgresDedup implements DedupRepository {
  constructor(
    private readonly pg: PostgresEngine,
    private readonly clock: Clock,
    private readonly connectionId: string
  ) {}

  async seen(key: string): Promise<boolean> {
    const { rowCount } = await this.pg.query(
      `SELECT 1 FROM relay.dedup_keys WHERE connection_id = $1 AND key = $2 AND expires_at > $3`,
      [this.connectionId, key, this.clock.now()]
    );
    return rowCount === 1;
  }

  async remember(key: string, keepForMs: number): Promise<boolean> {
    const now = this.clock.now();
    // A relay remembering the same key at the same moment waits for this one's transaction, then finds the key.
    const { rowCount } = await this.pg.query(
      `INSERT INTO relay.dedup_keys AS d (connection_id, key, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (connection_id, key) DO UPDATE SET expires_at = excluded.expires_at WHERE d.expires_at <= $4`,
      [this.connectionId, key, now + keepForMs, now]
    );
    return rowCount === 1;
  }

  async purgeExpired(now: number): Promise<number> {
    let purged = 0;
    for (;;) {
      const { rowCount } = await this.pg.query(
        `DELETE FROM relay.dedup_keys WHERE ctid IN (SELECT ctid FROM relay.dedup_keys WHERE expires_at <= $1 LIMIT $2)`,
        [now, purgeBatch]
      );
      purged += rowCount ?? 0;
      if ((rowCount ?? 0) < purgeBatch) return purged;
    }
  }
}

export class PostgresItemsSeen implements ItemsSeenRepository {
  constructor(
    private readonly pg: PostgresEngine,
    private readonly connectionId: string
  ) {}

  async record(items: ReadItem[]): Promise<void> {
    // One row per item, its latest state: one statement cannot update a row twice.
    const latest = new Map<string, ReadItem & { updated_at: string }>();
    for (const item of items) {
      if (!item.updated_at) continue;
      const known = latest.get(item.id);
      if (!known || item.updated_at >= known.updated_at) latest.set(item.id, { ...item, updated_at: item.updated_at });
    }
    if (latest.size === 0) return;
    const rows = [...latest.values()];
    await this.pg.query(
      `INSERT INTO relay.monday_items_seen AS s (connection_id, item_id, updated_at, fingerprint)
       SELECT $1, item_id, updated_at, fingerprint FROM unnest($2::text[], $3::text[], $4::text[])
         AS seen(item_id, updated_at, fingerprint)
       ON CONFLICT (connection_id, item_id)
         DO UPDATE SET updated_at = excluded.updated_at, fingerprint = excluded.fingerprint
         WHERE excluded.updated_at >= s.updated_at`,
      [this.connectionId, rows.map((row) => row.id), rows.map((row) => row.updated_at), rows.map(fingerprintOf)]
    );
  }

  async status(itemId: string, updatedAt: string): Promise<'seen' | 'same-second' | 'new'> {
    const { rows } = await this.pg.query<{ updated_at: string }>(
      `SELECT updated_at FROM relay.monday_items_seen WHERE connection_id = $1 AND item_id = $2`,
      [this.connectionId, itemId]
    );
    return seenStatus(rows[0]?.updated_at, updatedAt);
  }

  async unchanged(item: ReadItem): Promise<boolean> {
    const { rows } = await this.pg.query<{ fingerprint: string }>(
      `SELECT fingerprint FROM relay.monday_items_seen WHERE connection_id = $1 AND item_id = $2`,
      [this.connectionId, item.id]
    );
    return rows[0]?.fingerprint === fingerprintOf(item);
  }
}

export class PostgresWebhooks implements WebhookRepository {
  constructor(
    private readonly pg: PostgresEngine,
    private readonly connectionId: string
  ) {}

  async list(): Promise<RegisteredWebhook[]> {
    const { rows } = await this.pg.query<RegisteredWebhook>(
      `SELECT board_id AS "boardId", event, webhook_id AS "webhookId" FROM relay.monday_webhooks
       WHERE connection_id = $1 ORDER BY board_id, event`,
      [this.connectionId]
    );
    return rows;
  }

  async add(webhook: RegisteredWebhook): Promise<void> {
    await this.pg.query(
      `INSERT INTO relay.monday_webhooks (connection_id, board_id, event, webhook_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (connection_id, board_id, event) DO UPDATE SET webhook_id = excluded.webhook_id`,
      [this.connectionId, webhook.boardId, webhook.event, webhook.webhookId]
    );
  }

  async remove(boardId: string, event: string): Promise<void> {
    await this.pg.query(`DELETE FROM relay.monday_webhooks WHERE connection_id = $1 AND board_id = $2 AND event = $3`, [
      this.connectionId,
      boardId,
      event
    ]);
  }
}

export class PostgresPendingCreates implements PendingCreateRepository {
  constructor(
    private readonly pg: PostgresEngine,
    private readonly clock: Clock,
    private readonly connectionId: string
  ) {}

  /** Each board and record once: one statement cannot update a row twice. */
  private static distinct(entries: BoardRecord[]): { boards: string[]; records: string[] } {
    const unique = new Map(entries.map((entry) => [JSON.stringify([entry.boardId, entry.recordId]), entry]));
    return {
      boards: [...unique.values()].map((entry) => entry.boardId),
      records: [...unique.values()].map((entry) => entry.recordId)
    };
  }

  async mark(entries: BoardRecord[]): Promise<void> {
    if (entries.length === 0) return;
    const { boards, records } = PostgresPendingCreates.distinct(entries);
    await this.pg.query(
      `INSERT INTO relay.pending_creates (connection_id, board_id, record_id, sent_at)
       SELECT $1, board_id, record_id, $2 FROM unnest($3::text[], $4::text[]) AS pending(board_id, record_id)
       ON CONFLICT (connection_id, board_id, record_id) DO UPDATE SET sent_at = excluded.sent_at`,
      [this.connectionId, this.clock.now(), boards, records]
    );
  }

  async clear(entries: BoardRecord[]): Promise<void> {
    if (entries.length === 0) return;
    const { boards, records } = PostgresPendingCreates.distinct(entries);
    await this.pg.query(
      `DELETE FROM relay.pending_creates AS p USING unnest($2::text[], $3::text[]) AS answered(board_id, record_id)
       WHERE p.connection_id = $1 AND p.board_id = answered.board_id AND p.record_id = answered.record_id`,
      [this.connectionId, boards, records]
    );
  }

  async has(boardId: string, recordId: string): Promise<boolean> {
    const { rowCount } = await this.pg.query(
      `SELECT 1 FROM relay.pending_creates WHERE connection_id = $1 AND board_id = $2 AND record_id = $3`,
      [this.connectionId, boardId, recordId]
    );
    return rowCount === 1;
  }
}

export class PostgresWatermarks implements WatermarkRepository {
  constructor(
    private readonly pg: PostgresEngine,
    private readonly connectionId: string
  ) {}

  async get(boardId: string): Promise<string | undefined> {
    const { rows } = await this.pg.query<{ updated_at: string }>(
      `SELECT updated_at FROM relay.sync_watermarks WHERE connection_id = $1 AND board_id = $2`,
      [this.connectionId, boardId]
    );
    return rows[0]?.updated_at;
  }

  async set(boardId: string, updatedAt: string): Promise<void> {
    await this.pg.query(
      `INSERT INTO relay.sync_watermarks (connection_id, board_id, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (connection_id, board_id) DO UPDATE SET updated_at = excluded.updated_at`,
      [this.connectionId, boardId, updatedAt]
    );
  }
}

export class PostgresSecrets implements SecretRepository {
  constructor(
    private readonly pg: PostgresEngine,
    private readonly connectionId: string
  ) {}

  async get(name: string): Promise<SealedSecret | undefined> {
    const { rows } = await this.pg.query<SealedSecret>(
      `SELECT origin, sealed FROM relay.secrets WHERE connection_id = $1 AND name = $2`,
      [this.connectionId, name]
    );
    return rows[0];
  }

  async put(name: string, secret: SealedSecret, expiresAt?: number): Promise<void> {
    await this.pg.query(
      `INSERT INTO relay.secrets (connection_id, name, origin, sealed, expires_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (connection_id, name) DO UPDATE SET origin = excluded.origin, sealed = excluded.sealed,
         expires_at = excluded.expires_at`,
      [this.connectionId, name, secret.origin, secret.sealed, expiresAt ?? null]
    );
  }

  async take(name: string): Promise<SealedSecret | undefined> {
    const { rows } = await this.pg.query<SealedSecret>(
      `DELETE FROM relay.secrets WHERE connection_id = $1 AND name = $2 RETURNING origin, sealed`,
      [this.connectionId, name]
    );
    return rows[0];
  }

  async delete(name: string): Promise<void> {
    await this.pg.query(`DELETE FROM relay.secrets WHERE connection_id = $1 AND name = $2`, [this.connectionId, name]);
  }

  async purgeExpired(now: number): Promise<number> {
    const result = await this.pg.query(`DELETE FROM relay.secrets WHERE expires_at IS NOT NULL AND expires_at <= $1`, [
      now
    ]);
    return result.rowCount ?? 0;
  }
}

export class PostgresConnections implements ConnectionRepository {
  constructor(
    private readonly pg: PostgresEngine,
    private readonly clock: Clock
  ) {}

  async list(): Promise<StoredConnection[]> {
    const { rows } = await this.pg.query<StoredConnection>(
      `SELECT id, record, revision::integer AS revision, updated_at::float8 AS "updatedAt" FROM relay.connections ORDER BY id`
    );
    return rows;
  }

  async get(id: string): Promise<StoredConnection | undefined> {
    const { rows } = await this.pg.query<StoredConnection>(
      `SELECT id, record, revision::integer AS revision, updated_at::float8 AS "updatedAt" FROM relay.connections WHERE id = $1`,
      [id]
    );
    return rows[0];
  }

  async put(id: string, record: string): Promise<number> {
    const { rows } = await this.pg.query<{ revision: number }>(
      `INSERT INTO relay.connections (id, record, revision, updated_at) VALUES ($1, $2, 1, $3)
       ON CONFLICT (id) DO UPDATE SET record = excluded.record, revision = relay.connections.revision + 1,
         updated_at = excluded.updated_at
       RETURNING revision::integer AS revision`,
      [id, record, this.clock.now()]
    );
    return rows[0]?.revision ?? 1;
  }

  async delete(id: string): Promise<void> {
    await this.pg.query(`DELETE FROM relay.connections WHERE id = $1`, [id]);
  }

  purge(id: string): Promise<number> {
    return this.pg.atomic(async () => {
      let deleted = 0;
      for (const table of connectionTables)
        deleted += (await this.pg.query(`DELETE FROM relay.${table} WHERE connection_id = $1`, [id])).rowCount ?? 0;
      return deleted + ((await this.pg.query(`DELETE FROM relay.connections WHERE id = $1`, [id])).rowCount ?? 0);
    });
  }
}

/** The tables whose rows belong to one connection (connection_id). */
const connectionTables = [
  'jobs',
  'dedup_keys',
  'links',
  'synced_values',
  'monday_items_seen',
  'monday_webhooks',
  'pending_creates',
  'sync_watermarks',
  'key_leases',
  'secrets'
] as const;

/**
 * Leases on keys, outside any transaction the caller is in: another relay must see a lease the moment it is taken,
 * and a rolled-back transaction must not take back a lease its holder acted on.
 */
export class PostgresLeases implements LeaseRepository {
  constructor(
    private readonly pg: PostgresEngine,
    private readonly clock: Clock,
    private readonly connectionId: string,
    private readonly holder: string
  ) {}

  async releaseAbandoned(): Promise<number> {
    const { rowCount } = await this.pg.queryAlone(
      `UPDATE relay.key_leases SET lease_until = 0 WHERE holder = $1 AND lease_until > 0`,
      [this.holder]
    );
    return rowCount ?? 0;
  }

  async acquire(key: string, leaseMs: number): Promise<Lease | undefined> {
    const now = this.clock.now();
    const { rows } = await this.pg.queryAlone<{ fencing_token: number; lease_until: number }>(
      `INSERT INTO relay.key_leases AS l (connection_id, key, holder, fencing_token, lease_until)
       VALUES ($1, $2, $3, 1, $4)
       ON CONFLICT (connection_id, key) DO UPDATE
         SET holder = excluded.holder, fencing_token = l.fencing_token + 1, lease_until = excluded.lease_until
         WHERE l.lease_until <= $5
       RETURNING fencing_token, lease_until`,
      [this.connectionId, key, this.holder, now + leaseMs, now]
    );
    const row = rows[0];
    return row ? { key, fencingToken: row.fencing_token, until: row.lease_until } : undefined;
  }

  async renew(lease: Lease, leaseMs: number): Promise<boolean> {
    const { rowCount } = await this.pg.queryAlone(
      `UPDATE relay.key_leases SET lease_until = $1
       WHERE connection_id = $2 AND key = $3 AND holder = $4 AND fencing_token = $5`,
      [this.clock.now() + leaseMs, this.connectionId, lease.key, this.holder, lease.fencingToken]
    );
    return rowCount === 1;
  }

  async release(lease: Lease): Promise<boolean> {
    const { rowCount } = await this.pg.queryAlone(
      `UPDATE relay.key_leases SET lease_until = 0, holder = ''
       WHERE connection_id = $1 AND key = $2 AND holder = $3 AND fencing_token = $4`,
      [this.connectionId, lease.key, this.holder, lease.fencingToken]
    );
    return rowCount === 1;
  }
}
