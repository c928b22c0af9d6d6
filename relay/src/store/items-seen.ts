// The last state of each monday item the relay has read and applied: its updated_at and a fingerprint of its name and
// column values. The reconciliation poll finds items updated since its last walk; one the relay already read in that
// state (its webhook did arrive) is not queued again, so a change that failed is not tried and reported once more
// at every restart. monday's updated_at counts whole seconds, so an item updated in the very second it was read is
// compared by its fingerprint, never skipped on its time alone.
import { createHash } from 'node:crypto';
import { salesforceColumnId } from '../monday/salesforce-column';
import { type SqliteDatabase, inTransaction } from './database';
import { defaultConnectionId } from './ports';

export interface ReadItem {
  id: string;
  name: string;
  updated_at?: string | null;
  column_values: { id: string; value: string | null }[];
}

/**
 * What an item holds, as a short hash: equal fingerprints, same name and same column values. The relay's own
 * Salesforce column is left out: it writes it itself, and its changes are never the board's.
 */
export function fingerprintOf(item: ReadItem): string {
  const values = item.column_values
    .filter((column) => column.id !== salesforceColumnId)
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((column) => [column.id, column.value]);
  return createHash('sha256')
    .update(JSON.stringify([item.name, values]))
    .digest('base64url')
    .slice(0, 22);
}

/**
 * What the relay knows of an item updated at `updatedAt`, given when it last read it (`seenAt`): 'seen' (read in a
 * later state), 'same-second' (read in that second: compare its fingerprint), or 'new'.
 */
export function seenStatus(seenAt: string | undefined, updatedAt: string): 'seen' | 'same-second' | 'new' {
  if (seenAt === undefined) return 'new';
  const seen = Date.parse(seenAt);
  const updated = Date.parse(updatedAt);
  return seen > updated ? 'seen' : seen === updated ? 'same-second' : 'new';
}

export class ItemsSeen {
  constructor(
    private readonly db: SqliteDatabase,
    /** The connection whose monday account the items are in (./ports.ts). */
    private readonly connectionId = defaultConnectionId
  ) {}

  record(items: ReadItem[]): void {
    const upsert = this.db.prepare(
      `INSERT INTO monday_items_seen (connection_id, item_id, updated_at, fingerprint) VALUES (?, ?, ?, ?)
       ON CONFLICT (connection_id, item_id) DO UPDATE SET updated_at = excluded.updated_at, fingerprint = excluded.fingerprint
       WHERE excluded.updated_at >= updated_at`
    );
    inTransaction(this.db, () => {
      for (const item of items)
        if (item.updated_at) upsert.run(this.connectionId, item.id, item.updated_at, fingerprintOf(item));
    });
  }

  /**
   * What the relay knows of an item updated at `updatedAt`: 'seen' (read in a later state), 'same-second' (read in
   * that second: compare its fingerprint), or 'new'.
   */
  status(itemId: string, updatedAt: string): 'seen' | 'same-second' | 'new' {
    const row = this.db
      .prepare(`SELECT updated_at FROM monday_items_seen WHERE connection_id = ? AND item_id = ?`)
      .get(this.connectionId, itemId) as { updated_at: string } | undefined;
    return seenStatus(row?.updated_at, updatedAt);
  }

  /** Whether the item as read now is what the relay last read of it. */
  unchanged(item: ReadItem): boolean {
    const row = this.db
      .prepare(`SELECT fingerprint FROM monday_items_seen WHERE connection_id = ? AND item_id = ?`)
      .get(this.connectionId, item.id) as { fingerprint: string } | undefined;
    return row?.fingerprint === fingerprintOf(item);
  }
}
