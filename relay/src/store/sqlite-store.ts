// The store on SQLite, the embedded default: the synchronous classes the relay has always used (same SQL, same
// behaviour), answered as promises so that the sync code is the same on either engine (./ports.ts).
//
// SQLite has one connection per process. A transaction spans awaits here, so while one is open every other call waits
// for it to end (a mutex), except the calls made from inside it, which join it (./transactions.ts). Calls outside a
// transaction run at once: each is one synchronous statement or one synchronous transaction of better-sqlite3.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock';
import { inTransaction, storeWritable, type SqliteDatabase } from './database';
import { ItemsSeen } from './items-seen';
import type { BackoffPolicy, NewJob } from './job-store';
import { LinkStore } from './links';
import { PendingCreates } from './pending-creates';
import {
  type DedupRepository,
  type ItemsSeenRepository,
  type JobQueue,
  type LeaseRepository,
  type LinkRepository,
  type PendingCreateRepository,
  type SecretRepository,
  type Store,
  type StoreSession,
  type SyncedValueRepository,
  type WatermarkRepository,
  type WebhookRepository,
  type ConnectionRepository,
  defaultConnectionId
} from './ports';
import { SqliteJobStore } from './sqlite-job-store';
import {
  SqliteConnections,
  SqliteDedupKeys,
  SqliteKeyLeases,
  SqliteSecrets,
  SqliteWatermarks,
  SqliteWebhooks
} from './sqlite-repositories';
import { storeFailure } from './store-errors';
import { SyncedValues } from './synced-values';
import { Mutex, TransactionScopes } from './transactions';

export interface SqliteStoreOptions {
  clock: Clock;
  random?: () => number;
  backoff?: BackoffPolicy;
  defaultMaxAttempts?: number;
  connectionId?: string;
  /** Who holds this store's leases; a new id by default. */
  workerId?: string;
}

type Method = (...args: never[]) => unknown;
type Asynchronous<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;
};

/** One SQLite database and its one connection, shared by every store on it (one mutex, one transaction at a time). */
class SqliteEngine {
  private static readonly engines = new WeakMap<SqliteDatabase, SqliteEngine>();

  static of(db: SqliteDatabase): SqliteEngine {
    let engine = SqliteEngine.engines.get(db);
    if (!engine) {
      engine = new SqliteEngine(db);
      SqliteEngine.engines.set(db, engine);
    }
    return engine;
  }

  private readonly mutex = new Mutex();
  readonly transactions: TransactionScopes<SqliteDatabase>;
  private release: (() => void) | undefined;

  private constructor(readonly db: SqliteDatabase) {
    this.transactions = new TransactionScopes<SqliteDatabase>({
      begin: async () => {
        this.release = await this.mutex.acquire();
        try {
          // IMMEDIATE: the write lock from the start, so that another process (the dead-letters command) waits at
          // BEGIN (busy_timeout) rather than failing in the middle of the work.
          this.db.exec('BEGIN IMMEDIATE');
        } catch (error) {
          this.giveBack();
          throw storeFailure(error, this.db.name);
        }
        return this.db;
      },
      end: (db, commit) => {
        try {
          if (db.inTransaction) db.exec(commit ? 'COMMIT' : 'ROLLBACK');
          return Promise.resolve();
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          return Promise.reject(storeFailure(error, this.db.name));
        } finally {
          this.giveBack();
        }
      },
      execute: (db, sql) => {
        db.exec(sql);
        return Promise.resolve();
      }
    });
  }

  private giveBack(): void {
    const release = this.release;
    this.release = undefined;
    release?.();
  }

  /** Runs a synchronous store call: now, inside the caller's transaction, or once the open transaction ends. */
  async run<R>(call: () => R): Promise<R> {
    if (this.transactions.current() === undefined && this.mutex.locked) {
      const release = await this.mutex.acquire();
      try {
        return this.guarded(call);
      } finally {
        release();
      }
    }
    return this.guarded(call);
  }

  private guarded<R>(call: () => R): R {
    try {
      return call();
    } catch (error) {
      throw storeFailure(error, this.db.name);
    }
  }

  /** The named methods of a synchronous object, answering promises. */
  asynchronous<T extends object, K extends keyof T>(target: T, methods: readonly K[]): Pick<Asynchronous<T>, K> {
    const view: Partial<Record<K, unknown>> = {};
    for (const name of methods) {
      const method = target[name] as Method;
      view[name] = (...args: never[]) => this.run(() => method.apply(target, args));
    }
    return view as Pick<Asynchronous<T>, K>;
  }
}

