// `npm run bench:postgres`: the 10,000-change backlog (Salesforce → monday, creates) on a PostgreSQL store, with one
// relay and then two, each a process as production runs it (relay/src/main.ts with DATABASE_URL), against the
// stand-ins in this process. Prints records/s, monday requests per 1,000 records and each relay's peak RSS (VmHWM).
// The changes go to two boards (Leads and Contacts): monday asks for one board's writes in sequence, so a second
// relay adds throughput only across boards (relay/src/write/board-actions.ts holds a lease per board).
import { readFileSync } from 'node:fs';
import { changeBatchBody, postSignedBatch } from '../../relay/test/change-batches';
import { relayToken } from '../../relay/test/monday-standin';
import { startPostgres } from '../../relay/test/postgres-server';
import { relaysSharingStore, waitFor } from '../../relay/test/relay-process';
import { systemClock } from '../../relay/src/core/clock';
import { noLimits } from '../../relay/dev/standins/monday/limits';
import { MondayStandIn } from '../../relay/dev/standins/monday/server';
import { SalesforceStandIn } from '../../relay/dev/standins/salesforce/server';

const total = Number(process.env.BENCH_BACKLOG ?? 10_000);
const relayCounts = (process.env.BENCH_RELAYS ?? '1,2').split(',').map(Number);
const perBatch = 200;
const secret = `whsec_${Buffer.from('postgres-bench-signing-secret-32').toString('base64')}`;

/** Peak resident memory of a process, in MB (Linux: VmHWM). */
function peakRssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmHWM:'));
  return Number(line?.replace(/\D+/g, '') ?? Number.NaN) / 1024;
}

async function run(relayCount: number, databaseUrl: string): Promise<void> {
  const monday = await new MondayStandIn({ clock: systemClock, limits: noLimits }).start();
  monday.addUser('Sync relay', 'relay@example.com', relayToken);
  let mondayRequests = 0;
  monday.faults.delayAnswers(0, {
    count: Number.MAX_SAFE_INTEGER,
    matching: () => {
      mondayRequests += 1;
      return false;
    }
  });
  const salesforce = await new SalesforceStandIn({ clock: systemClock }).start();
  const objects = [
    { object: 'Lead', name: 'LastName', extra: { Company: 'Bench' } },
    { object: 'Contact', name: 'LastName', extra: {} }
  ];
  const boards = objects.map(({ object, name }) => {
    const board = monday.operations.createBoard(`${object}s`, 'public');
    salesforce.org.create('Monday_Recipe__c', {
      Name: `${object}s to monday`,
      Active__c: true,
      Direction__c: 'Salesforce_to_monday',
      Kind__c: 'Create_Item_And_Sync',
      Object_Api_Name__c: object,
      Board_Id__c: board.id,
      Definition__c: JSON.stringify({
        mapping: [{ field: name, column: 'name', columnType: 'name' }],
        options: { syncFutureChanges: true }
      })
    });
    return board;
  });
  const { relays, cleanUp } = await relaysSharingStore(
    { monday, mondayToken: relayToken, salesforce },
    { names: Array.from({ length: relayCount }, (_, index) => `bench-${index}`), databaseUrl, webhookSecret: secret }
  );
  await Promise.all(relays.map((relay) => relay.start()));
  const items = () => boards.reduce((sum, board) => sum + monday.state.itemsOfBoard(board.id).length, 0);
  const started = Date.now();
  for (let first = 0; first < total; first += perBatch) {
    const target = objects[(first / perBatch) % objects.length];
    const relay = relays[(first / perBatch) % relays.length];
    if (!target || !relay) throw new Error('no object or relay for this batch');
    const { object, name, extra } = target;
    const prefix = object === 'Lead' ? '00Q' : '003';
    const changes = Array.from({ length: Math.min(perBatch, total - first) }, (_, offset) => ({
      recordId: `${prefix}5g${String(first + offset).padStart(10, '0')}AAA`,
      operation: 'insert',
      systemModstamp: '2026-12-03T10:00:00.000+0000',
      changedFields: [],
      values: { [name]: `Record ${first + offset}`, ...extra }
    }));
    const batchId = `bench-${first}`;
    const body = changeBatchBody(batchId, object, changes);
    const status = await postSignedBatch(relay.url, secret, batchId, body, Math.floor(Date.now() / 1000));
    if (status !== 202) throw new Error(`batch ${batchId} answered ${status}`);
  }
  await waitFor('every record has its item', () => items() >= total, 15 * 60_000);
  const seconds = (Date.now() - started) / 1000;
  const rss = relays.map((relay) => peakRssMb(relay.pid).toFixed(0)).join(' / ');
  console.log(
    `${relayCount} relay(s): ${total} records in ${seconds.toFixed(1)} s = ${(total / seconds).toFixed(0)} records/s; ` +
      `${((mondayRequests / total) * 1000).toFixed(0)} monday requests per 1,000; peak RSS ${rss} MB`
  );
  await Promise.all(relays.map((relay) => relay.stop()));
  await monday.close();
  await salesforce.close();
  cleanUp();
}

async function main(): Promise<void> {
  const postgres = await startPostgres();
  try {
    console.log(`PostgreSQL store, ${total} Salesforce changes (creates) over 2 boards:`);
    for (const count of relayCounts) await run(count, await postgres.createDatabase(`bench_${count}_relays`));
  } finally {
    postgres.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
