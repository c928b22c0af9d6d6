// Conflicts on a two-way board: the same field changed in Salesforce and on the board before the relay synced
// either. Whichever change the relay reaches first finds the conflict and settles it by the pulling recipe's rule;
// both sides end with the winner's value, the conflict is in the sync log with both values, and the other change,
// when it arrives, writes nothing.
import { RelayHarness } from '../../../test/relay-harness';

const mapping = [
  { field: 'LastName', column: 'name', columnType: 'name' },
  { field: 'Company', column: 'text', columnType: 'text' }
];

let relay: RelayHarness;
afterEach(async () => {
  await relay.stop();
});

/** Both recipes on one board (the pulling one with `conflictRule`), and a Lead that already has its item. */
async function twoWayBoard(conflictRule?: string) {
  relay = await new RelayHarness().start();
  relay.createRecipe({ mapping, options: { syncFutureChanges: true } }, { name: 'Leads to board' });
  relay.createRecipe(
    { mapping, options: { syncFutureChanges: true, ...(conflictRule ? { conflictRule } : {}) } },
    { direction: 'monday_to_Salesforce', name: 'Board to Leads' }
  );
  await relay.worker.drain();
  const lead = relay.salesforce.org.create('Lead', { LastName: 'Smith', Company: 'Acme' });
  await relay.sendChanges('Lead', [change(lead.id, 'insert', 'Acme', String(lead.values.SystemModstamp), [])]);
  await relay.settle();
  await relay.settle();
  const item = relay.items()[0]!;
  expect(item.values.get('text')).toBe('Acme');
  return { lead, item };
}

/** A Lead change in the wire format; the stand-in keeps datetimes in ISO, the package writes them the API's way. */
function change(recordId: string, operation: string, company: string, systemModstamp: string, changed = ['Company']) {
  return {
    recordId,
    operation,
    systemModstamp: systemModstamp.replace(/Z$/, '+0000'),
    changedFields: changed,
    values: { LastName: 'Smith', Company: company }
  };
}

/** A Salesforce user edits the Lead; its change reaches the relay only when `deliver` is called. */
function editInSalesforce(leadId: string, company: string) {
  relay.clock.advance(1000);
  const record = relay.salesforce.org.update('Lead', leadId, { Company: company });
  const stamp = String(record.values.SystemModstamp);
  return { deliver: () => relay.sendChanges('Lead', [change(leadId, 'update', company, stamp)]) };
}

/** A board user edits the item; monday's webhook reaches the relay, which does not run yet. */
async function editOnBoard(itemId: string, company: string) {
  relay.clock.advance(1000);
  relay.editItem(itemId, { text: company });
  await relay.monday.webhooks.whenIdle();
}

function conflictsLogged() {
  return relay.records('Monday_Sync_Log__c').filter((row) => row.Error_Code__c === 'CONFLICT');
}

function boardWrites(calls: [string, ...unknown[]][]) {
  return calls.filter(([document]) => document.trimStart().startsWith('mutation'));
}

