// What the relay's commands share: the store opened as the relay opens it (the PostgreSQL of DATABASE_URL, or SQLite
// in RELAY_DATA_DIR, ./data by default, from the environment or the .env file), one command run, its lines printed.
import { config as loadDotEnv } from 'dotenv';
import { systemClock } from '../core/clock';
import { openStore, storeSettingsSchema } from '../store/open-store';
import type { Store } from '../store/ports';

export type StoreCommand = (args: string[], store: Store) => Promise<{ lines: string[]; exitCode: number }>;

export function runStoreCommand(command: StoreCommand): void {
  const run = async (): Promise<void> => {
    loadDotEnv({ quiet: true });
    const settings = storeSettingsSchema.parse(process.env);
    const store = await openStore(
      { databaseUrl: settings.DATABASE_URL, dataDir: process.env.RELAY_DATA_DIR ?? './data' },
      { clock: systemClock }
    );
    try {
      const { lines, exitCode } = await command(process.argv.slice(2), store);
      for (const line of lines) console.log(line);
      process.exitCode = exitCode;
    } finally {
      await store.close();
    }
  };
  run().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
