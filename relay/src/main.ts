// The relay's production entry (`node dist/relay/main.js`, the container image): configured from the environment (a .env
// file is read too). A half-configured relay stops with a message naming what is missing. Local mode, the
// stand-ins and the demo are development aids and are not part of this build: `npm start` (relay/dev/start.ts)
// runs them when nothing is configured.
import axios from 'axios';
import { config as loadDotEnv } from 'dotenv';
import { systemClock } from './core/clock';
import { ConfigError } from './core/errors';
import { type Logger, createLogger } from './core/logger';
import { type RelayConfig, loadConfig } from './config/env';
import { relaySettingsOf } from './config/relay-settings';
import { Relay } from './relay';

/** Any of these set means the relay is meant to run configured (docs/operations.md). */
export const credentialVariables = [
  'RELAY_ENCRYPTION_KEY',
  'SALESFORCE_CLIENT_ID',
  'SALESFORCE_CLIENT_SECRET',
  'RELAY_PUBLIC_URL',
  'RELAY_WEBHOOK_SECRETS',
  'MONDAY_API_TOKEN',
  'SALESFORCE_REFRESH_TOKEN',
  'MONDAY_CLIENT_ID',
  'MONDAY_CLIENT_SECRET'
] as const;

/** Whether any credential is set: none at all means "not configured" (local mode under `npm start`). */
export function hasAnyCredential(env: NodeJS.ProcessEnv): boolean {
  return credentialVariables.some((name) => Boolean(env[name]));
}

/** The configuration, or undefined after saying what is wrong (exit code 1). */
function readConfig(env: NodeJS.ProcessEnv): RelayConfig | undefined {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      console.error(
        'Set RELAY_ENCRYPTION_KEY, SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET and RELAY_PUBLIC_URL to connect from ' +
          'the browser, and/or RELAY_WEBHOOK_SECRETS, MONDAY_API_TOKEN and SALESFORCE_REFRESH_TOKEN for one connection ' +
          '(docs/operations.md).'
      );
      process.exitCode = 1;
      return undefined;
    }
    throw error;
  }
}

export function stopOnSignals(stop: () => Promise<void>, logger: Logger): void {
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'stopping');
    stop()
      .then(() => {
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

/** The relay with the configured accounts, until SIGINT or SIGTERM. */
export async function runConfiguredRelay(env: NodeJS.ProcessEnv): Promise<void> {
  const config = readConfig(env);
  if (!config) return;
  const logger = createLogger(config.RELAY_LOG_LEVEL);
  const settings = relaySettingsOf(config);
  const relay = await Relay.open(settings, { clock: systemClock, http: axios.create(), logger });
  const url = await relay.start(config.RELAY_PORT);
  const serves = [
    settings.salesforce ? 'the environment connection (POST /v1/salesforce/changes)' : undefined,
    settings.connect ? `the connect flow (${settings.connect.publicUrl}/connect)` : undefined
  ].filter(Boolean);
  console.log(`Relay listening on ${url}: ${serves.join(' and ')}; GET /healthz, /readyz, /metrics. Ctrl-C stops it.`);
  stopOnSignals(() => relay.stop(), logger);
}

/** Reports a failure to start and sets the exit code. */
export function reportStartFailure(error: unknown): void {
  console.error(`The relay stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

if (require.main === module) {
  loadDotEnv({ quiet: true });
  if (hasAnyCredential(process.env)) {
    runConfiguredRelay(process.env).catch(reportStartFailure);
  } else {
    console.error(
      'Nothing is configured. Set the variables of docs/operations.md (or a .env file). Local mode, with stand-ins ' +
        'for both services, is a development aid: run it from a clone with `npm ci && npm start`.'
    );
    process.exitCode = 1;
  }
}
