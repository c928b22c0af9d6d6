// Runs the queued work: claims jobs, runs each direction's walk on them (./salesforce-to-monday.ts,
// ./monday-to-salesforce.ts: read, plan, write), and settles each job with its outcome, carrying out what
// ./failure-policy.ts decides of each failure (./failure-reports.ts tells people of a change given up).
// A rate limit or a locked board waits as long as monday asks, without spending an attempt; a spent daily limit or a
// refused connection pauses the work until it can go on (F13: nothing is lost); an unavailable service holds the work
// that needs it, probed one job at a time until it answers (./service-health.ts); a change that cannot be applied is
// dead-lettered, logged in Salesforce and noted on the item.
import type { Clock } from '../core/clock';
import type { RelayMetrics } from '../core/metrics';
import type { Logger } from '../core/logger';
import { type RecordChangeJob, recipeChangesQueue, recordChangesQueue } from '../intake/change-intake';
import { type MondayEvent, mondayEventsQueue } from '../intake/monday-webhooks';
import type { ClaimedJob, JobQueue, SyncedValueRepository } from '../store/ports';
import type { LinkPush } from '../salesforce/link-push';
import type { BoardAction } from '../plan/record-change-plan';
import type { RecipeSource } from './recipe-source';
import type { BoardUpkeep } from './board-upkeep';
import { type DeadLetterReport, deadLetterReport, treatmentOf } from './failure-policy';
import type { FailureReports } from './failure-reports';
import type { Service, ServiceHealth } from './service-health';
import type { MondayToSalesforce } from './monday-to-salesforce';
import type { SalesforceToMonday } from './salesforce-to-monday';

const mondayEventsPerRound = 200;

export interface SyncWorkerParts {
  jobs: JobQueue;
  toMonday: SalesforceToMonday;
  /** monday → Salesforce (SPEC F5). */
  toSalesforce?: MondayToSalesforce;
  /** The webhooks and the reconciliation poll of the boards with a monday → Salesforce recipe. */
  upkeep?: BoardUpkeep;
  reports: FailureReports;
  recipes: RecipeSource;
  /**
   * The recipes' revision as every relay of a shared store sees it: a recipe change is one job, claimed by one relay,
   * which moves the revision on; the others read it each round and read the recipes again.
   */
  recipeRevision: { get(): Promise<string | undefined>; set(revision: string): Promise<void> };
  linkPush: LinkPush;
  synced: SyncedValueRepository;
  clock: Clock;
  logger: Logger;
  leaseMs?: number;
  batchSize?: number;
  /** How long a partial batch of monday events or links may wait for more before it goes to Salesforce (0: never). */
  batchWaitMs?: number;
  metrics?: RelayMetrics;
  /** Whether monday and Salesforce answer: the work that needs one that does not is held. */
  health: ServiceHealth;
  /**
   * Runs store writes as one: a job is settled together with what it leaves known (the values both sides now hold),
   * so that a kill between the two cannot leave a finished job whose values the relay forgot (their echo would then
   * look like a person's edit). Without it, the writes run one by one.
   */
  atomically?: (writes: () => Promise<void>) => Promise<void>;
  /** A connection was just refused (it was not before): the admins hear of it (F13). */
  onConnectionRefused?: (reason: string) => void;
}

export class SyncWorker {
  /** While set, no job is claimed: the daily limit is spent or a connection is refused. */
  pausedUntil = 0;
  /**
   * Why a connection is refused (a revoked token, F13), until a job goes through again: /readyz reports it, so that
   * the admins' monitoring tells them to reconnect.
   */
  connectionRefused: string | undefined;
  /** When a change last went through each way (epoch ms), for the package's Connection tab. */
  readonly lastApplied: { toMonday: number | undefined; toSalesforce: number | undefined } = {
    toMonday: undefined,
    toSalesforce: undefined
  };
  private recipeRevisionSeen: string | undefined;
  /** Since when fewer monday events than a full batch have been waiting. */
  private partialBatchSince: number | undefined;
  private stopping = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly leaseMs: number;
  private readonly batchSize: number;

  constructor(private readonly parts: SyncWorkerParts) {
    this.leaseMs = parts.leaseMs ?? 60_000;
    this.batchSize = parts.batchSize ?? 50;
  }

