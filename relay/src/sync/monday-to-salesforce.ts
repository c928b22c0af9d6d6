// monday → Salesforce (SPEC F5, F9, F11, F12): items created or changed on a board with a monday → Salesforce recipe
// create their records, or update them. Events are applied in batches: the items are read in one monday request per
// 100 (as the API returns them, not the webhook's UI shapes), mapped to fields with the object's describe, and the
// records created and updated with sObject Collections, 200 a call. A record is created only when every field
// required on create is there (F11, refused with their names otherwise); an update sends only fields that can be
// updated (F12) and whose value changed since the last sync. On a two-way board the record's current values are read
// first (one query per 200 records), so that a field changed on both sides is settled by the recipe's rule
// (./conflicts.ts) rather than overwritten. Each event gets its own outcome: one refused record fails its own event.
import type { Logger } from '../core/logger';
import { MappingError } from '../core/errors';
import type { MondayEvent } from '../intake/monday-webhooks';
import type { MondayClient } from '../monday/client';
import { SalesforceColumns, salesforceColumnId } from '../monday/salesforce-column';
import {
  type CollectionResult,
  type CollectionWrite,
  type SalesforceClient,
  collectionError,
  collectionLimit
} from '../salesforce/client';
import { SalesforceRequestError, SalesforceUnavailableError } from '../salesforce/errors';
import type { DescribeCache } from '../salesforce/describe-cache';
import type { LinkPush } from '../salesforce/link-push';
import type { ItemsSeen } from '../store/items-seen';
import type { Link, LinkStore } from '../store/links';
import { type SyncedValues, sameValue } from '../store/synced-values';
import { type MondayWriter, maxMutationsPerRequest } from '../write/monday-writer';
import type { SalesforceWriter } from '../write/salesforce-writer';
import { type ConflictLog, pushingPartner, salesforceTime, mondayTime, winnerOf } from './conflicts';
import { type ItemReading, columnReading, linkedRecordId, readItems } from './item-reading';
import { itemKey, itemKeyField } from './item-key';
import type { Recipe } from './recipe';
import type { RecipeSource } from './recipe-source';
import { mondayColumnValue } from './to-monday-columns';
import { salesforceFieldValue } from './to-salesforce-fields';

export interface MondayToSalesforceParts {
  /** The items read, in the state read: the reconciliation poll does not queue them again. */
  itemsSeen?: ItemsSeen;
  /** Runs store writes as one transaction (one durable write per answer, not one per record). */
  atomically?: (writes: () => void) => void;
  /** The links waiting for Salesforce ride with the records' upsert: one call for both. */
  linkPush?: LinkPush;
  recipes: RecipeSource;
  describe: DescribeCache;
  monday: MondayClient;
  /** Every write to monday (the Salesforce column of new records, values set back after a conflict). */
  mondayWriter: MondayWriter;
  salesforce: SalesforceClient;
  /** Every write to Salesforce: the records, with the links riding along, and deletions. */
  salesforceWriter: SalesforceWriter;
  columns: SalesforceColumns;
  links: LinkStore;
  synced: SyncedValues;
  conflicts: ConflictLog;
  recordUrl(objectApiName: string, recordId: string): string;
  logger: Logger;
}

export type ItemOutcome = 'created' | 'updated' | 'unchanged' | 'deleted' | 'skipped';

/** What became of one event: its outcome per recipe, or the error that stopped it. */
export type EventResult = { ok: true; outcomes: Record<string, ItemOutcome> } | { ok: false; error: unknown };

/** One recipe's work on one item of an event. */
interface ItemWork {
  event: number;
  recipe: Recipe;
  item: ItemReading;
  /** When the board changed, for "last writer wins". */
  changedAt: number;
}

interface Creation extends ItemWork {
  record: Record<string, unknown>;
}

interface Update extends ItemWork {
  link: Link;
  /** The updateable mapped fields whose value differs from the last synced one, with the board's values. */
  changes: Record<string, unknown>;
  neverSynced: string[];
  /** Set on a two-way board: the Salesforce → monday recipe that may have changed the same fields. */
  twoWay: boolean;
}

export class MondayToSalesforce {
  constructor(private readonly parts: MondayToSalesforceParts) {}

  private atomically(writes: () => void): void {
    if (this.parts.atomically) this.parts.atomically(writes);
    else writes();
  }

  /** Applies one event (see applyAll); throws what stopped it. */
  async apply(event: MondayEvent): Promise<Record<string, ItemOutcome>> {
    const [result] = await this.applyAll([event]);
    if (!result?.ok) throw result?.error;
    return result.outcomes;
  }

