// The reconciliation poll (SPEC B6): monday retries a webhook for 30 minutes, then drops it. When the relay was
// unreachable for longer, what changed on a board meanwhile is found here: the board's items, most recently updated
// first (items_page ordered by __last_updated__), down to the last update already seen. Each is queued as a change of
// the item; the worker reads the item and writes only what differs from the last synced values, so an item whose
// webhook did arrive costs a read, never a second write.
// https://developer.monday.com/api-reference/reference/items-page (query_params.order_by, __last_updated__)
import { z } from 'zod';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { MondayClient } from '../monday/client';
import { documents } from '../monday/documents';
import type { ItemsSeenRepository, WatermarkRepository } from '../store/ports';
import { type ItemReading, readItems } from '../sync/item-reading';
import type { MondayWebhookIntake } from './monday-webhooks';

const pageSize = 100;
const itemStamps = z.array(z.object({ id: z.string(), updated_at: z.string() }));
const firstPage = z.object({
  boards: z.array(z.object({ items_page: z.object({ cursor: z.string().nullable(), items: itemStamps }) }))
});
const nextPage = z.object({ next_items_page: z.object({ cursor: z.string().nullable(), items: itemStamps }) });

export class BoardReconciliation {
  constructor(
    private readonly monday: MondayClient,
    private readonly intake: MondayWebhookIntake,
    private readonly watermarks: WatermarkRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly itemsSeen: ItemsSeenRepository
  ) {}

  /** Queues the items of each board updated since its last poll; answers how many were queued. */
  async poll(boardIds: string[]): Promise<number> {
    let queued = 0;
    for (const boardId of boardIds) queued += await this.pollBoard(boardId);
    return queued;
  }

  private async pollBoard(boardId: string): Promise<number> {
    const watermark = await this.watermarks.get(boardId);
    const since = watermark === undefined ? undefined : Date.parse(watermark);
    const missed: { id: string; updated_at: string }[] = [];
    let newest: string | undefined;
    let answer = firstPage.parse(
      (await this.monday.request(documents.recentlyUpdatedItems, { boardId, limit: pageSize })).data
    ).boards[0]?.items_page;
    while (answer) {
      newest ??= answer.items[0]?.updated_at;
      // monday's updated_at has a precision of a second: an item updated in the second of the watermark is taken
      // again (its queued change is deduplicated by its trigger id).
      const recent = answer.items.filter((item) => since !== undefined && Date.parse(item.updated_at) >= since);
      missed.push(...recent);
      // The first poll of a board only sets its watermark; a page reaching the watermark ends the walk.
      if (since === undefined || recent.length < answer.items.length || !answer.cursor) break;
      answer = nextPage.parse(
        (await this.monday.request(documents.nextRecentlyUpdatedItems, { cursor: answer.cursor, limit: pageSize })).data
      ).next_items_page;
    }
    let queued = 0;
    for (const item of await this.unseen(missed)) {
      const stored = await this.intake.queue({
        type: 'update_column_value',
        triggerUuid: `reconcile:${boardId}:${item.id}:${item.updated_at}`,
        subscriptionId: 0,
        boardId: Number(boardId),
        pulseId: Number(item.id),
        userId: 0,
        triggerTime: item.updated_at
      });
      if (stored) queued += 1;
    }
    const latest = [newest, watermark]
      .filter((stamp) => stamp !== undefined)
      .sort((a, b) => Date.parse(b) - Date.parse(a))[0];
    await this.watermarks.set(boardId, latest ?? new Date(this.clock.now()).toISOString());
    if (queued > 0) this.logger.info({ boardId, queued }, 'items changed while their webhooks were missed');
    return queued;
  }

  /**
   * The items the relay has not read in their present state: an item read in a later state is skipped; one read in
   * the same second is read again (100 a request) and skipped only if it holds what it held then.
   */
  private async unseen(items: { id: string; updated_at: string }[]): Promise<{ id: string; updated_at: string }[]> {
    const status = new Map<string, 'seen' | 'same-second' | 'new'>();
    for (const item of items) status.set(item.id, await this.itemsSeen.status(item.id, item.updated_at));
    const sameSecond = items.filter((item) => status.get(item.id) === 'same-second').map((item) => item.id);
    const current = sameSecond.length > 0 ? await readItems(this.monday, sameSecond) : new Map<string, ItemReading>();
    const unseen: { id: string; updated_at: string }[] = [];
    for (const item of items) {
      const known = status.get(item.id);
      const read = current.get(item.id);
      if (known === 'new' || (known === 'same-second' && read && !(await this.itemsSeen.unchanged(read))))
        unseen.push(item);
    }
    return unseen;
  }
}
