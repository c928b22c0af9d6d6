// Salesforce → monday end to end: a signed batch reaches the relay over HTTP, the worker applies it, monday's
// stand-in holds the items, Salesforce's stand-in holds the links and the failures.
import { changeBatchBody } from '../../../test/change-batches';
import { RelayHarness, leadChange } from '../../../test/relay-harness';

const smith = '00Q5g0000000001EAA';
const jones = '00Q5g0000000002EAA';

const mapping = [
  { field: 'LastName', column: 'name', columnType: 'name' },
  { field: 'Company', column: 'text', columnType: 'text' },
  { field: 'Email', column: 'email', columnType: 'email' },
  { field: 'AnnualRevenue', column: 'numbers', columnType: 'numbers' },
  { field: 'Status', column: 'status', columnType: 'status' },
  { field: 'HasOptedOutOfEmail', column: 'checkbox', columnType: 'checkbox' }
];

const smithValues = {
  LastName: 'Smith',
  Company: 'Acme',
  Email: 'smith@acme.example',
  AnnualRevenue: 1200000,
  Status: 'Working - Contacted',
  HasOptedOutOfEmail: true
};

function recipe(syncFutureChanges: boolean, extra: Record<string, unknown> = {}) {
  return {
    conditions: [[{ field: 'LastName', operator: 'equals', value: 'Smith' }]],
    mapping,
    options: { syncFutureChanges, createLabelsIfMissing: true, onDelete: 'archive', ...extra }
  };
}

let relay: RelayHarness;
afterEach(async () => {
  await relay.stop();
});

async function start(definition: unknown, mondayOptions = {}) {
  relay = await new RelayHarness().start(mondayOptions);
  relay.createRecipe(definition);
  return relay;
}

function columnsOf(itemIndex = 0) {
  const item = relay.items()[itemIndex]!;
  return { name: item.name, values: Object.fromEntries(item.values) };
}

