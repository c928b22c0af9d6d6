// The monday webhooks the relay created, by board and event: monday's webhook list does not answer URLs, so the
// relay keeps the ids of its own (../monday/webhook-registration.ts decides what to create and delete).
import type { SqliteDatabase } from './database';

export interface RegisteredWebhook {
  boardId: string;
  event: string;
  webhookId: string;
}

export class RegisteredWebhooks {
  constructor(private readonly db: SqliteDatabase) {}

  all(): RegisteredWebhook[] {
    const rows = this.db.prepare(`SELECT board_id, event, webhook_id FROM monday_webhooks`).all() as {
      board_id: string;
      event: string;
      webhook_id: string;
    }[];
    return rows.map((row) => ({ boardId: row.board_id, event: row.event, webhookId: row.webhook_id }));
  }

  add(webhook: RegisteredWebhook): void {
    this.db
      .prepare(`INSERT INTO monday_webhooks (board_id, event, webhook_id) VALUES (?, ?, ?)`)
      .run(webhook.boardId, webhook.event, webhook.webhookId);
  }

  forget(boardId: string, event: string): void {
    this.db.prepare(`DELETE FROM monday_webhooks WHERE board_id = ? AND event = ?`).run(boardId, event);
  }
}
