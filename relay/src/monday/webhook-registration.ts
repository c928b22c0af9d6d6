// The relay's monday webhooks: every board with a monday → Salesforce recipe has one per event the sync needs, and a
// board without such a recipe has none. monday's webhook list does not answer URLs, so the relay keeps the ids of
// the webhooks it created.
import type { WebhookRepository } from '../store/ports';
import type { MondayWriter } from '../write/monday-writer';
import type { MondayClient } from './client';
import { documents } from './documents';

export const webhookEvents = [
  'create_item',
  'change_column_value',
  'change_name',
  'item_deleted',
  'item_archived'
] as const;

export class WebhookRegistration {
  constructor(
    private readonly monday: MondayClient,
    private readonly writer: MondayWriter,
    private readonly registered: WebhookRepository,
    /** The relay's webhook endpoint, as monday must call it (read when needed: known once the relay listens). */
    private readonly endpoint: { readonly publicUrl: string }
  ) {}

  /**
   * Checks the webhooks the relay created against the boards' webhooks on monday (one request per board). One a person
   * deleted on monday is forgotten here, so that the next reconcile creates it again; answers how many were missing.
   */
  async check(boardIds: readonly string[]): Promise<number> {
    let missing = 0;
    for (const boardId of new Set(boardIds)) {
      const mine = (await this.registered.list()).filter((entry) => entry.boardId === boardId);
      if (mine.length === 0) continue;
      const answer = await this.monday.request(documents.listWebhooks, { boardId });
      const onMonday = new Set(((answer.data.webhooks as { id: string }[] | null) ?? []).map((webhook) => webhook.id));
      for (const row of mine.filter((entry) => !onMonday.has(entry.webhookId))) {
        await this.registered.remove(row.boardId, row.event);
        missing += 1;
      }
    }
    return missing;
  }

  /** Creates the missing webhooks of `boardIds`, and deletes those of boards no longer listed. */
  async reconcile(boardIds: readonly string[]): Promise<{ created: number; deleted: number }> {
    const wanted = new Set(boardIds);
    const existing = await this.registered.list();
    let created = 0;
    let deleted = 0;
    for (const row of existing.filter((entry) => !wanted.has(entry.boardId))) {
      await this.writer.deleteWebhook(row.webhookId);
      await this.registered.remove(row.boardId, row.event);
      deleted += 1;
    }
    for (const boardId of wanted) {
      for (const event of webhookEvents) {
        if (existing.some((entry) => entry.boardId === boardId && entry.event === event)) continue;
        const webhookId = await this.writer.createWebhook(boardId, this.endpoint.publicUrl, event);
        await this.registered.add({ boardId, event, webhookId });
        created += 1;
      }
    }
    return { created, deleted };
  }
}
