// A record created from an item on a two-way board (F4 + F5 on one board) is that item's record: the package's
// trigger fires on the relay's own insert and sends the new record back, and the relay must know it has its item
// whatever order the change batch, Salesforce's answer and the link arrive in. The package is emulated here as it
// runs in an org: every write to a Lead, the relay's own, becomes a signed change batch.
import { RelayHarness } from '../../../test/relay-harness';

const mapping = [
  { field: 'LastName', column: 'name', columnType: 'name' },
  { field: 'Company', column: 'text', columnType: 'text' }
];

let relay: RelayHarness;
afterEach(async () => {
  await relay.stop();
});

async function twoWayBoard(options: { salesforceTimeoutMs?: number } = {}) {
  relay = await new RelayHarness().start({}, { packageEmulation: true, ...options });
  const pushing = relay.createRecipe({ mapping, options: { syncFutureChanges: true } }, { name: 'Leads to board' });
  const pulling = relay.createRecipe(
    { mapping, options: { syncFutureChanges: true } },
    { direction: 'monday_to_Salesforce', name: 'Board to Leads' }
  );
  await relay.settle();
  return { pushing, pulling };
}

const leads = () => relay.records('Lead');
/** Writes of records through sObject Collections (creates, upserts), links apart. */
const recordWrites = ({ method, path }: { method: string; path: string }) =>
  method !== 'GET' && path.includes('/composite/sobjects') && !path.includes('Monday_Link__c');

/** Everything that should hold once the dust settles: one item, one Lead, linked both ways by both recipes. */
async function expectOneLinkedPair(itemId: string, recipes: { pushing: string; pulling: string }) {
  expect(relay.items().map((item) => item.name)).toEqual(['Babbage']);
  expect(leads()).toHaveLength(1);
  const lead = leads()[0]!;
  expect(lead).toMatchObject({ LastName: 'Babbage', Company: 'Difference Engines' });
  expect(lead.Monday_Item_Key__c).toBe(`${relay.board.id}:${itemId}`);
  expect(relay.monday.state.items.get(itemId)!.values.get('salesforce_record')).toMatchObject({ text: lead.Id });
  expect((await relay.links.find(recipes.pushing, String(lead.Id)))?.itemId).toBe(itemId);
  expect((await relay.links.find(recipes.pulling, String(lead.Id)))?.itemId).toBe(itemId);
  expect(await relay.jobs.listDead()).toEqual([]);
}

describe('a record created from an item on a two-way board', () => {
  it('is not given a second item when its change arrives after the answer and the link', async () => {
    const recipes = await twoWayBoard();
    const item = relay.addItem('Babbage', { text: 'Difference Engines' });
    for (let round = 0; round < 4; round += 1) await relay.settle();
    await expectOneLinkedPair(item.id, recipes);
  });

  it("is not given a second item when its change arrives before Salesforce's answer (the answer lost past the timeout)", async () => {
    const recipes = await twoWayBoard({ salesforceTimeoutMs: 300 });
    // Salesforce creates the Lead, then answers after the relay has stopped waiting.
    relay.salesforce.faults.delayAnswers(1_500, {
      matching: recordWrites
    });
    const item = relay.addItem('Babbage', { text: 'Difference Engines' });
    await relay.settle();
    expect(leads()).toHaveLength(1);
    expect(await relay.links.findByItem(recipes.pulling, item.id)).toBeUndefined();

    // The package's batch for the new Lead is applied first: it names the item the Lead was made from.
    await relay.settle();
    expect(relay.items()).toHaveLength(1);
    expect((await relay.links.find(recipes.pushing, String(leads()[0]!.Id)))?.itemId).toBe(item.id);

    // The board's event is retried: the upsert finds the Lead it made, and the link and the column follow.
    relay.clock.advance(10 * 60_000);
    for (let round = 0; round < 3; round += 1) await relay.settle();
    await expectOneLinkedPair(item.id, recipes);
  });

  it('links a record the package reports with its item key to that item, with no link or answer known yet', async () => {
    const recipes = await twoWayBoard();
    // A Lead made from an item by an earlier run of the relay whose answer never came back and whose state is lost.
    const item = relay.addItem('Babbage', { text: 'Difference Engines' });
    relay.monday.webhooks.stop();
    const lead = relay.salesforce.org.create('Lead', {
      LastName: 'Babbage',
      Company: 'Difference Engines',
      Monday_Item_Key__c: `${relay.board.id}:${item.id}`
    });
    await relay.settle();
    expect(relay.items()).toHaveLength(1);
    expect((await relay.links.find(recipes.pushing, lead.id))?.itemId).toBe(item.id);
  });

  it("takes the item the board's other recipe linked the record to, for a record without an item key", async () => {
    const recipes = await twoWayBoard();
    // Made from the item before the package had the item key: only the pulling recipe's link knows the pair.
    relay.monday.webhooks.stop();
    const item = relay.addItem('Babbage', { text: 'Difference Engines' });
    relay.emulator!.stop();
    const lead = relay.salesforce.org.create('Lead', { LastName: 'Babbage', Company: 'Difference Engines' });
    await relay.links.save({
      recipeId: recipes.pulling,
      recordId: lead.id,
      objectApiName: 'Lead',
      boardId: relay.board.id,
      itemId: item.id,
      itemName: 'Babbage',
      itemUrl: null,
      lastStatus: 'Synced',
      lastError: null
    });
    await relay.sendChanges('Lead', [
      {
        recordId: lead.id,
        operation: 'update',
        systemModstamp: '2026-11-25T10:00:00.000+0000',
        changedFields: ['Company'],
        values: { LastName: 'Babbage', Company: 'Analytical Engines' }
      }
    ]);
    await relay.settle();
    expect(relay.items()).toHaveLength(1);
    expect((await relay.links.find(recipes.pushing, lead.id))?.itemId).toBe(item.id);
    // Found rather than made, the item is brought up to date like a linked one.
    expect(relay.monday.state.items.get(item.id)!.values.get('text')).toBe('Analytical Engines');
  });
});
