// The behaviour every JobQueue must have (../ports.ts). The SQLite store (sqlite-store.test.ts) and the PostgreSQL
// store (postgres-store.test.ts) run it unchanged, through ./store-contract.ts.
import type { ManualClock } from '../../../test/manual-clock';
import type { JobQueue, Store } from '../ports';

export interface StoreFixture {
  store: Store;
  clock: ManualClock;
  /** Another relay on the same store (PostgreSQL: its own pool and worker id), on the same clock. */
  another(): Promise<Store>;
  close(): Promise<void>;
}

export function describeJobQueueContract(name: string, makeFixture: () => Promise<StoreFixture>): void {
  describe(`${name} (job queue contract)`, () => {
    let fixture: StoreFixture;
    let store: JobQueue;
    beforeEach(async () => {
      fixture = await makeFixture();
      store = fixture.store.jobs;
    });
    afterEach(async () => {
      await fixture.close();
    });

    it('hands out due jobs with a lease, once, with their connection', async () => {
      await store.enqueue([{ queue: 'q', orderingKey: 'a', payload: { n: 1 } }]);
      const [job] = await store.claim('q', 60_000, 10);
      expect(job).toMatchObject({ payload: { n: 1 }, attempts: 1, connectionId: 'default', queue: 'q' });
      expect(await store.claim('q', 60_000, 10)).toEqual([]);
      expect(await store.complete(job!.id, job!.fencingToken)).toBe(true);
      expect(await store.counts('q')).toEqual({ pending: 0, running: 0, dead: 0 });
    });

    it('keeps payloads as they were given', async () => {
      const payloads = ['text', 42, null, [1, 'two'], { nested: { b: 1, a: [true, false] }, text: 'é \u0000 😀' }];
      await store.enqueue(payloads.map((payload, index) => ({ queue: 'q', orderingKey: `k${index}`, payload })));
      expect((await store.claim('q', 60_000, 10)).map((job) => job.payload)).toEqual(payloads);
    });

    it('hands out at once, with their attempt counted, the jobs a dead process had claimed', async () => {
      await store.enqueue([
        { queue: 'q', orderingKey: 'a', payload: 1 },
        { queue: 'q', orderingKey: 'b', payload: 2 }
      ]);
      const [claimed] = await store.claim('q', 60_000, 1);
      expect(await store.releaseAbandoned()).toBe(1);
      // The lease has not run out, yet the job is handed out again: its second attempt.
      const again = await store.claim('q', 60_000, 10);
      expect(again.map((job) => [job.payload, job.attempts])).toEqual([
        [1, 2],
        [2, 1]
      ]);
      // The dead process's claim is void.
      expect(await store.complete(claimed!.id, claimed!.fencingToken)).toBe(false);
      expect(await store.releaseAbandoned()).toBe(2);
    });

    it('counts the due pending jobs of a queue, up to a bound', async () => {
      await store.enqueue([
        { queue: 'q', orderingKey: 'a', payload: 1 },
        { queue: 'q', orderingKey: 'b', payload: 2 },
        { queue: 'q', orderingKey: 'c', payload: 3 },
        { queue: 'q', orderingKey: 'd', payload: 4, runAt: fixture.clock.now() + 1000 },
        { queue: 'other', orderingKey: 'e', payload: 5 }
      ]);
      expect(await store.due('q', 10)).toBe(3);
      expect(await store.due('q', 2)).toBe(2);
      await store.claim('q', 60_000, 1);
      expect(await store.due('q', 10)).toBe(2);
      fixture.clock.advance(1000);
      expect(await store.due('q', 10)).toBe(3);
    });

    it('does not hand out a job before its time, nor jobs of another queue', async () => {
      await store.enqueue([
        { queue: 'q', orderingKey: 'a', payload: 1, runAt: fixture.clock.now() + 1000 },
        { queue: 'other', orderingKey: 'b', payload: 2 }
      ]);
      expect(await store.claim('q', 60_000, 10)).toEqual([]);
      fixture.clock.advance(1000);
      expect(await store.claim('q', 60_000, 10)).toHaveLength(1);
    });

    it('hands out the jobs of one ordering key one at a time, oldest first, whichever relay claims', async () => {
      const other = (await fixture.another()).jobs;
      await store.enqueue([
        { queue: 'q', orderingKey: 'record-1', payload: 'first' },
        { queue: 'q', orderingKey: 'record-1', payload: 'second' },
        { queue: 'q', orderingKey: 'record-2', payload: 'other record' }
      ]);
      await other.enqueue([{ queue: 'q', orderingKey: 'record-1', payload: 'third' }]);
      const claimed = await store.claim('q', 60_000, 10);
      expect(claimed.map((job) => job.payload)).toEqual(['first', 'other record']);
      expect(await other.claim('q', 60_000, 10)).toEqual([]);
      await store.complete(claimed[0]!.id, claimed[0]!.fencingToken);
      const [second] = await other.claim('q', 60_000, 10);
      expect(second!.payload).toBe('second');
      expect(await store.claim('q', 60_000, 10)).toEqual([]);
      await other.complete(second!.id, second!.fencingToken);
      expect((await store.claim('q', 60_000, 10)).map((job) => job.payload)).toEqual(['third']);
    });

    it('keeps later changes of a record waiting while an earlier one backs off or is postponed', async () => {
      await store.enqueue([
        { queue: 'q', orderingKey: 'r', payload: 'first' },
        { queue: 'q', orderingKey: 'r', payload: 'second' },
        { queue: 'q', orderingKey: 's', payload: 'first of s' },
        { queue: 'q', orderingKey: 's', payload: 'second of s' }
      ]);
      const [first, firstOfS] = await store.claim('q', 60_000, 10);
      expect(await store.fail(first!.id, first!.fencingToken, { message: 'HTTP 503', retriable: true })).toBe(
        'retrying'
      );
      expect(
        await store.postpone(firstOfS!.id, firstOfS!.fencingToken, fixture.clock.now() + 60_000, 'rate limited')
      ).toBe(true);
      expect(await store.claim('q', 60_000, 10)).toEqual([]);
    });

    it('lets a record go on past a dead letter', async () => {
      await store.enqueue([
        { queue: 'q', orderingKey: 'r', payload: 'refused' },
        { queue: 'q', orderingKey: 'r', payload: 'next' }
      ]);
      const [refused] = await store.claim('q', 60_000, 10);
      await store.fail(refused!.id, refused!.fencingToken, { message: 'INVALID_FIELD', retriable: false });
      expect((await store.claim('q', 60_000, 10)).map((job) => job.payload)).toEqual(['next']);
    });

    it('gives a job whose relay died to another relay once the lease runs out, and ignores the first after', async () => {
      const other = (await fixture.another()).jobs;
      await store.enqueue([{ queue: 'q', orderingKey: 'a', payload: 1 }]);
      const [first] = await store.claim('q', 30_000, 1);
      expect(await other.claim('q', 30_000, 1)).toEqual([]);
      fixture.clock.advance(30_000);
      const [second] = await other.claim('q', 30_000, 1);
      expect(second).toMatchObject({ id: first!.id, attempts: 2 });
      expect(second!.fencingToken).toBeGreaterThan(first!.fencingToken);
      expect(await store.complete(first!.id, first!.fencingToken)).toBe(false);
      expect(await store.fail(first!.id, first!.fencingToken, { message: 'late', retriable: true })).toBe('lost');
      expect(await store.postpone(first!.id, first!.fencingToken, fixture.clock.now(), 'late')).toBe(false);
      expect(await store.release(first!.id, first!.fencingToken)).toBe(false);
      expect(await store.extendLease(first!.id, first!.fencingToken, 30_000)).toBe(false);
      expect(await other.complete(second!.id, second!.fencingToken)).toBe(true);
    });

    it('keeps a claim whose lease is extended', async () => {
      const other = (await fixture.another()).jobs;
      await store.enqueue([{ queue: 'q', orderingKey: 'a', payload: 1 }]);
      const [job] = await store.claim('q', 30_000, 1);
      fixture.clock.advance(20_000);
      expect(await store.extendLease(job!.id, job!.fencingToken, 30_000)).toBe(true);
      fixture.clock.advance(20_000);
      expect(await other.claim('q', 30_000, 1)).toEqual([]);
      expect(await store.complete(job!.id, job!.fencingToken)).toBe(true);
    });

    it('retries with backoff, then dead-letters with the reason after the last attempt', async () => {
      await store.enqueue([{ queue: 'q', orderingKey: 'a', payload: 'x', maxAttempts: 2 }]);
      const [first] = await store.claim('q', 60_000, 1);
      expect(await store.fail(first!.id, first!.fencingToken, { message: 'timeout', retriable: true })).toBe(
        'retrying'
      );
      // Equal jitter: at least half the first wait (1 s), never none.
      fixture.clock.advance(499);
      expect(await store.claim('q', 60_000, 1)).toEqual([]);
      fixture.clock.advance(10 * 60_000);
      const [second] = await store.claim('q', 60_000, 1);
      expect(await store.fail(second!.id, second!.fencingToken, { message: 'timeout again', retriable: true })).toBe(
        'dead'
      );
      expect(await store.listDead('q')).toEqual([
        expect.objectContaining({
          id: first!.id,
          connectionId: 'default',
          payload: 'x',
          attempts: 2,
          lastError: 'timeout again',
          finishedAt: fixture.clock.now()
        })
      ]);
      expect(await store.listDead('other')).toEqual([]);
      expect(await store.listDead()).toHaveLength(1);
      expect(await store.counts('q')).toEqual({ pending: 0, running: 0, dead: 1 });
    });

    it('dead-letters at once a failure no retry can mend', async () => {
      await store.enqueue([{ queue: 'q', orderingKey: 'a', payload: 'x' }]);
      const [job] = await store.claim('q', 60_000, 1);
      expect(
        await store.fail(job!.id, job!.fencingToken, { message: 'REQUIRED_FIELD_MISSING', retriable: false })
      ).toBe('dead');
    });

    it('requeues and drops dead jobs', async () => {
      await store.enqueue([
        { queue: 'q', orderingKey: 'a', payload: 'again' },
        { queue: 'q', orderingKey: 'b', payload: 'never' }
      ]);
      for (const job of await store.claim('q', 60_000, 2))
        await store.fail(job.id, job.fencingToken, { message: 'no', retriable: false });
      const [again, never] = await store.listDead('q');
      expect(await store.requeue(again!.id)).toBe(true);
      expect(await store.requeue(again!.id)).toBe(false);
      expect(await store.drop(never!.id)).toBe(true);
      expect(await store.drop(never!.id)).toBe(false);
      expect(await store.listDead('q')).toEqual([]);
      expect(await store.claim('q', 60_000, 10)).toEqual([expect.objectContaining({ payload: 'again', attempts: 1 })]);
    });

    it('postpones and releases without spending an attempt', async () => {
      await store.enqueue([{ queue: 'q', orderingKey: 'a', payload: 'x' }]);
      const [first] = await store.claim('q', 60_000, 1);
      expect(await store.postpone(first!.id, first!.fencingToken, fixture.clock.now() + 5_000, 'rate limited')).toBe(
        true
      );
      expect(await store.claim('q', 60_000, 1)).toEqual([]);
      fixture.clock.advance(5_000);
      const [second] = await store.claim('q', 60_000, 1);
      expect(second!.attempts).toBe(1);
      expect(await store.release(second!.id, second!.fencingToken)).toBe(true);
      expect((await store.claim('q', 60_000, 1))[0]!.attempts).toBe(1);
    });

    it('enqueues once by key: a delivery sent again queues nothing, until its key expires', async () => {
      const change = [{ queue: 'q', orderingKey: 'a', payload: 'change' }];
      expect(await store.enqueueOnce('batch-1', change, 60_000)).toBe(true);
      expect(await store.enqueueOnce('batch-1', change, 60_000)).toBe(false);
      expect(await store.enqueueOnce('batch-2', [], 60_000)).toBe(true);
      expect(await store.enqueueOnce('batch-2', change, 60_000)).toBe(false);
      expect(await store.counts('q')).toEqual({ pending: 1, running: 0, dead: 0 });
      expect(await fixture.store.dedup.seen('batch-1')).toBe(true);
      fixture.clock.advance(60_000);
      expect(await fixture.store.dedup.seen('batch-1')).toBe(false);
      expect(await store.enqueueOnce('batch-1', change, 60_000)).toBe(true);
      expect(await store.counts('q')).toEqual({ pending: 2, running: 0, dead: 0 });
    });

    it('enqueues once across relays receiving the same delivery at the same moment', async () => {
      const other = (await fixture.another()).jobs;
      const change = [{ queue: 'q', orderingKey: 'a', payload: 'change' }];
      const outcomes = await Promise.all([
        store.enqueueOnce('batch-1', change, 60_000),
        other.enqueueOnce('batch-1', change, 60_000)
      ]);
      expect(outcomes.sort()).toEqual([false, true]);
      expect(await store.counts('q')).toEqual({ pending: 1, running: 0, dead: 0 });
    });

    it('purges the jobs finished before a time, and only those', async () => {
      await store.enqueue(
        ['old', 'recent', 'dead', 'pending'].map((payload) => ({ queue: 'q', orderingKey: payload, payload }))
      );
      const jobs = await store.claim('q', 60_000, 3);
      await store.complete(jobs[0]!.id, jobs[0]!.fencingToken);
      fixture.clock.advance(1000);
      const cutoff = fixture.clock.now();
      await store.complete(jobs[1]!.id, jobs[1]!.fencingToken);
      await store.fail(jobs[2]!.id, jobs[2]!.fencingToken, { message: 'no', retriable: false });
      expect(await store.purgeFinished(cutoff)).toBe(1);
      expect(await store.purgeFinished(cutoff)).toBe(0);
      expect(await store.purgeFinished(cutoff + 1)).toBe(1);
      expect(await store.listDead('q')).toHaveLength(1);
      expect(await store.counts('q')).toEqual({ pending: 1, running: 0, dead: 1 });
    });
  });
}
