// Every change to the stand-in's boards goes through here, whether it comes from the GraphQL API or from a test
// acting as a person on the board, so both are validated alike and both produce webhook events.
import { EventEmitter } from 'node:events';
import type { Clock } from '../../../src/core/clock';
import { type StoredValue, columnTypeRules, parseColumnWrite } from './column-values';
import { isRecord } from './column-values/types';
import { ColumnValueError, MondayApplicationError } from './errors';
import type {
  ColumnType,
  MondayBoard,
  MondayColumn,
  MondayGroup,
  MondayItem,
  MondayState,
  MondayUpdate
} from './state';

/** A change that webhooks may report. */
export type BoardEvent =
  | { kind: 'create_item'; item: MondayItem; actorId: string }
  | {
      kind: 'change_column_value';
      item: MondayItem;
      column: MondayColumn;
      value: StoredValue | null;
      previousValue: StoredValue | null;
      actorId: string;
    }
  | { kind: 'change_name'; item: MondayItem; name: string; previousName: string; actorId: string }
  | { kind: 'item_archived' | 'item_deleted'; item: MondayItem; actorId: string };

const maxItemNameLength = 255;
// monday: a column id given to create_column is 1-20 lowercase letters, digits or underscores.
const columnIdPattern = /^[a-z][a-z0-9_]{0,19}$/;
const groupColors = ['#579bfc', '#00c875', '#fdab3d', '#e2445c', '#a25ddc'];

export class BoardOperations {
  readonly events = new EventEmitter<{ change: [BoardEvent] }>();

  constructor(
    private readonly state: MondayState,
    private readonly clock: Clock
  ) {}

  private nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  board(boardId: string): MondayBoard {
    const board = this.state.boards.get(boardId);
    if (!board || board.state === 'deleted') {
      throw new MondayApplicationError('Board not found', 'InvalidBoardIdException', { board_id: boardId });
    }
    return board;
  }

  /** An item that exists (archived included); on `boardId` when one is given. */
  item(itemId: string, boardId?: string): MondayItem {
    const item = this.state.items.get(itemId);
    if (!item || item.state === 'deleted' || (boardId !== undefined && item.boardId !== boardId)) {
      throw new MondayApplicationError('Item not found in board', 'InvalidItemIdException', { item_id: itemId });
    }
    return item;
  }

  createBoard(name: string, kind: MondayBoard['kind'], description: string | null = null): MondayBoard {
    const board: MondayBoard = {
      id: this.state.nextId(),
      name,
      description,
      kind,
      state: 'active',
      workspaceId: null,
      columns: [],
      groups: [],
      locked: false
    };
    this.state.boards.set(board.id, board);
    this.createGroup(board.id, 'Group Title', 'topics');
    return board;
  }

  createGroup(boardId: string, title: string, id?: string): MondayGroup {
    const board = this.board(boardId);
    const group: MondayGroup = {
      id: id ?? `group_${this.state.nextId()}`,
      title,
      color: groupColors[board.groups.length % groupColors.length] ?? '#579bfc',
      position: String((board.groups.length + 1) * 65536),
      archived: false,
      deleted: false
    };
    board.groups.push(group);
    return group;
  }

  createColumn(
    boardId: string,
    input: { title: string; type: ColumnType; id?: string | null; description?: string | null; defaults?: unknown }
  ): MondayColumn {
    const board = this.board(boardId);
    const id = input.id ?? `${input.type}_${this.state.nextId().slice(-6)}`;
    if (!columnIdPattern.test(id)) {
      throw new MondayApplicationError(
        'Column id must be 1 to 20 lowercase letters, digits or underscores, starting with a letter',
        'InvalidArgumentException',
        { id }
      );
    }
    if (board.columns.some((column) => column.id === id) || id === 'name') {
      throw new MondayApplicationError('A column with this id already exists on the board', 'ColumnIdAlreadyExists', {
        id
      });
    }
    if (input.title.trim() === '') {
      throw new MondayApplicationError('Column title must not be empty', 'InvalidArgumentException', {});
    }
    const defaults = typeof input.defaults === 'string' ? (JSON.parse(input.defaults) as unknown) : input.defaults;
    const column: MondayColumn = {
      id,
      title: input.title,
      description: input.description ?? null,
      type: input.type,
      settings: { ...(columnTypeRules[input.type].defaultSettings?.() ?? {}), ...(isRecord(defaults) ? defaults : {}) },
      archived: false
    };
    board.columns.push(column);
    return column;
  }

  private checkItemName(name: string): void {
    if (name.length < 1 || name.length > maxItemNameLength) {
      throw new MondayApplicationError(
        `Item name must be between 1 and ${maxItemNameLength} characters long`,
        'ItemNameTooLongException',
        { name_length: name.length }
      );
    }
  }

