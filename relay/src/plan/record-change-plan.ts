// Salesforce → monday (SPEC F3, F4, F7, F8, F10, B5, B6), the plan: what one record change asks of each active recipe
// of its object, decided from what ../read/record-changes.ts read, with no I/O. The walk
// (../sync/salesforce-to-monday.ts) writes what it returns.
// - A record that meets the conditions and has no item on the recipe's board yet gets one ("create an item"), once.
//   A record has one item per board: the item a record was made from (its monday item key, sent by the package with
//   the change, ../sync/item-key.ts), or the item another recipe of the board linked it to, is its item; and a record
//   whose create was sent without an answer (a timeout, a crash: ../store/pending-creates.ts) is first looked up on
//   the board by its Salesforce column, so no retry, later change or other split of a batch makes a second item.
// - With "sync all future changes", later changes to mapped fields update the item; on a two-way board a field the
//   board changed too is a conflict, settled by the pulling recipe's rule (../sync/conflicts.ts) before anything is
//   written.
// - A deleted record archives, deletes or leaves its item, per the recipe.
import type { RecordChangeJob } from '../intake/change-intake';
import { SalesforceColumns, salesforceColumnId } from '../monday/salesforce-column';
import type { DescribedField } from '../salesforce/describe-cache';
import type { Link } from '../store/links';
import {
  type SyncedSnapshot,
  compareSynced,
  lastSyncedValues,
  sameValue,
  supersededFields
} from '../store/synced-values';
import { meetsConditions } from '../sync/conditions';
import { type Conflict, type Side, mondayTime, salesforceTime, winnerOf } from '../sync/conflicts';
import { type ItemReading, columnReading } from '../sync/item-reading';
import { parseItemKey } from '../sync/item-key';
import type { MappingEntry, Recipe } from '../sync/recipe';
import { displayText, mondayColumnValue } from '../sync/to-monday-columns';
import { salesforceFieldValue } from '../sync/to-salesforce-fields';
import type { ChangeReading, RecipeReading } from '../read/record-changes';

interface ActionBase {
  recipe: Recipe;
  boardId: string;
  recordId: string;
  objectApiName: string;
}

/** The Salesforce values an action writes to the board: both sides hold them once it is done. */
interface Writes {
  fieldValues: Record<string, unknown>;
  /** The written columns' values as text, by column id (the record page's key columns). */
  snapshot: Record<string, string>;
}

export type BoardAction =
  | (ActionBase &
      Writes & {
        kind: 'create';
        itemName: string;
        columnValues: Record<string, unknown>;
        groupId: string | undefined;
      })
  | (ActionBase & { kind: 'link'; itemId: string; itemName: string; itemUrl: string | null })
  | (ActionBase & Writes & { kind: 'update'; link: Link; values: Record<string, unknown> })
  | (ActionBase & { kind: 'archive' | 'delete'; itemId: string });

/** What one record change asks for: settled conflicts first, then the board's actions. */
export interface ChangePlan {
  actions: BoardAction[];
  /** Conflicts settled by the rule, to be logged before any winning value is written (none goes unrecorded). */
  conflicts: { conflict: Conflict; winner: Side }[];
  /** Conflicts the board won: its values written to the record. */
  recordUpdates: { objectApiName: string; recordId: string; values: Record<string, unknown> }[];
  /** Values both sides now hold (agreed, or the board's that won), remembered before the board is written. */
  agreed: { boardId: string; recordId: string; values: Record<string, unknown> }[];
}

/** The plan of one change over every recipe of its object. */
export function planRecordChange(reading: ChangeReading): ChangePlan {
  const plan: ChangePlan = { actions: [], conflicts: [], recordUpdates: [], agreed: [] };
  for (const recipeReading of reading.recipes) {
    const action = planRecipe(reading, recipeReading, plan);
    if (action) plan.actions.push(action);
  }
  return plan;
}

/**
 * The item the record already has on the recipe's board that this recipe has not linked yet, as the link to keep:
 * the item it was made from, the item another recipe linked it to, or an item made by a create whose answer was lost.
 */
export function knownItemId(job: RecordChangeJob, reading: Omit<RecipeReading, 'item'>): string | undefined {
  if (reading.link) return reading.link.itemId;
  const made = parseItemKey(job.change.mondayItemKey);
  if (made?.boardId === reading.recipe.boardId) return made.itemId;
  return reading.linkOnBoard?.itemId ?? reading.found?.id;
}

