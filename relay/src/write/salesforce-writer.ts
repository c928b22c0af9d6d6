// Every write the relay makes to Salesforce goes through here: records created, updated and deleted (sObject
// Collections, with the links riding along), the Monday_Link__c records, the monday Sync Log (failures and settled
// conflicts, B1), and the outbox rows taken. Reads stay with their readers. The package's own objects and fields are
// named as the org names them (its namespace, ../salesforce/package-names.ts).
// write/__tests__/one-writer-per-system.test.ts checks that no other file writes to Salesforce.
import type { CollectionResult, CollectionWrite, SalesforceClient } from '../salesforce/client';

export interface SyncFailure {
  recordId: string;
  objectApiName: string;
  recipeId: string;
  itemId?: string;
  direction: 'Salesforce_to_monday' | 'monday_to_Salesforce';
  errorCode: string;
  reason: string;
  retriable: boolean;
  /** Settled already (a conflict decided by the recipe's rule): nothing for the admin to do. */
  resolved?: boolean;
  occurredAt: Date;
}

export class SalesforceWriter {
  constructor(private readonly salesforce: SalesforceClient) {}

  /** Several collections in one composite call; one answer (results, or the error of that subrequest) per write. */
  writeCollections(writes: CollectionWrite[]): Promise<(CollectionResult[] | Error)[]> {
    return this.salesforce.writeCollections(writes);
  }

  /** Sets fields of one record (a conflict the board won, written back). */
  async updateRecord(objectApiName: string, recordId: string, values: Record<string, unknown>): Promise<void> {
    await this.salesforce.request('PATCH', `/sobjects/${objectApiName}/${recordId}`, values);
  }

  async deleteRecord(objectApiName: string, recordId: string): Promise<void> {
    await this.salesforce.request('DELETE', `/sobjects/${objectApiName}/${recordId}`);
  }

  /** A failure, or a settled conflict, in the monday Sync Log, where admins see it (B1). */
  async logFailure(failure: SyncFailure): Promise<void> {
    const names = await this.salesforce.packageNames();
    await this.salesforce.request(
      'POST',
      `/sobjects/${names.qualify('Monday_Sync_Log__c')}`,
      names.toOrg({
        Record_Id__c: failure.recordId,
        Object_Api_Name__c: failure.objectApiName,
        Recipe__c: failure.recipeId,
        Item_Id__c: failure.itemId ?? null,
        Direction__c: failure.direction,
        Error_Code__c: failure.errorCode.slice(0, 80),
        Reason__c: failure.reason.slice(0, 32768),
        Retriable__c: failure.retriable,
        Resolved__c: failure.resolved ?? false,
        Occurred_At__c: failure.occurredAt.toISOString()
      })
    );
  }

  /** Removes outbox rows the relay has taken (each row on its own: one already gone fails only itself). */
  async deleteOutboxRows(ids: string[]): Promise<void> {
    if (ids.length > 0)
      await this.salesforce.request('DELETE', `/composite/sobjects?ids=${ids.join(',')}&allOrNone=false`);
  }
}
