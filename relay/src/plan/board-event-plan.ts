// monday → Salesforce (SPEC F5, F9, F11, F12), the plan: what an item's change asks of each recipe pulling its board,
// decided from what ../read/board-events.ts read, with no I/O. The walk (../sync/monday-to-salesforce.ts) writes it.
// - An item with no record yet creates one, only when every field required on create has a value (F11, refused with
//   their names otherwise). An item whose Salesforce column names a record of the recipe's object (made by a
//   Salesforce → monday recipe of the same board) is linked to it, never used to create a second one.
// - An update sends only fields that can be updated (F12) and whose value differs from the last one both sides agreed
//   on, so the board's echo of a value the relay wrote from Salesforce is no change (no loop).
// - On a two-way board the record's current values are read first, and a field changed on both sides is settled by
//   the recipe's rule (../sync/conflicts.ts), not overwritten (decideUpdate).
import { MappingError } from '../core/errors';
import type { DescribedField } from '../salesforce/describe-cache';
import type { Link } from '../store/links';
import { type SyncedSnapshot, compareSynced, lastSyncedValues, sameValue } from '../store/synced-values';
import { type Conflict, type Side, salesforceTime, winnerOf } from '../sync/conflicts';
import { type ItemReading, columnReading, linkedRecordId } from '../sync/item-reading';
import type { Recipe } from '../sync/recipe';
import { salesforceFieldValue } from '../sync/to-salesforce-fields';

/** One recipe's work on one item of an event, as read. */
export interface ItemWork {
  /** The event's index in its round. */
  event: number;
  recipe: Recipe;
  item: ItemReading;
  /** When the board changed, for "last writer wins". */
  changedAt: number;
  /** The recipe's object's fields. */
  fields: ReadonlyMap<string, DescribedField>;
  /** This recipe's link of the item. */
  link: Link | undefined;
  /** The link of the record the item's Salesforce column names, on any board (to tell its object). */
  columnRecordLink: Link | undefined;
  /** The synced state of the item's record on the board (the linked one, or the one its column names). */
  synced: SyncedSnapshot;
  /** A Salesforce → monday recipe sends the record's changes to this board too. */
  twoWay: boolean;
}

export interface Creation extends ItemWork {
  record: Record<string, unknown>;
}

export interface Update extends ItemWork {
  link: Link;
  /** The updateable mapped fields whose value differs from the last synced one, with the board's values. */
  changes: Record<string, unknown>;
  neverSynced: string[];
}

export type ItemPlan =
  | { kind: 'create'; creation: Creation }
  | {
      kind: 'update';
      update: Update;
      /** A link found by the item's Salesforce column, to keep before anything is written. */
      newLink: Omit<Link, 'lastSyncAt'> | undefined;
      /** The item's Salesforce column does not name its record (a crash after the create): written again. */
      repairColumn: boolean;
    };

