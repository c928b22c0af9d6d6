// The relay wired as in production, against both stand-ins, on one clock a test moves by hand.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import axios from 'axios';
import { closeServer, listenOnLoopback } from '../src/core/http-server';
import { type Logger, createLogger } from '../src/core/logger';
import { MondayStandIn, type MondayStandInOptions } from '../dev/standins/monday/server';
import type { MondayBoard, MondayUser } from '../dev/standins/monday/state';
import { SalesforceStandIn } from '../dev/standins/salesforce/server';
import type { SqliteDatabase } from '../src/store/database';
import type { JobQueue, LinkRepository, Store } from '../src/store/ports';
import { SqliteStore } from '../src/store/sqlite-store';
import type { SyncWorker } from '../src/sync/worker';
import { Relay, type RelaySettings } from '../src/relay';
import { RelayMetrics } from '../src/core/metrics';
import { PackageEmulator } from '../dev/local/package-emulator';
import { changeBatchBody, postSignedBatch } from './change-batches';
import { ManualClock } from './manual-clock';
import { allColumnTypes, relayToken } from './monday-standin';

/**
 * The org every harness of this test file builds: with a namespace, the package is installed managed and the relay
 * must use its prefixed names over the API (the namespaced suites set it before loading the suites they run again).
 */
export const harnessOrg = { namespace: '' };

export const webhookSecret = `whsec_${Buffer.from('relay-harness-signing-secret-32b!').toString('base64')}`;

export class RelayHarness {
  readonly clock = new ManualClock();
  monday!: MondayStandIn;
  salesforce!: SalesforceStandIn;
  board!: MondayBoard;
  boardUser!: MondayUser;
  relay!: Relay;
  store!: Store;

  /** The harness's SQLite database, for faults only SQLite can have (a full disk, a lost table). */
  get db(): SqliteDatabase {
    if (!(this.store instanceof SqliteStore)) throw new Error('the harness store is not SQLite');
    return this.store.database;
  }

  jobs!: JobQueue;
  links!: LinkRepository;
  worker!: SyncWorker;
  private server!: Server;
  url = '';
  /** The refresh token the relay was given (a test revokes it as an admin would). */
  refreshToken = '';
  private batchCount = 0;
  /** The relay's monday webhook endpoint; its URL is known once the relay listens. */
  readonly webhookSettings: { pathSecret: string; publicUrl: string; signingSecret?: string } = {
    pathSecret: 'harness-webhook-path-secret',
    publicUrl: ''
  };

  /**
   * The package's change capture, when asked for: every write to a record of an object with a Salesforce → monday
   * recipe, the relay's own included, is sent to the relay as the package's triggers send it in an org.
   */
  emulator: PackageEmulator | undefined;

  /**
   * `relayOptions.batchWaitMs` is 0 unless given: monday events are taken as soon as the test drains.
   * `relayOptions.salesforceTimeoutMs` and `mondayTimeoutMs` shorten the relay's wait for each service's answers.
   */
  async start(
    mondayOptions: MondayStandInOptions = {},
    relayOptions: Pick<RelaySettings, 'batchWaitMs'> & {
      salesforceTimeoutMs?: number;
      mondayTimeoutMs?: number;
      /** The hourly item budget the relay paces itself to (19,000 by default, as monday's). */
      mondayItemWritesPerHour?: number;
      packageEmulation?: boolean;
      /** Where the relay's log goes (nowhere by default), and from which level. */
      logger?: Logger;
      /** The monday app's signing secret: monday signs its webhooks, the relay checks them. */
      mondaySigningSecret?: string;
    } = {}
  ): Promise<this> {
    if (relayOptions.mondaySigningSecret) this.webhookSettings.signingSecret = relayOptions.mondaySigningSecret;
    this.monday = await new MondayStandIn({
      clock: this.clock,
      webhooks: {
        retryIntervalMs: 10,
        maxAttempts: 2,
        ...(relayOptions.mondaySigningSecret ? { signingSecret: relayOptions.mondaySigningSecret } : {})
      },
      ...mondayOptions
    }).start();
    this.monday.addUser('Sync relay', 'relay@example.com', relayToken);
    this.boardUser = this.monday.addUser('Ada Lovelace', 'ada@example.com');
    this.board = this.monday.operations.createBoard('Leads', 'public');
    for (const type of allColumnTypes)
      this.monday.operations.createColumn(this.board.id, { title: type, type, id: type });
    this.salesforce = await new SalesforceStandIn({ clock: this.clock, namespace: harnessOrg.namespace }).start();
    this.refreshToken = this.salesforce.oauth.issueRefreshToken(this.salesforce.adminUserId);

    this.relay = await Relay.open(
      {
        dataDir: ':memory:',
        webhookSecrets: [webhookSecret],
        encryptionKey: randomBytes(32),
        monday: {
          url: this.monday.url,
          token: relayToken,
          ...(relayOptions.mondayTimeoutMs ? { timeoutMs: relayOptions.mondayTimeoutMs } : {}),
          ...(relayOptions.mondayItemWritesPerHour ? { itemWritesPerHour: relayOptions.mondayItemWritesPerHour } : {})
        },
        mondayWebhooks: this.webhookSettings,
        salesforce: {
          loginUrl: this.salesforce.loginUrl,
          clientId: 'standin-client-id',
          clientSecret: 'standin-client-secret',
          refreshToken: this.refreshToken,
          ...(relayOptions.salesforceTimeoutMs ? { timeoutMs: relayOptions.salesforceTimeoutMs } : {})
        },
        batchWaitMs: relayOptions.batchWaitMs ?? 0
      },
      {
        clock: this.clock,
        http: axios.create(),
        logger: relayOptions.logger ?? createLogger('silent'),
        metrics: new RelayMetrics(false)
      }
    );
    this.store = this.relay.store;
    this.jobs = this.relay.store.jobs;
    this.links = this.relay.store.links;
    this.worker = this.relay.worker;
    // The worker is driven by the test (drain), not by its own timer.
    ({ server: this.server, url: this.url } = await listenOnLoopback(this.relay.app));
    this.webhookSettings.publicUrl = `${this.url}/v1/monday/webhooks/${this.webhookSettings.pathSecret}`;
    if (relayOptions.packageEmulation)
      this.emulator = new PackageEmulator(
        this.salesforce.org,
        { relayUrl: this.url, secret: webhookSecret, orgId: this.salesforce.orgId, clock: this.clock },
        createLogger('silent')
      );
    return this;
  }

