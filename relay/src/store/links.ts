// Record ⇄ item links, kept by the relay (to find an item from a record at once) and pushed to Salesforce in
// batches as Monday_Link__c records (for the record page), keyed by Link_Key__c = recordId:itemId.
import type { Clock } from '../core/clock';
import { type SqliteDatabase, inTransaction } from './database';
import { defaultConnectionId } from './ports';

/** A link whose only news is a later sync time is pushed again after this long (Last_Sync_Time__c is that coarse). */
export const syncTimeRefreshMs = 15 * 60_000;

export interface Link {
  recipeId: string;
  recordId: string;
  objectApiName: string;
  boardId: string;
  itemId: string;
  itemName: string | null;
  itemUrl: string | null;
  lastSyncAt: number;
  lastStatus: 'Synced' | 'Failed' | 'Pending';
  lastError: string | null;
  /** The item's mapped column values at the last sync, as text by column id (the record page's key columns). */
  snapshot?: Record<string, string> | null;
}

/** A link as stored (SQLite and PostgreSQL share the columns). */
export interface LinkRow {
  recipe_id: string;
  record_id: string;
  object_api_name: string;
  board_id: string;
  item_id: string;
  item_name: string | null;
  item_url: string | null;
  last_sync_at: number;
  last_status: Link['lastStatus'];
  last_error: string | null;
  snapshot: string | null;
}

export function linkFromRow(row: LinkRow): Link {
  return {
    recipeId: row.recipe_id,
    recordId: row.record_id,
    objectApiName: row.object_api_name,
    boardId: row.board_id,
    itemId: row.item_id,
    itemName: row.item_name,
    itemUrl: row.item_url,
    lastSyncAt: row.last_sync_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    snapshot: row.snapshot ? (JSON.parse(row.snapshot) as Record<string, string>) : null
  };
}

export class LinkStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: Clock,
    /** The connection whose links these are (./ports.ts). */
    private readonly connectionId = defaultConnectionId
  ) {}

  find(recipeId: string, recordId: string): Link | undefined {
    const row = this.db
      .prepare(`SELECT * FROM links WHERE connection_id = ? AND recipe_id = ? AND record_id = ?`)
      .get(this.connectionId, recipeId, recordId) as LinkRow | undefined;
    return row ? linkFromRow(row) : undefined;
  }

  findByItem(recipeId: string, itemId: string): Link | undefined {
    const row = this.db
      .prepare(`SELECT * FROM links WHERE connection_id = ? AND recipe_id = ? AND item_id = ?`)
      .get(this.connectionId, recipeId, itemId) as LinkRow | undefined;
    return row ? linkFromRow(row) : undefined;
  }

  /**
   * The record's link on a board, whichever recipe made it: on a two-way board the item made from a record, or the
   * record made from an item, is the record's item for both recipes (a record has one item per board).
   */
  findOnBoard(boardId: string, recordId: string): Link | undefined {
    const row = this.db
      .prepare(
        `SELECT * FROM links WHERE connection_id = ? AND board_id = ? AND record_id = ? ORDER BY last_sync_at LIMIT 1`
      )
      .get(this.connectionId, boardId, recordId) as LinkRow | undefined;
    return row ? linkFromRow(row) : undefined;
  }

  /** Any link of a record (whichever recipe made it). */
  findRecord(recordId: string): Link | undefined {
    const row = this.db
      .prepare(`SELECT * FROM links WHERE connection_id = ? AND record_id = ? LIMIT 1`)
      .get(this.connectionId, recordId) as LinkRow | undefined;
    return row ? linkFromRow(row) : undefined;
  }

  /**
   * Records a link, or its new state, to be pushed to Salesforce. A link whose only news is a later sync time is
   * pushed again at most every 15 minutes (Last_Sync_Time__c is that coarse), so that a stream of updates does not
   * cost Salesforce a link write per record write.
   */
  save(link: Omit<Link, 'lastSyncAt'>): Link {
    const lastSyncAt = this.clock.now();
    this.db
      .prepare(
        `INSERT INTO links (connection_id, recipe_id, record_id, object_api_name, board_id, item_id, item_name, item_url, last_sync_at, last_status, last_error, snapshot, pushed)
         VALUES (@connectionId, @recipeId, @recordId, @objectApiName, @boardId, @itemId, @itemName, @itemUrl, @lastSyncAt, @lastStatus, @lastError, @snapshot, 0)
         ON CONFLICT (connection_id, recipe_id, record_id) DO UPDATE SET item_id = @itemId, board_id = @boardId, item_name = @itemName, item_url = @itemUrl,
           last_sync_at = @lastSyncAt, last_status = @lastStatus, last_error = @lastError,
           snapshot = COALESCE(@snapshot, snapshot),
           pushed = CASE WHEN pushed = 1 AND item_id IS @itemId AND board_id IS @boardId AND item_name IS @itemName
             AND item_url IS @itemUrl AND last_status IS @lastStatus AND last_error IS @lastError
             AND (@snapshot IS NULL OR snapshot IS @snapshot)
             AND @lastSyncAt - pushed_at < @refreshMs THEN 1 ELSE 0 END`
      )
      .run({
        ...link,
        connectionId: this.connectionId,
        snapshot: link.snapshot ? JSON.stringify(link.snapshot) : null,
        lastSyncAt,
        refreshMs: syncTimeRefreshMs
      });
    return { ...link, lastSyncAt };
  }

  /** Links not yet in Salesforce in their last state, oldest first. */
  oldestUnpushedAt(): number | undefined {
    const row = this.db
      .prepare(`SELECT MIN(last_sync_at) AS oldest FROM links WHERE connection_id = ? AND pushed = 0`)
      .get(this.connectionId) as { oldest: number | null };
    return row.oldest ?? undefined;
  }

  unpushed(limit: number): Link[] {
    return (
      this.db
        .prepare(`SELECT * FROM links WHERE connection_id = ? AND pushed = 0 ORDER BY last_sync_at LIMIT ?`)
        .all(this.connectionId, limit) as LinkRow[]
    ).map(linkFromRow);
  }

  /** Marks links pushed, unless they changed since (their last_sync_at moved on). */
  markPushed(links: Link[]): void {
    const mark = this.db.prepare(
      `UPDATE links SET pushed = 1, pushed_at = last_sync_at
       WHERE connection_id = ? AND recipe_id = ? AND record_id = ? AND last_sync_at = ?`
    );
    inTransaction(this.db, () => {
      for (const link of links) mark.run(this.connectionId, link.recipeId, link.recordId, link.lastSyncAt);
    });
  }
}
