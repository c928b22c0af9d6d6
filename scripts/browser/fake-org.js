// A fake org for the browser test and for looking at the components: the Apex methods of the package's controllers,
// answered from memory with the shapes the real controllers answer (MondayRecipeBuilderController,
// MondayLinkedItemsController), as imperative calls and as wire adapters. Errors look like AuraHandledException's.
import fieldTypeMap from 'field-type-map';

const PUSH = fieldTypeMap.salesforceToMonday;
const PULL = fieldTypeMap.mondayToSalesforce;

function field(apiName, label, type, extra = {}) {
  return {
    apiName,
    label,
    type,
    createable: true,
    updateable: true,
    requiredOnCreate: false,
    picklistValues: [],
    pushColumnTypes: PUSH[type] || [],
    pullColumnTypes: PULL[type] || [],
    ...extra
  };
}

const picklist = (...values) => values.map((value) => ({ value, label: value }));

const state = {
  objects: [
    { apiName: 'Account', label: 'Account', custom: false },
    { apiName: 'Contact', label: 'Contact', custom: false },
    { apiName: 'Lead', label: 'Lead', custom: false },
    { apiName: 'Opportunity', label: 'Opportunity', custom: false },
    { apiName: 'Invoice__c', label: 'Invoice', custom: true }
  ],
  fields: {
    Lead: [
      field('LastName', 'Last Name', 'string', { requiredOnCreate: true }),
      field('FirstName', 'First Name', 'string'),
      field('Company', 'Company', 'string', { requiredOnCreate: true }),
      field('Email', 'Email', 'email'),
      field('Phone', 'Phone', 'phone'),
      field('AnnualRevenue', 'Annual Revenue', 'currency'),
      field('Status', 'Lead Status', 'picklist', {
        picklistValues: picklist('Open - Not Contacted', 'Working - Contacted', 'Closed - Converted')
      }),
      field('LeadSource', 'Lead Source', 'picklist', {
        picklistValues: picklist('Web', 'Partner Referral', 'Phone Inquiry')
      }),
      field('CreatedDate', 'Created Date', 'datetime', { createable: false, updateable: false })
    ],
    Invoice__c: [field('Name', 'Invoice Number', 'string'), field('Amount__c', 'Amount', 'currency')]
  },
  boards: [
    {
      id: '4201',
      name: 'Leads pipeline',
      url: 'https://acme.monday.com/boards/4201',
      groups: [
        { id: 'topics', title: 'New leads' },
        { id: 'group_won', title: 'Won' }
      ],
      columns: [
        { id: 'name', title: 'Name', type: 'name' },
        { id: 'text', title: 'Company', type: 'text' },
        { id: 'email', title: 'Email', type: 'email' },
        { id: 'numbers', title: 'Revenue', type: 'numbers' },
        { id: 'status', title: 'Stage', type: 'status' },
        { id: 'salesforce_record', title: 'Salesforce', type: 'link' }
      ]
    },
    { id: '4202', name: 'Inbound requests', url: 'https://acme.monday.com/boards/4202', groups: [], columns: [] }
  ],
  recipes: [
    {
      id: 'a0R000000000001AAA',
      name: 'Web leads to the pipeline',
      active: true,
      direction: 'Salesforce_to_monday',
      kind: 'Create_Item_And_Sync',
      objectApiName: 'Lead',
      boardId: '4201',
      boardName: 'Leads pipeline',
      definition: JSON.stringify({
        conditions: [[{ field: 'LeadSource', operator: 'equals', value: 'Web' }]],
        mapping: [
          { field: 'LastName', column: 'name', columnType: 'name' },
          { field: 'Company', column: 'text', columnType: 'text' }
        ],
        options: { syncFutureChanges: true, onDelete: 'archive' }
      }),
      lastSyncTime: '2026-11-25T09:12:00.000Z',
      failures: 2
    }
  ],
  links: {
    '00Q5g00000AbCdEAAZ': [
      {
        id: 'a0L000000000001AAA',
        itemId: '9911',
        itemName: 'Ada Lovelace — Analytical Engines',
        boardId: '4201',
        boardName: 'Leads pipeline',
        itemUrl: 'https://acme.monday.com/boards/4201/pulses/9911',
        status: 'Synced',
        lastSyncTime: '2026-11-25T09:12:00.000Z',
        lastError: null,
        snapshot: JSON.stringify({ Stage: 'Working on it', Revenue: '120000' })
      },
      {
        id: 'a0L000000000002AAA',
        itemId: '9912',
        itemName: 'Renewal 2027',
        boardId: '4202',
        boardName: 'Inbound requests',
        itemUrl: 'https://acme.monday.com/boards/4202/pulses/9912',
        status: 'Failed',
        lastSyncTime: '2026-11-25T08:40:00.000Z',
        lastError:
          'Company: the value is longer than 255 characters. Shorten it on the board and change the item again.',
        snapshot: null
      }
    ]
  },
  /** Set to a message to make getBoards fail as an unreachable relay does. */
  relayDown: null,
  saved: []
};

