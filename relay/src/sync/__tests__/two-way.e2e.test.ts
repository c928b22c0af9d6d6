// F4 and F5 on one board: the two-way sync. An edit on either side reaches the other once, then everything is quiet.
import { RelayHarness, leadChange } from '../../../test/relay-harness';

const mapping = [
  { field: 'LastName', column: 'name', columnType: 'name' },
  { field: 'Company', column: 'text', columnType: 'text' }
];

let relay: RelayHarness;
afterEach(async () => {
  await relay.stop();
});

describe('two-way sync on one board', () => {
  it('creates one item for a new record and no second record from that item; a board edit updates the record once', async () => {
    relay = await new RelayHarness().start();
    relay.createRecipe({ mapping, options: { syncFutureChanges: true } }, { name: 'Leads to board' });
    relay.createRecipe(
      { mapping, options: { syncFutureChanges: true } },
      { direction: 'monday_to_Salesforce', name: 'Board to Leads' }
    );
    // The relay registers its webhooks on the board at its first round.
    await relay.worker.drain();

    // A Lead is created in Salesforce; the package sends the change.
    const lead = relay.salesforce.store.create('Lead', { LastName: 'Smith', Company: 'Acme' });
    await relay.sendChanges('Lead', [leadChange(lead.id, 'insert', { LastName: 'Smith', Company: 'Acme' })]);
    await relay.settle();
    await relay.settle();
    expect(relay.items()).toHaveLength(1);
    expect(relay.salesforce.store.all('Lead').filter((record) => !record.deleted)).toHaveLength(1);
    const untouched = lead.values.SystemModstamp;

    // Someone edits the item on the board: the record is updated, once.
    const item = relay.items()[0]!;
    relay.clock.advance(1000);
    relay.monday.operations.changeColumnValues({
      boardId: relay.board.id,
      itemId: item.id,
      columnValues: { text: 'Globex' },
      actorId: relay.boardUser.id
    });
    await relay.settle();
    expect(lead.values.Company).toBe('Globex');
    expect(lead.values.SystemModstamp).not.toBe(untouched);

    // The package reports that update back: the board already holds it, so monday hears no new change.
    const deliveries = relay.monday.webhooks.deliveries.length;
    await relay.sendChanges('Lead', [
      leadChange(lead.id, 'update', { LastName: 'Smith', Company: 'Globex' }, ['Company'])
    ]);
    await relay.settle();
    await relay.settle();
    expect(relay.monday.webhooks.deliveries.length).toBe(deliveries);
    expect(relay.items()).toHaveLength(1);
    expect(relay.salesforce.store.all('Lead').filter((record) => !record.deleted)).toHaveLength(1);
    expect(relay.jobs.listDead()).toEqual([]);
  });
});
