// `npm run bench` (second part): the relay's monday → Salesforce path under load, on this machine's real clock. It
// prints figures and asserts nothing (targets are in issue 6 and docs/benchmarks.md).
//   (d) BENCH_PULLED item changes (5,000 by default) on a board with a monday → Salesforce recipe: first that many
//       new items (records created), then a change to every one of them (records updated). monday delivers one
//       webhook per change, as it does; the relay reads the items 100 a request and writes the records with
//       sObject Collections. Figures: records/s, Salesforce requests per 1,000 records, the relay's peak RSS in each
//       phase and over the whole run (its own process, compiled and run by plain node as in production: the kernel's
//       high-water mark of that process), compared with the budget of issue 15 (150 MB).
import {
  type Setup,
  againstBudget,
  perform,
  productionNodeOptions,
  relayStatus,
  resetPeakMemory,
  setUp,
  status,
  tearDown,
  until
} from './bench-setup';
import type { StandInsRequest, StandInsStatus } from './standins-process';

async function phase(
  setup: Setup,
  title: string,
  total: number,
  request: StandInsRequest,
  done: (after: StandInsStatus) => boolean
): Promise<number> {
  const before = await status(setup);
  await resetPeakMemory(setup);
  const cpuBefore = (await relayStatus(setup)).cpu;
  const started = performance.now();
  await perform(setup, request);
  const finished = await until(async () => done(await status(setup)), 10 * 60_000);
  const elapsedMs = performance.now() - started;
  const relay = await relayStatus(setup);
  const cpuMs = (relay.cpu.user - cpuBefore.user + relay.cpu.system - cpuBefore.system) / 1000;
  const after = await status(setup);
  const requests = after.salesforceRequests - before.salesforceRequests;
  console.log(`    ${title}: ${finished ? 'finished' : 'NOT finished (timed out)'}`);
  console.log(
    `      wall time ${(elapsedMs / 1000).toFixed(2)} s; throughput ${((total / elapsedMs) * 1000).toFixed(0)} records/s`
  );
  console.log(
    `      Salesforce requests: ${requests} (${((requests / total) * 1000).toFixed(1)} per 1,000 records); monday requests: ${after.mondayRequests - before.mondayRequests}`
  );
  console.log(`      webhook deliveries retried by monday: ${after.webhooksRetried - before.webhooksRetried}`);
  console.log(
    `      relay CPU ${(cpuMs / total).toFixed(3)} ms per record; relay peak RSS ${againstBudget(relay.peakRss)}`
  );
  return relay.peakRss;
}

async function pulled(total: number): Promise<void> {
  const setup = await setUp({ pullingBoard: true });
  // The relay registers its webhooks on the board at its first round.
  await until(async () => (await status(setup)).mondayRequests > 0, 10_000);
  await new Promise((resolve) => setTimeout(resolve, 500));
  console.log(
    `node ${process.version}; the relay runs with ${productionNodeOptions().join(' ') || 'no node options'} (npm run start:production)`
  );
  console.log(`(d) ${total} item changes on a board with a monday → Salesforce recipe, limits off`);
  const created = await phase(
    setup,
    `${total} new items → ${total} Leads created`,
    total,
    { type: 'add-items', count: total },
    (after) => after.pulledLeads >= total
  );
  const updated = await phase(
    setup,
    `${total} item changes → ${total} Leads updated`,
    total,
    { type: 'change-items', company: 'Globex' },
    (after) => (after.pulledLeadsByCompany.Globex ?? 0) >= total
  );
  console.log(`monday → Salesforce: relay peak RSS ${againstBudget(Math.max(created, updated))}`);
  await tearDown(setup);
}

pulled(Number(process.env.BENCH_PULLED ?? 5_000)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
