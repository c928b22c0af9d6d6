// Salesforce → monday (SPEC F3, F4, F7, F8, F10, B5, B6): what one record change asks of each active recipe of its
// object, as actions that the BoardWriter carries out in batches.
// - A record that meets the conditions and has no item on the recipe's board yet gets one ("create an item"), once.
//   A record has one item per board: the item a record was made from (its monday item key, sent by the package with
//   the change, ./item-key.ts), or the item another recipe of the board linked it to, is its item; and a record whose
//   create was sent without an answer (a timeout, a crash: ../store/pending-creates.ts) is first looked up on the
//   board by its Salesforce column, so no retry, later change or other split of a batch makes a second item.
// - With "sync all future changes", later changes to mapped fields update the item; on a two-way board a field the
//   board changed too is a conflict, settled by the pulling recipe's rule (./conflicts.ts) before anything is written.
// - A deleted record archives, deletes or leaves its item, per the recipe.
import type { Logger } from '../core/logger';
import type { MondayClient } from '../monday/client';
import type { SalesforceClient } from '../salesforce/client';
import type { DescribedField } from '../salesforce/describe-cache';
import { type ConflictLog, mondayTime, pullingPartner, salesforceTime, winnerOf } from './conflicts';
import { type ItemReading, columnReading, readItems } from './item-reading';
import { salesforceFieldValue } from './to-salesforce-fields';
import type { RecordChangeJob } from '../intake/change-intake';
import { type FoundItem, SalesforceColumns, salesforceColumnId } from '../monday/salesforce-column';
import type { DescribeCache } from '../salesforce/describe-cache';
import type { Link, LinkStore } from '../store/links';
import type { PendingCreates } from '../store/pending-creates';
import { type SyncedValues, sameValue } from '../store/synced-values';
import { meetsConditions } from './conditions';
import { parseItemKey } from './item-key';
import type { MappingEntry, Recipe } from './recipe';
import type { RecipeSource } from './recipe-source';
import { displayText, mondayColumnValue } from './to-monday-columns';

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

export interface SalesforceToMondayParts {
  recipes: RecipeSource;
  describe: DescribeCache;
  columns: SalesforceColumns;
  links: LinkStore;
  pendingCreates: PendingCreates;
  synced: SyncedValues;
  /** On a two-way board: the item is read before it is overwritten, and a conflict the board wins written back. */
  monday: MondayClient;
  salesforce: SalesforceClient;
  conflicts: ConflictLog;
  /** The org's URL of a record, for the Salesforce column. */
  recordUrl(objectApiName: string, recordId: string): string;
  logger: Logger;
}

export class SalesforceToMonday {
  /** The items this round's changes may overwrite on two-way boards, read together (see prepareRound). */
  private roundItems: Map<string, ItemReading> | undefined;
  /** The items found on each board for this round's records whose create had no answer, by board then record. */
  private roundLookups = new Map<string, Map<string, FoundItem>>();

  constructor(private readonly parts: SalesforceToMondayParts) {}

  /**
   * Before a round's changes are planned, what can be read together rather than one request per change: the linked
   * items that a change may overwrite on a two-way board (100 a request), and the items of records whose create had
   * no answer, looked up by their Salesforce column (one request per board). Without it (or when it fails), each
   * change reads alone.
   */
  async prepareRound(jobs: RecordChangeJob[]): Promise<void> {
    this.endRound();
    const recipes = await this.parts.recipes.all();
    const itemIds = new Set<string>();
    const lookups = new Map<string, Set<string>>();
    for (const { change, objectApiName } of jobs) {
      for (const recipe of recipes) {
        if (recipe.direction !== 'Salesforce_to_monday' || recipe.objectApiName !== objectApiName) continue;
        const link = this.parts.links.find(recipe.id, change.recordId);
        if (!link && this.parts.pendingCreates.has(recipe.boardId, change.recordId))
          lookups.set(recipe.boardId, (lookups.get(recipe.boardId) ?? new Set()).add(change.recordId));
        if (!recipe.definition.options.syncFutureChanges || !pullingPartner(recipes, recipe)) continue;
        if (link) itemIds.add(link.itemId);
      }
    }
    for (const [boardId, recordIds] of lookups) {
      await this.parts.columns.ensure(boardId);
      this.roundLookups.set(boardId, await this.parts.columns.findItems(boardId, [...recordIds]));
    }
    if (itemIds.size > 0) this.roundItems = await readItems(this.parts.monday, [...itemIds]);
  }

