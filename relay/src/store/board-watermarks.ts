// How far the reconciliation poll has read each board: the `updated_at` of the most recent item it has seen
// (../intake/board-reconciliation.ts reads newer items only).
import type { SqliteDatabase } from './database';

export class BoardWatermarks {
  constructor(private readonly db: SqliteDatabase) {}

  of(boardId: string): string | undefined {
    const row = this.db.prepare(`SELECT updated_at FROM board_watermarks WHERE board_id = ?`).get(boardId) as
      { updated_at: string } | undefined;
    return row?.updated_at;
  }

  save(boardId: string, updatedAt: string): void {
    this.db
      .prepare(
        `INSERT INTO board_watermarks (board_id, updated_at) VALUES (?, ?)
         ON CONFLICT (board_id) DO UPDATE SET updated_at = excluded.updated_at`
      )
      .run(boardId, updatedAt);
  }
}
