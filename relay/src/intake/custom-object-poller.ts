// Salesforce → relay for custom objects (F6): the package cannot put triggers on a subscriber's objects, so the relay
// polls those an active Salesforce → monday recipe reads, one query per object per round (./poll-plan.ts decides what
// to ask and what the answer means). Polled changes enter the same queue as pushed ones, keyed by the record, so they
// keep the same order, loop guard and conflict rules; a change also pushed by a subscriber's trigger
// (MondaySync.captureChanges()) is then no change to the planner, which sends only values that differ from those last
// synced. The page's jobs and the cursor after it are one write: a crash re-reads the page, never skips it. A poll
// that is behind (the relay was down) reads one bounded page per object per round, and comes back at once for the
// next while the worker goes on with what is queued.
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { RelayMetrics } from '../core/metrics';
import type { SalesforceClient } from '../salesforce/client';
import type { RecipeSource } from '../sync/recipe-source';
import type { JobQueue, LeaseRepository, SyncedValueRepository, WatermarkRepository } from '../store/ports';
import { type RecordChangeJob, recordChangesQueue } from './change-intake';
import {
  type PolledObject,
  changesOf,
  changesQuery,
  cursorOf,
  cursorText,
  firstCursor,
  newestQuery,
  polledObjects
} from './poll-plan';

export interface CustomObjectPollerParts {
  salesforce: SalesforceClient;
  recipes: RecipeSource;
  jobs: JobQueue;
  watermarks: WatermarkRepository;
  leases: LeaseRepository;
  synced: SyncedValueRepository;
  clock: Clock;
  logger: Logger;
  metrics?: RelayMetrics;
  atomically: (writes: () => Promise<void>) => Promise<void>;
  /** Time between two rounds (10 s by default). */
  intervalMs?: number;
  /** Records per object per round, at most. */
  pageSize?: number;
}

export interface PollRound {
  objectApiName: string;
  changes: number;
  requests: number;
  /** A full page: more are waiting. */
  behind: boolean;
}

/** The key of an object's cursor among the store's watermarks (monday board ids are numbers: no clash). */
const cursorKey = (objectApiName: string): string => `poll:${objectApiName}`;
/** Longer than a round can take; a relay that dies holding it loses it then (or at its restart). */
const pollLeaseMs = 5 * 60_000;

export class CustomObjectPoller {
  /** API requests spent polling, by object, since this relay started serving the connection. */
  readonly requestsByObject = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  readonly intervalMs: number;
  private readonly pageSize: number;

  constructor(private readonly parts: CustomObjectPollerParts) {
    this.intervalMs = parts.intervalMs ?? 10_000;
    this.pageSize = parts.pageSize ?? 2000;
  }

  /**
   * One round: each polled object read once; answers what each gave. Relays sharing a store take turns (a lease):
   * the cursors are shared, so one round at a time reads each page once.
   */
  async pollOnce(): Promise<PollRound[]> {
    const lease = await this.parts.leases.acquire('custom-object-poll', pollLeaseMs);
    if (!lease) return [];
    try {
      const objects = polledObjects(await this.parts.recipes.all());
      const rounds: PollRound[] = [];
      for (const polled of objects) {
        if (this.stopped) break;
        rounds.push(await this.poll(polled));
      }
      return rounds;
    } finally {
      await this.parts.leases.release(lease);
    }
  }

  /** The custom objects polled, by name: from the recipes, or those polled already when Salesforce cannot be read. */
  async objectNames(): Promise<string[]> {
    try {
      return polledObjects(await this.parts.recipes.all()).map((polled) => polled.objectApiName);
    } catch {
      return [...this.requestsByObject.keys()].sort();
    }
  }

