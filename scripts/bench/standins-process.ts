// The stand-ins of the benchmark, in a process of their own, so that the benchmark's CPU and memory figures are the
// relay's alone. Talks to its parent over the IPC channel of child_process.fork.
import { noLimits } from '../../relay/dev/standins/monday/limits';
import { MondayStandIn } from '../../relay/dev/standins/monday/server';
import { SalesforceStandIn } from '../../relay/dev/standins/salesforce/server';

export interface StandInsReady {
  type: 'ready';
  mondayUrl: string;
  mondayToken: string;
  loginUrl: string;
  refreshToken: string;
}

export type StandInsRequest =
  | { type: 'status' }
  | { type: 'close' }
  /** Board users add `count` items to the pulling board, or change the Company of every item on it. */
  | { type: 'add-items'; count: number }
  | { type: 'change-items'; company: string }
  /** monday or Salesforce answers every request with `status` (a 5xx) until told `null`. */
  | { type: 'outage'; service: 'monday' | 'salesforce'; status: number | null };
export interface StandInsStatus {
  type: 'status';
  items: number;
  mondayRequests: number;
  /** Requests answered 429, and complexity charged, since the start. */
  throttled: number;
  complexitySpent: number;
  /** When each record's item was created (Date.now()), by record id. */
  createdAt: Record<string, number>;
  /** Salesforce API requests answered, and the Leads made from the pulling board, by Company. */
  salesforceRequests: number;
  pulledLeads: number;
  pulledLeadsByCompany: Record<string, number>;
  /** monday webhook deliveries the relay did not answer 200 in time at the first attempt. */
  webhooksRetried: number;
  /** Items on the board of the Salesforce → monday recipe, and every request that reached each service. */
  pushedItems: number;
  mondayRequestsAll: number;
  salesforceRequestsAll: number;
}

async function main(): Promise<void> {
  // BENCH_MONDAY_LIMITS overrides the limits (scenario c); none by default.
  const limits = { ...noLimits, ...(JSON.parse(process.env.BENCH_MONDAY_LIMITS ?? '{}') as object) };
  const monday = await new MondayStandIn({ limits }).start();
  const token = 'bench-token';
  monday.addUser('Relay', 'relay@example.com', token);
  const board = monday.operations.createBoard('Leads', 'public');
  monday.operations.createColumn(board.id, { title: 'Company', type: 'text', id: 'company' });
  monday.operations.createColumn(board.id, { title: 'Revenue', type: 'numbers', id: 'revenue' });
  monday.operations.createColumn(board.id, { title: 'Email', type: 'email', id: 'email' });
  const createdAt: Record<string, number> = {};
  monday.operations.events.on('change', (event) => {
    if (event.kind !== 'create_item') return;
    const link = event.item.values.get('salesforce_record');
    if (typeof link === 'object' && typeof link.text === 'string') createdAt[link.text] = Date.now();
  });

  const salesforce = await new SalesforceStandIn({ dailyApiRequests: Number.MAX_SAFE_INTEGER }).start();
  salesforce.org.create('Monday_Recipe__c', {
    Name: 'Leads',
    Active__c: true,
    Direction__c: 'Salesforce_to_monday',
    Kind__c: 'Create_Item_And_Sync',
    Object_Api_Name__c: 'Lead',
    Board_Id__c: board.id,
    Definition__c: JSON.stringify({
      mapping: [
        { field: 'LastName', column: 'name', columnType: 'name' },
        { field: 'Company', column: 'company', columnType: 'text' },
        { field: 'AnnualRevenue', column: 'revenue', columnType: 'numbers' },
        { field: 'Email', column: 'email', columnType: 'email' }
      ],
      options: { syncFutureChanges: true }
    })
  });

  // BENCH_PULLING_BOARD: a second board whose items create and update Leads (monday → Salesforce).
  const pulling = process.env.BENCH_PULLING_BOARD
    ? monday.operations.createBoard('Inbound leads', 'public')
    : undefined;
  const boardUser = monday.addUser('Ada Lovelace', 'ada@example.com');
  if (pulling) {
    monday.operations.createColumn(pulling.id, { title: 'Company', type: 'text', id: 'company' });
    monday.operations.createColumn(pulling.id, { title: 'Email', type: 'email', id: 'email' });
    salesforce.org.create('Monday_Recipe__c', {
      Name: 'Inbound leads',
      Active__c: true,
      Direction__c: 'monday_to_Salesforce',
      Kind__c: 'Create_Record_And_Sync',
      Object_Api_Name__c: 'Lead',
      Board_Id__c: pulling.id,
      Definition__c: JSON.stringify({
        mapping: [
          { field: 'LastName', column: 'name', columnType: 'name' },
          { field: 'Company', column: 'company', columnType: 'text' },
          { field: 'Email', column: 'email', columnType: 'email' }
        ],
        options: { syncFutureChanges: true }
      })
    });
  }
  const pulledLeads = () =>
    salesforce.org.all('Lead').filter((lead) => !lead.deleted && String(lead.values.LastName).startsWith('Pulled'));

  process.on('message', (message: StandInsRequest) => {
    switch (message.type) {
      case 'status': {
        const byCompany: Record<string, number> = {};
        for (const lead of pulledLeads()) {
          const company = String(lead.values.Company);
          byCompany[company] = (byCompany[company] ?? 0) + 1;
        }
        process.send?.({
          type: 'status',
          items: monday.state.items.size,
          mondayRequests: monday.requestCount,
          throttled: monday.throttledCount,
          complexitySpent: monday.limiter.complexitySpent,
          createdAt,
          salesforceRequests: salesforce.apiRequestsToday,
          pulledLeads: pulledLeads().length,
          pulledLeadsByCompany: byCompany,
          webhooksRetried: monday.webhooks.deliveries.filter((delivery) => delivery.attempts > 1).length,
          pushedItems: monday.state.itemsOfBoard(board.id).filter((item) => item.state === 'active').length,
          mondayRequestsAll: monday.requestCount,
          salesforceRequestsAll: salesforce.requestCount
        } satisfies StandInsStatus);
        return;
      }
      case 'add-items': {
        if (!pulling) throw new Error('no pulling board (BENCH_PULLING_BOARD)');
        const first = monday.state.itemsOfBoard(pulling.id).length;
        for (let index = first; index < first + message.count; index += 1) {
          monday.operations.createItem({
            boardId: pulling.id,
            name: `Pulled ${index}`,
            columnValues: {
              company: 'Acme',
              email: { email: `pulled${index}@example.com`, text: `pulled${index}@example.com` }
            },
            actorId: boardUser.id
          });
        }
        process.send?.({ type: 'done' });
        return;
      }
      case 'change-items': {
        if (!pulling) throw new Error('no pulling board (BENCH_PULLING_BOARD)');
        for (const item of monday.state.itemsOfBoard(pulling.id)) {
          monday.operations.changeColumnValues({
            boardId: pulling.id,
            itemId: item.id,
            columnValues: { company: message.company },
            actorId: boardUser.id
          });
        }
        process.send?.({ type: 'done' });
        return;
      }
      case 'outage': {
        (message.service === 'monday' ? monday : salesforce).faults.outage = message.status ?? undefined;
        process.send?.({ type: 'done' });
        return;
      }
      case 'close':
        void Promise.all([monday.close(), salesforce.close()]).then(() => process.exit(0));
    }
  });
  process.send?.({
    type: 'ready',
    mondayUrl: monday.url,
    mondayToken: token,
    loginUrl: salesforce.loginUrl,
    refreshToken: salesforce.oauth.issueRefreshToken(salesforce.adminUserId)
  } satisfies StandInsReady);
}

void main();