function existingLink(reading: ChangeReading, recipeReading: RecipeReading): Link | undefined {
  const { recipe, linkOnBoard, found } = recipeReading;
  const { change, objectApiName } = reading.job;
  const linkTo = (itemId: string, itemName: string | null, itemUrl: string | null): Link => ({
    recipeId: recipe.id,
    recordId: change.recordId,
    objectApiName,
    boardId: recipe.boardId,
    itemId,
    itemName: itemName ?? itemNameOf(recipe, change.values, reading.fieldTypes, change.recordId),
    itemUrl,
    lastSyncAt: 0,
    lastStatus: 'Synced',
    lastError: null
  });
  const made = parseItemKey(change.mondayItemKey);
  if (made?.boardId === recipe.boardId) return linkTo(made.itemId, null, null);
  if (linkOnBoard) return linkTo(linkOnBoard.itemId, linkOnBoard.itemName, linkOnBoard.itemUrl);
  return found ? linkTo(found.id, found.name, found.url ?? null) : undefined;
}

/**
 * The fields a change may conflict over on a two-way board: mapped both ways, with a value both sides agreed on
 * before. Only then is the item read (../read/record-changes.ts) and compared.
 */
export function mayConflict(recipeReading: Omit<RecipeReading, 'item'>, entries: readonly MappingEntry[]): boolean {
  const { pulling, synced } = recipeReading;
  if (!pulling) return false;
  return entries.some(
    (entry) => synced.has(entry.field) && pulling.definition.mapping.some((pulled) => pulled.field === entry.field)
  );
}

/** The mapping entries a change sends: changed since the last sync, not the echo of a synced value, not superseded. */
export function entriesToSend(
  job: RecordChangeJob,
  recipe: Recipe,
  synced: SyncedSnapshot,
  linked: boolean
): MappingEntry[] {
  const { change } = job;
  const changed = change.operation === 'update' && linked ? new Set(change.changedFields) : undefined;
  // A value the board already holds from the last sync (the echo of the relay's own write from the board) is no
  // change: sending it again would start a loop. A change older than a conflict the board won is superseded.
  const { changed: differing } = compareSynced(synced, change.values);
  const superseded = supersededFields(synced, differing, salesforceTime(change.systemModstamp));
  return recipe.definition.mapping.filter(
    (entry) =>
      (!changed || changed.has(entry.field)) && differing.includes(entry.field) && !superseded.includes(entry.field)
  );
}

function planRecipe(reading: ChangeReading, recipeReading: RecipeReading, plan: ChangePlan): BoardAction | undefined {
  const { recipe, link } = recipeReading;
  const { change, objectApiName } = reading.job;
  const base = { recipe, boardId: recipe.boardId, recordId: change.recordId, objectApiName };
  if (change.operation === 'delete') {
    if (!link || recipe.definition.options.onDelete === 'ignore') return undefined;
    return {
      ...base,
      kind: recipe.definition.options.onDelete === 'archive' ? 'archive' : 'delete',
      itemId: link.itemId
    };
  }
  const { fieldTypes } = reading;
  const known = link ?? existingLink(reading, recipeReading);
  if (!known) {
    if (!meetsConditions(recipe.definition.conditions, change.values, fieldTypes)) return undefined;
    const columnValues = columnValuesOf(
      recipe,
      recipe.definition.mapping.filter((entry) => entry.column !== 'name'),
      change.values,
      fieldTypes
    );
    columnValues[salesforceColumnId] = SalesforceColumns.valueFor(reading.recordUrl, change.recordId);
    return {
      ...base,
      kind: 'create',
      itemName: itemNameOf(recipe, change.values, fieldTypes, change.recordId),
      columnValues,
      groupId: recipe.definition.options.groupId,
      fieldValues: fieldValuesOf(recipe.definition.mapping, change.values),
      snapshot: snapshotOf(recipe.definition.mapping, change.values, fieldTypes)
    };
  }
  // An item found rather than linked before: the link is kept, and the item brought up to date like a linked one.
  const linkOnly = link
    ? undefined
    : ({
        ...base,
        kind: 'link',
        itemId: known.itemId,
        itemName: known.itemName ?? '',
        itemUrl: known.itemUrl
      } as const);
  if (!recipe.definition.options.syncFutureChanges) return linkOnly;
  let entries = entriesToSend(reading.job, recipe, recipeReading.synced, link !== undefined);
  if (recipeReading.pulling && entries.length > 0)
    entries = settleConflicts(reading, recipeReading, known, entries, plan);
  if (entries.length === 0) return linkOnly;
  // A mapping to the "name" column renames the item: change_multiple_column_values takes it with the columns.
  return {
    ...base,
    kind: 'update',
    link: known,
    values: columnValuesOf(recipe, entries, change.values, fieldTypes),
    fieldValues: fieldValuesOf(entries, change.values),
    snapshot: snapshotOf(entries, change.values, fieldTypes)
  };
}

