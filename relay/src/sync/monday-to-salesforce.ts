// monday → Salesforce (SPEC F5, F9, F11, F12), one walk per round of board events: read (../read/board-events.ts),
// plan (../plan/board-event-plan.ts, no I/O), then write. Records are created and updated with sObject Collections,
// 200 a call, upserted on the object's monday item key so that a repeated create finds its record; the new records'
// Salesforce columns are written to the board in aliased batches of 25; on a two-way board the records an update may
// conflict with are read first (one query per 200) and each conflict settled by the recipe's rule before anything is
// written. Every write goes through ../write/. Each event gets its own outcome: one refused record fails its own event.
import type { Logger } from '../core/logger';
import type { MondayEvent } from '../intake/monday-webhooks';
import { SalesforceColumns, salesforceColumnId } from '../monday/salesforce-column';
import {
  type CollectionResult,
  type CollectionWrite,
  type SalesforceClient,
  collectionError
} from '../salesforce/client';
import { SalesforceRequestError, SalesforceUnavailableError } from '../salesforce/errors';
import type { DescribeCache } from '../salesforce/describe-cache';
import type { LinkPush } from '../salesforce/link-push';
import type { Link } from '../store/links';
import type { LinkRepository, SyncedValueRepository } from '../store/ports';
import {
  type Creation,
  type ItemWork,
  type Update,
  decideUpdate,
  linkOf,
  needsRecord,
  planItem,
  snapshotOf
} from '../plan/board-event-plan';
import { type BoardEventReader, type ItemGone, chunksByObject, groupBy } from '../read/board-events';
import { type MondayWriter, maxMutationsPerRequest } from '../write/monday-writer';
import type { SalesforceWriter } from '../write/salesforce-writer';
import type { ConflictLog } from './conflicts';
import { linkedRecordId } from './item-reading';
import { itemKey, itemKeyField } from './item-key';
import type { Recipe } from './recipe';
import { mondayColumnValue } from './to-monday-columns';

export interface MondayToSalesforceParts {
  reader: BoardEventReader;
  /** Runs store writes as one transaction (one durable write per answer, not one per record). */
  atomically?: (writes: () => Promise<void>) => Promise<void>;
  /** The links waiting for Salesforce ride with the records' upsert: one call for both. */
  linkPush?: LinkPush;
  describe: DescribeCache;
  /** Names the package's objects as the org does (the links riding along). */
  salesforce: SalesforceClient;
  /** Every write to monday (the Salesforce column of new records, values set back after a conflict). */
  mondayWriter: MondayWriter;
  /** Every write to Salesforce: the records, with the links riding along, and deletions. */
  salesforceWriter: SalesforceWriter;
  /** Adds the Salesforce column to a board before its first write there. */
  columns: SalesforceColumns;
  links: LinkRepository;
  synced: SyncedValueRepository;
  conflicts: ConflictLog;
  recordUrl(objectApiName: string, recordId: string): string;
  logger: Logger;
}

export type ItemOutcome = 'created' | 'updated' | 'unchanged' | 'deleted' | 'skipped';

/** What became of one event: its outcome per recipe, or the error that stopped it. */
export type EventResult = { ok: true; outcomes: Record<string, ItemOutcome> } | { ok: false; error: unknown };

export class MondayToSalesforce {
  constructor(private readonly parts: MondayToSalesforceParts) {}

  private async atomically(writes: () => Promise<void>): Promise<void> {
    if (this.parts.atomically) await this.parts.atomically(writes);
    else await writes();
  }

