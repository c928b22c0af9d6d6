import {
  compatibleColumns,
  createOnlyFields,
  definitionOf,
  draftOf,
  isOverLimit,
  mappableFields,
  missingRequiredFields,
  operatorsFor,
  problemsOf,
  typedValue,
  valueInputFor,
  MONDAY_TO_SALESFORCE,
  SALESFORCE_TO_MONDAY
} from 'c/mondayRecipeModel';

const FIELDS = [
  {
    apiName: 'LastName',
    label: 'Last Name',
    type: 'string',
    createable: true,
    updateable: true,
    requiredOnCreate: true,
    pushColumnTypes: ['text', 'long_text', 'name'],
    pullColumnTypes: ['name', 'text']
  },
  {
    apiName: 'Company',
    label: 'Company',
    type: 'string',
    createable: true,
    updateable: true,
    requiredOnCreate: true,
    pushColumnTypes: ['text'],
    pullColumnTypes: ['text']
  },
  {
    apiName: 'AnnualRevenue',
    label: 'Annual Revenue',
    type: 'currency',
    createable: true,
    updateable: true,
    requiredOnCreate: false,
    pushColumnTypes: ['numbers'],
    pullColumnTypes: ['numbers']
  },
  {
    apiName: 'CreatedDate',
    label: 'Created Date',
    type: 'datetime',
    createable: false,
    updateable: false,
    requiredOnCreate: false,
    pushColumnTypes: ['date'],
    pullColumnTypes: ['date']
  },
  {
    apiName: 'External__c',
    label: 'External',
    type: 'string',
    createable: true,
    updateable: false,
    requiredOnCreate: false,
    pushColumnTypes: ['text'],
    pullColumnTypes: ['text']
  }
];
const COLUMNS = [
  { id: 'name', title: 'Name', type: 'name' },
  { id: 'text', title: 'Company', type: 'text' },
  { id: 'numbers', title: 'Revenue', type: 'numbers' },
  { id: 'salesforce_record', title: 'Salesforce', type: 'link' }
];

