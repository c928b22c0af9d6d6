// Work the relay has accepted and must finish: enqueue, claim with a lease and a fencing token, complete, fail with
// capped exponential backoff and jitter, dead-letter with the reason, requeue. Jobs that share an ordering key
// (one Salesforce record) are handed out one at a time, oldest first, so changes to a record apply in order.
// The asynchronous JobQueue (./ports.ts) has the same rules, for SQLite and PostgreSQL (./postgres/postgres-job-queue.ts,
// FOR UPDATE SKIP LOCKED), and one contract suite (./__tests__/job-store-contract.ts).

export interface NewJob {
  queue: string;
  orderingKey: string;
  payload: unknown;
  /** When it may run first (milliseconds since the epoch); now by default. */
  runAt?: number;
  maxAttempts?: number;
}

export interface ClaimedJob {
  id: number;
  /** The connection the job belongs to (./ports.ts). */
  connectionId: string;
  queue: string;
  orderingKey: string;
  payload: unknown;
  /** Attempts so far, this one included. */
  attempts: number;
  maxAttempts: number;
  /** Proves the claim: completing or failing with an older token (after the lease ran out) does nothing. */
  fencingToken: number;
}

export interface DeadJob {
  id: number;
  connectionId: string;
  queue: string;
  orderingKey: string;
  payload: unknown;
  attempts: number;
  lastError: string | null;
  finishedAt: number | null;
}

export interface JobFailure {
  message: string;
  /** False for failures a retry cannot mend: the job goes to the dead letters at once. */
  retriable: boolean;
}

export interface QueueCounts {
  pending: number;
  running: number;
  dead: number;
}

export interface JobStore {
  enqueue(jobs: NewJob[]): number[];
  /** Up to `limit` jobs of the queue that may run now, leased to the caller for `leaseMs`. */
  claim(queue: string, leaseMs: number, limit: number): ClaimedJob[];
  /** Marks a job done; false when the claim was lost (the token is stale). */
  complete(id: number, fencingToken: number): boolean;
  /** Records a failure: the job waits (backoff) or, out of attempts or not retriable, becomes dead. */
  fail(id: number, fencingToken: number, failure: JobFailure): 'retrying' | 'dead' | 'lost';
  /** Runs the job again at `runAt` without spending the attempt (rate limits, a paused connection). */
  postpone(id: number, fencingToken: number, runAt: number, reason: string): boolean;
  /** Gives up the claim now (a graceful shutdown), without spending the attempt. */
  release(id: number, fencingToken: number): boolean;
  /**
   * Hands out again, at once, every job claimed by a process that is gone (killed in the middle of its work), its
   * attempt counted; answers how many. Only for a store that one process uses at a time (the data folder lock): with
   * several, a claim's lease is how a dead one is told from a slow one.
   */
  releaseAbandoned(): number;
  listDead(queue?: string): DeadJob[];
  /** Puts a dead job back, with its attempts reset. */
  requeue(id: number): boolean;
  /** Forgets a dead job. */
  drop(id: number): boolean;
  counts(queue: string): QueueCounts;
  /** How many pending jobs of the queue are due now, counting no further than `atMost` (cheap on a long history). */
  due(queue: string, atMost: number): number;
}

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1_000, capMs: 10 * 60_000 };

/**
 * Capped exponential backoff with "equal jitter": half of min(cap, base * 2^(attempts - 1)) always, the other half
 * random. Full jitter can draw a wait of zero, which sends a failing change straight back at a service that has just
 * refused it (and makes the order of retries a matter of luck).
 */
export function backoffDelay(attempts: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}
