// The relay's SQLite database (better-sqlite3, WAL): what it has accepted and not yet finished lives here, so a
// crash loses nothing that was acknowledged. Schema changes are numbered migrations, applied once, in order.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../core/errors';
import { storeFailure } from './store-errors';

export type SqliteDatabase = Database.Database;

/** The schema, one migration per version (PRAGMA user_version). Exported for the migration tests. */
export const sqliteMigrations: readonly string[] = [
  `CREATE TABLE jobs (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     queue TEXT NOT NULL,
     ordering_key TEXT NOT NULL,
     payload TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'dead')),
     attempts INTEGER NOT NULL DEFAULT 0,
     max_attempts INTEGER NOT NULL,
     run_at INTEGER NOT NULL,
     lease_until INTEGER,
     fencing_token INTEGER NOT NULL DEFAULT 0,
     last_error TEXT,
     created_at INTEGER NOT NULL,
     finished_at INTEGER
   );
   CREATE INDEX jobs_claimable ON jobs (queue, state, run_at);
   CREATE INDEX jobs_ordering ON jobs (ordering_key, state, id);
   CREATE TABLE received_batches (
     webhook_id TEXT PRIMARY KEY,
     received_at INTEGER NOT NULL,
     change_count INTEGER NOT NULL
   );`,
  `CREATE TABLE links (
     recipe_id TEXT NOT NULL,
     record_id TEXT NOT NULL,
     object_api_name TEXT NOT NULL,
     board_id TEXT NOT NULL,
     item_id TEXT NOT NULL,
     item_name TEXT,
     item_url TEXT,
     last_sync_at INTEGER NOT NULL,
     last_status TEXT NOT NULL,
     last_error TEXT,
     pushed INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (recipe_id, record_id)
   );
   CREATE INDEX links_unpushed ON links (pushed);
   CREATE INDEX links_item ON links (item_id);`,
  `CREATE TABLE monday_events (
     trigger_uuid TEXT PRIMARY KEY,
     received_at INTEGER NOT NULL
   );`,
  `CREATE TABLE monday_webhooks (
     board_id TEXT NOT NULL,
     event TEXT NOT NULL,
     webhook_id TEXT NOT NULL,
     PRIMARY KEY (board_id, event)
   );`,
  `CREATE TABLE synced_values (
     board_id TEXT NOT NULL,
     record_id TEXT NOT NULL,
     field TEXT NOT NULL,
     value TEXT NOT NULL,
     synced_at INTEGER NOT NULL,
     PRIMARY KEY (board_id, record_id, field)
   );`,
  `CREATE TABLE board_watermarks (
     board_id TEXT PRIMARY KEY,
     updated_at TEXT NOT NULL
   );`,
  // A conflict that the board won: Salesforce changes up to this SystemModstamp (epoch ms) are superseded.
  `ALTER TABLE synced_values ADD COLUMN superseded_through INTEGER;`,
  // When the link's state in Salesforce was last pushed (its last_sync_at then).
  `ALTER TABLE links ADD COLUMN pushed_at INTEGER;`,
  // The item's key column values at the last sync (JSON, by column id), for the record page.
  `ALTER TABLE links ADD COLUMN snapshot TEXT;`,
  // Items asked of monday whose answer the relay has not had yet (./pending-creates.ts).
  `CREATE TABLE pending_creates (
     board_id TEXT NOT NULL,
     record_id TEXT NOT NULL,
     sent_at INTEGER NOT NULL,
     PRIMARY KEY (board_id, record_id)
   );
   CREATE INDEX links_board_record ON links (board_id, record_id);`,
  // One row the readiness check writes: the store takes writes, not just reads.
  `CREATE TABLE heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL);`,
  // Secrets the relay was given or handed since (a rotated refresh token), sealed (../core/sealed.ts); origin is a
  // hash of the configured secret they descend from.
  `CREATE TABLE secrets (name TEXT PRIMARY KEY, origin TEXT NOT NULL, sealed TEXT NOT NULL);`,
  // The newest state of each monday item the relay has read (its updated_at): the reconciliation poll skips an item
  // the relay already saw in that state (./items-seen.ts).
  `CREATE TABLE monday_items_seen (item_id TEXT PRIMARY KEY, updated_at TEXT NOT NULL, fingerprint TEXT NOT NULL);`,
  // A connection id (one Salesforce org and its monday account) on what belongs to a connection, part of each key:
  // a sandbox is a copy of its production org, record ids included, so two connected orgs can share a record id.
  // One connection ('default') for now; the connect flow will add others without rebuilding these tables again.
  // SQLite cannot change a primary key in place: the keyed tables are copied into new ones.
  `ALTER TABLE jobs ADD COLUMN connection_id TEXT NOT NULL DEFAULT 'default';
   DROP INDEX jobs_claimable;
   DROP INDEX jobs_ordering;
   CREATE INDEX jobs_claimable ON jobs (connection_id, queue, state, run_at);
   CREATE INDEX jobs_ordering ON jobs (connection_id, ordering_key, state, id);
   CREATE INDEX jobs_finished ON jobs (connection_id, state, finished_at);
   CREATE TABLE links_keyed (
     connection_id TEXT NOT NULL DEFAULT 'default',
     recipe_id TEXT NOT NULL,
     record_id TEXT NOT NULL,
     object_api_name TEXT NOT NULL,
     board_id TEXT NOT NULL,
     item_id TEXT NOT NULL,
     item_name TEXT,
     item_url TEXT,
     last_sync_at INTEGER NOT NULL,
     last_status TEXT NOT NULL,
     last_error TEXT,
     pushed INTEGER NOT NULL DEFAULT 0,
     pushed_at INTEGER,
     snapshot TEXT,
     PRIMARY KEY (connection_id, recipe_id, record_id)
   );
   INSERT INTO links_keyed (recipe_id, record_id, object_api_name, board_id, item_id, item_name, item_url, last_sync_at,
       last_status, last_error, pushed, pushed_at, snapshot)
     SELECT recipe_id, record_id, object_api_name, board_id, item_id, item_name, item_url, last_sync_at, last_status,
       last_error, pushed, pushed_at, snapshot FROM links;
   DROP TABLE links;
   ALTER TABLE links_keyed RENAME TO links;
   CREATE INDEX links_unpushed ON links (connection_id, pushed, last_sync_at);
   CREATE INDEX links_item ON links (connection_id, item_id);
   CREATE INDEX links_board_record ON links (connection_id, board_id, record_id);
   CREATE INDEX links_record ON links (connection_id, record_id);
   CREATE TABLE synced_values_keyed (
     connection_id TEXT NOT NULL DEFAULT 'default',
     board_id TEXT NOT NULL,
     record_id TEXT NOT NULL,
     field TEXT NOT NULL,
     value TEXT NOT NULL,
     synced_at INTEGER NOT NULL,
     superseded_through INTEGER,
     PRIMARY KEY (connection_id, board_id, record_id, field)
   );
   INSERT INTO synced_values_keyed (board_id, record_id, field, value, synced_at, superseded_through)
     SELECT board_id, record_id, field, value, synced_at, superseded_through FROM synced_values;
   DROP TABLE synced_values;
   ALTER TABLE synced_values_keyed RENAME TO synced_values;
   CREATE INDEX synced_values_record ON synced_values (connection_id, record_id);
   CREATE TABLE monday_webhooks_keyed (
     connection_id TEXT NOT NULL DEFAULT 'default',
     board_id TEXT NOT NULL,
     event TEXT NOT NULL,
     webhook_id TEXT NOT NULL,
     PRIMARY KEY (connection_id, board_id, event)
   );
   INSERT INTO monday_webhooks_keyed (board_id, event, webhook_id) SELECT board_id, event, webhook_id FROM monday_webhooks;
   DROP TABLE monday_webhooks;
   ALTER TABLE monday_webhooks_keyed RENAME TO monday_webhooks;
   CREATE TABLE monday_items_seen_keyed (
     connection_id TEXT NOT NULL DEFAULT 'default',
     item_id TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     fingerprint TEXT NOT NULL,
     PRIMARY KEY (connection_id, item_id)
   );
   INSERT INTO monday_items_seen_keyed (item_id, updated_at, fingerprint)
     SELECT item_id, updated_at, fingerprint FROM monday_items_seen;
   DROP TABLE monday_items_seen;
   ALTER TABLE monday_items_seen_keyed RENAME TO monday_items_seen;
   CREATE TABLE pending_creates_keyed (
     connection_id TEXT NOT NULL DEFAULT 'default',
     board_id TEXT NOT NULL,
     record_id TEXT NOT NULL,
     sent_at INTEGER NOT NULL,
     PRIMARY KEY (connection_id, board_id, record_id)
   );
   INSERT INTO pending_creates_keyed (board_id, record_id, sent_at) SELECT board_id, record_id, sent_at FROM pending_creates;
   DROP TABLE pending_creates;
   ALTER TABLE pending_creates_keyed RENAME TO pending_creates;`,
  // What the asynchronous store (./ports.ts) adds. Deduplication keys with an expiry, for enqueue-once: the intakes'
  // received_batches and monday_events rows are copied under the key names of ./ports.ts (dedupKeys), so that a
  // delivery seen before this version is still seen once the intakes use them. Leases on keys (a board's writes, one
  // process at a time). Board watermarks by connection, copied from board_watermarks. The tables copied are dropped:
  // the intakes and the poll use the new ones from this version on (the same release switched them).
  `CREATE TABLE dedup_keys (
     connection_id TEXT NOT NULL,
     key TEXT NOT NULL,
     expires_at INTEGER NOT NULL,
     PRIMARY KEY (connection_id, key)
   );
   CREATE INDEX dedup_keys_expiry ON dedup_keys (expires_at);
   INSERT INTO dedup_keys (connection_id, key, expires_at)
     SELECT 'default', 'salesforce-batch:' || webhook_id, received_at + ${30 * 24 * 60 * 60 * 1000} FROM received_batches;
   INSERT INTO dedup_keys (connection_id, key, expires_at)
     SELECT 'default', 'monday-event:' || trigger_uuid, received_at + ${24 * 60 * 60 * 1000} FROM monday_events;
   CREATE TABLE key_leases (
     connection_id TEXT NOT NULL,
     key TEXT NOT NULL,
     holder TEXT NOT NULL,
     fencing_token INTEGER NOT NULL,
     lease_until INTEGER NOT NULL,
     PRIMARY KEY (connection_id, key)
   );
   CREATE TABLE sync_watermarks (
     connection_id TEXT NOT NULL,
     board_id TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (connection_id, board_id)
   );
   INSERT INTO sync_watermarks (connection_id, board_id, updated_at) SELECT 'default', board_id, updated_at FROM board_watermarks;
   DROP TABLE received_batches;
   DROP TABLE monday_events;
   DROP TABLE board_watermarks;`,
  // The connections the connect flow made (../connections/connection-registry.ts): one Salesforce org and its monday
  // account each, as JSON without secrets (those are sealed in secrets), with a revision every change bumps so that
  // a relay sees another's change.
  `CREATE TABLE connections (
     id TEXT PRIMARY KEY,
     record TEXT NOT NULL,
     revision INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );`,
  // Secrets good for a while only (the connect flow's OAuth states): housekeeping deletes them once expired.
  `ALTER TABLE secrets ADD COLUMN expires_at INTEGER;
   CREATE INDEX secrets_expiry ON secrets (expires_at) WHERE expires_at IS NOT NULL;`
];

