// monday items as the API returns them (not the webhook's UI shapes), read in as few requests as monday allows, and
// what the sync reads from them: a column's value for a mapping entry, and the record named by the Salesforce column.
import type { MondayClient } from '../monday/client';
import { documents } from '../monday/documents';
import { recordIdIn } from '../monday/salesforce-column';
import type { MappingEntry } from './recipe';
import type { ColumnReading } from './to-salesforce-fields';

export interface ItemReading {
  id: string;
  name: string;
  /** Opens the item in monday (the API's `url`). */
  url?: string | null;
  state: string;
  updated_at?: string | null;
  column_values: (ColumnReading & { id: string })[];
}

/** `items(ids:)` answers at most 100 items a request. */
const itemsPerRead = 100;

/** The items by id; an item monday no longer has is missing from the map. */
export async function readItems(monday: MondayClient, itemIds: string[]): Promise<Map<string, ItemReading>> {
  const items = new Map<string, ItemReading>();
  for (let start = 0; start < itemIds.length; start += itemsPerRead) {
    const answer = await monday.request(documents.readItems, { itemIds: itemIds.slice(start, start + itemsPerRead) });
    for (const item of (answer.data.items as ItemReading[] | null) ?? []) items.set(item.id, item);
  }
  return items;
}

/** The item's value for a mapping entry ("name" is the item's name); an absent column reads as empty. */
export function columnReading(item: ItemReading, entry: MappingEntry): ColumnReading {
  if (entry.column === 'name') return { type: 'name', text: item.name, value: null };
  return (
    item.column_values.find((column) => column.id === entry.column) ?? {
      type: entry.columnType,
      text: null,
      value: null
    }
  );
}

/** The record id the item's Salesforce column holds, when it holds a well-formed one. */
export const linkedRecordId = (item: ItemReading): string | undefined => recordIdIn(item.column_values);
