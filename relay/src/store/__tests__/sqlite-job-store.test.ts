import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../test/manual-clock';
import { openDatabase } from '../database';
import { backoffDelay } from '../job-store';
import { SqliteJobStore } from '../sqlite-job-store';

// The job queue contract runs on the SQLite store, which answers with this class (sqlite-store.test.ts).

describe('SqliteJobStore on disk', () => {
  it('keeps accepted jobs across a crash: a claimed job comes back when its lease runs out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobs-'));
    const path = join(dir, 'relay.sqlite');
    const clock = new ManualClock();
    try {
      const before = openDatabase(path);
      const store = new SqliteJobStore(before, { clock });
      store.enqueue([{ queue: 'q', orderingKey: 'a', payload: { change: 1 } }]);
      store.claim('q', 30_000, 1);
      before.close();

      const after = openDatabase(path);
      const reopened = new SqliteJobStore(after, { clock });
      expect(reopened.claim('q', 30_000, 1)).toEqual([]);
      clock.advance(30_000);
      expect(reopened.claim('q', 30_000, 1)).toEqual([
        expect.objectContaining({ payload: { change: 1 }, attempts: 2 })
      ]);
      after.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('backoff', () => {
  it('grows exponentially up to its cap, with half of each wait random and never none', () => {
    const policy = { baseMs: 1000, capMs: 8000 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, policy, () => 0.999999))).toEqual([
      999, 1999, 3999, 7999, 7999
    ]);
    expect(backoffDelay(3, policy, () => 0)).toBe(2_000);
  });
});
