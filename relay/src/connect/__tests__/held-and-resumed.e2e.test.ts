// F13 end to end (issue 16): an admin revokes the relay's access in Salesforce while the org keeps sending changes.
// 1,000 changes are held, never failed or dropped; the connection says it is refused (/readyz, the answers the
// package reads for its bell) and the monday user who connected it gets a notification; after the admin reconnects
// from the browser, the held work resumes at once (well before the refused connection's next probe), and every
// record reaches monday exactly once, with its last value.
import { randomBytes } from 'node:crypto';
import axios from 'axios';
import { systemClock } from '../../core/clock';
import { recordChangesQueue } from '../../intake/change-intake';
import { signRequest } from '../../intake/signature';
import { Relay } from '../../relay';
import { refusedConnectionProbeMs } from '../../sync/failure-policy';
import { MondayStandIn } from '../../../dev/standins/monday/server';
import { SalesforceStandIn } from '../../../dev/standins/salesforce/server';
import { startConnectRelay } from '../../../test/connect-relay';
import { AdminBrowser } from '../../../test/admin-browser';
import { changeBatchBody } from '../../../test/change-batches';
import { saveLeadRecipe } from '../../../test/lead-recipes';
import { waitFor } from '../../../test/relay-process';

jest.setTimeout(120_000);

const mondayToken = `eyJhbGciOiJIUzI1NiJ9.${randomBytes(24).toString('base64url')}`;
const records = 800;
const updates = 200;
let monday: MondayStandIn;
let salesforce: SalesforceStandIn;
let relay: Relay;
let base: string;
let browser: AdminBrowser;
let connectionId: string;
let boardId: string;
let mondayUserId: string;
const leadIds: string[] = [];

beforeAll(async () => {
  // 800 items in a few seconds spend more than a minute's complexity budget: this test is about holding and resuming,
  // not monday's budget (relay/src/monday/__tests__/client.test.ts), so the budget is larger than a real account's.
  monday = await new MondayStandIn({ clock: systemClock, limits: { complexityPerMinute: 1_000_000_000 } }).start();
  mondayUserId = monday.addUser('Ada Lovelace', 'ada@example.com', mondayToken).id;
  // Salesforce's recommended setting: each refresh answers a new refresh token and spends the one used.
  salesforce = await new SalesforceStandIn({ clock: systemClock, oauth: { rotateRefreshTokens: true } }).start();
  boardId = monday.operations.createBoard('Leads', 'public').id;
  saveLeadRecipe(salesforce.org, boardId, 'Salesforce_to_monday', [
    { field: 'LastName', column: 'name', columnType: 'name' }
  ]);
  for (let index = 0; index < records; index += 1)
    leadIds.push(salesforce.org.create('Lead', { LastName: nameOf(index), Company: 'Acme' }).id);
  ({ relay, base } = await startConnectRelay({ monday, salesforce: [salesforce], pollIntervalMs: 20, batchWaitMs: 0 }));
  browser = new AdminBrowser(base);
  connectionId = await browser.connect(salesforce, mondayToken);
});

afterAll(async () => {
  await relay.stop();
  await monday.close();
  await salesforce.close();
});

function nameOf(index: number): string {
  return `Lead ${String(index).padStart(4, '0')}`;
}

let sent = 0;
/** A batch of the package's, signed with the secret the connect flow gave it; answers the relay's answer. */
async function send(changes: { recordId: string; operation: string; values: Record<string, unknown> }[]) {
  const batchId = `batch-${++sent}`;
  const stamp = new Date().toISOString().replace('Z', '+0000');
  const body = changeBatchBody(
    batchId,
    'Lead',
    changes.map((change) => ({ ...change, systemModstamp: stamp, changedFields: Object.keys(change.values) })),
    'record_changes',
    salesforce.orgId
  );
  const secret = salesforce.packageConnection.signingSecret ?? '';
  const answer = await axios.post(`${base}/v1/connections/${connectionId}/salesforce/changes`, body, {
    headers: {
      'content-type': 'application/json',
      ...signRequest(secret, batchId, Math.floor(Date.now() / 1000), body)
    },
    validateStatus: () => true
  });
  return answer as { status: number; data: { accepted: number; connection: { status: string } } };
}

