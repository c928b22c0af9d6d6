// The store as the sync sees it: asynchronous interfaces that two engines implement. SQLite (./sqlite-store.ts) is
// the embedded default, one relay per data folder; PostgreSQL (./postgres/postgres-store.ts, DATABASE_URL) lets
// several relays share one store. Both pass one contract suite (./__tests__/store-contract.ts).
//
// Everything here belongs to a connection (one Salesforce org and its monday account): a Store is a view of one
// connection, and forConnection() gives the view of another over the same engine. There is one connection for now
// ('default'); the connect flow will serve several orgs with one view each, without migrating the tables again.
//
// A unit of work: Store.transaction(work) runs `work` in one transaction. Inside it, every call on the store, on the
// view handed to `work` or on the store itself (the call chain's context is followed), joins that transaction; what
// it wrote is committed together, or not at all when `work` throws. No network call belongs inside: a transaction
// holds a database connection (PostgreSQL) or the whole store (SQLite) until it ends.
import type { ReadItem } from './items-seen';
import type { ClaimedJob, DeadJob, JobFailure, NewJob, QueueCounts } from './job-store';
import type { Link } from './links';
import type { SyncedSnapshot } from './synced-values';
import type { BoardRecord } from './pending-creates';

export type { ClaimedJob, DeadJob, JobFailure, NewJob, QueueCounts } from './job-store';
export type { Link } from './links';
export type { BoardRecord } from './pending-creates';
export type { ReadItem } from './items-seen';

/** The one connection there is until the connect flow adds others. */
export const defaultConnectionId = 'default';

/**
 * The names under which the intakes remember what they have queued, once each (JobQueue.enqueueOnce). The SQLite
 * migration copies the intakes' older tables under these names, so they must not change.
 */
export const dedupKeys = {
  salesforceBatch: (batchId: string): string => `salesforce-batch:${batchId}`,
  mondayEvent: (triggerUuid: string): string => `monday-event:${triggerUuid}`
};

/** How long a delivery is remembered: longer than its sender may send it again. */
export const dedupRetentionMs = {
  /** Salesforce's outbox sends a batch again until an answer reaches it; a lost answer can take days to mend. */
  salesforceBatch: 30 * 24 * 60 * 60_000,
  /** monday retries a webhook once a minute for 30 minutes. */
  mondayEvent: 24 * 60 * 60_000
};

/**
 * Work the relay has accepted and must finish (see ./job-store.ts for the rules it shares with the synchronous
 * store): jobs with one ordering key are handed out one at a time, oldest first, by every process that claims; a
 * claim is a lease proved by a fencing token; postponing or releasing spends no attempt; failures back off with
 * equal jitter and end in the dead letters.
 */
export interface JobQueue {
  enqueue(jobs: NewJob[]): Promise<number[]>;
  /**
   * Enqueues `jobs` unless `key` was enqueued within its retention (a delivery sent twice); answers whether it was
   * new. The key and the jobs are one write. `jobs` may be empty: the key alone is remembered.
   */
  enqueueOnce(key: string, jobs: NewJob[], keepForMs: number): Promise<boolean>;
  /** Up to `limit` jobs of the queue that may run now, leased to the caller for `leaseMs`. */
  claim(queue: string, leaseMs: number, limit: number): Promise<ClaimedJob[]>;
  /** Marks a job done; false when the claim was lost (the token is stale). */
  complete(id: number, fencingToken: number): Promise<boolean>;
  /** Records a failure: the job waits (backoff) or, out of attempts or not retriable, becomes dead. */
  fail(id: number, fencingToken: number, failure: JobFailure): Promise<'retrying' | 'dead' | 'lost'>;
  /** Runs the job again at `runAt` without spending the attempt (rate limits, a paused connection). */
  postpone(id: number, fencingToken: number, runAt: number, reason: string): Promise<boolean>;
  /** Gives up the claim now (a graceful shutdown, a service that is down), without spending the attempt. */
  release(id: number, fencingToken: number): Promise<boolean>;
  /** Keeps a claim for `leaseMs` more from now (a job that takes longer than its lease); false when it was lost. */
  extendLease(id: number, fencingToken: number, leaseMs: number): Promise<boolean>;
  /**
   * Hands out again, at once, the jobs this process's previous life had claimed (its attempt counted); answers how
   * many. SQLite: every claimed job (one process per data folder). PostgreSQL: those claimed under this store's
   * worker id only; other relays' claims end with their leases.
   */
  releaseAbandoned(): Promise<number>;
  listDead(queue?: string): Promise<DeadJob[]>;
  /** Puts a dead job back, with its attempts reset. */
  requeue(id: number): Promise<boolean>;
  /** Forgets a dead job. */
  drop(id: number): Promise<boolean>;
  counts(queue: string): Promise<QueueCounts>;
  /** How many pending jobs of the queue are due now, counting no further than `atMost`. */
  due(queue: string, atMost: number): Promise<number>;
  /** Deletes the jobs finished (done) before `finishedBefore` (epoch ms); dead letters stay. Answers how many. */
  purgeFinished(finishedBefore: number): Promise<number>;
}

