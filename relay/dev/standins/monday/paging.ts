// Cursor paging of items (items_page, next_items_page, items_page_by_column_values). A cursor is valid for 60
// minutes and pages at most 500 items at once. https://developer.monday.com/api-reference/reference/items-page
import { randomBytes } from 'node:crypto';
import { MondayApplicationError } from './errors';
import type { Clock } from '../../../src/core/clock';

const cursorLifetimeMs = 60 * 60 * 1000;
export const maxPageSize = 500;

interface CursorState {
  itemIds: string[];
  offset: number;
  expiresAt: number;
}

export class ItemPager {
  private readonly cursors = new Map<string, CursorState>();

  constructor(private readonly clock: Clock) {}

  private checkLimit(limit: number): void {
    if (!Number.isInteger(limit) || limit < 1 || limit > maxPageSize) {
      throw new MondayApplicationError(`limit must be between 1 and ${maxPageSize}`, 'InvalidArgumentException', {
        limit
      });
    }
  }

  /** The first page of `itemIds`, and a cursor for the rest (null when there is no rest). */
  first(itemIds: string[], limit: number): { cursor: string | null; itemIds: string[] } {
    this.checkLimit(limit);
    return this.page({ itemIds, offset: 0, expiresAt: this.clock.now() + cursorLifetimeMs }, limit);
  }

  next(cursor: string, limit: number): { cursor: string | null; itemIds: string[] } {
    this.checkLimit(limit);
    const state = this.cursors.get(cursor);
    if (!state || state.expiresAt <= this.clock.now()) {
      this.cursors.delete(cursor);
      throw new MondayApplicationError('The cursor is invalid or has expired', 'CursorExpiredError', { cursor });
    }
    this.cursors.delete(cursor);
    return this.page(state, limit);
  }

  private page(state: CursorState, limit: number): { cursor: string | null; itemIds: string[] } {
    const itemIds = state.itemIds.slice(state.offset, state.offset + limit);
    const offset = state.offset + itemIds.length;
    if (offset >= state.itemIds.length) return { cursor: null, itemIds };
    const cursor = randomBytes(36).toString('base64url');
    this.cursors.set(cursor, { ...state, offset });
    return { cursor, itemIds };
  }
}