/** Whether the store takes a write now (a full disk, a read-only folder or file, a broken file answer false). */
export function storeWritable(db: SqliteDatabase): boolean {
  if (!db.open) return false;
  try {
    db.prepare(`INSERT INTO heartbeat (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at`).run(
      Date.now()
    );
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens (creating it if needed) the database at `path`, or in memory for ':memory:', and migrates it. A file that
 * cannot be used (a missing or read-only folder, a damaged file, a store of a newer relay) stops it with a StoreError
 * that names the file and what to do.
 */
export function openDatabase(path: string): SqliteDatabase {
  let db: SqliteDatabase | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    // FULL: a write acknowledged (a batch answered 202) survives a power loss or a host crash, not only a killed
    // process; NORMAL could lose the last ones. Its cost is measured in the benchmark (docs/benchmarks.md).
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // SQLite's own default page cache (2,000 KiB): better-sqlite3 builds SQLite with 16,000 KiB per connection
    // (SQLITE_DEFAULT_CACHE_SIZE=-16000), which filled up as the jobs and links tables grew and stayed resident,
    // some 12 MB of the relay's 150 MB budget. The operating system caches the file anyway; the relay's reads are the
    // few newest rows of indexed tables.
    db.pragma('cache_size = -2000');
    migrate(db, path);
    return withStatementCache(db);
  } catch (error) {
    db?.close();
    throw storeFailure(error, path);
  }
}

/**
 * Compiling a statement costs more than running it, and the stores run the same few statements for every change: each
 * SQL text is compiled once per connection and reused. (Safe while no caller switches a statement's mode with
 * raw(), pluck() or expand(), or iterates one while running it again; none does.)
 */
function withStatementCache(db: SqliteDatabase): SqliteDatabase {
  const compile = db.prepare.bind(db);
  const compiled = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = compiled.get(sql);
    if (!statement) {
      statement = compile(sql);
      compiled.set(sql, statement);
    }
    return statement;
  }) as SqliteDatabase['prepare'];
  return db;
}

const transactions = new WeakMap<SqliteDatabase, (work: () => unknown) => unknown>();

/**
 * Runs `work` in a transaction (a savepoint when one is open already): committed when it returns, rolled back when it
 * throws. better-sqlite3's db.transaction(fn) builds four wrapper functions and defines twenty properties on them at
 * every call; the stores open a transaction for nearly every write, and those wrappers were a tenth of all the relay
 * allocated under load (a sampling heap profile of the benchmarks). One wrapper per connection, made once.
 */
export function inTransaction<T>(db: SqliteDatabase, work: () => T): T {
  let run = transactions.get(db);
  if (!run) {
    run = db.transaction((job: () => unknown) => job());
    transactions.set(db, run);
  }
  return run(work) as T;
}

function migrate(db: SqliteDatabase, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > sqliteMigrations.length)
    throw new StoreError(
      `${resolve(path)} was written by a newer version of the relay (store version ${current}; this one knows up to ${sqliteMigrations.length}): run that version, or restore a backup made with this one.`,
      { file: resolve(path) }
    );
  for (let version = current; version < sqliteMigrations.length; version += 1) {
    db.transaction(() => {
      db.exec(sqliteMigrations[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
