// Salesforce → relay: a signed batch of changes becomes jobs, durably, before Salesforce hears 202. One job per
// record change, keyed by the record, so that the worker applies a record's changes in order. A batch whose
// webhook-id was seen already is acknowledged again and does nothing (Salesforce's outbox may send it twice).
import type { Clock } from '../core/clock';
import type { RelayMetrics } from '../core/metrics';
import { InvalidBodyError, OrgMismatchError } from '../core/errors';
import type { Logger } from '../core/logger';
import { type JobQueue, dedupKeys, dedupRetentionMs } from '../store/ports';
import { StoreWrites } from '../store/store-errors';
import { type ChangeBatch, changeBatch } from './change-batch';
import { checkJsonShape } from './json-shape';
import { type SignedRequest, verifySignedRequest } from './signature';

export const recordChangesQueue = 'salesforce-record-changes';
export const recipeChangesQueue = 'salesforce-recipe-changes';

export interface RecordChangeJob {
  batchId: string;
  objectApiName: string;
  change: ChangeBatch['changes'][number];
}

export interface IntakeOutcome {
  status: 200 | 202;
  body: { batchId: string; accepted: number; duplicate: boolean };
}

export class ChangeIntake {
  constructor(
    private readonly jobs: JobQueue,
    private readonly secrets: readonly string[],
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly metrics?: RelayMetrics,
    private readonly writes = new StoreWrites(),
    /** The org this connection serves, when known (the connect flow reads it from the identity URL). */
    private readonly orgId?: string
  ) {}

  async accept(request: SignedRequest): Promise<IntakeOutcome> {
    const { webhookId } = verifySignedRequest(request, this.secrets, Math.floor(this.clock.now() / 1000));
    return this.store(webhookId, request.rawBody);
  }

  /**
   * A batch the relay read itself from Salesforce's outbox, with its own credentials: no signature to check, the
   * same storage and the same deduplication by batch id.
   */
  acceptFromOutbox(batchId: string, payload: string): Promise<IntakeOutcome> {
    return this.store(batchId, Buffer.from(payload, 'utf8'));
  }

  private async store(webhookId: string, rawBody: Buffer): Promise<IntakeOutcome> {
    const batch = this.parse(rawBody, webhookId);
    const queue = batch.kind === 'record_changes' ? recordChangesQueue : recipeChangesQueue;
    // The batch id and its jobs are one write: a batch sent again (the outbox, a lost answer) is queued once.
    const stored = await this.writes.runAsync('the store', () =>
      this.jobs.enqueueOnce(
        dedupKeys.salesforceBatch(webhookId),
        batch.changes.map((change) => ({
          queue,
          orderingKey: `${batch.objectApiName}:${change.recordId}`,
          payload: { batchId: batch.batchId, objectApiName: batch.objectApiName, change } satisfies RecordChangeJob
        })),
        dedupRetentionMs.salesforceBatch
      )
    );
    if (stored) this.metrics?.changesReceived.inc(batch.changes.length);
    this.logger.info(
      { batchId: webhookId, objectApiName: batch.objectApiName, changes: batch.changes.length, duplicate: !stored },
      'batch received'
    );
    return stored
      ? { status: 202, body: { batchId: webhookId, accepted: batch.changes.length, duplicate: false } }
      : { status: 200, body: { batchId: webhookId, accepted: 0, duplicate: true } };
  }

  private parse(rawBody: Buffer, webhookId: string): ChangeBatch {
    let json: unknown;
    try {
      json = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw new InvalidBodyError('The body is not JSON');
    }
    checkJsonShape(json);
    const parsed = changeBatch.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new InvalidBodyError(
        `The body is not a change batch: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}`
      );
    }
    if (parsed.data.batchId !== webhookId) throw new InvalidBodyError('The batchId differs from the webhook-id');
    // A signed batch of another org is refused, not queued: nothing of one org reaches another's boards. Org ids are
    // compared on their 15 case-sensitive characters (the 18-character form only adds a case checksum).
    if (this.orgId && parsed.data.orgId.slice(0, 15) !== this.orgId.slice(0, 15))
      throw new OrgMismatchError(
        `The batch is for org ${parsed.data.orgId}; this connection serves org ${this.orgId}: reconnect the org from its Connection tab`
      );
    return parsed.data;
  }
}
