// One connection's running parts: one Salesforce org and its monday account, their clients, the intakes that take
// their changes, the worker that applies them, and what /readyz says of them. A relay runs one of these per
// connection (../relay.ts), each over its own view of the store (Store.forConnection): nothing of one connection can
// reach another's jobs, links, values, webhooks or secrets.
import { RefusalNotice } from './refusal-notice';
import { CustomObjectPoller } from '../intake/custom-object-poller';
import type { AxiosInstance } from 'axios';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { RelayMetrics } from '../core/metrics';
import { ChangeIntake, recipeChangesQueue, recordChangesQueue } from '../intake/change-intake';
import { type MondayWebhookSettings, MondayWebhookIntake, mondayEventsQueue } from '../intake/monday-webhooks';
import { BoardReconciliation } from '../intake/board-reconciliation';
import { OutboxDrain } from '../intake/outbox-drain';
import { SalesforceQueries } from '../intake/salesforce-queries';
import { type SignedRequest, verifySignedRequest } from '../intake/signature';
import { MondayClient, type MondayClientSettings } from '../monday/client';
import { BoardDirectory } from '../monday/board-directory';
import { SalesforceColumns } from '../monday/salesforce-column';
import { WebhookRegistration } from '../monday/webhook-registration';
import { SalesforceClient, type SalesforceClientSettings } from '../salesforce/client';
import { DescribeCache } from '../salesforce/describe-cache';
import { LinkPush } from '../salesforce/link-push';
import type { QueueCounts, Store } from '../store/ports';
import type { RefreshTokens } from '../store/refresh-tokens';
import { StoreWrites } from '../store/store-errors';
import { BoardActions } from '../write/board-actions';
import { MondayWriter } from '../write/monday-writer';
import { SalesforceWriter } from '../write/salesforce-writer';
import { ConflictLog } from '../sync/conflicts';
import { MondayToSalesforce } from '../sync/monday-to-salesforce';
import { RecipeSource } from '../sync/recipe-source';
import { SalesforceToMonday } from '../sync/salesforce-to-monday';
import { RecordChangeReader } from '../read/record-changes';
import { BoardEventReader } from '../read/board-events';
import { ServiceHealth } from '../sync/service-health';
import { SyncWorker } from '../sync/worker';
import { BoardUpkeep } from '../sync/board-upkeep';
import { FailureReports } from '../sync/failure-reports';

/** What one connection is made of, from the environment (the 'default' connection) or the connect flow. */
export interface ConnectionSettings {
  id: string;
  /** The Standard Webhooks secrets the package signs with (several during a rotation). */
  webhookSecrets: readonly string[];
  /** The org the connection serves (from the identity URL); the environment connection does not say. */
  orgId?: string;
  /** This connection's time between two polls of its custom objects, when its admin set one. */
  customObjectPollMs?: number;
  monday: MondayClientSettings;
  salesforce: SalesforceClientSettings;
  /** monday webhooks (monday → Salesforce): the endpoint's path secret, public URL and the app's signing secret. */
  mondayWebhooks?: MondayWebhookSettings;
}

/** What the relay shares among its connections. */
export interface RuntimeShared {
  clock: Clock;
  http: AxiosInstance;
  logger: Logger;
  metrics: RelayMetrics;
  /** How long a claimed job is this relay's. */
  leaseMs?: number | undefined;
  /** How long a partial batch may wait for more before it is written to Salesforce (1 s by default). */
  batchWaitMs?: number | undefined;
  /** Time between two polls of the custom objects Salesforce → monday recipes read (10 s by default). */
  customObjectPollMs?: number | undefined;
}

/** The answer to the package's signed ping (its "Test" button and its Connection tab). */
export interface PingAnswer {
  connection: {
    id: string;
    status: 'active' | 'salesforce_refused' | 'monday_refused';
    lastDelivery: { toMonday: string | null; toSalesforce: string | null };
  };
}

const recipeRevisionKey = 'relay:recipes-revision';

