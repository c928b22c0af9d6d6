// sObject Collections: up to 200 records a request, one result per record with `statusCode` errors, all rolled
// back when allOrNone is true and one fails.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections.htm
import { SalesforceApiError } from './errors';
import type { RecordStore } from './records';

export const maxCollectionSize = 200;

export interface CollectionResult {
  id?: string | null;
  success: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
  created?: boolean;
}

const rolledBack = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: []
};

export function checkCollectionSize(count: number): void {
  if (count > maxCollectionSize) {
    throw new SalesforceApiError(
      400,
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${maxCollectionSize} records into this call`
    );
  }
}

/** Applies `write` to each entry, in order, and answers one result per entry. */
export function applyCollection<T>(
  store: RecordStore,
  entries: T[],
  allOrNone: boolean,
  write: (entry: T) => { id: string; created?: boolean }
): CollectionResult[] {
  checkCollectionSize(entries.length);
  const before = allOrNone ? store.snapshot() : undefined;
  const results: CollectionResult[] = entries.map((entry) => {
    try {
      const { id, created } = write(entry);
      return { id, success: true, errors: [], ...(created === undefined ? {} : { created }) };
    } catch (error) {
      if (!(error instanceof SalesforceApiError)) throw error;
      return { success: false, errors: [error.toCollectionError()] };
    }
  });
  if (before && results.some((result) => !result.success)) {
    store.restore(before);
    return results.map((result) => (result.success ? { success: false, errors: [rolledBack] } : result));
  }
  return results;
}

/** The object named in a record's attributes, which a collection create or upsert requires. */
export function recordType(record: unknown): string {
  const attributes =
    typeof record === 'object' && record !== null
      ? (record as { attributes?: { type?: unknown } }).attributes
      : undefined;
  if (typeof attributes?.type !== 'string') {
    throw new SalesforceApiError(400, 'INVALID_TYPE', 'Each record must name its sObject type in attributes.type');
  }
  return attributes.type;
}