describe('Salesforce → monday', () => {
  it('creates one item for a record that meets the conditions, with its mapped columns and the Salesforce column', async () => {
    await start(recipe(true));
    expect(
      await relay.sendChanges('Lead', [
        leadChange(smith, 'insert', smithValues),
        leadChange(jones, 'insert', { ...smithValues, LastName: 'Jones' })
      ])
    ).toBe(202);
    await relay.worker.drain();

    expect(relay.items()).toHaveLength(1);
    const { name, values } = columnsOf();
    expect(name).toBe('Smith');
    expect(values).toMatchObject({
      text: 'Acme',
      email: { email: 'smith@acme.example' },
      numbers: '1200000',
      status: { index: expect.any(Number) },
      checkbox: { checked: 'true' },
      salesforce_record: { url: `${relay.salesforce.instanceUrl}/lightning/r/Lead/${smith}/view`, text: smith }
    });
    const salesforceColumn = relay.board.columns.filter((column) => column.id === 'salesforce_record');
    expect(salesforceColumn).toEqual([expect.objectContaining({ type: 'link', title: 'Salesforce' })]);
    const links = relay.salesforce.org.all('Monday_Link__c').map((link) => link.values);
    expect(links).toEqual([
      expect.objectContaining({
        Record_Id__c: smith,
        Item_Id__c: relay.items()[0]!.id,
        Board_Name__c: 'Leads',
        Item_Url__c: expect.stringMatching(new RegExp(`/boards/${relay.board.id}/pulses/${relay.items()[0]!.id}$`)),
        Last_Sync_Status__c: 'Synced'
      })
    ]);
  });

  it('updates the item on later changes of mapped fields, when the recipe syncs future changes (F4)', async () => {
    await start(recipe(true));
    await relay.sendChanges('Lead', [leadChange(smith, 'insert', smithValues)]);
    await relay.worker.drain();
    await relay.sendChanges('Lead', [
      leadChange(smith, 'update', { ...smithValues, AnnualRevenue: 5, Company: 'Ignored' }, ['AnnualRevenue'])
    ]);
    await relay.worker.drain();
    expect(relay.items()).toHaveLength(1);
    expect(columnsOf().values).toMatchObject({ numbers: '5', text: 'Acme' });
    // The record page's key columns: every mapped column at creation, the changed one updated since (by title).
    await relay.worker.pushLinks(true);
    const snapshot = JSON.parse(String(relay.records('Monday_Link__c')[0]!.Item_Snapshot__c)) as Record<string, string>;
    expect(snapshot).toMatchObject({ numbers: '5', text: 'Acme', email: 'smith@acme.example' });
    expect(snapshot).not.toHaveProperty('name');
  });

  it('creates the item only, and leaves it alone afterwards, when the recipe does not sync changes (F3)', async () => {
    await start(recipe(false));
    await relay.sendChanges('Lead', [leadChange(smith, 'insert', smithValues)]);
    await relay.worker.drain();
    await relay.sendChanges('Lead', [
      leadChange(smith, 'update', { ...smithValues, AnnualRevenue: 5 }, ['AnnualRevenue'])
    ]);
    await relay.worker.drain();
    expect(columnsOf().values).toMatchObject({ numbers: '1200000' });
  });

  it('creates the item when a record starts meeting the conditions later', async () => {
    await start(recipe(true));
    await relay.sendChanges('Lead', [leadChange(jones, 'insert', { ...smithValues, LastName: 'Jones' })]);
    await relay.worker.drain();
    expect(relay.items()).toHaveLength(0);
    await relay.sendChanges('Lead', [leadChange(jones, 'update', smithValues, ['LastName'])]);
    await relay.worker.drain();
    expect(relay.items().map((item) => item.name)).toEqual(['Smith']);
  });

  it('finds the item it created when the link was lost in a crash, instead of creating a second', async () => {
    await start(recipe(true));
    await relay.sendChanges('Lead', [leadChange(smith, 'insert', smithValues)]);
    await relay.worker.drain();
    relay.db.prepare('DELETE FROM links').run();
    await relay.sendChanges('Lead', [leadChange(smith, 'insert', smithValues)]);
    await relay.worker.drain();
    expect(relay.items()).toHaveLength(1);
    expect((await relay.links.find(relay.salesforce.org.all('Monday_Recipe__c')[0]!.id, smith))?.itemId).toBe(
      relay.items()[0]!.id
    );
  });

  it('archives the item when the record is deleted, as the recipe says (B5)', async () => {
    await start(recipe(true, { onDelete: 'archive' }));
    await relay.sendChanges('Lead', [leadChange(smith, 'insert', smithValues)]);
    await relay.worker.drain();
    await relay.sendChanges('Lead', [leadChange(smith, 'delete', smithValues)]);
    await relay.worker.drain();
    expect(relay.items()[0]!.state).toBe('archived');
  });

  it('dead-letters a value that does not fit, and logs it in Salesforce, without stopping other records', async () => {
    await start(recipe(true));
    await relay.sendChanges('Lead', [
      leadChange(smith, 'insert', { ...smithValues, Email: 'not-an-email' }),
      leadChange(jones, 'insert', { ...smithValues, Email: 'ok@acme.example' })
    ]);
    await relay.worker.drain();
    expect(relay.items()).toHaveLength(1);
    expect(await relay.jobs.listDead()).toEqual([
      expect.objectContaining({ lastError: expect.stringContaining('Email') })
    ]);
    const logs = relay.salesforce.org.all('Monday_Sync_Log__c').map((log) => log.values);
    expect(logs).toEqual([
      expect.objectContaining({ Record_Id__c: smith, Error_Code__c: 'VALUE_DOES_NOT_FIT', Retriable__c: false })
    ]);
  });

  it('waits out a rate limit without spending an attempt, then finishes', async () => {
    await start(recipe(true), { limits: { requestsPerMinute: 2 } });
    await relay.sendChanges('Lead', [leadChange(smith, 'insert', smithValues)]);
    await relay.worker.drain();
    expect(relay.items()).toHaveLength(0);
    for (let minute = 0; minute < 5 && relay.items().length === 0; minute += 1) {
      relay.clock.advance(60_000);
      await relay.worker.drain();
    }
    expect(relay.items()).toHaveLength(1);
    expect(await relay.jobs.listDead()).toEqual([]);
  });

  it('retries with backoff when monday answers 5xx, and creates the item once', async () => {
    await start(recipe(true));
    await relay.sendChanges('Lead', [leadChange(smith, 'insert', smithValues)]);
    relay.monday.faults.failNext(3, 503);
    await relay.worker.drain();
    for (let round = 0; round < 10 && relay.items().length === 0; round += 1) {
      relay.clock.advance(60_000);
      await relay.worker.drain();
    }
    expect(relay.items()).toHaveLength(1);
    expect(await relay.jobs.listDead()).toEqual([]);
  });

  it('waits while the board is locked (423), then writes', async () => {
    await start(recipe(true));
    relay.board.locked = true;
    await relay.sendChanges('Lead', [leadChange(smith, 'insert', smithValues)]);
    await relay.worker.drain();
    expect(relay.items()).toHaveLength(0);
    relay.board.locked = false;
    relay.clock.advance(1_000);
    await relay.worker.drain();
    expect(relay.items()).toHaveLength(1);
  });

  it('pauses when the daily limit is spent, and resumes with nothing lost after midnight UTC', async () => {
    await start(recipe(true), { limits: { dailyCalls: 2 } });
    await relay.sendChanges('Lead', [leadChange(smith, 'insert', smithValues)]);
    await relay.worker.drain();
    expect(relay.worker.pausedUntil).toBeGreaterThan(relay.clock.now());
    expect(await relay.worker.runOnce()).toBe(0);
    relay.clock.advance(24 * 60 * 60 * 1000);
    relay.monday.limiter.settings.dailyCalls = 100;
    await relay.worker.drain();
    expect(relay.items()).toHaveLength(1);
  });
});