/** The record's field values from the item, by the recipe's mapping. */
export function fieldValuesOf(recipe: Recipe, item: ItemReading, fields: ReadonlyMap<string, DescribedField>) {
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

/** What one recipe does with an item that changed; throws a MappingError when the item cannot be synced. */
export function planItem(work: ItemWork): ItemPlan {
  const { recipe, item, fields } = work;
  const values = fieldValuesOf(recipe, item, fields);
  const newLink = work.link ? undefined : linkFromSalesforceColumn(work);
  const link = work.link ?? (newLink ? { ...newLink, lastSyncAt: 0 } : undefined);
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
  // F12: only fields that can be updated are sent; a value is sent only when it differs from the last one both
  // sides agreed on, so the board's echo of a value the relay wrote from Salesforce is no change (no loop).
  const proposed = Object.fromEntries(Object.entries(values).filter(([name]) => fields.get(name)?.updateable));
  const { changed, neverSynced } = compareSynced(work.synced, proposed);
  return {
    kind: 'update',
    update: { ...work, link, changes: pick(proposed, changed), neverSynced },
    newLink,
    // A crash after the record was created may have left the item without its Salesforce column.
    repairColumn: linkedRecordId(item) !== link.recordId
  };
}

/**
 * An item whose Salesforce column already names a record of the recipe's object (an item made by a Salesforce →
 * monday recipe on the same board, the two-way sync) is linked to that record, never used to create a second one.
 */
function linkFromSalesforceColumn(work: ItemWork): Omit<Link, 'lastSyncAt'> | undefined {
  const recordId = linkedRecordId(work.item);
  if (!recordId) return undefined;
  if (work.columnRecordLink && work.columnRecordLink.objectApiName !== work.recipe.objectApiName) return undefined;
  return linkOf(work.recipe, recordId, work.item);
}

/** Whether an update must read the record first: a field never synced, or a change on a two-way board. */
export const needsRecord = (update: Update): boolean =>
  update.neverSynced.length > 0 || (update.twoWay && Object.keys(update.changes).length > 0);

/** What an update sends, and what it settles, once the record's current values are known. */
export interface UpdateDecision {
  send: Record<string, unknown>;
  /** The record's time as read: the Salesforce changes made up to then are superseded for the fields sent. */
  superseding: number | undefined;
  conflicts: { conflict: Conflict; winner: Side }[];
  /** Conflicts Salesforce won: its values set back on the item. */
  boardLoses: Record<string, unknown>;
  /** Values both sides now hold (agreed, or Salesforce's that won), remembered before anything is written. */
  agreed: Record<string, unknown>;
}

/**
 * Which of the board's changes to send. Without the record's current values, all of them. With them: a value
 * Salesforce already holds is agreed; a field Salesforce did not change since the last sync takes the board's value;
 * a field changed on both sides is a conflict, settled now by the rule. When Salesforce wins, the board is set back to
 * Salesforce's value; whatever the board sends supersedes the Salesforce changes made up to the record's read (their
 * report may still be on its way).
 */
export function decideUpdate(update: Update, record: Record<string, unknown> | undefined): UpdateDecision {
  const { recipe, link, changes } = update;
  const decision: UpdateDecision = { send: {}, superseding: undefined, conflicts: [], boardLoses: {}, agreed: {} };
  if (!record) return { ...decision, send: changes };
  const last = lastSyncedValues(update.synced);
  const salesforceAt = salesforceTime(record.SystemModstamp as string | undefined);
  for (const [field, value] of Object.entries(changes)) {
    const now = record[field] ?? null;
    // Without a value both sides agreed on, a one-way board's value is the one to keep; on a two-way board the two
    // may each have changed since the pair was made (an item made from the record, whose answer was lost, and the
    // record edited since): that is a conflict like any other, settled by the rule.
    const unknown = !last.has(field);
    if (sameValue(now, value)) decision.agreed[field] = value;
    else if (unknown ? !update.twoWay : sameValue(now, last.get(field))) decision.send[field] = value;
    else {
      const conflict: Conflict = {
        recipe,
        recordId: link.recordId,
        itemId: link.itemId,
        field,
        salesforce: { value: now, at: salesforceAt },
        monday: { value, at: update.changedAt }
      };
      const winner = winnerOf(conflict);
      decision.conflicts.push({ conflict, winner });
      if (winner === 'monday') decision.send[field] = value;
      else {
        decision.boardLoses[field] = now;
        decision.agreed[field] = now;
      }
    }
  }
  // What the board sends overwrites the record as it was read: a Salesforce change made up to then and still on its
  // way (the package's report of the record's creation delayed by an outage, say) must not take these fields back.
  return { ...decision, superseding: salesforceAt };
}

/** The link of a record made from (or found for) an item, synced now. */
export function linkOf(recipe: Recipe, recordId: string, item: ItemReading): Omit<Link, 'lastSyncAt'> {
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
export function snapshotOf(recipe: Recipe, item: ItemReading): Record<string, string> {
  const snapshot: Record<string, string> = {};
  for (const entry of recipe.definition.mapping) {
    if (entry.column !== 'name') snapshot[entry.column] = columnReading(item, entry).text ?? '';
  }
  return snapshot;
}

function pick(values: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, values[name]]));
}