/** Record ⇄ item links (./links.ts for the push rules). */
export interface LinkRepository {
  find(recipeId: string, recordId: string): Promise<Link | undefined>;
  findByItem(recipeId: string, itemId: string): Promise<Link | undefined>;
  /** The record's link on a board, whichever recipe made it. */
  findOnBoard(boardId: string, recordId: string): Promise<Link | undefined>;
  /** Any link of a record (whichever recipe made it). */
  findRecord(recordId: string): Promise<Link | undefined>;
  /** Records a link, or its new state, to be pushed to Salesforce (a later sync time alone: every 15 minutes). */
  save(link: Omit<Link, 'lastSyncAt'>): Promise<Link>;
  /** When the oldest link not yet in Salesforce in its last state was synced; undefined when there is none. */
  oldestUnpushedAt(): Promise<number | undefined>;
  /** Links not yet in Salesforce in their last state, oldest first. */
  unpushed(limit: number): Promise<Link[]>;
  /** Marks links pushed, unless they changed since. */
  markPushed(links: Link[]): Promise<void>;
}

/** The last value of each field both sides agreed on, per board and record (./synced-values.ts). */
export interface SyncedValueRepository {
  /** The record's synced state on the board, for a planner to decide with (no I/O after it). */
  snapshot(boardId: string, recordId: string): Promise<SyncedSnapshot>;
  compare(
    boardId: string,
    recordId: string,
    values: Record<string, unknown>
  ): Promise<{ changed: string[]; neverSynced: string[] }>;
  lastValues(boardId: string, recordId: string): Promise<Map<string, unknown>>;
  supersede(boardId: string, recordId: string, fields: string[], salesforceStamp: number): Promise<void>;
  superseded(boardId: string, recordId: string, fields: string[], salesforceStamp: number): Promise<string[]>;
  remember(boardId: string, recordId: string, values: Record<string, unknown>): Promise<void>;
  /** The record, or its item, is gone (on every board). */
  forget(recordId: string): Promise<void>;
}

/** Keys seen, each remembered for a while: what has been done once and must not be done again. */
export interface DedupRepository {
  /** Whether `key` is remembered and not expired. */
  seen(key: string): Promise<boolean>;
  /** Remembers `key` for `keepForMs`; answers whether it was new (not remembered, or expired). */
  remember(key: string, keepForMs: number): Promise<boolean>;
  /** Forgets the keys expired before `now`, of every connection; answers how many. */
  purgeExpired(now: number): Promise<number>;
}

/** The monday items read in their latest state, for the reconciliation poll (./items-seen.ts). */
export interface ItemsSeenRepository {
  record(items: ReadItem[]): Promise<void>;
  status(itemId: string, updatedAt: string): Promise<'seen' | 'same-second' | 'new'>;
  unchanged(item: ReadItem): Promise<boolean>;
}

export interface RegisteredWebhook {
  boardId: string;
  event: string;
  webhookId: string;
}

/** The monday webhooks the relay created (monday's list does not answer their URLs). */
export interface WebhookRepository {
  list(): Promise<RegisteredWebhook[]>;
  add(webhook: RegisteredWebhook): Promise<void>;
  remove(boardId: string, event: string): Promise<void>;
}

/** Items asked of monday whose answer has not come (./pending-creates.ts). */
export interface PendingCreateRepository {
  mark(entries: BoardRecord[]): Promise<void>;
  clear(entries: BoardRecord[]): Promise<void>;
  has(boardId: string, recordId: string): Promise<boolean>;
}

/** How far the reconciliation poll has read each board (monday's updated_at). */
export interface WatermarkRepository {
  get(boardId: string): Promise<string | undefined>;
  set(boardId: string, updatedAt: string): Promise<void>;
}

