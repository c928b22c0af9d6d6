// `npm start`: with nothing configured, local mode (the relay beside stand-ins for both services and a demo, on
// one machine); with the accounts configured, the relay itself (as relay/src/main.ts in production).
import { config as loadDotEnv } from 'dotenv';
import { ConfigError } from '../src/core/errors';
import { createLogger } from '../src/core/logger';
import { loadLocalConfig } from '../src/config/env';
import { hasAnyCredential, reportStartFailure, runConfiguredRelay, stopOnSignals } from '../src/main';
import { startLocalMode } from './local/local-mode';

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
      '  To sync real accounts, set the variables of docs/operations.md (or a .env file).',
      `  Ready ${process.uptime().toFixed(1)} s after start. Ctrl-C stops it.`
    ].join('\n')
  );
  stopOnSignals(() => local.stop(), logger);
}

loadDotEnv({ quiet: true });
(hasAnyCredential(process.env) ? runConfiguredRelay(process.env) : runLocalMode()).catch(reportStartFailure);
