// The stand-ins of the custom-object benchmark (custom-objects.ts), in the benchmark's own process as in
// postgres-relays.ts: three custom objects in the Salesforce org, each with a Salesforce → monday recipe to a board of
// its own, and what the relay writes to those boards, seen as monday applies it. Each record's Amount__c only ever
// grows, so the Amount an item shows tells which of its record's edits (that one and every earlier one) reached it.
import { noLimits } from '../../relay/dev/standins/monday/limits';
import type { BoardEvent } from '../../relay/dev/standins/monday/operations';
import { MondayStandIn } from '../../relay/dev/standins/monday/server';
import { field } from '../../relay/dev/standins/salesforce/describe/fields';
import { SalesforceStandIn } from '../../relay/dev/standins/salesforce/server';
import { systemClock } from '../../relay/src/core/clock';
import { salesforceColumnId } from '../../relay/src/monday/salesforce-column';
import { relayToken } from '../../relay/test/monday-standin';

export const customObjects = ['Invoice__c', 'Shipment__c', 'Subscription__c'] as const;
const amountColumn = 'amount';

/** A monday write that shows a record's Amount: when monday applied it (Date.now()). */
export interface AmountWrite {
  recordId: string;
  amount: number;
  at: number;
}

export interface CustomObjectOrg {
  monday: MondayStandIn;
  mondayToken: string;
  salesforce: SalesforceStandIn;
  close(): Promise<void>;
}

export async function startCustomObjectOrg(onWrite: (write: AmountWrite) => void): Promise<CustomObjectOrg> {
  const monday = await new MondayStandIn({ clock: systemClock, limits: noLimits }).start();
  monday.addUser('Relay', 'relay@example.com', relayToken);
  const salesforce = await new SalesforceStandIn({
    clock: systemClock,
    dailyApiRequests: Number.MAX_SAFE_INTEGER
  }).start();
  for (const objectApiName of customObjects) {
    salesforce.store.defineCustomObject({
      name: objectApiName,
      fields: [field('Amount__c', 'currency'), field('Notes__c', 'textarea')]
    });
    const board = monday.operations.createBoard(objectApiName.replace(/__c$/, 's'), 'public');
    monday.operations.createColumn(board.id, { title: 'Amount', type: 'numbers', id: amountColumn });
    salesforce.org.create('Monday_Recipe__c', {
      Name: `${objectApiName} to monday`,
      Active__c: true,
      Direction__c: 'Salesforce_to_monday',
      Kind__c: 'Create_Item_And_Sync',
      Object_Api_Name__c: objectApiName,
      Board_Id__c: board.id,
      Definition__c: JSON.stringify({
        mapping: [
          { field: 'Name', column: 'name', columnType: 'name' },
          { field: 'Amount__c', column: amountColumn, columnType: 'numbers' }
        ],
        options: { syncFutureChanges: true }
      })
    });
  }
  monday.operations.events.on('change', (event: BoardEvent) => {
    if (event.kind !== 'create_item' && event.kind !== 'change_column_value') return;
    const link = event.item.values.get(salesforceColumnId);
    const amount = event.item.values.get(amountColumn);
    if (typeof link !== 'object' || typeof link.text !== 'string' || typeof amount !== 'string') return;
    onWrite({ recordId: link.text, amount: Number(amount), at: Date.now() });
  });
  return {
    monday,
    mondayToken: relayToken,
    salesforce,
    close: async () => {
      await Promise.all([monday.close(), salesforce.close()]);
    }
  };
}
