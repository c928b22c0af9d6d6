// The behaviour every Store must have (../ports.ts): its job queue (./job-store-contract.ts), what the sync keeps
// besides (links, synced values, deduplication, items seen, webhooks, pending creates, watermarks), leases, units of
// work, and connections kept apart. SQLite and PostgreSQL run it unchanged.
import type { Link, ReadItem, Store } from '../ports';
import { type StoreFixture, describeJobQueueContract } from './job-store-contract';

export type { StoreFixture } from './job-store-contract';

const link: Omit<Link, 'lastSyncAt'> = {
  recipeId: 'a035g0000000001AAA',
  recordId: '00Q5g0000000001AAA',
  objectApiName: 'Lead',
  boardId: '1000000001',
  itemId: '1000000002',
  itemName: 'Smith',
  itemUrl: null,
  lastStatus: 'Synced',
  lastError: null
};

const record = '00Q000000000001AAA';

const item = (id: string, updatedAt: string, name = 'Acme'): ReadItem => ({
  id,
  name,
  updated_at: updatedAt,
  column_values: [{ id: 'text', value: '"x"' }]
});

export function describeStoreContract(name: string, makeFixture: () => Promise<StoreFixture>): void {
  describeJobQueueContract(name, makeFixture);

  describe(`${name} (store contract)`, () => {
    let fixture: StoreFixture;
    let store: Store;
    beforeEach(async () => {
      fixture = await makeFixture();
      store = fixture.store;
    });
    afterEach(async () => {
      await fixture.close();
    });

    async function push(): Promise<Link[]> {
      const pending = await store.links.unpushed(200);
      await store.links.markPushed(pending);
      return pending;
    }

    describe('links', () => {
      it('finds a link by record, item, board and record alone', async () => {
        expect(await store.links.find(link.recipeId, link.recordId)).toBeUndefined();
        const saved = await store.links.save({ ...link, snapshot: { status: 'Working on it' } });
        expect(saved.lastSyncAt).toBe(fixture.clock.now());
        const expected = { ...saved, snapshot: { status: 'Working on it' } };
        expect(await store.links.find(link.recipeId, link.recordId)).toEqual(expected);
        expect(await store.links.findByItem(link.recipeId, link.itemId)).toEqual(expected);
        expect(await store.links.findOnBoard(link.boardId, link.recordId)).toEqual(expected);
        expect(await store.links.findRecord(link.recordId)).toEqual(expected);
        expect(await store.links.findOnBoard('another board', link.recordId)).toBeUndefined();
      });

      it('pushes a new link, and again when its state changes', async () => {
        await store.links.save(link);
        expect(await push()).toHaveLength(1);
        expect(await push()).toEqual([]);
        fixture.clock.advance(1000);
        await store.links.save({ ...link, lastStatus: 'Failed', lastError: 'Salesforce: locked' });
        expect(await push()).toEqual([
          expect.objectContaining({ lastStatus: 'Failed', lastError: 'Salesforce: locked' })
        ]);
        fixture.clock.advance(1000);
        await store.links.save({ ...link, snapshot: { status: 'Done' } });
        expect(await push()).toEqual([expect.objectContaining({ snapshot: { status: 'Done' }, lastStatus: 'Synced' })]);
        fixture.clock.advance(1000);
        // No snapshot given: the last one stays, and nothing new is to be pushed.
        await store.links.save(link);
        expect(await push()).toEqual([]);
        expect((await store.links.find(link.recipeId, link.recordId))?.snapshot).toEqual({ status: 'Done' });
      });

      it('pushes a link whose only news is a later sync time at most every 15 minutes', async () => {
        await store.links.save(link);
        await push();
        fixture.clock.advance(5 * 60_000);
        await store.links.save(link);
        expect(await push()).toEqual([]);
        fixture.clock.advance(10 * 60_000);
        await store.links.save(link);
        expect(await push()).toEqual([expect.objectContaining({ lastSyncAt: fixture.clock.now() })]);
      });

      it('keeps a change made while a push was under way for the next push', async () => {
        await store.links.save(link);
        const pending = await store.links.unpushed(200);
        fixture.clock.advance(1000);
        await store.links.save({ ...link, lastStatus: 'Failed', lastError: 'refused' });
        await store.links.markPushed(pending);
        expect(await store.links.unpushed(200)).toEqual([expect.objectContaining({ lastStatus: 'Failed' })]);
      });
    });

    describe('links waiting', () => {
      it('tells when the oldest link waiting was synced, and nothing once all are pushed', async () => {
        expect(await store.links.oldestUnpushedAt()).toBeUndefined();
        const first = await store.links.save(link);
        fixture.clock.advance(1000);
        await store.links.save({ ...link, recordId: '00Q5g0000000002AAA', itemId: '1000000003' });
        expect(await store.links.oldestUnpushedAt()).toBe(first.lastSyncAt);
        await store.links.markPushed(await store.links.unpushed(200));
        expect(await store.links.oldestUnpushedAt()).toBeUndefined();
      });
    });

    describe('synced values', () => {
      it('names the fields whose value differs from the last synced one, and those never synced', async () => {
        await store.synced.remember('board-1', record, { Company: 'Acme', AnnualRevenue: 1200, Street: null });
        expect(
          await store.synced.compare('board-1', record, {
            Company: 'Acme',
            AnnualRevenue: 1300,
            Street: null,
            Email: 'a@b.example'
          })
        ).toEqual({ changed: ['AnnualRevenue', 'Email'], neverSynced: ['Email'] });
        expect(await store.synced.lastValues('board-1', record)).toEqual(
          new Map<string, unknown>([
            ['Company', 'Acme'],
            ['AnnualRevenue', 1200],
            ['Street', null]
          ])
        );
      });

      it('keeps boards apart, takes the last value, and forgets a record on every board', async () => {
        const address = { street: '1 Main St', city: 'Paris' };
        await store.synced.remember('board-1', record, { Company: 'Acme', Address: address });
        await store.synced.remember('board-1', record, { Company: 'Initech' });
        await store.synced.remember('board-2', record, { Company: 'Globex' });
        expect(
          (await store.synced.compare('board-1', record, { Company: 'Initech', Address: { ...address } })).changed
        ).toEqual([]);
        expect((await store.synced.compare('board-2', record, { Company: 'Initech' })).changed).toEqual(['Company']);
        await store.synced.forget(record);
        expect((await store.synced.compare('board-1', record, { Company: 'Initech' })).neverSynced).toEqual([
          'Company'
        ]);
        expect((await store.synced.compare('board-2', record, { Company: 'Initech' })).neverSynced).toEqual([
          'Company'
        ]);
      });

      it('supersedes the Salesforce changes a board won, up to their time', async () => {
        await store.synced.remember('board-1', record, { Company: 'Acme', Phone: '1' });
        await store.synced.supersede('board-1', record, ['Company'], 2_000);
        await store.synced.supersede('board-1', record, ['Company'], 1_000);
        expect(await store.synced.superseded('board-1', record, ['Phone', 'Company'], 2_000)).toEqual(['Company']);
        expect(await store.synced.superseded('board-1', record, ['Phone', 'Company'], 2_001)).toEqual([]);
        expect(await store.synced.superseded('board-2', record, ['Company'], 0)).toEqual([]);
      });

      it('gives a record’s synced state as a snapshot the planners decide with', async () => {
        await store.synced.remember('board-1', record, { Company: 'Acme', Phone: '1' });
        await store.synced.supersede('board-1', record, ['Company'], 2_000);
        expect(await store.synced.snapshot('board-1', record)).toEqual(
          new Map([
            ['Company', { stored: '"Acme"', supersededThrough: 2_000 }],
            ['Phone', { stored: '"1"', supersededThrough: null }]
          ])
        );
        expect(await store.synced.snapshot('board-2', record)).toEqual(new Map());
      });
    });

    describe('deduplication', () => {
      it('remembers a key until it expires, and purges expired keys', async () => {
        expect(await store.dedup.seen('event-1')).toBe(false);
        expect(await store.dedup.remember('event-1', 1_000)).toBe(true);
        expect(await store.dedup.remember('event-1', 1_000)).toBe(false);
        expect(await store.dedup.remember('event-2', 5_000)).toBe(true);
        expect(await store.dedup.seen('event-1')).toBe(true);
        fixture.clock.advance(1_000);
        expect(await store.dedup.seen('event-1')).toBe(false);
        expect(await store.dedup.purgeExpired(fixture.clock.now())).toBe(1);
        expect(await store.dedup.seen('event-2')).toBe(true);
        expect(await store.dedup.remember('event-1', 1_000)).toBe(true);
      });
    });

    describe('items seen', () => {
      it('tells an item read in a later state, in the same second, or not at all', async () => {
        await store.itemsSeen.record([
          item('1', '2026-11-25T10:00:05Z'),
          item('2', '2026-11-25T10:00:05Z'),
          // The older reading of an item in one list does not win.
          item('2', '2026-11-25T09:00:00Z', 'older'),
          { ...item('3', ''), updated_at: null }
        ]);
        expect(await store.itemsSeen.status('1', '2026-11-25T10:00:04Z')).toBe('seen');
        expect(await store.itemsSeen.status('1', '2026-11-25T10:00:05Z')).toBe('same-second');
        expect(await store.itemsSeen.status('1', '2026-11-25T10:00:06Z')).toBe('new');
        expect(await store.itemsSeen.status('3', '2026-11-25T10:00:06Z')).toBe('new');
        expect(await store.itemsSeen.unchanged(item('2', '2026-11-25T10:00:05Z'))).toBe(true);
        expect(await store.itemsSeen.unchanged(item('2', '2026-11-25T10:00:05Z', 'renamed'))).toBe(false);
        // A reading older than the one kept is ignored.
        await store.itemsSeen.record([item('1', '2026-11-25T09:00:00Z', 'older')]);
        expect(await store.itemsSeen.unchanged(item('1', '2026-11-25T10:00:05Z'))).toBe(true);
      });
    });

    describe('webhooks, pending creates, watermarks', () => {
      it('keeps the webhooks the relay created', async () => {
        await store.webhooks.add({ boardId: '2', event: 'create_item', webhookId: 'w3' });
        await store.webhooks.add({ boardId: '1', event: 'create_item', webhookId: 'w1' });
        await store.webhooks.add({ boardId: '1', event: 'change_name', webhookId: 'w2' });
        await store.webhooks.remove('2', 'create_item');
        expect(await store.webhooks.list()).toEqual([
          { boardId: '1', event: 'change_name', webhookId: 'w2' },
          { boardId: '1', event: 'create_item', webhookId: 'w1' }
        ]);
      });

      it('marks the records whose item may exist until their answer clears them', async () => {
        await store.pendingCreates.mark([
          { boardId: '1', recordId: 'a' },
          { boardId: '1', recordId: 'a' },
          { boardId: '1', recordId: 'b' }
        ]);
        expect(await store.pendingCreates.has('1', 'a')).toBe(true);
        expect(await store.pendingCreates.has('2', 'a')).toBe(false);
        await store.pendingCreates.clear([{ boardId: '1', recordId: 'a' }]);
        expect(await store.pendingCreates.has('1', 'a')).toBe(false);
        expect(await store.pendingCreates.has('1', 'b')).toBe(true);
      });

      it("keeps how far each board's poll has read", async () => {
        expect(await store.watermarks.get('1')).toBeUndefined();
        await store.watermarks.set('1', '2026-11-25T10:00:00Z');
        await store.watermarks.set('1', '2026-11-25T11:00:00Z');
        expect(await store.watermarks.get('1')).toBe('2026-11-25T11:00:00Z');
      });
    });

    describe('secrets', () => {
      it('keeps a sealed secret by name, the last one put, apart for each connection', async () => {
        expect(await store.secrets.get('salesforce-refresh-token')).toBeUndefined();
        await store.secrets.put('salesforce-refresh-token', { origin: 'o1', sealed: 's1' });
        await store.secrets.put('salesforce-refresh-token', { origin: 'o1', sealed: 's2' });
        expect(await store.secrets.get('salesforce-refresh-token')).toEqual({ origin: 'o1', sealed: 's2' });
        expect(await store.forConnection('sandbox').secrets.get('salesforce-refresh-token')).toBeUndefined();
      });

      it('gives a secret taken once to one caller only, and deletes one of a connection only', async () => {
        await store.secrets.put('oauth-state:abc', { origin: 'o', sealed: 'state' });
        await store.forConnection('sandbox').secrets.put('oauth-state:abc', { origin: 'o', sealed: 'other' });
        const [first, second] = await Promise.all([
          store.secrets.take('oauth-state:abc'),
          store.secrets.take('oauth-state:abc')
        ]);
        expect([first, second].filter(Boolean)).toEqual([{ origin: 'o', sealed: 'state' }]);
        expect(await store.secrets.get('oauth-state:abc')).toBeUndefined();
        await store.secrets.put('monday-token', { origin: 'o', sealed: 'token' });
        await store.forConnection('sandbox').secrets.delete('monday-token');
        expect(await store.secrets.get('monday-token')).toEqual({ origin: 'o', sealed: 'token' });
        await store.secrets.delete('monday-token');
        expect(await store.secrets.get('monday-token')).toBeUndefined();
        expect(await store.forConnection('sandbox').secrets.get('oauth-state:abc')).toEqual({
          origin: 'o',
          sealed: 'other'
        });
      });

      it('deletes the secrets whose time is up, of every connection, and keeps those without one', async () => {
        await store
          .forConnection('_connect')
          .secrets.put('state', { origin: 'o', sealed: 's' }, fixture.clock.now() + 10);
        await store.secrets.put('token', { origin: 'o', sealed: 't' });
        expect(await store.secrets.purgeExpired(fixture.clock.now())).toBe(0);
        fixture.clock.advance(10);
        expect(await store.secrets.purgeExpired(fixture.clock.now())).toBe(1);
        expect(await store.forConnection('_connect').secrets.get('state')).toBeUndefined();
        expect(await store.secrets.get('token')).toEqual({ origin: 'o', sealed: 't' });
        // Put again without a time: kept for good.
        await store.secrets.put('token', { origin: 'o', sealed: 't2' }, fixture.clock.now());
        await store.secrets.put('token', { origin: 'o', sealed: 't3' });
        fixture.clock.advance(10);
        expect(await store.secrets.purgeExpired(fixture.clock.now())).toBe(0);
      });
    });

    describe('connections', () => {
      it('keeps every connection with a revision that each change bumps, seen from any view', async () => {
        expect(await store.connections.list()).toEqual([]);
        expect(await store.connections.put('c_prod', '{"label":"Production"}')).toBe(1);
        fixture.clock.advance(1000);
        expect(await store.forConnection('sandbox').connections.put('c_uat', '{"label":"UAT"}')).toBe(1);
        expect(await store.connections.put('c_prod', '{"label":"Production EU"}')).toBe(2);
        expect(await store.connections.get('c_prod')).toEqual({
          id: 'c_prod',
          record: '{"label":"Production EU"}',
          revision: 2,
          updatedAt: fixture.clock.now()
        });
        expect((await store.connections.list()).map((row) => [row.id, row.revision])).toEqual([
          ['c_prod', 2],
          ['c_uat', 1]
        ]);
        await store.connections.delete('c_uat');
        expect(await store.connections.get('c_uat')).toBeUndefined();
        expect((await store.connections.list()).map((row) => row.id)).toEqual(['c_prod']);
      });

      it("deletes everything of one connection on purpose, and nothing of another's", async () => {
        const fill = async (id: string): Promise<Store> => {
          const view = store.forConnection(id);
          await store.connections.put(id, '{}');
          await view.jobs.enqueue([{ queue: 'q', orderingKey: 'Lead:1', payload: 1 }]);
          await view.links.save(link);
          await view.synced.remember('board-1', link.recordId, { Company: 'Acme' });
          await view.webhooks.add({ boardId: '1', event: 'create_item', webhookId: `w-${id}` });
          await view.pendingCreates.mark([{ boardId: '1', recordId: 'a' }]);
          await view.watermarks.set('1', '2026-11-25T10:00:00Z');
          await view.secrets.put('monday-token', { origin: 'o', sealed: id });
          return view;
        };
        const gone = await fill('c_gone');
        const kept = await fill('c_kept');
        expect(await store.connections.purge('c_gone')).toBeGreaterThanOrEqual(8);
        expect(await store.connections.get('c_gone')).toBeUndefined();
        expect(await gone.jobs.counts('q')).toEqual({ pending: 0, running: 0, dead: 0 });
        expect(await gone.links.findRecord(link.recordId)).toBeUndefined();
        expect(await gone.webhooks.list()).toEqual([]);
        expect(await gone.pendingCreates.has('1', 'a')).toBe(false);
        expect(await gone.watermarks.get('1')).toBeUndefined();
        expect(await gone.secrets.get('monday-token')).toBeUndefined();

        expect(await store.connections.get('c_kept')).toBeDefined();
        expect((await kept.jobs.counts('q')).pending).toBe(1);
        expect(await kept.links.findRecord(link.recordId)).toBeDefined();
        expect(await kept.webhooks.list()).toHaveLength(1);
        expect(await kept.secrets.get('monday-token')).toEqual({ origin: 'o', sealed: 'c_kept' });
        expect(await store.connections.purge('c_gone')).toBe(0);
      });
    });

    describe('leases', () => {
      it('lets one relay at a time hold a key, the next one with a larger fencing token', async () => {
        const other = await fixture.another();
        const first = await store.leases.acquire('board:1', 30_000);
        expect(first).toMatchObject({ key: 'board:1', until: fixture.clock.now() + 30_000 });
        expect(await other.leases.acquire('board:1', 30_000)).toBeUndefined();
        expect(await store.leases.acquire('board:1', 30_000)).toBeUndefined();
        expect(await other.leases.acquire('board:2', 30_000)).toBeDefined();
        fixture.clock.advance(20_000);
        expect(await store.leases.renew(first!, 30_000)).toBe(true);
        fixture.clock.advance(20_000);
        expect(await other.leases.acquire('board:1', 30_000)).toBeUndefined();
        fixture.clock.advance(10_000);
        const second = await other.leases.acquire('board:1', 30_000);
        expect(second!.fencingToken).toBeGreaterThan(first!.fencingToken);
        // The first holder's lease ran out: it can neither renew nor release the second's.
        expect(await store.leases.renew(first!, 30_000)).toBe(false);
        expect(await store.leases.release(first!)).toBe(false);
        expect(await other.leases.release(second!)).toBe(true);
        expect(await other.leases.release(second!)).toBe(false);
        const third = await store.leases.acquire('board:1', 30_000);
        expect(third!.fencingToken).toBeGreaterThan(second!.fencingToken);
      });

      it('ends at once the leases a killed holder left, not only when they run out', async () => {
        const held = await store.leases.acquire('board:1', 60_000);
        expect(await store.leases.releaseAbandoned()).toBe(1);
        const next = await store.leases.acquire('board:1', 60_000);
        expect(next!.fencingToken).toBeGreaterThan(held!.fencingToken);
        expect(await store.leases.release(held!)).toBe(false);
      });
    });

    describe('units of work', () => {
      it('commits what a transaction wrote together, through the view it was handed or the store itself', async () => {
        const answer = await store.transaction(async (tx) => {
          await tx.jobs.enqueue([{ queue: 'q', orderingKey: 'a', payload: 1 }]);
          await store.synced.remember('board-1', record, { Company: 'Acme' });
          await tx.links.save(link);
          return 'done';
        });
        expect(answer).toBe('done');
        expect(await store.jobs.counts('q')).toMatchObject({ pending: 1 });
        expect(await store.links.find(link.recipeId, link.recordId)).toBeDefined();
        expect((await store.synced.compare('board-1', record, { Company: 'Acme' })).changed).toEqual([]);
      });

      it('writes none of it when the work throws, and answers its error', async () => {
        const failure = store.transaction(async (tx) => {
          await tx.jobs.enqueueOnce('batch-1', [{ queue: 'q', orderingKey: 'a', payload: 1 }], 60_000);
          await store.links.save(link);
          throw new Error('the work failed');
        });
        await expect(failure).rejects.toThrow('the work failed');
        expect(await store.jobs.counts('q')).toEqual({ pending: 0, running: 0, dead: 0 });
        expect(await store.dedup.seen('batch-1')).toBe(false);
        expect(await store.links.find(link.recipeId, link.recordId)).toBeUndefined();
      });

      it('rolls back an inner transaction alone when it throws and the outer one goes on', async () => {
        await store.transaction(async (tx) => {
          await tx.synced.remember('board-1', record, { Company: 'Acme' });
          await expect(
            store.transaction(async (inner) => {
              await inner.links.save(link);
              throw new Error('inner');
            })
          ).rejects.toThrow('inner');
        });
        expect(await store.links.find(link.recipeId, link.recordId)).toBeUndefined();
        expect((await store.synced.compare('board-1', record, { Company: 'Acme' })).changed).toEqual([]);
      });

      it('keeps a write made outside an open transaction out of it (it is not rolled back with it)', async () => {
        let opened: () => void = () => undefined;
        const open = new Promise<void>((resolve) => {
          opened = resolve;
        });
        let finish: () => void = () => undefined;
        const finishing = new Promise<void>((resolve) => {
          finish = resolve;
        });
        const transaction = store.transaction(async (tx) => {
          await tx.links.save(link);
          opened();
          await finishing;
          throw new Error('rolled back');
        });
        await open;
        const outside = store.synced.remember('board-1', record, { Company: 'Acme' });
        finish();
        await expect(transaction).rejects.toThrow('rolled back');
        await outside;
        expect(await store.links.find(link.recipeId, link.recordId)).toBeUndefined();
        expect((await store.synced.lastValues('board-1', record)).get('Company')).toBe('Acme');
      });

      it('settles a job and what it leaves known as one write', async () => {
        await store.jobs.enqueue([{ queue: 'q', orderingKey: 'a', payload: 1 }]);
        const [job] = await store.jobs.claim('q', 60_000, 1);
        await store.transaction(async (tx) => {
          if (await tx.jobs.complete(job!.id, job!.fencingToken))
            await tx.synced.remember('board-1', record, { Company: 'Acme' });
        });
        expect(await store.jobs.counts('q')).toEqual({ pending: 0, running: 0, dead: 0 });
        expect((await store.synced.lastValues('board-1', record)).get('Company')).toBe('Acme');
      });

      it('answers whether the store takes writes', async () => {
        expect(await store.writable()).toBe(true);
      });
    });

    describe('connections', () => {
      it("keeps each connection's jobs, links, synced values, keys and webhooks apart", async () => {
        const sandbox = store.forConnection('sandbox');
        expect(sandbox.connectionId).toBe('sandbox');
        // A sandbox is a copy of production: the same record ids.
        await store.links.save(link);
        await sandbox.links.save({ ...link, itemId: '2000000002' });
        expect((await store.links.find(link.recipeId, link.recordId))?.itemId).toBe(link.itemId);
        expect((await sandbox.links.find(link.recipeId, link.recordId))?.itemId).toBe('2000000002');
        await store.synced.remember('board-1', record, { Company: 'Acme' });
        expect((await sandbox.synced.compare('board-1', record, { Company: 'Acme' })).neverSynced).toEqual(['Company']);
        await store.jobs.enqueueOnce('batch-1', [{ queue: 'q', orderingKey: 'r', payload: 'production' }], 60_000);
        expect(
          await sandbox.jobs.enqueueOnce('batch-1', [{ queue: 'q', orderingKey: 'r', payload: 'sandbox' }], 60_000)
        ).toBe(true);
        // One ordering key in two connections: two records, not one.
        const [claimed] = await sandbox.jobs.claim('q', 60_000, 10);
        expect(claimed).toMatchObject({ payload: 'sandbox', connectionId: 'sandbox' });
        expect(await store.jobs.claim('q', 60_000, 10)).toEqual([
          expect.objectContaining({ payload: 'production', connectionId: 'default' })
        ]);
        await store.webhooks.add({ boardId: '1', event: 'create_item', webhookId: 'w1' });
        expect(await sandbox.webhooks.list()).toEqual([]);
        expect(await sandbox.leases.acquire('board:1', 30_000)).toBeDefined();
        expect(await store.leases.acquire('board:1', 30_000)).toBeDefined();
      });
    });
  });
}