export class SqliteStore implements Store {
  readonly engine = 'sqlite';
  readonly connectionId: string;
  readonly workerId: string;
  readonly jobs: JobQueue;
  readonly links: LinkRepository;
  readonly synced: SyncedValueRepository;
  readonly dedup: DedupRepository;
  readonly itemsSeen: ItemsSeenRepository;
  readonly webhooks: WebhookRepository;
  readonly pendingCreates: PendingCreateRepository;
  readonly watermarks: WatermarkRepository;
  readonly secrets: SecretRepository;
  readonly leases: LeaseRepository;
  readonly connections: ConnectionRepository;
  private readonly sqlite: SqliteEngine;

  /** A store on an open, migrated database (./database.ts openDatabase). */
  constructor(
    db: SqliteDatabase,
    private readonly options: SqliteStoreOptions
  ) {
    this.sqlite = SqliteEngine.of(db);
    this.connectionId = options.connectionId ?? defaultConnectionId;
    this.workerId = options.workerId ?? randomUUID();
    const { clock, connectionId: _, workerId: __, ...jobOptions } = options;
    const sqlite = this.sqlite;
    const jobStore = new SqliteJobStore(db, { ...jobOptions, clock, connectionId: this.connectionId });
    const dedupKeys = new SqliteDedupKeys(db, clock, this.connectionId);
    this.dedup = sqlite.asynchronous(dedupKeys, ['seen', 'remember', 'purgeExpired']);
    this.jobs = {
      ...sqlite.asynchronous(jobStore, [
        'enqueue',
        'claim',
        'complete',
        'fail',
        'postpone',
        'release',
        'extendLease',
        'releaseAbandoned',
        'listDead',
        'requeue',
        'drop',
        'counts',
        'due',
        'purgeFinished'
      ]),
      enqueueOnce: (key: string, jobs: NewJob[], keepForMs: number) =>
        sqlite.run(() =>
          inTransaction(db, () => {
            if (!dedupKeys.remember(key, keepForMs)) return false;
            jobStore.enqueue(jobs);
            return true;
          })
        )
    };
    this.links = sqlite.asynchronous(new LinkStore(db, clock, this.connectionId), [
      'find',
      'findByItem',
      'findOnBoard',
      'findRecord',
      'save',
      'oldestUnpushedAt',
      'unpushed',
      'markPushed'
    ]);
    this.synced = sqlite.asynchronous(new SyncedValues(db, clock, this.connectionId), [
      'snapshot',
      'compare',
      'lastValues',
      'supersede',
      'superseded',
      'remember',
      'forget'
    ]);
    this.itemsSeen = sqlite.asynchronous(new ItemsSeen(db, this.connectionId), ['record', 'status', 'unchanged']);
    this.webhooks = sqlite.asynchronous(new SqliteWebhooks(db, this.connectionId), ['list', 'add', 'remove']);
    this.pendingCreates = sqlite.asynchronous(new PendingCreates(db, clock, this.connectionId), [
      'mark',
      'clear',
      'has'
    ]);
    this.watermarks = sqlite.asynchronous(new SqliteWatermarks(db, this.connectionId), ['get', 'set']);
    this.secrets = sqlite.asynchronous(new SqliteSecrets(db, this.connectionId), [
      'get',
      'put',
      'take',
      'delete',
      'purgeExpired'
    ]);
    this.connections = sqlite.asynchronous(new SqliteConnections(db, clock), ['list', 'get', 'put', 'delete', 'purge']);
    this.leases = sqlite.asynchronous(new SqliteKeyLeases(db, clock, this.connectionId, this.workerId), [
      'acquire',
      'renew',
      'release',
      'releaseAbandoned'
    ]);
  }

  transaction<T>(work: (tx: StoreSession) => Promise<T>): Promise<T> {
    return this.sqlite.transactions.run(() => work(this));
  }

  forConnection(connectionId: string): Store {
    return new SqliteStore(this.sqlite.db, { ...this.options, connectionId, workerId: this.workerId });
  }

  /** The SQLite database itself, for what only SQLite has (tests that fill the disk or lose a table). */
  get database(): SqliteDatabase {
    return this.sqlite.db;
  }

  writable(): Promise<boolean> {
    return this.sqlite.run(() => storeWritable(this.sqlite.db));
  }

  close(): Promise<void> {
    this.sqlite.db.close();
    return Promise.resolve();
  }
}
