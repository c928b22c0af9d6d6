// Salesforce → monday (SPEC F3, F4, F7, F8, F10, B5): one record change, applied for each active recipe of its object.
// - A record that meets the conditions and has no item yet gets one ("create an item"), once: the item is looked up
//   by its Salesforce column first, so a retry after a crash finds the item instead of creating a second, and the
//   create itself carries an Idempotency-Key.
// - With "sync all future changes", later changes to mapped fields update the item.
// - A deleted record archives, deletes or leaves its item, per the recipe.
import type { Logger } from '../core/logger';
import type { RecordChangeJob } from '../intake/change-intake';
import type { MondayClient } from '../monday/client';
import { createItemsDocument, createItemsVariables, documents } from '../monday/documents';
import { MondayRequestError } from '../monday/errors';
import { SalesforceColumns, salesforceColumnId } from '../monday/salesforce-column';
import type { DescribeCache } from '../salesforce/describe-cache';
import type { LinkStore } from '../store/links';
import { meetsConditions } from './conditions';
import type { Recipe } from './recipe';
import type { RecipeSource } from './recipe-source';
import { displayText, mondayColumnValue } from './to-monday-columns';

export interface SalesforceToMondayParts {
  recipes: RecipeSource;
  describe: DescribeCache;
  monday: MondayClient;
  columns: SalesforceColumns;
  links: LinkStore;
  /** The org's base URL, for the record links in the Salesforce column. */
  recordUrl(objectApiName: string, recordId: string): string;
  logger: Logger;
}

export type ChangeOutcome = 'created' | 'found' | 'updated' | 'archived' | 'deleted' | 'skipped';

export class SalesforceToMonday {
  constructor(private readonly parts: SalesforceToMondayParts) {}

  /** Applies one change for every recipe of its object; answers what happened per recipe. */
  async apply(job: RecordChangeJob): Promise<Record<string, ChangeOutcome>> {
    const recipes = await this.parts.recipes.forObject(job.objectApiName, 'Salesforce_to_monday');
    const outcomes: Record<string, ChangeOutcome> = {};
    for (const recipe of recipes) outcomes[recipe.id] = await this.applyRecipe(recipe, job);
    return outcomes;
  }

  private async applyRecipe(recipe: Recipe, job: RecordChangeJob): Promise<ChangeOutcome> {
    const { change, objectApiName } = job;
    const link = this.parts.links.find(recipe.id, change.recordId);
    if (change.operation === 'delete') return link ? this.onDelete(recipe, link.itemId) : 'skipped';

    const fieldTypes = await this.parts.describe.types(objectApiName);
    if (!link) {
      if (!meetsConditions(recipe.definition.conditions, change.values, fieldTypes)) return 'skipped';
      return this.createItem(recipe, job, fieldTypes);
    }
    if (!recipe.definition.options.syncFutureChanges) return 'skipped';
    const changed = change.operation === 'update' ? new Set(change.changedFields) : undefined;
    const entries = recipe.definition.mapping.filter((entry) => !changed || changed.has(entry.field));
    if (entries.length === 0) return 'skipped';
    // A mapping to the "name" column renames the item: change_multiple_column_values takes it with the columns.
    const values = this.columnValues(recipe, entries, change.values, fieldTypes);
    const name = values.name;
    await this.parts.monday.request(
      documents.changeColumnValues,
      {
        boardId: recipe.boardId,
        itemId: link.itemId,
        values: JSON.stringify(values),
        createLabels: recipe.definition.options.createLabelsIfMissing
      },
      { idempotencyKey: `update:${job.batchId}:${recipe.id}:${change.recordId}` }
    );
    this.parts.links.save({
      ...link,
      lastStatus: 'Synced',
      lastError: null,
      itemName: typeof name === 'string' ? name : link.itemName
    });
    return 'updated';
  }

  private columnValues(
    recipe: Recipe,
    entries: Recipe['definition']['mapping'],
    values: Record<string, unknown>,
    fieldTypes: Record<string, string>
  ): Record<string, unknown> {
    const columns: Record<string, unknown> = {};
    for (const entry of entries) {
      const fieldType = fieldTypes[entry.field] ?? 'string';
      columns[entry.column] = mondayColumnValue(entry.columnType, values[entry.field], {
        field: entry.field,
        fieldType,
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

  private async createItem(
    recipe: Recipe,
    job: RecordChangeJob,
    fieldTypes: Record<string, string>
  ): Promise<ChangeOutcome> {
    const { change, objectApiName } = job;
    const recordUrl = this.parts.recordUrl(objectApiName, change.recordId);
    await this.parts.columns.ensure(recipe.boardId);
    const existing = await this.parts.columns.findItem(recipe.boardId, recordUrl);
    let itemId: string;
    let itemName: string;
    let outcome: ChangeOutcome;
    if (existing) {
      ({ id: itemId, name: itemName } = existing);
      outcome = 'found';
    } else {
      const columnValues = this.columnValues(
        recipe,
        recipe.definition.mapping.filter((entry) => entry.column !== 'name'),
        change.values,
        fieldTypes
      );
      columnValues[salesforceColumnId] = SalesforceColumns.valueFor(recordUrl, change.recordId);
      itemName = this.itemName(recipe, change.values, fieldTypes, change.recordId);
      const answer = await this.parts.monday.request(
        createItemsDocument(1),
        createItemsVariables(
          recipe.boardId,
          [
            {
              name: itemName,
              columnValues,
              ...(recipe.definition.options.groupId ? { groupId: recipe.definition.options.groupId } : {})
            }
          ],
          recipe.definition.options.createLabelsIfMissing
        ),
        { idempotencyKey: `create:${recipe.id}:${change.recordId}` }
      );
      const created = answer.data.item0 as { id: string } | null;
      if (!created) {
        const reason = answer.fieldErrors[0];
        throw new MondayRequestError(`monday refused the item: ${reason?.message ?? 'no item returned'}`, {
          mondayCode: reason?.extensions?.code
        });
      }
      itemId = created.id;
      outcome = 'created';
    }
    this.parts.links.save({
      recipeId: recipe.id,
      recordId: change.recordId,
      objectApiName,
      boardId: recipe.boardId,
      itemId,
      itemName,
      itemUrl: null,
      lastStatus: 'Synced',
      lastError: null
    });
    return outcome;
  }

  private async onDelete(recipe: Recipe, itemId: string): Promise<ChangeOutcome> {
    switch (recipe.definition.options.onDelete) {
      case 'archive':
        await this.parts.monday.request(
          documents.archiveItem,
          { itemId },
          { idempotencyKey: `archive:${recipe.id}:${itemId}` }
        );
        return 'archived';
      case 'propagate':
        await this.parts.monday.request(
          documents.deleteItem,
          { itemId },
          { idempotencyKey: `delete:${recipe.id}:${itemId}` }
        );
        return 'deleted';
      case 'ignore':
        return 'skipped';
    }
  }
}