  /** The round is over: its items are no longer current. */
  endRound(): void {
    this.roundItems = undefined;
    this.roundLookups = new Map();
  }

  /** The actions one change asks for, over every recipe of its object. */
  async plan(job: RecordChangeJob): Promise<BoardAction[]> {
    const recipes = await this.parts.recipes.forObject(job.objectApiName, 'Salesforce_to_monday');
    const actions: BoardAction[] = [];
    for (const recipe of recipes) {
      const action = await this.planRecipe(recipe, job);
      if (action) actions.push(action);
    }
    return actions;
  }

  /**
   * The record's item on the recipe's board when it has one that this recipe has not linked yet, as the link to keep:
   * the item it was made from, the item another recipe linked it to, or an item made by a create whose answer was
   * lost.
   */
  private async existingLink(
    recipe: Recipe,
    job: RecordChangeJob,
    fieldTypes: Record<string, string>
  ): Promise<Link | undefined> {
    const { change, objectApiName } = job;
    const linkTo = (itemId: string, itemName: string | null, itemUrl: string | null): Link => ({
      recipeId: recipe.id,
      recordId: change.recordId,
      objectApiName,
      boardId: recipe.boardId,
      itemId,
      itemName: itemName ?? this.itemName(recipe, change.values, fieldTypes, change.recordId),
      itemUrl,
      lastSyncAt: 0,
      lastStatus: 'Synced',
      lastError: null
    });
    const made = parseItemKey(change.mondayItemKey);
    if (made?.boardId === recipe.boardId) return linkTo(made.itemId, null, null);
    const other = this.parts.links.findOnBoard(recipe.boardId, change.recordId);
    if (other) return linkTo(other.itemId, other.itemName, other.itemUrl);
    if (!this.parts.pendingCreates.has(recipe.boardId, change.recordId)) return undefined;
    let found = this.roundLookups.get(recipe.boardId)?.get(change.recordId);
    if (!this.roundLookups.has(recipe.boardId)) {
      await this.parts.columns.ensure(recipe.boardId);
      found = (await this.parts.columns.findItems(recipe.boardId, [change.recordId])).get(change.recordId);
    }
    return found ? linkTo(found.id, found.name, found.url ?? null) : undefined;
  }

  private async planRecipe(recipe: Recipe, job: RecordChangeJob): Promise<BoardAction | undefined> {
    const { change, objectApiName } = job;
    const base = { recipe, boardId: recipe.boardId, recordId: change.recordId, objectApiName };
    const link = this.parts.links.find(recipe.id, change.recordId);
    if (change.operation === 'delete') {
      if (!link || recipe.definition.options.onDelete === 'ignore') return undefined;
      return {
        ...base,
        kind: recipe.definition.options.onDelete === 'archive' ? 'archive' : 'delete',
        itemId: link.itemId
      };
    }
    const fieldTypes = await this.parts.describe.types(objectApiName);
    const known = link ?? (await this.existingLink(recipe, job, fieldTypes));
    if (!known) {
      if (!meetsConditions(recipe.definition.conditions, change.values, fieldTypes)) return undefined;
      const recordUrl = this.parts.recordUrl(objectApiName, change.recordId);
      const columnValues = this.columnValues(
        recipe,
        recipe.definition.mapping.filter((entry) => entry.column !== 'name'),
        change.values,
        fieldTypes
      );
      columnValues[salesforceColumnId] = SalesforceColumns.valueFor(recordUrl, change.recordId);
      return {
        ...base,
        kind: 'create',
        itemName: this.itemName(recipe, change.values, fieldTypes, change.recordId),
        columnValues,
        groupId: recipe.definition.options.groupId,
        fieldValues: fieldValuesOf(recipe.definition.mapping, change.values),
        snapshot: snapshotOf(recipe.definition.mapping, change.values, fieldTypes)
      };
    }
    // An item found rather than linked before: the link is kept, and the item brought up to date like a linked one.
    const linkOnly = link ? undefined : ({ ...base, kind: 'link', ...pickLink(known) } as const);
    if (!recipe.definition.options.syncFutureChanges) return linkOnly;
    const changed = change.operation === 'update' && link ? new Set(change.changedFields) : undefined;
    // A value the board already holds from the last sync (the echo of the relay's own write from the board) is no
    // change: sending it again would start a loop. A change older than a conflict the board won is superseded.
    const { changed: differing } = this.parts.synced.compare(recipe.boardId, change.recordId, change.values);
    const superseded = this.parts.synced.superseded(
      recipe.boardId,
      change.recordId,
      differing,
      salesforceTime(change.systemModstamp)
    );
    let entries = recipe.definition.mapping.filter(
      (entry) =>
        (!changed || changed.has(entry.field)) && differing.includes(entry.field) && !superseded.includes(entry.field)
    );
    const pulling = pullingPartner(await this.parts.recipes.all(), recipe);
    if (pulling && entries.length > 0) entries = await this.settleConflicts(recipe, pulling, known, job, entries);
    if (entries.length === 0) return linkOnly;
    // A mapping to the "name" column renames the item: change_multiple_column_values takes it with the columns.
    return {
      ...base,
      kind: 'update',
      link: known,
      values: this.columnValues(recipe, entries, change.values, fieldTypes),
      fieldValues: fieldValuesOf(entries, change.values),
      snapshot: snapshotOf(entries, change.values, fieldTypes)
    };
  }

