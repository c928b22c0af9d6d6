// Turns the stand-in's state into what the GraphQL API returns. Nested fields with arguments are functions, which
// graphql-js's default resolver calls with those arguments.
import { columnTypeRules } from './column-values';
import { chosenLabels } from './column-values/labels';
import type {
  MondayBoard,
  MondayColumn,
  MondayGroup,
  MondayItem,
  MondayState,
  MondayUpdate,
  MondayUser,
  MondayWebhook
} from './state';

export interface ViewContext {
  state: MondayState;
  accountSlug: string;
  /** Board and item ids ordered and filtered by an items_page query, then paged. */
  pageOfBoard(board: MondayBoard, args: Record<string, unknown>): { cursor: string | null; itemIds: string[] };
}

const valueTypeNames: Record<MondayColumn['type'], string> = {
  checkbox: 'CheckboxValue',
  country: 'CountryValue',
  date: 'DateValue',
  dropdown: 'DropdownValue',
  email: 'EmailValue',
  hour: 'HourValue',
  link: 'LinkValue',
  location: 'LocationValue',
  long_text: 'LongTextValue',
  numbers: 'NumbersValue',
  people: 'PeopleValue',
  phone: 'PhoneValue',
  rating: 'RatingValue',
  status: 'StatusValue',
  text: 'TextValue',
  timeline: 'TimelineValue'
};

export function userView(user: MondayUser): Record<string, unknown> {
  // One account per stand-in, as a monday account holds its users.
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    account: { id: '9001', name: 'Local account', slug: 'local' }
  };
}

export function columnView(column: MondayColumn): Record<string, unknown> {
  return {
    id: column.id,
    title: column.title,
    description: column.description,
    type: column.type,
    settings: column.settings,
    settings_str: JSON.stringify(column.settings),
    archived: column.archived
  };
}

export function groupView(group: MondayGroup): Record<string, unknown> {
  return { ...group };
}

export function webhookView(webhook: MondayWebhook): Record<string, unknown> {
  return {
    id: webhook.id,
    board_id: webhook.boardId,
    event: webhook.event,
    config: webhook.config ? JSON.stringify(webhook.config) : null
  };
}

export function updateView(update: MondayUpdate): Record<string, unknown> {
  return {
    id: update.id,
    body: update.body,
    text_body: update.body.replace(/<[^>]*>/g, ''),
    item_id: update.itemId,
    created_at: update.createdAt,
    creator_id: update.creatorId
  };
}

/** `text` as monday renders it, "" for an empty column. */
export function columnText(item: MondayItem, column: MondayColumn, state: MondayState): string {
  const value = item.values.get(column.id);
  if (value === undefined) return '';
  return columnTypeRules[column.type].text(value, { column, findUser: (id) => state.users.get(id) });
}

function columnValueView(item: MondayItem, column: MondayColumn, state: MondayState): Record<string, unknown> {
  const value = item.values.get(column.id);
  const view: Record<string, unknown> = {
    __typename: valueTypeNames[column.type],
    id: column.id,
    type: column.type,
    column: columnView(column),
    text: columnText(item, column, state),
    // The API returns `value` as a JSON-encoded string, null for an empty column.
    value: value === undefined ? null : JSON.stringify(value)
  };
  if (column.type === 'dropdown')
    view.values =
      value === undefined ? [] : chosenLabels(value, column).map(({ id, name }) => ({ id: String(id), label: name }));
  if (column.type === 'status') {
    const index = typeof value === 'object' && typeof value.index === 'number' ? value.index : null;
    const doneColors = Array.isArray(column.settings.done_colors) ? (column.settings.done_colors as number[]) : [];
    view.index = index;
    view.label = index === null ? null : view.text;
    view.is_done = index !== null && doneColors.includes(index);
  }
  return view;
}

export function boardView(board: MondayBoard, context: ViewContext): Record<string, unknown> {
  return {
    id: board.id,
    name: board.name,
    description: board.description,
    state: board.state,
    board_kind: board.kind,
    url: `https://${context.accountSlug}.monday.com/boards/${board.id}`,
    workspace_id: board.workspaceId,
    columns: ({ ids, types }: { ids?: string[] | null; types?: string[] | null }) =>
      board.columns
        .filter(
          (column) => !column.archived && (!ids || ids.includes(column.id)) && (!types || types.includes(column.type))
        )
        .map(columnView),
    groups: ({ ids }: { ids?: string[] | null }) =>
      board.groups.filter((group) => !group.deleted && (!ids || ids.includes(group.id))).map(groupView),
    items_count: () => context.state.itemsOfBoard(board.id).filter((item) => item.state === 'active').length,
    items_page: (args: Record<string, unknown>) => itemsResponseView(context.pageOfBoard(board, args), context)
  };
}

export function itemView(item: MondayItem, context: ViewContext): Record<string, unknown> {
  const { state } = context;
  const board = state.boards.get(item.boardId);
  return {
    id: item.id,
    name: item.name,
    state: item.state,
    board: () => (board ? boardView(board, context) : null),
    group: () => {
      const group = board?.groups.find((candidate) => candidate.id === item.groupId);
      return group ? groupView(group) : null;
    },
    column_values: ({ ids, types }: { ids?: string[] | null; types?: string[] | null }) =>
      (board?.columns ?? [])
        .filter(
          (column) => !column.archived && (!ids || ids.includes(column.id)) && (!types || types.includes(column.type))
        )
        .map((column) => columnValueView(item, column, state)),
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    url: `https://${context.accountSlug}.monday.com/boards/${item.boardId}/pulses/${item.id}`,
    creator_id: item.creatorId,
    updates: ({ limit, page, ids }: { limit: number; page: number; ids?: string[] | null }) =>
      state.updates
        .filter((update) => update.itemId === item.id && (!ids || ids.includes(update.id)))
        .reverse()
        .slice((page - 1) * limit, page * limit)
        .map(updateView)
  };
}

export function itemsResponseView(
  page: { cursor: string | null; itemIds: string[] },
  context: ViewContext
): Record<string, unknown> {
  return {
    cursor: page.cursor,
    items: page.itemIds.flatMap((id) => {
      const item = context.state.items.get(id);
      return item && item.state !== 'deleted' ? [itemView(item, context)] : [];
    })
  };
}
