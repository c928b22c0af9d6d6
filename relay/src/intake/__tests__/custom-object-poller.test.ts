// The custom-object poller against the Salesforce stand-in (which serves queryAll and IsDeleted as documented): many
// records sharing one SystemModstamp read once each across pages, a cursor kept across a restart, deletes and
// undeletes, a field outside the recipes (no job), the relay's own write coming back (no job), a refused connection
// (nothing lost), and the requests spent counted.
import { ManualClock } from '../../../test/manual-clock';
import { salesforceClientFor } from '../../../test/salesforce-standin';
import { createLogger } from '../../core/logger';
import { openDatabase } from '../../store/database';
import { SqliteStore } from '../../store/sqlite-store';
import { RecipeSource } from '../../sync/recipe-source';
import { SalesforceStandIn } from '../../../dev/standins/salesforce/server';
import { field } from '../../../dev/standins/salesforce/describe/fields';
import { type RecordChangeJob, recordChangesQueue } from '../change-intake';
import { CustomObjectPoller } from '../custom-object-poller';

const clock = new ManualClock(Date.UTC(2026, 11, 3, 9, 0, 0));
let salesforce: SalesforceStandIn;
let store: SqliteStore;

const mapping = [
  { field: 'Name', column: 'name', columnType: 'name' },
  { field: 'Amount__c', column: 'numbers', columnType: 'numbers' }
];

beforeEach(async () => {
  salesforce = await new SalesforceStandIn({ clock, queryBatchSize: 200 }).start();
  salesforce.store.defineCustomObject({
    name: 'Invoice__c',
    fields: [field('Amount__c', 'currency'), field('Notes__c', 'textarea')]
  });
  salesforce.store.create('Monday_Recipe__c', {
    Name: 'Invoices',
    Active__c: true,
    Direction__c: 'Salesforce_to_monday',
    Kind__c: 'Create_Item_And_Sync',
    Object_Api_Name__c: 'Invoice__c',
    Board_Id__c: '42',
    Definition__c: JSON.stringify({ mapping, options: { syncFutureChanges: true, onDelete: 'propagate' } })
  });
  store = new SqliteStore(openDatabase(':memory:'), { clock });
});
afterEach(async () => {
  await salesforce.close();
  await store.close();
});

function poller(pageSize = 2000): CustomObjectPoller {
  const client = salesforceClientFor(salesforce);
  return new CustomObjectPoller({
    salesforce: client,
    recipes: new RecipeSource(client, clock, createLogger('silent')),
    jobs: store.jobs,
    watermarks: store.watermarks,
    leases: store.leases,
    synced: store.synced,
    clock,
    logger: createLogger('silent'),
    atomically: async (writes) => {
      await store.transaction(() => writes());
    },
    pageSize
  });
}

/** The changes queued so far, in order, each taken off the queue. */
async function queued(): Promise<RecordChangeJob[]> {
  const jobs = await store.jobs.claim(recordChangesQueue, 60_000, 10_000);
  for (const job of jobs) await store.jobs.complete(job.id, job.fencingToken);
  return jobs.map((job) => job.payload as RecordChangeJob);
}

const invoice = (name: string, amount: number) =>
  salesforce.store.create('Invoice__c', { Name: name, Amount__c: amount });