  /** Applies events, in as few requests as they allow; one result per event, in order. */
  async applyAll(events: MondayEvent[]): Promise<EventResult[]> {
    const results: EventResult[] = events.map(() => ({ ok: true, outcomes: {} }));
    const fail = (index: number, error: unknown): void => {
      if (results[index]?.ok) results[index] = { ok: false, error };
    };
    const settle = (work: Pick<ItemWork, 'event' | 'recipe'>, outcome: ItemOutcome): void => {
      const result = results[work.event];
      if (result?.ok) result.outcomes[work.recipe.id] = outcome;
    };
    let recipes: Recipe[];
    try {
      recipes = await this.parts.recipes.all();
    } catch (error) {
      return events.map(() => ({ ok: false, error }));
    }
    const changed: { index: number; event: MondayEvent }[] = [];
    for (const [index, event] of events.entries()) {
      const pulling = pullingRecipes(recipes, String(event.boardId));
      if (pulling.length === 0) continue;
      if (event.type === 'delete_pulse' || event.type === 'archive_pulse') {
        for (const recipe of pulling) {
          try {
            settle({ event: index, recipe }, await this.onItemGone(recipe, itemIdOf(event)));
          } catch (error) {
            fail(index, error);
          }
        }
        continue;
      }
      // The Salesforce column is the relay's own (it links the item to its record): its changes are not the board's.
      if (event.type === 'update_column_value' && event.columnId === salesforceColumnId) continue;
      changed.push({ index, event });
    }
    if (changed.length === 0) return results;

    let items: Map<string, ItemReading>;
    try {
      items = await readItems(this.parts.monday, [...new Set(changed.map(({ event }) => itemIdOf(event)))]);
      this.parts.itemsSeen?.record([...items.values()]);
    } catch (error) {
      for (const { index } of changed) fail(index, error);
      return results;
    }
    const creations: Creation[] = [];
    const updates: Update[] = [];
    for (const { index, event } of changed) {
      const item = items.get(itemIdOf(event));
      if (!item || item.state !== 'active') continue;
      for (const recipe of pullingRecipes(recipes, String(event.boardId))) {
        const work = {
          event: index,
          recipe,
          item,
          changedAt: mondayTime(event.triggerTime) || mondayTime(item.updated_at)
        };
        try {
          const planned = await this.plan(work, pushingPartner(recipes, recipe) !== undefined);
          if (planned.kind === 'create') creations.push(planned.creation);
          else updates.push(planned.update);
        } catch (error) {
          fail(index, error);
        }
      }
    }
    await this.create(creations, settle, fail);
    await this.update(updates, settle, fail);
    return results;
  }

  /** The record's field values from the item, by the recipe's mapping. */
  private async fieldValues(recipe: Recipe, item: ItemReading): Promise<Record<string, unknown>> {
    const fields = await this.parts.describe.fields(recipe.objectApiName);
    const values: Record<string, unknown> = {};
    for (const entry of recipe.definition.mapping) {
      const target = fields.get(entry.field);
      if (!target)
        throw new MappingError(`${entry.field}: Salesforce no longer has this field; fix the recipe "${recipe.name}"`, {
          field: entry.field
        });
      values[target.name] = salesforceFieldValue(entry.columnType, columnReading(item, entry), target);
    }
    return values;
  }

