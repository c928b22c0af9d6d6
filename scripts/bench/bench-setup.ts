// What the benchmarks share: the stand-ins in a child process (standins-process.ts) and the relay in another
// (relay-host.ts), run as production runs it (compiled, plain node), so that the CPU and memory figures are the relay's
// alone: not the stand-ins', not the benchmark's own data, not the tsx loader's.
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../relay/src/core/free-port';
import type { RelayHostReady, RelayHostRequest, RelayHostSettings, RelayHostStatus } from './relay-host';
import type { StandInsReady, StandInsRequest, StandInsStatus } from './standins-process';

export const secret = `whsec_${Buffer.from('benchmark-signing-secret-32-bytes').toString('base64')}`;

export interface Setup {
  standIns: ChildProcess;
  /** The relay's process (relay-host.ts). */
  relay: ChildProcess;
  url: string;
  dataDir: string;
}

/** The budget of the relay's peak resident memory (issue 15). */
export const rssBudgetBytes = 150 * 1024 * 1024;

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

/** The relay's own figures: its queues, its pacing, its CPU time and its memory (peak since start or reset). */
export async function relayStatus(setup: Setup): Promise<RelayHostStatus> {
  const answer = nextMessage<RelayHostStatus>(setup.relay, 'relay-status');
  setup.relay.send({ type: 'relay-status' } satisfies RelayHostRequest);
  return answer;
}

/** Starts the relay's peak resident memory again from what it holds now (a phase of its own). */
export async function resetPeakMemory(setup: Setup): Promise<void> {
  const done = nextMessage(setup.relay, 'peak-reset');
  setup.relay.send({ type: 'reset-peak' } satisfies RelayHostRequest);
  await done;
}

const root = join(__dirname, '..', '..');
let compiledHost: string | undefined;

/**
 * The node options production starts the relay with: those of `npm run start:production` (package.json), which the
 * Dockerfile's CMD repeats (a test checks that they agree).
 */
export function productionNodeOptions(): string[] {
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts;
  return (scripts['start:production'] ?? '').split(/\s+/).filter((word) => word.startsWith('--'));
}

/**
 * relay-host.ts and the relay's sources compiled with the build's settings (tsconfig.build.json), once per benchmark
 * run, into a folder of dist/ (inside the repository, so that node finds node_modules as an installed copy does),
 * removed when the benchmark ends.
 */
function relayHostProgram(): string {
  if (compiledHost) return compiledHost;
  const outDir = join(root, 'dist', `bench-relay-${process.pid}`);
  mkdirSync(outDir, { recursive: true });
  process.once('exit', () => {
    rmSync(outDir, { recursive: true, force: true });
  });
  writeFileSync(
    join(outDir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(root, 'tsconfig.build.json'),
      compilerOptions: { rootDir: root, outDir, sourceMap: false },
      include: [join(root, 'relay', 'src', '**', '*.ts'), join(root, 'scripts', 'bench', 'relay-host.ts')],
      exclude: [join(root, 'relay', 'src', '**', '__tests__', '**')]
    })
  );
  execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(outDir, 'tsconfig.json')], {
    cwd: root,
    stdio: 'inherit'
  });
  compiledHost = join(outDir, 'scripts', 'bench', 'relay-host.js');
  return compiledHost;
}

/** Asks the stand-ins' process to do something (board users at work) and waits until it has. */
export async function perform(setup: Setup, request: StandInsRequest): Promise<void> {
  const done = nextMessage(setup.standIns, 'done');
  setup.standIns.send(request);
  await done;
}

export async function setUp(options: SetupOptions = {}): Promise<Setup> {
  const program = relayHostProgram();
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
  const settings: RelayHostSettings = {
    port,
    dataDir,
    webhookSecret: secret,
    encryptionKey: randomBytes(32).toString('base64'),
    monday: { url: ready.mondayUrl, token: ready.mondayToken },
    salesforce: {
      loginUrl: ready.loginUrl,
      clientId: 'standin-client-id',
      clientSecret: 'standin-client-secret',
      refreshToken: ready.refreshToken
    },
    ...(options.pullingBoard
      ? { mondayWebhooks: { pathSecret, publicUrl: `http://127.0.0.1:${port}/v1/monday/webhooks/${pathSecret}` } }
      : {}),
    pollIntervalMs: 5
  };
  // Plain node with production's options, whatever the benchmark itself runs under (tsx).
  const relay = fork(program, [], {
    execArgv: productionNodeOptions(),
    stdio: 'inherit',
    env: { ...process.env, BENCH_RELAY_SETTINGS: JSON.stringify(settings) }
  });
  const { url } = await nextMessage<RelayHostReady>(relay, 'relay-ready');
  return { standIns, relay, url, dataDir };
}

export async function tearDown(setup: Setup): Promise<void> {
  const relayExited = new Promise((resolve) => setup.relay.once('exit', resolve));
  setup.relay.send({ type: 'stop' } satisfies RelayHostRequest);
  await relayExited;
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

/** Bytes as whole megabytes (MiB), for the figures. */
export const megabytes = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);

/** A peak resident memory against the budget, as the benchmarks print it. */
export function againstBudget(peakRss: number): string {
  return `${megabytes(peakRss)} MB (budget ${megabytes(rssBudgetBytes)} MB: ${peakRss <= rssBudgetBytes ? 'met' : 'NOT met'})`;
}
