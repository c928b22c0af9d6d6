// A Lead recipe saved in the Salesforce stand-in, as the recipe builder saves it: for tests and the soak that set up
// the stand-ins themselves.
import type { PackageView } from '../dev/standins/salesforce/package-view';

export type Direction = 'Salesforce_to_monday' | 'monday_to_Salesforce';

export function saveLeadRecipe(
  store: PackageView,
  boardId: string,
  direction: Direction,
  mapping: { field: string; column: string; columnType: string }[]
): void {
  store.create('Monday_Recipe__c', {
    Name: direction,
    Active__c: true,
    Direction__c: direction,
    Kind__c: direction === 'Salesforce_to_monday' ? 'Create_Item_And_Sync' : 'Create_Record_And_Sync',
    Object_Api_Name__c: 'Lead',
    Board_Id__c: boardId,
    Definition__c: JSON.stringify({ mapping, options: { syncFutureChanges: true } })
  });
}
