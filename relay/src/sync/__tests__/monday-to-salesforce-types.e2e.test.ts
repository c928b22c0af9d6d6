// Every column type a monday → Salesforce recipe can map, end to end: a board user fills an item through monday's
// API (in its JSON shapes), the relay reads it back as the API renders it, and the Lead in the Salesforce stand-in
// holds each value in the form Salesforce keeps it.
import { field } from '../../../dev/standins/salesforce/describe/fields';
import { RelayHarness, toColumn } from '../../../test/relay-harness';

const mapping = [
  toColumn('LastName', 'name'),
  toColumn('Company', 'text'),
  toColumn('Description', 'long_text'),
  toColumn('NumberOfEmployees', 'numbers'),
  toColumn('Rating', 'status'),
  toColumn('Products__c', 'dropdown'),
  toColumn('Meeting__c', 'date'),
  toColumn('Email', 'email'),
  toColumn('Phone', 'phone'),
  toColumn('Website', 'link'),
  toColumn('City', 'location'),
  toColumn('HasOptedOutOfEmail', 'checkbox'),
  toColumn('Country', 'country'),
  toColumn('Start_Date__c', 'timeline'),
  toColumn('Probability__c', 'rating')
];

let relay: RelayHarness;
beforeEach(async () => {
  relay = await new RelayHarness().start();
  relay.salesforce.store.addFields('Lead', [
    field('Products__c', 'multipicklist', { picklistValues: ['Widgets', 'Gadgets', 'Gizmos'] }),
    field('Meeting__c', 'datetime'),
    field('Start_Date__c', 'date'),
    field('Probability__c', 'percent', { precision: 5, scale: 2 })
  ]);
  const column = (id: string) => relay.board.columns.find((candidate) => candidate.id === id)!;
  column('status').settings.labels = { '0': 'Hot', '1': 'Cold' };
  column('dropdown').settings.labels = [
    { id: 1, name: 'Widgets' },
    { id: 2, name: 'Gadgets' }
  ];
  await relay.pullFromBoard(mapping);
});
afterEach(async () => {
  await relay.stop();
});

describe('monday → Salesforce, every column type', () => {
  it('writes each column into its field as Salesforce keeps it', async () => {
    relay.monday.operations.createItem({
      boardId: relay.board.id,
      name: 'Lovelace',
      columnValues: {
        text: 'Analytical Engines',
        long_text: { text: 'Met at the expo.\nWants a demo.' },
        numbers: '42',
        status: { label: 'Hot' },
        dropdown: { labels: ['Widgets', 'Gadgets'] },
        date: { date: '2026-12-01', time: '09:30:00' },
        email: { email: 'ada@engines.example', text: 'Ada' },
        phone: { phone: '+33612345678', countryShortName: 'FR' },
        link: { url: 'https://engines.example', text: 'Site' },
        location: { lat: '48.8566', lng: '2.3522', address: 'Paris' },
        checkbox: { checked: 'true' },
        country: { countryCode: 'FR', countryName: 'France' },
        timeline: { from: '2026-12-01', to: '2026-12-15' },
        rating: { rating: 4 }
      },
      actorId: relay.boardUser.id
    });
    await relay.settle();
    expect(relay.monday.state.updates).toEqual([]);
    const [lead] = relay.salesforce.org.all('Lead');
    expect(lead?.values).toMatchObject({
      LastName: 'Lovelace',
      Company: 'Analytical Engines',
      Description: 'Met at the expo.\nWants a demo.',
      NumberOfEmployees: 42,
      Rating: 'Hot',
      Products__c: 'Widgets;Gadgets',
      Email: 'ada@engines.example',
      Phone: '+33612345678',
      Website: 'https://engines.example',
      City: 'Paris',
      HasOptedOutOfEmail: true,
      Country: 'France',
      Start_Date__c: '2026-12-01',
      Probability__c: 4
    });
    // A datetime is kept in UTC, whatever offset it was written with.
    expect(Date.parse(String(lead?.values.Meeting__c))).toBe(Date.parse('2026-12-01T09:30:00Z'));

    // Columns cleared on the board clear their fields (a checkbox field cannot be null: it becomes false).
    relay.clock.advance(1000);
    relay.monday.operations.changeColumnValues({
      boardId: relay.board.id,
      itemId: relay.items()[0]!.id,
      columnValues: { long_text: {}, dropdown: {}, date: {}, checkbox: {}, rating: {} },
      actorId: relay.boardUser.id
    });
    await relay.settle();
    expect(relay.monday.state.updates).toEqual([]);
    expect(relay.salesforce.org.all('Lead')[0]?.values).toMatchObject({
      Company: 'Analytical Engines',
      Description: null,
      Products__c: null,
      Meeting__c: null,
      HasOptedOutOfEmail: false,
      Probability__c: null
    });
  });
});
