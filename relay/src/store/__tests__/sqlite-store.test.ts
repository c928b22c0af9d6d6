// The SQLite store (the embedded default) against the store contract, and its migration of a store written before
// connection ids.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ManualClock } from '../../../test/manual-clock';
import { openDatabase, sqliteMigrations } from '../database';
import { SqliteStore } from '../sqlite-store';
import { describeStoreContract } from './store-contract';

describeStoreContract('SQLite store', () => {
  const db = openDatabase(':memory:');
  const clock = new ManualClock();
  const store = new SqliteStore(db, { clock, random: () => 0.5 });
  return Promise.resolve({
    store,
    clock,
    // One process per SQLite store: another relay is another worker of the same process.
    another: () => Promise.resolve(new SqliteStore(db, { clock, random: () => 0.5 })),
    close: () => store.close()
  });
});

describe('SQLite store migration to connection ids', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'store-migration-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('keeps what a store of the previous version held, under the default connection', async () => {
    const path = join(folder, 'relay.sqlite');
    const before = new Database(path);
    const previousVersion = 13;
    for (const migration of sqliteMigrations.slice(0, previousVersion)) before.exec(migration);
    before.pragma(`user_version = ${previousVersion}`);
    const now = Date.parse('2026-11-25T10:00:00Z');
    before.exec(`
      INSERT INTO jobs (queue, ordering_key, payload, state, max_attempts, run_at, created_at)
        VALUES ('q', 'Lead:1', '{"change":1}', 'pending', 10, ${now}, ${now});
      INSERT INTO links (recipe_id, record_id, object_api_name, board_id, item_id, item_name, item_url, last_sync_at,
          last_status, last_error, pushed, pushed_at, snapshot)
        VALUES ('recipe', 'record', 'Lead', 'board', 'item', 'Smith', NULL, ${now}, 'Synced', NULL, 1, ${now}, '{"status":"Done"}');
      INSERT INTO synced_values (board_id, record_id, field, value, synced_at, superseded_through)
        VALUES ('board', 'record', 'Company', '"Acme"', ${now}, 5);
      INSERT INTO monday_webhooks (board_id, event, webhook_id) VALUES ('board', 'create_item', 'w1');
      INSERT INTO monday_items_seen (item_id, updated_at, fingerprint) VALUES ('item', '2026-11-25T10:00:00Z', 'f');
      INSERT INTO pending_creates (board_id, record_id, sent_at) VALUES ('board', 'other record', ${now});
      INSERT INTO received_batches (webhook_id, received_at, change_count) VALUES ('batch-1', ${now}, 1);
      INSERT INTO monday_events (trigger_uuid, received_at) VALUES ('event-1', ${now});
      INSERT INTO board_watermarks (board_id, updated_at) VALUES ('board', '2026-11-25T09:00:00Z');
    `);
    before.close();

    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(sqliteMigrations.length);
    const store = new SqliteStore(db, { clock: new ManualClock(now) });
    try {
      expect(await store.jobs.claim('q', 60_000, 1)).toEqual([
        expect.objectContaining({ payload: { change: 1 }, connectionId: 'default', orderingKey: 'Lead:1' })
      ]);
      expect(await store.links.find('recipe', 'record')).toMatchObject({
        itemId: 'item',
        snapshot: { status: 'Done' }
      });
      expect(await store.links.unpushed(10)).toEqual([]);
      expect(await store.synced.superseded('board', 'record', ['Company'], 5)).toEqual(['Company']);
      expect(await store.webhooks.list()).toEqual([{ boardId: 'board', event: 'create_item', webhookId: 'w1' }]);
      expect(await store.itemsSeen.status('item', '2026-11-25T10:00:00Z')).toBe('same-second');
      expect(await store.pendingCreates.has('board', 'other record')).toBe(true);
      expect(await store.dedup.seen('salesforce-batch:batch-1')).toBe(true);
      expect(await store.dedup.seen('monday-event:event-1')).toBe(true);
      expect(await store.watermarks.get('board')).toBe('2026-11-25T09:00:00Z');
    } finally {
      await store.close();
    }
  });
});
