// Which store the settings open: SQLite in the data folder unless DATABASE_URL names a PostgreSQL database, both
// variables checked at the boundary.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../test/manual-clock';
import { openStore, storeSettingsSchema } from '../open-store';

describe('the store settings', () => {
  it('take a PostgreSQL URL, or nothing', () => {
    expect(storeSettingsSchema.parse({})).toEqual({});
    expect(storeSettingsSchema.parse({ DATABASE_URL: 'postgres://relay:pw@db.example:5432/relay' })).toEqual({
      DATABASE_URL: 'postgres://relay:pw@db.example:5432/relay'
    });
    expect(storeSettingsSchema.safeParse({ DATABASE_URL: 'postgresql://db/relay' }).success).toBe(true);
    for (const wrong of ['mysql://db/relay', 'db.example:5432', 'postgres://'])
      expect(storeSettingsSchema.safeParse({ DATABASE_URL: wrong }).error?.issues[0]?.message).toMatch(
        /must be a postgres:\/\/ or postgresql:\/\/ URL/
      );
    expect(storeSettingsSchema.safeParse({ RELAY_WORKER_ID: 'relay-1.eu' }).success).toBe(true);
    expect(storeSettingsSchema.safeParse({ RELAY_WORKER_ID: 'two words' }).success).toBe(false);
  });

  it('open SQLite in the data folder when DATABASE_URL is unset', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'open-store-'));
    try {
      const store = await openStore({ dataDir: folder, workerId: 'relay-1' }, { clock: new ManualClock() });
      expect(store).toMatchObject({ engine: 'sqlite', workerId: 'relay-1', connectionId: 'default' });
      await store.jobs.enqueue([{ queue: 'q', orderingKey: 'a', payload: 1 }]);
      await store.close();
      const reopened = await openStore({ dataDir: folder }, { clock: new ManualClock() });
      expect(await reopened.jobs.counts('q')).toEqual({ pending: 1, running: 0, dead: 0 });
      await reopened.close();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
