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

/** The state as plain data (the local mode keeps it in its data folder across restarts). */
export interface MondaySnapshot {
  lastId: number;
  users: MondayUser[];
  boards: MondayBoard[];
  items: (Omit<MondayItem, 'values'> & { values: [string, StoredValue][] })[];
  updates: MondayUpdate[];
  webhooks: MondayWebhook[];
  notifications: MondayNotification[];
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

  snapshot(): MondaySnapshot {
    return {
      lastId: this.lastId,
      users: [...this.users.values()],
      boards: [...this.boards.values()],
      items: [...this.items.values()].map((item) => ({ ...item, values: [...item.values] })),
      updates: [...this.updates],
      webhooks: [...this.webhooks.values()],
      notifications: [...this.notifications]
    };
  }

  /** Replaces everything with a snapshot's contents. */
  restore(snapshot: MondaySnapshot): void {
    this.lastId = snapshot.lastId;
    this.users.clear();
    for (const user of snapshot.users) this.users.set(user.id, user);
    this.boards.clear();
    for (const board of snapshot.boards) this.boards.set(board.id, board);
    this.items.clear();
    for (const item of snapshot.items) this.items.set(item.id, { ...item, values: new Map(item.values) });
    this.updates.splice(0, this.updates.length, ...snapshot.updates);
    this.webhooks.clear();
    for (const webhook of snapshot.webhooks) this.webhooks.set(webhook.id, webhook);
    this.notifications.splice(0, this.notifications.length, ...snapshot.notifications);
  }

  itemsOfBoard(boardId: string): MondayItem[] {
    return [...this.items.values()].filter((item) => item.boardId === boardId);
  }
}
