// Runs the queued work: claims jobs, applies them, and turns each failure into the right treatment. A rate limit or a
// locked board waits as long as monday asks, without spending an attempt; a spent daily limit or a refused
// connection pauses the work until it can go on (F13: nothing is lost); an unavailable service is retried with
// backoff; a change that cannot be applied is dead-lettered, logged in Salesforce and noted on the item.
import type { Clock } from '../core/clock';
import type { RelayMetrics } from '../core/metrics';
import { MappingError, type RelayError, RetryAfterError } from '../core/errors';
import type { Logger } from '../core/logger';
import { type RecordChangeJob, recipeChangesQueue, recordChangesQueue } from '../intake/change-intake';
import { type MondayEvent, mondayEventsQueue } from '../intake/monday-webhooks';
import type { MondayClient } from '../monday/client';
import type { WebhookRegistration } from '../monday/webhook-registration';
import type { BoardReconciliation } from '../intake/board-reconciliation';
import { documents } from '../monday/documents';
import { MondayAuthError, MondayDailyLimitError, MondayRequestError, MondayUnavailableError } from '../monday/errors';
import type { SalesforceClient } from '../salesforce/client';
import {
  SalesforceAuthError,
  SalesforceRequestError,
  SalesforceRequestLimitError,
  SalesforceUnavailableError
} from '../salesforce/errors';
import { writeSyncLog } from '../salesforce/sync-log';
import type { ClaimedJob, JobStore } from '../store/job-store';
import type { LinkPush } from '../salesforce/link-push';
import type { LinkStore } from '../store/links';
import type { SyncedValues } from '../store/synced-values';
import type { RecipeSource } from './recipe-source';
import { type BoardWriter, type PlannedJob, notRun } from './board-writer';
import type { MondayToSalesforce } from './monday-to-salesforce';
import type { BoardAction, SalesforceToMonday } from './salesforce-to-monday';

const pauseForDisabledConnectionMs = 5 * 60_000;
// monday retries a webhook for 30 minutes: a poll every 10 catches what an outage longer than that lost.
const defaultReconcileEveryMs = 10 * 60_000;
const pauseForSalesforceLimitMs = 15 * 60_000;
const mondayEventsPerRound = 200;

export interface SyncWorkerParts {
  jobs: JobStore;
  toMonday: SalesforceToMonday;
  /** monday → Salesforce (SPEC F5). */
  toSalesforce?: MondayToSalesforce;
  /** Keeps monday webhooks on the boards of monday → Salesforce recipes. */
  webhooks?: WebhookRegistration;
  /** The reconciliation poll of the boards with a monday → Salesforce recipe, and how often it runs. */
  reconciliation?: BoardReconciliation;
  reconcileEveryMs?: number;
  writer: BoardWriter;
  recipes: RecipeSource;
  links: LinkStore;
  linkPush: LinkPush;
  synced: SyncedValues;
  monday: MondayClient;
  salesforce: SalesforceClient;
  clock: Clock;
  logger: Logger;
  leaseMs?: number;
  batchSize?: number;
  /** How long a partial batch of monday events or links may wait for more before it goes to Salesforce (0: never). */
  batchWaitMs?: number;
  metrics?: RelayMetrics;
  /**
   * Runs store writes as one: a job is settled together with what it leaves known (the values both sides now hold),
   * so that a kill between the two cannot leave a finished job whose values the relay forgot (their echo would then
   * look like a person's edit). Without it, the writes run one by one.
   */
  atomically?: (writes: () => void) => void;
}

type Treatment = { kind: 'postpone'; waitMs: number; pause: boolean } | { kind: 'retry' } | { kind: 'give-up' };

const isConnectionRefusal = (error: unknown): boolean =>
  error instanceof MondayAuthError || error instanceof SalesforceAuthError;

function treatmentOf(error: unknown): Treatment {
  // The daily limit holds for every job of the connection; a rate limit or a lock only for this request.
  if (error instanceof RetryAfterError) {
    return { kind: 'postpone', waitMs: error.retryAfterMs, pause: error instanceof MondayDailyLimitError };
  }
  if (error instanceof MondayAuthError || error instanceof SalesforceAuthError)
    return { kind: 'postpone', waitMs: pauseForDisabledConnectionMs, pause: true };
  if (error instanceof SalesforceRequestLimitError)
    return { kind: 'postpone', waitMs: pauseForSalesforceLimitMs, pause: true };
  if (error instanceof MondayUnavailableError || error instanceof SalesforceUnavailableError) return { kind: 'retry' };
  if (error instanceof MappingError || error instanceof MondayRequestError || error instanceof SalesforceRequestError)
    return { kind: 'give-up' };
  // Anything else is unexpected: retried with backoff, and dead-lettered if it keeps happening.
  return { kind: 'retry' };
}

