// monday → Salesforce (SPEC F5, F9, F11, F12): an item created or changed on a board with a monday → Salesforce
// recipe creates the record, or updates it. The item is read as the API returns it (not the webhook's UI shape), its
// columns mapped to fields with the object's describe; a record is created only when every field required on create
// is there (F11, refused with their names otherwise), and an update sends only fields that can be updated (F12) and
// whose value changed.
import { z } from 'zod';
import type { Logger } from '../core/logger';
import { MappingError } from '../core/errors';
import type { MondayEvent } from '../intake/monday-webhooks';
import type { MondayClient } from '../monday/client';
import { documents } from '../monday/documents';
import { SalesforceColumns, salesforceColumnId } from '../monday/salesforce-column';
import type { SalesforceClient } from '../salesforce/client';
import type { DescribeCache } from '../salesforce/describe-cache';
import type { Link, LinkStore } from '../store/links';
import type { SyncedValues } from '../store/synced-values';
import type { Recipe } from './recipe';
import type { RecipeSource } from './recipe-source';
import { type ColumnReading, salesforceFieldValue } from './to-salesforce-fields';

const createdRecord = z.object({ id: z.string() });
const salesforceColumnValue = z.object({ text: z.string() });

interface ItemReading {
  id: string;
  name: string;
  state: string;
  column_values: (ColumnReading & { id: string })[];
}

export interface MondayToSalesforceParts {
  recipes: RecipeSource;
  describe: DescribeCache;
  monday: MondayClient;
  salesforce: SalesforceClient;
  columns: SalesforceColumns;
  links: LinkStore;
  synced: SyncedValues;
  recordUrl(objectApiName: string, recordId: string): string;
  logger: Logger;
}

export type ItemOutcome = 'created' | 'updated' | 'unchanged' | 'deleted' | 'skipped';

export class MondayToSalesforce {
  constructor(private readonly parts: MondayToSalesforceParts) {}

  async apply(event: MondayEvent): Promise<Record<string, ItemOutcome>> {
    const boardId = String(event.boardId);
    const itemId = String(event.pulseId ?? event.itemId);
    const recipes = (await this.parts.recipes.all()).filter(
      (recipe) => recipe.direction === 'monday_to_Salesforce' && recipe.boardId === boardId
    );
    const outcomes: Record<string, ItemOutcome> = {};
    if (recipes.length === 0) return outcomes;
    if (event.type === 'delete_pulse' || event.type === 'archive_pulse') {
      for (const recipe of recipes) outcomes[recipe.id] = await this.onItemGone(recipe, itemId);
      return outcomes;
    }
    // The Salesforce column is the relay's own (it links the item to its record): its changes are not the board's.
    if (event.type === 'update_column_value' && event.columnId === salesforceColumnId) return outcomes;
    const item = await this.readItem(itemId);
    if (!item || item.state !== 'active') return outcomes;
    for (const recipe of recipes) outcomes[recipe.id] = await this.applyRecipe(recipe, item);
    return outcomes;
  }

