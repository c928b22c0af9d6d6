// The Salesforce column (SPEC F8): added to a board the first time a recipe writes to it, once. It holds each item's
// record (its URL, with the record id as text); it keeps the connection visible to board users, and after a crash it
// is how the relay finds an item it created before it could record the link.
import { z } from 'zod';
import type { MondayWriter } from '../write/monday-writer';
import type { MondayClient } from './client';
import { documents } from './documents';

export const salesforceColumnId = 'salesforce_record';
const salesforceColumnTitle = 'Salesforce';

export interface FoundItem {
  id: string;
  name: string;
  url?: string | null;
  column_values?: { id: string; value: string | null }[];
}

const columnValue = z.object({ text: z.string() });

/** The record id an item's Salesforce column holds, when it holds a well-formed one. */
export function recordIdIn(columnValues: { id: string; value: string | null }[]): string | undefined {
  const column = columnValues.find((candidate) => candidate.id === salesforceColumnId);
  if (!column?.value) return undefined;
  const recordId = columnValue.safeParse(JSON.parse(column.value)).data?.text;
  return recordId && /^[a-zA-Z0-9]{18}$/.test(recordId) ? recordId : undefined;
}

export class SalesforceColumns {
  private readonly ready = new Set<string>();
  private readonly names = new Map<string, string>();
  private readonly titles = new Map<string, Map<string, string>>();

  constructor(
    private readonly monday: MondayClient,
    private readonly writer: MondayWriter
  ) {}

  /** Makes sure the board has the column; one lookup per board per process, one creation per board ever. */
  async ensure(boardId: string): Promise<void> {
    if (this.ready.has(boardId)) return;
    const answer = await this.monday.request(documents.boardColumns, { boardIds: [boardId] });
    const boards = answer.data.boards as { name: string; columns: { id: string; title: string }[] }[] | null;
    const columns = boards?.[0]?.columns ?? [];
    if (boards?.[0]?.name) this.names.set(boardId, boards[0].name);
    this.titles.set(boardId, new Map(columns.map((column) => [column.id, column.title])));
    if (!columns.some((column) => column.id === salesforceColumnId)) {
      await this.writer.createColumn(
        boardId,
        {
          id: salesforceColumnId,
          title: salesforceColumnTitle,
          columnType: 'link',
          description:
            'The Salesforce record this item is synced with. Added by the monday Sync integration: do not delete it.'
        },
        `salesforce-column:${boardId}`
      );
    }
    this.ready.add(boardId);
  }

  /** The column's value for a record. */
  static valueFor(recordUrl: string, recordId: string): { url: string; text: string } {
    return { url: recordUrl, text: recordId };
  }

  /** A column's title, once the relay has read the board in this process. */
  columnTitle(boardId: string, columnId: string): string | undefined {
    return this.titles.get(boardId)?.get(columnId);
  }

  /** The board's name, once the relay has read the board in this process. */
  boardName(boardId: string): string | undefined {
    return this.names.get(boardId);
  }

  /**
   * The items of the board that already hold these records, by record id (one request for up to 500 records). The
   * column's text is the record id, and monday matches a link column that has a text on its text, never its URL
   * (https://developer.monday.com/api-reference/reference/items-page-by-column-values: "If there is both a link and
   * label, use the label value").
   */
  async findItems(boardId: string, recordIds: string[]): Promise<Map<string, FoundItem>> {
    const found = new Map<string, FoundItem>();
    for (let start = 0; start < recordIds.length; start += lookupsPerRequest) {
      const values = recordIds.slice(start, start + lookupsPerRequest);
      const answer = await this.monday.request(documents.itemsByColumnValue, {
        boardId,
        columnId: salesforceColumnId,
        values,
        limit: values.length
      });
      const page = answer.data.items_page_by_column_values as { items: FoundItem[] } | undefined;
      for (const item of page?.items ?? []) {
        const recordId = recordIdIn(item.column_values ?? []);
        if (recordId && !found.has(recordId)) found.set(recordId, item);
      }
    }
    return found;
  }
}

/** items_page_by_column_values answers at most 500 items a page. */
const lookupsPerRequest = 500;
