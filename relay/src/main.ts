// `npm start`: the relay, configured from the environment (a .env file is read too). A half-configured relay stops
// with a message naming what is missing; with nothing configured at all it runs in local mode (./local).
import axios from 'axios';
import { config as loadDotEnv } from 'dotenv';
import { systemClock } from './core/clock';
import { ConfigError } from './core/errors';
import { type Logger, createLogger } from './core/logger';
import { startLocalMode } from './local/local-mode';
import { type RelayConfig, loadConfig, loadLocalConfig } from './config/env';
import { Relay } from './relay';

const credentialVariables = [
  'RELAY_WEBHOOK_SECRETS',
  'RELAY_ENCRYPTION_KEY',
  'MONDAY_API_TOKEN',
  'SALESFORCE_CLIENT_ID',
  'SALESFORCE_CLIENT_SECRET',
  'SALESFORCE_REFRESH_TOKEN'
];

/** The configuration, or 'local' when nothing is configured at all (the local mode), or undefined on an error. */
function readConfig(): RelayConfig | 'local' | undefined {
  loadDotEnv({ quiet: true });
  if (credentialVariables.every((name) => !process.env[name])) return 'local';
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      console.error(
        `Set every variable of the README's "Configuration" (or none of them, for the local mode): ${credentialVariables.join(', ')}.`
      );
      process.exitCode = 1;
      return undefined;
    }
    throw error;
  }
}

function stopOnSignals(stop: () => Promise<void>, logger: Logger): void {
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

/** No credentials: the relay with both stand-ins and a demo, on one machine. */
async function runLocalMode(): Promise<void> {
  const reset = process.argv.includes('--reset');
  let settings;
  try {
    settings = loadLocalConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
    return;
  }
  const { RELAY_PORT: port, RELAY_DATA_DIR: dataDir } = settings;
  // Warnings and errors only by default: the page shows what happens, and the console stays readable.
  const logger = createLogger(settings.RELAY_LOG_LEVEL);
  const local = await startLocalMode({ dataDir, port, reset, logger });
  console.log(
    [
      'monday.com <-> Salesforce sync: LOCAL MODE (nothing is configured, so nothing leaves this machine)',
      '',
      `  Open ${local.pageUrl} to see Salesforce Leads and a monday board side by side, and edit either.`,
      `  Running: the relay on ${local.url}, a stand-in Salesforce org at ${local.salesforce.loginUrl} and a stand-in`,
      `  monday account at ${local.monday.url}, with two recipes that sync the board "Leads (demo)" both ways.`,
      `  State is kept in ${dataDir} (${local.restored ? 'restored from the last run' : 'a fresh demo'}); \`npm start -- --reset\` starts afresh.`,
      '  To sync real accounts, set the variables of the README\'s "Configuration" (or a .env file).',
      `  Ready ${process.uptime().toFixed(1)} s after start. Ctrl-C stops it.`
    ].join('\n')
  );
  stopOnSignals(() => local.stop(), logger);
}

async function main(): Promise<void> {
  const config = readConfig();
  if (config === 'local') {
    await runLocalMode();
    return;
  }
  if (!config) return;
  const logger = createLogger(config.RELAY_LOG_LEVEL);
  const relay = new Relay(
    {
      dataDir: config.RELAY_DATA_DIR,
      webhookSecrets: config.RELAY_WEBHOOK_SECRETS,
      encryptionKey: config.RELAY_ENCRYPTION_KEY,
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
    `Relay listening on ${url} with the configured accounts (not the local mode): POST /v1/salesforce/changes, GET /healthz, /readyz, /metrics. Ctrl-C stops it.`
  );
  stopOnSignals(() => relay.stop(), logger);
}

main().catch((error: unknown) => {
  console.error(`The relay stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