  private async poll(polled: PolledObject): Promise<PollRound> {
    const { salesforce, watermarks, clock } = this.parts;
    const key = cursorKey(polled.objectApiName);
    const kept = cursorOf(await watermarks.get(key));
    if (!kept) {
      // A first poll starts after the newest change: records changed before the recipe are not changes to send.
      const newest = await salesforce.queryCounted(newestQuery(polled.objectApiName));
      this.count(polled.objectApiName, newest.requests);
      await watermarks.set(key, cursorText(firstCursor(newest.records[0], clock.now())));
      return { objectApiName: polled.objectApiName, changes: 0, requests: newest.requests, behind: false };
    }
    const page = await salesforce.queryCounted(changesQuery(polled, kept, this.pageSize), { includeDeleted: true });
    this.count(polled.objectApiName, page.requests);
    const { changes, cursor } = changesOf(polled, page.records, kept, clock.now());
    const jobs = await this.worthSending(polled, changes);
    await this.parts.atomically(async () => {
      if (jobs.length > 0) await this.parts.jobs.enqueue(jobs);
      await watermarks.set(key, cursorText(cursor));
    });
    if (jobs.length > 0) this.parts.metrics?.changesReceived.inc(jobs.length);
    this.parts.logger.debug(
      { objectApiName: polled.objectApiName, read: page.records.length, queued: jobs.length },
      'custom object polled'
    );
    return {
      objectApiName: polled.objectApiName,
      changes: jobs.length,
      requests: page.requests,
      // A full page moved the cursor: more are waiting (a full page of changes too recent to settle is not behind).
      behind: page.records.length >= this.pageSize && cursorText(cursor) !== cursorText(kept)
    };
  }

  /**
   * The jobs for the changes that may send something: a record whose recipe fields hold what was last synced on
   * every board (a field outside the recipes changed, or the relay's own write came back) makes no job.
   */
  private async worthSending(polled: PolledObject, changes: RecordChange[]): Promise<NewRecordJob[]> {
    const boards = [
      ...new Set(
        (await this.parts.recipes.forObject(polled.objectApiName, 'Salesforce_to_monday')).map(
          (recipe) => recipe.boardId
        )
      )
    ];
    const jobs: NewRecordJob[] = [];
    for (const change of changes) {
      if (change.operation === 'update' && boards.length > 0) {
        const compared = await Promise.all(
          boards.map((board) => this.parts.synced.compare(board, change.recordId, change.values))
        );
        if (compared.every(({ changed, neverSynced }) => changed.length === 0 && neverSynced.length === 0)) continue;
      }
      const batchId = `poll:${polled.objectApiName}:${change.systemModstamp}`;
      jobs.push({
        queue: recordChangesQueue,
        orderingKey: `${polled.objectApiName}:${change.recordId}`,
        payload: { batchId, objectApiName: polled.objectApiName, change } satisfies RecordChangeJob
      });
    }
    return jobs;
  }

  private count(objectApiName: string, requests: number): void {
    this.requestsByObject.set(objectApiName, (this.requestsByObject.get(objectApiName) ?? 0) + requests);
    this.parts.metrics?.customObjectPollRequests.inc({ object: objectApiName }, requests);
  }

  /** Polls every interval (at once again while behind) until stopped; a failed round is logged and tried again. */
  start(): void {
    this.stopped = false;
    const tick = (): void => {
      this.running = this.pollOnce()
        .then((rounds) => (rounds.some((round) => round.behind) ? 0 : this.intervalMs))
        .catch((error: unknown) => {
          // Salesforce refused or did not answer: the cursor did not move, so nothing is lost; the next round retries.
          this.parts.logger.warn({ err: error }, 'custom objects could not be polled; tried again at the next round');
          return this.intervalMs;
        })
        .then((wait) => {
          if (!this.stopped) this.timer = setTimeout(tick, wait);
        });
    };
    // The first round after an interval: a relay that just started has its recipes to read and its queue to take up.
    this.timer = setTimeout(tick, this.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}

type NewRecordJob = Parameters<JobQueue['enqueue']>[0][number];
type RecordChange = RecordChangeJob['change'];