  private async readItem(itemId: string): Promise<ItemReading | undefined> {
    const answer = await this.parts.monday.request(documents.readItems, { itemIds: [itemId] });
    const items = answer.data.items as ItemReading[] | null;
    return items?.[0];
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
      const reading: ColumnReading =
        entry.column === 'name'
          ? { type: 'name', text: item.name, value: null }
          : (item.column_values.find((column) => column.id === entry.column) ?? {
              type: entry.columnType,
              text: null,
              value: null
            });
      values[target.name] = salesforceFieldValue(entry.columnType, reading, target);
    }
    return values;
  }

  private async applyRecipe(recipe: Recipe, item: ItemReading): Promise<ItemOutcome> {
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
      const createable = Object.fromEntries(Object.entries(values).filter(([name]) => fields.get(name)?.createable));
      const created = await this.parts.salesforce.request('POST', `/sobjects/${recipe.objectApiName}`, createable);
      const recordId = createdRecord.parse(created.data).id;
      this.parts.synced.remember(recipe.boardId, recordId, createable);
      const recordUrl = this.parts.recordUrl(recipe.objectApiName, recordId);
      await this.parts.columns.ensure(recipe.boardId);
      await this.parts.monday.request(
        documents.changeColumnValues,
        {
          boardId: recipe.boardId,
          itemId: item.id,
          values: JSON.stringify({ [salesforceColumnId]: SalesforceColumns.valueFor(recordUrl, recordId) })
        },
        { idempotencyKey: `salesforce-column:${item.id}:${recordId}` }
      );
      this.parts.links.save({
        recipeId: recipe.id,
        recordId,
        objectApiName: recipe.objectApiName,
        boardId: recipe.boardId,
        itemId: item.id,
        itemName: item.name,
        itemUrl: null,
        lastStatus: 'Synced',
        lastError: null
      });
      return 'created';
    }
    // F12: only fields that can be updated are sent; a value is sent only when it differs from the last one both
    // sides agreed on, so the board's echo of a value the relay wrote from Salesforce is no change (no loop).
    const proposed = Object.fromEntries(Object.entries(values).filter(([name]) => fields.get(name)?.updateable));
    const changes = pick(proposed, await this.changedFields(recipe, link.recordId, proposed));
    if (Object.keys(changes).length === 0) return 'unchanged';
    await this.parts.salesforce.request('PATCH', `/sobjects/${recipe.objectApiName}/${link.recordId}`, changes);
    this.parts.synced.remember(recipe.boardId, link.recordId, changes);
    this.parts.links.save({ ...link, itemName: item.name, lastStatus: 'Synced', lastError: null });
    return 'updated';
  }

  /**
   * The proposed fields that changed since the last sync. A field never synced through the relay (a link found
   * through the Salesforce column, a mapping added since) is compared with the record's current value instead.
   */
  private async changedFields(recipe: Recipe, recordId: string, proposed: Record<string, unknown>): Promise<string[]> {
    const { changed, neverSynced } = this.parts.synced.compare(recipe.boardId, recordId, proposed);
    if (neverSynced.length === 0) return changed;
    const current = await this.parts.salesforce.request(
      'GET',
      `/sobjects/${recipe.objectApiName}/${recordId}?fields=${neverSynced.join(',')}`
    );
    const record = current.data as Record<string, unknown>;
    const alreadyThere = neverSynced.filter((name) => record[name] === proposed[name]);
    this.parts.synced.remember(recipe.boardId, recordId, pick(proposed, alreadyThere));
    return changed.filter((name) => !alreadyThere.includes(name));
  }

  /**
   * An item whose Salesforce column already names a record of the recipe's object (an item made by a Salesforce →
   * monday recipe on the same board, the two-way sync) is linked to that record, never used to create a second one.
   */
  private linkFromSalesforceColumn(recipe: Recipe, item: ItemReading): Link | undefined {
    const column = item.column_values.find((candidate) => candidate.id === salesforceColumnId);
    const recordId = column?.value ? salesforceColumnValue.safeParse(JSON.parse(column.value)).data?.text : undefined;
    if (!recordId || !/^[a-zA-Z0-9]{18}$/.test(recordId)) return undefined;
    const sameObject = this.parts.links.findRecord(recordId);
    if (sameObject && sameObject.objectApiName !== recipe.objectApiName) return undefined;
    return this.parts.links.save({
      recipeId: recipe.id,
      recordId,
      objectApiName: recipe.objectApiName,
      boardId: recipe.boardId,
      itemId: item.id,
      itemName: item.name,
      itemUrl: null,
      lastStatus: 'Synced',
      lastError: null
    });
  }

  private async onItemGone(recipe: Recipe, itemId: string): Promise<ItemOutcome> {
    const link = this.parts.links.findByItem(recipe.id, itemId);
    if (!link || recipe.definition.options.onDelete === 'ignore') return 'skipped';
    // Salesforce has no archive: archiving or deleting the item deletes the record, when the recipe says so.
    await this.parts.salesforce.request('DELETE', `/sobjects/${recipe.objectApiName}/${link.recordId}`);
    this.parts.synced.forget(link.recordId);
    return 'deleted';
  }
}

function pick(values: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, values[name]]));
}
