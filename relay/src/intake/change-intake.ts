// Salesforce → relay: a signed batch of changes becomes jobs, durably, before Salesforce hears 202. One job per
// record change, keyed by the record, so that the worker applies a record's changes in order. A batch whose
// webhook-id was seen already is acknowledged again and does nothing (Salesforce's outbox may send it twice).
import type { Clock } from '../core/clock';
import type { RelayMetrics } from '../core/metrics';
import { InvalidBodyError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { SqliteDatabase } from '../store/database';
import type { JobStore } from '../store/job-store';
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
    private readonly db: SqliteDatabase,
    private readonly jobs: JobStore,
    private readonly secrets: readonly string[],
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly metrics?: RelayMetrics,
    private readonly writes = new StoreWrites()
  ) {}

  accept(request: SignedRequest): IntakeOutcome {
    const { webhookId } = verifySignedRequest(request, this.secrets, Math.floor(this.clock.now() / 1000));
    return this.store(webhookId, request.rawBody);
  }

  /**
   * A batch the relay read itself from Salesforce's outbox, with its own credentials: no signature to check, the
   * same storage and the same deduplication by batch id.
   */
  acceptFromOutbox(batchId: string, payload: string): IntakeOutcome {
    return this.store(batchId, Buffer.from(payload, 'utf8'));
  }

  private store(webhookId: string, rawBody: Buffer): IntakeOutcome {
    const batch = this.parse(rawBody, webhookId);
    const stored = this.write(() =>
      this.db.transaction(() => {
        const inserted = this.db
          .prepare(
            `INSERT INTO received_batches (webhook_id, received_at, change_count) VALUES (?, ?, ?) ON CONFLICT (webhook_id) DO NOTHING`
          )
          .run(webhookId, this.clock.now(), batch.changes.length);
        if (inserted.changes === 0) return false;
        const queue = batch.kind === 'record_changes' ? recordChangesQueue : recipeChangesQueue;
        this.jobs.enqueue(
          batch.changes.map((change) => ({
            queue,
            orderingKey: `${batch.objectApiName}:${change.recordId}`,
            payload: { batchId: batch.batchId, objectApiName: batch.objectApiName, change } satisfies RecordChangeJob
          }))
        );
        return true;
      })()
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

  /** A write to the store; one that fails (a full disk, a read-only file) is answered 503 with what to do. */
  private write<T>(writes: () => T): T {
    return this.writes.run(this.db.name, writes);
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
    return parsed.data;
  }
}
