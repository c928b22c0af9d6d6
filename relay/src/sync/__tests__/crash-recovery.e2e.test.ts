// The relay killed (SIGKILL) between a service's commit and its answer, then started again on the same data folder:
// the write it had made is found, not made a second time. The relay runs as production runs it (main.ts, configured
// from the environment) in a child process; the stand-ins run here, on the real clock, and hold the answer back so
// that the kill falls exactly between the two.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changeBatchBody, postSignedBatch } from '../../../test/change-batches';
import { type Direction, saveLeadRecipe } from '../../../test/lead-recipes';
import { relayToken } from '../../../test/monday-standin';
import { type RelayProcess, relayProcessFor, waitFor } from '../../../test/relay-process';
import { systemClock } from '../../core/clock';
import { freePort } from '../../core/free-port';
import { MondayStandIn } from '../../../dev/standins/monday/server';
import type { MondayBoard, MondayUser } from '../../../dev/standins/monday/state';
import { SalesforceStandIn } from '../../../dev/standins/salesforce/server';

jest.setTimeout(60_000);

const secret = `whsec_${Buffer.from('crash-recovery-signing-secret-32').toString('base64')}`;
const mapping = [
  { field: 'LastName', column: 'name', columnType: 'name' },
  { field: 'Company', column: 'company', columnType: 'text' }
];
const heldForever = 10 * 60_000;
/** monday's clock: the real one, moved on by a test to let monday's 30-minute idempotency cache run out. */
const mondayClock = { offsetMs: 0, now: () => Date.now() + mondayClock.offsetMs };

let monday: MondayStandIn;
let salesforce: SalesforceStandIn;
let board: MondayBoard;
let person: MondayUser;
let relay: RelayProcess;
let dataDir: string;

beforeEach(async () => {
  mondayClock.offsetMs = 0;
  monday = await new MondayStandIn({
    clock: mondayClock,
    webhooks: { retryIntervalMs: 200, maxAttempts: 100 }
  }).start();
  monday.addUser('Sync relay', 'relay@example.com', relayToken);
  person = monday.addUser('Ada Lovelace', 'ada@example.com');
  board = monday.operations.createBoard('Leads', 'public');
  monday.operations.createColumn(board.id, { title: 'Company', type: 'text', id: 'company' });
  salesforce = await new SalesforceStandIn({ clock: systemClock }).start();
  dataDir = mkdtempSync(join(tmpdir(), 'crash-recovery-'));
  relay = relayProcessFor(
    { monday, mondayToken: relayToken, salesforce },
    { dataDir, port: await freePort(), webhookSecret: secret, webhookPathSecret: 'crash-recovery-webhook-path-secret' }
  );
});

afterEach(async () => {
  await relay.kill();
  await monday.close();
  await salesforce.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const recipe = (direction: Direction) => {
  saveLeadRecipe(salesforce.org, board.id, direction, mapping);
};

const leads = () => salesforce.org.all('Lead').filter((lead) => !lead.deleted);
const items = () => monday.state.itemsOfBoard(board.id).filter((item) => item.state === 'active');

describe('a relay killed between a commit and its answer', () => {
  it('makes one record of an item when Salesforce had created it and the relay died before the answer', async () => {
    recipe('monday_to_Salesforce');
    await relay.start();
    await waitFor('the relay registers its webhooks', () => monday.state.webhooks.size > 0);
    salesforce.faults.delayAnswers(heldForever, {
      matching: ({ method, path }) =>
        method !== 'GET' && path.includes('/composite/sobjects') && !path.includes('Monday_Link__c')
    });

    const item = monday.operations.createItem({
      boardId: board.id,
      name: 'Babbage',
      columnValues: { company: 'Difference Engines' },
      actorId: person.id
    });
    await waitFor('Salesforce commits the Lead', () => leads().length === 1);
    await relay.kill();
    await relay.start();

    await waitFor('the item gets its Salesforce column', () =>
      monday.state.items.get(item.id)!.values.has('salesforce_record')
    );
    expect(leads()).toHaveLength(1);
    expect(monday.state.items.get(item.id)!.values.get('salesforce_record')).toMatchObject({ text: leads()[0]!.id });
  });

  it('makes one item of a record when monday had created it and the relay died before the answer', async () => {
    recipe('Salesforce_to_monday');
    await relay.start();
    monday.faults.delayAnswers(heldForever, { matching: ({ body }) => JSON.stringify(body).includes('create_item') });

    const lead = salesforce.org.create('Lead', { LastName: 'Lovelace', Company: 'Analytical Engines' });
    const change = {
      recordId: lead.id,
      operation: 'insert',
      systemModstamp: '2026-12-02T10:00:00.000+0000',
      changedFields: [],
      values: { LastName: 'Lovelace', Company: 'Analytical Engines' }
    };
    const body = changeBatchBody('batch-1', 'Lead', [change]);
    expect(await postSignedBatch(relay.url, secret, 'batch-1', body, Math.floor(Date.now() / 1000))).toBe(202);
    await waitFor('monday creates the item', () => items().length === 1);
    await relay.kill();
    // The relay stays down longer than monday keeps an idempotent answer (30 minutes): the same request sent again
    // is carried out again. Only finding the item saves the record from a second one.
    mondayClock.offsetMs += 31 * 60_000;
    await relay.start();

    await waitFor('the link reaches Salesforce', () => salesforce.org.all('Monday_Link__c').length === 1);
    expect(items()).toHaveLength(1);
    expect(salesforce.org.all('Monday_Link__c')[0]!.values).toMatchObject({
      Record_Id__c: lead.id,
      Item_Id__c: items()[0]!.id
    });
  });
});
