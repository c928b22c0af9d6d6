// `npm start`: the relay, configured from the environment (a .env file is read too). A half-configured relay stops
// with a message naming what is missing; nothing configured at all explains how to configure it.
import axios from 'axios';
import { config as loadDotEnv } from 'dotenv';
import { systemClock } from './core/clock';
import { ConfigError } from './core/errors';
import { createLogger } from './core/logger';
import { type RelayConfig, loadConfig } from './config/env';
import { Relay } from './relay';

const credentialVariables = [
  'RELAY_WEBHOOK_SECRETS',
  'RELAY_ENCRYPTION_KEY',
  'MONDAY_API_TOKEN',
  'SALESFORCE_CLIENT_ID',
  'SALESFORCE_CLIENT_SECRET',
  'SALESFORCE_REFRESH_TOKEN'
];

function readConfig(): RelayConfig | undefined {
  loadDotEnv({ quiet: true });
  if (credentialVariables.every((name) => !process.env[name])) {
    console.log(
      [
        'monday.com <-> Salesforce sync relay',
        '',
        'Nothing is configured yet. Set these variables (or put them in a .env file) and run `npm start` again:',
        ...credentialVariables.map((name) => `  ${name}`),
        'See the README, "Configuration", for what each one is. The local demo mode (no accounts needed) is not built yet.'
      ].join('\n')
    );
    return undefined;
  }
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exitCode = 1;
      return undefined;
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  if (!config) return;
  const logger = createLogger(config.RELAY_LOG_LEVEL);
  const relay = new Relay(
    {
      dataDir: config.RELAY_DATA_DIR,
      webhookSecrets: config.RELAY_WEBHOOK_SECRETS,
      monday: { url: config.MONDAY_API_URL, token: config.MONDAY_API_TOKEN },
      salesforce: {
        loginUrl: config.SALESFORCE_LOGIN_URL,
        clientId: config.SALESFORCE_CLIENT_ID,
        clientSecret: config.SALESFORCE_CLIENT_SECRET,
        refreshToken: config.SALESFORCE_REFRESH_TOKEN
      },
      ...(config.RELAY_PUBLIC_URL && config.MONDAY_WEBHOOK_PATH_SECRET
        ? {
            mondayWebhooks: {
              pathSecret: config.MONDAY_WEBHOOK_PATH_SECRET,
              publicUrl: `${config.RELAY_PUBLIC_URL.replace(/\/$/, '')}/v1/monday/webhooks/${config.MONDAY_WEBHOOK_PATH_SECRET}`,
              ...(config.MONDAY_SIGNING_SECRET ? { signingSecret: config.MONDAY_SIGNING_SECRET } : {})
            }
          }
        : {})
    },
    { clock: systemClock, http: axios.create(), logger }
  );
  const url = await relay.start(config.RELAY_PORT);
  console.log(
    `Relay listening on ${url}: POST /v1/salesforce/changes, GET /healthz, /readyz, /metrics. Ctrl-C stops it.`
  );
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'stopping');
    relay
      .stop()
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

main().catch((error: unknown) => {
  console.error(`The relay stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