describe('the custom-object poller', () => {
  it('starts after the newest change: records from before the first poll are not sent', async () => {
    invoice('Old', 1);
    const first = await poller().pollOnce();
    expect(first).toEqual([{ objectApiName: 'Invoice__c', changes: 0, requests: 1, behind: false }]);
    clock.advance(1000);
    const fresh = invoice('New', 2);
    expect((await poller().pollOnce())[0]).toMatchObject({ changes: 1, requests: 1 });
    const [job] = await queued();
    expect(job).toMatchObject({
      objectApiName: 'Invoice__c',
      change: { recordId: fresh.id, operation: 'insert', values: { Name: 'New', Amount__c: 2 } }
    });
  });

  it('reads 450 records sharing one SystemModstamp once each, across pages and a restart', async () => {
    await poller().pollOnce();
    clock.advance(1000);
    // One bulk insert: every record gets the same SystemModstamp (the clock does not move).
    const created = Array.from({ length: 450 }, (_, index) => invoice(`Bulk ${index}`, index).id);
    // Committed a while ago: past the commit lag, so the cursor moves over them.
    clock.advance(10_000);
    const rounds = [];
    // A new poller each round: the cursor lives in the store, as across a relay's restart.
    for (let round = 0; round < 4; round += 1) rounds.push(...(await poller(200).pollOnce()));
    expect(rounds.map((round) => round.changes)).toEqual([200, 200, 50, 0]);
    expect(rounds.map((round) => round.behind)).toEqual([true, true, false, false]);
    const ids = (await queued()).map((job) => job.change.recordId);
    expect(ids).toHaveLength(450);
    expect(new Set(ids)).toEqual(new Set(created));
  });

  it('reads again a change committed late with an older SystemModstamp than one read already', async () => {
    await poller().pollOnce();
    const start = clock.now();
    // A slow transaction saves B at start+1 s; C is saved at start+2 s and committed first.
    clock.time = start + 2000;
    const committedFirst = invoice('C', 3);
    clock.time = start + 2500;
    await poller().pollOnce();
    expect((await queued()).map((job) => job.change.recordId)).toEqual([committedFirst.id]);
    clock.time = start + 1000;
    const committedLate = invoice('B', 2);
    clock.time = start + 3000;
    await poller().pollOnce();
    // B is read though C, newer, was read before it; C comes again and is no change for the planner.
    expect((await queued()).map((job) => job.change.recordId)).toContain(committedLate.id);
    clock.time = start + 60_000;
    await poller().pollOnce();
    await queued();
    expect((await poller().pollOnce())[0]?.changes).toBe(0);
  });

  it('sends a delete and an undelete, found in the same query', async () => {
    await poller().pollOnce();
    clock.advance(1000);
    const record = invoice('Gone', 5);
    await poller().pollOnce();
    await queued();
    clock.advance(1000);
    salesforce.store.remove('Invoice__c', record.id);
    await poller().pollOnce();
    expect((await queued()).map((job) => job.change.operation)).toEqual(['delete']);
    clock.advance(1000);
    salesforce.store.undelete(record.id);
    await poller().pollOnce();
    expect(await queued()).toEqual([
      expect.objectContaining({ change: expect.objectContaining({ recordId: record.id, operation: 'update' }) })
    ]);
  });

  it('makes no job when only a field outside the recipes changed, or the relay wrote what was synced', async () => {
    await poller().pollOnce();
    clock.advance(1000);
    const record = invoice('Acme', 100);
    await poller().pollOnce();
    await queued();
    // What the worker left known once the item was written on monday.
    await store.synced.remember('42', record.id, { Name: 'Acme', Amount__c: 100 });
    clock.advance(1000);
    salesforce.store.update('Invoice__c', record.id, { Notes__c: 'internal note' });
    expect((await poller().pollOnce())[0]?.changes).toBe(0);
    clock.advance(1000);
    salesforce.store.update('Invoice__c', record.id, { Amount__c: 120 });
    expect((await poller().pollOnce())[0]?.changes).toBe(1);
    expect((await queued())[0]?.change).toMatchObject({ operation: 'update', values: { Amount__c: 120 } });
  });

  it('loses nothing while Salesforce refuses the relay: the cursor stays, the next round reads it all', async () => {
    const revoked = poller();
    await revoked.pollOnce();
    clock.advance(1000);
    const record = invoice('During the outage', 7);
    salesforce.oauth.revokeAll();
    await expect(revoked.pollOnce()).rejects.toThrow(/refused/);
    expect(await queued()).toEqual([]);
    // Reconnected: a new token; the next round takes up where the cursor stayed.
    expect((await poller().pollOnce())[0]?.changes).toBe(1);
    expect((await queued())[0]?.change.recordId).toBe(record.id);
  });

  it('counts the requests each object spends, one per round when a page holds everything', async () => {
    const polling = poller();
    for (let round = 0; round < 5; round += 1) {
      clock.advance(10_000);
      invoice(`Round ${round}`, round);
      await polling.pollOnce();
    }
    expect(polling.requestsByObject.get('Invoice__c')).toBe(5);
  });

  it('polls no standard object (the package triggers them) and no inactive recipe', async () => {
    salesforce.store.create('Monday_Recipe__c', {
      Name: 'Leads',
      Active__c: true,
      Direction__c: 'Salesforce_to_monday',
      Kind__c: 'Create_Item',
      Object_Api_Name__c: 'Lead',
      Board_Id__c: '43',
      Definition__c: JSON.stringify({ mapping: [{ field: 'LastName', column: 'name', columnType: 'name' }] })
    });
    expect((await poller().pollOnce()).map((round) => round.objectApiName)).toEqual(['Invoice__c']);
  });
});