  /** Reads, plans and writes a round of events, in as few requests as they allow; one result per event, in order. */
  async applyAll(events: MondayEvent[]): Promise<EventResult[]> {
    const results: EventResult[] = events.map(() => ({ ok: true, outcomes: {} }));
    const fail = (index: number, error: unknown): void => {
      if (results[index]?.ok) results[index] = { ok: false, error };
    };
    const settle = (work: Pick<ItemWork, 'event' | 'recipe'>, outcome: ItemOutcome): void => {
      const result = results[work.event];
      if (result?.ok) result.outcomes[work.recipe.id] = outcome;
    };
    let reading;
    try {
      reading = await this.parts.reader.read(events);
    } catch (error) {
      return events.map(() => ({ ok: false, error }));
    }
    for (const { event, error } of reading.failed) fail(event, error);
    for (const gone of reading.gone) {
      try {
        settle(gone, await this.onItemGone(gone));
      } catch (error) {
        fail(gone.event, error);
      }
    }
    const creations: Creation[] = [];
    const updates: Update[] = [];
    // Links found by Salesforce columns in this round, by record: a second recipe of the board sees the first's.
    const linkedNow = new Map<string, Omit<Link, 'lastSyncAt'>>();
    for (const work of reading.works) {
      if (!results[work.event]?.ok) continue;
      try {
        const planned = planItem(withLinksOfRound(work, linkedNow));
        if (planned.kind === 'create') {
          creations.push(planned.creation);
          continue;
        }
        if (planned.newLink) linkedNow.set(planned.newLink.recordId, await this.parts.links.save(planned.newLink));
        if (planned.repairColumn)
          await this.writeSalesforceColumn(work.recipe, work.item.id, planned.update.link.recordId);
        updates.push(planned.update);
      } catch (error) {
        fail(work.event, error);
      }
    }
    await this.create(creations, settle, fail);
    await this.update(updates, settle, fail);
    return results;
  }

  /**
   * Creates the records, upserted on the object's monday item key (./item-key.ts) in sObject Collections of 200: a
   * create repeated after a lost answer or a crash finds the record it made (created: false) rather than making a
   * second one. The link is kept before the board is written, so a later event updates this record.
   */
  private async create(
    creations: Creation[],
    settle: (work: ItemWork, outcome: ItemOutcome) => void,
    fail: (index: number, error: unknown) => void
  ): Promise<void> {
    for (const { objectApiName, chunk } of chunksByObject(creations)) {
      let keyField: string;
      try {
        keyField = itemKeyField(objectApiName, await this.parts.describe.fields(objectApiName));
      } catch (error) {
        for (const creation of chunk) fail(creation.event, error);
        continue;
      }
      // One record per key: two recipes of a board on one object make one record of an item, not two.
      const byKey = groupBy(chunk, ({ recipe, item }) => itemKey(recipe.boardId, item.id));
      let results;
      try {
        results = await this.writeWithLinks({
          objectApiName,
          externalIdField: keyField,
          records: [...byKey].map(([key, [first]]) => ({ ...first?.record, [keyField]: key }))
        });
      } catch (error) {
        for (const creation of chunk) fail(creation.event, error);
        continue;
      }
      const created: (Creation & { recordId: string })[] = [];
      // What Salesforce's answer leaves known is kept in one write.
      await this.atomically(async () => {
        for (const [index, group] of [...byKey.values()].entries()) {
          const result = results[index];
          for (const creation of group) {
            if (!result?.success || !result.id) {
              fail(creation.event, result ? upsertError(result, keyField) : new Error('Salesforce gave no result'));
              continue;
            }
            const { recipe, item } = creation;
            // The link is kept before the board is written: a retry then updates this record, never creates another.
            await this.parts.synced.remember(recipe.boardId, result.id, creation.record);
            await this.parts.links.save(linkOf(recipe, result.id, item));
            created.push({ ...creation, recordId: result.id });
          }
        }
      });
      await this.writeSalesforceColumns(created, settle, fail);
    }
  }

  /**
   * Writes records to Salesforce with the links waiting carried along as a second collection of one composite call
   * (../salesforce/link-push.ts): the links cost no request of their own. Answers the records' results.
   */
  private async writeWithLinks(write: CollectionWrite): Promise<CollectionResult[]> {
    const links = await this.parts.linkPush?.prepare(await this.parts.salesforce.packageNames());
    const [answer, linksAnswer] = await this.parts.salesforceWriter.writeCollections(
      links ? [write, links.collection] : [write]
    );
    if (linksAnswer instanceof Error) this.parts.logger.warn({ err: linksAnswer }, 'links could not be pushed yet');
    else if (linksAnswer) await links?.settle(linksAnswer);
    if (answer instanceof Error) throw answer;
    if (!answer) throw new Error('Salesforce gave no answer');
    return answer;
  }