describe('c-monday-recipe-model', () => {
  it('offers operators and value inputs by field type (B3)', () => {
    expect(operatorsFor('boolean')).toEqual(['equals', 'not_equals']);
    expect(operatorsFor('currency')).toContain('greater_than');
    expect(operatorsFor('currency')).not.toContain('contains');
    expect(operatorsFor('string')).toContain('starts_with');
    expect(operatorsFor('picklist')).toContain('in');
    expect(valueInputFor('date', 'less_than')).toBe('date');
    expect(valueInputFor('picklist', 'equals')).toBe('picklist');
    expect(valueInputFor('picklist', 'in')).toBe('picklist-multi');
    expect(valueInputFor('string', 'is_empty')).toBe('none');
    expect(typedValue('currency', 'greater_than', '1200.5')).toBe(1200.5);
    expect(typedValue('string', 'in', 'Web, Partner ,')).toEqual(['Web', 'Partner']);
    expect(typedValue('boolean', 'equals', 'true')).toBe(true);
    expect(typedValue('string', 'is_empty', 'x')).toBeUndefined();
  });

  it('offers only fields and columns that fit, never the Salesforce column, the item name first', () => {
    expect(mappableFields(FIELDS, MONDAY_TO_SALESFORCE).map((field) => field.apiName)).not.toContain('CreatedDate');
    expect(mappableFields(FIELDS, SALESFORCE_TO_MONDAY).map((field) => field.apiName)).toContain('CreatedDate');
    expect(compatibleColumns(FIELDS[0], SALESFORCE_TO_MONDAY, COLUMNS).map((column) => column.id)).toEqual([
      'name',
      'text'
    ]);
    expect(compatibleColumns(FIELDS[2], MONDAY_TO_SALESFORCE, COLUMNS).map((column) => column.id)).toEqual(['numbers']);
    expect(compatibleColumns(undefined, MONDAY_TO_SALESFORCE, COLUMNS)).toEqual([]);
  });

  it('names the required fields left out (F11) and the fields set on create only (F12)', () => {
    expect(
      missingRequiredFields(FIELDS, [{ field: 'LastName', column: 'name' }]).map((field) => field.apiName)
    ).toEqual(['Company']);
    expect(createOnlyFields(FIELDS, [{ field: 'External__c', column: 'text' }]).map((field) => field.apiName)).toEqual([
      'External__c'
    ]);
  });

  it('counts the 90-recipe limit per standard object, not for custom objects nor the recipe being edited (F14)', () => {
    const recipes = Array.from({ length: 90 }, (_, index) => ({
      id: `r${index}`,
      direction: SALESFORCE_TO_MONDAY,
      objectApiName: 'Lead'
    }));
    expect(isOverLimit(recipes, { kind: 'Create_Item', objectApiName: 'Lead', id: null })).toBe(true);
    expect(isOverLimit(recipes, { kind: 'Create_Item', objectApiName: 'Lead', id: 'r3' })).toBe(false);
    expect(isOverLimit(recipes, { kind: 'Create_Record_And_Sync', objectApiName: 'Lead', id: null })).toBe(false);
    expect(isOverLimit(recipes, { kind: 'Create_Item', objectApiName: 'Invoice__c', id: null })).toBe(false);
  });

  it('lists what keeps a draft from saving', () => {
    const draft = draftOf('Create_Record_And_Sync');
    expect(problemsOf(draft, FIELDS, []).map((problem) => problem.key)).toEqual([
      'name',
      'object',
      'board',
      'mappingEmpty'
    ]);
    const filled = {
      ...draft,
      name: 'Board to Leads',
      objectApiName: 'Lead',
      boardId: '42',
      conditions: [[{ field: 'AnnualRevenue', operator: 'greater_than', value: null }]],
      mapping: [
        { field: 'LastName', column: 'name', columnType: 'name' },
        { field: '', column: '', columnType: '' }
      ]
    };
    expect(problemsOf(filled, FIELDS, [])).toEqual([
      { key: 'conditionValue', args: ['Annual Revenue'] },
      { key: 'mappingIncomplete' },
      { key: 'requiredMissing', args: ['Company'] }
    ]);
  });

  it('writes the definition of each kind, and reads it back', () => {
    const draft = {
      ...draftOf('Create_Item_And_Sync'),
      name: 'Leads',
      objectApiName: 'Lead',
      boardId: '42',
      groupId: 'topics',
      createLabelsIfMissing: true,
      onDelete: 'archive',
      conditions: [[{ field: 'LastName', operator: 'equals', value: 'Smith' }], []],
      mapping: [{ field: 'LastName', column: 'name', columnType: 'name' }]
    };
    const definition = definitionOf(draft);
    expect(definition).toEqual({
      conditions: [[{ field: 'LastName', operator: 'equals', value: 'Smith' }]],
      mapping: [{ field: 'LastName', column: 'name', columnType: 'name' }],
      options: { syncFutureChanges: true, onDelete: 'archive', createLabelsIfMissing: true, groupId: 'topics' }
    });
    expect(definitionOf({ ...draft, kind: 'Create_Item' }).options.syncFutureChanges).toBe(false);
    expect(definitionOf({ ...draft, kind: 'Create_Record_And_Sync', conflictRule: 'monday_wins' }).options).toEqual({
      syncFutureChanges: true,
      onDelete: 'archive',
      conflictRule: 'monday_wins'
    });
    const reread = draftOf(null, {
      id: 'a01',
      name: 'Leads',
      kind: 'Create_Item_And_Sync',
      objectApiName: 'Lead',
      boardId: '42',
      definition: JSON.stringify(definition)
    });
    expect(reread).toMatchObject({ groupId: 'topics', onDelete: 'archive', createLabelsIfMissing: true });
    expect(reread.conditions).toEqual(definition.conditions);
    expect(draftOf(null, { id: 'a02', definition: 'not json' }).mapping).toEqual([]);
  });
});