/** A secret kept sealed (../core/sealed.ts) with what it descends from (`origin`): the rotated refresh token. */
export interface SealedSecret {
  origin: string;
  sealed: string;
}

/** Secrets the relay keeps across restarts, sealed before they reach the store, by name within the connection. */
export interface SecretRepository {
  get(name: string): Promise<SealedSecret | undefined>;
  /** Keeps a secret; one with `expiresAt` (epoch ms) is deleted by housekeeping once that time has passed. */
  put(name: string, secret: SealedSecret, expiresAt?: number): Promise<void>;
  /** Reads and deletes at once: a one-time secret (an OAuth state) is taken by one caller only. */
  take(name: string): Promise<SealedSecret | undefined>;
  delete(name: string): Promise<void>;
  /** Deletes the secrets of every connection whose time is up; answers how many. */
  purgeExpired(now: number): Promise<number>;
}

/** A connection as stored: its description as JSON (no secret in it), bumped a revision at every change. */
export interface StoredConnection {
  id: string;
  record: string;
  revision: number;
  updatedAt: number;
}

/** The connections one relay, or the relays sharing a store, serve (../connections/connection-registry.ts). */
export interface ConnectionRepository {
  list(): Promise<StoredConnection[]>;
  get(id: string): Promise<StoredConnection | undefined>;
  /** Creates or replaces the connection's record and answers its new revision. */
  put(id: string, record: string): Promise<number>;
  /** Forgets the connection itself; what it synced is kept under its id until deleted on purpose. */
  delete(id: string): Promise<void>;
  /**
   * Deletes everything kept under the connection (its jobs, links, synced values, webhooks, watermarks, secrets and
   * record), in one transaction; answers the rows deleted. For a connection an admin disconnected and wants gone.
   */
  purge(id: string): Promise<number>;
}

export interface Lease {
  key: string;
  /** Larger at every new holder: a write checked against it tells a stale holder from the current one. */
  fencingToken: number;
  /** Epoch ms. */
  until: number;
}

/**
 * Exclusive leases on keys, across processes: monday asks for one board's writes to be sequential, so a relay
 * writes a board only while it holds the lease `board:<id>`. A holder that dies loses it when it runs out. Take and
 * give them outside transactions: SQLite has one connection, and a lease taken inside one would be rolled back
 * with it.
 */
export interface LeaseRepository {
  /** Takes the lease for `leaseMs` if no one holds it (or its holder's ran out); undefined when it is held. */
  acquire(key: string, leaseMs: number): Promise<Lease | undefined>;
  /** Extends a lease still held; false when it was lost. */
  renew(lease: Lease, leaseMs: number): Promise<boolean>;
  /** Gives a lease up now; false when it was lost already. */
  release(lease: Lease): Promise<boolean>;
  /**
   * Ends at once the leases this process's previous life held (it was killed holding a board), as
   * JobQueue.releaseAbandoned does for claims: SQLite, every lease (one process per data folder); PostgreSQL, those
   * held under this store's worker id. Answers how many.
   */
  releaseAbandoned(): Promise<number>;
}

/** What one connection's work reads and writes, in a transaction or not. */
export interface StoreSession {
  readonly connectionId: string;
  readonly jobs: JobQueue;
  readonly links: LinkRepository;
  readonly synced: SyncedValueRepository;
  readonly dedup: DedupRepository;
  readonly itemsSeen: ItemsSeenRepository;
  readonly webhooks: WebhookRepository;
  readonly pendingCreates: PendingCreateRepository;
  readonly watermarks: WatermarkRepository;
  readonly secrets: SecretRepository;
}

export interface Store extends StoreSession {
  /** 'sqlite' or 'postgres', for logs and /readyz. */
  readonly engine: 'sqlite' | 'postgres';
  /** Who claims and holds leases: unique to this store object unless configured (a restarted relay's own id). */
  readonly workerId: string;
  /** Leases are never part of a transaction: another process must see one as soon as it is taken. */
  readonly leases: LeaseRepository;
  /** Every connection of the engine (not a view of one). */
  readonly connections: ConnectionRepository;
  /** Runs `work` in one transaction (see the top of this file); a transaction inside another is a savepoint. */
  transaction<T>(work: (tx: StoreSession) => Promise<T>): Promise<T>;
  /** The same engine seen as another connection. */
  forConnection(connectionId: string): Store;
  /** Whether the store takes a write now (readiness). */
  writable(): Promise<boolean>;
  /** Closes the engine (every view of it). */
  close(): Promise<void>;
}
