// Which items of a board an items_page query or an items_page_by_column_values lookup returns, in which order.
// https://developer.monday.com/api-reference/reference/items-page and .../items-page-by-column-values
import { MondayApplicationError } from './errors';
import type { MondayBoard, MondayColumn, MondayItem, MondayState } from './state';
import { stringField } from './column-values/types';
import { columnText } from './views';

interface QueryRule {
  column_id: string;
  compare_value: unknown;
  compare_attribute?: string | null;
  operator?: string | null;
}

export interface ItemsQuery {
  ids?: string[] | null;
  operator?: 'and' | 'or' | null;
  rules?: QueryRule[] | null;
  order_by?: { column_id: string; direction?: 'asc' | 'desc' | null }[] | null;
}

// items_page_by_column_values supports these column types only (monday's reference lists them); "name" is the
// item name. Location and rating columns are refused.
const lookupColumnTypes = new Set<MondayColumn['type']>([
  'checkbox',
  'country',
  'date',
  'dropdown',
  'email',
  'hour',
  'link',
  'long_text',
  'numbers',
  'people',
  'phone',
  'status',
  'text',
  'timeline'
]);

function column(board: MondayBoard, columnId: string): MondayColumn {
  const found = board.columns.find((candidate) => candidate.id === columnId && !candidate.archived);
  if (!found) {
    throw new MondayApplicationError("This column ID doesn't exist for the board", 'InvalidColumnIdException', {
      column_id: columnId,
      board_id: board.id
    });
  }
  return found;
}

function comparable(
  item: MondayItem,
  columnId: string,
  board: MondayBoard,
  state: MondayState
): { text: string; empty: boolean; index?: number } {
  if (columnId === 'name') return { text: item.name, empty: item.name === '' };
  const target = column(board, columnId);
  const value = item.values.get(target.id);
  const index = typeof value === 'object' && typeof value.index === 'number' ? value.index : undefined;
  return {
    text: columnText(item, target, state),
    empty: value === undefined,
    ...(index === undefined ? {} : { index })
  };
}

function matchesRule(item: MondayItem, rule: QueryRule, board: MondayBoard, state: MondayState): boolean {
  const { text, empty, index } = comparable(item, rule.column_id, board, state);
  const values = (Array.isArray(rule.compare_value) ? rule.compare_value : [rule.compare_value]).map(String);
  // A status rule compares label indexes; other columns compare their text.
  const hit = values.includes(text) || (index !== undefined && values.includes(String(index)));
  switch (rule.operator ?? 'any_of') {
    case 'any_of':
      return hit;
    case 'not_any_of':
      return !hit;
    case 'is_empty':
      return empty;
    case 'is_not_empty':
      return !empty;
    case 'contains_text':
      return values.some((value) => text.toLowerCase().includes(value.toLowerCase()));
    case 'greater_than':
    case 'lower_than': {
      const [bound] = values;
      if (bound === undefined || empty) return false;
      const numeric = text !== '' && !Number.isNaN(Number(text)) && !Number.isNaN(Number(bound));
      const order = numeric ? Number(text) - Number(bound) : text.localeCompare(bound);
      return rule.operator === 'greater_than' ? order > 0 : order < 0;
    }
    default:
      throw new MondayApplicationError(
        `Unsupported rule operator ${String(rule.operator)}`,
        'InvalidArgumentException',
        {}
      );
  }
}

/** The ids of a board's active items that match `query`, in its order (default: creation order). */
export function queryBoardItems(
  board: MondayBoard,
  query: ItemsQuery | null | undefined,
  state: MondayState
): string[] {
  let items = state.itemsOfBoard(board.id).filter((item) => item.state === 'active');
  if (query?.ids) {
    const ids = new Set(query.ids.map(String));
    items = items.filter((item) => ids.has(item.id));
  }
  const rules = query?.rules ?? [];
  if (rules.length > 0) {
    const any = query?.operator === 'or';
    items = items.filter((item) =>
      any
        ? rules.some((rule) => matchesRule(item, rule, board, state))
        : rules.every((rule) => matchesRule(item, rule, board, state))
    );
  }
  for (const order of [...(query?.order_by ?? [])].reverse()) {
    const key = (item: MondayItem): string =>
      order.column_id === '__last_updated__'
        ? item.updatedAt
        : order.column_id === '__creation_log__'
          ? item.createdAt
          : comparable(item, order.column_id, board, state).text;
    const sign = order.direction === 'desc' ? -1 : 1;
    items = [...items].sort((left, right) => sign * key(left).localeCompare(key(right)));
  }
  return items.map((item) => item.id);
}

/**
 * What items_page_by_column_values compares a column's given values with. monday's reference: a link column is matched
 * "as it appears in the UI": on its display text when it has one, on its URL only when it has none ("If display text
 * is present, you must search by that and not the URL", https://developer.monday.com/api-reference/docs/link and
 * .../reference/items-page-by-column-values). A text column is "a case-insensitive match of the entire text value".
 */
function lookupKey(
  item: MondayItem,
  columnId: string,
  board: MondayBoard,
  state: MondayState
): (value: string) => boolean {
  if (columnId !== 'name') {
    const target = column(board, columnId);
    const stored = item.values.get(target.id);
    if (target.type === 'link') {
      const text = stored === undefined ? undefined : stringField(stored, 'text');
      const shown =
        text === undefined || text === '' ? (stored === undefined ? undefined : stringField(stored, 'url')) : text;
      return (value) => shown !== undefined && shown !== '' && value === shown;
    }
    if (target.type === 'text') {
      const text = columnText(item, target, state).toLowerCase();
      return (value) => value.toLowerCase() === text;
    }
  }
  const { text } = comparable(item, columnId, board, state);
  return (value) => value === text;
}

/** items_page_by_column_values: items matching every given column, each on any of its values. */
export function lookupBoardItems(
  board: MondayBoard,
  columns: { column_id: string; column_values: (string | null)[] }[] | null | undefined,
  state: MondayState
): string[] {
  for (const { column_id: columnId } of columns ?? []) {
    if (columnId === 'name') continue;
    const target = column(board, columnId);
    if (!lookupColumnTypes.has(target.type)) {
      throw new MondayApplicationError(
        `Column type ${target.type} is not supported by items_page_by_column_values`,
        'InvalidColumnTypeException',
        { column_id: columnId, column_type: target.type }
      );
    }
  }
  return state
    .itemsOfBoard(board.id)
    .filter((item) => item.state === 'active')
    .filter((item) =>
      (columns ?? []).every(({ column_id: columnId, column_values: values }) => {
        const matches = lookupKey(item, columnId, board, state);
        return values.some((value) => matches(value ?? ''));
      })
    )
    .map((item) => item.id);
}
