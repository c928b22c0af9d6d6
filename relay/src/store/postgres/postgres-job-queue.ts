// The job queue on PostgreSQL, for several relays on one database: the rules of ../job-store.ts and ../ports.ts,
// kept across processes.
//
// Why not a job library (read 2026-12, their sources and documentation):
// - graphile-worker (0.18): its named queues run one job at a time, but a failed job gets a later run_at and frees
//   its queue, and jobs are fetched by (priority, run_at), so the next change of the record runs before the one that
//   failed: per-record order is lost at the first retry (src/sql/failJobs.ts, src/sql/getJobs.ts). Its backoff is
//   fixed (exp(min(attempts, 10)) seconds, no jitter); a claim is proved by the worker pool's id, not a per-claim
//   token, and runs out after a fixed 4 hours; there is no postponing without an attempt (returnJobs only serves a
//   shutdown). Its maintainers document a case where named queues stop being serial (issue #621, localQueue). A
//   named queue per record is also its slow path (getJobs.ts's own benchmark).
// - pg-boss (12.x): the key_strict_fifo policy comes closest (one active job per singletonKey, oldest first), but a
//   dead job blocks its key until someone deletes or retries it, where the relay lets a record's later changes go on
//   past a dead letter; retries always spend an attempt (no postpone for a rate limit or a paused connection, which
//   must not use up a change's attempts); complete() and fail() take a job id alone, so a worker whose lease ran out
//   can still settle a job another worker holds (no fencing). Keys are per queue, not across the relay's queues.
// - Both need Node 22 or newer (engines), and the relay runs on Node 20.
// So the queue is written here, in the shape those libraries use (graphile-worker's src/sql/getJobs.ts, pg-boss's
// src/plans.ts): claims by FOR UPDATE SKIP LOCKED, leases, fencing tokens; about 200 lines, tested by the same
// contract suite as SQLite plus two concurrent claimers (../__tests__/postgres-store.test.ts).
//
// Per-record order across processes: a job is claimed only when no older job of its ordering key is pending or
// running (NOT EXISTS), and "older" means a smaller id. Two relays enqueuing changes of one record at the same
// moment could otherwise commit ids out of order (id 11 committed and claimed before id 10 commits): enqueuing
// takes a transaction-scoped advisory lock per ordering key first, so the ids of one key are handed out in the
// order their transactions commit. The locks are taken in hash order, so two enqueuers cannot deadlock.
import type { Clock } from '../../core/clock';
import {
  type BackoffPolicy,
  type ClaimedJob,
  type DeadJob,
  type JobFailure,
  type NewJob,
  type QueueCounts,
  backoffDelay,
  defaultBackoff
} from '../job-store';
import type { DedupRepository, JobQueue } from '../ports';
import type { PostgresEngine } from './postgres-engine';

/** The advisory locks of ordering keys live in this space (the two-integer form), apart from every other lock. */
const orderingLockSpace = 0x52454c59;
/** Finished jobs are deleted this many at a time: a long history never holds the table in one statement. */
const purgeBatch = 5_000;

interface JobRow {
  id: number;
  connection_id: string;
  queue: string;
  ordering_key: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
  fencing_token: number;
  run_at: number;
  last_error: string | null;
  finished_at: number | null;
}

export interface PostgresJobQueueOptions {
  clock: Clock;
  connectionId: string;
  /** Whose claims these are (releaseAbandoned). */
  workerId: string;
  random?: () => number;
  backoff?: BackoffPolicy;
  defaultMaxAttempts?: number;
}

export class PostgresJobQueue implements JobQueue {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly backoff: BackoffPolicy;
  private readonly defaultMaxAttempts: number;
  private readonly connectionId: string;
  private readonly workerId: string;

  constructor(
    private readonly pg: PostgresEngine,
    private readonly dedup: DedupRepository,
    options: PostgresJobQueueOptions
  ) {
    this.clock = options.clock;
    this.random = options.random ?? Math.random;
    this.backoff = options.backoff ?? defaultBackoff;
    this.defaultMaxAttempts = options.defaultMaxAttempts ?? 10;
    this.connectionId = options.connectionId;
    this.workerId = options.workerId;
  }

  enqueue(jobs: NewJob[]): Promise<number[]> {
    if (jobs.length === 0) return Promise.resolve([]);
    return this.pg.atomic(() => this.insert(jobs));
  }

  enqueueOnce(key: string, jobs: NewJob[], keepForMs: number): Promise<boolean> {
    return this.pg.atomic(async () => {
      if (!(await this.dedup.remember(key, keepForMs))) return false;
      if (jobs.length > 0) await this.insert(jobs);
      return true;
    });
  }

