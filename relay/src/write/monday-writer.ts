// Every write the relay makes to monday goes through here: items created, columns changed, items archived or
// deleted, notes posted on items, the Salesforce column added to a board, webhooks created and deleted. Reads stay
// with their readers (../monday/, ../read/). One place means one place to see what the relay can change on a
// customer's account, and one place where batching, idempotency keys and per-alias answers are handled.
// write/__tests__/one-writer-per-system.test.ts checks that no other file sends a mutation.
import { aliasError, batchKey } from '../monday/batches';
import type { MondayClient } from '../monday/client';
import type { MondayRequestError } from '../monday/errors';
import {
  type NewItem,
  changeValuesDocument,
  changeValuesVariables,
  createItemsDocument,
  createItemsVariables,
  documents
} from '../monday/documents';
import type { FoundItem } from '../monday/salesforce-column';

/** monday runs at most this many aliased mutations of a batch in one request (our choice: a complexity budget). */
export const maxMutationsPerRequest = 25;

/** One alias's answer: what monday made or changed, or why it refused this one write. */
export type AliasAnswer<T> = { ok: true; value: T } | { ok: false; error: MondayRequestError };

export interface ColumnUpdate {
  itemId: string;
  values: Record<string, unknown>;
}

export class MondayWriter {
  constructor(private readonly monday: MondayClient) {}

  /**
   * Creates items on a board in one request (aliases item0, item1...): one answer per item, in order. `keyParts`
   * name each item with what is asked of it: the same batch sent again is answered from monday's idempotency cache
   * (30 minutes) instead of making the items twice.
   */
  async createItems(
    boardId: string,
    items: NewItem[],
    options: { createLabels: boolean; keyParts: string[] }
  ): Promise<AliasAnswer<FoundItem>[]> {
    const answer = await this.monday.request(
      createItemsDocument(items.length),
      createItemsVariables(boardId, items, options.createLabels),
      { idempotencyKey: batchKey('create', options.keyParts) }
    );
    return items.map((_, index) => {
      const created = answer.data[`item${index}`] as FoundItem | null | undefined;
      return created
        ? { ok: true, value: created }
        : { ok: false, error: aliasError(answer.fieldErrors, `item${index}`) };
    });
  }

  /** Changes the columns of several items of a board in one request (aliases update0...): one answer per item. */
  async changeColumns(
    boardId: string,
    updates: ColumnUpdate[],
    options: { createLabels: boolean; keyKind: string; keyParts: string[] }
  ): Promise<AliasAnswer<true>[]> {
    const answer = await this.monday.request(
      changeValuesDocument(updates.length),
      changeValuesVariables(boardId, updates, options.createLabels),
      { idempotencyKey: batchKey(options.keyKind, options.keyParts) }
    );
    return updates.map((_, index) =>
      answer.data[`update${index}`]
        ? { ok: true, value: true }
        : { ok: false, error: aliasError(answer.fieldErrors, `update${index}`) }
    );
  }

  /** Changes one item's columns (a single write outside a batch); throws what monday refused. */
  async changeItemColumns(
    boardId: string,
    itemId: string,
    values: Record<string, unknown>,
    key?: string
  ): Promise<void> {
    await this.monday.request(
      documents.changeColumnValues,
      { boardId, itemId, values: JSON.stringify(values) },
      key ? { idempotencyKey: key } : {}
    );
  }

  async archiveItem(itemId: string, key: string): Promise<void> {
    await this.monday.request(documents.archiveItem, { itemId }, { idempotencyKey: key });
  }

  async deleteItem(itemId: string, key: string): Promise<void> {
    await this.monday.request(documents.deleteItem, { itemId }, { idempotencyKey: key });
  }

  /** A note in the item's updates (B1: a failure told where the board's users see it). */
  async postNote(itemId: string, body: string): Promise<void> {
    await this.monday.request(documents.createUpdate, { itemId, body });
  }

  /** Adds a column to a board, once (the key makes a repeat a replay). */
  async createColumn(
    boardId: string,
    column: { id: string; title: string; columnType: string; description: string },
    key: string
  ): Promise<void> {
    await this.monday.request(documents.createColumn, { boardId, ...column }, { idempotencyKey: key });
  }

  /** Creates a webhook on a board; answers its id, or throws saying why monday made none. */
  async createWebhook(boardId: string, url: string, event: string): Promise<string> {
    const answer = await this.monday.request(documents.createWebhook, { boardId, url, event, config: null });
    const webhook = answer.data.create_webhook as { id: string } | null;
    if (!webhook)
      throw new Error(
        `monday did not create the ${event} webhook of board ${boardId}: ${answer.fieldErrors[0]?.message ?? 'no answer'}`
      );
    return webhook.id;
  }

  async deleteWebhook(webhookId: string): Promise<void> {
    await this.monday.request(documents.deleteWebhook, { id: webhookId });
  }

  /** A bell notification to a monday user about a board (F13: the Salesforce side refused the relay). */
  async notify(userId: string, boardId: string, text: string): Promise<void> {
    await this.monday.request(documents.notifyUser, { userId, targetId: boardId, text });
  }

  /** What is left of the minute's complexity budget, in mutations of this batch's kind (undefined: unknown). */
  affordableMutations(operationName: string): number | undefined {
    return this.monday.affordableMutations(operationName);
  }
}
