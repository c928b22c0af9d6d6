import type { StoredValue } from './column-values/types';

export type ColumnType =
  | 'checkbox'
  | 'country'
  | 'date'
  | 'dropdown'
  | 'email'
  | 'hour'
  | 'link'
  | 'location'
  | 'long_text'
  | 'numbers'
  | 'people'
  | 'phone'
  | 'rating'
  | 'status'
  | 'text'
  | 'timeline';

export type ItemState = 'active' | 'archived' | 'deleted';

export interface MondayUser {
  id: string;
  name: string;
  email: string;
}

export interface MondayColumn {
  id: string;
  title: string;
  description: string | null;
  type: ColumnType;
  /** Type-specific settings, served as `settings_str` (status labels, dropdown labels, rating maximum). */
  settings: Record<string, unknown>;
  archived: boolean;
}

export interface MondayGroup {
  id: string;
  title: string;
  color: string;
  position: string;
  archived: boolean;
  deleted: boolean;
}

export interface MondayBoard {
  id: string;
  name: string;
  description: string | null;
  kind: 'private' | 'public' | 'share';
  state: ItemState;
  workspaceId: string | null;
  columns: MondayColumn[];
  groups: MondayGroup[];
  /** A board being modified by another process answers 423 to writes (monday's resource lock). */
  locked: boolean;
}

export interface MondayItem {
  id: string;
  boardId: string;
  groupId: string;
  name: string;
  state: ItemState;
  creatorId: string;
  createdAt: string;
  updatedAt: string;
  values: Map<string, StoredValue>;
}

export interface MondayUpdate {
  id: string;
  itemId: string;
  body: string;
  creatorId: string;
  createdAt: string;
}

export interface MondayWebhook {
  id: string;
  boardId: string;
  url: string;
  event: string;
  config: Record<string, unknown> | null;
}

export interface MondayNotification {
  id: string;
  userId: string;
  targetId: string;
  targetType: string;
  text: string;
}

/** Everything the stand-in knows, in memory. Ids are numeric strings, as monday's are. */
export class MondayState {
  readonly users = new Map<string, MondayUser>();
  readonly boards = new Map<string, MondayBoard>();
  readonly items = new Map<string, MondayItem>();
  readonly updates: MondayUpdate[] = [];
  readonly webhooks = new Map<string, MondayWebhook>();
  readonly notifications: MondayNotification[] = [];
  private lastId = 1_000_000_000;

  nextId(): string {
    this.lastId += 1;
    return String(this.lastId);
  }

  itemsOfBoard(boardId: string): MondayItem[] {
    return [...this.items.values()].filter((item) => item.boardId === boardId);
  }
}
