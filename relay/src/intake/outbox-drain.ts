// Batches waiting in Salesforce's outbox (Monday_Outbox__c), read by the relay through the REST API: what the
// package could not deliver (the relay was down, the named credential not set up yet) arrives this way too, and the
// relay does not wait for the package's next delivery attempt. Each batch is stored like a posted one (deduplicated
// by its id), then deleted from the outbox.
import { z } from 'zod';
import { InvalidBodyError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { SalesforceClient } from '../salesforce/client';
import type { SalesforceWriter } from '../write/salesforce-writer';
import type { ChangeIntake } from './change-intake';

const outboxRow = z.object({ Id: z.string(), Batch_Id__c: z.string(), Payload__c: z.string() });

export class OutboxDrain {
  constructor(
    private readonly salesforce: SalesforceClient,
    private readonly writer: SalesforceWriter,
    private readonly intake: ChangeIntake,
    private readonly logger: Logger
  ) {}

  /** Takes up to `limit` pending batches; answers how many were taken. */
  async drainOnce(limit = 50): Promise<number> {
    const names = await this.salesforce.packageNames();
    const rows = await this.salesforce.query(
      names.soql(
        `SELECT Id, Batch_Id__c, Payload__c FROM Monday_Outbox__c WHERE Status__c = 'Pending' ORDER BY CreatedDate LIMIT ${Math.max(1, Math.min(200, Math.floor(limit)))}`
      )
    );
    const taken: string[] = [];
    for (const raw of rows) {
      const row = outboxRow.safeParse(names.fromOrg(raw));
      if (!row.success) continue;
      try {
        await this.intake.acceptFromOutbox(row.data.Batch_Id__c, row.data.Payload__c);
        taken.push(row.data.Id);
      } catch (error) {
        // A malformed batch stays in the outbox, where the package marks it for an admin.
        if (!(error instanceof InvalidBodyError)) throw error;
        this.logger.error({ batchId: row.data.Batch_Id__c, reason: error.message }, 'outbox batch refused');
      }
    }
    await this.writer.deleteOutboxRows(taken);
    return taken.length;
  }
}