  /** The new records' Salesforce columns, written board by board in aliased batches of 25. */
  private async writeSalesforceColumns(
    created: (Creation & { recordId: string })[],
    settle: (work: ItemWork, outcome: ItemOutcome) => void,
    fail: (index: number, error: unknown) => void
  ): Promise<void> {
    const byBoard = groupBy(created, (creation) => creation.recipe.boardId);
    for (const [boardId, creations] of byBoard) {
      try {
        await this.parts.columns.ensure(boardId);
      } catch (error) {
        for (const creation of creations) fail(creation.event, error);
        continue;
      }
      for (let start = 0; start < creations.length; start += maxMutationsPerRequest) {
        const batch = creations.slice(start, start + maxMutationsPerRequest);
        const updates = batch.map(({ recipe, item, recordId }) => ({
          itemId: item.id,
          values: {
            [salesforceColumnId]: SalesforceColumns.valueFor(
              this.parts.recordUrl(recipe.objectApiName, recordId),
              recordId
            )
          }
        }));
        try {
          const answers = await this.parts.mondayWriter.changeColumns(boardId, updates, {
            createLabels: false,
            keyKind: 'salesforce-column',
            keyParts: batch.map(({ item, recordId }) => `${item.id}:${recordId}`)
          });
          batch.forEach((creation, index) => {
            const answer = answers[index];
            if (answer?.ok) settle(creation, 'created');
            else if (answer) fail(creation.event, answer.error);
          });
        } catch (error) {
          for (const creation of batch) fail(creation.event, error);
        }
      }
    }
  }

  private async writeSalesforceColumn(recipe: Recipe, itemId: string, recordId: string): Promise<void> {
    await this.parts.columns.ensure(recipe.boardId);
    const recordUrl = this.parts.recordUrl(recipe.objectApiName, recordId);
    await this.parts.mondayWriter.changeItemColumns(
      recipe.boardId,
      itemId,
      { [salesforceColumnId]: SalesforceColumns.valueFor(recordUrl, recordId) },
      `salesforce-column:${itemId}:${recordId}`
    );
  }

  private async update(
    updates: Update[],
    settle: (work: ItemWork, outcome: ItemOutcome) => void,
    fail: (index: number, error: unknown) => void
  ): Promise<void> {
    const toRead = updates.filter(needsRecord);
    const current = await this.parts.reader.readRecords(toRead, fail);
    const writes: { update: Update; send: Record<string, unknown>; superseding: number | undefined }[] = [];
    for (const update of updates) {
      const record = current.get(update.link.recordId);
      if (toRead.includes(update) && !record) continue; // its read failed, or the record is gone: failed already
      try {
        const decided = await this.settleConflicts(update, record);
        if (Object.keys(decided.send).length === 0) {
          settle(update, 'unchanged');
          continue;
        }
        writes.push({ update, ...decided });
      } catch (error) {
        fail(update.event, error);
      }
    }
    for (const { objectApiName, chunk } of chunksByObject(
      writes.map((write) => ({ ...write, recipe: write.update.recipe }))
    )) {
      let results;
      try {
        results = await this.writeWithLinks({
          objectApiName,
          records: chunk.map(({ update, send }) => ({ id: update.link.recordId, ...send }))
        });
      } catch (error) {
        for (const { update } of chunk) fail(update.event, error);
        continue;
      }
      await this.atomically(async () => {
        for (const [index, { update, send, superseding }] of chunk.entries()) {
          const result = results[index];
          if (!result?.success) {
            fail(update.event, result ? collectionError(result) : new Error('Salesforce gave no result'));
            continue;
          }
          const { recipe, link } = update;
          await this.parts.synced.remember(recipe.boardId, link.recordId, send);
          if (superseding !== undefined)
            await this.parts.synced.supersede(recipe.boardId, link.recordId, Object.keys(send), superseding);
          await this.parts.links.save({
            ...link,
            itemName: update.item.name,
            itemUrl: update.item.url ?? link.itemUrl,
            snapshot: snapshotOf(recipe, update.item),
            lastStatus: 'Synced',
            lastError: null
          });
          settle(update, 'updated');
        }
      });
    }
  }

