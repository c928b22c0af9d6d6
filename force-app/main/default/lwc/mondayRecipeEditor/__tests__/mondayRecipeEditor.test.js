import { createElement } from 'lwc';
import { registerSa11yMatcher } from '@sa11y/jest';
import MondayRecipeEditor from 'c/mondayRecipeEditor';
import getObjects from '@salesforce/apex/MondayRecipeBuilderController.getObjects';
import getFields from '@salesforce/apex/MondayRecipeBuilderController.getFields';
import getBoards from '@salesforce/apex/MondayRecipeBuilderController.getBoards';
import saveRecipe from '@salesforce/apex/MondayRecipeBuilderController.saveRecipe';
import getChangeCapture from '@salesforce/apex/MondayChangeCaptureController.getChangeCapture';

jest.mock(
  '@salesforce/apex/MondayRecipeBuilderController.getObjects',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true }
);
jest.mock(
  '@salesforce/apex/MondayRecipeBuilderController.getFields',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true }
);
jest.mock('@salesforce/apex/MondayRecipeBuilderController.getBoards', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/MondayRecipeBuilderController.saveRecipe', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/MondayChangeCaptureController.getChangeCapture', () => ({ default: jest.fn() }), {
  virtual: true
});

const OBJECTS = [
  { apiName: 'Lead', label: 'Lead', custom: false },
  { apiName: 'Invoice__c', label: 'Invoice', custom: true }
];
const field = (apiName, label, fieldType, extra = {}) => ({
  apiName,
  label,
  type: fieldType,
  createable: true,
  updateable: true,
  requiredOnCreate: false,
  picklistValues: [],
  pushColumnTypes: [],
  pullColumnTypes: [],
  ...extra
});
const LEAD_FIELDS = [
  field('LastName', 'Last Name', 'string', {
    requiredOnCreate: true,
    pushColumnTypes: ['text', 'name'],
    pullColumnTypes: ['name', 'text']
  }),
  field('Company', 'Company', 'string', {
    requiredOnCreate: true,
    pushColumnTypes: ['text'],
    pullColumnTypes: ['text']
  }),
  field('AnnualRevenue', 'Annual Revenue', 'currency', {
    pushColumnTypes: ['numbers'],
    pullColumnTypes: ['numbers']
  }),
  field('Status', 'Lead Status', 'picklist', {
    picklistValues: [
      { value: 'Open', label: 'Open' },
      { value: 'Working', label: 'Working' }
    ],
    pushColumnTypes: ['status', 'text'],
    pullColumnTypes: ['status']
  }),
  field('Legacy_Id__c', 'Legacy Id', 'string', {
    updateable: false,
    pushColumnTypes: ['text'],
    pullColumnTypes: ['text']
  })
];
const BOARDS = [
  {
    id: '42',
    name: 'Leads',
    url: 'https://acme.monday.com/boards/42',
    groups: [{ id: 'topics', title: 'New leads' }],
    columns: [
      { id: 'name', title: 'Name', type: 'name' },
      { id: 'text', title: 'Company', type: 'text' },
      { id: 'numbers', title: 'Revenue', type: 'numbers' },
      { id: 'status', title: 'Status', type: 'status' },
      { id: 'salesforce_record', title: 'Salesforce', type: 'link' }
    ]
  }
];

beforeAll(() => {
  registerSa11yMatcher();
});

afterEach(() => {
  while (document.body.firstChild) {
    document.body.removeChild(document.body.firstChild);
  }
  jest.clearAllMocks();
});

const flush = async () => {
  for (let turn = 0; turn < 4; turn += 1) {
    // eslint-disable-next-line no-await-in-loop
    await Promise.resolve();
  }
};

async function mount(properties) {
  const element = createElement('c-monday-recipe-editor', { is: MondayRecipeEditor });
  Object.assign(element, properties);
  document.body.appendChild(element);
  getObjects.emit(OBJECTS);
  await flush();
  return element;
}