describe("Salesforce's outbox", () => {
  it('takes the batches waiting there, applies them once, and empties the outbox; a malformed one stays', async () => {
    await start(recipe(true));
    const batch = (batchId: string, changes: unknown[]) => changeBatchBody(batchId, 'Lead', changes);
    const row = (batchId: string, payload: string) =>
      relay.salesforce.org.create('Monday_Outbox__c', {
        Batch_Id__c: batchId,
        Payload__c: payload,
        Status__c: 'Pending',
        Attempts__c: 3
      });
    row('waiting-1', batch('waiting-1', [leadChange(smith, 'insert', smithValues)]));
    row('broken', '{"schemaVersion": 1,');
    expect(await relay.relay.outboxDrain.drainOnce()).toBe(1);
    await relay.worker.drain();
    expect(relay.items()).toHaveLength(1);
    const left = relay.salesforce.org
      .all('Monday_Outbox__c')
      .filter((record) => !record.deleted)
      .map((record) => record.values.Batch_Id__c);
    expect(left).toEqual(['broken']);
    // The package may still deliver the same batch: it is not applied twice.
    expect(await relay.sendChanges('Lead', [leadChange(smith, 'insert', smithValues)])).toBe(202);
    row('waiting-1', batch('waiting-1', [leadChange(smith, 'insert', smithValues)]));
    await relay.relay.outboxDrain.drainOnce();
    await relay.worker.drain();
    expect(relay.items()).toHaveLength(1);
  });
});

describe('batching a backlog', () => {
  const idOf = (index: number) => `00Q5g${String(index).padStart(10, '0')}AAA`;

  it('creates a backlog of 60 items with a few requests, 25 mutations per request', async () => {
    await start(recipe(true));
    const changes = Array.from({ length: 60 }, (_unused, index) =>
      leadChange(idOf(index), 'insert', { ...smithValues, Company: `Company ${index}` })
    );
    await relay.sendChanges('Lead', changes);
    const before = relay.monday.requestCount;
    await relay.worker.drain();
    expect(relay.items()).toHaveLength(60);
    // The Salesforce column (a lookup and a creation), then ceil(60 / 25) = 3 batches of creates.
    expect(relay.monday.requestCount - before).toBe(5);
  });

  it('keeps the batches carried out when a later batch of the board is held back, and never redoes them', async () => {
    await start(recipe(true), { limits: { complexityPerMinute: 300_000, mutationCost: 10_000 } });
    await relay.sendChanges(
      'Lead',
      Array.from({ length: 60 }, (_unused, index) => leadChange(idOf(index), 'insert', smithValues))
    );
    await relay.worker.drain();
    // A full batch of 25, then a smaller one that fits what the budget has left; the rest waits for the reset.
    const first = relay.items().length;
    expect(first).toBeGreaterThan(25);
    expect(first).toBeLessThan(30);
    expect(await relay.jobs.counts('salesforce-record-changes')).toEqual({ pending: 60 - first, running: 0, dead: 0 });
    for (let minute = 0; minute < 5 && relay.items().length < 60; minute += 1) {
      relay.clock.advance(60_000);
      await relay.worker.drain();
    }
    expect(relay.items()).toHaveLength(60);
    // Items were created once and never updated afterwards.
    expect(relay.items().every((item) => item.updatedAt === item.createdAt)).toBe(true);
  });

  it('fails only the record whose item monday refuses, and creates the others of the batch', async () => {
    await start(recipe(true, { createLabelsIfMissing: false }));
    await relay.sendChanges('Lead', [
      leadChange(idOf(1), 'insert', { ...smithValues, Status: 'Open - Not Contacted' }),
      leadChange(idOf(2), 'insert', { ...smithValues, Status: 'A label the board does not have' }),
      leadChange(idOf(3), 'insert', { ...smithValues, Status: 'Open - Not Contacted' })
    ]);
    relay.board.columns.find((column) => column.id === 'status')!.settings.labels = { '0': 'Open - Not Contacted' };
    await relay.worker.drain();
    expect(relay.items()).toHaveLength(2);
    expect(await relay.jobs.listDead()).toEqual([
      expect.objectContaining({ lastError: expect.stringContaining("status label doesn't exist") })
    ]);
  });
});
