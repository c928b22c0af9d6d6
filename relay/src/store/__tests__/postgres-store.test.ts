// The PostgreSQL store against the store contract, on a server this file starts (relay/test/postgres-server.ts),
// then what only several relays on one database can show: two claimers at once, two migrations at once. Without
// PostgreSQL installed these tests fail, saying how to install it.
import { Client } from 'pg';
import { ManualClock } from '../../../test/manual-clock';
import { type PostgresServer, startPostgres } from '../../../test/postgres-server';
import { StoreError } from '../../core/errors';
import { openStore } from '../open-store';
import { PostgresStore } from '../postgres/postgres-store';
import { postgresMigrations } from '../postgres/postgres-migrations';
import { describeStoreContract } from './store-contract';

let server: PostgresServer | undefined;
beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(() => {
  server?.stop();
});

/** The server beforeAll started: a test runs only once it has. */
const started = (): PostgresServer => {
  if (!server) throw new Error('The PostgreSQL server did not start');
  return server;
};

/** Empties the relay's tables (after migrating them, the first time) so that each test starts from nothing. */
async function emptied(databaseUrl: string): Promise<void> {
  await (await PostgresStore.open({ databaseUrl, clock: new ManualClock() })).close();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'relay' AND tablename <> 'schema_migrations'`
    );
    await client.query(`TRUNCATE ${rows.map((row) => `relay.${row.tablename}`).join(', ')} RESTART IDENTITY`);
  } finally {
    await client.end();
  }
}

describeStoreContract('PostgreSQL store', async () => {
  const { databaseUrl } = started();
  await emptied(databaseUrl);
  const clock = new ManualClock();
  const open = () => PostgresStore.open({ databaseUrl, clock, random: () => 0.5, poolSize: 4 });
  const store = await open();
  const others: PostgresStore[] = [];
  return {
    store,
    clock,
    another: async () => {
      const other = await open();
      others.push(other);
      return other;
    },
    close: async () => {
      await Promise.all([store, ...others].map((each) => each.close()));
    }
  };
});

describe('PostgreSQL store, several relays', () => {
  it('hands each job to one of two concurrent claimers, one job of a record at a time, in order', async () => {
    const databaseUrl = await started().createDatabase('concurrent_claims');
    const clock = { now: () => Date.now() };
    // Two relays: each its own pool of connections, as two processes would have.
    const [first, second] = await Promise.all(
      ['relay-1', 'relay-2'].map((workerId) => PostgresStore.open({ databaseUrl, clock, workerId, poolSize: 4 }))
    );
    try {
      const records = 40;
      const changesPerRecord = 25;
      // Both relays take changes in at the same time, each in its own order, as behind a load balancer: every record
      // gets changes from both.
      const intake = async (store: PostgresStore, relay: number): Promise<void> => {
        for (let change = relay; change < changesPerRecord; change += 2)
          await store.jobs.enqueue(
            Array.from({ length: records }, (_, record) => ({
              queue: 'q',
              orderingKey: `record-${record}`,
              payload: { relay, change }
            }))
          );
      };
      await Promise.all([intake(first!, 0), intake(second!, 1)]);
      const total = records * changesPerRecord;

      const claimedIds = new Set<number>();
      const running = new Set<string>();
      const applied = new Map<string, { id: number; relay: number; change: number }[]>();
      let overlaps = 0;
      const work = async (store: PostgresStore): Promise<number> => {
        let done = 0;
        for (let idle = 0; idle < 5;) {
          const jobs = await store.jobs.claim('q', 60_000, 7);
          if (jobs.length === 0) {
            idle += 1;
            await new Promise((resolve) => setTimeout(resolve, 5));
            continue;
          }
          idle = 0;
          for (const job of jobs) {
            if (claimedIds.has(job.id)) throw new Error(`job ${job.id} was claimed twice`);
            claimedIds.add(job.id);
            if (running.has(job.orderingKey)) overlaps += 1;
            running.add(job.orderingKey);
          }
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
          for (const job of jobs) {
            const { relay, change } = job.payload as { relay: number; change: number };
            applied.set(job.orderingKey, [...(applied.get(job.orderingKey) ?? []), { id: job.id, relay, change }]);
            running.delete(job.orderingKey);
            expect(await store.jobs.complete(job.id, job.fencingToken)).toBe(true);
            done += 1;
          }
        }
        return done;
      };
      const [byFirst, bySecond] = await Promise.all([work(first!), work(second!)]);

      expect(byFirst + bySecond).toBe(total);
      expect(claimedIds.size).toBe(total);
      expect(byFirst).toBeGreaterThan(0);
      expect(bySecond).toBeGreaterThan(0);
      expect(overlaps).toBe(0);
      for (const changes of applied.values()) {
        expect(changes).toHaveLength(changesPerRecord);
        // Applied in the order the store took them in...
        const ids = changes.map((change) => change.id);
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
        // ...which keeps the order in which each relay took them in.
        for (const relay of [0, 1]) {
          const fromRelay = changes.filter((change) => change.relay === relay).map((change) => change.change);
          expect(fromRelay).toEqual([...fromRelay].sort((a, b) => a - b));
        }
      }
      expect(await first!.jobs.counts('q')).toEqual({ pending: 0, running: 0, dead: 0 });
    } finally {
      await Promise.all([first?.close(), second?.close()]);
    }
  }, 60_000);

  it('takes back at start only the claims of its own worker id', async () => {
    const databaseUrl = await started().createDatabase('abandoned_claims');
    const clock = new ManualClock();
    const open = (workerId: string) => PostgresStore.open({ databaseUrl, clock, workerId });
    const [alive, restarted] = await Promise.all([open('relay-1'), open('relay-2')]);
    try {
      await alive.jobs.enqueue([
        { queue: 'q', orderingKey: 'a', payload: 'a' },
        { queue: 'q', orderingKey: 'b', payload: 'b' }
      ]);
      await alive.jobs.claim('q', 60_000, 1);
      await restarted.jobs.claim('q', 60_000, 1);
      expect(await restarted.jobs.releaseAbandoned()).toBe(1);
      expect(await alive.jobs.counts('q')).toEqual({ pending: 1, running: 1, dead: 0 });
    } finally {
      await Promise.all([alive.close(), restarted.close()]);
    }
  });

  it('migrates once when several relays start at once, and refuses a schema a newer relay wrote', async () => {
    const databaseUrl = await started().createDatabase('migrations');
    const clock = new ManualClock();
    const stores = await Promise.all(Array.from({ length: 4 }, () => PostgresStore.open({ databaseUrl, clock })));
    await Promise.all(stores.map((store) => store.close()));
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: number }>('SELECT version FROM relay.schema_migrations');
      expect(rows.map((row) => row.version)).toEqual(postgresMigrations.map((_, index) => index + 1));
      await client.query('INSERT INTO relay.schema_migrations (version) VALUES (999)');
    } finally {
      await client.end();
    }
    const opening = PostgresStore.open({ databaseUrl, clock });
    await expect(opening).rejects.toThrow(StoreError);
    await expect(opening).rejects.toThrow(
      /migrated by a newer version of the relay \(schema version 999; .*run that version/
    );
  });

  it('says which database does not answer and what to do, without its password', async () => {
    const databaseUrl = `postgres://relay:secret-password@127.0.0.1:${started().port}/no_such_database`;
    const opening = openStore({ databaseUrl, dataDir: ':memory:' }, { clock: new ManualClock() });
    await expect(opening).rejects.toThrow(StoreError);
    const message = await opening.catch((error: unknown) => (error as Error).message);
    expect(message).toMatch(/PostgreSQL at 127\.0\.0\.1:\d+\/no_such_database/);
    expect(message).not.toContain('secret-password');
  });
});
