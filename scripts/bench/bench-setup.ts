// What the benchmarks share: the stand-ins in a child process (standins-process.ts), so that CPU and memory figures
// are the relay's alone, and a relay on this machine's real clock that talks to them.
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { systemClock } from '../../relay/src/core/clock';
import { freePort } from '../../relay/src/core/free-port';
import { createLogger } from '../../relay/src/core/logger';
import { RelayMetrics } from '../../relay/src/core/metrics';
import { Relay } from '../../relay/src/relay';
import type { StandInsReady, StandInsRequest, StandInsStatus } from './standins-process';

export const secret = `whsec_${Buffer.from('benchmark-signing-secret-32-bytes').toString('base64')}`;

export interface Setup {
  standIns: ChildProcess;
  relay: Relay;
  url: string;
  dataDir: string;
}

export interface SetupOptions {
  /** monday limits for the stand-in (none by default). */
  mondayLimits?: Record<string, number>;
  /** Adds a board with a monday → Salesforce recipe, and the relay's monday webhook endpoint. */
  pullingBoard?: boolean;
}

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (message: { type: string }) => {
      if (message.type !== type) return;
      child.off('message', listener);
      resolve(message as T);
    };
    child.on('message', listener);
  });
}

export async function status(setup: Setup): Promise<StandInsStatus> {
  const answer = nextMessage<StandInsStatus>(setup.standIns, 'status');
  setup.standIns.send({ type: 'status' } satisfies StandInsRequest);
  return answer;
}

/** Asks the stand-ins' process to do something (board users at work) and waits until it has. */
export async function perform(setup: Setup, request: StandInsRequest): Promise<void> {
  const done = nextMessage(setup.standIns, 'done');
  setup.standIns.send(request);
  await done;
}

export async function setUp(options: SetupOptions = {}): Promise<Setup> {
  const standIns = fork(join(__dirname, 'standins-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
    env: {
      ...process.env,
      BENCH_MONDAY_LIMITS: JSON.stringify(options.mondayLimits ?? {}),
      BENCH_PULLING_BOARD: options.pullingBoard ? '1' : ''
    }
  });
  const ready = await nextMessage<StandInsReady>(standIns, 'ready');
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-bench-'));
  const port = await freePort();
  const pathSecret = 'bench-webhook-path-secret';
  const relay = await Relay.open(
    {
      dataDir,
      webhookSecrets: [secret],
      encryptionKey: randomBytes(32),
      monday: { url: ready.mondayUrl, token: ready.mondayToken },
      salesforce: {
        loginUrl: ready.loginUrl,
        clientId: 'standin-client-id',
        clientSecret: 'standin-client-secret',
        refreshToken: ready.refreshToken
      },
      ...(options.pullingBoard
        ? {
            mondayWebhooks: { pathSecret, publicUrl: `http://127.0.0.1:${port}/v1/monday/webhooks/${pathSecret}` }
          }
        : {}),
      pollIntervalMs: 5
    },
    { clock: systemClock, http: axios.create(), logger: createLogger('silent'), metrics: new RelayMetrics(false) }
  );
  const url = await relay.start(port, '127.0.0.1');
  return { standIns, relay, url, dataDir };
}

export async function tearDown(setup: Setup): Promise<void> {
  await setup.relay.stop();
  const exited = new Promise((resolve) => setup.standIns.once('exit', resolve));
  setup.standIns.send({ type: 'close' } satisfies StandInsRequest);
  await exited;
  rmSync(setup.dataDir, { recursive: true, force: true });
}

export async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/** The relay's resident memory at its highest while `sampler` runs (sampled every 20 ms). */
export function peakMemory(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    }
  };
}