  /**
   * Parses a `column_values` argument: a JSON string (or, sent as a GraphQL variable, an already decoded object).
   * All entries are checked before anything is written, so a bad value changes nothing.
   */
  private parseColumnValues(
    board: MondayBoard,
    columnValues: unknown,
    createLabelsIfMissing: boolean
  ): { name?: string; values: Map<MondayColumn, StoredValue | null> } {
    let decoded: unknown = columnValues;
    if (typeof columnValues === 'string') {
      try {
        decoded = JSON.parse(columnValues);
      } catch {
        throw new MondayApplicationError(
          'Syntax error in JSON input',
          'JsonParseException',
          { json: columnValues },
          400
        );
      }
    }
    if (decoded === null || decoded === undefined) return { values: new Map() };
    if (!isRecord(decoded)) {
      throw new MondayApplicationError(
        'column_values must be a JSON object',
        'JsonParseException',
        { json: columnValues },
        400
      );
    }
    const values = new Map<MondayColumn, StoredValue | null>();
    let name: string | undefined;
    const now = this.nowIso();
    for (const [columnId, input] of Object.entries(decoded)) {
      if (columnId === 'name') {
        if (typeof input !== 'string')
          throw new ColumnValueError('invalid value, the item name must be a string', 'name', 'name');
        this.checkItemName(input);
        name = input;
        continue;
      }
      const column = board.columns.find((candidate) => candidate.id === columnId && !candidate.archived);
      if (!column) {
        throw new MondayApplicationError("This column ID doesn't exist for the board", 'InvalidColumnIdException', {
          column_id: columnId,
          board_id: board.id
        });
      }
      values.set(
        column,
        parseColumnWrite(input, { column, createLabelsIfMissing, findUser: (id) => this.state.users.get(id), now })
      );
    }
    return name === undefined ? { values } : { name, values };
  }

  createItem(input: {
    boardId: string;
    name: string;
    columnValues?: unknown;
    groupId?: string | null;
    createLabelsIfMissing?: boolean | null;
    actorId: string;
  }): MondayItem {
    const board = this.board(input.boardId);
    this.checkItemName(input.name);
    const group = input.groupId ? board.groups.find((candidate) => candidate.id === input.groupId) : board.groups[0];
    if (!group)
      throw new MondayApplicationError('Group not found', 'InvalidGroupIdException', { group_id: input.groupId });
    const { values } = this.parseColumnValues(board, input.columnValues, input.createLabelsIfMissing ?? false);
    const now = this.nowIso();
    const item: MondayItem = {
      id: this.state.nextId(),
      boardId: board.id,
      groupId: group.id,
      name: input.name,
      state: 'active',
      creatorId: input.actorId,
      createdAt: now,
      updatedAt: now,
      values: new Map()
    };
    for (const [column, value] of values) if (value !== null) item.values.set(column.id, value);
    this.state.items.set(item.id, item);
    this.events.emit('change', { kind: 'create_item', item, actorId: input.actorId });
    return item;
  }

  changeColumnValues(input: {
    boardId: string;
    itemId: string | null | undefined;
    columnValues: unknown;
    createLabelsIfMissing?: boolean | null;
    actorId: string;
  }): MondayItem {
    const board = this.board(input.boardId);
    if (input.itemId === null || input.itemId === undefined) {
      throw new MondayApplicationError('item_id is required', 'InvalidArgumentException', {});
    }
    const item = this.item(input.itemId, board.id);
    const { name, values } = this.parseColumnValues(board, input.columnValues, input.createLabelsIfMissing ?? false);
    const changed: BoardEvent[] = [];
    if (name !== undefined && name !== item.name) {
      changed.push({ kind: 'change_name', item, name, previousName: item.name, actorId: input.actorId });
      item.name = name;
    }
    for (const [column, value] of values) {
      const previousValue = item.values.get(column.id) ?? null;
      if (sameValue(previousValue, value)) continue;
      if (value === null) item.values.delete(column.id);
      else item.values.set(column.id, value);
      changed.push({ kind: 'change_column_value', item, column, value, previousValue, actorId: input.actorId });
    }
    if (changed.length > 0) item.updatedAt = this.nowIso();
    for (const event of changed) this.events.emit('change', event);
    return item;
  }

  archiveItem(itemId: string, actorId: string): MondayItem {
    const item = this.item(itemId);
    if (item.state !== 'archived') {
      item.state = 'archived';
      item.updatedAt = this.nowIso();
      this.events.emit('change', { kind: 'item_archived', item, actorId });
    }
    return item;
  }

  deleteItem(itemId: string, actorId: string): MondayItem {
    const item = this.item(itemId);
    item.state = 'deleted';
    item.updatedAt = this.nowIso();
    this.events.emit('change', { kind: 'item_deleted', item, actorId });
    return item;
  }

  createUpdate(itemId: string, body: string, actorId: string): MondayUpdate {
    const item = this.item(itemId);
    if (body.trim() === '')
      throw new MondayApplicationError('Update body must not be empty', 'InvalidArgumentException', {});
    const update: MondayUpdate = {
      id: this.state.nextId(),
      itemId: item.id,
      body,
      creatorId: actorId,
      createdAt: this.nowIso()
    };
    this.state.updates.push(update);
    return update;
  }
}

/** Whether a write leaves the column as it was (changed_at aside), in which case monday reports no change. */
function sameValue(previous: StoredValue | null, next: StoredValue | null): boolean {
  const strip = (value: StoredValue | null): unknown => {
    if (!isRecord(value)) return value;
    const { changed_at: _changedAt, ...rest } = value;
    return rest;
  };
  return JSON.stringify(strip(previous)) === JSON.stringify(strip(next));
}