  async stop(): Promise<void> {
    this.emulator?.stop();
    await closeServer(this.server);
    await this.relay.stop();
    await this.monday.close();
    await this.salesforce.close();
  }

  /** Saves a recipe in the org, as the recipe builder would. */
  createRecipe(
    definition: unknown,
    options: { direction?: string; objectApiName?: string; name?: string } = {}
  ): string {
    return this.salesforce.org.create('Monday_Recipe__c', {
      Name: options.name ?? 'Leads to monday',
      Active__c: true,
      Direction__c: options.direction ?? 'Salesforce_to_monday',
      Kind__c: 'Create_Item_And_Sync',
      Object_Api_Name__c: options.objectApiName ?? 'Lead',
      Board_Id__c: this.board.id,
      Definition__c: JSON.stringify(definition)
    }).id;
  }

  /** Saves a monday → Salesforce recipe on the board and lets the relay register its webhooks (its first round). */
  async pullFromBoard(mapping: MappingEntry[], onDelete = 'propagate'): Promise<string> {
    const id = this.createRecipe(
      { mapping, options: { syncFutureChanges: true, onDelete } },
      { direction: 'monday_to_Salesforce', name: 'Board to Leads' }
    );
    await this.worker.drain();
    return id;
  }

  /** Posts a signed batch of changes, as the package's delivery job does; answers the HTTP status. */
  async sendChanges(objectApiName: string, changes: unknown[], kind = 'record_changes'): Promise<number> {
    this.batchCount += 1;
    const batchId = `batch-${this.batchCount}`;
    return postSignedBatch(
      this.url,
      webhookSecret,
      batchId,
      changeBatchBody(batchId, objectApiName, changes, kind),
      Math.floor(this.clock.now() / 1000)
    );
  }

  /**
   * Waits for monday's webhook deliveries (and the package's change batches, when it is emulated) to reach the relay,
   * then runs the relay's work.
   */
  async settle(): Promise<void> {
    await this.emulator?.flush();
    await this.monday.webhooks.whenIdle();
    await this.worker.drain();
  }

  /** A board user adds an item to the board (column values in the API's JSON shapes, by column id). */
  addItem(name: string, columnValues: Record<string, unknown> = {}) {
    return this.monday.operations.createItem({
      boardId: this.board.id,
      name,
      columnValues,
      actorId: this.boardUser.id
    });
  }

  /** A board user changes an item's columns. */
  editItem(itemId: string, columnValues: Record<string, unknown>) {
    this.monday.operations.changeColumnValues({
      boardId: this.board.id,
      itemId,
      columnValues,
      actorId: this.boardUser.id
    });
  }

  /** The records of an object that are not deleted, as their field values. */
  records(objectApiName: string) {
    return this.salesforce.org
      .all(objectApiName)
      .filter((record) => !record.deleted)
      .map((record) => record.values);
  }

  items() {
    return this.monday.state.itemsOfBoard(this.board.id).filter((item) => item.state !== 'deleted');
  }
}

export interface MappingEntry {
  field: string;
  column: string;
  columnType: string;
}

/** A mapping entry to the harness board's column of that type (its id is its type). */
export const toColumn = (field: string, columnType: string): MappingEntry => ({
  field,
  column: columnType,
  columnType
});

/** A Lead change in the wire format. */
export function leadChange(
  recordId: string,
  operation: string,
  values: Record<string, unknown>,
  changedFields: string[] = []
) {
  return { recordId, operation, systemModstamp: '2026-11-25T10:00:00.000+0000', changedFields, values };
}
