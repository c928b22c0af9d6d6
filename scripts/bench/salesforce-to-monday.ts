// `npm run bench`: the relay's Salesforce → monday path under load, against the in-process stand-ins, on this
// machine's real clock. It prints figures and asserts nothing (targets are in issue 5 and docs/benchmarks.md).
//   (a) a backlog of 10,000 record changes for one board, the stand-ins answering at once, limits off;
//   (b) a trickle of 20 changes a second for BENCH_TRICKLE_SECONDS (60 by default): latency from the relay's 202 to
//       the item's creation at monday;
//   (c) BENCH_LIMITED changes (2,000 by default) under an Enterprise account's limits, the minute shortened: the share
//       of the complexity budget used and the number of throttled calls.
// The stand-ins and the relay run in child processes of their own (standins-process.ts, relay-host.ts), the relay
// compiled and run by plain node as in production: CPU and memory figures are the relay's alone. Each scenario has a
// relay process of its own; its peak resident memory is the kernel's high-water mark of that process, compared with
// the budget of issue 15 (150 MB), and the direction's peak is the highest of the three.
import { changeBatchBody, postSignedBatch } from '../../relay/test/change-batches';
import {
  againstBudget,
  productionNodeOptions,
  relayStatus,
  secret,
  setUp,
  status,
  tearDown,
  until
} from './bench-setup';

let sequence = 0;
function change(index: number) {
  return {
    recordId: `00Q5g${String(index).padStart(10, '0')}AAA`,
    operation: 'insert',
    systemModstamp: '2026-11-25T10:00:00.000+0000',
    changedFields: [],
    values: {
      LastName: `Lead ${index}`,
      Company: `Company ${index}`,
      AnnualRevenue: index * 100,
      Email: `lead${index}@example.com`
    }
  };
}

async function send(url: string, changes: ReturnType<typeof change>[]): Promise<number> {
  sequence += 1;
  const batchId = `bench-${sequence}`;
  return postSignedBatch(
    url,
    secret,
    batchId,
    changeBatchBody(batchId, 'Lead', changes),
    Math.floor(Date.now() / 1000)
  );
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? NaN;
}

/** The relay's peak resident memory in each scenario. */
const peaks: number[] = [];

async function backlog(total: number): Promise<void> {
  const setup = await setUp();
  const cpuBefore = (await relayStatus(setup)).cpu;
  const started = performance.now();
  for (let first = 0; first < total; first += 200) {
    const status = await send(
      setup.url,
      Array.from({ length: Math.min(200, total - first) }, (_unused, index) => change(first + index))
    );
    if (status !== 202) throw new Error(`intake answered ${status}`);
  }
  const accepted = performance.now();
  const done = await until(async () => (await status(setup)).items >= total, 10 * 60_000);
  const elapsedMs = performance.now() - started;
  const relay = await relayStatus(setup);
  const cpuMs = (relay.cpu.user - cpuBefore.user + relay.cpu.system - cpuBefore.system) / 1000;
  peaks.push(relay.peakRss);
  const after = await status(setup);
  console.log(`(a) backlog of ${total} changes for one board, stand-ins answering at once, limits off`);
  console.log(`    finished: ${done ? 'yes' : 'NO (timed out)'}; items created: ${after.items}`);
  console.log(`    intake: ${total} changes accepted in ${(accepted - started).toFixed(0)} ms`);
  console.log(
    `    wall time: ${(elapsedMs / 1000).toFixed(2)} s; throughput: ${((total / elapsedMs) * 1000).toFixed(0)} records/s`
  );
  console.log(
    `    monday requests: ${after.mondayRequests} (${((after.mondayRequests / total) * 1000).toFixed(1)} per 1,000 records)`
  );
  console.log(`    relay CPU: ${(cpuMs / total).toFixed(3)} ms per record`);
  console.log(`    relay peak RSS: ${againstBudget(relay.peakRss)}`);
  await tearDown(setup);
}

