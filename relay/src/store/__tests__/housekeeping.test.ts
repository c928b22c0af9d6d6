// The scheduled cleaning: finished jobs deleted once a week old, expired deduplication keys deleted, dead letters
// kept; a failed cleaning is logged and the schedule goes on.
import { ManualClock } from '../../../test/manual-clock';
import { openDatabase } from '../database';
import { StoreHousekeeping } from '../housekeeping';
import { SqliteStore } from '../sqlite-store';

const day = 24 * 60 * 60_000;

describe('store housekeeping', () => {
  it('deletes week-old finished jobs and expired keys, and keeps dead letters', async () => {
    const clock = new ManualClock();
    const store = new SqliteStore(openDatabase(':memory:'), { clock });
    const housekeeping = new StoreHousekeeping(store, clock, { warn: jest.fn() });
    await store.jobs.enqueueOnce('batch-1', [{ queue: 'q', orderingKey: 'a', payload: 1 }], day);
    await store.jobs.enqueue([{ queue: 'q', orderingKey: 'b', payload: 2 }]);
    const [done, dead] = await store.jobs.claim('q', 60_000, 2);
    await store.jobs.complete(done!.id, done!.fencingToken);
    await store.jobs.fail(dead!.id, dead!.fencingToken, { message: 'no', retriable: false });
    expect(await housekeeping.runOnce()).toEqual({ jobs: 0, keys: 0, secrets: 0 });
    clock.advance(7 * day + 1);
    expect(await housekeeping.runOnce()).toEqual({ jobs: 1, keys: 1, secrets: 0 });
    expect(await store.jobs.listDead('q')).toHaveLength(1);
    await store.close();
  });

  it("deletes the connect flow's OAuth states never called back once expired, of any connection, and nothing else", async () => {
    const clock = new ManualClock();
    const store = new SqliteStore(openDatabase(':memory:'), { clock });
    const housekeeping = new StoreHousekeeping(store, clock, { warn: jest.fn() });
    const states = store.forConnection('_connect').secrets;
    await states.put('oauth-state:a', { origin: 'connect', sealed: 'a' }, clock.now() + 15 * 60_000);
    await states.put('oauth-state:b', { origin: 'connect', sealed: 'b' }, clock.now() + 30 * 60_000);
    await store.forConnection('c_prod').secrets.put('monday-token', { origin: 'o', sealed: 't' });
    expect((await housekeeping.runOnce()).secrets).toBe(0);
    clock.advance(15 * 60_000);
    expect((await housekeeping.runOnce()).secrets).toBe(1);
    expect(await states.get('oauth-state:a')).toBeUndefined();
    expect(await states.get('oauth-state:b')).toBeDefined();
    clock.advance(365 * day);
    expect((await housekeeping.runOnce()).secrets).toBe(1);
    expect(await store.forConnection('c_prod').secrets.get('monday-token')).toEqual({ origin: 'o', sealed: 't' });
    await store.close();
  });

  it('runs on a schedule, logging a cleaning that fails', async () => {
    jest.useFakeTimers();
    try {
      const clock = new ManualClock();
      const store = new SqliteStore(openDatabase(':memory:'), { clock });
      const warn = jest.fn();
      const housekeeping = new StoreHousekeeping(store, clock, { warn }, { everyMs: 1000 });
      const purge = jest
        .spyOn(store.jobs, 'purgeFinished')
        .mockRejectedValueOnce(new Error('disk I/O error'))
        .mockResolvedValue(0);
      housekeeping.start();
      await jest.advanceTimersByTimeAsync(0);
      expect(warn).toHaveBeenCalledWith(
        { err: expect.any(Error) },
        'the store could not be cleaned; tried again later'
      );
      await jest.advanceTimersByTimeAsync(2000);
      expect(purge).toHaveBeenCalledTimes(3);
      housekeeping.stop();
      await jest.advanceTimersByTimeAsync(5000);
      expect(purge).toHaveBeenCalledTimes(3);
      await store.close();
    } finally {
      jest.useRealTimers();
    }
  });
});
