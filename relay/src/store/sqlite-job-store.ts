import type { Clock } from '../core/clock';
import { type SqliteDatabase, inTransaction } from './database';
import {
  type BackoffPolicy,
  type ClaimedJob,
  type DeadJob,
  type JobFailure,
  type JobStore,
  type NewJob,
  type QueueCounts,
  backoffDelay,
  defaultBackoff
} from './job-store';
import { defaultConnectionId } from './ports';

interface JobRow {
  id: number;
  connection_id: string;
  queue: string;
  ordering_key: string;
  payload: string;
  attempts: number;
  max_attempts: number;
  fencing_token: number;
  last_error: string | null;
  finished_at: number | null;
}

export interface SqliteJobStoreOptions {
  clock: Clock;
  random?: () => number;
  backoff?: BackoffPolicy;
  defaultMaxAttempts?: number;
  /** The connection whose jobs these are (./ports.ts): enqueued with it, and the only ones claimed or listed. */
  connectionId?: string;
}

/** Finished jobs are deleted this many at a time, so that a long history never holds the store in one write. */
const purgeBatch = 5_000;

export class SqliteJobStore implements JobStore {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly backoff: BackoffPolicy;
  private readonly defaultMaxAttempts: number;
  private readonly connectionId: string;

  constructor(
    private readonly db: SqliteDatabase,
    options: SqliteJobStoreOptions
  ) {
    this.clock = options.clock;
    this.random = options.random ?? Math.random;
    this.backoff = options.backoff ?? defaultBackoff;
    this.defaultMaxAttempts = options.defaultMaxAttempts ?? 10;
    this.connectionId = options.connectionId ?? defaultConnectionId;
  }

  enqueue(jobs: NewJob[]): number[] {
    const now = this.clock.now();
    const insert = this.db.prepare(
      `INSERT INTO jobs (connection_id, queue, ordering_key, payload, state, max_attempts, run_at, created_at)
       VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)`
    );
    return inTransaction(this.db, () =>
      jobs.map((job) =>
        Number(
          insert.run(
            this.connectionId,
            job.queue,
            job.orderingKey,
            JSON.stringify(job.payload),
            job.maxAttempts ?? this.defaultMaxAttempts,
            job.runAt ?? now,
            now
          ).lastInsertRowid
        )
      )
    );
  }

  claim(queue: string, leaseMs: number, limit: number): ClaimedJob[] {
    const now = this.clock.now();
    return inTransaction(this.db, () => {
      // The oldest unfinished job of each ordering key, if it may run now: pending and due, or running with a lease
      // that has run out (its worker died).
      const rows = this.db
        .prepare(
          `SELECT j.* FROM jobs j
           WHERE j.connection_id = ? AND j.queue = ? AND j.state IN ('pending', 'running') AND j.run_at <= ?
             AND (j.state = 'pending' OR j.lease_until <= ?)
             AND j.id = (SELECT MIN(k.id) FROM jobs k
               WHERE k.connection_id = j.connection_id AND k.ordering_key = j.ordering_key AND k.state IN ('pending', 'running'))
           ORDER BY j.run_at, j.id
           LIMIT ?`
        )
        .all(this.connectionId, queue, now, now, limit) as JobRow[];
      const lease = this.db.prepare(
        `UPDATE jobs SET state = 'running', lease_until = ?, attempts = attempts + 1, fencing_token = fencing_token + 1 WHERE id = ?`
      );
      return rows.map((row) => {
        lease.run(now + leaseMs, row.id);
        return {
          id: row.id,
          connectionId: row.connection_id,
          queue: row.queue,
          orderingKey: row.ordering_key,
          payload: JSON.parse(row.payload) as unknown,
          attempts: row.attempts + 1,
          maxAttempts: row.max_attempts,
          fencingToken: row.fencing_token + 1
        };
      });
    });
  }

  private claimed(id: number, fencingToken: number): JobRow | undefined {
    return this.db
      .prepare(`SELECT * FROM jobs WHERE id = ? AND state = 'running' AND fencing_token = ?`)
      .get(id, fencingToken) as JobRow | undefined;
  }

  complete(id: number, fencingToken: number): boolean {
    const result = this.db
      .prepare(
        `UPDATE jobs SET state = 'done', lease_until = NULL, finished_at = ? WHERE id = ? AND state = 'running' AND fencing_token = ?`
      )
      .run(this.clock.now(), id, fencingToken);
    return result.changes === 1;
  }

