// `npm run bench:custom-objects` (and the last part of `npm run bench`): custom objects (F6) under a stream of edits,
// on this machine's real clock: the relay's poller waits with setTimeout in the relay's own process, so there is no
// clock to shorten. It prints figures against issue 17's targets and asserts nothing.
//   (g) polled: 3 custom objects of BENCH_CUSTOM_RECORDS records each (50), BENCH_CUSTOM_RATE edits a second (5) spread
//       evenly over the objects for BENCH_POLL_SECONDS (90), the relay polling at its default interval
//       (RELAY_CUSTOM_OBJECT_POLL_SECONDS unset: 10 s);
//   (h) pushed: the same for BENCH_TRIGGER_SECONDS (30), each write also sent by the subscriber's trigger
//       (MondaySyncTrigger.captureChanges()), the package side emulated as local mode emulates it
//       (relay/dev/local/package-emulator.ts: the changes of a moment packed and posted, signed, 20 ms after the
//       write); the relay polls the objects all the same, as it does in an org.
// Figures: latency from each edit's SystemModstamp to the monday write that shows it, p50/p99 (an edit that a later
// edit of its record overtook before a poll read it is shown by that later edit's write); the API requests spent
// polling, per object per hour (relay_custom_object_poll_requests_total, read from the relay's /metrics).
// The relay is a process of its own run as production runs it (relay/src/main.ts configured from the environment,
// with the V8 options of `npm run start:production`, from source through tsx); the stand-ins, the edits and the one
// clock that times both ends of a latency are this process's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PackageEmulator } from '../../relay/dev/local/package-emulator';
import { freePort } from '../../relay/src/core/free-port';
import { createLogger } from '../../relay/src/core/logger';
import { type RelayProcess, relayProcessFor } from '../../relay/test/relay-process';
import { productionNodeOptions, until } from './bench-setup';
import { type AmountWrite, type CustomObjectOrg, customObjects, startCustomObjectOrg } from './custom-object-org';

