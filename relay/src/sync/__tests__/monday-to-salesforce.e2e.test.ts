// monday → Salesforce end to end: a person edits the board, monday's webhooks reach the relay, the relay creates or
// updates the record in the Salesforce stand-in, and refuses what Salesforce would refuse, saying why.
import { RelayHarness, toColumn } from '../../../test/relay-harness';

const mapping = [
  toColumn('LastName', 'name'),
  toColumn('Company', 'text'),
  toColumn('Email', 'email'),
  toColumn('AnnualRevenue', 'numbers'),
  toColumn('Status', 'status'),
  toColumn('HasOptedOutOfEmail', 'checkbox')
];

jest.setTimeout(30_000);

let relay: RelayHarness;
beforeEach(async () => {
  relay = await new RelayHarness().start();
  await relay.pullFromBoard(mapping);
});
afterEach(async () => {
  await relay.stop();
});

const leads = () => relay.records('Lead');
const actor = () => relay.boardUser.id;

function createItem(name: string, columnValues: Record<string, unknown>) {
  return relay.monday.operations.createItem({ boardId: relay.board.id, name, columnValues, actorId: actor() });
}

/** A package name as the org knows it (prefixed when the package is installed managed). */
const org = (name: string): string => relay.salesforce.org.name(name);
describe('monday → Salesforce', () => {
  it('creates the record from a new item, then writes the Salesforce column on the item and the link', async () => {
    const item = createItem('Smith', {
      text: 'Acme',
      email: { email: 'smith@acme.example', text: 'Smith' },
      numbers: '1200.5',
      status: { label: 'Done' },
      checkbox: { checked: 'true' }
    });
    relay.board.columns.find((column) => column.id === 'status')!.settings.labels = {
      '0': 'Working - Contacted',
      '1': 'Done'
    };
    await relay.settle();
    // "Done" is not a Lead Status (a restricted picklist): the item cannot create the record, and says so.
    expect(leads()).toEqual([]);
    expect(relay.monday.state.updates.map((update) => update.body)).toEqual([
      expect.stringContaining('"Done" is not one of its values')
    ]);
    expect(relay.salesforce.org.all('Monday_Sync_Log__c').map((log) => log.values)).toEqual([
      expect.objectContaining({
        Item_Id__c: item.id,
        Direction__c: 'monday_to_Salesforce',
        Error_Code__c: 'VALUE_DOES_NOT_FIT'
      })
    ]);

    relay.monday.operations.changeColumnValues({
      boardId: relay.board.id,
      itemId: item.id,
      columnValues: { status: { label: 'Working - Contacted' } },
      actorId: actor()
    });
    await relay.settle();
    expect(leads()).toEqual([
      expect.objectContaining({
        LastName: 'Smith',
        Company: 'Acme',
        Email: 'smith@acme.example',
        AnnualRevenue: 1201, // Lead.AnnualRevenue has scale 0: rounded, as Salesforce rounds it
        Status: 'Working - Contacted',
        HasOptedOutOfEmail: true
      })
    ]);
    const recordId = String(leads()[0]!.Id);
    expect(relay.monday.state.items.get(item.id)!.values.get('salesforce_record')).toMatchObject({ text: recordId });
    expect(relay.salesforce.org.all('Monday_Link__c').map((link) => link.values)).toEqual([
      expect.objectContaining({
        Record_Id__c: recordId,
        Item_Id__c: item.id,
        Item_Url__c: `https://${relay.monday.accountSlug}.monday.com/boards/${relay.board.id}/pulses/${item.id}`,
        Item_Snapshot__c: expect.stringContaining('"text":"Acme"')
      })
    ]);
  });

  it('refuses an item that leaves a required field empty, naming it (F11)', async () => {
    createItem('Jones', { email: { email: 'jones@acme.example', text: 'Jones' } });
    await relay.settle();
    expect(leads()).toEqual([]);
    expect(relay.monday.state.updates[0]!.body).toContain('required fields are empty: Company (Company)');
  });

  it('updates only the fields that changed, and renames the record when the item is renamed', async () => {
    const item = createItem('Smith', { text: 'Acme' });
    await relay.settle();
    const [lead] = relay.salesforce.org.all('Lead');
    const before = lead!.values.SystemModstamp;
    relay.clock.advance(1000);
    relay.monday.operations.changeColumnValues({
      boardId: relay.board.id,
      itemId: item.id,
      columnValues: { name: 'Smythe', text: 'Acme' },
      actorId: actor()
    });
    await relay.settle();
    expect(leads()[0]).toMatchObject({ LastName: 'Smythe', Company: 'Acme' });
    expect(lead!.values.SystemModstamp).not.toBe(before);
  });

  it('deletes the record when the item is deleted, as the recipe says', async () => {
    const item = createItem('Smith', { text: 'Acme' });
    await relay.settle();
    expect(leads()).toHaveLength(1);
    relay.monday.operations.deleteItem(item.id, actor());
    await relay.settle();
    expect(leads()).toEqual([]);
  });
  it('takes an item archived, then deleted, as one deletion: the second finds the record deleted, and that is success', async () => {
    const item = createItem('Smith', { text: 'Acme' });
    await relay.settle();
    relay.monday.operations.archiveItem(item.id, actor());
    relay.monday.operations.deleteItem(item.id, actor());
    await relay.settle();
    expect(leads()).toEqual([]);
    // No dead letter, no failure in Salesforce's log, no note on the item saying it failed.
    expect(await relay.jobs.listDead()).toEqual([]);
    expect(relay.salesforce.org.all('Monday_Sync_Log__c')).toEqual([]);
    expect(relay.monday.state.updates).toEqual([]);
  });

  it('writes many items with sObject Collections, 200 records a call, and a refused record fails only its own change', async () => {
    const salesforceCalls = jest.spyOn(relay.relay.salesforce, 'request');
    const collections = (method: string, path = '/composite/sobjects') =>
      salesforceCalls.mock.calls.filter(([verb, called]) => verb === method && called === path);
    const items = Array.from({ length: 250 }, (_, index) => createItem(`Lead ${index}`, { text: 'Acme' }));
    await relay.settle();
    expect(leads()).toHaveLength(250);
    // Created by upserts on the item key, 200 a call: no plain create, no record alone.
    expect(
      collections('PATCH', `/composite/sobjects/Lead/${org('Monday_Item_Key__c')}`).map(
        ([, , body]) => (body as { records: unknown[] }).records.length
      )
    ).toEqual([200, 50]);
    expect(collections('POST')).toEqual([]);
    expect(salesforceCalls.mock.calls.filter(([verb, path]) => verb === 'POST' && path === '/sobjects/Lead')).toEqual(
      []
    );
    expect(leads()[0]!.Monday_Item_Key__c).toBe(`${relay.board.id}:${items[0]!.id}`);

    // Every item changes; one record is locked by a Salesforce user at that moment.
    const locked = String(leads().find((lead) => lead.LastName === 'Lead 7')!.Id);
    relay.salesforce.store.lockedIds.add(locked);
    for (const item of items) relay.editItem(item.id, { text: 'Globex' });
    await relay.settle();
    expect(collections('PATCH').map(([, , body]) => (body as { records: unknown[] }).records.length)).toEqual([
      200, 50
    ]);
    expect(leads().filter((lead) => lead.Company === 'Globex')).toHaveLength(249);
    expect(relay.salesforce.org.find('Lead', locked)!.values.Company).toBe('Acme');

    // The lock is released: the held change goes through on its retry, nothing is dead.
    relay.salesforce.store.lockedIds.delete(locked);
    relay.clock.advance(60 * 60_000);
    await relay.settle();
    expect(relay.salesforce.org.find('Lead', locked)!.values.Company).toBe('Globex');
    expect(await relay.jobs.listDead()).toEqual([]);
  });
  it("carries the waiting links with the next records' upsert, in one composite call", async () => {
    await relay.stop();
    relay = await new RelayHarness().start({}, { batchWaitMs: 250 });
    await relay.pullFromBoard(mapping);
    const calls = jest.spyOn(relay.relay.salesforce, 'request');
    const writes = () =>
      calls.mock.calls
        .filter(([method]) => method !== 'GET')
        .map(([method, path, body]) =>
          path === '/composite'
            ? `composite: ${(
                body as { compositeRequest: { url: string; body: { records: unknown[] } }[] }
              ).compositeRequest
                .map((sub) => `${sub.url.split('/').slice(-2).join('/')} ${sub.body.records.length}`)
                .join(', ')}`
            : `${method} ${path} ${(body as { records: unknown[] }).records.length}`
        );
    for (let index = 0; index < 250; index += 1) createItem(`Lead ${index}`, { text: 'Acme' });
    await relay.settle();
    relay.clock.advance(250);
    await relay.settle();
    relay.clock.advance(250);
    await relay.settle();
    expect(leads()).toHaveLength(250);
    expect(relay.records('Monday_Link__c')).toHaveLength(250);
    const [itemKey, link, linkKey] = ['Monday_Item_Key__c', 'Monday_Link__c', 'Link_Key__c'].map(org);
    expect(writes()).toEqual([
      `PATCH /composite/sobjects/Lead/${itemKey} 200`,
      `composite: Lead/${itemKey} 50, ${link}/${linkKey} 200`,
      `PATCH /composite/sobjects/${link}/${linkKey} 50`
    ]);
  });

  it('lets a partial batch of board changes wait a moment for more, so that a burst costs one Salesforce call', async () => {
    await relay.stop();
    relay = await new RelayHarness().start({}, { batchWaitMs: 250 });
    await relay.pullFromBoard(mapping);
    const collections = jest.spyOn(relay.relay.salesforce, 'writeCollections');
    createItem('Early', { text: 'Acme' });
    await relay.settle();
    expect(leads()).toEqual([]);
    relay.clock.advance(100);
    createItem('Later', { text: 'Acme' });
    await relay.settle();
    expect(leads()).toEqual([]);
    relay.clock.advance(150);
    await relay.settle();
    expect(leads().map((lead) => lead.LastName)).toEqual(['Early', 'Later']);
    expect(collections).toHaveBeenCalledTimes(1);
    // The links wait the same way, then go in one call.
    expect(relay.records('Monday_Link__c')).toEqual([]);
    relay.clock.advance(250);
    await relay.settle();
    expect(relay.records('Monday_Link__c')).toHaveLength(2);
  });
});
