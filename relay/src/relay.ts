// The composition root: the relay's parts, built from its settings and its injected clock, HTTP client and logger.
// main.ts builds it from the environment, local mode (relay/dev/local) against the stand-ins, and so do tests.
import type { Server } from 'node:http';
import type { AxiosInstance } from 'axios';
import type { Express, Router } from 'express';
import { createApp } from './app';
import type { Clock } from './core/clock';
import { closeServer } from './core/http-server';
import type { Logger } from './core/logger';
import { RelayMetrics } from './core/metrics';
import { ChangeIntake, recipeChangesQueue, recordChangesQueue } from './intake/change-intake';
import { type MondayWebhookSettings, MondayWebhookIntake, mondayEventsQueue } from './intake/monday-webhooks';
import { BoardReconciliation } from './intake/board-reconciliation';
import { OutboxDrain } from './intake/outbox-drain';
import { MondayClient } from './monday/client';
import { SalesforceColumns } from './monday/salesforce-column';
import { WebhookRegistration } from './monday/webhook-registration';
import { SalesforceClient, type SalesforceClientSettings } from './salesforce/client';
import { DescribeCache } from './salesforce/describe-cache';
import { LinkPush } from './salesforce/link-push';
import { DataFolderLock } from './store/data-folder-lock';
import { StoreHousekeeping } from './store/housekeeping';
import { openStore } from './store/open-store';
import type { Store } from './store/ports';
import { RefreshTokens } from './store/refresh-tokens';
import { StoreWrites } from './store/store-errors';
import { BoardActions } from './write/board-actions';
import { MondayWriter } from './write/monday-writer';
import { SalesforceWriter } from './write/salesforce-writer';
import { ConflictLog } from './sync/conflicts';
import { SalesforceQueries } from './intake/salesforce-queries';
import { BoardDirectory } from './monday/board-directory';
import { MondayToSalesforce } from './sync/monday-to-salesforce';
import { RecipeSource } from './sync/recipe-source';
import { SalesforceToMonday } from './sync/salesforce-to-monday';
import { RecordChangeReader } from './read/record-changes';
import { BoardEventReader } from './read/board-events';
import { ServiceHealth } from './sync/service-health';
import { SyncWorker } from './sync/worker';
import { BoardUpkeep } from './sync/board-upkeep';
import { FailureReports } from './sync/failure-reports';

export interface RelaySettings {
  /** The SQLite file's folder, or ':memory:' (unused with a PostgreSQL store). */
  dataDir: string;
  /** The PostgreSQL store several relays share (DATABASE_URL); unset, SQLite in dataDir. */
  databaseUrl?: string | undefined;
  /** This relay's stable name among those sharing a PostgreSQL store (RELAY_WORKER_ID). */
  workerId?: string | undefined;
  /** How long a claimed job is this relay's (60 s by default): a relay that dies loses its claims after it. */
  leaseMs?: number;
  webhookSecrets: readonly string[];
  monday: { url: string; token: string };
  salesforce: SalesforceClientSettings;
  /** Time between two sync rounds when there is nothing to do. */
  pollIntervalMs?: number;
  /**
   * How long a partial batch may wait for more before it is written to Salesforce: monday events (an sObject
   * Collection holds 200) and links (1 s by default; 0 never waits). A burst of webhooks then costs Salesforce one
   * call per 200 records rather than one per sync round.
   */
  batchWaitMs?: number;
  /** Time between two readings of Salesforce's outbox. */
  outboxDrainIntervalMs?: number;
  /** monday webhooks (monday → Salesforce): the endpoint's path secret, public URL and the app's signing secret. */
  mondayWebhooks?: MondayWebhookSettings;
  /** RELAY_ENCRYPTION_KEY (32 bytes): refresh tokens Salesforce rotates are kept sealed with it. */
  encryptionKey: Buffer;
}

export interface RelayDependencies {
  clock: Clock;
  http: AxiosInstance;
  logger: Logger;
  metrics?: RelayMetrics;
  /** More HTTP routes (the local mode's page). */
  routes?: Router;
  /**
   * The data folder is already taken by the caller, who gives it up (the local mode takes it before it reads its own
   * state, and gives it up after writing it).
   */
  dataFolderTaken?: boolean;
}

