// What the custom-object poller asks Salesforce and what it makes of the answer, without I/O (./custom-object-poller.ts
// does the asking). A managed package cannot put triggers on a subscriber's custom objects, so the relay reads their
// changes itself: records whose SystemModstamp moved past a cursor. The cursor is (SystemModstamp, Id), and the query
// orders by both, so that records sharing one timestamp (a bulk update stamps thousands alike) are read once each,
// never skipped at a page's edge nor read again. One query per object per round, through queryAll, answers deleted
// records too (IsDeleted = true, while in the recycle bin), so deletes cost no second query.
// https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_orderby.htm
import type { RecordChange } from './change-batch';
import type { Recipe } from '../sync/recipe';

export interface PollCursor {
  /** The last record read's SystemModstamp, as Salesforce wrote it (2026-12-03T10:00:00.000+0000). */
  systemModstamp: string;
  /** The last record read's Id at that time (18 characters); '' before any record of that time. */
  id: string;
}

export interface PolledObject {
  objectApiName: string;
  /** The fields the object's Salesforce → monday recipes use (mapping and conditions), sorted. */
  fields: string[];
}

/** The custom objects an active Salesforce → monday recipe reads, each with the fields its recipes use. */
export function polledObjects(recipes: readonly Recipe[]): PolledObject[] {
  const fields = new Map<string, Set<string>>();
  for (const recipe of recipes) {
    if (!recipe.active || recipe.direction !== 'Salesforce_to_monday' || !isCustomObject(recipe.objectApiName))
      continue;
    const used = fields.get(recipe.objectApiName) ?? new Set<string>();
    for (const entry of recipe.definition.mapping) used.add(entry.field);
    for (const group of recipe.definition.conditions) for (const condition of group) used.add(condition.field);
    fields.set(recipe.objectApiName, used);
  }
  return [...fields]
    .map(([objectApiName, used]) => ({
      objectApiName,
      fields: [...used].filter((field) => !pollFields.has(field)).sort()
    }))
    .sort((a, b) => a.objectApiName.localeCompare(b.objectApiName));
}

/** A custom object (`Invoice__c`, `other__Invoice__c`), not a standard one: the package's triggers cover those. */
export function isCustomObject(objectApiName: string): boolean {
  return /__c$/.test(objectApiName);
}

/** The fields every poll reads besides the recipes'. */
const pollFields = new Set(['Id', 'IsDeleted', 'CreatedDate', 'SystemModstamp']);

/** The query for the records changed after the cursor, oldest first, at most `limit`. */
export function changesQuery(polled: PolledObject, cursor: PollCursor, limit: number): string {
  const fields = ['Id', 'IsDeleted', 'CreatedDate', 'SystemModstamp', ...polled.fields].join(', ');
  const stamp = soqlDateTime(cursor.systemModstamp);
  const after = cursor.id
    ? `SystemModstamp > ${stamp} OR (SystemModstamp = ${stamp} AND Id > '${cursor.id}')`
    : `SystemModstamp >= ${stamp}`;
  return `SELECT ${fields} FROM ${polled.objectApiName} WHERE ${after} ORDER BY SystemModstamp, Id LIMIT ${limit}`;
}

/** Where a first poll starts: the object's newest change (what came before is not a change to send). */
export function newestQuery(objectApiName: string): string {
  return `SELECT Id, SystemModstamp FROM ${objectApiName} ORDER BY SystemModstamp DESC, Id DESC LIMIT 1`;
}

/** The cursor a first poll starts from: after the newest record, or from `now` for an object without any. */
export function firstCursor(newest: Record<string, unknown> | undefined, now: number): PollCursor {
  const stamp = newest?.SystemModstamp;
  const id = newest?.Id;
  if (typeof stamp === 'string' && typeof id === 'string') return { systemModstamp: stamp, id };
  return { systemModstamp: salesforceDateTime(now), id: '' };
}

/**
 * How long after its SystemModstamp a change may still become visible: the stamp is taken when the record is saved,
 * the record is seen when its transaction commits, so a slow transaction shows a stamp older than records read
 * already. The cursor stays this far behind the relay's clock; what is read after it is read again next round, and
 * is then no change (../plan/record-change-plan.ts sends only values that differ from those last synced).
 */
export const commitLagMs = 5_000;

/** The changes a page of polled records makes, and the cursor after it (never past `now` minus the commit lag). */
export function changesOf(
  polled: PolledObject,
  records: readonly Record<string, unknown>[],
  cursor: PollCursor,
  now: number
): { changes: RecordChange[]; cursor: PollCursor } {
  let next = cursor;
  const settled = now - commitLagMs;
  const changes = records.flatMap((record): RecordChange[] => {
    const id = record.Id;
    const stamp = record.SystemModstamp;
    if (typeof id !== 'string' || typeof stamp !== 'string') return [];
    if (stampTime(stamp) <= settled) next = { systemModstamp: stamp, id };
    const values: RecordChange['values'] = {};
    for (const field of polled.fields) {
      const value = record[field];
      values[field] = value === undefined ? null : value;
    }
    const operation = record.IsDeleted === true ? 'delete' : record.CreatedDate === stamp ? 'insert' : 'update';
    // Which fields changed is not known from a poll: all the recipes' fields are offered, and the planner sends only
    // those that differ from what was last synced (../plan/record-change-plan.ts), so an unchanged one is no write.
    return [
      {
        recordId: id,
        operation,
        systemModstamp: stamp,
        changedFields: operation === 'update' ? [...polled.fields] : [],
        values
      }
    ];
  });
  return { changes, cursor: next };
}

export const cursorText = (cursor: PollCursor): string => `${cursor.systemModstamp}|${cursor.id}`;

export function cursorOf(text: string | undefined): PollCursor | undefined {
  if (!text) return undefined;
  const [systemModstamp = '', id = ''] = text.split('|');
  return systemModstamp ? { systemModstamp, id } : undefined;
}

/** A SOQL datetime literal (no quotes, UTC with Z) from what Salesforce answered (+0000). */
function soqlDateTime(stamp: string): string {
  return new Date(stampTime(stamp)).toISOString();
}

function stampTime(stamp: string): number {
  const time = Date.parse(stamp.replace(/\+0000$/, 'Z'));
  if (Number.isNaN(time)) throw new Error(`Not a Salesforce datetime: ${stamp}`);
  return time;
}

function salesforceDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}