  /**
   * On a two-way board, the item's current values of the fields this change would overwrite: a field the board
   * changed too since the last sync is a conflict, settled now by the pulling recipe's rule (./conflicts.ts). When
   * the board wins, its value is written to the record here and the field is left out of the board's update.
   */
  private async settleConflicts(
    recipe: Recipe,
    pulling: Recipe,
    link: Link,
    job: RecordChangeJob,
    entries: MappingEntry[]
  ): Promise<MappingEntry[]> {
    const { change, objectApiName } = job;
    const last = this.parts.synced.lastValues(recipe.boardId, change.recordId);
    const pulled = (field: string) => pulling.definition.mapping.find((entry) => entry.field === field);
    if (!entries.some((entry) => last.has(entry.field) && pulled(entry.field))) return entries;
    const item =
      this.roundItems?.get(link.itemId) ?? (await readItems(this.parts.monday, [link.itemId])).get(link.itemId);
    if (!item) return entries;
    const fields = await this.parts.describe.fields(objectApiName);
    const kept: MappingEntry[] = [];
    const agreed: Record<string, unknown> = {};
    const boardWins: Record<string, unknown> = {};
    for (const entry of entries) {
      const source = pulled(entry.field);
      const target = fields.get(entry.field);
      const ours = change.values[entry.field] ?? null;
      const board = source && target && last.has(entry.field) ? this.boardValue(item, source, target) : undefined;
      if (board === undefined || sameValue(board.value, last.get(entry.field))) kept.push(entry);
      else if (sameValue(board.value, ours)) agreed[entry.field] = ours;
      else {
        const conflict = {
          recipe: pulling,
          recordId: change.recordId,
          itemId: link.itemId,
          field: entry.field,
          salesforce: { value: ours, at: salesforceTime(change.systemModstamp) },
          monday: { value: board.value, at: mondayTime(item.updated_at) }
        };
        // A field Salesforce does not let the relay update cannot take the board's value: Salesforce's stands.
        const winner = target?.updateable ? winnerOf(conflict) : 'salesforce';
        await this.parts.conflicts.record(conflict, winner);
        if (winner === 'salesforce') kept.push(entry);
        else boardWins[entry.field] = board.value;
      }
    }
    if (Object.keys(boardWins).length > 0)
      await this.parts.salesforce.request('PATCH', `/sobjects/${objectApiName}/${change.recordId}`, boardWins);
    this.parts.synced.remember(recipe.boardId, change.recordId, { ...agreed, ...boardWins });
    return kept;
  }

  /** The item's value of a column as the field would take it; undefined when it does not map (it is not compared). */
  private boardValue(item: ItemReading, entry: MappingEntry, target: DescribedField): { value: unknown } | undefined {
    try {
      return { value: salesforceFieldValue(entry.columnType, columnReading(item, entry), target) ?? null };
    } catch {
      return undefined;
    }
  }

  private columnValues(
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

  private itemName(
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

const pickLink = ({ itemId, itemName, itemUrl }: Link) => ({ itemId, itemName: itemName ?? '', itemUrl });

function fieldValuesOf(
  entries: Recipe['definition']['mapping'],
  values: Record<string, unknown>
): Record<string, unknown> {
  return Object.fromEntries(entries.map((entry) => [entry.field, values[entry.field] ?? null]));
}