  /** Inserts in a transaction: the ordering keys' locks are held until it commits. */
  private async insert(jobs: NewJob[]): Promise<number[]> {
    const now = this.clock.now();
    await this.pg.query(
      `SELECT pg_advisory_xact_lock(${orderingLockSpace}, hash)
       FROM (SELECT DISTINCT hashtext($1 || ':' || key) AS hash FROM unnest($2::text[]) AS key ORDER BY hash) AS keys`,
      [this.connectionId, [...new Set(jobs.map((job) => job.orderingKey))]]
    );
    // Ids are taken first and handed out in the jobs' order: an INSERT ... SELECT does not promise to number its rows
    // in any order, and a record's changes must keep theirs.
    const { rows } = await this.pg.query<{ id: number }>(
      `SELECT nextval('relay.jobs_id_seq') AS id FROM generate_series(1, $1)`,
      [jobs.length]
    );
    const ids = rows.map((row) => row.id).sort((a, b) => a - b);
    await this.pg.query(
      `INSERT INTO relay.jobs (id, connection_id, queue, ordering_key, payload, state, max_attempts, run_at, created_at)
       SELECT id, $1, queue, ordering_key, payload::json, 'pending', max_attempts, run_at, $2
       FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::integer[], $8::bigint[])
         AS job(id, queue, ordering_key, payload, max_attempts, run_at)`,
      [
        this.connectionId,
        now,
        ids,
        jobs.map((job) => job.queue),
        jobs.map((job) => job.orderingKey),
        jobs.map((job) => JSON.stringify(job.payload)),
        jobs.map((job) => job.maxAttempts ?? this.defaultMaxAttempts),
        jobs.map((job) => job.runAt ?? now)
      ]
    );
    return ids;
  }

  async claim(queue: string, leaseMs: number, limit: number): Promise<ClaimedJob[]> {
    const now = this.clock.now();
    // The oldest unfinished job of each ordering key, if it may run now: pending and due, or running with a lease that
    // has run out (its relay died). A job another relay is claiming at this moment is locked and skipped; the jobs
    // behind it stay behind it, since it is still pending or running in this statement's snapshot.
    const { rows } = await this.pg.query<JobRow>(
      `WITH candidates AS (
         SELECT j.id FROM relay.jobs j
         WHERE j.connection_id = $1 AND j.queue = $2 AND j.state IN ('pending', 'running') AND j.run_at <= $3
           AND (j.state = 'pending' OR j.lease_until <= $3)
           AND NOT EXISTS (
             SELECT 1 FROM relay.jobs k
             WHERE k.connection_id = j.connection_id AND k.ordering_key = j.ordering_key
               AND k.state IN ('pending', 'running') AND k.id < j.id)
         ORDER BY j.run_at, j.id
         LIMIT $4
         FOR UPDATE OF j SKIP LOCKED
       )
       UPDATE relay.jobs AS j
       SET state = 'running', lease_until = $3 + $5, attempts = j.attempts + 1, fencing_token = j.fencing_token + 1,
         claimed_by = $6
       FROM candidates WHERE j.id = candidates.id
       RETURNING j.*`,
      [this.connectionId, queue, now, limit, leaseMs, this.workerId]
    );
    return rows
      .sort((a, b) => a.run_at - b.run_at || a.id - b.id)
      .map((row) => ({
        id: row.id,
        connectionId: row.connection_id,
        queue: row.queue,
        orderingKey: row.ordering_key,
        payload: row.payload,
        attempts: row.attempts,
        maxAttempts: row.max_attempts,
        fencingToken: row.fencing_token
      }));
  }

  async complete(id: number, fencingToken: number): Promise<boolean> {
    const { rowCount } = await this.pg.query(
      `UPDATE relay.jobs SET state = 'done', lease_until = NULL, claimed_by = NULL, finished_at = $1
       WHERE id = $2 AND state = 'running' AND fencing_token = $3`,
      [this.clock.now(), id, fencingToken]
    );
    return rowCount === 1;
  }

  fail(id: number, fencingToken: number, failure: JobFailure): Promise<'retrying' | 'dead' | 'lost'> {
    return this.pg.atomic(async (): Promise<'retrying' | 'dead' | 'lost'> => {
      const { rows } = await this.pg.query<{ attempts: number; max_attempts: number }>(
        `SELECT attempts, max_attempts FROM relay.jobs WHERE id = $1 AND state = 'running' AND fencing_token = $2
         FOR UPDATE`,
        [id, fencingToken]
      );
      const row = rows[0];
      if (!row) return 'lost';
      const now = this.clock.now();
      if (!failure.retriable || row.attempts >= row.max_attempts) {
        await this.pg.query(
          `UPDATE relay.jobs SET state = 'dead', lease_until = NULL, claimed_by = NULL, last_error = $1, finished_at = $2
           WHERE id = $3`,
          [failure.message, now, id]
        );
        return 'dead';
      }
      await this.pg.query(
        `UPDATE relay.jobs SET state = 'pending', lease_until = NULL, claimed_by = NULL, last_error = $1, run_at = $2
         WHERE id = $3`,
        [failure.message, now + backoffDelay(row.attempts, this.backoff, this.random), id]
      );
      return 'retrying';
    });
  }

