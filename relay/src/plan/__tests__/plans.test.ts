// The planners decide with no I/O: given what was read, they return what to write. These cases give them readings
// by hand (no stand-in, no store) and check the decisions the walks then carry out.
import type { DescribedField } from '../../salesforce/describe-cache';
import type { SyncedSnapshot } from '../../store/synced-values';
import type { ItemReading } from '../../sync/item-reading';
import { type Recipe, recipeDefinitionSchema } from '../../sync/recipe';
import type { ChangeReading } from '../../read/record-changes';
import { planRecordChange } from '../record-change-plan';
import { type ItemWork, decideUpdate, planItem } from '../board-event-plan';

const field = (name: string, extra: Partial<DescribedField> = {}): DescribedField => ({
  name,
  type: 'string',
  label: name,
  createable: true,
  updateable: true,
  nillable: true,
  defaultedOnCreate: false,
  length: 80,
  precision: 0,
  scale: 0,
  restrictedPicklist: false,
  externalId: false,
  unique: false,
  picklistValues: [],
  ...extra
});
const fields = new Map([
  ['LastName', field('LastName', { nillable: false })],
  ['Company', field('Company')]
]);
const mapping = [
  { field: 'LastName', column: 'name', columnType: 'name' as const },
  { field: 'Company', column: 'company', columnType: 'text' as const }
];
const recipe = (direction: Recipe['direction'], options: Record<string, unknown> = {}): Recipe => ({
  id: direction === 'Salesforce_to_monday' ? 'a01' : 'a02',
  name: direction,
  active: true,
  direction,
  objectApiName: 'Lead',
  boardId: '42',
  revision: 1,
  definition: recipeDefinitionSchema.parse({ mapping, options })
});
const pushing = recipe('Salesforce_to_monday', { syncFutureChanges: true });
const pulling = recipe('monday_to_Salesforce', { conflictRule: 'monday_wins' });
const recordId = '00Q000000000001AAA';
const link = {
  recipeId: pushing.id,
  recordId,
  objectApiName: 'Lead',
  boardId: '42',
  itemId: '7',
  itemName: 'Lovelace',
  itemUrl: null,
  lastSyncAt: 0,
  lastStatus: 'Synced' as const,
  lastError: null
};
const synced = (values: Record<string, unknown>): SyncedSnapshot =>
  new Map(
    Object.entries(values).map(([name, value]) => [name, { stored: JSON.stringify(value), supersededThrough: null }])
  );
const item = (company: string, extra: Partial<ItemReading> = {}): ItemReading => ({
  id: '7',
  name: 'Lovelace',
  state: 'active',
  updated_at: '2026-12-03T10:00:05Z',
  column_values: [{ id: 'company', type: 'text', text: company, value: JSON.stringify(company) }],
  ...extra
});

function changeReading(company: string, reading: Partial<ChangeReading['recipes'][number]>): ChangeReading {
  return {
    job: {
      batchId: 'b1',
      objectApiName: 'Lead',
      change: {
        recordId,
        operation: 'update',
        systemModstamp: '2026-12-03T10:00:00.000+0000',
        changedFields: ['Company'],
        values: { LastName: 'Lovelace', Company: company }
      }
    },
    fieldTypes: { LastName: 'string', Company: 'string' },
    fields,
    recordUrl: `https://example.my.salesforce.com/${recordId}`,
    recipes: [
      {
        recipe: pushing,
        link,
        linkOnBoard: undefined,
        found: undefined,
        synced: synced({ LastName: 'Lovelace', Company: 'Old' }),
        pulling: undefined,
        item: undefined,
        ...reading
      }
    ]
  };
}

describe('the Salesforce → monday plan', () => {
  it('updates the linked item with the changed field only', () => {
    const plan = planRecordChange(changeReading('New', {}));
    expect(plan.actions).toEqual([
      expect.objectContaining({ kind: 'update', values: { company: 'New' }, fieldValues: { Company: 'New' } })
    ]);
    expect(plan.conflicts).toEqual([]);
  });

  it('sends nothing for the echo of a value both sides already hold', () => {
    expect(planRecordChange(changeReading('Old', {})).actions).toEqual([]);
  });

  it('settles a conflict the board wins: logged, written to the record, left out of the board update', () => {
    const plan = planRecordChange(changeReading('Salesforce side', { pulling, item: item('Board side') }));
    expect(plan.conflicts).toEqual([
      expect.objectContaining({ winner: 'monday', conflict: expect.objectContaining({ field: 'Company' }) })
    ]);
    expect(plan.recordUpdates).toEqual([{ objectApiName: 'Lead', recordId, values: { Company: 'Board side' } }]);
    expect(plan.agreed).toEqual([{ boardId: '42', recordId, values: { Company: 'Board side' } }]);
    expect(plan.actions).toEqual([]);
  });

  it('creates an item for a record without one, with its Salesforce column', () => {
    const plan = planRecordChange(changeReading('New', { link: undefined, synced: new Map() }));
    expect(plan.actions).toEqual([
      expect.objectContaining({
        kind: 'create',
        itemName: 'Lovelace',
        columnValues: { company: 'New', salesforce_record: { url: expect.stringContaining(recordId), text: recordId } }
      })
    ]);
  });
});

describe('the monday → Salesforce plan', () => {
  const work = (overrides: Partial<ItemWork>): ItemWork => ({
    event: 0,
    recipe: pulling,
    item: item('Board side'),
    changedAt: Date.parse('2026-12-03T10:00:05Z'),
    fields,
    link: { ...link, recipeId: pulling.id },
    columnRecordLink: undefined,
    synced: synced({ LastName: 'Lovelace', Company: 'Old' }),
    twoWay: true,
    ...overrides
  });

  it('refuses to create a record without its required fields, naming them', () => {
    const nameless = work({ link: undefined, item: { ...item('Board side'), name: '' } });
    expect(() => planItem(nameless)).toThrow('required fields are empty: LastName (LastName)');
  });

  it('links an item whose Salesforce column names a record, and repairs nothing then', () => {
    const columnItem = item('Board side', {
      column_values: [
        { id: 'company', type: 'text', text: 'Board side', value: '"Board side"' },
        { id: 'salesforce_record', type: 'link', text: recordId, value: JSON.stringify({ text: recordId }) }
      ]
    });
    const planned = planItem(work({ link: undefined, item: columnItem }));
    expect(planned).toMatchObject({ kind: 'update', newLink: { recordId, itemId: '7' }, repairColumn: false });
  });

  it('decides a conflict by the rule once the record is read, and sends the winner', () => {
    const planned = planItem(work({}));
    if (planned.kind !== 'update') throw new Error('expected an update');
    const decision = decideUpdate(planned.update, {
      Id: recordId,
      SystemModstamp: '2026-12-03T10:00:00.000+0000',
      Company: 'Salesforce side'
    });
    expect(decision.send).toEqual({ Company: 'Board side' });
    expect(decision.conflicts).toEqual([expect.objectContaining({ winner: 'monday' })]);
    expect(decision.boardLoses).toEqual({});
  });
});
