// The store on PostgreSQL (DATABASE_URL): several relays share it, each claiming jobs, holding leases and writing
// what the sync knows in one database (../ports.ts). Opening it migrates the schema (./postgres-migrations.ts).
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock';
import type { BackoffPolicy } from '../job-store';
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
} from '../ports';
import { postgresTarget } from '../store-errors';
import { PostgresEngine, type PostgresPoolSettings } from './postgres-engine';
import { PostgresJobQueue } from './postgres-job-queue';
import { migratePostgres } from './postgres-migrations';
import {
  PostgresConnections,
  PostgresDedup,
  PostgresItemsSeen,
  PostgresLeases,
  PostgresLinks,
  PostgresPendingCreates,
  PostgresSecrets,
  PostgresSyncedValues,
  PostgresWatermarks,
  PostgresWebhooks
} from './postgres-repositories';

export interface PostgresStoreOptions extends PostgresPoolSettings {
  clock: Clock;
  random?: () => number;
  backoff?: BackoffPolicy;
  defaultMaxAttempts?: number;
  connectionId?: string;
  /**
   * Who this relay is to the others: its claims and leases carry it. Unique by default; a relay restarted with the
   * id it had (a stable host name, RELAY_WORKER_ID) takes back at once the claims its previous life left
   * (releaseAbandoned) instead of waiting for their leases to run out. Two live relays must never share one.
   */
  workerId?: string;
}

export class PostgresStore implements Store {
  readonly engine = 'postgres';
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

  private constructor(
    private readonly pg: PostgresEngine,
    private readonly options: PostgresStoreOptions & { workerId: string }
  ) {
    const { clock } = options;
    const connectionId = options.connectionId ?? defaultConnectionId;
    this.connectionId = connectionId;
    this.workerId = options.workerId;
    this.dedup = new PostgresDedup(pg, clock, connectionId);
    this.jobs = new PostgresJobQueue(pg, this.dedup, {
      clock,
      connectionId,
      workerId: this.workerId,
      ...(options.random ? { random: options.random } : {}),
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.defaultMaxAttempts ? { defaultMaxAttempts: options.defaultMaxAttempts } : {})
    });
    this.links = new PostgresLinks(pg, clock, connectionId);
    this.synced = new PostgresSyncedValues(pg, clock, connectionId);
    this.itemsSeen = new PostgresItemsSeen(pg, connectionId);
    this.webhooks = new PostgresWebhooks(pg, connectionId);
    this.pendingCreates = new PostgresPendingCreates(pg, clock, connectionId);
    this.watermarks = new PostgresWatermarks(pg, connectionId);
    this.secrets = new PostgresSecrets(pg, connectionId);
    this.connections = new PostgresConnections(pg, clock);
    this.leases = new PostgresLeases(pg, clock, connectionId, this.workerId);
  }

  /** Connects, migrates the schema, and answers the store; a database that cannot be used throws StoreError. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const target = postgresTarget(options.databaseUrl);
    const pool = PostgresEngine.pool(options);
    try {
      await migratePostgres(pool, target);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return new PostgresStore(new PostgresEngine(pool, target), {
      ...options,
      workerId: options.workerId ?? randomUUID()
    });
  }

  transaction<T>(work: (tx: StoreSession) => Promise<T>): Promise<T> {
    return this.pg.atomic(() => work(this));
  }

  forConnection(connectionId: string): Store {
    return new PostgresStore(this.pg, { ...this.options, connectionId });
  }

  async writable(): Promise<boolean> {
    try {
      await this.pg.queryAlone(
        `INSERT INTO relay.heartbeat (id, at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET at = excluded.at`,
        [this.options.clock.now()]
      );
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return this.pg.pool.end();
  }
}
