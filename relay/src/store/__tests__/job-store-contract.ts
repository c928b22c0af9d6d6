// The behaviour every JobStore must have. The SQLite store runs it (sqlite-job-store.test.ts); a PostgreSQL store
// would run it unchanged.
import { ManualClock } from '../../../test/manual-clock';
import type { JobStore } from '../job-store';

export interface JobStoreFixture {
  store: JobStore;
  clock: ManualClock;
  close(): void;
}

export function describeJobStoreContract(name: string, makeFixture: () => JobStoreFixture): void {
  describe(`${name} (job store contract)`, () => {
    let fixture: JobStoreFixture;
    let store: JobStore;
    beforeEach(() => {
      fixture = makeFixture();
      store = fixture.store;
    });
    afterEach(() => {
      fixture.close();
    });

    it('hands out due jobs with a lease, once', () => {
      store.enqueue([{ queue: 'q', orderingKey: 'a', payload: { n: 1 } }]);
      const [job] = store.claim('q', 60_000, 10);
      expect(job).toMatchObject({ payload: { n: 1 }, attempts: 1 });
      expect(store.claim('q', 60_000, 10)).toEqual([]);
      expect(store.complete(job!.id, job!.fencingToken)).toBe(true);
      expect(store.counts('q')).toEqual({ pending: 0, running: 0, dead: 0 });
    });

    it('hands out at once, with their attempt counted, the jobs a dead process had claimed', () => {
      store.enqueue([
        { queue: 'q', orderingKey: 'a', payload: 1 },
        { queue: 'q', orderingKey: 'b', payload: 2 }
      ]);
      const [claimed] = store.claim('q', 60_000, 1);
      expect(store.releaseAbandoned()).toBe(1);
      // The lease has not run out, yet the job is handed out again: its second attempt.
      const again = store.claim('q', 60_000, 10);
      expect(again.map((job) => [job.payload, job.attempts])).toEqual([
        [1, 2],
        [2, 1]
      ]);
      // The dead process's claim is void.
      expect(store.complete(claimed!.id, claimed!.fencingToken)).toBe(false);
      expect(store.releaseAbandoned()).toBe(2);
    });

    it('counts the due pending jobs of a queue, up to a bound', () => {
      store.enqueue([
        { queue: 'q', orderingKey: 'a', payload: 1 },
        { queue: 'q', orderingKey: 'b', payload: 2 },
        { queue: 'q', orderingKey: 'c', payload: 3 },
        { queue: 'q', orderingKey: 'd', payload: 4, runAt: fixture.clock.now() + 1000 },
        { queue: 'other', orderingKey: 'e', payload: 5 }
      ]);
      expect(store.due('q', 10)).toBe(3);
      expect(store.due('q', 2)).toBe(2);
      store.claim('q', 60_000, 1);
      expect(store.due('q', 10)).toBe(2);
      fixture.clock.advance(1000);
      expect(store.due('q', 10)).toBe(3);
    });

    it('does not hand out a job before its time, nor jobs of another queue', () => {
      store.enqueue([
        { queue: 'q', orderingKey: 'a', payload: 1, runAt: fixture.clock.now() + 1000 },
        { queue: 'other', orderingKey: 'b', payload: 2 }
      ]);
      expect(store.claim('q', 60_000, 10)).toEqual([]);
      fixture.clock.advance(1000);
      expect(store.claim('q', 60_000, 10)).toHaveLength(1);
    });

    it('hands out the jobs of one ordering key one at a time, oldest first', () => {
      store.enqueue([
        { queue: 'q', orderingKey: 'record-1', payload: 'first' },
        { queue: 'q', orderingKey: 'record-1', payload: 'second' },
        { queue: 'q', orderingKey: 'record-2', payload: 'other record' }
      ]);
      const claimed = store.claim('q', 60_000, 10);
      expect(claimed.map((job) => job.payload)).toEqual(['first', 'other record']);
      store.complete(claimed[0]!.id, claimed[0]!.fencingToken);
      expect(store.claim('q', 60_000, 10).map((job) => job.payload)).toEqual(['second']);
    });

    it('keeps later changes of a record waiting while an earlier one backs off', () => {
      store.enqueue([
        { queue: 'q', orderingKey: 'r', payload: 'first' },
        { queue: 'q', orderingKey: 'r', payload: 'second' }
      ]);
      const [first] = store.claim('q', 60_000, 10);
      expect(store.fail(first!.id, first!.fencingToken, { message: 'HTTP 503', retriable: true })).toBe('retrying');
      expect(store.claim('q', 60_000, 10)).toEqual([]);
    });

    it('gives a job whose worker died to another worker once the lease runs out, and ignores the first worker after', () => {
      store.enqueue([{ queue: 'q', orderingKey: 'a', payload: 1 }]);
      const [first] = store.claim('q', 30_000, 1);
      expect(store.claim('q', 30_000, 1)).toEqual([]);
      fixture.clock.advance(30_000);
      const [second] = store.claim('q', 30_000, 1);
      expect(second).toMatchObject({ id: first!.id, attempts: 2 });
      expect(store.complete(first!.id, first!.fencingToken)).toBe(false);
      expect(store.fail(first!.id, first!.fencingToken, { message: 'late', retriable: true })).toBe('lost');
      expect(store.complete(second!.id, second!.fencingToken)).toBe(true);
    });

    it('retries with backoff, then dead-letters with the reason after the last attempt', () => {
      store.enqueue([{ queue: 'q', orderingKey: 'a', payload: 'x', maxAttempts: 2 }]);
      const [first] = store.claim('q', 60_000, 1);
      expect(store.fail(first!.id, first!.fencingToken, { message: 'timeout', retriable: true })).toBe('retrying');
      expect(store.claim('q', 60_000, 1)).toEqual([]);
      fixture.clock.advance(10 * 60_000);
      const [second] = store.claim('q', 60_000, 1);
      expect(store.fail(second!.id, second!.fencingToken, { message: 'timeout again', retriable: true })).toBe('dead');
      expect(store.listDead('q')).toEqual([
        expect.objectContaining({ id: first!.id, payload: 'x', attempts: 2, lastError: 'timeout again' })
      ]);
      expect(store.counts('q')).toEqual({ pending: 0, running: 0, dead: 1 });
    });

    it('dead-letters at once a failure no retry can mend', () => {
      store.enqueue([{ queue: 'q', orderingKey: 'a', payload: 'x' }]);
      const [job] = store.claim('q', 60_000, 1);
      expect(store.fail(job!.id, job!.fencingToken, { message: 'REQUIRED_FIELD_MISSING', retriable: false })).toBe(
        'dead'
      );
    });

    it('requeues and drops dead jobs', () => {
      store.enqueue([
        { queue: 'q', orderingKey: 'a', payload: 'again' },
        { queue: 'q', orderingKey: 'b', payload: 'never' }
      ]);
      for (const job of store.claim('q', 60_000, 2))
        store.fail(job.id, job.fencingToken, { message: 'no', retriable: false });
      const [again, never] = store.listDead('q');
      expect(store.requeue(again!.id)).toBe(true);
      expect(store.drop(never!.id)).toBe(true);
      expect(store.listDead('q')).toEqual([]);
      expect(store.claim('q', 60_000, 10)).toEqual([expect.objectContaining({ payload: 'again', attempts: 1 })]);
    });

    it('postpones and releases without spending an attempt', () => {
      store.enqueue([{ queue: 'q', orderingKey: 'a', payload: 'x' }]);
      const [first] = store.claim('q', 60_000, 1);
      expect(store.postpone(first!.id, first!.fencingToken, fixture.clock.now() + 5_000, 'rate limited')).toBe(true);
      expect(store.claim('q', 60_000, 1)).toEqual([]);
      fixture.clock.advance(5_000);
      const [second] = store.claim('q', 60_000, 1);
      expect(second!.attempts).toBe(1);
      expect(store.release(second!.id, second!.fencingToken)).toBe(true);
      expect(store.claim('q', 60_000, 1)[0]!.attempts).toBe(1);
    });
  });
}
