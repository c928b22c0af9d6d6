import type { MondayColumn, MondayUser } from '../state';

/** What a column holds, in the shape monday's API returns as `value` (before JSON encoding). */
export type StoredValue = string | Record<string, unknown>;

export interface ColumnValueContext {
  column: MondayColumn;
  createLabelsIfMissing: boolean;
  findUser: (id: string) => MondayUser | undefined;
  /** ISO time of the write, stamped into `changed_at` as monday does. */
  now: string;
}

/** Reads from the store that a column's text or webhook value needs. */
export interface ColumnReadContext {
  column: MondayColumn;
  findUser: (id: string) => MondayUser | undefined;
}

export interface ColumnTypeRules {
  /**
   * Turns what a mutation sends (a string from change_simple_column_value or a simple column_values entry, or an
   * object) into the stored value. Throws ColumnValueError for what monday refuses. Clearing is handled before.
   */
  write(input: unknown, context: ColumnValueContext): StoredValue;
  /** The `text` monday renders for the value. */
  text(value: StoredValue, context: ColumnReadContext): string;
  /** The UI-shaped value that webhooks carry (different from the API's `value`). */
  webhookValue(value: StoredValue, context: ColumnReadContext): unknown;
  /** Default settings of a new column of this type. */
  defaultSettings?(): Record<string, unknown>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string property of an object value, or undefined. */
export function stringField(value: StoredValue, key: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];
  return typeof field === 'string' ? field : undefined;
}
