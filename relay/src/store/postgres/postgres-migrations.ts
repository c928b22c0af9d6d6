// The PostgreSQL store's schema ("relay"), in numbered migrations applied once, in order, and recorded in
// relay.schema_migrations. Several relays may start at once on one database: the migrations run in one transaction
// under an advisory lock, so one relay migrates and the others, waiting on the lock, find the work done.
//
// Times are epoch milliseconds (bigint) from the relay's injected clock, as in SQLite, so that both engines pass the
// same tests; the relays' clocks must agree to within a small part of a lease (NTP does that).
// Text that is compared by order (monday's updated_at) is COLLATE "C": byte order, as SQLite compares, whatever the
// database's locale.
import type { Pool } from 'pg';
import { StoreError } from '../../core/errors';
import { postgresFailure } from '../store-errors';

/** Any number no other application would pick: the key of the migrations' advisory lock. */
const migrationLock = 7_126_310_457_227_055;

export const postgresMigrations: readonly string[] = [
  `CREATE TABLE relay.jobs (
     id bigserial PRIMARY KEY,
     connection_id text NOT NULL,
     queue text NOT NULL,
     ordering_key text NOT NULL,
     -- json, not jsonb: the payload is kept as sent (jsonb refuses \\u0000 in strings and reorders keys).
     payload json NOT NULL,
     state text NOT NULL CHECK (state IN ('pending', 'running', 'done', 'dead')),
     attempts integer NOT NULL DEFAULT 0,
     max_attempts integer NOT NULL,
     run_at bigint NOT NULL,
     lease_until bigint,
     fencing_token bigint NOT NULL DEFAULT 0,
     -- The worker id of the relay holding the claim: a relay restarted with the same id takes its claims back at once.
     claimed_by text,
     last_error text,
     created_at bigint NOT NULL,
     finished_at bigint
   );
   CREATE INDEX jobs_claimable ON relay.jobs (connection_id, queue, run_at, id) WHERE state IN ('pending', 'running');
   CREATE INDEX jobs_ordering ON relay.jobs (connection_id, ordering_key, id) WHERE state IN ('pending', 'running');
   CREATE INDEX jobs_dead ON relay.jobs (connection_id, queue, id) WHERE state = 'dead';
   CREATE INDEX jobs_finished ON relay.jobs (connection_id, finished_at) WHERE state = 'done';
   CREATE INDEX jobs_claimed_by ON relay.jobs (claimed_by) WHERE state = 'running';

   CREATE TABLE relay.dedup_keys (
     connection_id text NOT NULL,
     key text NOT NULL,
     expires_at bigint NOT NULL,
     PRIMARY KEY (connection_id, key)
   );
   CREATE INDEX dedup_keys_expiry ON relay.dedup_keys (expires_at);

   CREATE TABLE relay.links (
     connection_id text NOT NULL,
     recipe_id text NOT NULL,
     record_id text NOT NULL,
     object_api_name text NOT NULL,
     board_id text NOT NULL,
     item_id text NOT NULL,
     item_name text,
     item_url text,
     last_sync_at bigint NOT NULL,
     last_status text NOT NULL,
     last_error text,
     pushed boolean NOT NULL DEFAULT false,
     pushed_at bigint,
     snapshot text,
     PRIMARY KEY (connection_id, recipe_id, record_id)
   );
   CREATE INDEX links_unpushed ON relay.links (connection_id, last_sync_at) WHERE NOT pushed;
   CREATE INDEX links_item ON relay.links (connection_id, item_id);
   CREATE INDEX links_board_record ON relay.links (connection_id, board_id, record_id);
   CREATE INDEX links_record ON relay.links (connection_id, record_id);

   CREATE TABLE relay.synced_values (
     connection_id text NOT NULL,
     board_id text NOT NULL,
     record_id text NOT NULL,
     field text NOT NULL,
     value text NOT NULL,
     synced_at bigint NOT NULL,
     superseded_through bigint,
     PRIMARY KEY (connection_id, board_id, record_id, field)
   );
   CREATE INDEX synced_values_record ON relay.synced_values (connection_id, record_id);

   CREATE TABLE relay.monday_items_seen (
     connection_id text NOT NULL,
     item_id text NOT NULL,
     updated_at text COLLATE "C" NOT NULL,
     fingerprint text NOT NULL,
     PRIMARY KEY (connection_id, item_id)
   );

   CREATE TABLE relay.monday_webhooks (
     connection_id text NOT NULL,
     board_id text NOT NULL,
     event text NOT NULL,
     webhook_id text NOT NULL,
     PRIMARY KEY (connection_id, board_id, event)
   );

   CREATE TABLE relay.pending_creates (
     connection_id text NOT NULL,
     board_id text NOT NULL,
     record_id text NOT NULL,
     sent_at bigint NOT NULL,
     PRIMARY KEY (connection_id, board_id, record_id)
   );

   CREATE TABLE relay.sync_watermarks (
     connection_id text NOT NULL,
     board_id text NOT NULL,
     updated_at text COLLATE "C" NOT NULL,
     PRIMARY KEY (connection_id, board_id)
   );

   CREATE TABLE relay.key_leases (
     connection_id text NOT NULL,
     key text NOT NULL,
     holder text NOT NULL,
     fencing_token bigint NOT NULL,
     lease_until bigint NOT NULL,
     PRIMARY KEY (connection_id, key)
   );

   CREATE TABLE relay.heartbeat (id integer PRIMARY KEY CHECK (id = 1), at bigint NOT NULL);`,
  // 2: sealed secrets (the rotated Salesforce refresh token), shared by the relays of a connection.
  `CREATE TABLE relay.secrets (
     connection_id text NOT NULL,
     name text NOT NULL,
     origin text NOT NULL,
     sealed text NOT NULL,
     PRIMARY KEY (connection_id, name)
   );`,
  // 3: the connections the connect flow made (one Salesforce org and its monday account each), without secrets.
  `CREATE TABLE relay.connections (
     id text PRIMARY KEY,
     record text NOT NULL,
     revision bigint NOT NULL,
     updated_at bigint NOT NULL
   );`,
  // 4: secrets good for a while only (the connect flow's OAuth states): housekeeping deletes them once expired.
  `ALTER TABLE relay.secrets ADD COLUMN expires_at bigint;
   CREATE INDEX secrets_expiry ON relay.secrets (expires_at) WHERE expires_at IS NOT NULL;`
];

