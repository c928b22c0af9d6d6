// Salesforce → monday, the reading: everything the plan of a round of record changes needs (../plan/
// record-change-plan.ts), read together rather than per change: the recipes, the object's describe, the store's
// links, pending creates and synced values, then in one request per board the items found by their Salesforce column
// for records whose create had no answer, and in requests of 100 the linked items a change may conflict with on a
// two-way board. A read that fails fails the changes that needed it, and only those.
import type { RecordChangeJob } from '../intake/change-intake';
import { type FoundItem, type SalesforceColumns } from '../monday/salesforce-column';
import type { MondayClient } from '../monday/client';
import type { DescribeCache, DescribedField } from '../salesforce/describe-cache';
import type { Link } from '../store/links';
import type { LinkRepository, PendingCreateRepository, SyncedValueRepository } from '../store/ports';
import type { SyncedSnapshot } from '../store/synced-values';
import { pullingPartner } from '../sync/conflicts';
import { type ItemReading, readItems } from '../sync/item-reading';
import type { Recipe } from '../sync/recipe';
import type { RecipeSource } from '../sync/recipe-source';
import { entriesToSend, knownItemId, mayConflict } from '../plan/record-change-plan';

/** What one recipe's plan of a change reads. */
export interface RecipeReading {
  recipe: Recipe;
  /** This recipe's link of the record. */
  link: Link | undefined;
  /** The record's item on the board, linked by another recipe of the board. */
  linkOnBoard: Link | undefined;
  /** The item found on the board holding the record, when its create was sent without an answer. */
  found: FoundItem | undefined;
  synced: SyncedSnapshot;
  /** On a two-way board: the recipe that pulls the board's changes into Salesforce. */
  pulling: Recipe | undefined;
  /** The record's item as monday has it now, read when the change may conflict with the board's. */
  item: ItemReading | undefined;
}

export interface ChangeReading {
  job: RecordChangeJob;
  fieldTypes: Readonly<Record<string, string>>;
  fields: ReadonlyMap<string, DescribedField>;
  /** The record's URL in the org, for the Salesforce column. */
  recordUrl: string;
  recipes: RecipeReading[];
}

export interface RecordChangeReaderParts {
  recipes: RecipeSource;
  describe: DescribeCache;
  columns: SalesforceColumns;
  links: LinkRepository;
  pendingCreates: PendingCreateRepository;
  synced: SyncedValueRepository;
  monday: MondayClient;
  recordUrl(objectApiName: string, recordId: string): string;
}

type Pending = Omit<ChangeReading, 'recipes'> & { recipes: Omit<RecipeReading, 'item'>[] };

export class RecordChangeReader {
  constructor(private readonly parts: RecordChangeReaderParts) {}

  /** Each change's reading, or the error of a read it needed; in the order of `jobs`. */
  async read(jobs: RecordChangeJob[]): Promise<(ChangeReading | Error)[]> {
    const all = await this.parts.recipes.all();
    const readings: (Pending | Error)[] = [];
    for (const job of jobs) {
      try {
        readings.push(await this.readStore(job, all));
      } catch (error) {
        readings.push(asError(error));
      }
    }
    await this.findLostCreates(readings);
    return this.readItemsInConflict(readings);
  }

  /** The recipes of the change's object, with what the store and the describe know of its record. */
  private async readStore(job: RecordChangeJob, all: Recipe[]): Promise<Pending> {
    const { change, objectApiName } = job;
    const recipes = all.filter(
      (recipe) => recipe.direction === 'Salesforce_to_monday' && recipe.objectApiName === objectApiName
    );
    // A delete needs no describe: it only finds the item to archive or delete.
    const described = change.operation !== 'delete' && recipes.length > 0;
    return {
      job,
      fields: described ? await this.parts.describe.fields(objectApiName) : new Map<string, DescribedField>(),
      // Made once per describe read (an object has hundreds of fields, and every change asks).
      fieldTypes: described ? await this.parts.describe.types(objectApiName) : {},
      recordUrl: this.parts.recordUrl(objectApiName, change.recordId),
      recipes: await Promise.all(
        recipes.map(async (recipe) => {
          const link = await this.parts.links.find(recipe.id, change.recordId);
          return {
            recipe,
            link,
            linkOnBoard: link ? undefined : await this.parts.links.findOnBoard(recipe.boardId, change.recordId),
            found: undefined,
            synced: await this.parts.synced.snapshot(recipe.boardId, change.recordId),
            pulling: pullingPartner(all, recipe)
          };
        })
      )
    };
  }

  /** Records whose create was sent without an answer, looked up on their boards by the Salesforce column. */
  private async findLostCreates(readings: (Pending | Error)[]): Promise<void> {
    const wanted = new Map<string, { reading: Pending; recipe: Omit<RecipeReading, 'item'> }[]>();
    for (const reading of readings) {
      if (reading instanceof Error || reading.job.change.operation === 'delete') continue;
      for (const recipe of reading.recipes) {
        const { boardId } = recipe.recipe;
        if (
          knownItemId(reading.job, recipe) ||
          !(await this.parts.pendingCreates.has(boardId, reading.job.change.recordId))
        )
          continue;
        wanted.set(boardId, [...(wanted.get(boardId) ?? []), { reading, recipe }]);
      }
    }
    for (const [boardId, entries] of wanted) {
      try {
        await this.parts.columns.ensure(boardId);
        const found = await this.parts.columns.findItems(boardId, [
          ...new Set(entries.map(({ reading }) => reading.job.change.recordId))
        ]);
        for (const { reading, recipe } of entries) recipe.found = found.get(reading.job.change.recordId);
      } catch (error) {
        for (const { reading } of entries) fail(readings, reading, error);
      }
    }
  }

  /** The linked items the changes may conflict with on two-way boards, read together (100 a request). */
  private async readItemsInConflict(readings: (Pending | Error)[]): Promise<(ChangeReading | Error)[]> {
    const needs = new Map<Pending, Set<string>>();
    for (const reading of readings) {
      if (reading instanceof Error || reading.job.change.operation === 'delete') continue;
      for (const recipe of reading.recipes) {
        const itemId = knownItemId(reading.job, recipe);
        if (!itemId || !recipe.recipe.definition.options.syncFutureChanges) continue;
        const entries = entriesToSend(reading.job, recipe.recipe, recipe.synced, recipe.link !== undefined);
        if (mayConflict(recipe, entries)) needs.set(reading, (needs.get(reading) ?? new Set()).add(itemId));
      }
    }
    let items = new Map<string, ItemReading>();
    if (needs.size > 0) {
      try {
        items = await readItems(this.parts.monday, [...new Set([...needs.values()].flatMap((ids) => [...ids]))]);
      } catch (error) {
        for (const reading of needs.keys()) fail(readings, reading, error);
      }
    }
    return readings.map((reading) =>
      reading instanceof Error
        ? reading
        : {
            ...reading,
            recipes: reading.recipes.map((recipe) => {
              const itemId = knownItemId(reading.job, recipe);
              return { ...recipe, item: itemId ? items.get(itemId) : undefined };
            })
          }
    );
  }
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/** A read this change needed failed: the change fails with it (and the others go on). */
function fail(readings: (Pending | Error)[], reading: Pending, error: unknown): void {
  const index = readings.indexOf(reading);
  if (index >= 0) readings[index] = asError(error);
}
