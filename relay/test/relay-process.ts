// The relay as production runs it (`relay/src/main.ts`, configured from the environment) in a child process, against
// stand-ins of the caller's: for tests and the soak that kill it with SIGKILL in the middle of its work and start it
// again on the same data folder.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/core/free-port';
import type { MondayStandIn } from '../dev/standins/monday/server';
import type { SalesforceStandIn } from '../dev/standins/salesforce/server';

export interface RelayProcessSettings {
  dataDir: string;
  /** Kept across restarts: monday's webhooks point to it. */
  port: number;
  webhookSecret: string;
  monday: { url: string; token: string };
  salesforce: { loginUrl: string; clientId: string; clientSecret: string; refreshToken: string };
  /** The monday webhook endpoint's path secret (its public URL is on the loopback port). */
  webhookPathSecret: string;
  logLevel?: string;
  /** A file that gets what the relay writes (its log), across restarts. */
  logFile?: string;
  /** The program and its arguments: the TypeScript entry through tsx by default, or a build's `main.js`. */
  command?: readonly string[];
  /** More of the relay's variables (DATABASE_URL, RELAY_WORKER_ID, RELAY_LEASE_SECONDS...). */
  env?: Record<string, string>;
}

const sourceEntry = [process.execPath, '--import', 'tsx', join(__dirname, '..', 'src', 'main.ts')];

export class RelayProcess {
  private child: ChildProcess | undefined;
  /** What the process wrote to its standard error, across restarts (shown when something goes wrong). */
  errors = '';
  private readonly encryptionKey = randomBytes(32).toString('base64');

  constructor(private readonly settings: RelayProcessSettings) {}

  /** The running process's id (its memory is read from /proc by the benchmark). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get url(): string {
    return `http://127.0.0.1:${this.settings.port}`;
  }

  /** Starts the relay and waits until it listens. */
  async start(): Promise<void> {
    const { settings } = this;
    const [program = process.execPath, ...args] = settings.command ?? sourceEntry;
    const child = spawn(program, args, {
      env: {
        ...process.env,
        RELAY_PORT: String(settings.port),
        RELAY_DATA_DIR: settings.dataDir,
        RELAY_LOG_LEVEL: settings.logLevel ?? 'warn',
        RELAY_WEBHOOK_SECRETS: settings.webhookSecret,
        RELAY_ENCRYPTION_KEY: this.encryptionKey,
        MONDAY_API_URL: settings.monday.url,
        MONDAY_API_TOKEN: settings.monday.token,
        SALESFORCE_LOGIN_URL: settings.salesforce.loginUrl,
        SALESFORCE_CLIENT_ID: settings.salesforce.clientId,
        SALESFORCE_CLIENT_SECRET: settings.salesforce.clientSecret,
        SALESFORCE_REFRESH_TOKEN: settings.salesforce.refreshToken,
        RELAY_PUBLIC_URL: this.url,
        MONDAY_WEBHOOK_PATH_SECRET: settings.webhookPathSecret,
        ...settings.env
      },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    this.child = child;
    child.stderr.on('data', (chunk: Buffer) => {
      this.errors += chunk.toString();
    });
    if (settings.logFile) {
      const log = createWriteStream(settings.logFile, { flags: 'a' });
      child.stdout.pipe(log);
      child.stderr.pipe(log);
    }
    await new Promise<void>((resolve, reject) => {
      let printed = '';
      child.stdout.on('data', (chunk: Buffer) => {
        printed += chunk.toString();
        if (printed.includes('Relay listening')) resolve();
      });
      child.once('exit', (code) => {
        reject(new Error(`the relay ended (${String(code)}) before it listened: ${printed}${this.errors}`));
      });
    });
  }

  /** SIGKILL: the process ends at once, whatever it was doing. */
  async kill(): Promise<void> {
    await this.end('SIGKILL');
  }

  /** SIGTERM: the graceful shutdown. */
  async stop(): Promise<void> {
    await this.end('SIGTERM');
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
    this.child = undefined;
  }
}

/** A relay process against the stand-ins: their addresses, the monday token, the org's refresh token. */
export function relayProcessFor(
  standIns: { monday: MondayStandIn; mondayToken: string; salesforce: SalesforceStandIn },
  settings: Pick<
    RelayProcessSettings,
    'dataDir' | 'port' | 'webhookSecret' | 'webhookPathSecret' | 'logLevel' | 'logFile' | 'command' | 'env'
  >
): RelayProcess {
  const { monday, mondayToken, salesforce } = standIns;
  return new RelayProcess({
    ...settings,
    monday: { url: monday.url, token: mondayToken },
    salesforce: {
      loginUrl: salesforce.loginUrl,
      clientId: salesforce.oauth.settings.clientId,
      clientSecret: salesforce.oauth.settings.clientSecret,
      refreshToken: salesforce.oauth.issueRefreshToken(salesforce.adminUserId)
    }
  });
}

/** Waits until `check` holds (polled every 50 ms), or fails after `timeoutMs` saying what was awaited. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Relays that share one PostgreSQL store, each a process with a data folder of its own (removed by `cleanUp`). */
export async function relaysSharingStore(
  standIns: { monday: MondayStandIn; mondayToken: string; salesforce: SalesforceStandIn },
  settings: { names: string[]; databaseUrl: string; webhookSecret: string; env?: Record<string, string> }
): Promise<{ relays: RelayProcess[]; cleanUp: () => void }> {
  // Every relay of a store opens what another sealed there (the rotated refresh token): one key for all.
  const encryptionKey = randomBytes(32).toString('base64');
  const folders: string[] = [];
  const relays: RelayProcess[] = [];
  for (const name of settings.names) {
    const dataDir = mkdtempSync(join(tmpdir(), `${name}-`));
    folders.push(dataDir);
    relays.push(
      relayProcessFor(standIns, {
        dataDir,
        port: await freePort(),
        webhookSecret: settings.webhookSecret,
        webhookPathSecret: `shared-store-webhook-path-${name}`,
        env: {
          DATABASE_URL: settings.databaseUrl,
          RELAY_WORKER_ID: name,
          RELAY_ENCRYPTION_KEY: encryptionKey,
          ...settings.env
        }
      })
    );
  }
  return {
    relays,
    cleanUp: () => {
      for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    }
  };
}
