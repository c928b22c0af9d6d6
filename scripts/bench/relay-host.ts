// The relay of the benchmarks, in a process of its own and run as production runs it: compiled to JavaScript by the
// build's compiler settings and started by plain node (bench-setup.ts compiles it once per benchmark run), so that
// the memory and CPU it reports are the relay's alone, without the benchmark's own data, the stand-ins or the tsx
// loader (tsx alone adds some 35 MB of resident memory to a process). It imports product code only. Talks to its
// parent over the IPC channel of child_process.fork.
import { readFileSync, writeFileSync } from 'node:fs';
import axios from 'axios';
import { systemClock } from '../../relay/src/core/clock';
import { createLogger } from '../../relay/src/core/logger';
import { RelayMetrics } from '../../relay/src/core/metrics';
import { recipeChangesQueue, recordChangesQueue } from '../../relay/src/intake/change-intake';
import { mondayEventsQueue } from '../../relay/src/intake/monday-webhooks';
import { Relay } from '../../relay/src/relay';

/** What the benchmark gives the relay (BENCH_RELAY_SETTINGS, JSON). */
export interface RelayHostSettings {
  port: number;
  dataDir: string;
  webhookSecret: string;
  /** 32 bytes, base64. */
  encryptionKey: string;
  monday: { url: string; token: string };
  salesforce: { loginUrl: string; clientId: string; clientSecret: string; refreshToken: string };
  mondayWebhooks?: { pathSecret: string; publicUrl: string };
  pollIntervalMs: number;
}

export type RelayHostRequest = { type: 'relay-status' } | { type: 'reset-peak' } | { type: 'stop' };

export interface RelayHostReady {
  type: 'relay-ready';
  url: string;
}

export interface RelayHostStatus {
  type: 'relay-status';
  /** monday requests the relay held back itself (pacing). */
  pacedRequests: number;
  /** Jobs by queue: pending and running, and dead. */
  queues: Record<string, { pending: number; running: number; dead: number }>;
  /** process.cpuUsage() of the relay's process, in microseconds. */
  cpu: { user: number; system: number };
  /** The process's resident memory now, and at its highest since it started or since the last reset-peak. */
  rss: number;
  peakRss: number;
  /** How peakRss is known: the kernel's high-water mark (Linux), or getrusage (no reset). */
  peakSource: 'VmHWM' | 'getrusage';
  memory: NodeJS.MemoryUsage;
}

/** The kernel's record of the process's highest resident memory (Linux), in bytes. */
function highWaterMark(): number | undefined {
  try {
    const kilobytes = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kilobytes === undefined ? undefined : Number(kilobytes) * 1024;
  } catch {
    return undefined;
  }
}

/** Starts the high-water mark again from the current resident memory (Linux); false where it cannot. */
function resetHighWaterMark(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.env.BENCH_RELAY_SETTINGS ?? '') as RelayHostSettings;
  const relay = await Relay.open(
    {
      dataDir: settings.dataDir,
      webhookSecrets: [settings.webhookSecret],
      encryptionKey: Buffer.from(settings.encryptionKey, 'base64'),
      monday: settings.monday,
      salesforce: settings.salesforce,
      ...(settings.mondayWebhooks ? { mondayWebhooks: settings.mondayWebhooks } : {}),
      pollIntervalMs: settings.pollIntervalMs
    },
    // As main.ts builds it, with nothing logged (a log line per change would measure the terminal).
    { clock: systemClock, http: axios.create(), logger: createLogger('silent'), metrics: new RelayMetrics() }
  );
  const url = await relay.start(settings.port, '127.0.0.1');
  const queueCounts = async () => {
    const queues = [recordChangesQueue, recipeChangesQueue, mondayEventsQueue];
    return Object.fromEntries(
      await Promise.all(queues.map(async (queue) => [queue, await relay.store.jobs.counts(queue)] as const))
    );
  };
  process.on('message', (message: RelayHostRequest) => {
    switch (message.type) {
      case 'relay-status': {
        void queueCounts().then((queues) => {
          const hwm = highWaterMark();
          const memory = process.memoryUsage();
          process.send?.({
            type: 'relay-status',
            pacedRequests: relay.monday.pacedRequests,
            queues,
            cpu: process.cpuUsage(),
            rss: memory.rss,
            peakRss: Math.max(hwm ?? process.resourceUsage().maxRSS * 1024, memory.rss),
            peakSource: hwm === undefined ? 'getrusage' : 'VmHWM',
            memory
          } satisfies RelayHostStatus);
        });
        return;
      }
      case 'reset-peak':
        resetHighWaterMark();
        process.send?.({ type: 'peak-reset' });
        return;
      case 'stop':
        void relay.stop().then(() => process.exit(0));
    }
  });
  // The benchmark ended without stopping it (it failed): the relay ends too.
  process.once('disconnect', () => process.exit(0));
  process.send?.({ type: 'relay-ready', url } satisfies RelayHostReady);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