  fail(id: number, fencingToken: number, failure: JobFailure): 'retrying' | 'dead' | 'lost' {
    return inTransaction(this.db, (): 'retrying' | 'dead' | 'lost' => {
      const row = this.claimed(id, fencingToken);
      if (!row) return 'lost';
      const now = this.clock.now();
      if (!failure.retriable || row.attempts >= row.max_attempts) {
        this.db
          .prepare(`UPDATE jobs SET state = 'dead', lease_until = NULL, last_error = ?, finished_at = ? WHERE id = ?`)
          .run(failure.message, now, id);
        return 'dead';
      }
      const runAt = now + backoffDelay(row.attempts, this.backoff, this.random);
      this.db
        .prepare(`UPDATE jobs SET state = 'pending', lease_until = NULL, last_error = ?, run_at = ? WHERE id = ?`)
        .run(failure.message, runAt, id);
      return 'retrying';
    });
  }

  postpone(id: number, fencingToken: number, runAt: number, reason: string): boolean {
    const result = this.db
      .prepare(
        `UPDATE jobs SET state = 'pending', lease_until = NULL, attempts = attempts - 1, run_at = ?, last_error = ?
         WHERE id = ? AND state = 'running' AND fencing_token = ?`
      )
      .run(runAt, reason, id, fencingToken);
    return result.changes === 1;
  }

  release(id: number, fencingToken: number): boolean {
    const result = this.db
      .prepare(
        `UPDATE jobs SET state = 'pending', lease_until = NULL, attempts = attempts - 1 WHERE id = ? AND state = 'running' AND fencing_token = ?`
      )
      .run(id, fencingToken);
    return result.changes === 1;
  }

  extendLease(id: number, fencingToken: number, leaseMs: number): boolean {
    const result = this.db
      .prepare(`UPDATE jobs SET lease_until = ? WHERE id = ? AND state = 'running' AND fencing_token = ?`)
      .run(this.clock.now() + leaseMs, id, fencingToken);
    return result.changes === 1;
  }

  releaseAbandoned(): number {
    // run_at stays: the job keeps its place in the queue, before the changes that came after it. Every connection's:
    // one process has the whole file (the data folder lock).
    return this.db.prepare(`UPDATE jobs SET state = 'pending', lease_until = NULL WHERE state = 'running'`).run()
      .changes;
  }

  listDead(queue?: string): DeadJob[] {
    const rows = (
      queue === undefined
        ? this.db
            .prepare(`SELECT * FROM jobs WHERE connection_id = ? AND state = 'dead' ORDER BY id`)
            .all(this.connectionId)
        : this.db
            .prepare(`SELECT * FROM jobs WHERE connection_id = ? AND state = 'dead' AND queue = ? ORDER BY id`)
            .all(this.connectionId, queue)
    ) as JobRow[];
    return rows.map((row) => ({
      id: row.id,
      connectionId: row.connection_id,
      queue: row.queue,
      orderingKey: row.ordering_key,
      payload: JSON.parse(row.payload) as unknown,
      attempts: row.attempts,
      lastError: row.last_error,
      finishedAt: row.finished_at
    }));
  }

  requeue(id: number): boolean {
    const result = this.db
      .prepare(
        `UPDATE jobs SET state = 'pending', attempts = 0, run_at = ?, finished_at = NULL
         WHERE id = ? AND connection_id = ? AND state = 'dead'`
      )
      .run(this.clock.now(), id, this.connectionId);
    return result.changes === 1;
  }

  drop(id: number): boolean {
    return (
      this.db
        .prepare(`DELETE FROM jobs WHERE id = ? AND connection_id = ? AND state = 'dead'`)
        .run(id, this.connectionId).changes === 1
    );
  }

  purgeFinished(finishedBefore: number): number {
    const purge = this.db.prepare(
      `DELETE FROM jobs WHERE id IN (
         SELECT id FROM jobs WHERE connection_id = ? AND state = 'done' AND finished_at < ? LIMIT ?)`
    );
    let purged = 0;
    for (;;) {
      const { changes } = purge.run(this.connectionId, finishedBefore, purgeBatch);
      purged += changes;
      if (changes < purgeBatch) return purged;
    }
  }

  due(queue: string, atMost: number): number {
    const row = this.db
      .prepare(
        `SELECT COUNT(*) AS total FROM (
           SELECT 1 FROM jobs WHERE connection_id = ? AND queue = ? AND state = 'pending' AND run_at <= ? LIMIT ?)`
      )
      .get(this.connectionId, queue, this.clock.now(), atMost) as { total: number };
    return row.total;
  }

  counts(queue: string): QueueCounts {
    const rows = this.db
      .prepare(`SELECT state, COUNT(*) AS total FROM jobs WHERE connection_id = ? AND queue = ? GROUP BY state`)
      .all(this.connectionId, queue) as {
      state: string;
      total: number;
    }[];
    const count = (state: string) => rows.find((row) => row.state === state)?.total ?? 0;
    return { pending: count('pending'), running: count('running'), dead: count('dead') };
  }
}