export class SyncWorker {
  /** While set, no job is claimed: the daily limit is spent or a connection is refused. */
  pausedUntil = 0;
  /**
   * Why a connection is refused (a revoked token, F13), until a job goes through again: /readyz reports it, so that
   * the admins' monitoring tells them to reconnect.
   */
  connectionRefused: string | undefined;
  private nextPollAt = 0;
  /** Since when fewer monday events than a full batch have been waiting. */
  private partialBatchSince: number | undefined;
  private stopping = false;
  /** Webhooks are reconciled at the first round and after recipes change, until it succeeds. */
  private webhooksStale = true;
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
    const recipeJobs = this.parts.jobs.claim(recipeChangesQueue, this.leaseMs, this.batchSize);
    for (const job of recipeJobs) {
      // A recipe changed: read them again before applying the record changes that follow.
      this.parts.recipes.invalidate();
      this.webhooksStale = true;
      this.parts.jobs.complete(job.id, job.fencingToken);
    }
    await this.reconcileWebhooks();
    await this.pollBoards();
    const jobs = this.parts.jobs.claim(recordChangesQueue, this.leaseMs, this.batchSize);
    if (this.stopping) {
      // Shutting down: claimed jobs go back to the queue, without spending an attempt.
      this.releaseAll(jobs);
      return recipeJobs.length + jobs.length;
    }
    await this.apply(jobs);
    const events = await this.applyMondayEvents();
    await this.pushLinks();
    return recipeJobs.length + jobs.length + events;
  }

  /** Every reconcileEveryMs, the pulling boards' items updated while their webhooks may have been missed. */
  private async pollBoards(): Promise<void> {
    const { reconciliation } = this.parts;
    const now = this.parts.clock.now();
    if (!reconciliation || now < this.nextPollAt) return;
    this.nextPollAt = now + (this.parts.reconcileEveryMs ?? defaultReconcileEveryMs);
    try {
      const boards = (await this.parts.recipes.all())
        .filter((recipe) => recipe.direction === 'monday_to_Salesforce')
        .map((recipe) => recipe.boardId);
      await reconciliation.poll([...new Set(boards)]);
    } catch (error) {
      // Tried again at the next poll.
      this.parts.logger.warn({ err: error }, 'the boards could not be polled');
    }
  }

  private async reconcileWebhooks(): Promise<void> {
    const { webhooks } = this.parts;
    if (!webhooks || !this.webhooksStale) return;
    try {
      const boards = (await this.parts.recipes.all())
        .filter((recipe) => recipe.direction === 'monday_to_Salesforce')
        .map((recipe) => recipe.boardId);
      const { created, deleted } = await webhooks.reconcile([...new Set(boards)]);
      this.webhooksStale = false;
      if (created + deleted > 0) this.parts.logger.info({ created, deleted }, 'monday webhooks reconciled');
    } catch (error) {
      // Tried again at the next round.
      this.parts.logger.warn({ err: error }, 'monday webhooks could not be reconciled yet');
    }
  }

  /**
   * monday events (monday → Salesforce), up to 200 at a time: one sObject Collection's worth, applied together and
   * settled each with its own outcome; answers how many were taken.
   */
  private async applyMondayEvents(): Promise<number> {
    const { toSalesforce } = this.parts;
    if (!toSalesforce || !this.mondayBatchReady()) return 0;
    const jobs = this.parts.jobs.claim(mondayEventsQueue, this.leaseMs, mondayEventsPerRound);
    if (jobs.length === 0) return 0;
    if (this.stopping || this.parts.clock.now() < this.pausedUntil) {
      this.releaseAll(jobs);
      return jobs.length;
    }
    const results = await toSalesforce.applyAll(jobs.map((job) => job.payload as MondayEvent));
    for (const [index, job] of jobs.entries()) {
      const result = results[index];
      const event = job.payload as MondayEvent;
      if (result?.ok) {
        this.connectionRefused = undefined;
        this.parts.jobs.complete(job.id, job.fencingToken);
        for (const outcome of Object.values(result.outcomes))
          this.parts.metrics?.changesApplied.inc({ outcome: `monday_${outcome}` });
      } else await this.failedEvent(job, event, result?.error);
    }
    return jobs.length;
  }

  /**
   * Whether to take the monday events now: a full batch is waiting, or a partial one has waited batchWaitMs.
   * monday sends one webhook per change, so a burst arrives over a moment; taking each round's few at once would cost
   * Salesforce a call for a handful of records.
   */
  private mondayBatchReady(): boolean {
    const waitMs = this.parts.batchWaitMs ?? 0;
    if (waitMs === 0) return true;
    const pending = this.parts.jobs.due(mondayEventsQueue, mondayEventsPerRound);
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

  private async failedEvent(job: ClaimedJob, event: MondayEvent, error: unknown): Promise<void> {
    const treatment = treatmentOf(error);
    const message = error instanceof Error ? error.message : String(error);
    this.parts.metrics?.jobFailures.inc({ treatment: treatment.kind });
    if (treatment.kind === 'postpone') {
      const runAt = this.parts.clock.now() + treatment.waitMs;
      this.parts.jobs.postpone(job.id, job.fencingToken, runAt, message);
      if (treatment.pause) this.pausedUntil = runAt;
      if (isConnectionRefusal(error)) this.connectionRefused = message;
      // A refused connection ("an admin must reconnect it") reaches the admins through the relay's log.
      this.parts.logger.warn(
        { jobId: job.id, itemId: event.pulseId ?? event.itemId, waitMs: treatment.waitMs, paused: treatment.pause },
        message
      );
      return;
    }
    const state = this.parts.jobs.fail(job.id, job.fencingToken, { message, retriable: treatment.kind === 'retry' });
    this.parts.logger.warn({ jobId: job.id, itemId: event.pulseId ?? event.itemId, state }, message);
    if (state !== 'dead') return;
    const itemId = String(event.pulseId ?? event.itemId);
    const recipes = (await this.parts.recipes.all().catch(() => [])).filter(
      (recipe) => recipe.direction === 'monday_to_Salesforce' && recipe.boardId === String(event.boardId)
    );
    for (const recipe of recipes) {
      try {
        const link = this.parts.links.findByItem(recipe.id, itemId);
        await writeSyncLog(this.parts.salesforce, {
          recordId: link?.recordId ?? '',
          objectApiName: recipe.objectApiName,
          recipeId: recipe.id,
          itemId,
          direction: 'monday_to_Salesforce',
          errorCode: (error as Partial<RelayError>).code ?? 'SYNC_FAILED',
          reason: message,
          retriable: treatment.kind === 'retry',
          occurredAt: new Date(this.parts.clock.now())
        });
        await this.parts.monday.request(documents.createUpdate, {
          itemId,
          body: `This item could not be synced to Salesforce: ${message}. Fix it on the board (or the recipe "${recipe.name}") and change the item again.`
        });
      } catch (reportError) {
        this.parts.logger.error({ err: reportError, itemId }, 'the failure could not be reported');
      }
    }
  }

  /** What a carried-out action leaves on both sides, so that the board's echo of it is no change. */
  private rememberSynced(action: BoardAction): void {
    if (action.kind === 'create' || action.kind === 'update')
      this.parts.synced.remember(action.boardId, action.recordId, action.fieldValues);
    else if (action.kind !== 'link') this.parts.synced.forget(action.recordId);
  }

  private atomically(writes: () => void): void {
    if (this.parts.atomically) this.parts.atomically(writes);
    else writes();
  }

  private releaseAll(jobs: ClaimedJob[]): void {
    for (const job of jobs) this.parts.jobs.release(job.id, job.fencingToken);
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

  /** Plans every job, writes them to monday board by board, then settles each job with its own outcome. */
  private async apply(jobs: ClaimedJob[]): Promise<void> {
    const planned: PlannedJob[] = [];
    if (jobs.length > 1) {
      try {
        await this.parts.toMonday.prepareRound(jobs.map((job) => job.payload as RecordChangeJob));
      } catch (error) {
        // Each change then reads its item alone.
        this.parts.logger.warn({ err: error }, 'the items of this round could not be read together');
      }
    }
    for (const job of jobs) {
      if (this.parts.clock.now() < this.pausedUntil) {
        this.releaseAll([job]);
        continue;
      }
      try {
        planned.push({
          jobId: job.id,
          actions: await this.parts.toMonday.plan(job.payload as RecordChangeJob)
        });
      } catch (error) {
        await this.failed(job, job.payload as RecordChangeJob, error);
      }
    }
    this.parts.toMonday.endRound();
    const results = await this.parts.writer.write(planned);
    for (const { jobId, actions } of planned) {
      const job = jobs.find((candidate) => candidate.id === jobId);
      if (!job) continue;
      const outcome = results.get(jobId);
      if (outcome === undefined) {
        this.connectionRefused = undefined;
        this.atomically(() => {
          if (this.parts.jobs.complete(job.id, job.fencingToken))
            for (const action of actions) this.rememberSynced(action);
        });
        for (const action of actions) this.parts.metrics?.changesApplied.inc({ outcome: action.kind });
        if (actions.length === 0) this.parts.metrics?.changesApplied.inc({ outcome: 'skipped' });
      } else if (outcome === notRun) {
        this.releaseAll([job]);
      } else {
        await this.failed(job, job.payload as RecordChangeJob, outcome);
      }
    }
  }

  private async failed(job: ClaimedJob, payload: RecordChangeJob, error: unknown): Promise<boolean> {
    const treatment = treatmentOf(error);
    const message = error instanceof Error ? error.message : String(error);
    const log = {
      jobId: job.id,
      recordId: payload.change.recordId,
      code: (error as Partial<RelayError>).code,
      attempt: job.attempts
    };
    switch (treatment.kind) {
      case 'postpone': {
        const runAt = this.parts.clock.now() + treatment.waitMs;
        this.parts.jobs.postpone(job.id, job.fencingToken, runAt, message);
        if (treatment.pause) this.pausedUntil = runAt;
        if (isConnectionRefusal(error)) this.connectionRefused = message;
        this.parts.logger.warn({ ...log, waitMs: treatment.waitMs, paused: treatment.pause }, message);
        return treatment.pause;
      }
      case 'retry': {
        const state = this.parts.jobs.fail(job.id, job.fencingToken, { message, retriable: true });
        this.parts.logger.warn({ ...log, state }, message);
        if (state === 'dead') await this.report(payload, message, 'RETRIES_EXHAUSTED', true);
        return false;
      }
      case 'give-up': {
        this.parts.jobs.fail(job.id, job.fencingToken, { message, retriable: false });
        this.parts.logger.warn({ ...log, state: 'dead' }, message);
        await this.report(payload, message, (error as Partial<RelayError>).code ?? 'SYNC_FAILED', false);
        return false;
      }
    }
  }

  /** B1: the failure is visible in Salesforce (sync log) and on the monday item, when there is one. */
  private async report(payload: RecordChangeJob, reason: string, errorCode: string, retriable: boolean): Promise<void> {
    const recipes = await this.parts.recipes.forObject(payload.objectApiName, 'Salesforce_to_monday').catch(() => []);
    for (const recipe of recipes) {
      const link = this.parts.links.find(recipe.id, payload.change.recordId);
      try {
        await writeSyncLog(this.parts.salesforce, {
          recordId: payload.change.recordId,
          objectApiName: payload.objectApiName,
          recipeId: recipe.id,
          ...(link ? { itemId: link.itemId } : {}),
          direction: 'Salesforce_to_monday',
          errorCode,
          reason,
          retriable,
          occurredAt: new Date(this.parts.clock.now())
        });
        if (link) {
          this.parts.links.save({ ...link, lastStatus: 'Failed', lastError: reason });
          await this.parts.monday.request(documents.createUpdate, {
            itemId: link.itemId,
            body: `Salesforce could not be synced to this item: ${reason}. Fix the record in Salesforce, or the recipe "${recipe.name}", and save the record again.`
          });
        }
      } catch (reportError) {
        this.parts.logger.error(
          { err: reportError, recordId: payload.change.recordId },
          'the failure could not be reported'
        );
      }
    }
  }

  /** Pushes the links waiting to Salesforce (../salesforce/link-push.ts); at once when `now` (a shutdown). */
  async pushLinks(now = false): Promise<void> {
    await this.parts.linkPush.push(now);
  }
}