  /** Claims and runs one round of jobs; answers how many it ran. */
  async runOnce(): Promise<number> {
    const now = this.parts.clock.now();
    if (now < this.pausedUntil) return 0;
    const recipeJobs = await this.parts.jobs.claim(recipeChangesQueue, this.leaseMs, this.batchSize);
    for (const job of recipeJobs) {
      await this.parts.recipeRevision.set(`${now}:${job.id}`);
      await this.parts.jobs.complete(job.id, job.fencingToken);
    }
    const revision = await this.parts.recipeRevision.get();
    if (revision !== this.recipeRevisionSeen) {
      // A recipe changed (here or on another relay): read them again before applying the record changes that follow.
      this.recipeRevisionSeen = revision;
      this.parts.recipes.invalidate();
      this.parts.upkeep?.recipesChanged();
    }
    const { health } = this.parts;
    if (health.isUp('monday')) await this.parts.upkeep?.run();
    const jobs = await this.claim(recordChangesQueue, this.batchSize, 'monday');
    if (this.stopping) {
      // Shutting down: claimed jobs go back to the queue, without spending an attempt.
      await this.releaseAll(jobs);
      return recipeJobs.length + jobs.length;
    }
    await this.apply(jobs);
    const events = await this.applyMondayEvents();
    if (health.isUp('salesforce')) await this.pushLinks();
    return recipeJobs.length + jobs.length + events;
  }

  /**
   * Up to `limit` jobs of a queue whose services answer; one, as a probe, when one of them is down and its probe is
   * due; none while it is down otherwise (the jobs stay in their place).
   */
  private async claim(queue: string, limit: number, ...services: Service[]): Promise<ClaimedJob[]> {
    const gate = this.parts.health.gate(...services);
    if (gate === 'closed') return [];
    return this.parts.jobs.claim(queue, this.leaseMs, gate === 'probe' ? 1 : limit);
  }

  /** A refused connection was mended (an admin reconnected): the paused work resumes now, not at its next probe. */
  resumeNow(): void {
    this.pausedUntil = 0;
  }

  /** Webhooks deleted on monday and not created again yet (/readyz). */
  get webhooksMissing(): number {
    return this.parts.upkeep?.webhooksMissing ?? 0;
  }

  /**
   * monday events (monday → Salesforce), up to 200 at a time: one sObject Collection's worth, applied together and
   * settled each with its own outcome; answers how many were taken.
   */
  private async applyMondayEvents(): Promise<number> {
    const { toSalesforce } = this.parts;
    if (!toSalesforce || !(await this.mondayBatchReady())) return 0;
    const jobs = await this.claim(mondayEventsQueue, mondayEventsPerRound, 'monday', 'salesforce');
    if (jobs.length === 0) return 0;
    if (this.stopping || this.parts.clock.now() < this.pausedUntil) {
      await this.releaseAll(jobs);
      return jobs.length;
    }
    const results = await toSalesforce.applyAll(jobs.map((job) => job.payload as MondayEvent));
    // The round's finished jobs in one durable write; then the failures, which may call out to report.
    await this.atomically(async () => {
      for (const [index, job] of jobs.entries()) {
        const result = results[index];
        if (!result?.ok) continue;
        this.connectionRefused = undefined;
        this.lastApplied.toSalesforce = this.parts.clock.now();
        await this.parts.jobs.complete(job.id, job.fencingToken);
        for (const outcome of Object.values(result.outcomes))
          this.parts.metrics?.changesApplied.inc({ outcome: `monday_${outcome}` });
      }
    });
    for (const [index, job] of jobs.entries()) {
      const result = results[index];
      const event = job.payload as MondayEvent;
      if (!result?.ok)
        await this.settleFailure(job, result?.error, { itemId: event.pulseId ?? event.itemId }, (report) =>
          this.parts.reports.boardEvent(event, report)
        );
    }
    return jobs.length;
  }

  /**
   * Whether to take the monday events now: a full batch is waiting, or a partial one has waited batchWaitMs.
   * monday sends one webhook per change, so a burst arrives over a moment; taking each round's few at once would cost
   * Salesforce a call for a handful of records.
   */
  private async mondayBatchReady(): Promise<boolean> {
    const waitMs = this.parts.batchWaitMs ?? 0;
    if (waitMs === 0) return true;
    const pending = await this.parts.jobs.due(mondayEventsQueue, mondayEventsPerRound);
    if (pending >= mondayEventsPerRound || pending === 0) {
      this.partialBatchSince = undefined;
      return pending > 0;
    }
    const now = this.parts.clock.now();
    this.partialBatchSince ??= now;
    if (now - this.partialBatchSince < waitMs) return false;
    this.partialBatchSince = undefined;
    return true;
  }

