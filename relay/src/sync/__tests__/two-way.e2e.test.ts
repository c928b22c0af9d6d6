// F4 and F5 on one board: the two-way sync. An edit on either side reaches the other once, then everything is quiet.
import { RelayHarness, leadChange } from '../../../test/relay-harness';
import { formatDateTime } from '../../../dev/standins/salesforce/values';

const mapping = [
  { field: 'LastName', column: 'name', columnType: 'name' },
  { field: 'Company', column: 'text', columnType: 'text' }
];

let relay: RelayHarness;
afterEach(async () => {
  await relay.stop();
});

/** Both recipes on one board, and a Lead created in Salesforce that the package has sent (so it has its item). */
async function startWithLead() {
  relay = await new RelayHarness().start();
  relay.createRecipe({ mapping, options: { syncFutureChanges: true } }, { name: 'Leads to board' });
  relay.createRecipe(
    { mapping, options: { syncFutureChanges: true } },
    { direction: 'monday_to_Salesforce', name: 'Board to Leads' }
  );
  // The relay registers its webhooks on the board at its first round.
  await relay.worker.drain();
  const lead = relay.salesforce.org.create('Lead', { LastName: 'Smith', Company: 'Acme' });
  await relay.sendChanges('Lead', [leadChange(lead.id, 'insert', { LastName: 'Smith', Company: 'Acme' })]);
  await relay.settle();
  await relay.settle();
  return lead;
}

/** A board user changes the item's company. */
async function editOnBoard(itemId: string, company: string) {
  relay.clock.advance(1000);
  relay.monday.operations.changeColumnValues({
    boardId: relay.board.id,
    itemId,
    columnValues: { text: company },
    actorId: relay.boardUser.id
  });
  await relay.settle();
}

/** The package sends a change of the Lead's company (a user's edit, or the echo of the relay's own write). */
async function reportFromSalesforce(recordId: string, company: string) {
  const stamp = formatDateTime(String(relay.salesforce.org.find('Lead', recordId)!.values.SystemModstamp));
  await relay.sendChanges('Lead', [
    { ...leadChange(recordId, 'update', { LastName: 'Smith', Company: company }, ['Company']), systemModstamp: stamp }
  ]);
  await relay.settle();
  await relay.settle();
}

describe('two-way sync on one board', () => {
  it('creates one item for a new record and no second record from that item; a board edit updates the record once', async () => {
    const lead = await startWithLead();
    expect(relay.items()).toHaveLength(1);
    expect(relay.salesforce.org.all('Lead').filter((record) => !record.deleted)).toHaveLength(1);
    const untouched = lead.values.SystemModstamp;

    // Someone edits the item on the board: the record is updated, once.
    const item = relay.items()[0]!;
    await editOnBoard(item.id, 'Globex');
    expect(lead.values.Company).toBe('Globex');
    expect(lead.values.SystemModstamp).not.toBe(untouched);

    // The package reports that update back: the board already holds it, so monday hears no new change.
    const deliveries = relay.monday.webhooks.deliveries.length;
    await reportFromSalesforce(lead.id, 'Globex');
    expect(relay.monday.webhooks.deliveries.length).toBe(deliveries);
    expect(relay.items()).toHaveLength(1);
    expect(relay.salesforce.org.all('Lead').filter((record) => !record.deleted)).toHaveLength(1);
    expect(await relay.jobs.listDead()).toEqual([]);
  });

  it('an edit on either side makes exactly one write on the other, then silence (last synced state)', async () => {
    const lead = await startWithLead();
    const item = relay.items()[0]!;

    const salesforceCalls = jest.spyOn(relay.relay.salesforce, 'request');
    const mondayCalls = jest.spyOn(relay.relay.monday, 'request');
    const recordWrites = () =>
      salesforceCalls.mock.calls.filter(
        ([method, path]) => (method !== 'GET' && path.startsWith('/sobjects/Lead')) || path === '/composite/sobjects'
      );
    const recordReads = () =>
      salesforceCalls.mock.calls.filter(([method, path]) => method === 'GET' && path.startsWith('/sobjects/Lead'));
    const boardWrites = () =>
      mondayCalls.mock.calls.filter(([document]) => document.trimStart().startsWith('mutation'));

    // Salesforce → monday: the record changes; the board is written once; the board's webhook echo writes nothing.
    relay.clock.advance(1000);
    relay.salesforce.org.update('Lead', lead.id, { Company: 'Initech' });
    await reportFromSalesforce(lead.id, 'Initech');
    expect(relay.monday.state.items.get(item.id)!.values.get('text')).toBe('Initech');
    expect(boardWrites()).toHaveLength(1);
    expect(recordWrites()).toEqual([]);
    // The item's values are known from the last sync: the echo costs no Salesforce read either.
    expect(recordReads()).toEqual([]);

    // monday → Salesforce: the item changes; the record is written once; the package's echo writes nothing.
    await editOnBoard(item.id, 'Hooli');
    expect(lead.values.Company).toBe('Hooli');
    expect(recordWrites()).toEqual([
      [
        'PATCH',
        '/composite/sobjects',
        { allOrNone: false, records: [{ attributes: { type: 'Lead' }, id: lead.id, Company: 'Hooli' }] }
      ]
    ]);
    await reportFromSalesforce(lead.id, 'Hooli');
    expect(boardWrites()).toHaveLength(1);
    expect(recordWrites()).toHaveLength(1);
    expect(recordReads()).toEqual([]);

    // A value set back on Salesforce to what it was before is a change, and reaches the board.
    relay.clock.advance(1000);
    relay.salesforce.org.update('Lead', lead.id, { Company: 'Initech' });
    await reportFromSalesforce(lead.id, 'Initech');
    expect(relay.monday.state.items.get(item.id)!.values.get('text')).toBe('Initech');
    expect(boardWrites()).toHaveLength(2);
    expect(recordWrites()).toHaveLength(1);
    expect(await relay.jobs.listDead()).toEqual([]);
  });
  it('pushes one link record for the two recipes of the pair, and counts both as pushed', async () => {
    relay = await new RelayHarness().start();
    const link = {
      recordId: '00Q5g0000000042AAA',
      objectApiName: 'Lead',
      boardId: relay.board.id,
      itemId: '1000000042',
      itemName: 'Smith',
      itemUrl: null,
      lastStatus: 'Synced' as const,
      lastError: null
    };
    // The two recipes of a two-way board each hold a link of the same record and item.
    const pushing = relay.createRecipe({ mapping, options: { syncFutureChanges: true } }, { name: 'Leads to board' });
    const pulling = relay.createRecipe(
      { mapping, options: { syncFutureChanges: true } },
      { direction: 'monday_to_Salesforce', name: 'Board to Leads' }
    );
    await relay.links.save({ ...link, recipeId: pushing });
    relay.clock.advance(10);
    await relay.links.save({ ...link, recipeId: pulling, itemName: 'Smith (renamed)' });
    const writes = jest.spyOn(relay.relay.salesforce, 'writeCollections');
    await relay.worker.pushLinks(true);
    const records = writes.mock.calls.flatMap(([sent]) => sent.flatMap((write) => write.records));
    expect(records).toEqual([
      expect.objectContaining({
        [relay.salesforce.org.name('Link_Key__c')]: `${link.recordId}:${link.itemId}`,
        [relay.salesforce.org.name('Item_Name__c')]: 'Smith (renamed)'
      })
    ]);
    expect(await relay.links.unpushed(200)).toEqual([]);
  });
});