  async postpone(id: number, fencingToken: number, runAt: number, reason: string): Promise<boolean> {
    const { rowCount } = await this.pg.query(
      `UPDATE relay.jobs SET state = 'pending', lease_until = NULL, claimed_by = NULL, attempts = attempts - 1,
         run_at = $1, last_error = $2
       WHERE id = $3 AND state = 'running' AND fencing_token = $4`,
      [runAt, reason, id, fencingToken]
    );
    return rowCount === 1;
  }

  async release(id: number, fencingToken: number): Promise<boolean> {
    const { rowCount } = await this.pg.query(
      `UPDATE relay.jobs SET state = 'pending', lease_until = NULL, claimed_by = NULL, attempts = attempts - 1
       WHERE id = $1 AND state = 'running' AND fencing_token = $2`,
      [id, fencingToken]
    );
    return rowCount === 1;
  }

  async extendLease(id: number, fencingToken: number, leaseMs: number): Promise<boolean> {
    const { rowCount } = await this.pg.query(
      `UPDATE relay.jobs SET lease_until = $1 WHERE id = $2 AND state = 'running' AND fencing_token = $3`,
      [this.clock.now() + leaseMs, id, fencingToken]
    );
    return rowCount === 1;
  }

  async releaseAbandoned(): Promise<number> {
    // Only this worker's: a claim of another relay, alive or not, ends with its lease. run_at stays, so the job keeps
    // its place before the changes that came after it.
    const { rowCount } = await this.pg.query(
      `UPDATE relay.jobs SET state = 'pending', lease_until = NULL, claimed_by = NULL
       WHERE state = 'running' AND claimed_by = $1`,
      [this.workerId]
    );
    return rowCount ?? 0;
  }

  async listDead(queue?: string): Promise<DeadJob[]> {
    const { rows } = await this.pg.query<JobRow>(
      `SELECT * FROM relay.jobs WHERE connection_id = $1 AND state = 'dead' AND ($2::text IS NULL OR queue = $2)
       ORDER BY id`,
      [this.connectionId, queue ?? null]
    );
    return rows.map((row) => ({
      id: row.id,
      connectionId: row.connection_id,
      queue: row.queue,
      orderingKey: row.ordering_key,
      payload: row.payload,
      attempts: row.attempts,
      lastError: row.last_error,
      finishedAt: row.finished_at
    }));
  }

  async requeue(id: number): Promise<boolean> {
    const { rowCount } = await this.pg.query(
      `UPDATE relay.jobs SET state = 'pending', attempts = 0, run_at = $1, finished_at = NULL
       WHERE id = $2 AND connection_id = $3 AND state = 'dead'`,
      [this.clock.now(), id, this.connectionId]
    );
    return rowCount === 1;
  }

  async drop(id: number): Promise<boolean> {
    const { rowCount } = await this.pg.query(
      `DELETE FROM relay.jobs WHERE id = $1 AND connection_id = $2 AND state = 'dead'`,
      [id, this.connectionId]
    );
    return rowCount === 1;
  }

  async counts(queue: string): Promise<QueueCounts> {
    const { rows } = await this.pg.query<{ state: string; total: number }>(
      `SELECT state, COUNT(*)::integer AS total FROM relay.jobs
       WHERE connection_id = $1 AND queue = $2 AND state IN ('pending', 'running', 'dead') GROUP BY state`,
      [this.connectionId, queue]
    );
    const count = (state: string) => rows.find((row) => row.state === state)?.total ?? 0;
    return { pending: count('pending'), running: count('running'), dead: count('dead') };
  }

  async due(queue: string, atMost: number): Promise<number> {
    const { rows } = await this.pg.query<{ total: number }>(
      `SELECT COUNT(*)::integer AS total FROM (
         SELECT 1 FROM relay.jobs
         WHERE connection_id = $1 AND queue = $2 AND state = 'pending' AND run_at <= $3 LIMIT $4) AS due`,
      [this.connectionId, queue, this.clock.now(), atMost]
    );
    return rows[0]?.total ?? 0;
  }

  async purgeFinished(finishedBefore: number): Promise<number> {
    let purged = 0;
    for (;;) {
      const { rowCount } = await this.pg.query(
        `DELETE FROM relay.jobs WHERE id IN (
           SELECT id FROM relay.jobs WHERE connection_id = $1 AND state = 'done' AND finished_at < $2 LIMIT $3)`,
        [this.connectionId, finishedBefore, purgeBatch]
      );
      purged += rowCount ?? 0;
      if ((rowCount ?? 0) < purgeBatch) return purged;
    }
  }
}