const recipeRevisionKey = 'relay:recipes-revision';

export class Relay {
  /** Where the relay keeps its work: SQLite in the data folder, or the PostgreSQL several relays share. */
  readonly store: Store;
  readonly worker: SyncWorker;
  readonly app: Express;
  readonly metrics: RelayMetrics;
  readonly salesforce: SalesforceClient;
  private readonly logger: Logger;
  readonly monday: MondayClient;
  /** Whether monday and Salesforce answer (/readyz, and the work held while one does not). */
  readonly health: ServiceHealth;
  readonly outboxDrain: OutboxDrain;
  private readonly housekeeping: StoreHousekeeping;
  private server: Server | undefined;
  private drainTimer: NodeJS.Timeout | undefined;
  private readonly lock: DataFolderLock | undefined;
  /** Rotated refresh tokens being written: a shutdown waits for them before it closes the store. */
  private readonly secretWrites = new Set<Promise<void>>();

  /**
   * Opens the store (and takes the data folder, for SQLite), then builds the relay. With SQLite, work a relay that
   * died left claimed is taken up again at once; with PostgreSQL, only this worker's own (other relays' claims end
   * with their leases).
   */
  static async open(settings: RelaySettings, dependencies: RelayDependencies): Promise<Relay> {
    const sqliteFolder = !settings.databaseUrl && settings.dataDir !== ':memory:';
    const lock = sqliteFolder && !dependencies.dataFolderTaken ? DataFolderLock.acquire(settings.dataDir) : undefined;
    let store: Store | undefined;
    try {
      store = await openStore(
        { databaseUrl: settings.databaseUrl, workerId: settings.workerId, dataDir: settings.dataDir },
        {
          clock: dependencies.clock,
          onIdleError: (error) => {
            dependencies.logger.warn({ err: error }, 'a PostgreSQL connection broke; the pool replaces it');
          }
        }
      );
      const abandoned = await store.jobs.releaseAbandoned();
      // A board lease the dead process held would hold its writes back until the lease ran out.
      await store.leases.releaseAbandoned();
      if (abandoned > 0)
        dependencies.logger.warn({ jobs: abandoned }, 'work left unfinished by a stopped relay is taken up again');
      // The refresh token to use: the configured one, or the newest Salesforce handed since (rotation), kept sealed.
      const refreshTokens = new RefreshTokens(store.secrets, settings.encryptionKey);
      const refreshToken = await refreshTokens.current(settings.salesforce.refreshToken);
      return new Relay(settings, dependencies, { store, lock, refreshTokens, refreshToken });
    } catch (error) {
      await store?.close();
      lock?.release();
      throw error;
    }
  }

