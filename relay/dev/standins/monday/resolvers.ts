// The root fields of the stand-in's API: queries read through the views, mutations go through BoardOperations.
import { idArgument, requiredArgument } from './arguments';
import { MondayApplicationError } from './errors';
import { type ItemsQuery, lookupBoardItems, queryBoardItems } from './item-queries';
import type { BoardOperations } from './operations';
import type { ItemPager } from './paging';
import type { ColumnType, MondayBoard, MondayState, MondayUser } from './state';
import type { WebhookDispatcher } from './webhooks';
import {
  type ViewContext,
  boardView,
  columnView,
  groupView,
  itemView,
  itemsResponseView,
  updateView,
  userView,
  webhookView
} from './views';

export interface RequestContext {
  actor: MondayUser;
  complexity: { before: number; after: number; query: number; resetInSeconds: number };
}

export interface ResolverServices {
  state: MondayState;
  operations: BoardOperations;
  pager: ItemPager;
  webhooks: WebhookDispatcher;
  accountSlug: string;
}

// monday's items query takes at most 100 ids. https://developer.monday.com/api-reference/reference/items
const maxItemIds = 100;

type Args = Record<string, unknown>;
const str = (value: unknown): string => requiredArgument(value, 'argument');
const optionalStr = (value: unknown): string | null => idArgument(value) ?? null;