const q = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);
const qa = (element, id) => [...element.shadowRoot.querySelectorAll(`[data-id="${id}"]`)];

async function choose(target, value) {
  target.value = value;
  target.dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flush();
}

async function type(target, value) {
  target.value = value;
  target.dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flush();
}

async function click(target) {
  target.click();
  await flush();
}

async function pickLead(element) {
  await choose(q(element, 'object'), 'Lead');
  expect(getFields.getLastConfig()).toEqual({ objectApiName: 'Lead' });
  getFields.emit(LEAD_FIELDS);
  await flush();
}

describe('c-monday-recipe-editor', () => {
  it('offers the custom objects in both directions', async () => {
    getBoards.mockResolvedValue(BOARDS);
    const pushing = await mount({ kind: 'Create_Item_And_Sync', recipes: [] });
    expect(q(pushing, 'object').options.map((option) => option.value)).toEqual(['Lead', 'Invoice__c']);
    document.body.removeChild(pushing);

    const pulling = await mount({ kind: 'Create_Record_And_Sync', recipes: [] });
    expect(q(pulling, 'object').options.map((option) => option.value)).toEqual(['Lead', 'Invoice__c']);
  });

  it('shows how the changes of a custom object it sends to monday are captured, with its fields for the test class', async () => {
    getBoards.mockResolvedValue(BOARDS);
    getChangeCapture.mockResolvedValue({
      objectApiName: 'Invoice__c',
      custom: true,
      entryPoint: 'mondaysync.MondaySyncTrigger.captureChanges()',
      lastPushedAt: null
    });
    const element = await mount({ kind: 'Create_Item_And_Sync', recipes: [] });
    expect(q(element, 'change-capture')).toBeNull();

    await choose(q(element, 'object'), 'Invoice__c');
    const invoiceFields = [field('Name', 'Invoice Name', 'string', { requiredOnCreate: true })];
    getFields.emit(invoiceFields);
    await flush();
    const capture = q(element, 'change-capture');
    expect(capture.objectApiName).toBe('Invoice__c');
    expect(capture.fields).toEqual(invoiceFields);
    expect(getChangeCapture).toHaveBeenCalledWith({ objectApiName: 'Invoice__c' });

    // A standard object's changes are sent by the package's own trigger: nothing to show.
    await pickLead(element);
    expect(q(element, 'change-capture')).toBeNull();
  });

  it('shows no capture for a recipe that brings records of a custom object from monday', async () => {
    getBoards.mockResolvedValue(BOARDS);
    const element = await mount({
      recipes: [],
      recipe: { id: 'a005g000001AAAAAA', name: 'Invoices', kind: 'Create_Record_And_Sync', objectApiName: 'Invoice__c' }
    });
    expect(q(element, 'change-capture')).toBeNull();
    expect(getChangeCapture).not.toHaveBeenCalled();
  });

  it('builds an F4 recipe: conditions in AND rows and OR groups, typed values, a mapping of fitting columns', async () => {
    getBoards.mockResolvedValue(BOARDS);
    saveRecipe.mockResolvedValue('a005g000001AAAAAA');
    const element = await mount({ kind: 'Create_Item_And_Sync', recipes: [] });
    const saved = jest.fn();
    element.addEventListener('saved', saved);
    expect(q(element, 'title').textContent).toBe('c.MondaySync_EditorNewTitle'.replace('{0}', ''));

    await type(q(element, 'name'), 'Big leads to board');
    await pickLead(element);
    expect(q(element, 'board').options.map((option) => option.label)).toEqual(['Leads']);
    await choose(q(element, 'board'), '42');
    expect(q(element, 'group').options.map((option) => option.value)).toEqual(['', 'topics']);
    await choose(q(element, 'group'), 'topics');

    // Group 1: revenue greater than 100,000 AND status is one of Open, Working.
    await click(q(element, 'add-group'));
    await choose(q(element, 'condition-field'), 'AnnualRevenue');
    expect(q(element, 'condition-operator').options.map((option) => option.value)).not.toContain('contains');
    await choose(q(element, 'condition-operator'), 'greater_than');
    expect(q(element, 'condition-value').type).toBe('number');
    await type(q(element, 'condition-value'), '100000');
    await click(q(element, 'add-condition'));
    await choose(qa(element, 'condition-field')[1], 'Status');
    await choose(qa(element, 'condition-operator')[1], 'in');
    expect(qa(element, 'condition-value')[1].tagName).toBe('LIGHTNING-DUAL-LISTBOX');
    await choose(qa(element, 'condition-value')[1], ['Open', 'Working']);
    // OR group 2: last name equals Smith.
    await click(q(element, 'add-group'));
    expect(qa(element, 'condition-group')).toHaveLength(2);
    await choose(qa(element, 'condition-field')[2], 'LastName');
    await choose(qa(element, 'condition-operator')[2], 'equals');
    await type(qa(element, 'condition-value')[2], 'Smith');

    await click(q(element, 'add-mapping'));
    await choose(q(element, 'mapping-field'), 'LastName');
    // Only fitting columns, the item name first, never the Salesforce column.
    expect(q(element, 'mapping-column').options.map((option) => option.value)).toEqual(['name', 'text']);
    await choose(q(element, 'mapping-column'), 'name');
    await click(q(element, 'add-mapping'));
    await choose(qa(element, 'mapping-field')[1], 'AnnualRevenue');
    expect(qa(element, 'mapping-column')[1].options.map((option) => option.value)).toEqual(['numbers']);
    await choose(qa(element, 'mapping-column')[1], 'numbers');
    expect(q(element, 'salesforce-column').textContent).toContain('c.MondaySync_EditorSalesforceColumn');
    await choose(q(element, 'on-delete'), 'archive');

    await click(q(element, 'save'));
    expect(q(element, 'problems')).toBeNull();
    expect(saveRecipe).toHaveBeenCalledTimes(1);
    const { definition, ...call } = saveRecipe.mock.calls[0][0];
    expect(call).toEqual({
      recipeId: null,
      name: 'Big leads to board',
      kind: 'Create_Item_And_Sync',
      objectApiName: 'Lead',
      boardId: '42',
      boardName: 'Leads'
    });
    expect(JSON.parse(definition)).toEqual({
      conditions: [
        [
          { field: 'AnnualRevenue', operator: 'greater_than', value: 100000 },
          { field: 'Status', operator: 'in', value: ['Open', 'Working'] }
        ],
        [{ field: 'LastName', operator: 'equals', value: 'Smith' }]
      ],
      mapping: [
        { field: 'LastName', column: 'name', columnType: 'name' },
        { field: 'AnnualRevenue', column: 'numbers', columnType: 'numbers' }
      ],
      options: { syncFutureChanges: true, onDelete: 'archive', createLabelsIfMissing: false, groupId: 'topics' }
    });
    expect(saved).toHaveBeenCalledTimes(1);
    expect(saved.mock.calls[0][0].detail).toEqual({ id: 'a005g000001AAAAAA' });
  });

  it('says what keeps a recipe from saving, and does not call the server', async () => {
    getBoards.mockResolvedValue(BOARDS);
    const element = await mount({ kind: 'Create_Item', recipes: [] });
    await click(q(element, 'save'));
    const problems = q(element, 'problems');
    expect(problems.getAttribute('role')).toBe('alert');
    expect([...problems.querySelectorAll('li')].map((item) => item.textContent)).toEqual([
      'c.MondaySync_ProblemName',
      'c.MondaySync_ProblemObject',
      'c.MondaySync_ProblemBoard',
      'c.MondaySync_ProblemMappingEmpty'
    ]);
    expect(saveRecipe).not.toHaveBeenCalled();
    // Fixing a problem takes it off the list at once.
    await type(q(element, 'name'), 'Leads');
    expect([...q(element, 'problems').querySelectorAll('li')]).toHaveLength(3);
  });

  it('starts an F5 recipe with the fields Salesforce requires, fields on the left, and enforces them (F11, F12)', async () => {
    getBoards.mockResolvedValue(BOARDS);
    saveRecipe.mockResolvedValue('a005g000002AAAAAA');
    const element = await mount({ kind: 'Create_Record_And_Sync', recipes: [] });
    expect(q(element, 'add-group')).toBeNull();
    expect(q(element, 'conflict-rule').value).toBe('last_writer_wins');
    await type(q(element, 'name'), 'Board to Leads');
    await pickLead(element);
    await choose(q(element, 'board'), '42');
    const fields = qa(element, 'mapping-field');
    expect(fields.map((combobox) => combobox.value)).toEqual(['Company', 'LastName']);
    expect(fields.every((combobox) => combobox.disabled)).toBe(true);
    expect(qa(element, 'required')).toHaveLength(2);
    expect(qa(element, 'remove-mapping')).toHaveLength(0);
    expect(q(element, 'mapping-field').options.find((option) => option.value === 'LastName').label).toBe('Last Name *');

    await click(q(element, 'save'));
    expect(q(element, 'problems').textContent).toContain('c.MondaySync_ProblemMappingIncomplete');
    expect(saveRecipe).not.toHaveBeenCalled();

    await choose(qa(element, 'mapping-column')[0], 'text');
    await choose(qa(element, 'mapping-column')[1], 'name');
    await click(q(element, 'add-mapping'));
    await choose(qa(element, 'mapping-field')[2], 'Legacy_Id__c');
    expect(q(element, 'create-only')).not.toBeNull();
    await choose(qa(element, 'mapping-column')[2], 'text');
    await choose(q(element, 'conflict-rule'), 'salesforce_wins');
    await click(q(element, 'save'));
    expect(saveRecipe).toHaveBeenCalledTimes(1);
    expect(JSON.parse(saveRecipe.mock.calls[0][0].definition).options).toEqual({
      syncFutureChanges: true,
      onDelete: 'ignore',
      conflictRule: 'salesforce_wins'
    });
  });

  it('says the relay is not connected instead of spinning, and tries again when asked', async () => {
    getBoards.mockRejectedValueOnce({ body: { message: 'The relay is not connected (HTTP 502).' } });
    const element = await mount({ kind: 'Create_Item', recipes: [] });
    expect(q(element, 'boards-loading')).toBeNull();
    expect(q(element, 'boards-error').textContent).toContain('The relay is not connected (HTTP 502).');
    getBoards.mockResolvedValueOnce(BOARDS);
    await click(q(element, 'retry-boards'));
    expect(getBoards).toHaveBeenCalledTimes(2);
    expect(q(element, 'boards-error')).toBeNull();
    expect(q(element, 'board').options).toHaveLength(1);
  });

  it("shows the server's refusal as it comes", async () => {
    getBoards.mockResolvedValue(BOARDS);
    saveRecipe.mockRejectedValue({
      body: { message: 'Salesforce needs these fields to create a record: Company.' }
    });
    const element = await mount({ kind: 'Create_Item', recipes: [] });
    await type(q(element, 'name'), 'Leads');
    await pickLead(element);
    await choose(q(element, 'board'), '42');
    await click(q(element, 'add-mapping'));
    await choose(q(element, 'mapping-field'), 'Company');
    await choose(q(element, 'mapping-column'), 'text');
    await click(q(element, 'save'));
    expect(q(element, 'save-error').textContent).toContain(
      'Salesforce needs these fields to create a record: Company.'
    );
  });

  it('refuses a 91st recipe on a standard object with the exact message (F14)', async () => {
    getBoards.mockResolvedValue(BOARDS);
    const recipes = Array.from({ length: 90 }, (_, index) => ({
      id: `a00${index}`,
      direction: 'Salesforce_to_monday',
      objectApiName: 'Lead'
    }));
    const element = await mount({ kind: 'Create_Item', recipes });
    await type(q(element, 'name'), 'One too many');
    await pickLead(element);
    await choose(q(element, 'board'), '42');
    await click(q(element, 'add-mapping'));
    await choose(q(element, 'mapping-field'), 'Company');
    await choose(q(element, 'mapping-column'), 'text');
    await click(q(element, 'save'));
    expect(q(element, 'problems').textContent).toContain('c.MondaySync_RecipeLimit');
    expect(saveRecipe).not.toHaveBeenCalled();
  });

  it('opens an existing recipe as it was saved, its board kept even when the relay does not list it', async () => {
    getBoards.mockResolvedValue([]);
    const element = await mount({
      recipes: [],
      recipe: {
        id: 'a005g000003AAAAAA',
        name: 'Leads to board',
        kind: 'Create_Item_And_Sync',
        objectApiName: 'Lead',
        boardId: '77',
        boardName: 'Old leads',
        definition: JSON.stringify({
          conditions: [[{ field: 'LastName', operator: 'equals', value: 'Smith' }]],
          mapping: [{ field: 'Company', column: 'text', columnType: 'text' }],
          options: { syncFutureChanges: true, onDelete: 'propagate' }
        })
      }
    });
    getFields.emit(LEAD_FIELDS);
    await flush();
    expect(q(element, 'title').textContent).toBe('c.MondaySync_EditorEditTitle');
    expect(q(element, 'name').value).toBe('Leads to board');
    expect(q(element, 'board').options).toEqual([{ label: 'Old leads', value: '77' }]);
    expect(q(element, 'condition-value').value).toBe('Smith');
    expect(q(element, 'mapping-column').value).toBe('text');
    expect(q(element, 'on-delete').value).toBe('propagate');
  });

  it('changing the object starts conditions and mapping again', async () => {
    getBoards.mockResolvedValue(BOARDS);
    const element = await mount({ kind: 'Create_Item', recipes: [] });
    await pickLead(element);
    await click(q(element, 'add-mapping'));
    await click(q(element, 'add-group'));
    await choose(q(element, 'object'), 'Invoice__c');
    expect(qa(element, 'mapping')).toHaveLength(0);
    expect(qa(element, 'condition')).toHaveLength(0);
    expect(getFields.getLastConfig()).toEqual({ objectApiName: 'Invoice__c' });
  });

  it('shows why the fields of an object cannot be read', async () => {
    getBoards.mockResolvedValue(BOARDS);
    const element = await mount({ kind: 'Create_Item', recipes: [] });
    await choose(q(element, 'object'), 'Lead');
    getFields.error({ message: 'Lead cannot be synced.' });
    await flush();
    expect(q(element, 'fields-error').textContent).toBe('Lead cannot be synced.');
  });

  it('lets a person cancel', async () => {
    getBoards.mockResolvedValue(BOARDS);
    const element = await mount({ kind: 'Create_Item', recipes: [] });
    const cancelled = jest.fn();
    element.addEventListener('cancel', cancelled);
    await click(q(element, 'cancel'));
    expect(cancelled).toHaveBeenCalledTimes(1);
  });

  it('is accessible, filled in and with problems', async () => {
    getBoards.mockResolvedValue(BOARDS);
    const element = await mount({ kind: 'Create_Item_And_Sync', recipes: [] });
    await pickLead(element);
    await choose(q(element, 'board'), '42');
    await click(q(element, 'add-group'));
    await click(q(element, 'add-mapping'));
    await expect(element).toBeAccessible();
    await click(q(element, 'save'));
    await expect(element).toBeAccessible();
  });
});
