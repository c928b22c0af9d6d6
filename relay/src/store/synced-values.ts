// The last value of each field that both sides agreed on, per record and board (a record may be on several boards):
// what the relay wrote to Salesforce from the board, or what it wrote to the board from Salesforce. A change is
// compared with it, not with the other side's current value: a value the relay wrote comes back from that side as
// "no change", so an edit on one side makes one write on the other, then silence (no loop), without relying on a
// dedicated integration user.
import { type SqliteDatabase, inTransaction } from './database';
import type { Clock } from '../core/clock';
import { defaultConnectionId } from './ports';

/** Values are compared as JSON, so `1200` and `1200.0`, or two equal address objects, are the same value. */
export const asStored = (value: unknown): string => JSON.stringify(value ?? null);

/** Whether two field values are the same value (as the synced state compares them). */
export const sameValue = (a: unknown, b: unknown): boolean => asStored(a) === asStored(b);

/**
 * The fields of `values` whose value differs from the last synced one (`known`, as stored by field); `neverSynced`
 * names those of them whose last synced value is not known (a link made before, or by another recipe).
 */
export function changedFields(
  known: ReadonlyMap<string, string>,
  values: Record<string, unknown>
): { changed: string[]; neverSynced: string[] } {
  const changed = Object.keys(values).filter((field) => known.get(field) !== asStored(values[field]));
  return { changed, neverSynced: changed.filter((field) => !known.has(field)) };
}

/** One record's synced state on one board, as read: each field's value (as stored) and what a board win superseded. */
export type SyncedSnapshot = ReadonlyMap<string, { stored: string; supersededThrough: number | null }>;

/**
 * The fields of `values` whose value differs from the last synced one; `neverSynced` names those of them whose last
 * synced value is not known (a link made before, or by another recipe).
 */
export function compareSynced(
  snapshot: SyncedSnapshot,
  values: Record<string, unknown>
): { changed: string[]; neverSynced: string[] } {
  return changedFields(new Map([...snapshot].map(([field, { stored }]) => [field, stored])), values);
}

/** The last synced value of each field that has one. */
export function lastSyncedValues(snapshot: SyncedSnapshot): Map<string, unknown> {
  return new Map([...snapshot].map(([field, { stored }]) => [field, JSON.parse(stored) as unknown]));
}

/** The fields of a Salesforce change made at `salesforceStamp` that a conflict won by the board superseded. */
export function supersededFields(snapshot: SyncedSnapshot, fields: string[], salesforceStamp: number): string[] {
  return fields.filter((field) => {
    const through = snapshot.get(field)?.supersededThrough;
    return through !== null && through !== undefined && through >= salesforceStamp;
  });
}

export class SyncedValues {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: Clock,
    /** The connection whose values these are (./ports.ts). */
    private readonly connectionId = defaultConnectionId
  ) {}

  /**
   * The fields of `values` whose value differs from the last synced one; `neverSynced` names those of them whose
   * last synced value is not known (a link made before, or by another recipe).
   */
  compare(
    boardId: string,
    recordId: string,
    values: Record<string, unknown>
  ): { changed: string[]; neverSynced: string[] } {
    return compareSynced(this.snapshot(boardId, recordId), values);
  }

  /** The record's synced state on the board, for a planner to decide with. */
  snapshot(boardId: string, recordId: string): SyncedSnapshot {
    const rows = this.db
      .prepare(
        `SELECT field, value, superseded_through FROM synced_values
         WHERE connection_id = ? AND board_id = ? AND record_id = ?`
      )
      .all(this.connectionId, boardId, recordId) as {
      field: string;
      value: string;
      superseded_through: number | null;
    }[];
    return new Map(rows.map((row) => [row.field, { stored: row.value, supersededThrough: row.superseded_through }]));
  }

  /** The last synced value of each field of the record on the board that has one. */
  lastValues(boardId: string, recordId: string): Map<string, unknown> {
    return lastSyncedValues(this.snapshot(boardId, recordId));
  }

  /**
   * The board won a conflict over these fields against the record as Salesforce had it at `salesforceStamp`: the
   * Salesforce changes made up to then (still on their way to the board) are superseded for these fields.
   */
  supersede(boardId: string, recordId: string, fields: string[], salesforceStamp: number): void {
    const update = this.db.prepare(
      `UPDATE synced_values SET superseded_through = MAX(COALESCE(superseded_through, 0), ?)
       WHERE connection_id = ? AND board_id = ? AND record_id = ? AND field = ?`
    );
    for (const field of fields) update.run(salesforceStamp, this.connectionId, boardId, recordId, field);
  }

  /** The fields of a Salesforce change made at `salesforceStamp` that a conflict won by the board superseded. */
  superseded(boardId: string, recordId: string, fields: string[], salesforceStamp: number): string[] {
    return supersededFields(this.snapshot(boardId, recordId), fields, salesforceStamp);
  }

  /** The record and the board's item now hold these values. */
  remember(boardId: string, recordId: string, values: Record<string, unknown>): void {
    const upsert = this.db.prepare(
      `INSERT INTO synced_values (connection_id, board_id, record_id, field, value, synced_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (connection_id, board_id, record_id, field) DO UPDATE SET value = excluded.value, synced_at = excluded.synced_at`
    );
    const now = this.clock.now();
    inTransaction(this.db, () => {
      for (const [field, value] of Object.entries(values))
        upsert.run(this.connectionId, boardId, recordId, field, asStored(value), now);
    });
  }

  /** The record, or its item, is gone (on every board). */
  forget(recordId: string): void {
    this.db
      .prepare(`DELETE FROM synced_values WHERE connection_id = ? AND record_id = ?`)
      .run(this.connectionId, recordId);
  }
}