  /**
   * Carries out what the failure policy decides of a failed job; `report` tells Salesforce and monday of a change
   * given up (B1), with the error's code and whether a retry might have passed.
   */
  private async settleFailure(
    job: ClaimedJob,
    error: unknown,
    context: Record<string, unknown>,
    report: (report: DeadLetterReport) => Promise<void>
  ): Promise<void> {
    const treatment = treatmentOf(error);
    const message = error instanceof Error ? error.message : String(error);
    const log = { jobId: job.id, attempt: job.attempts, code: (error as { code?: unknown } | null)?.code, ...context };
    this.parts.metrics?.jobFailures.inc({ treatment: treatment.kind });
    switch (treatment.kind) {
      case 'hold':
        // The service's failure, not the change's: back in its place, no attempt spent (the client has told the
        // service's health, which now lets only a probe through).
        await this.parts.jobs.release(job.id, job.fencingToken);
        this.parts.logger.debug({ ...log, service: treatment.service }, message);
        return;
      case 'postpone': {
        const runAt = this.parts.clock.now() + treatment.waitMs;
        // A pause holds every job: this one goes back in its place, and all resume together (or at once, when an
        // admin reconnects). A wait for this request alone postpones this job.
        if (treatment.pause) {
          await this.parts.jobs.release(job.id, job.fencingToken);
          this.pausedUntil = runAt;
        } else await this.parts.jobs.postpone(job.id, job.fencingToken, runAt, message);
        // A refused connection ("an admin must reconnect it") reaches the admins through /readyz and the log.
        if (treatment.connectionRefused) {
          const newly = this.connectionRefused === undefined;
          this.connectionRefused = message;
          if (newly) this.parts.onConnectionRefused?.(message);
        }
        this.parts.logger.warn({ ...log, waitMs: treatment.waitMs, paused: treatment.pause }, message);
        return;
      }
      case 'retry':
      case 'give-up': {
        const retriable = treatment.kind === 'retry';
        const state = await this.parts.jobs.fail(job.id, job.fencingToken, { message, retriable });
        this.parts.logger.warn({ ...log, state }, message);
        if (state !== 'dead') return;
        this.parts.metrics?.jobFailures.inc({ treatment: 'dead' });
        await report(deadLetterReport(treatment, error));
      }
    }
  }

  /** What a carried-out action leaves on both sides, so that the board's echo of it is no change. */
  private async rememberSynced(action: BoardAction): Promise<void> {
    if (action.kind === 'create' || action.kind === 'update')
      await this.parts.synced.remember(action.boardId, action.recordId, action.fieldValues);
    else if (action.kind !== 'link') await this.parts.synced.forget(action.recordId);
  }

  private async atomically(writes: () => Promise<void>): Promise<void> {
    if (this.parts.atomically) await this.parts.atomically(writes);
    else await writes();
  }

  private async releaseAll(jobs: ClaimedJob[]): Promise<void> {
    for (const job of jobs) await this.parts.jobs.release(job.id, job.fencingToken);
  }

  /** Runs rounds until nothing is left to do now. */
  async drain(maxRounds = 1000): Promise<void> {
    for (let round = 0; round < maxRounds; round += 1) {
      if ((await this.runOnce()) === 0) return;
    }
  }

  /** Runs rounds every `intervalMs` until stopped; a round that finds work is followed at once by the next. */
  start(intervalMs: number): void {
    this.stopping = false;
    const tick = (): void => {
      if (this.stopping) return;
      this.running = this.drain()
        .catch((error: unknown) => {
          this.parts.logger.error({ err: error }, 'sync round failed');
        })
        .finally(() => {
          if (!this.stopping) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Graceful shutdown: the job being applied finishes, the claimed ones not started are released. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.running;
    await this.pushLinks(true);
  }

  /** Runs a round of record changes (read, plan, write: ./salesforce-to-monday.ts), then settles each job. */
  private async apply(jobs: ClaimedJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const outcomes = await this.parts.toMonday.run(
      jobs.map((job) => ({ id: job.id, change: job.payload as RecordChangeJob })),
      () => this.stopping || this.parts.clock.now() < this.pausedUntil
    );
    // The round's finished jobs, with the values they leave known, in one durable write; then the rest.
    await this.atomically(async () => {
      for (const [index, job] of jobs.entries()) {
        const outcome = outcomes[index];
        if (outcome?.kind !== 'done') continue;
        this.connectionRefused = undefined;
        this.lastApplied.toMonday = this.parts.clock.now();
        if (await this.parts.jobs.complete(job.id, job.fencingToken))
          for (const action of outcome.actions) await this.rememberSynced(action);
        for (const action of outcome.actions) this.parts.metrics?.changesApplied.inc({ outcome: action.kind });
        if (outcome.actions.length === 0) this.parts.metrics?.changesApplied.inc({ outcome: 'skipped' });
      }
    });
    for (const [index, job] of jobs.entries()) {
      const outcome = outcomes[index];
      if (outcome?.kind === 'not-run') await this.releaseAll([job]);
      else if (outcome?.kind === 'failed') await this.failed(job, job.payload as RecordChangeJob, outcome.error);
    }
  }

  /** A failed Salesforce → monday change, settled by the policy and reported on both sides when given up. */
  private async failed(job: ClaimedJob, payload: RecordChangeJob, error: unknown): Promise<void> {
    await this.settleFailure(job, error, { recordId: payload.change.recordId }, (report) =>
      this.parts.reports.recordChange(payload, report)
    );
  }

  /** Pushes the links waiting to Salesforce (../salesforce/link-push.ts); at once when `now` (a shutdown). */
  async pushLinks(now = false): Promise<void> {
    await this.parts.linkPush.push(now);
  }
}
