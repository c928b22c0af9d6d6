// The reconciliation poll: the relay is unreachable for longer than monday retries its webhooks, so monday drops
// them; the next poll finds the items updated meanwhile, and each missed change reaches Salesforce once.
import { defaultPoster } from '../../../dev/standins/monday/webhooks';
import { RelayHarness, toColumn } from '../../../test/relay-harness';
import { mondayEventsQueue } from '../../intake/monday-webhooks';

const mapping = [toColumn('LastName', 'name'), toColumn('Company', 'text')];

let relay: RelayHarness;
let unreachable = false;
beforeEach(async () => {
  unreachable = false;
  relay = await new RelayHarness().start({
    webhookPoster: (url, body, headers) =>
      unreachable ? Promise.resolve({ status: 503, body: 'Service Unavailable' }) : defaultPoster(url, body, headers)
  });
  await relay.pullFromBoard(mapping);
});
afterEach(async () => {
  await relay.stop();
});

const leads = () => relay.records('Lead').map(({ LastName, Company }) => ({ LastName, Company }));
const createItem = (name: string, company: string) => relay.addItem(name, { text: company });

describe('the reconciliation poll', () => {
  it('does not take up again an item whose change arrived and failed (no second failure note, at a restart or later)', async () => {
    createItem('Nobody', '');
    await relay.settle();
    expect(await relay.jobs.listDead()).toHaveLength(1);
    const notes = relay.monday.state.updates.length;
    expect(notes).toBe(1);
    for (let poll = 0; poll < 3; poll += 1) {
      relay.clock.advance(10 * 60_000);
      await relay.settle();
    }
    expect(await relay.jobs.listDead()).toHaveLength(1);
    expect(relay.monday.state.updates).toHaveLength(notes);
  });

  it('catches the changes whose webhooks monday gave up on, once each', async () => {
    const smith = createItem('Smith', 'Acme');
    await relay.settle();
    expect(leads()).toEqual([{ LastName: 'Smith', Company: 'Acme' }]);

    // The relay is unreachable: monday's deliveries fail until it gives up on them.
    unreachable = true;
    relay.clock.advance(60_000);
    relay.editItem(smith.id, { text: 'Globex' });
    createItem('Jones', 'Initech');
    await relay.settle();
    expect(relay.monday.webhooks.deliveries.filter((delivery) => !delivery.delivered)).toHaveLength(2);
    expect(leads()).toEqual([{ LastName: 'Smith', Company: 'Acme' }]);

    // Reachable again: the next poll (every 10 minutes) finds both items.
    unreachable = false;
    relay.clock.advance(10 * 60_000);
    await relay.settle();
    expect(leads()).toEqual([
      { LastName: 'Smith', Company: 'Globex' },
      { LastName: 'Jones', Company: 'Initech' }
    ]);

    // The polls after it find nothing new and write nothing.
    const writes = jest.spyOn(relay.relay.salesforce, 'request');
    relay.clock.advance(10 * 60_000);
    await relay.settle();
    expect(writes.mock.calls.filter(([method]) => method !== 'GET')).toEqual([]);
    expect(await relay.jobs.listDead()).toEqual([]);
    expect(relay.monday.state.updates).toEqual([]);
  });

  it('walks every page of the items updated during the outage, and no further', async () => {
    const before = createItem('Before', 'Old Co');
    await relay.settle();
    relay.clock.advance(10 * 60_000);
    await relay.settle();
    unreachable = true;
    relay.clock.advance(60_000);
    for (let index = 0; index < 150; index += 1) createItem(`Missed ${index}`, 'Acme');
    await relay.settle();
    unreachable = false;
    relay.clock.advance(10 * 60_000);
    const reads = jest.spyOn(relay.relay.monday, 'request');
    await relay.settle();
    expect(leads()).toHaveLength(151);
    // Two pages of 100 reach the watermark; each missed item is read once; the item polled before the outage, in
    // the watermark's second, is read once at most (to see that it holds what the relay last read) and not queued.
    const pages = reads.mock.calls.filter(([document]) => /RecentlyUpdatedItems/.test(document));
    expect(pages).toHaveLength(2);
    const itemReads = reads.mock.calls.filter(([document]) => document.includes('query ReadItems'));
    const itemsRead = itemReads.flatMap(([, variables]) => variables.itemIds as string[]);
    const missedRead = itemsRead.filter((id) => id !== before.id);
    expect(missedRead).toHaveLength(150);
    expect(new Set(missedRead).size).toBe(150);
    expect(itemsRead.filter((id) => id === before.id).length).toBeLessThanOrEqual(1);
    expect(await relay.jobs.counts(mondayEventsQueue)).toMatchObject({ pending: 0 });
    // Read 100 a request at most (monday's limit for items(ids:)).
    expect(itemReads.every(([, variables]) => (variables.itemIds as string[]).length <= 100)).toBe(true);
  });
});
