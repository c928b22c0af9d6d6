// A relay that admins connect from the browser, on a loopback port, against the stand-ins: for the connect flow's
// tests. Its public URL is where it listens; each org given has its package's named credential pointed at it.
import { randomBytes } from 'node:crypto';
import axios from 'axios';
import { type Clock, systemClock } from '../src/core/clock';
import { freePort } from '../src/core/free-port';
import { type Logger, createLogger } from '../src/core/logger';
import { RelayMetrics } from '../src/core/metrics';
import { Relay } from '../src/relay';
import type { MondayStandIn } from '../dev/standins/monday/server';
import type { SalesforceStandIn } from '../dev/standins/salesforce/server';

export interface ConnectRelayOptions {
  monday: MondayStandIn;
  /** The orgs whose package calls this relay. */
  salesforce?: readonly SalesforceStandIn[];
  /** A monday app for OAuth (on the monday stand-in's OAuth host). */
  mondayApp?: { clientId: string; clientSecret: string; oauthUrl: string };
  clock?: Clock;
  logger?: Logger;
  pollIntervalMs?: number;
  batchWaitMs?: number;
}

export async function startConnectRelay(options: ConnectRelayOptions): Promise<{ relay: Relay; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  for (const org of options.salesforce ?? []) org.packageConnection.namedCredentialUrl = base;
  const relay = await Relay.open(
    {
      dataDir: ':memory:',
      encryptionKey: randomBytes(32),
      connect: {
        publicUrl: base,
        salesforce: { clientId: 'standin-client-id', clientSecret: 'standin-client-secret' },
        mondayApiUrl: options.monday.url,
        ...(options.mondayApp ? { mondayApp: options.mondayApp } : {})
      },
      pollIntervalMs: options.pollIntervalMs ?? 50,
      ...(options.batchWaitMs !== undefined ? { batchWaitMs: options.batchWaitMs } : {})
    },
    {
      clock: options.clock ?? systemClock,
      http: axios.create(),
      logger: options.logger ?? createLogger('silent'),
      metrics: new RelayMetrics(false)
    }
  );
  await relay.start(port, '127.0.0.1');
  return { relay, base };
}
