// `npm run bench` (third part), also `npm run bench:faults`: outages during a load, on this machine's real clock.
//   (e) BENCH_FAULT_CHANGES changes (2,000 by default), half Leads made in Salesforce (signed batches to the relay),
//       half items made on a board with a monday → Salesforce recipe, sent evenly over BENCH_FAULT_SECONDS (400 s);
//       monday answers 503 to everything for BENCH_OUTAGE_SECONDS (180 s) from the 30th second, then Salesforce does
//       for as long. Figures: dead letters, what reached the other side, the requests each outage cost, and the time
//       the relay took to drain what it held once the service answered again. It prints figures and asserts nothing.
import { changeBatchBody, postSignedBatch } from '../../relay/test/change-batches';
import { mondayEventsQueue } from '../../relay/src/intake/monday-webhooks';
import { recordChangesQueue } from '../../relay/src/intake/change-intake';
import { type Setup, againstBudget, perform, relayStatus, secret, setUp, status, tearDown, until } from './bench-setup';

const changes = Number(process.env.BENCH_FAULT_CHANGES ?? 2_000);
const loadSeconds = Number(process.env.BENCH_FAULT_SECONDS ?? 400);
const outageSeconds = Number(process.env.BENCH_OUTAGE_SECONDS ?? 180);
const tickMs = 2_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let batch = 0;
async function sendLeads(setup: Setup, from: number, count: number): Promise<void> {
  const leads = Array.from({ length: count }, (_, offset) => {
    const index = from + offset;
    return {
      recordId: `00Q5g${String(index).padStart(10, '0')}AAA`,
      operation: 'insert',
      systemModstamp: '2026-12-02T10:00:00.000+0000',
      changedFields: [],
      values: { LastName: `Lead ${index}`, Company: 'Acme', AnnualRevenue: index, Email: `lead${index}@example.com` }
    };
  });
  batch += 1;
  const id = `faults-${batch}`;
  // Salesforce's outbox keeps a batch the relay did not take (or did not answer) and sends it again: so does this.
  for (;;) {
    const status = await postSignedBatch(
      setup.url,
      secret,
      id,
      changeBatchBody(id, 'Lead', leads),
      Math.floor(Date.now() / 1000)
    ).catch(() => 0);
    if (status > 0 && status < 300) return;
    await sleep(1_000);
  }
}

const pending = async (setup: Setup, queue: string) => {
  const counts = (await relayStatus(setup)).queues[queue];
  return (counts?.pending ?? 0) + (counts?.running ?? 0);
};

async function main(): Promise<void> {
  const setup = await setUp({ pullingBoard: true });
  await until(async () => (await status(setup)).mondayRequests > 0, 10_000);
  await sleep(500);
  const half = Math.floor(changes / 2);
  const ticks = Math.ceil((loadSeconds * 1000) / tickMs);
  const perTick = Math.ceil(half / ticks);
  console.log(
    `(e) ${changes} changes over ${loadSeconds} s (half each way); monday down ${outageSeconds} s from 30 s, then Salesforce down ${outageSeconds} s`
  );
  const started = Date.now();
  const at = (seconds: number) => started + seconds * 1000;
  const outages: { service: 'monday' | 'salesforce'; from: number; to: number; requests?: number; drainMs?: number }[] =
    [
      { service: 'monday', from: at(30), to: at(30 + outageSeconds) },
      { service: 'salesforce', from: at(30 + outageSeconds + 20), to: at(30 + 2 * outageSeconds + 20) }
    ];

  // The outages, and after each, how long the relay takes to drain what it held for that service.
  const faults = (async () => {
    for (const outage of outages) {
      await sleep(Math.max(0, outage.from - Date.now()));
      const before = await status(setup);
      await perform(setup, { type: 'outage', service: outage.service, status: 503 });
      await sleep(Math.max(0, outage.to - Date.now()));
      await perform(setup, { type: 'outage', service: outage.service, status: null });
      const after = await status(setup);
      outage.requests =
        outage.service === 'monday'
          ? after.mondayRequestsAll - before.mondayRequestsAll
          : after.salesforceRequestsAll - before.salesforceRequestsAll;
      const recovered = Date.now();
      const queue = outage.service === 'monday' ? recordChangesQueue : mondayEventsQueue;
      const held = await pending(setup, queue);
      await until(async () => (await pending(setup, queue)) === 0, 15 * 60_000);
      outage.drainMs = Date.now() - recovered;
      console.log(
        `    ${outage.service} answered again: ${held} changes held for it, drained in ${(outage.drainMs / 1000).toFixed(1)} s; ${outage.requests} requests reached it during the ${outageSeconds} s outage`
      );
    }
  })();

  // The load, evenly spread.
  for (let tick = 0; tick < ticks; tick += 1) {
    const from = tick * perTick;
    const count = Math.min(perTick, half - from);
    if (count > 0) {
      await perform(setup, { type: 'add-items', count });
      await sendLeads(setup, from, count);
    }
    await sleep(Math.max(0, started + (tick + 1) * tickMs - Date.now()));
  }
  await faults;
  const done = await until(async () => {
    const now = await status(setup);
    return now.pushedItems >= half && now.pulledLeads >= half;
  }, 15 * 60_000);
  const final = await status(setup);
  const relay = await relayStatus(setup);
  const dead = Object.values(relay.queues).reduce((sum, counts) => sum + counts.dead, 0);
  console.log(
    `    all through: ${done ? 'yes' : 'NO (timed out)'}, ${((Date.now() - started) / 1000).toFixed(0)} s after the load began`
  );
  console.log(
    `    Salesforce → monday: ${final.pushedItems} items for ${half} Leads; monday → Salesforce: ${final.pulledLeads} Leads for ${half} items`
  );
  console.log(`    dead letters: ${dead}; lost: ${half - final.pushedItems + (half - final.pulledLeads)}`);
  console.log(`    relay peak RSS: ${againstBudget(relay.peakRss)}`);
  await tearDown(setup);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
