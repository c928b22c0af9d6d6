// The composition root: the relay's parts, built from its settings and its injected clock, HTTP client and logger.
// main.ts builds it from the environment, local mode (relay/dev/local) against the stand-ins, and so do tests.
// A relay serves several connections (one Salesforce org and its monday account each, ./connections/): the one its
// environment configures ('default'), and those the connect flow adds.
import type { Server } from 'node:http';
import type { AxiosInstance } from 'axios';
import type { Express, Router } from 'express';
import { createApp } from './app';
import type { Clock } from './core/clock';
import { closeServer } from './core/http-server';
import type { Logger } from './core/logger';
import { RelayMetrics } from './core/metrics';
import { recipeChangesQueue, recordChangesQueue } from './intake/change-intake';
import { type MondayWebhookSettings, mondayEventsQueue } from './intake/monday-webhooks';
import type { OutboxDrain } from './intake/outbox-drain';
import type { MondayClient, MondayClientSettings } from './monday/client';
import type { SalesforceClient, SalesforceClientSettings } from './salesforce/client';
import { DataFolderLock } from './store/data-folder-lock';
import { StoreHousekeeping } from './store/housekeeping';
import { openStore } from './store/open-store';
import { type Store, defaultConnectionId } from './store/ports';
import { RefreshTokens } from './store/refresh-tokens';
import type { ServiceHealth } from './sync/service-health';
import type { SyncWorker } from './sync/worker';
import { type ConnectionSettings, ConnectionRuntime, type RuntimeShared } from './connections/connection-runtime';
import { type ConnectSettings, ConnectionRegistry } from './connections/connection-registry';
import type { Keyring } from './core/sealed';
import { connectRoutes } from './connect/connect-routes';