async function trickle(perSecond: number, seconds: number): Promise<void> {
  const setup = await setUp();
  const acceptedAt = new Map<string, number>();
  const total = perSecond * seconds;
  const started = performance.now();
  for (let index = 0; index < total; index += 1) {
    const due = started + (index * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const one = change(100_000 + index);
    if ((await send(setup.url, [one])) !== 202) throw new Error('intake refused a change');
    acceptedAt.set(one.recordId, Date.now());
  }
  await until(async () => (await status(setup)).items >= total, 30_000);
  const { createdAt } = await status(setup);
  const latencies = [...acceptedAt].flatMap(([recordId, accepted]) =>
    createdAt[recordId] === undefined ? [] : [createdAt[recordId] - accepted]
  );
  const sorted = latencies.sort((a, b) => a - b);
  const { peakRss } = await relayStatus(setup);
  peaks.push(peakRss);
  console.log(`(b) trickle of ${perSecond} changes/s for ${seconds} s`);
  console.log(`    items created: ${latencies.length} of ${total}`);
  console.log(
    `    latency from 202 to the monday write (wall clock, 1 ms resolution): p50 ${percentile(sorted, 0.5)} ms, p99 ${percentile(sorted, 0.99)} ms, max ${sorted.at(-1) ?? NaN} ms`
  );
  console.log(`    relay peak RSS: ${againstBudget(peakRss)}`);
  await tearDown(setup);
}

// An Enterprise account's limits (complexity per minute, requests per minute, concurrency), with the "minute"
// shortened twenty-fold and the budgets scaled with it. monday's complexity of a mutation is the stand-in's estimate.
const minuteScale = 20;
const enterpriseLimits = {
  windowMs: 60_000 / minuteScale,
  complexityPerMinute: 10_000_000 / minuteScale,
  requestsPerMinute: 5_000 / minuteScale,
  maxConcurrentRequests: 100,
  dailyCalls: 25_000
};

async function limited(total: number): Promise<void> {
  const setup = await setUp({ mondayLimits: enterpriseLimits });
  const started = performance.now();
  for (let first = 0; first < total; first += 200) {
    await send(
      setup.url,
      Array.from({ length: Math.min(200, total - first) }, (_unused, index) => change(200_000 + first + index))
    );
  }
  const done = await until(async () => (await status(setup)).items >= total, 15 * 60_000);
  const elapsedMs = performance.now() - started;
  const after = await status(setup);
  const relay = await relayStatus(setup);
  peaks.push(relay.peakRss);
  const windows = elapsedMs / enterpriseLimits.windowMs;
  const budget = windows * enterpriseLimits.complexityPerMinute;
  console.log(
    `(c) ${total} changes with an Enterprise account's limits, the minute shortened ${minuteScale} times (budgets scaled with it)`
  );
  console.log(
    `    finished: ${done ? 'yes' : 'NO (timed out)'}; items created: ${after.items}; wall time ${(elapsedMs / 1000).toFixed(1)} s (${windows.toFixed(1)} budget windows)`
  );
  console.log(`    sustained: ${(after.items / windows).toFixed(0)} items per monday minute`);
  console.log(
    `    complexity budget used while the backlog lasted: ${((after.complexitySpent / budget) * 100).toFixed(1)} %`
  );
  console.log(
    `    throttled calls (429): ${after.throttled}; requests the relay held back itself: ${relay.pacedRequests}`
  );
  console.log(`    relay peak RSS: ${againstBudget(relay.peakRss)}`);
  await tearDown(setup);
}

async function main(): Promise<void> {
  console.log(
    `node ${process.version}, ${process.platform} ${process.arch}; the relay runs with ${productionNodeOptions().join(' ') || 'no node options'} (npm run start:production)`
  );
  await backlog(Number(process.env.BENCH_BACKLOG ?? 10_000));
  await trickle(20, Number(process.env.BENCH_TRICKLE_SECONDS ?? 60));
  await limited(Number(process.env.BENCH_LIMITED ?? 2_000));
  console.log(`Salesforce → monday: relay peak RSS ${againstBudget(Math.max(...peaks))}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
