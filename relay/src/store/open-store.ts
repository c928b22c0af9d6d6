// Which engine holds the store: SQLite in the data folder (the default, one relay), or PostgreSQL when DATABASE_URL
// is set (several relays on one database). The variables are validated here, at the boundary, with zod; the
// relay's configuration (../config/env.ts) takes them in with `storeVariables`.
import { join } from 'node:path';
import { z } from 'zod';
import type { Clock } from '../core/clock';
import { openDatabase } from './database';
import type { Store } from './ports';
import { PostgresStore } from './postgres/postgres-store';
import { SqliteStore } from './sqlite-store';

export const storeVariables = {
  /** postgres://user:password@host:5432/database: the store is PostgreSQL; unset, it is SQLite in RELAY_DATA_DIR. */
  DATABASE_URL: z
    .string()
    .refine((value) => /^postgres(ql)?:\/\/./.test(value) && URL.canParse(value), {
      message: 'must be a postgres:// or postgresql:// URL (postgres://user:password@host:5432/database)'
    })
    .optional(),
  /**
   * This relay's name among those sharing a PostgreSQL store, kept across restarts (a stable host name): a restarted
   * relay then takes back its unfinished claims at once. Unset, each start is a new worker, and its previous claims
   * wait for their leases to run out. Two running relays must never share one.
   */
  RELAY_WORKER_ID: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'must be 1 to 100 letters, digits, ".", "_", ":" or "-"' })
    .optional()
};

export const storeSettingsSchema = z.object(storeVariables);

export interface StoreSettings {
  databaseUrl?: string | undefined;
  workerId?: string | undefined;
  /** The SQLite store's folder, or ':memory:'. */
  dataDir: string;
}

export interface StoreDependencies {
  clock: Clock;
  /** An idle PostgreSQL connection broke; the pool replaces it (for the log). */
  onIdleError?: (error: Error) => void;
}

/** Opens and migrates the store the settings name; throws StoreError, naming it and what to do, when it cannot. */
export async function openStore(settings: StoreSettings, dependencies: StoreDependencies): Promise<Store> {
  const { clock } = dependencies;
  const workerId = settings.workerId ? { workerId: settings.workerId } : {};
  if (settings.databaseUrl)
    return PostgresStore.open({
      databaseUrl: settings.databaseUrl,
      clock,
      ...workerId,
      ...(dependencies.onIdleError ? { onIdleError: dependencies.onIdleError } : {})
    });
  const path = settings.dataDir === ':memory:' ? ':memory:' : join(settings.dataDir, 'relay.sqlite');
  return Promise.resolve(new SqliteStore(openDatabase(path), { clock, ...workerId }));
}
