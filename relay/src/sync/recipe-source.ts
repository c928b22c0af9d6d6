// The active recipes, read from Salesforce (Monday_Recipe__c) and kept until a recipe changes (a recipe_changes
// batch) or the cache grows old. A recipe whose definition does not validate is left out and reported once.
import { z } from 'zod';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { SalesforceClient } from '../salesforce/client';
import { type Direction, type Recipe, recipeDefinitionSchema } from './recipe';

const maxAgeMs = 5 * 60_000;

const recipeRow = z.object({
  Id: z.string(),
  Name: z.string().nullable(),
  Active__c: z.boolean(),
  Direction__c: z.enum(['Salesforce_to_monday', 'monday_to_Salesforce']),
  Object_Api_Name__c: z.string().min(1),
  Board_Id__c: z.string().min(1),
  Revision__c: z.number().nullable(),
  Definition__c: z.string().nullable()
});
const recipeQuery =
  'SELECT Id, Name, Active__c, Direction__c, Object_Api_Name__c, Board_Id__c, Revision__c, Definition__c FROM Monday_Recipe__c WHERE Active__c = true ORDER BY CreatedDate';

export class RecipeSource {
  private cached: { recipes: Recipe[]; loadedAt: number } | undefined;
  private readonly reported = new Set<string>();

  constructor(
    private readonly salesforce: SalesforceClient,
    private readonly clock: Clock,
    private readonly logger: Logger
  ) {}

  invalidate(): void {
    this.cached = undefined;
  }

  /** The boards of the recipes last read, without reading them again (Salesforce may be refusing the relay). */
  knownBoardIds(): string[] {
    return [...new Set((this.cached?.recipes ?? []).map((recipe) => recipe.boardId))];
  }

  async all(): Promise<Recipe[]> {
    if (this.cached && this.clock.now() - this.cached.loadedAt < maxAgeMs) return this.cached.recipes;
    const names = await this.salesforce.packageNames();
    const rows = (await this.salesforce.query(names.soql(recipeQuery))).map((row) => names.fromOrg(row));
    const recipes = rows.flatMap((raw): Recipe[] => {
      const row = recipeRow.safeParse(raw);
      if (!row.success) {
        this.report(String((raw as { Id?: unknown }).Id), 'the recipe record is incomplete', row.error.issues);
        return [];
      }
      let definitionJson: unknown;
      try {
        definitionJson = JSON.parse(row.data.Definition__c ?? '{}');
      } catch {
        definitionJson = undefined;
      }
      const definition = recipeDefinitionSchema.safeParse(definitionJson);
      if (!definition.success) {
        this.report(
          `${row.data.Id}:${String(row.data.Revision__c)}`,
          'recipe definition is invalid; the recipe is skipped',
          definition.error.issues
        );
        return [];
      }
      return [
        {
          id: row.data.Id,
          name: row.data.Name ?? '',
          active: row.data.Active__c,
          direction: row.data.Direction__c,
          objectApiName: row.data.Object_Api_Name__c,
          boardId: row.data.Board_Id__c,
          revision: row.data.Revision__c ?? 0,
          definition: definition.data
        }
      ];
    });
    this.cached = { recipes, loadedAt: this.clock.now() };
    return recipes;
  }

  private report(key: string, message: string, issues: unknown[]): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.logger.error({ recipe: key, issues: issues.slice(0, 3) }, message);
  }

  async forObject(objectApiName: string, direction: Direction): Promise<Recipe[]> {
    return (await this.all()).filter(
      (recipe) => recipe.direction === direction && recipe.objectApiName.toLowerCase() === objectApiName.toLowerCase()
    );
  }
}
