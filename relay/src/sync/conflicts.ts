// Conflicts on a two-way board (SPEC F4 and F5 on one board): a field changed on both sides since the last value they
// agreed on, to two different values, before the relay synced either. Whichever side's change the relay reaches first
// finds the conflict, by reading the other side's current value, and settles it at once by the pulling recipe's rule,
// so the other change arrives to find nothing left to decide:
// - "Salesforce wins" or "monday wins";
// - "last writer wins" (the default), by the two systems' own times: the record's SystemModstamp and the monday
//   change's time (the webhook's triggerTime, or the item's updated_at). Neither API keeps a time per field, so these
//   are per record and per item. A tie goes to Salesforce, the system of record.
// Every conflict is written to the Salesforce sync log with both values and the winner (B1), resolved; the relay's own
// log names the record, item and field but not the values, which are customer data.
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { SalesforceWriter } from '../write/salesforce-writer';
import type { Recipe } from './recipe';

export type Side = 'salesforce' | 'monday';

export interface Conflict {
  /** The monday → Salesforce recipe of the board: its rule decides. */
  recipe: Recipe;
  recordId: string;
  itemId: string;
  field: string;
  salesforce: { value: unknown; at: number };
  monday: { value: unknown; at: number };
}

export function winnerOf(conflict: Conflict): Side {
  switch (conflict.recipe.definition.options.conflictRule) {
    case 'salesforce_wins':
      return 'salesforce';
    case 'monday_wins':
      return 'monday';
    case 'last_writer_wins':
      return conflict.monday.at > conflict.salesforce.at ? 'monday' : 'salesforce';
  }
}

/** Epoch milliseconds of a Salesforce datetime (`2026-05-20T20:49:32.000+0000`); 0 when it cannot be read. */
export function salesforceTime(stamp: string | undefined): number {
  const time = Date.parse((stamp ?? '').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(time) ? 0 : time;
}

/** Epoch milliseconds of a monday time (ISO 8601); 0 when it cannot be read. */
export function mondayTime(time: string | null | undefined): number {
  const parsed = Date.parse(time ?? '');
  return Number.isNaN(parsed) ? 0 : parsed;
}

/** The active monday → Salesforce recipe that makes a Salesforce → monday recipe's board two-way, if any. */
export function pullingPartner(recipes: Recipe[], pushing: Recipe): Recipe | undefined {
  return recipes.find(
    (recipe) =>
      recipe.direction === 'monday_to_Salesforce' &&
      recipe.boardId === pushing.boardId &&
      recipe.objectApiName === pushing.objectApiName
  );
}

/** The Salesforce → monday recipe that sends later record changes to a pulling recipe's board, if any. */
export function pushingPartner(recipes: Recipe[], pulling: Recipe): Recipe | undefined {
  return recipes.find(
    (recipe) =>
      recipe.direction === 'Salesforce_to_monday' &&
      recipe.definition.options.syncFutureChanges &&
      recipe.boardId === pulling.boardId &&
      recipe.objectApiName === pulling.objectApiName
  );
}

const ruleNames = {
  salesforce_wins: 'Salesforce wins',
  monday_wins: 'monday wins',
  last_writer_wins: 'last writer wins'
} as const;

const shown = (value: unknown): string => (value === null || value === undefined ? '(empty)' : JSON.stringify(value));

export class ConflictLog {
  constructor(
    private readonly salesforce: SalesforceWriter,
    private readonly clock: Clock,
    private readonly logger: Logger
  ) {}

  /** Records a conflict and its winner; called before the winning value is written, so none goes unrecorded. */
  async record(conflict: Conflict, winner: Side): Promise<void> {
    const { recipe, field } = conflict;
    const at = (time: number) => (time > 0 ? new Date(time).toISOString() : 'unknown time');
    const reason =
      `${field} changed on both sides. Salesforce: ${shown(conflict.salesforce.value)} (${at(conflict.salesforce.at)}); ` +
      `monday: ${shown(conflict.monday.value)} (${at(conflict.monday.at)}). Rule "${ruleNames[recipe.definition.options.conflictRule]}" ` +
      `of the recipe "${recipe.name}": ${winner === 'salesforce' ? "Salesforce's" : "monday's"} value was kept on both sides.`;
    await this.salesforce.logFailure({
      recordId: conflict.recordId,
      objectApiName: recipe.objectApiName,
      recipeId: recipe.id,
      itemId: conflict.itemId,
      direction: winner === 'salesforce' ? 'Salesforce_to_monday' : 'monday_to_Salesforce',
      errorCode: 'CONFLICT',
      reason,
      retriable: false,
      resolved: true,
      occurredAt: new Date(this.clock.now())
    });
    this.logger.warn(
      { recordId: conflict.recordId, itemId: conflict.itemId, field, winner, recipeId: recipe.id },
      'conflict settled by the recipe rule'
    );
  }
}