  private constructor(
    private readonly settings: RelaySettings,
    dependencies: RelayDependencies,
    opened: { store: Store; lock: DataFolderLock | undefined; refreshTokens: RefreshTokens; refreshToken: string }
  ) {
    const { clock, http, logger } = dependencies;
    const { store, refreshTokens } = opened;
    this.store = store;
    this.lock = opened.lock;
    this.metrics = dependencies.metrics ?? new RelayMetrics();
    this.housekeeping = new StoreHousekeeping(store, clock, logger);
    // Store writes run as one transaction, one durable write (synchronous=FULL: an fsync) instead of one per record.
    const atomically = async (writes: () => Promise<void>): Promise<void> => {
      await store.transaction(() => writes());
    };
    // Whether the intakes' last write went through (a full disk): /readyz says so until one does.
    const storeWrites = new StoreWrites();
    this.salesforce = new SalesforceClient(http, { ...settings.salesforce, refreshToken: opened.refreshToken }, logger);
    this.salesforce.onRefreshTokenRotated = (token) => {
      const kept = refreshTokens
        .replace(token)
        .catch((error: unknown) => {
          // The token in use still works until the next refresh; a restart before then needs an admin to reconnect.
          logger.error({ err: error }, 'the rotated Salesforce refresh token could not be kept');
        })
        .finally(() => this.secretWrites.delete(kept));
      this.secretWrites.add(kept);
    };
    this.monday = new MondayClient(http, settings.monday, logger, clock);
    this.health = new ServiceHealth(clock, logger);
    this.monday.circuit = this.health.circuit('monday');
    this.salesforce.circuit = this.health.circuit('salesforce');
    const recipes = new RecipeSource(this.salesforce, clock, logger);
    // Each system is written from one place (./write/).
    const mondayWriter = new MondayWriter(this.monday);
    const salesforceWriter = new SalesforceWriter(this.salesforce);
    const columns = new SalesforceColumns(this.monday, mondayWriter);
    const describe = new DescribeCache(this.salesforce);
    const recordUrl = (objectApiName: string, recordId: string): string =>
      `${this.salesforce.instanceUrl ?? ''}/lightning/r/${objectApiName}/${recordId}/view`;
    const conflicts = new ConflictLog(salesforceWriter, clock, logger);
    const linkPush = new LinkPush({
      links: store.links,
      salesforce: this.salesforce,
      writer: salesforceWriter,
      clock,
      logger,
      batchWaitMs: settings.batchWaitMs ?? 1000,
      boardName: (boardId) => columns.boardName(boardId),
      columnTitle: (boardId, columnId) => columns.columnTitle(boardId, columnId)
    });
    const toMonday = new SalesforceToMonday({
      reader: new RecordChangeReader({
        recipes,
        describe,
        columns,
        links: store.links,
        pendingCreates: store.pendingCreates,
        synced: store.synced,
        monday: this.monday,
        recordUrl
      }),
      boardActions: new BoardActions({
        monday: mondayWriter,
        columns,
        links: store.links,
        pendingCreates: store.pendingCreates,
        leases: store.leases,
        boardLeaseMs: settings.leaseMs ?? 60_000,
        atomically
      }),
      conflicts,
      salesforceWriter,
      synced: store.synced
    });
    const toSalesforce = new MondayToSalesforce({
      reader: new BoardEventReader({
        recipes,
        describe,
        monday: this.monday,
        salesforce: this.salesforce,
        links: store.links,
        synced: store.synced,
        itemsSeen: store.itemsSeen
      }),
      atomically,
      linkPush,
      describe,
      mondayWriter,
      salesforce: this.salesforce,
      salesforceWriter,
      columns,
      links: store.links,
      synced: store.synced,
      conflicts,
      recordUrl,
      logger
    });
    const mondayWebhooks = settings.mondayWebhooks
      ? new MondayWebhookIntake(store, settings.mondayWebhooks, clock, logger, storeWrites)
      : undefined;
    this.worker = new SyncWorker({
      jobs: store.jobs,
      ...(settings.leaseMs ? { leaseMs: settings.leaseMs } : {}),
      toMonday,
      toSalesforce,
      ...(settings.mondayWebhooks && mondayWebhooks
        ? {
            upkeep: new BoardUpkeep({
              webhooks: new WebhookRegistration(this.monday, mondayWriter, store.webhooks, settings.mondayWebhooks),
              reconciliation: new BoardReconciliation(
                this.monday,
                mondayWebhooks,
                store.watermarks,
                clock,
                logger,
                store.itemsSeen
              ),
              recipes,
              leases: store.leases,
              clock,
              logger
            })
          }
        : {}),
      reports: new FailureReports({ recipes, links: store.links, salesforceWriter, mondayWriter, clock, logger }),
      recipes,
      // A key no board has (monday board ids are numbers): the store's watermarks hold the recipes' revision too.
      recipeRevision: {
        get: () => store.watermarks.get(recipeRevisionKey),
        set: (revision) => store.watermarks.set(recipeRevisionKey, revision)
      },
      linkPush,
      synced: store.synced,
      clock,
      logger,
      metrics: this.metrics,
      health: this.health,
      batchWaitMs: settings.batchWaitMs ?? 1000,
      atomically
    });
    const intake = new ChangeIntake(store.jobs, settings.webhookSecrets, clock, logger, this.metrics, storeWrites);
    this.outboxDrain = new OutboxDrain(this.salesforce, salesforceWriter, intake, logger);
    this.logger = logger;
    this.app = createApp({
      intake,
      queries: new SalesforceQueries(settings.webhookSecrets, clock, new BoardDirectory(this.monday, clock)),
      ...(mondayWebhooks ? { mondayWebhooks } : {}),
      logger,
      ...(dependencies.routes ? { routes: dependencies.routes } : {}),
      readiness: [
        // The store must take a write, not just be open: a full disk or a read-only folder answers 500 to every intake.
        { name: 'store', check: async () => storeWrites.failure === undefined && (await store.writable()) },
        { name: 'monday', check: () => this.health.isUp('monday') },
        { name: 'salesforce', check: () => this.health.isUp('salesforce') },
        // A refused token (revoked, expired) holds the work until an admin reconnects (F13): not ready, and says so.
        { name: 'connections', check: () => this.worker.connectionRefused === undefined },
        // A webhook a person deleted on monday, not created again yet: the board's changes do not arrive meanwhile.
        { name: 'webhooks', check: () => this.worker.webhooksMissing === 0 }
      ],
      metrics: {
        registry: this.metrics.registry,
        refresh: () => this.refreshGauges()
      }
    });
  }