  /** The update's decision, with its conflicts logged, Salesforce's wins set back on the item and remembered. */
  private async settleConflicts(
    update: Update,
    record: Record<string, unknown> | undefined
  ): Promise<{ send: Record<string, unknown>; superseding: number | undefined }> {
    const decision = decideUpdate(update, record);
    for (const { conflict, winner } of decision.conflicts) await this.parts.conflicts.record(conflict, winner);
    if (Object.keys(decision.boardLoses).length > 0) await this.setBoardBack(update, decision.boardLoses);
    await this.parts.synced.remember(update.recipe.boardId, update.link.recordId, decision.agreed);
    return { send: decision.send, superseding: decision.superseding };
  }

  /** Salesforce won: its values go back on the item's columns. */
  private async setBoardBack(update: Update, values: Record<string, unknown>): Promise<void> {
    const { recipe, item } = update;
    const types = await this.parts.describe.types(recipe.objectApiName);
    const columns: Record<string, unknown> = {};
    for (const entry of recipe.definition.mapping.filter((candidate) => candidate.field in values)) {
      columns[entry.column] = mondayColumnValue(entry.columnType, values[entry.field], {
        field: entry.field,
        fieldType: types[entry.field] ?? 'string',
        defaultPhoneCountry: recipe.definition.options.defaultPhoneCountry
      });
    }
    await this.parts.mondayWriter.changeItemColumns(recipe.boardId, item.id, columns);
  }

  private async onItemGone({ recipe, link }: ItemGone): Promise<ItemOutcome> {
    if (!link || recipe.definition.options.onDelete === 'ignore') return 'skipped';
    // Salesforce has no archive: archiving or deleting the item deletes the record, when the recipe says so. monday
    // sends both when an item is archived and then deleted: a record already deleted (ENTITY_IS_DELETED, or NOT_FOUND
    // once the recycle bin is emptied; both 404) is what was asked, not a failure.
    try {
      await this.parts.salesforceWriter.deleteRecord(recipe.objectApiName, link.recordId);
    } catch (error) {
      if (!(error instanceof SalesforceRequestError && alreadyDeleted.has(error.errorCode))) throw error;
    }
    await this.parts.synced.forget(link.recordId);
    return 'deleted';
  }
}

const alreadyDeleted = new Set(['ENTITY_IS_DELETED', 'NOT_FOUND']);

/** A work whose Salesforce column names a record linked earlier in this round sees that link. */
function withLinksOfRound(work: ItemWork, linkedNow: Map<string, Omit<Link, 'lastSyncAt'>>): ItemWork {
  if (work.link || work.columnRecordLink) return work;
  const recordId = linkedRecordId(work.item);
  const earlier = recordId ? linkedNow.get(recordId) : undefined;
  return earlier ? { ...work, columnRecordLink: { ...earlier, lastSyncAt: 0 } } : work;
}

/**
 * A refused upsert. Two upserts of one new key racing (two relays, or a retry overlapping a slow first attempt) make
 * the later one fail with DUPLICATE_VALUE on the key: the record exists, and the retry finds it.
 */
function upsertError(result: CollectionResult, keyField: string): Error {
  const first = result.errors[0];
  if (
    first?.statusCode === 'DUPLICATE_VALUE' &&
    ((first.fields ?? []).includes(keyField) || first.message.includes(keyField))
  )
    return new SalesforceUnavailableError(`Salesforce: ${first.message} (the record was being created; retried)`);
  return collectionError(result);
}
