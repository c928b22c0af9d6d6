// The relay wired as in production, against both stand-ins, on one clock a test moves by hand.
import type { Server } from 'node:http';
import axios from 'axios';
import { createApp } from '../src/app';
import { closeServer, listenOnLoopback } from '../src/core/http-server';
import { createLogger } from '../src/core/logger';
import { ChangeIntake } from '../src/intake/change-intake';
import { signRequest } from '../src/intake/signature';
import { MondayClient } from '../src/monday/client';
import { SalesforceColumns } from '../src/monday/salesforce-column';
import { SalesforceClient } from '../src/salesforce/client';
import { DescribeCache } from '../src/salesforce/describe-cache';
import { MondayStandIn, type MondayStandInOptions } from '../src/standins/monday/server';
import type { MondayBoard, MondayUser } from '../src/standins/monday/state';
import { SalesforceStandIn } from '../src/standins/salesforce/server';
import { type SqliteDatabase, openDatabase } from '../src/store/database';
import { LinkStore } from '../src/store/links';
import { SqliteJobStore } from '../src/store/sqlite-job-store';
import { RecipeSource } from '../src/sync/recipe-source';
import { SalesforceToMonday } from '../src/sync/salesforce-to-monday';
import { SyncWorker } from '../src/sync/worker';
import { ManualClock } from './manual-clock';
import { allColumnTypes, relayToken } from './monday-standin';

export const webhookSecret = `whsec_${Buffer.from('relay-harness-signing-secret-32b!').toString('base64')}`;

export class RelayHarness {
  readonly clock = new ManualClock();
  monday!: MondayStandIn;
  salesforce!: SalesforceStandIn;
  board!: MondayBoard;
  boardUser!: MondayUser;
  db!: SqliteDatabase;
  jobs!: SqliteJobStore;
  links!: LinkStore;
  worker!: SyncWorker;
  private server!: Server;
  url = '';
  private batchCount = 0;

  async start(mondayOptions: MondayStandInOptions = {}): Promise<this> {
    const logger = createLogger('silent');
    this.monday = await new MondayStandIn({
      clock: this.clock,
      webhooks: { retryIntervalMs: 10, maxAttempts: 2 },
      ...mondayOptions
    }).start();
    this.monday.addUser('Sync relay', 'relay@example.com', relayToken);
    this.boardUser = this.monday.addUser('Ada Lovelace', 'ada@example.com');
    this.board = this.monday.operations.createBoard('Leads', 'public');
    for (const type of allColumnTypes)
      this.monday.operations.createColumn(this.board.id, { title: type, type, id: type });
    this.salesforce = await new SalesforceStandIn({ clock: this.clock }).start();

    this.db = openDatabase(':memory:');
    this.jobs = new SqliteJobStore(this.db, { clock: this.clock, random: () => 0.5 });
    this.links = new LinkStore(this.db, this.clock);
    const salesforceClient = new SalesforceClient(
      axios.create(),
      {
        loginUrl: this.salesforce.loginUrl,
        clientId: 'standin-client-id',
        clientSecret: 'standin-client-secret',
        refreshToken: this.salesforce.oauth.issueRefreshToken(this.salesforce.adminUserId)
      },
      logger
    );
    const mondayClient = new MondayClient(axios.create(), { url: this.monday.url, token: relayToken }, logger);
    const recipes = new RecipeSource(salesforceClient, this.clock, logger);
    const toMonday = new SalesforceToMonday({
      recipes,
      describe: new DescribeCache(salesforceClient),
      monday: mondayClient,
      columns: new SalesforceColumns(mondayClient),
      links: this.links,
      recordUrl: (objectApiName, recordId) =>
        `${salesforceClient.instanceUrl ?? ''}/lightning/r/${objectApiName}/${recordId}/view`,
      logger
    });
    this.worker = new SyncWorker({
      jobs: this.jobs,
      toMonday,
      recipes,
      links: this.links,
      monday: mondayClient,
      salesforce: salesforceClient,
      clock: this.clock,
      logger
    });
    const app = createApp({
      intake: new ChangeIntake(this.db, this.jobs, [webhookSecret], this.clock, logger),
      logger,
      readiness: []
    });
    ({ server: this.server, url: this.url } = await listenOnLoopback(app));
    return this;
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
    await this.monday.close();
    await this.salesforce.close();
    this.db.close();
  }

  /** Saves a recipe in the org, as the recipe builder would. */
  createRecipe(
    definition: unknown,
    options: { direction?: string; objectApiName?: string; name?: string } = {}
  ): string {
    return this.salesforce.store.create('Monday_Recipe__c', {
      Name: options.name ?? 'Leads to monday',
      Active__c: true,
      Direction__c: options.direction ?? 'Salesforce_to_monday',
      Kind__c: 'Create_Item_And_Sync',
      Object_Api_Name__c: options.objectApiName ?? 'Lead',
      Board_Id__c: this.board.id,
      Definition__c: JSON.stringify(definition)
    }).id;
  }

  /** Posts a signed batch of changes, as the package's delivery job does; answers the HTTP status. */
  async sendChanges(objectApiName: string, changes: unknown[], kind = 'record_changes'): Promise<number> {
    this.batchCount += 1;
    const batchId = `batch-${this.batchCount}`;
    const body = JSON.stringify({
      schemaVersion: 1,
      kind,
      batchId,
      orgId: '00D5g000004ExAmEAK',
      objectApiName,
      publishedAt: new Date(this.clock.now()).toISOString().replace('Z', '+0000'),
      changes
    });
    const response = await fetch(`${this.url}/v1/salesforce/changes`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signRequest(webhookSecret, batchId, Math.floor(this.clock.now() / 1000), body)
      },
      body
    });
    return response.status;
  }

  items() {
    return this.monday.state.itemsOfBoard(this.board.id).filter((item) => item.state !== 'deleted');
  }
}

/** A Lead change in the wire format. */
export function leadChange(
  recordId: string,
  operation: string,
  values: Record<string, unknown>,
  changedFields: string[] = []
) {
  return { recordId, operation, systemModstamp: '2026-11-25T10:00:00.000+0000', changedFields, values };
}