const recordsPerObject = Number(process.env.BENCH_CUSTOM_RECORDS ?? 50);
const editsPerSecond = Number(process.env.BENCH_CUSTOM_RATE ?? 5);
const secret = `whsec_${Buffer.from('custom-objects-benchmark-secret!').toString('base64')}`;
/** The relay's default poll interval (RELAY_CUSTOM_OBJECT_POLL_SECONDS), which both scenarios run with. */
const defaultPollMs = 10_000;
const targets = { pollP99Ms: 15_000, triggerP99Ms: 5_000, pollRequestsPerHour: 400 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The edits not seen on monday yet, by record, oldest first; and the latency of each one seen. */
class EditLog {
  private readonly waiting = new Map<string, { amount: number; stamp: number }[]>();
  latencies: number[] = [];

  edited(recordId: string, amount: number, systemModstamp: string): void {
    const edits = this.waiting.get(recordId) ?? [];
    edits.push({ amount, stamp: Date.parse(systemModstamp) });
    this.waiting.set(recordId, edits);
  }

  /** A write shows its record's Amount: that edit and the earlier ones reached monday. */
  written({ recordId, amount, at }: AmountWrite): void {
    const edits = this.waiting.get(recordId) ?? [];
    while (edits[0] && edits[0].amount <= amount) this.latencies.push(at - (edits.shift()?.stamp ?? at));
  }

  get pending(): number {
    return [...this.waiting.values()].reduce((sum, edits) => sum + edits.length, 0);
  }
}

/**
 * The relay's poll requests by object, read from its /metrics every half second, with when each count was first
 * seen: a rate between two counts seen follows the poller's rounds, not the sampling.
 */
class PollRequests {
  private readonly seen = new Map<string, { count: number; at: number }[]>();

  async sample(relayUrl: string): Promise<void> {
    const text = await (await fetch(`${relayUrl}/metrics`)).text();
    for (const [, object = '', count] of text.matchAll(
      /^relay_custom_object_poll_requests_total\{object="([^"]+)"\} (\d+)$/gm
    )) {
      const counts = this.seen.get(object) ?? [];
      if (counts.at(-1)?.count !== Number(count)) counts.push({ count: Number(count), at: Date.now() });
      this.seen.set(object, counts);
    }
  }

  count(object: string): number {
    return this.seen.get(object)?.at(-1)?.count ?? 0;
  }

  /** Requests per hour from the first count seen (the first round) to the last, and the time between two rounds. */
  rate(object: string): { perHour: number; roundMs: number } {
    const counts = this.seen.get(object) ?? [];
    const first = counts[0];
    const last = counts.at(-1);
    if (!first || !last || last === first) return { perHour: Number.NaN, roundMs: Number.NaN };
    const requests = last.count - first.count;
    return { perHour: (requests / (last.at - first.at)) * 3_600_000, roundMs: (last.at - first.at) / requests };
  }
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

const seconds = (ms: number): string => (ms / 1000).toFixed(2);
const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');

interface Scenario {
  title: string;
  editSeconds: number;
  /** Whether each write is also pushed, as a subscriber's trigger calling MondaySyncTrigger.captureChanges() does. */
  trigger: boolean;
  p99TargetMs: number;
}

async function startRelay(org: CustomObjectOrg, dataDir: string): Promise<RelayProcess> {
  const relay = relayProcessFor(org, {
    dataDir,
    port: await freePort(),
    webhookSecret: secret,
    webhookPathSecret: 'custom-objects-benchmark-webhook-path',
    command: [
      process.execPath,
      ...productionNodeOptions(),
      '--import',
      'tsx',
      join(__dirname, '..', '..', 'relay', 'src', 'main.ts')
    ]
  });
  await relay.start();
  return relay;
}

async function run(scenario: Scenario): Promise<void> {
  const log = new EditLog();
  const org = await startCustomObjectOrg((write) => {
    log.written(write);
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-bench-custom-'));
  const relay = await startRelay(org, dataDir);
  const emulator = scenario.trigger
    ? new PackageEmulator(
        org.salesforce.org,
        { relayUrl: relay.url, secret, orgId: org.salesforce.orgId },
        createLogger('silent')
      )
    : undefined;
  const requests = new PollRequests();
  const sampler = setInterval(() => {
    void requests.sample(relay.url).catch(() => undefined);
  }, 500);
  try {
    // The poller's first round starts each object's cursor after its newest change: records made before it would
    // never be sent. So the records are made after it, and the edits begin once every record has its item.
    const firstRound = await until(async () => {
      await requests.sample(relay.url);
      return customObjects.every((object) => requests.count(object) > 0);
    }, 3 * defaultPollMs);
    if (!firstRound) throw new Error('the relay did not poll the custom objects');
    const records = customObjects.map((object) =>
      Array.from({ length: recordsPerObject }, (_, index) => {
        const record = org.salesforce.org.create(object, { Name: `${object} ${index}`, Amount__c: 0 });
        log.edited(record.id, 0, String(record.values.SystemModstamp));
        return { object, id: record.id };
      })
    );
    if (!(await until(() => Promise.resolve(log.pending === 0), 6 * defaultPollMs)))
      throw new Error(`${log.pending} of the records made no item`);
    log.latencies = [];

    const total = Math.round(editsPerSecond * scenario.editSeconds);
    const salesforceBefore = org.salesforce.apiRequestsToday;
    const started = Date.now();
    for (let index = 0; index < total; index += 1) {
      await sleep(started + (index * 1000) / editsPerSecond - Date.now());
      const ofObject = records[index % records.length] ?? [];
      const target = ofObject[Math.floor(Math.random() * ofObject.length)];
      if (!target) throw new Error('no record to edit');
      // Amounts only grow, record by record: a write's Amount says which edits it shows.
      const amount = index + 1;
      const edited = org.salesforce.org.update(target.object, target.id, { Amount__c: amount });
      log.edited(target.id, amount, String(edited.values.SystemModstamp));
    }
    const streamed = Date.now();
    const allThrough = await until(() => Promise.resolve(log.pending === 0), 2 * defaultPollMs + 30_000);
    await requests.sample(relay.url);
    const ended = Date.now();
    const hours = (ended - started) / 3_600_000;

    const sorted = [...log.latencies].sort((a, b) => a - b);
    const p99 = percentile(sorted, 0.99);
    console.log(scenario.title);
    console.log(
      `    ${total} edits in ${seconds(streamed - started)} s over ${customObjects.length} objects of ${recordsPerObject} records; reached monday: ${sorted.length}${allThrough ? '' : ' (timed out waiting for the rest)'}`
    );
    console.log(
      `    latency from SystemModstamp to the monday write: p50 ${seconds(percentile(sorted, 0.5))} s, p99 ${seconds(p99)} s, max ${seconds(sorted.at(-1) ?? Number.NaN)} s (target p99 ≤ ${seconds(scenario.p99TargetMs)} s: ${verdict(allThrough && p99 <= scenario.p99TargetMs)})`
    );
    const rates = customObjects.map((object) => ({ object, ...requests.rate(object) }));
    console.log(
      `    API requests spent polling: ${rates.map(({ object, perHour }) => `${object} ${perHour.toFixed(0)}/h`).join(', ')} (target ≤ ${targets.pollRequestsPerHour} per object per hour: ${verdict(rates.every(({ perHour }) => perHour <= targets.pollRequestsPerHour))}); a round every ${seconds(Math.max(...rates.map(({ roundMs }) => roundMs)))} s`
    );
    console.log(
      `    Salesforce API requests by the relay, all told: ${((org.salesforce.apiRequestsToday - salesforceBefore) / hours).toFixed(0)}/h`
    );
  } finally {
    clearInterval(sampler);
    emulator?.stop();
    await relay.stop();
    await org.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(
    `node ${process.version}, ${process.platform} ${process.arch}; the relay runs with ${productionNodeOptions().join(' ') || 'no node options'} (npm run start:production), from source through tsx`
  );
  await run({
    title: `(g) custom objects polled every ${defaultPollMs / 1000} s (the default), ${editsPerSecond} edits/s`,
    editSeconds: Number(process.env.BENCH_POLL_SECONDS ?? 90),
    trigger: false,
    p99TargetMs: targets.pollP99Ms
  });
  await run({
    title: `(h) custom objects pushed by a trigger (MondaySyncTrigger.captureChanges(), the package emulated), polled too, ${editsPerSecond} edits/s`,
    editSeconds: Number(process.env.BENCH_TRIGGER_SECONDS ?? 30),
    trigger: true,
    p99TargetMs: targets.triggerP99Ms
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