const inserts = (from: number, to: number) =>
  leadIds.slice(from, to).map((recordId, offset) => ({
    recordId,
    operation: 'insert',
    values: { LastName: nameOf(from + offset) }
  }));

const items = () => [...monday.state.itemsOfBoard(boardId)];

describe('a revoked connection, held and resumed (F13)', () => {
  it('holds every change while Salesforce refuses the relay, and says so', async () => {
    // The admin revokes the app's access (Setup → Connected Apps OAuth Usage): the relay's tokens stop working.
    salesforce.oauth.revokeAll();
    expect((await send(inserts(0, 200))).status).toBe(202);
    await waitFor(
      'the connection is refused',
      () => relay.connectionById(connectionId)?.status() === 'salesforce_refused'
    );

    // The rest of the 1,000 changes arrive while it is refused: each answer tells the package (its bell rings).
    for (const from of [200, 400, 600]) {
      const answer = await send(inserts(from, from + 200));
      expect(answer.status).toBe(202);
      expect(answer.data.connection.status).toBe('salesforce_refused');
    }
    const renamed = leadIds.slice(0, updates).map((recordId, index) => ({
      recordId,
      operation: 'update',
      values: { LastName: `${nameOf(index)} (renamed)` }
    }));
    expect((await send(renamed)).data).toMatchObject({
      accepted: updates,
      connection: { status: 'salesforce_refused' }
    });

    const readiness = await axios.get(`${base}/readyz`, { validateStatus: () => true });
    expect(readiness.status).toBe(503);
    expect(readiness.data.connections[connectionId]).toMatchObject({ authorized: false });

    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(items()).toHaveLength(0);
    const counts = await relay.store.forConnection(connectionId).jobs.counts(recordChangesQueue);
    expect(counts.pending + counts.running).toBe(records + updates);
    expect(counts.dead).toBe(0);
  });

  it('tells the monday user who connected the account, once', async () => {
    const notices = () => monday.state.notifications.filter((notice) => notice.userId === mondayUserId);
    await waitFor('the monday notification', () => notices().length > 0);
    expect(notices()).toHaveLength(1);
    expect(notices()[0]).toMatchObject({ targetId: boardId, targetType: 'Project' });
    expect(notices()[0]?.text).toContain('Reconnect');
  });

  it('resumes at once after the admin reconnects, with every record on monday exactly once', async () => {
    const callback = await browser.authorizeSalesforce(salesforce, connectionId);
    expect(callback.status).toBeLessThan(400);
    const reconnectedAt = Date.now();
    await waitFor('every record on monday', () => items().length >= records, refusedConnectionProbeMs / 2);
    // Well before the refused connection's next probe: the reconnect resumed the work, not a timer.
    expect(Date.now() - reconnectedAt).toBeLessThan(refusedConnectionProbeMs / 2);
    await waitFor(
      'the renames applied',
      () => items().filter((item) => item.name.endsWith('(renamed)')).length === updates,
      refusedConnectionProbeMs
    );

    const names = items().map((item) => item.name);
    expect(names).toHaveLength(records);
    expect(new Set(names).size).toBe(records);
    const expected = Array.from({ length: records }, (_, index) =>
      index < updates ? `${nameOf(index)} (renamed)` : nameOf(index)
    );
    expect(names.sort()).toEqual(expected.sort());
    expect(relay.connectionById(connectionId)?.status()).toBe('active');
    // The last round's items are on monday a moment before its jobs are settled.
    let counts = await relay.store.forConnection(connectionId).jobs.counts(recordChangesQueue);
    for (let tries = 0; tries < 100 && counts.pending + counts.running > 0; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      counts = await relay.store.forConnection(connectionId).jobs.counts(recordChangesQueue);
    }
    expect(counts).toEqual({ pending: 0, running: 0, dead: 0 });
    expect((await axios.get(`${base}/readyz`, { validateStatus: () => true })).status).toBe(200);
  });
});
