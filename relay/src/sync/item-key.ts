// The monday item key: the field the package adds to each object it syncs (Monday_Item_Key__c, a unique external
// id), holding "<board id>:<item id>" on every record the relay creates from an item. It is what makes a create
// from monday impossible to repeat: records are upserted on it (sObject Collections,
// https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-upsert.html),
// so a create retried after a lost answer or a crash finds the record it made instead of making a second one; and
// the package's trigger sends it with the new record's change, so the relay knows that record already has its item
// whatever order the change, Salesforce's answer and the link arrive in. docs/no-duplicates.md says why this design.
import { MappingError } from '../core/errors';
import type { DescribedField } from '../salesforce/describe-cache';

export const itemKeyFieldSuffix = 'Monday_Item_Key__c';

export const itemKey = (boardId: string, itemId: string): string => `${boardId}:${itemId}`;

/** The board and item a key names; undefined for anything else. */
export function parseItemKey(key: string | null | undefined): { boardId: string; itemId: string } | undefined {
  const match = /^(\d{1,20}):(\d{1,20})$/.exec(key ?? '');
  return match?.[1] && match[2] ? { boardId: match[1], itemId: match[2] } : undefined;
}

/**
 * The object's item key field: the package's (ns__Monday_Item_Key__c in a managed install, Monday_Item_Key__c
 * without a namespace) on the standard objects, or the one an admin added to a custom object. It must be a unique
 * external id, or a create could not be made safe; without it the record is not created, and the admin is told how
 * to add it.
 */
export function itemKeyField(objectApiName: string, fields: Map<string, DescribedField>): string {
  const field = [...fields.values()].find(
    (candidate) =>
      (candidate.name === itemKeyFieldSuffix || candidate.name.endsWith(`__${itemKeyFieldSuffix}`)) &&
      candidate.externalId &&
      candidate.unique
  );
  if (!field)
    throw new MappingError(
      `${objectApiName} has no ${itemKeyFieldSuffix} field, so records cannot be created from monday without risking duplicates. ` +
        `Add a Text(100) field named ${itemKeyFieldSuffix} to ${objectApiName}, marked Unique and External ID, and give the relay's user edit access to it.`
    );
  return field.name;
}