  private async plan(
    work: ItemWork,
    twoWay: boolean
  ): Promise<{ kind: 'create'; creation: Creation } | { kind: 'update'; update: Update }> {
    const { recipe, item } = work;
    const values = await this.fieldValues(recipe, item);
    const fields = await this.parts.describe.fields(recipe.objectApiName);
    const link = this.parts.links.findByItem(recipe.id, item.id) ?? this.linkFromSalesforceColumn(recipe, item);
    if (!link) {
      // F11: every field required on create must have a value, or the record is not created (with the reason).
      const missing = [...fields.values()]
        .filter((field) => field.createable && !field.nillable && !field.defaultedOnCreate)
        .filter((field) => values[field.name] === null || values[field.name] === undefined || values[field.name] === '')
        .map((field) => `${field.label} (${field.name})`);
      if (missing.length > 0) {
        throw new MappingError(
          `The item cannot create a ${recipe.objectApiName}: required fields are empty: ${missing.join(', ')}`
        );
      }
      const record = Object.fromEntries(Object.entries(values).filter(([name]) => fields.get(name)?.createable));
      return { kind: 'create', creation: { ...work, record } };
    }
    // A crash after the record was created may have left the item without its Salesforce column.
    if (linkedRecordId(item) !== link.recordId) await this.writeSalesforceColumn(recipe, item.id, link.recordId);
    // F12: only fields that can be updated are sent; a value is sent only when it differs from the last one both
    // sides agreed on, so the board's echo of a value the relay wrote from Salesforce is no change (no loop).
    const proposed = Object.fromEntries(Object.entries(values).filter(([name]) => fields.get(name)?.updateable));
    const { changed, neverSynced } = this.parts.synced.compare(recipe.boardId, link.recordId, proposed);
    return { kind: 'update', update: { ...work, link, changes: pick(proposed, changed), neverSynced, twoWay } };
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
      this.atomically(() => {
        for (const [index, group] of [...byKey.values()].entries()) {
          const result = results[index];
          for (const creation of group) {
            if (!result?.success || !result.id) {
              fail(creation.event, result ? upsertError(result, keyField) : new Error('Salesforce gave no result'));
              continue;
            }
            const { recipe, item } = creation;
            // The link is kept before the board is written: a retry then updates this record, never creates another.
            this.parts.synced.remember(recipe.boardId, result.id, creation.record);
            this.parts.links.save(linkOf(recipe, result.id, item));
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
    const links = this.parts.linkPush?.prepare(await this.parts.salesforce.packageNames());
    const [answer, linksAnswer] = await this.parts.salesforceWriter.writeCollections(
      links ? [write, links.collection] : [write]
    );
    if (linksAnswer instanceof Error) this.parts.logger.warn({ err: linksAnswer }, 'links could not be pushed yet');
    else if (linksAnswer) links?.settle(linksAnswer);
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
    const toRead = updates.filter(
      (update) => update.neverSynced.length > 0 || (update.twoWay && Object.keys(update.changes).length > 0)
    );
    const current = await this.currentRecords(toRead, fail);
    const writes: { update: Update; send: Record<string, unknown>; superseding: number | undefined }[] = [];
    for (const update of updates) {
      const record = current.get(update.link.recordId);
      if (toRead.includes(update) && !record) continue; // its read failed, or the record is gone: failed already
      try {
        const decided = await this.decide(update, record);
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
      this.atomically(() => {
        for (const [index, { update, send, superseding }] of chunk.entries()) {
          const result = results[index];
          if (!result?.success) {
            fail(update.event, result ? collectionError(result) : new Error('Salesforce gave no result'));
            continue;
          }
          const { recipe, link } = update;
          this.parts.synced.remember(recipe.boardId, link.recordId, send);
          if (superseding !== undefined)
            this.parts.synced.supersede(recipe.boardId, link.recordId, Object.keys(send), superseding);
          this.parts.links.save({
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

  /**
   * The records' current values of the fields the board changed, with their SystemModstamp: one query per object and
   * 200 records. A record that no longer exists fails its event.
   */
  private async currentRecords(
    updates: Update[],
    fail: (index: number, error: unknown) => void
  ): Promise<Map<string, Record<string, unknown>>> {
    const records = new Map<string, Record<string, unknown>>();
    for (const { objectApiName, chunk } of chunksByObject(updates)) {
      const fields = new Set(['Id', 'SystemModstamp']);
      for (const update of chunk) for (const field of Object.keys(update.changes)) fields.add(field);
      const ids = [...new Set(chunk.map((update) => update.link.recordId))];
      try {
        const rows = await this.parts.salesforce.query(
          `SELECT ${[...fields].join(', ')} FROM ${objectApiName} WHERE Id IN ('${ids.join("', '")}')`
        );
        for (const row of rows) records.set(String(row.Id), row);
      } catch (error) {
        for (const update of chunk) fail(update.event, error);
        continue;
      }
      for (const update of chunk.filter((candidate) => !records.has(candidate.link.recordId))) {
        fail(
          update.event,
          new MappingError(
            `The ${update.recipe.objectApiName} ${update.link.recordId} linked to this item no longer exists in Salesforce`
          )
        );
      }
    }
    return records;
  }

  /**
   * Which of the board's changes to send. Without the record's current values, all of them. With them: a value
   * Salesforce already holds is agreed; a field Salesforce did not change since the last sync takes the board's
   * value; a field changed on both sides is a conflict, settled now by the rule. When Salesforce wins, the board is
   * set back to Salesforce's value; whatever the board sends supersedes the Salesforce changes made up to the record's
   * read (their report may still be on its way).
   */
  private async decide(
    update: Update,
    record: Record<string, unknown> | undefined
  ): Promise<{ send: Record<string, unknown>; superseding: number | undefined }> {
    const { recipe, link, changes } = update;
    if (!record) return { send: changes, superseding: undefined };
    const last = this.parts.synced.lastValues(recipe.boardId, link.recordId);
    const salesforceAt = salesforceTime(record.SystemModstamp as string | undefined);
    const send: Record<string, unknown> = {};
    const agreed: Record<string, unknown> = {};
    const boardLoses: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(changes)) {
      const now = record[field] ?? null;
      // Without a value both sides agreed on, a one-way board's value is the one to keep; on a two-way board the two
      // may each have changed since the pair was made (an item made from the record, whose answer was lost, and the
      // record edited since): that is a conflict like any other, settled by the rule.
      const unknown = !last.has(field);
      if (sameValue(now, value)) agreed[field] = value;
      else if (unknown ? !update.twoWay : sameValue(now, last.get(field))) send[field] = value;
      else {
        const conflict = {
          recipe,
          recordId: link.recordId,
          itemId: link.itemId,
          field,
          salesforce: { value: now, at: salesforceAt },
          monday: { value, at: update.changedAt }
        };
        const winner = winnerOf(conflict);
        await this.parts.conflicts.record(conflict, winner);
        if (winner === 'monday') {
          send[field] = value;
        } else boardLoses[field] = now;
      }
    }
    if (Object.keys(boardLoses).length > 0) await this.setBoardBack(update, boardLoses);
    this.parts.synced.remember(recipe.boardId, link.recordId, { ...agreed, ...boardLoses });
    // What the board sends overwrites the record as it was read: a Salesforce change made up to then and still on its
    // way (the package's report of the record's creation delayed by an outage, say) must not take these fields back.
    return { send, superseding: salesforceAt };
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

  /**
   * An item whose Salesforce column already names a record of the recipe's object (an item made by a Salesforce →
   * monday recipe on the same board, the two-way sync) is linked to that record, never used to create a second one.
   */
  private linkFromSalesforceColumn(recipe: Recipe, item: ItemReading): Link | undefined {
    const recordId = linkedRecordId(item);
    if (!recordId) return undefined;
    const sameObject = this.parts.links.findRecord(recordId);
    if (sameObject && sameObject.objectApiName !== recipe.objectApiName) return undefined;
    return this.parts.links.save(linkOf(recipe, recordId, item));
  }

  private async onItemGone(recipe: Recipe, itemId: string): Promise<ItemOutcome> {
    const link = this.parts.links.findByItem(recipe.id, itemId);
    if (!link || recipe.definition.options.onDelete === 'ignore') return 'skipped';
    // Salesforce has no archive: archiving or deleting the item deletes the record, when the recipe says so. monday
    // sends both when an item is archived and then deleted: a record already deleted (ENTITY_IS_DELETED, or NOT_FOUND
    // once the recycle bin is emptied; both 404) is what was asked, not a failure.
    try {
      await this.parts.salesforceWriter.deleteRecord(recipe.objectApiName, link.recordId);
    } catch (error) {
      if (!(error instanceof SalesforceRequestError && alreadyDeleted.has(error.errorCode))) throw error;
    }
    this.parts.synced.forget(link.recordId);
    return 'deleted';
  }
}

const alreadyDeleted = new Set(['ENTITY_IS_DELETED', 'NOT_FOUND']);

const itemIdOf = (event: MondayEvent): string => String(event.pulseId ?? event.itemId);

function pullingRecipes(recipes: Recipe[], boardId: string): Recipe[] {
  return recipes.filter((recipe) => recipe.direction === 'monday_to_Salesforce' && recipe.boardId === boardId);
}

/** The values by key, in their order (Map.groupBy, which Node 20 lacks). */
function groupBy<T>(values: T[], key: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const group = groups.get(key(value)) ?? [];
    group.push(value);
    groups.set(key(value), group);
  }
  return groups;
}

/** Groups of one object and at most 200 (an sObject Collection, or an IN list of a query). */
function chunksByObject<T extends { recipe: Recipe }>(works: T[]): { objectApiName: string; chunk: T[] }[] {
  const byObject = groupBy(works, (work) => work.recipe.objectApiName);
  const chunks: { objectApiName: string; chunk: T[] }[] = [];
  for (const [objectApiName, group] of byObject)
    for (let start = 0; start < group.length; start += collectionLimit)
      chunks.push({ objectApiName, chunk: group.slice(start, start + collectionLimit) });
  return chunks;
}

/** The link of a record made from (or found for) an item, synced now. */
function linkOf(recipe: Recipe, recordId: string, item: ItemReading): Omit<Link, 'lastSyncAt'> {
  return {
    recipeId: recipe.id,
    recordId,
    objectApiName: recipe.objectApiName,
    boardId: recipe.boardId,
    itemId: item.id,
    itemName: item.name,
    itemUrl: item.url ?? null,
    snapshot: snapshotOf(recipe, item),
    lastStatus: 'Synced',
    lastError: null
  };
}

/** The recipe's mapped columns (the item's name apart) as the item shows them, by column id. */
function snapshotOf(recipe: Recipe, item: ItemReading): Record<string, string> {
  const snapshot: Record<string, string> = {};
  for (const entry of recipe.definition.mapping) {
    if (entry.column !== 'name') snapshot[entry.column] = columnReading(item, entry).text ?? '';
  }
  return snapshot;
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

function pick(values: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, values[name]]));
}
