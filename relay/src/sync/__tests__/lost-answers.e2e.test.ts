// A write whose answer never reaches the relay (the service slower than the relay's timeout) is made once, however
// often it is retried: monday → Salesforce creates are upserts on the item key; Salesforce → monday creates are
// marked pending before they are sent and looked up by the Salesforce column's text before they are sent again.
import { RelayHarness, leadChange } from '../../../test/relay-harness';

const pullMapping = [
  { field: 'LastName', column: 'name', columnType: 'name' },
  { field: 'Company', column: 'text', columnType: 'text' }
];
const pushMapping = [...pullMapping, { field: 'Status', column: 'status', columnType: 'status' }];

let relay: RelayHarness;
afterEach(async () => {
  await relay.stop();
});

const idOf = (index: number) => `00Q5g00000000${String(index).padStart(2, '0')}EAA`;
const leads = () => relay.records('Lead');
/** Writes of records through sObject Collections (creates, upserts), links apart. */
const recordWrites = ({ method, path }: { method: string; path: string }) =>
  method !== 'GET' && path.includes('/composite/sobjects') && !path.includes('Monday_Link__c');

/** Retries come after a backoff: the clock moves on and the relay works again, `rounds` times. */
async function retry(rounds: number) {
  for (let round = 0; round < rounds; round += 1) {
    relay.clock.advance(15 * 60_000);
    await relay.settle();
  }
}

describe('monday → Salesforce, Salesforce slower than the relay waits', () => {
  it('makes one record per item when Salesforce commits but its answers come after the timeout, again and again', async () => {
    relay = await new RelayHarness().start({}, { salesforceTimeoutMs: 200 });
    await relay.pullFromBoard(pullMapping);
    // The first three upserts are carried out, and answered only after the relay has given up waiting.
    relay.salesforce.faults.delayAnswers(600, {
      count: 3,
      matching: recordWrites
    });
    const items = ['Lovelace', 'Babbage', 'Hopper'].map((name) => relay.addItem(name, { text: 'Engines' }));
    await relay.settle();
    await retry(4);
    expect(
      leads()
        .map((lead) => lead.LastName)
        .sort()
    ).toEqual(['Babbage', 'Hopper', 'Lovelace']);
    for (const item of items) {
      const lead = leads().find((candidate) => candidate.LastName === item.name)!;
      expect(lead.Monday_Item_Key__c).toBe(`${relay.board.id}:${item.id}`);
      expect(relay.monday.state.items.get(item.id)!.values.get('salesforce_record')).toMatchObject({ text: lead.Id });
    }
    expect(await relay.jobs.listDead()).toEqual([]);
  });
});

describe('Salesforce → monday, monday slower than the relay waits', () => {
  async function pushingBoard(extraOptions: Record<string, unknown> = {}) {
    relay = await new RelayHarness().start({}, { mondayTimeoutMs: 200 });
    relay.createRecipe({ mapping: pushMapping, options: { syncFutureChanges: true, ...extraOptions } });
  }
  const slowCreates = (count: number) => {
    relay.monday.faults.delayAnswers(600, {
      count,
      matching: ({ body }) => JSON.stringify(body).includes('create_item')
    });
  };

  it('makes one item per record when monday creates the items but the answer is lost, and the retry is a different batch', async () => {
    await pushingBoard();
    slowCreates(1);
    await relay.sendChanges(
      'Lead',
      [1, 2, 3].map((index) => leadChange(idOf(index), 'insert', { LastName: `Lead ${index}`, Company: 'Acme' }))
    );
    await relay.worker.drain();
    expect(relay.items()).toHaveLength(3);
    expect(await relay.links.unpushed(10)).toEqual([]);

    // Before the retry, a fourth record comes: the retried batch is not the first one (another idempotency key).
    await relay.sendChanges('Lead', [leadChange(idOf(4), 'insert', { LastName: 'Lead 4', Company: 'Acme' })]);
    const mondayCalls = jest.spyOn(relay.relay.monday, 'request');
    await retry(2);
    expect(
      relay
        .items()
        .map((item) => item.name)
        .sort()
    ).toEqual(['Lead 1', 'Lead 2', 'Lead 3', 'Lead 4']);
    // The three were found by their Salesforce column (the record id as its text): the first alone, as the probe
    // that found monday answering again after the timeout, the other two together.
    const lookups = mondayCalls.mock.calls.filter(([document]) => document.includes('items_page_by_column_values'));
    expect(lookups.map(([, variables]) => (variables as { values: string[] }).values.length)).toEqual([1, 2]);
    expect(lookups.flatMap(([, variables]) => (variables as { values: string[] }).values).sort()).toEqual([
      idOf(1),
      idOf(2),
      idOf(3)
    ]);
    for (const index of [1, 2, 3]) {
      const item = relay.items().find((candidate) => candidate.name === `Lead ${index}`)!;
      expect((await relay.links.findOnBoard(relay.board.id, idOf(index)))?.itemId).toBe(item.id);
    }
    expect(await relay.jobs.listDead()).toEqual([]);
  });

  it('finds the item made by a lost create when the next change of the record is another job', async () => {
    await pushingBoard();
    slowCreates(1);
    await relay.sendChanges('Lead', [leadChange(idOf(1), 'insert', { LastName: 'Lead 1', Company: 'Acme' })]);
    await relay.worker.drain();
    // That job then dies (an admin dropped it, say) while its item exists, unknown to the relay.
    relay.clock.advance(60_000);
    const [first] = await relay.jobs.claim('salesforce-record-changes', 60_000, 1);
    await relay.jobs.fail(first!.id, first!.fencingToken, { message: 'given up', retriable: false });
    expect(relay.items()).toHaveLength(1);
    // The record is edited: a new job, on its first attempt, not a retry of the first.
    await relay.sendChanges('Lead', [
      leadChange(idOf(1), 'update', { LastName: 'Lead 1', Company: 'Globex' }, ['Company'])
    ]);
    await relay.worker.drain();
    expect(relay.items()).toHaveLength(1);
    expect(relay.items()[0]!.values.get('text')).toBe('Globex');
  });

  it("creates a corrected record's item within monday's 30-minute replay window, rather than getting the first refusal back", async () => {
    await pushingBoard({ createLabelsIfMissing: false });
    relay.board.columns.find((column) => column.id === 'status')!.settings.labels = { '0': 'Open' };
    await relay.sendChanges('Lead', [
      leadChange(idOf(1), 'insert', { LastName: 'Lead 1', Company: 'Acme', Status: 'A label the board lacks' })
    ]);
    await relay.worker.drain();
    expect(await relay.jobs.listDead()).toEqual([
      expect.objectContaining({ lastError: expect.stringContaining("status label doesn't exist") })
    ]);

    // Five minutes later the record is corrected in Salesforce.
    relay.clock.advance(5 * 60_000);
    await relay.sendChanges('Lead', [
      leadChange(idOf(1), 'update', { LastName: 'Lead 1', Company: 'Acme', Status: 'Open' }, ['Status'])
    ]);
    await relay.worker.drain();
    expect(relay.items().map((item) => item.name)).toEqual(['Lead 1']);
    expect(await relay.jobs.listDead()).toHaveLength(1);
  });
});