  /**
   * An admin reconnected the org with a new refresh token (F13): the work paused for the refused one resumes now,
   * not at its next probe.
   */
  reconnectSalesforce(refreshToken: string): void {
    this.salesforce.reconnect(refreshToken);
    this.worker.resumeNow();
  }

  private async refreshGauges(): Promise<void> {
    for (const queue of [recordChangesQueue, recipeChangesQueue, mondayEventsQueue]) {
      const counts = await this.store.jobs.counts(queue);
      for (const state of ['pending', 'running', 'dead'] as const)
        this.metrics.queueDepth.set({ queue, state }, counts[state]);
    }
    for (const [service, status] of Object.entries(this.health.status()))
      this.metrics.serviceUp.set({ service }, status.up ? 1 : 0);
    if (this.monday.lastComplexity) this.metrics.mondayComplexityLeft.set(this.monday.lastComplexity.after);
    this.metrics.mondayItemBudgetLeft.set(this.monday.itemBudgetLeft());
    if (this.salesforce.apiUsage) {
      this.metrics.salesforceApiUsed.set(this.salesforce.apiUsage.used);
      this.metrics.salesforceApiLimit.set(this.salesforce.apiUsage.limit);
    }
  }

  /** Listens on `port` (0: any free port) of `host` and starts the sync rounds; answers the base URL. */
  async start(port: number, host = '0.0.0.0'): Promise<string> {
    const server = await new Promise<Server>((resolve, reject) => {
      // Express 5 calls back with the error when the server cannot listen (a port already taken, say).
      const started = this.app.listen(port, host, (error?: NodeJS.ErrnoException) => {
        if (!error) {
          resolve(started);
          return;
        }
        reject(
          new Error(
            error.code === 'EADDRINUSE'
              ? `port ${port} is already in use; set RELAY_PORT to another port`
              : `the relay cannot listen on ${host}:${port} (${error.message})`,
            { cause: error }
          )
        );
      });
    });
    this.server = server;
    this.housekeeping.start();
    this.worker.start(this.settings.pollIntervalMs ?? 1000);
    this.drainTimer = setInterval(() => {
      this.outboxDrain.drainOnce().catch((error: unknown) => {
        this.logger.warn({ err: error }, "Salesforce's outbox could not be read");
      });
    }, this.settings.outboxDrainIntervalMs ?? 60_000);
    this.drainTimer.unref();
    const address = server.address();
    return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${typeof address === 'object' && address ? address.port : port}`;
  }

  /** Graceful shutdown: no new requests, the job in hand finished, claimed jobs released, the store closed. */
  async stop(): Promise<void> {
    clearInterval(this.drainTimer);
    await closeServer(this.server);
    await this.worker.stop();
    this.housekeeping.stop();
    await Promise.all(this.secretWrites);
    await this.store.close();
    this.lock?.release();
  }
}