const refused = (message) => ({ body: { message }, status: 500 });
let sequence = 2;

const methods = {
  'MondayRecipeBuilderController.getObjects': () => state.objects,
  'MondayRecipeBuilderController.getFields': ({ objectApiName }) => {
    const fields = state.fields[objectApiName];
    if (!fields) throw refused(`${objectApiName} cannot be synced.`);
    return fields;
  },
  'MondayRecipeBuilderController.getBoards': () => {
    if (state.relayDown) throw refused(state.relayDown);
    return state.boards;
  },
  'MondayRecipeBuilderController.getRecipes': () => state.recipes,
  'MondayRecipeBuilderController.saveRecipe': (input) => {
    const kindDirection = input.kind === 'Create_Record_And_Sync' ? 'monday_to_Salesforce' : 'Salesforce_to_monday';
    const existing = state.recipes.find((recipe) => recipe.id === input.recipeId);
    const recipe = {
      id: input.recipeId || `a0R00000000000${++sequence}AAA`,
      name: input.name,
      active: existing ? existing.active : true,
      direction: kindDirection,
      kind: input.kind,
      objectApiName: input.objectApiName,
      boardId: input.boardId,
      boardName: input.boardName,
      definition: input.definition,
      lastSyncTime: existing ? existing.lastSyncTime : null,
      failures: existing ? existing.failures : 0
    };
    state.recipes = existing
      ? state.recipes.map((candidate) => (candidate.id === recipe.id ? recipe : candidate))
      : [...state.recipes, recipe];
    state.saved.push(recipe);
    return recipe.id;
  },
  'MondayRecipeBuilderController.setActive': ({ recipeId, active }) => {
    state.recipes = state.recipes.map((recipe) => (recipe.id === recipeId ? { ...recipe, active } : recipe));
  },
  'MondayRecipeBuilderController.deleteRecipe': ({ recipeId }) => {
    state.recipes = state.recipes.filter((recipe) => recipe.id !== recipeId);
  },
  'MondayLinkedItemsController.getLinkedItems': ({ recordId }) => state.links[recordId] || []
};

const liveAdapters = new Set();

/** Runs a method a moment later, as a server would, with a copy of its answer. */
function call(name, params) {
  const method = methods[name];
  if (!method) return Promise.reject(refused(`No fake for ${name}`));
  return new Promise((resolve, reject) => {
    setTimeout(() => {
      try {
        resolve(JSON.parse(JSON.stringify(method(params || {}) ?? null)));
      } catch (error) {
        reject(error);
      }
    }, 30);
  });
}

/** An Apex method: callable, and usable with @wire (an LWC wire adapter). */
export function apexMethod(name) {
  const callable = (params) => call(name, params);
  callable.adapter = class {
    constructor(emit) {
      this.emit = emit;
      this.config = undefined;
    }
    connect() {
      liveAdapters.add(this);
    }
    disconnect() {
      liveAdapters.delete(this);
    }
    update(config) {
      this.config = config;
      this.fetch();
    }
    fetch() {
      // Like the platform: a wire whose reactive parameter is still undefined does not call the server.
      if (this.config && Object.values(this.config).some((value) => value === undefined)) return Promise.resolve();
      return call(name, this.config).then(
        (data) => this.emit({ data, error: undefined }),
        (error) => this.emit({ data: undefined, error })
      );
    }
  };
  return callable;
}

/** Reads every wired method again (the platform refreshes the one given; the fake refreshes all). */
export function refreshApex() {
  return Promise.all([...liveAdapters].map((adapter) => adapter.fetch()));
}

window.fakeOrg = state;