/**
 * On a two-way board, the item's current values of the fields this change would overwrite: a field the board
 * changed too since the last sync is a conflict, settled by the pulling recipe's rule (../sync/conflicts.ts). When
 * the board wins, its value goes to the record and the field is left out of the board's update.
 */
function settleConflicts(
  reading: ChangeReading,
  recipeReading: RecipeReading,
  link: Link,
  entries: MappingEntry[],
  plan: ChangePlan
): MappingEntry[] {
  const { recipe, pulling, item, synced } = recipeReading;
  const { change, objectApiName } = reading.job;
  if (!pulling || !mayConflict(recipeReading, entries) || !item) return entries;
  const last = lastSyncedValues(synced);
  const pulled = (field: string) => pulling.definition.mapping.find((entry) => entry.field === field);
  const kept: MappingEntry[] = [];
  const agreed: Record<string, unknown> = {};
  const boardWins: Record<string, unknown> = {};
  for (const entry of entries) {
    const source = pulled(entry.field);
    const target = reading.fields.get(entry.field);
    const ours = change.values[entry.field] ?? null;
    const board = source && target && last.has(entry.field) ? boardValue(item, source, target) : undefined;
    if (board === undefined || sameValue(board.value, last.get(entry.field))) kept.push(entry);
    else if (sameValue(board.value, ours)) agreed[entry.field] = ours;
    else {
      const conflict: Conflict = {
        recipe: pulling,
        recordId: change.recordId,
        itemId: link.itemId,
        field: entry.field,
        salesforce: { value: ours, at: salesforceTime(change.systemModstamp) },
        monday: { value: board.value, at: mondayTime(item.updated_at) }
      };
      // A field Salesforce does not let the relay update cannot take the board's value: Salesforce's stands.
      const winner = target?.updateable ? winnerOf(conflict) : 'salesforce';
      plan.conflicts.push({ conflict, winner });
      if (winner === 'salesforce') kept.push(entry);
      else boardWins[entry.field] = board.value;
    }
  }
  if (Object.keys(boardWins).length > 0)
    plan.recordUpdates.push({ objectApiName, recordId: change.recordId, values: boardWins });
  const settled = { ...agreed, ...boardWins };
  if (Object.keys(settled).length > 0)
    plan.agreed.push({ boardId: recipe.boardId, recordId: change.recordId, values: settled });
  return kept;
}

/** The item's value of a column as the field would take it; undefined when it does not map (it is not compared). */
function boardValue(item: ItemReading, entry: MappingEntry, target: DescribedField): { value: unknown } | undefined {
  try {
    return { value: salesforceFieldValue(entry.columnType, columnReading(item, entry), target) ?? null };
  } catch {
    return undefined;
  }
}

function columnValuesOf(
  recipe: Recipe,
  entries: Recipe['definition']['mapping'],
  values: Record<string, unknown>,
  fieldTypes: Record<string, string>
): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const entry of entries) {
    columns[entry.column] = mondayColumnValue(entry.columnType, values[entry.field], {
      field: entry.field,
      fieldType: fieldTypes[entry.field] ?? 'string',
      defaultPhoneCountry: recipe.definition.options.defaultPhoneCountry
    });
  }
  return columns;
}

function itemNameOf(
  recipe: Recipe,
  values: Record<string, unknown>,
  fieldTypes: Record<string, string>,
  recordId: string
): string {
  const nameEntry = recipe.definition.mapping.find((entry) => entry.column === 'name');
  const source = nameEntry ? values[nameEntry.field] : (values.Name ?? values.LastName);
  const text =
    source === undefined || source === null
      ? ''
      : displayText(source, nameEntry ? (fieldTypes[nameEntry.field] ?? 'string') : 'string');
  // monday item names are 1 to 255 characters.
  return (text.trim() || recordId).slice(0, 255);
}

/** The mapped columns (the item's name apart) as the record page shows them: text, by column id. */
function snapshotOf(
  entries: Recipe['definition']['mapping'],
  values: Record<string, unknown>,
  fieldTypes: Record<string, string>
): Record<string, string> {
  const snapshot: Record<string, string> = {};
  for (const entry of entries) {
    if (entry.column === 'name') continue;
    const value = values[entry.field];
    snapshot[entry.column] =
      value === undefined || value === null ? '' : displayText(value, fieldTypes[entry.field] ?? 'string');
  }
  return snapshot;
}

function fieldValuesOf(
  entries: Recipe['definition']['mapping'],
  values: Record<string, unknown>
): Record<string, unknown> {
  return Object.fromEntries(entries.map((entry) => [entry.field, values[entry.field] ?? null]));
}