/**
 * Brings the database's "relay" schema up to date. A database migrated by a newer relay is refused, with what to do:
 * this relay would not know its tables.
 */
export async function migratePostgres(pool: Pool, target: string): Promise<void> {
  let client;
  try {
    client = await pool.connect();
  } catch (error) {
    throw postgresFailure(error, target);
  }
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(${migrationLock})`);
    await client.query('CREATE SCHEMA IF NOT EXISTS relay');
    await client.query(
      `CREATE TABLE IF NOT EXISTS relay.schema_migrations (
         version integer PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`
    );
    const { rows } = await client.query<{ version: number }>(
      'SELECT COALESCE(MAX(version), 0)::integer AS version FROM relay.schema_migrations'
    );
    const current = rows[0]?.version ?? 0;
    if (current > postgresMigrations.length)
      throw new StoreError(
        `${target} was migrated by a newer version of the relay (schema version ${current}; this one knows up to ${postgresMigrations.length}): run that version.`,
        { database: target }
      );
    for (let version = current; version < postgresMigrations.length; version += 1) {
      await client.query(postgresMigrations[version] ?? '');
      await client.query('INSERT INTO relay.schema_migrations (version) VALUES ($1)', [version + 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw postgresFailure(error, target);
  } finally {
    client.release();
  }
}
