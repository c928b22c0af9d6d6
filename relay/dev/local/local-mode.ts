// The local mode (B9): with nothing configured, `npm start` runs the relay against the monday and Salesforce
// stand-ins in the same process, with a demo org and board and the two recipes that make the board two-way (F4 and
// F5), all set up through the paths a real setup uses: recipes are recipe records, the relay registers its webhooks
// with create_webhook, record changes reach it as signed batches (./package-emulator.ts), board changes as monday's
// webhooks. State is kept in the data folder; `--reset` starts afresh. A web page shows both sides (./local-page.ts).
import { mondayWebhookUrl } from '../../src/config/relay-settings';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import axios from 'axios';
import { systemClock } from '../../src/core/clock';
import { freePort } from '../../src/core/free-port';
import type { Logger } from '../../src/core/logger';
import { Relay } from '../../src/relay';
import { DataFolderLock } from '../../src/store/data-folder-lock';
import { MondayStandIn } from '../standins/monday/server';
import { SalesforceStandIn } from '../standins/salesforce/server';
import { normalizeId } from '../standins/salesforce/ids';
import { seedDemo } from './demo-data';
import { localPage } from './local-page';
import { PackageEmulator } from './package-emulator';
import { type SavedState, SavedStateFile } from './saved-state';

export interface LocalModeOptions {
  dataDir: string;
  /** The relay's port (0: any free port). */
  port: number;
  /** Start afresh: the data folder's relay store and stand-ins are deleted first. */
  reset?: boolean;
  logger: Logger;
  /** How often the relay looks for work; short here, so that the other side follows at once. */
  pollIntervalMs?: number;
}

export interface LocalMode {
  url: string;
  pageUrl: string;
  relay: Relay;
  salesforce: SalesforceStandIn;
  monday: MondayStandIn;
  boardId: string;
  /** True when the state came from the data folder rather than the demo seed. */
  restored: boolean;
  stop(): Promise<void>;
}

const mondayToken = 'local-mode-relay-token';
/** The stand-in org's connected app, as the relay knows it. */
const localClient = { id: 'local-mode-connected-app', secret: randomBytes(24).toString('base64url') };
const orgId = normalizeId('00D5g000004LoCa') ?? '';

/** A secret of the data folder's own, made once and kept (readable by its owner only). */
function localSecret(dataDir: string, name: string, make: () => string): string {
  const path = join(dataDir, name);
  if (!existsSync(path)) writeFileSync(path, make(), { mode: 0o600 });
  return readFileSync(path, 'utf8').trim();
}

export async function startLocalMode(options: LocalModeOptions): Promise<LocalMode> {
  // The folder first: a second local mode on it would run on its own copy of the state and overwrite this one's.
  const lock = DataFolderLock.acquire(options.dataDir);
  try {
    return await startOnLockedFolder(options, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function startOnLockedFolder(options: LocalModeOptions, lock: DataFolderLock): Promise<LocalMode> {
  const { dataDir, logger } = options;
  if (options.reset) {
    for (const name of [
      'relay.sqlite',
      'relay.sqlite-wal',
      'relay.sqlite-shm',
      'standins.json',
      'local-signing-secret',
      'local-encryption-key'
    ])
      rmSync(join(dataDir, name), { force: true });
  }
  mkdirSync(dataDir, { recursive: true });
  // The signing secret the relay and the emulated package share, and the key that seals the relay's stored tokens.
  const secret = localSecret(dataDir, 'local-signing-secret', () => `whsec_${randomBytes(32).toString('base64')}`);
  const encryptionKey = Buffer.from(
    localSecret(dataDir, 'local-encryption-key', () => randomBytes(32).toString('base64')),
    'base64'
  );
  const savedFile = new SavedStateFile(dataDir);
  const saved = savedFile.read();

  const monday = await new MondayStandIn({ clock: systemClock }).start();
  const salesforce = await new SalesforceStandIn({
    clock: systemClock,
    oauth: { clientId: localClient.id, clientSecret: localClient.secret }
  }).start();
  let boardId: string;
  let boardUserId: string;
  let relayUserId: string;
  if (saved) {
    salesforce.store.importState(saved.salesforce);
    monday.state.restore(saved.monday);
    ({ boardId, boardUserId, relayUserId } = saved);
    monday.authorize(mondayToken, relayUserId);
  } else {
    relayUserId = monday.addUser('Sync relay', 'relay@local.example', mondayToken).id;
    boardUserId = monday.addUser('Ada Lovelace', 'ada@local.example').id;
    boardId = '';
  }

  // The relay's address must be known before it starts: its webhooks are registered at its first round.
  const port = options.port === 0 ? await freePort() : options.port;
  const url = `http://127.0.0.1:${port}`;
  const pathSecret = randomBytes(18).toString('base64url');
  const publicUrl = mondayWebhookUrl(url, pathSecret);
  // The relay's address in the restored monday account: a real relay keeps its public URL across restarts.
  for (const webhook of monday.state.webhooks.values()) webhook.url = publicUrl;
  const routesBoard = { boardId };
  const relay = await Relay.open(
    {
      dataDir,
      webhookSecrets: [secret],
      encryptionKey,
      monday: { url: monday.url, token: mondayToken },
      salesforce: {
        loginUrl: salesforce.loginUrl,
        clientId: localClient.id,
        clientSecret: localClient.secret,
        refreshToken: salesforce.oauth.issueRefreshToken(salesforce.adminUserId)
      },
      mondayWebhooks: { pathSecret, publicUrl },
      pollIntervalMs: options.pollIntervalMs ?? 200,
      batchWaitMs: 300
    },
    {
      clock: systemClock,
      http: axios.create(),
      logger,
      dataFolderTaken: true,
      routes: localPage({
        salesforce,
        monday,
        get boardId() {
          return routesBoard.boardId;
        },
        boardUserId
      })
    }
  );
  const emulator = new PackageEmulator(salesforce.org, { relayUrl: url, secret, orgId }, logger);
  try {
    await relay.start(port, '127.0.0.1');
  } catch (error) {
    // Nothing is left running: the stand-ins close, the store is closed.
    emulator.stop();
    await relay.stop();
    await monday.close();
    await salesforce.close();
    throw error;
  }
  if (saved) emulator.restore(saved.outbox);
  else {
    ({ boardId } = seedDemo(monday, salesforce));
    routesBoard.boardId = boardId;
  }

  const snapshot = (): SavedState => ({
    version: 1,
    boardId,
    boardUserId,
    relayUserId,
    salesforce: salesforce.store.exportState(),
    monday: monday.state.snapshot(),
    outbox: emulator.unsent()
  });
  salesforce.org.onChange(() => {
    savedFile.writeSoon(snapshot);
  });
  monday.operations.events.on('change', () => {
    savedFile.writeSoon(snapshot);
  });
  savedFile.writeNow(snapshot);

  return {
    url,
    pageUrl: `${url}/local/`,
    relay,
    salesforce,
    monday,
    boardId,
    restored: saved !== undefined,
    async stop() {
      emulator.stop();
      await relay.stop();
      savedFile.writeNow(snapshot);
      await monday.close();
      await salesforce.close();
      lock.release();
    }
  };
}