export function createRootValue(
  services: ResolverServices,
  request: RequestContext
): Record<string, (args: Args) => unknown> {
  const { state, operations, pager, webhooks } = services;
  const actorId = request.actor.id;
  const viewContext: ViewContext = {
    state,
    accountSlug: services.accountSlug,
    pageOfBoard: (board: MondayBoard, args: Args) =>
      typeof args.cursor === 'string'
        ? pager.next(args.cursor, Number(args.limit))
        : pager.first(queryBoardItems(board, args.query_params as ItemsQuery | null, state), Number(args.limit))
  };
  const item = (value: ReturnType<BoardOperations['item']>) => itemView(value, viewContext);

  return {
    // Queries
    boards: ({ ids, limit, page, state: boardState }) => {
      const wanted = Array.isArray(ids) ? new Set(ids.map(str)) : undefined;
      const size = Number(limit);
      return [...state.boards.values()]
        .filter((board) => (!wanted || wanted.has(board.id)) && (boardState === 'all' || board.state === boardState))
        .slice((Number(page) - 1) * size, Number(page) * size)
        .map((board) => boardView(board, viewContext));
    },
    items: ({ ids, limit, page }) => {
      const wanted = Array.isArray(ids) ? ids.map(str) : undefined;
      if (wanted && wanted.length > maxItemIds) {
        throw new MondayApplicationError(`items accepts at most ${maxItemIds} ids`, 'InvalidArgumentException', {
          ids_count: wanted.length
        });
      }
      const found = wanted
        ? wanted.flatMap((id) => {
            const candidate = state.items.get(id);
            return candidate && candidate.state !== 'deleted' ? [candidate] : [];
          })
        : [...state.items.values()].filter((candidate) => candidate.state === 'active');
      const size = Number(limit);
      return found.slice((Number(page) - 1) * size, Number(page) * size).map(item);
    },
    items_page_by_column_values: ({ board_id: boardId, columns, cursor, limit }) => {
      const page =
        typeof cursor === 'string'
          ? pager.next(cursor, Number(limit))
          : pager.first(
              lookupBoardItems(
                operations.board(str(boardId)),
                columns as Parameters<typeof lookupBoardItems>[1],
                state
              ),
              Number(limit)
            );
      return itemsResponseView(page, viewContext);
    },
    next_items_page: ({ cursor, limit }) => itemsResponseView(pager.next(str(cursor), Number(limit)), viewContext),
    complexity: () => ({
      before: request.complexity.before,
      after: request.complexity.after,
      query: request.complexity.query,
      reset_in_x_seconds: request.complexity.resetInSeconds
    }),
    me: () => userView(request.actor),
    users: ({ ids, limit, page }) => {
      const wanted = Array.isArray(ids) ? new Set(ids.map(str)) : undefined;
      const size = Number(limit);
      return [...state.users.values()]
        .filter((user) => !wanted || wanted.has(user.id))
        .slice((Number(page) - 1) * size, Number(page) * size)
        .map(userView);
    },
    webhooks: ({ board_id: boardId }) => {
      const board = operations.board(str(boardId));
      return [...state.webhooks.values()].filter((webhook) => webhook.boardId === board.id).map(webhookView);
    },

    // Mutations
    create_item: (args) =>
      item(
        operations.createItem({
          boardId: str(args.board_id),
          name: str(args.item_name),
          columnValues: args.column_values,
          groupId: optionalStr(args.group_id),
          createLabelsIfMissing: args.create_labels_if_missing === true,
          actorId
        })
      ),
    change_multiple_column_values: (args) =>
      item(
        operations.changeColumnValues({
          boardId: str(args.board_id),
          itemId: optionalStr(args.item_id),
          columnValues: args.column_values,
          createLabelsIfMissing: args.create_labels_if_missing === true,
          actorId
        })
      ),
    change_simple_column_value: (args) =>
      item(
        operations.changeColumnValues({
          boardId: str(args.board_id),
          itemId: optionalStr(args.item_id),
          columnValues: { [str(args.column_id)]: args.value ?? null },
          createLabelsIfMissing: args.create_labels_if_missing === true,
          actorId
        })
      ),
    change_column_value: (args) => {
      let value: unknown = args.value;
      if (typeof value === 'string') {
        try {
          value = JSON.parse(value);
        } catch {
          throw new MondayApplicationError('Syntax error in JSON input', 'JsonParseException', { json: value }, 400);
        }
      }
      return item(
        operations.changeColumnValues({
          boardId: str(args.board_id),
          itemId: optionalStr(args.item_id),
          columnValues: { [str(args.column_id)]: value },
          createLabelsIfMissing: args.create_labels_if_missing === true,
          actorId
        })
      );
    },
    create_column: (args) =>
      columnView(
        operations.createColumn(str(args.board_id), {
          title: str(args.title),
          type: args.column_type as ColumnType,
          id: optionalStr(args.id),
          description: optionalStr(args.description),
          defaults: args.defaults
        })
      ),
    archive_item: (args) => item(operations.archiveItem(requiredArgument(args.item_id, 'item_id'), actorId)),
    delete_item: (args) => item(operations.deleteItem(requiredArgument(args.item_id, 'item_id'), actorId)),
    create_update: (args) =>
      updateView(operations.createUpdate(requiredArgument(args.item_id, 'item_id'), str(args.body), actorId)),
    create_notification: (args) => {
      const userId = str(args.user_id);
      if (!state.users.has(userId)) {
        throw new MondayApplicationError('User not found', 'InvalidUserIdException', { user_id: userId });
      }
      // A Project target is an item or a board of the account.
      const targetId = str(args.target_id);
      if (str(args.target_type) === 'Project' && !state.items.has(targetId) && !state.boards.has(targetId))
        throw new MondayApplicationError('Target not found', 'ResourceNotFoundException', { target_id: targetId });
      const notification = {
        id: state.nextId(),
        userId,
        targetId: str(args.target_id),
        targetType: str(args.target_type),
        text: str(args.text)
      };
      state.notifications.push(notification);
      return { id: notification.id, text: notification.text };
    },
    create_webhook: async (args) => {
      const board = operations.board(str(args.board_id));
      return webhookView(
        await webhooks.register({ boardId: board.id, url: str(args.url), event: str(args.event), config: args.config })
      );
    },
    delete_webhook: ({ id }) => {
      const webhook = state.webhooks.get(str(id));
      if (!webhook) throw new MondayApplicationError('Webhook not found', 'ResourceNotFoundException', { id });
      state.webhooks.delete(webhook.id);
      return webhookView(webhook);
    },
    create_board: (args) =>
      boardView(
        operations.createBoard(
          str(args.board_name),
          args.board_kind as MondayBoard['kind'],
          optionalStr(args.description)
        ),
        viewContext
      ),
    create_group: (args) => groupView(operations.createGroup(str(args.board_id), str(args.group_name)))
  };
}
