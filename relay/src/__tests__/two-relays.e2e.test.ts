// Two relay processes on one PostgreSQL store, behind the same stand-ins, as production runs them (main.ts,
// configured from the environment, DATABASE_URL): every change is applied once and in its record's order, and when
// one relay is killed with SIGKILL in the middle of its work, the other finishes what it had claimed once its lease
// runs out, with nothing lost and nothing applied twice.
import { randomBytes } from 'node:crypto';
import { changeBatchBody, postSignedBatch } from '../../test/change-batches';
import { saveLeadRecipe } from '../../test/lead-recipes';
import { relayToken } from '../../test/monday-standin';
import { type PostgresServer, startPostgres } from '../../test/postgres-server';
import { type RelayProcess, relaysSharingStore, waitFor } from '../../test/relay-process';
import { systemClock } from '../core/clock';
import { MondayStandIn } from '../../dev/standins/monday/server';
import type { MondayBoard } from '../../dev/standins/monday/state';
import { SalesforceStandIn } from '../../dev/standins/salesforce/server';

jest.setTimeout(180_000);

const secret = `whsec_${Buffer.from('two-relays-signing-secret-32byte').toString('base64')}`;
const records = 40;
const changesPerRecord = 5;
const leaseSeconds = 5;

let postgres: PostgresServer;
let monday: MondayStandIn;
let salesforce: SalesforceStandIn;
let board: MondayBoard;
let relays: RelayProcess[];
let cleanUp: () => void;
/** The Company values monday was asked to write, per item, in the order the requests arrived. */
let written: Map<string, string[]>;
/** When monday received each write. */
let writeTimes: number[];

beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(() => {
  postgres.stop();
});

beforeEach(async () => {
  const databaseUrl = await postgres.createDatabase(`relays_${randomBytes(4).toString('hex')}`);
  monday = await new MondayStandIn({ clock: systemClock }).start();
  monday.addUser('Sync relay', 'relay@example.com', relayToken);
  board = monday.operations.createBoard('Leads', 'public');
  monday.operations.createColumn(board.id, { title: 'Company', type: 'text', id: 'company' });
  salesforce = await new SalesforceStandIn({ clock: systemClock }).start();
  saveLeadRecipe(salesforce.org, board.id, 'Salesforce_to_monday', [
    { field: 'LastName', column: 'name', columnType: 'name' },
    { field: 'Company', column: 'company', columnType: 'text' }
  ]);
  written = new Map();
  writeTimes = [];
  // Watches the writes as monday receives them (a delay that never applies: `matching` sees every request).
  monday.faults.delayAnswers(0, {
    count: Number.MAX_SAFE_INTEGER,
    matching: ({ body }) => {
      if (JSON.stringify(body).includes('mutation')) writeTimes.push(Date.now());
      const variables = (body as { variables?: Record<string, unknown> } | undefined)?.variables ?? {};
      for (const [name, value] of Object.entries(variables)) {
        const index = /^values(\d+)$/.exec(name)?.[1];
        if (index === undefined || typeof value !== 'string') continue;
        const company = (JSON.parse(value) as { company?: string }).company;
        const itemId = variables[`item${index}`];
        const item = typeof itemId === 'string' ? itemId : `new:${JSON.stringify(variables[`name${index}`])}`;
        if (company) written.set(item, [...(written.get(item) ?? []), company]);
      }
      return false;
    }
  });
  ({ relays, cleanUp } = await relaysSharingStore(
    { monday, mondayToken: relayToken, salesforce },
    {
      names: ['relay-a', 'relay-b'],
      databaseUrl,
      webhookSecret: secret,
      env: { RELAY_LEASE_SECONDS: String(leaseSeconds) }
    }
  ));
});

afterEach(async () => {
  await Promise.all(relays.map((relay) => relay.kill()));
  await monday.close();
  await salesforce.close();
  cleanUp();
});

const leadIds = Array.from({ length: records }, (_, index) => `00Q5g00000${String(index).padStart(5, '0')}EAA`);
const company = (round: number) => `Company v${round}`;

/** Round `round`'s change of every record, as one batch, posted to one relay or the other. */
async function sendRound(round: number): Promise<void> {
  const changes = leadIds.map((recordId, index) => ({
    recordId,
    operation: round === 0 ? 'insert' : 'update',
    systemModstamp: new Date(Date.UTC(2026, 11, 3, 10, 0, round)).toISOString().replace('Z', '+0000'),
    changedFields: round === 0 ? [] : ['Company'],
    values: { LastName: `Lead ${index}`, Company: company(round) }
  }));
  const batchId = `batch-${round}`;
  const relay = relays[0]!;
  const status = await postSignedBatch(
    relay.url,
    secret,
    batchId,
    changeBatchBody(batchId, 'Lead', changes),
    Math.floor(Date.now() / 1000)
  );
  expect(status).toBe(202);
}

const items = () => monday.state.itemsOfBoard(board.id).filter((item) => item.state === 'active');
const companyOf = (item: { values: Map<string, unknown> }) => item.values.get('company');
const allAtLastRound = () =>
  items().length >= records && items().every((item) => companyOf(item) === company(changesPerRecord - 1));

describe('two relays on one PostgreSQL', () => {
  it('apply every change once, in each record’s order, and finish a killed relay’s work after its lease', async () => {
    const [first, second] = relays as [RelayProcess, RelayProcess];
    await first.start();
    // The first relay is killed in the middle of its work: monday makes the items, the answer never comes back.
    monday.faults.delayAnswers(10 * 60_000, { matching: ({ body }) => JSON.stringify(body).includes('create_item') });
    for (let round = 0; round < changesPerRecord; round += 1) await sendRound(round);
    await waitFor('monday creates the first items', () => items().length > 0, 30_000);
    await first.kill();
    const killedAt = Date.now();
    const writesBefore = writeTimes.length;
    await second.start();
    // Once the second has taken over, the first comes back: both share what is left.
    await waitFor('the second relay writes', () => writeTimes.length > writesBefore, 30_000);
    await first.start();

    await waitFor('every record reaches its last change', allAtLastRound, 60_000);
    // Nothing created twice, nothing lost: one item per record.
    expect(items()).toHaveLength(records);
    expect(new Set(items().map((item) => item.name)).size).toBe(records);
    expect(written.size).toBeGreaterThanOrEqual(records);
    // Each item's writes came in its record's order (a write repeated after the kill is the same, not an older one).
    for (const [item, values] of written) {
      const rounds = values.map((value) => Number(value.replace('Company v', '')));
      expect({ item, rounds }).toEqual({ item, rounds: [...rounds].sort((a, b) => a - b) });
    }
    // The survivor took the killed relay's claims (and its board) once their lease ran out, not before.
    const firstWriteAfter = writeTimes[writesBefore];
    expect(firstWriteAfter! - killedAt).toBeGreaterThanOrEqual(leaseSeconds * 1000 - 500);
    expect(second.errors).toBe('');
  });
});
