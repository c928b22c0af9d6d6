// Failures (and settled conflicts) written to Salesforce's monday Sync Log (B1), so admins see them where they work.
import type { SalesforceClient } from './client';

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

export async function writeSyncLog(salesforce: SalesforceClient, failure: SyncFailure): Promise<void> {
  const names = await salesforce.packageNames();
  await salesforce.request(
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