export interface RelaySettings {
  /** The SQLite file's folder, or ':memory:' (unused with a PostgreSQL store). */
  dataDir: string;
  /** The PostgreSQL store several relays share (DATABASE_URL); unset, SQLite in dataDir. */
  databaseUrl?: string | undefined;
  /** This relay's stable name among those sharing a PostgreSQL store (RELAY_WORKER_ID). */
  workerId?: string | undefined;
  /** How long a claimed job is this relay's (60 s by default): a relay that dies loses its claims after it. */
  leaseMs?: number;
  /** Time between two sync rounds when there is nothing to do. */
  pollIntervalMs?: number;
  /** Time between two polls of the custom objects (RELAY_CUSTOM_OBJECT_POLL_SECONDS; 10 s by default). */
  customObjectPollMs?: number;
  /**
   * How long a partial batch may wait for more before it is written to Salesforce: monday events (an sObject
   * Collection holds 200) and links (1 s by default; 0 never waits). A burst of webhooks then costs Salesforce one
   * call per 200 records rather than one per sync round.
   */
  batchWaitMs?: number;
  /** Time between two readings of Salesforce's outbox. */
  outboxDrainIntervalMs?: number;
  /** RELAY_ENCRYPTION_KEY (32 bytes): refresh tokens and the connections' secrets are kept sealed with it. */
  encryptionKey: Buffer;
  /** RELAY_PREVIOUS_ENCRYPTION_KEYS: keys rotated out, which still open what they sealed (sealed again then). */
  previousEncryptionKeys?: readonly Buffer[];
  /** The connect flow (./connect/): admins connect orgs and monday accounts from their browser. */
  connect?: ConnectSettings;
  /** How often a relay reads the registry for connections another relay (or the connect flow) changed. */
  connectionsRefreshMs?: number;
  // The connection the environment configures ('default'), when all three are given.
  webhookSecrets?: readonly string[];
  monday?: MondayClientSettings;
  salesforce?: SalesforceClientSettings;
  /** monday webhooks (monday → Salesforce): the endpoint's path secret, public URL and the app's signing secret. */
  mondayWebhooks?: MondayWebhookSettings;
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

export class Relay {
  /** Where the relay keeps its work: SQLite in the data folder, or the PostgreSQL several relays share. */
  readonly store: Store;
  readonly app: Express;
  readonly metrics: RelayMetrics;
  private readonly housekeeping: StoreHousekeeping;
  private server: Server | undefined;
  private readonly lock: DataFolderLock | undefined;
  private readonly logger: Logger;
  /** The running connections, by id ('default': the one the environment or the local mode configures). */
  private readonly runtimes = new Map<string, ConnectionRuntime>();
  private readonly shared: RuntimeShared;
  private started = false;
  readonly keyring: Keyring;
  /** The connections the connect flow made (none without RELAY_PUBLIC_URL and a connected app). */
  readonly registry: ConnectionRegistry | undefined;
  /** The registry revision each running connection was built from. */
  private readonly revisions = new Map<string, number>();
  private registryTimer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;

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
      const relay = new Relay(settings, dependencies, store, lock);
      await relay.refreshConnections();
      if (settings.salesforce && settings.monday && settings.webhookSecrets)
        await relay.addConnection(
          {
            id: defaultConnectionId,
            webhookSecrets: settings.webhookSecrets,
            monday: settings.monday,
            salesforce: settings.salesforce,
            ...(settings.mondayWebhooks ? { mondayWebhooks: settings.mondayWebhooks } : {})
          },
          // The refresh token to use: the configured one, or the newest Salesforce handed since (rotation).
          { configuredRefreshToken: settings.salesforce.refreshToken }
        );
      return relay;
    } catch (error) {
      await store?.close();
      lock?.release();
      throw error;
    }
  }

  private constructor(
    private readonly settings: RelaySettings,
    dependencies: RelayDependencies,
    store: Store,
    lock: DataFolderLock | undefined
  ) {
    const { clock, logger } = dependencies;
    this.store = store;
    this.lock = lock;
    this.metrics = dependencies.metrics ?? new RelayMetrics();
    this.housekeeping = new StoreHousekeeping(store, clock, logger);
    this.keyring = { current: settings.encryptionKey, previous: settings.previousEncryptionKeys ?? [] };
    this.registry = settings.connect
      ? new ConnectionRegistry(store, this.keyring, settings.connect, { http: dependencies.http, clock, logger })
      : undefined;
    this.logger = logger;
    this.shared = {
      clock,
      http: dependencies.http,
      logger,
      metrics: this.metrics,
      leaseMs: settings.leaseMs,
      batchWaitMs: settings.batchWaitMs,
      customObjectPollMs: settings.customObjectPollMs
    };
    this.app = createApp({
      connections: {
        byId: (id) => this.runtimes.get(id),
        byMondayPath: (secret) => [...this.runtimes.values()].find((runtime) => runtime.ownsMondayPath(secret))
      },
      logger,
      routes: [
        ...(this.registry
          ? [connectRoutes({ relay: this, registry: this.registry, http: dependencies.http, clock, logger })]
          : []),
        ...(dependencies.routes ? [dependencies.routes] : [])
      ],
      readiness: [
        // The store must take a write, not just be open: a full disk or a read-only folder answers 500 to every intake.
        {
          name: 'store',
          check: async () =>
            [...this.runtimes.values()].every((runtime) => runtime.storeWrites.failure === undefined) &&
            (await store.writable())
        },
        ...(['monday', 'salesforce', 'connections', 'webhooks'] as const).map((name) => ({
          name,
          check: () => this.failingConnections(name).length === 0
        }))
      ],
      connectionReadiness: () => this.connectionReadiness(),
      metrics: {
        registry: this.metrics.registry,
        refresh: () => this.refreshGauges()
      }
    });
  }

  /** The connection the environment (or the local mode) configures; throws when there is none. */
  get connection(): ConnectionRuntime {
    const runtime = this.runtimes.get(defaultConnectionId);
    if (!runtime) throw new Error('this relay has no connection configured from its environment');
    return runtime;
  }

  get worker(): SyncWorker {
    return this.connection.worker;
  }

  get salesforce(): SalesforceClient {
    return this.connection.salesforce;
  }

  get monday(): MondayClient {
    return this.connection.monday;
  }

  get health(): ServiceHealth {
    return this.connection.health;
  }

  get outboxDrain(): OutboxDrain {
    return this.connection.outboxDrain;
  }

  /** A running connection by id. */
  connectionById(id: string): ConnectionRuntime | undefined {
    return this.runtimes.get(id);
  }

  /**
   * Starts serving a connection (or serves it anew with new settings: a reconnect, a rotated secret). Its store view
   * is its own; its refresh token is the newest kept sealed for it, or the configured one.
   */
  async addConnection(
    settings: ConnectionSettings,
    options: { configuredRefreshToken?: string } = {}
  ): Promise<ConnectionRuntime> {
    await this.removeConnection(settings.id);
    this.revisions.delete(settings.id);
    const store = this.store.forConnection(settings.id);
    const refreshTokens = new RefreshTokens(store.secrets, this.keyring, settings.id);
    const refreshToken = await refreshTokens.current(options.configuredRefreshToken);
    const runtime = new ConnectionRuntime(
      { ...settings, salesforce: { ...settings.salesforce, refreshToken } },
      store,
      this.shared,
      refreshTokens
    );
    this.runtimes.set(settings.id, runtime);
    if (this.started) this.startConnection(runtime);
    return runtime;
  }

  /**
   * Serves the registry's connections as they stand: a new or changed one (a reconnect, a rotated secret) anew, at
   * once; a disconnected one no more. The connect flow calls it after a change; a timer, for other relays' changes.
   */
  refreshConnections(): Promise<void> {
    this.refreshing ??= this.readRegistry().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async readRegistry(): Promise<void> {
    if (!this.registry) return;
    const now = this.shared.clock.now();
    const seen = new Set<string>();
    for (const { record, revision } of await this.registry.list()) {
      seen.add(record.id);
      const running = this.runtimes.get(record.id);
      // A rotation's previous secret stops being accepted when its time is up.
      const previousExpired =
        (running?.settings.webhookSecrets.length ?? 0) > 1 &&
        running?.acceptsUntil !== undefined &&
        running.acceptsUntil <= now;
      if (running && this.revisions.get(record.id) === revision && !previousExpired) continue;
      try {
        const settings = await this.registry.settingsOf(record);
        if (!settings) {
          await this.removeConnection(record.id);
          continue;
        }
        const runtime = await this.addConnection(settings);
        runtime.acceptsUntil = (await this.registry.secretsOf(record.id).get('signing-secrets'))?.previousUntil;
        this.revisions.set(record.id, revision);
      } catch (error) {
        // One connection that cannot start (its token was never kept) leaves the others running.
        this.logger.error({ err: error, connection: record.id }, 'a connection could not be started');
      }
    }
    for (const id of this.runtimes.keys())
      if (id !== defaultConnectionId && !seen.has(id)) await this.removeConnection(id);
  }

  /** Stops serving a connection: the job in hand finishes, claimed jobs are released; its data stays in the store. */
  async removeConnection(id: string): Promise<void> {
    const runtime = this.runtimes.get(id);
    if (!runtime) return;
    this.runtimes.delete(id);
    await runtime.stop();
  }

  /**
   * An admin reconnected the org with a new refresh token (F13): the work paused for the refused one resumes now,
   * not at its next probe.
   */
  reconnectSalesforce(refreshToken: string): void {
    this.connection.salesforce.reconnect(refreshToken);
    this.connection.worker.resumeNow();
  }

  private startConnection(runtime: ConnectionRuntime): void {
    runtime.start(this.settings.pollIntervalMs ?? 1000, this.settings.outboxDrainIntervalMs ?? 60_000);
  }

  /** The connections for which one readiness check fails. */
  private failingConnections(check: 'monday' | 'salesforce' | 'connections' | 'webhooks'): string[] {
    const key = check === 'connections' ? 'authorized' : check;
    return [...this.runtimes.values()].filter((runtime) => !runtime.readiness()[key]).map((runtime) => runtime.id);
  }

  /** /readyz's detail: each connection's checks, so that an operator sees which connection holds its work. */
  private connectionReadiness(): Record<string, Record<string, boolean | string>> {
    return Object.fromEntries(
      [...this.runtimes.values()].map((runtime) => [runtime.id, { ...runtime.readiness(), status: runtime.status() }])
    );
  }

  private async refreshGauges(): Promise<void> {
    const totals = new Map<string, Record<'pending' | 'running' | 'dead', number>>();
    for (const queue of [recordChangesQueue, recipeChangesQueue, mondayEventsQueue])
      totals.set(queue, { pending: 0, running: 0, dead: 0 });
    for (const runtime of this.runtimes.values()) {
      for (const [queue, counts] of Object.entries(await runtime.queueCounts())) {
        const total = totals.get(queue);
        if (!total) continue;
        for (const state of ['pending', 'running', 'dead'] as const) total[state] += counts[state];
      }
    }
    for (const [queue, counts] of totals)
      for (const state of ['pending', 'running', 'dead'] as const)
        this.metrics.queueDepth.set({ queue, state }, counts[state]);
    const runtime = this.runtimes.get(defaultConnectionId) ?? this.runtimes.values().next().value;
    if (!runtime) return;
    for (const [service, status] of Object.entries(runtime.health.status()))
      this.metrics.serviceUp.set({ service }, status.up ? 1 : 0);
    if (runtime.monday.lastComplexity) this.metrics.mondayComplexityLeft.set(runtime.monday.lastComplexity.after);
    this.metrics.mondayItemBudgetLeft.set(runtime.monday.itemBudgetLeft());
    if (runtime.salesforce.apiUsage) {
      this.metrics.salesforceApiUsed.set(runtime.salesforce.apiUsage.used);
      this.metrics.salesforceApiLimit.set(runtime.salesforce.apiUsage.limit);
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
    this.started = true;
    for (const runtime of this.runtimes.values()) this.startConnection(runtime);
    if (this.registry) {
      this.registryTimer = setInterval(() => {
        this.refreshConnections().catch((error: unknown) => {
          this.logger.warn({ err: error }, 'the connections could not be read');
        });
      }, this.settings.connectionsRefreshMs ?? 5000);
      this.registryTimer.unref();
    }
    const address = server.address();
    return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${typeof address === 'object' && address ? address.port : port}`;
  }

  /** Graceful shutdown: no new requests, the jobs in hand finished, claimed jobs released, the store closed. */
  async stop(): Promise<void> {
    clearInterval(this.registryTimer);
    await closeServer(this.server);
    await this.refreshing;
    await Promise.all([...this.runtimes.values()].map((runtime) => runtime.stop()));
    this.housekeeping.stop();
    await this.store.close();
    this.lock?.release();
  }
}
