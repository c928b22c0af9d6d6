// monday → Salesforce, the reading: what the plan of a round of board events needs (../plan/board-event-plan.ts),
// read together: the recipes, the changed items as the API returns them (one request per 100, not the webhooks' UI
// shapes), each object's describe, the store's links and synced values; and, once planned, the current values of the
// records an update may conflict with (one query per object and 200 records). A read that fails fails the events that
// needed it, and only those.
import { MappingError } from '../core/errors';
import type { MondayEvent } from '../intake/monday-webhooks';
import type { MondayClient } from '../monday/client';
import { salesforceColumnId } from '../monday/salesforce-column';
import { type SalesforceClient, collectionLimit } from '../salesforce/client';
import type { DescribeCache, DescribedField } from '../salesforce/describe-cache';
import type { Link } from '../store/links';
import type { ItemsSeenRepository, LinkRepository, SyncedValueRepository } from '../store/ports';
import type { ItemWork, Update } from '../plan/board-event-plan';
import { mondayTime, pushingPartner } from '../sync/conflicts';
import { type ItemReading, linkedRecordId, readItems } from '../sync/item-reading';
import type { Recipe } from '../sync/recipe';
import type { RecipeSource } from '../sync/recipe-source';

export interface BoardEventReaderParts {
  recipes: RecipeSource;
  describe: DescribeCache;
  monday: MondayClient;
  salesforce: SalesforceClient;
  links: LinkRepository;
  synced: SyncedValueRepository;
  /** The items read, in the state read: the reconciliation poll does not queue them again. */
  itemsSeen?: ItemsSeenRepository;
}

/** An item archived or deleted on a pulling recipe's board, with the record it was linked to (if any). */
export interface ItemGone {
  event: number;
  recipe: Recipe;
  link: Link | undefined;
}

export interface BoardEventsReading {
  gone: ItemGone[];
  works: ItemWork[];
  /** Events whose reading failed, with the error. */
  failed: { event: number; error: unknown }[];
}

export class BoardEventReader {
  constructor(private readonly parts: BoardEventReaderParts) {}

  async read(events: MondayEvent[]): Promise<BoardEventsReading> {
    const reading: BoardEventsReading = { gone: [], works: [], failed: [] };
    const recipes = await this.parts.recipes.all();
    const changed: { index: number; event: MondayEvent }[] = [];
    for (const [index, event] of events.entries()) {
      const pulling = pullingRecipes(recipes, String(event.boardId));
      if (pulling.length === 0) continue;
      if (event.type === 'delete_pulse' || event.type === 'archive_pulse') {
        for (const recipe of pulling)
          reading.gone.push({
            event: index,
            recipe,
            link: await this.parts.links.findByItem(recipe.id, itemIdOf(event))
          });
        continue;
      }
      // The Salesforce column is the relay's own (it links the item to its record): its changes are not the board's.
      if (event.type === 'update_column_value' && event.columnId === salesforceColumnId) continue;
      changed.push({ index, event });
    }
    if (changed.length === 0) return reading;
    let items: Map<string, ItemReading>;
    try {
      items = await readItems(this.parts.monday, [...new Set(changed.map(({ event }) => itemIdOf(event)))]);
      await this.parts.itemsSeen?.record([...items.values()]);
    } catch (error) {
      for (const { index } of changed) reading.failed.push({ event: index, error });
      return reading;
    }
    for (const { index, event } of changed) {
      const item = items.get(itemIdOf(event));
      if (!item || item.state !== 'active') continue;
      for (const recipe of pullingRecipes(recipes, String(event.boardId))) {
        try {
          reading.works.push(
            await this.work(index, recipe, item, await this.parts.describe.fields(recipe.objectApiName), recipes, event)
          );
        } catch (error) {
          reading.failed.push({ event: index, error });
        }
      }
    }
    return reading;
  }

  private async work(
    event: number,
    recipe: Recipe,
    item: ItemReading,
    fields: ReadonlyMap<string, DescribedField>,
    recipes: Recipe[],
    source: MondayEvent
  ): Promise<ItemWork> {
    const link = await this.parts.links.findByItem(recipe.id, item.id);
    const columnRecordId = linkedRecordId(item);
    const recordId = link?.recordId ?? columnRecordId;
    return {
      event,
      recipe,
      item,
      changedAt: mondayTime(source.triggerTime) || mondayTime(item.updated_at),
      fields,
      link,
      columnRecordLink: columnRecordId ? await this.parts.links.findRecord(columnRecordId) : undefined,
      synced: recordId ? await this.parts.synced.snapshot(recipe.boardId, recordId) : new Map(),
      twoWay: pushingPartner(recipes, recipe) !== undefined
    };
  }

  /**
   * The records' current values of the fields the board changed, with their SystemModstamp: one query per object and
   * 200 records. A record that no longer exists fails its event.
   */
  async readRecords(
    updates: Update[],
    fail: (event: number, error: unknown) => void
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
}

export const itemIdOf = (event: MondayEvent): string => String(event.pulseId ?? event.itemId);

function pullingRecipes(recipes: Recipe[], boardId: string): Recipe[] {
  return recipes.filter((recipe) => recipe.direction === 'monday_to_Salesforce' && recipe.boardId === boardId);
}

/** The values by key, in their order (Map.groupBy, which Node 20 lacks). */
export function groupBy<T>(values: T[], key: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const group = groups.get(key(value)) ?? [];
    group.push(value);
    groups.set(key(value), group);
  }
  return groups;
}

/** Groups of one object and at most 200 (an sObject Collection, or an IN list of a query). */
export function chunksByObject<T extends { recipe: Recipe }>(works: T[]): { objectApiName: string; chunk: T[] }[] {
  const byObject = groupBy(works, (work) => work.recipe.objectApiName);
  const chunks: { objectApiName: string; chunk: T[] }[] = [];
  for (const [objectApiName, group] of byObject)
    for (let start = 0; start < group.length; start += collectionLimit)
      chunks.push({ objectApiName, chunk: group.slice(start, start + collectionLimit) });
  return chunks;
}