describe('conflicts on a two-way board', () => {
  it('last writer wins (the default): the board edited after Salesforce wins, on both sides, with one log entry', async () => {
    const { lead, item } = await twoWayBoard();
    const salesforceEdit = editInSalesforce(lead.id, 'Salesforce Co');
    await salesforceEdit.deliver();
    await editOnBoard(item.id, 'Board Co');
    await relay.worker.drain();

    expect(lead.values.Company).toBe('Board Co');
    expect(relay.monday.state.items.get(item.id)!.values.get('text')).toBe('Board Co');
    const logged = conflictsLogged();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ Record_Id__c: lead.id, Item_Id__c: item.id, Resolved__c: true });
    expect(logged[0]!.Reason__c).toContain('Salesforce: "Salesforce Co"');
    expect(logged[0]!.Reason__c).toContain('monday: "Board Co"');
    expect(logged[0]!.Reason__c).toContain("monday's value was kept");

    // The package reports the relay's own write: nothing more is written anywhere.
    const mondayCalls = jest.spyOn(relay.relay.monday, 'request');
    await relay.sendChanges('Lead', [change(lead.id, 'update', 'Board Co', String(lead.values.SystemModstamp))]);
    await relay.settle();
    expect(boardWrites(mondayCalls.mock.calls)).toEqual([]);
    expect(conflictsLogged()).toHaveLength(1);
    expect(await relay.jobs.listDead()).toEqual([]);
  });

  it('last writer wins: Salesforce edited after the board wins, and the board is set back', async () => {
    const { lead, item } = await twoWayBoard();
    await editOnBoard(item.id, 'Board Co');
    const salesforceEdit = editInSalesforce(lead.id, 'Salesforce Co');
    await salesforceEdit.deliver();
    await relay.settle();

    expect(lead.values.Company).toBe('Salesforce Co');
    expect(relay.monday.state.items.get(item.id)!.values.get('text')).toBe('Salesforce Co');
    expect(conflictsLogged()).toHaveLength(1);
    expect(conflictsLogged()[0]!.Reason__c).toContain("Salesforce's value was kept");
    expect(await relay.jobs.listDead()).toEqual([]);
  });

  it('"monday wins", found by the board change first: the record takes it, and the late Salesforce change is superseded', async () => {
    const { lead, item } = await twoWayBoard('monday_wins');
    // Salesforce was edited later, but the package's delivery is late: the relay reaches the board change first.
    await editOnBoard(item.id, 'Board Co');
    const salesforceEdit = editInSalesforce(lead.id, 'Salesforce Co');
    await relay.worker.drain();
    expect(lead.values.Company).toBe('Board Co');
    expect(conflictsLogged()).toHaveLength(1);

    const mondayCalls = jest.spyOn(relay.relay.monday, 'request');
    await salesforceEdit.deliver();
    await relay.settle();
    expect(relay.monday.state.items.get(item.id)!.values.get('text')).toBe('Board Co');
    expect(boardWrites(mondayCalls.mock.calls)).toEqual([]);
    expect(conflictsLogged()).toHaveLength(1);
  });

  it('"Salesforce wins", found by the board change first: the board is set back and the record is not written', async () => {
    const { lead, item } = await twoWayBoard('salesforce_wins');
    const salesforceEdit = editInSalesforce(lead.id, 'Salesforce Co');
    await editOnBoard(item.id, 'Board Co');
    const salesforceCalls = jest.spyOn(relay.relay.salesforce, 'request');
    await relay.worker.drain();

    expect(lead.values.Company).toBe('Salesforce Co');
    expect(relay.monday.state.items.get(item.id)!.values.get('text')).toBe('Salesforce Co');
    expect(salesforceCalls.mock.calls.filter(([, path]) => path === '/composite/sobjects')).toEqual([]);
    expect(conflictsLogged()).toHaveLength(1);

    // Salesforce's own change arrives: the board already holds it.
    const mondayCalls = jest.spyOn(relay.relay.monday, 'request');
    await salesforceEdit.deliver();
    await relay.settle();
    expect(boardWrites(mondayCalls.mock.calls)).toEqual([]);
    expect(conflictsLogged()).toHaveLength(1);
  });

  it('"Salesforce wins" holds even when the board was edited last', async () => {
    const { lead, item } = await twoWayBoard('salesforce_wins');
    await editInSalesforce(lead.id, 'Salesforce Co').deliver();
    await editOnBoard(item.id, 'Board Co');
    await relay.worker.drain();
    expect(lead.values.Company).toBe('Salesforce Co');
    expect(relay.monday.state.items.get(item.id)!.values.get('text')).toBe('Salesforce Co');
    expect(conflictsLogged()).toHaveLength(1);
  });

  it('the same value typed on both sides, or a change on one side only, is no conflict', async () => {
    const { lead, item } = await twoWayBoard();
    await editInSalesforce(lead.id, 'Same Co').deliver();
    await editOnBoard(item.id, 'Same Co');
    await relay.worker.drain();
    expect(lead.values.Company).toBe('Same Co');
    expect(relay.monday.state.items.get(item.id)!.values.get('text')).toBe('Same Co');

    await editOnBoard(item.id, 'Board only');
    await relay.worker.drain();
    expect(lead.values.Company).toBe('Board only');
    await editInSalesforce(lead.id, 'Salesforce only').deliver();
    await relay.settle();
    expect(relay.monday.state.items.get(item.id)!.values.get('text')).toBe('Salesforce only');
    expect(conflictsLogged()).toEqual([]);
  });
  it('reads the items a round of Salesforce changes may overwrite together, not one request each', async () => {
    const { lead } = await twoWayBoard();
    const others = ['Jones', 'Brown'].map((lastName) =>
      relay.salesforce.org.create('Lead', { LastName: lastName, Company: 'Acme' })
    );
    await relay.sendChanges(
      'Lead',
      others.map((other) => ({
        ...change(other.id, 'insert', 'Acme', String(other.values.SystemModstamp), []),
        values: { LastName: String(other.values.LastName), Company: 'Acme' }
      }))
    );
    await relay.settle();
    await relay.settle();
    expect(relay.items()).toHaveLength(3);
    const mondayCalls = jest.spyOn(relay.relay.monday, 'request');
    relay.clock.advance(1000);
    await relay.sendChanges(
      'Lead',
      [lead, ...others].map((record) => ({
        ...change(record.id, 'update', 'Globex', String(record.values.SystemModstamp)),
        values: { LastName: String(record.values.LastName), Company: 'Globex' }
      }))
    );
    await relay.worker.drain();
    expect(relay.items().map((item) => item.values.get('text'))).toEqual(['Globex', 'Globex', 'Globex']);
    // Before the board is written: one read of the three items (the reads after it are of monday's echoes).
    const firstWrite = mondayCalls.mock.calls.findIndex(([document]) => document.trimStart().startsWith('mutation'));
    const reads = mondayCalls.mock.calls
      .slice(0, firstWrite)
      .filter(([document]) => document.includes('query ReadItems'));
    expect(reads).toHaveLength(1);
    expect((reads[0]![1] as { itemIds: string[] }).itemIds).toHaveLength(3);
    expect(conflictsLogged()).toEqual([]);
  });
});
