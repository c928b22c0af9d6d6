// monday → Salesforce when the Salesforce session ends: an expired session is refreshed once and the write goes
// through; a revoked connection holds the board's changes (nothing failed, nothing lost, nothing reported as an
// error on the item) until an admin gives a new token, then they are written.
import { RelayHarness, toColumn } from '../../../test/relay-harness';
import { mondayEventsQueue } from '../../intake/monday-webhooks';

const mapping = [toColumn('LastName', 'name'), toColumn('Company', 'text')];

let relay: RelayHarness;
beforeEach(async () => {
  relay = await new RelayHarness().start();
  await relay.pullFromBoard(mapping);
});
afterEach(async () => {
  await relay.stop();
});

const leads = () => relay.records('Lead');
const createItem = (name: string, company: string) => relay.addItem(name, { text: company });

describe('monday → Salesforce, when the Salesforce session ends', () => {
  it('refreshes an expired session once and writes the record', async () => {
    const grants = jest.spyOn(relay.salesforce.oauth, 'grant');
    relay.salesforce.oauth.expireAccessTokens();
    createItem('Smith', 'Acme');
    await relay.settle();
    expect(grants).toHaveBeenCalledTimes(1);
    expect(leads()).toEqual([expect.objectContaining({ LastName: 'Smith', Company: 'Acme' })]);
    expect(relay.monday.state.updates).toEqual([]);
  });

  it('holds the changes of a revoked connection, then writes them once a new token is given', async () => {
    relay.salesforce.oauth.revoke(relay.refreshToken);
    const item = createItem('Smith', 'Acme');
    await relay.settle();
    expect(leads()).toEqual([]);
    // Waiting, not failed: no dead letter, no error update on the item, the event still queued.
    expect(await relay.jobs.listDead()).toEqual([]);
    expect(relay.monday.state.updates).toEqual([]);
    expect(await relay.jobs.counts(mondayEventsQueue)).toMatchObject({ pending: 1, dead: 0 });
    // The admins' monitoring hears of it: the relay is not ready until someone reconnects.
    const notReady = await fetch(`${relay.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ checks: { store: true, connections: false } });

    // Still revoked through a whole day: still held, however many times the relay looks (retries would be spent).
    for (let hour = 0; hour < 24; hour += 1) {
      relay.clock.advance(60 * 60_000);
      await relay.settle();
    }
    expect(leads()).toEqual([]);
    expect(await relay.jobs.listDead()).toEqual([]);
    expect(relay.monday.state.updates).toEqual([]);

    // Reconnected: the work resumes at once, without waiting for the next probe of the connection.
    relay.relay.reconnectSalesforce(relay.salesforce.oauth.issueRefreshToken(relay.salesforce.adminUserId));
    await relay.settle();
    expect(leads()).toEqual([expect.objectContaining({ LastName: 'Smith', Company: 'Acme' })]);
    expect(relay.monday.state.items.get(item.id)!.values.get('salesforce_record')).toMatchObject({
      text: String(leads()[0]!.Id)
    });
    expect(await relay.jobs.counts(mondayEventsQueue)).toMatchObject({ pending: 0, dead: 0 });
    expect(relay.monday.state.updates).toEqual([]);
    expect((await fetch(`${relay.url}/readyz`)).status).toBe(200);
  });
});