export class ConnectionRuntime {
  readonly id: string;
  readonly store: Store;
  readonly salesforce: SalesforceClient;
  readonly monday: MondayClient;
  /** Whether monday and Salesforce answer (/readyz, and the work held while one does not). */
  readonly health: ServiceHealth;
  readonly worker: SyncWorker;
  readonly intake: ChangeIntake;
  readonly queries: SalesforceQueries;
  readonly mondayWebhooks: MondayWebhookIntake | undefined;
  readonly outboxDrain: OutboxDrain;
  /** Whether the intakes' last write went through (a full disk): /readyz says so until one does. */
  readonly storeWrites = new StoreWrites();
  /** Rotated refresh tokens being written: a stop waits for them. */
  private readonly secretWrites = new Set<Promise<void>>();
  private drainTimer: NodeJS.Timeout | undefined;
  private readonly webhookRegistration: WebhookRegistration | undefined;
  /** Until when (epoch ms) a rotation's previous signing secret is accepted, when there is one. */
  acceptsUntil: number | undefined;

  constructor(
    readonly settings: ConnectionSettings,
    store: Store,
    shared: RuntimeShared,
    refreshTokens: RefreshTokens
  ) {
    const { clock, http, logger: parentLogger, metrics } = shared;
    const logger = settings.id === 'default' ? parentLogger : parentLogger.child({ connection: settings.id });
    this.id = settings.id;
    this.store = store;
    // Store writes run as one transaction, one durable write (synchronous=FULL: an fsync) instead of one per record.
    const atomically = async (writes: () => Promise<void>): Promise<void> => {
      await store.transaction(() => writes());
    };
    this.salesforce = new SalesforceClient(http, settings.salesforce, logger);
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
    // Each system is written from one place (../write/).
    const mondayWriter = new MondayWriter(this.monday);
    const salesforceWriter = new SalesforceWriter(this.salesforce);
    const columns = new SalesforceColumns(this.monday, mondayWriter);
    const describe = new DescribeCache(this.salesforce);
    const recordUrl = (objectApiName: string, recordId: string): string =>
      `${this.salesforce.instanceUrl ?? ''}/lightning/r/${objectApiName}/${recordId}/view`;
    const conflicts = new ConflictLog(salesforceWriter, clock, logger);
    const batchWaitMs = shared.batchWaitMs ?? 1000;
    const linkPush = new LinkPush({
      links: store.links,
      salesforce: this.salesforce,
      writer: salesforceWriter,
      clock,
      logger,
      batchWaitMs,
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
        boardLeaseMs: shared.leaseMs ?? 60_000,
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
    const webhookSettings = settings.mondayWebhooks;
    this.webhookRegistration = webhookSettings
      ? new WebhookRegistration(this.monday, mondayWriter, store.webhooks, webhookSettings)
      : undefined;
    this.mondayWebhooks = webhookSettings
      ? new MondayWebhookIntake(store, webhookSettings, clock, logger, this.storeWrites)
      : undefined;
    this.worker = new SyncWorker({
      jobs: store.jobs,
      ...(shared.leaseMs ? { leaseMs: shared.leaseMs } : {}),
      toMonday,
      toSalesforce,
      ...(webhookSettings && this.mondayWebhooks
        ? {
            upkeep: new BoardUpkeep({
              webhooks:
                this.webhookRegistration ??
                new WebhookRegistration(this.monday, mondayWriter, store.webhooks, webhookSettings),
              reconciliation: new BoardReconciliation(
                this.monday,
                this.mondayWebhooks,
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
      metrics,
      health: this.health,
      batchWaitMs,
      atomically,
      onConnectionRefused: () => {
        if (this.status() === 'salesforce_refused') void this.refusalNotice.salesforceRefused();
      }
    });
    this.intake = new ChangeIntake(
      store.jobs,
      settings.webhookSecrets,
      clock,
      logger,
      metrics,
      this.storeWrites,
      settings.orgId
    );
    const pollMs = settings.customObjectPollMs ?? shared.customObjectPollMs;
    this.poller = new CustomObjectPoller({
      salesforce: this.salesforce,
      recipes,
      jobs: store.jobs,
      watermarks: store.watermarks,
      leases: store.leases,
      synced: store.synced,
      clock,
      logger,
      metrics,
      atomically,
      ...(pollMs ? { intervalMs: pollMs } : {})
    });
    const boards = new BoardDirectory(this.monday, clock);
    this.queries = new SalesforceQueries(settings.webhookSecrets, clock, boards);
    this.refusalNotice = new RefusalNotice({
      monday: this.monday,
      writer: mondayWriter,
      board: async () => recipes.knownBoardIds()[0] ?? (await boards.boards())[0]?.id,
      logger
    });
    this.outboxDrain = new OutboxDrain(this.salesforce, salesforceWriter, this.intake, logger);
    this.logger = logger;
    this.clock = clock;
  }

  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly refusalNotice: RefusalNotice;
  /** Reads the custom objects' changes (no trigger can be packaged for them). */
  readonly poller: CustomObjectPoller;

  /** Whether this connection's work can go on: both services answer and no token is refused. */
  readiness(): Record<string, boolean> {
    return {
      monday: this.health.isUp('monday'),
      salesforce: this.health.isUp('salesforce'),
      // A refused token (revoked, expired) holds the work until an admin reconnects (F13).
      authorized: this.worker.connectionRefused === undefined,
      // A webhook a person deleted on monday, not created again yet: the board's changes do not arrive meanwhile.
      webhooks: this.worker.webhooksMissing === 0
    };
  }

  /** What the package's Connection tab and its bell are told: 'active', or which side refused the relay's token. */
  status(): 'active' | 'salesforce_refused' | 'monday_refused' {
    const refused = this.worker.connectionRefused;
    if (refused === undefined) return 'active';
    return /monday/i.test(refused) ? 'monday_refused' : 'salesforce_refused';
  }

  /** Whether a monday webhook delivery's path secret is this connection's (compared in constant time). */
  ownsMondayPath(secret: string): boolean {
    return this.mondayWebhooks?.ownsPath(secret) ?? false;
  }

  /**
   * The package's "Test" button: a signed round trip (Standard Webhooks, the connection's secrets) answered with what
   * the Connection tab shows. Throws SignatureError for a request not signed with this connection's secret.
   */
  ping(request: SignedRequest): PingAnswer {
    verifySignedRequest(request, this.settings.webhookSecrets, Math.floor(this.clock.now() / 1000));
    const iso = (at: number | undefined): string | null => (at === undefined ? null : new Date(at).toISOString());
    return {
      connection: {
        id: this.id,
        status: this.status(),
        lastDelivery: {
          toMonday: iso(this.worker.lastApplied.toMonday),
          toSalesforce: iso(this.worker.lastApplied.toSalesforce)
        }
      }
    };
  }

  /** Disconnect: the webhooks the relay made on monday for this connection are deleted there. */
  async removeMondayWebhooks(): Promise<void> {
    await this.webhookRegistration?.reconcile([]);
  }

  /** Queue depths of this connection, for the relay's gauges. */
  async queueCounts(): Promise<Record<string, QueueCounts>> {
    const counts: Record<string, QueueCounts> = {};
    for (const queue of [recordChangesQueue, recipeChangesQueue, mondayEventsQueue])
      counts[queue] = await this.store.jobs.counts(queue);
    return counts;
  }

  start(pollIntervalMs: number, outboxDrainIntervalMs: number): void {
    this.worker.start(pollIntervalMs);
    this.poller.start();
    this.drainTimer = setInterval(() => {
      this.outboxDrain.drainOnce().catch((error: unknown) => {
        this.logger.warn({ err: error }, "Salesforce's outbox could not be read");
      });
    }, outboxDrainIntervalMs);
    this.drainTimer.unref();
  }

  /** Finishes the job in hand, releases the claimed ones, and waits for a rotated token being kept. */
  async stop(): Promise<void> {
    clearInterval(this.drainTimer);
    await this.poller.stop();
    await this.worker.stop();
    await Promise.all(this.secretWrites);
  }
}
