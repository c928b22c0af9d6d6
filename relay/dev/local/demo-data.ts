// What the local mode starts with: a few Leads in the Salesforce stand-in, a "Leads (demo)" board in the monday
// stand-in, and the two recipes that make the board two-way (F4 and F5 on one board), saved as recipe records the way
// the recipe builder saves them.
import type { MondayStandIn } from '../standins/monday/server';
import type { SalesforceStandIn } from '../standins/salesforce/server';

export const demoBoardName = 'Leads (demo)';

const mapping = [
  { field: 'LastName', column: 'name', columnType: 'name' },
  { field: 'Company', column: 'company', columnType: 'text' },
  { field: 'Email', column: 'email', columnType: 'email' },
  { field: 'Status', column: 'status', columnType: 'status' },
  { field: 'AnnualRevenue', column: 'revenue', columnType: 'numbers' }
];

const leads = [
  {
    LastName: 'Lovelace',
    FirstName: 'Ada',
    Company: 'Analytical Engines',
    Email: 'ada@engines.example',
    AnnualRevenue: 120000
  },
  {
    LastName: 'Hopper',
    FirstName: 'Grace',
    Company: 'Compilers Inc.',
    Email: 'grace@compilers.example',
    AnnualRevenue: 95000
  },
  { LastName: 'Turing', FirstName: 'Alan', Company: 'Bombe Ltd', Email: 'alan@bombe.example', AnnualRevenue: 40000 }
];

/** Makes the board, then the recipes, then the Leads (whose changes the package sends, as in an org). */
export function seedDemo(monday: MondayStandIn, salesforce: SalesforceStandIn): { boardId: string } {
  const board = monday.operations.createBoard(demoBoardName, 'public', 'Synced both ways with Salesforce Leads');
  monday.operations.createColumn(board.id, { title: 'Company', type: 'text', id: 'company' });
  monday.operations.createColumn(board.id, { title: 'Email', type: 'email', id: 'email' });
  monday.operations.createColumn(board.id, { title: 'Lead status', type: 'status', id: 'status' });
  monday.operations.createColumn(board.id, { title: 'Annual revenue', type: 'numbers', id: 'revenue' });
  const recipe = (name: string, direction: string, kind: string, options: Record<string, unknown>) =>
    salesforce.org.create('Monday_Recipe__c', {
      Name: name,
      Active__c: true,
      Direction__c: direction,
      Kind__c: kind,
      Object_Api_Name__c: 'Lead',
      Board_Id__c: board.id,
      Board_Name__c: board.name,
      Definition_Version__c: 1,
      Definition__c: JSON.stringify({ conditions: [], mapping, options })
    });
  recipe('Leads to the demo board', 'Salesforce_to_monday', 'Create_Item_And_Sync', {
    syncFutureChanges: true,
    createLabelsIfMissing: true,
    onDelete: 'archive'
  });
  recipe('Demo board to Leads', 'monday_to_Salesforce', 'Create_Record_And_Sync', {
    syncFutureChanges: true,
    onDelete: 'ignore',
    conflictRule: 'last_writer_wins'
  });
  for (const lead of leads) salesforce.org.create('Lead', lead);
  return { boardId: board.id };
}
