// Items the relay has asked monday to create and whose answer it has not had: a timeout, a lost connection or a
// crash between create_item and the link leaves the item on the board with nobody knowing its id. Marked durably
// before the request, cleared by the answer (created or refused); a record still marked is looked up on the board by
// its Salesforce column before anything is created for it again, however its next change arrives (a retry of the
// same job, a later change of the record, a batch split differently).
import type { Clock } from '../core/clock';
import { type SqliteDatabase, inTransaction } from './database';
import { defaultConnectionId } from './ports';

export interface BoardRecord {
  boardId: string;
  recordId: string;
}

export class PendingCreates {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: Clock,
    /** The connection whose boards these are (./ports.ts). */
    private readonly connectionId = defaultConnectionId
  ) {}

  /** Before the request: these records' items may exist once it has been sent. */
  mark(entries: BoardRecord[]): void {
    const insert = this.db.prepare(
      `INSERT INTO pending_creates (connection_id, board_id, record_id, sent_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (connection_id, board_id, record_id) DO UPDATE SET sent_at = excluded.sent_at`
    );
    const now = this.clock.now();
    inTransaction(this.db, () => {
      for (const { boardId, recordId } of entries) insert.run(this.connectionId, boardId, recordId, now);
    });
  }

  /** monday answered for these records (their item was created and linked, or refused): nothing is unknown. */
  clear(entries: BoardRecord[]): void {
    const remove = this.db.prepare(
      `DELETE FROM pending_creates WHERE connection_id = ? AND board_id = ? AND record_id = ?`
    );
    inTransaction(this.db, () => {
      for (const { boardId, recordId } of entries) remove.run(this.connectionId, boardId, recordId);
    });
  }

  has(boardId: string, recordId: string): boolean {
    return (
      this.db
        .prepare(`SELECT 1 FROM pending_creates WHERE connection_id = ? AND board_id = ? AND record_id = ?`)
        .get(this.connectionId, boardId, recordId) !== undefined
    );
  }
}
