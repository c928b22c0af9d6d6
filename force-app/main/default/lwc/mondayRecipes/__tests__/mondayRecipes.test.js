import { createElement } from 'lwc';
import { registerSa11yMatcher } from '@sa11y/jest';
import MondayRecipes from 'c/mondayRecipes';
import getRecipes from '@salesforce/apex/MondayRecipeBuilderController.getRecipes';
import getBoards from '@salesforce/apex/MondayRecipeBuilderController.getBoards';
import setActive from '@salesforce/apex/MondayRecipeBuilderController.setActive';
import deleteRecipe from '@salesforce/apex/MondayRecipeBuilderController.deleteRecipe';
import { refreshApex } from '@salesforce/apex';
import LightningConfirm from 'lightning/confirm';

jest.mock(
  '@salesforce/apex/MondayRecipeBuilderController.getRecipes',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true }
);
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
jest.mock('@salesforce/apex/MondayRecipeBuilderController.setActive', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/MondayRecipeBuilderController.deleteRecipe', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/MondayRecipeBuilderController.saveRecipe', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });
jest.mock('lightning/confirm', () => ({ __esModule: true, default: { open: jest.fn() } }));

const recipe = (id, name, extra = {}) => ({
  id,
  name,
  active: true,
  direction: 'Salesforce_to_monday',
  kind: 'Create_Item_And_Sync',
  objectApiName: 'Lead',
  boardId: '42',
  boardName: 'Leads',
  definition: '{"conditions":[],"mapping":[],"options":{}}',
  lastSyncTime: '2026-11-25T09:00:00.000Z',
  failures: 0,
  ...extra
});
const RECIPES = [
  recipe('a01', 'Leads to board'),
  recipe('a02', 'Board to Leads', {
    direction: 'monday_to_Salesforce',
    kind: 'Create_Record_And_Sync',
    active: false,
    lastSyncTime: null,
    failures: 3
  }),
  recipe('a03', 'Invoices', { objectApiName: 'Invoice__c', boardId: '77', boardName: 'Billing' })
];
const BOARDS = [
  { id: '42', name: 'Leads (renamed)', url: 'https://acme.monday.com/boards/42', groups: [], columns: [] }
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

async function mount(recipes = RECIPES) {
  const element = createElement('c-monday-recipes', { is: MondayRecipes });
  document.body.appendChild(element);
  await flush();
  if (recipes) {
    getRecipes.emit(recipes);
    await flush();
  }
  return element;
}

const q = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);
const qa = (element, id) => [...element.shadowRoot.querySelectorAll(`[data-id="${id}"]`)];

describe('c-monday-recipes', () => {
  it('shows a failure count the server capped as a minimum', async () => {
    getBoards.mockResolvedValue(BOARDS);
    const element = await mount([recipe('a01', 'Leads to board', { failures: 10000, failuresAtLeast: true })]);
    expect(q(element, 'failures').textContent).toBe('10000+');
    expect(q(element, 'failures').className).toContain('slds-text-color_error');
  });

  it('tells a last sync the server did not read from one that never happened', async () => {
    getBoards.mockResolvedValue(BOARDS);
    const element = await mount([
      recipe('a01', 'Unread', { lastSyncTime: null, lastSyncKnown: false }),
      recipe('a02', 'New', { lastSyncTime: null, lastSyncKnown: true })
    ]);
    expect(qa(element, 'last-sync').map((node) => node.textContent)).toEqual([
      'c.MondaySync_RecipesLastSyncUnknown',
      'c.MondaySync_RecipesNeverSynced'
    ]);
  });

  it('groups recipes by board and object, with their state, last sync and failures', async () => {
    getBoards.mockResolvedValue(BOARDS);
    const element = await mount();
    const boards = qa(element, 'board-group');
    expect(boards).toHaveLength(2);
    expect(boards[0].querySelector('h2').textContent).toBe('Leads (renamed)');
    expect(boards[0].querySelector('a').href).toBe('https://acme.monday.com/boards/42');
    expect(boards[1].querySelector('h2').textContent).toBe('Billing');
    expect(boards[1].querySelector('a')).toBeNull();
    const names = qa(element, 'recipe-name').map((node) => node.textContent);
    expect(names).toEqual(['Leads to board', 'Board to Leads', 'Invoices']);
    const statuses = qa(element, 'status');
    expect(statuses[0].textContent).toBe('c.MondaySync_RecipesActive');
    expect(statuses[1].textContent).toBe('c.MondaySync_RecipesInactive');
    expect(qa(element, 'last-sync')[1].textContent).toBe('c.MondaySync_RecipesNeverSynced');
    expect(qa(element, 'failures')[1].textContent).toBe('3');
    expect(qa(element, 'failures')[1].className).toContain('slds-text-color_error');
    // The limit is counted for standard objects only (F14).
    const limits = qa(element, 'limit');
    expect(limits).toHaveLength(1);
    expect(limits[0].textContent).toBe('c.MondaySync_RecipesLimitCount');
    // The boards holding recipes, each a link when the relay says where.
    const links = qa(element, 'board-link');
    expect(links).toHaveLength(2);
    expect(links[0].querySelector('a').target).toBe('_blank');
  });

  it('offers the three recipes of the seed, and opens the editor for the one chosen', async () => {
    getBoards.mockResolvedValue(BOARDS);
    const element = await mount();
    const buttons = qa(element, 'new');
    expect(buttons.map((button) => button.dataset.kind)).toEqual([
      'Create_Item',
      'Create_Item_And_Sync',
      'Create_Record_And_Sync'
    ]);
    expect(buttons[2].textContent.trim()).toBe('c.MondaySync_KindCreateRecordAndSync');
    buttons[2].click();
    await flush();
    const editor = element.shadowRoot.querySelector('c-monday-recipe-editor');
    expect(editor).not.toBeNull();
    expect(editor.kind).toBe('Create_Record_And_Sync');
    expect(editor.recipe).toBeUndefined();
    expect(q(element, 'board-group')).toBeNull();

    editor.dispatchEvent(new CustomEvent('cancel'));
    await flush();
    expect(element.shadowRoot.querySelector('c-monday-recipe-editor')).toBeNull();
    expect(qa(element, 'board-group')).toHaveLength(2);
  });

  it('edits a recipe, and reads the list again once it is saved', async () => {
    getBoards.mockResolvedValue(BOARDS);
    const element = await mount();
    qa(element, 'edit')[1].click();
    await flush();
    const editor = element.shadowRoot.querySelector('c-monday-recipe-editor');
    expect(editor.recipe.id).toBe('a02');
    expect(editor.recipes).toHaveLength(3);
    editor.dispatchEvent(new CustomEvent('saved', { detail: { id: 'a02' } }));
    await flush();
    expect(refreshApex).toHaveBeenCalledTimes(1);
    expect(element.shadowRoot.querySelector('c-monday-recipe-editor')).toBeNull();
  });

  it('turns a recipe off and on', async () => {
    getBoards.mockResolvedValue(BOARDS);
    setActive.mockResolvedValue(undefined);
    const element = await mount();
    const toggles = qa(element, 'toggle');
    expect(toggles[0].alternativeText).toBe('c.MondaySync_RecipesDeactivate');
    expect(toggles[1].alternativeText).toBe('c.MondaySync_RecipesActivate');
    toggles[0].click();
    await flush();
    expect(setActive).toHaveBeenCalledWith({ recipeId: 'a01', active: false });
    toggles[1].click();
    await flush();
    expect(setActive).toHaveBeenLastCalledWith({ recipeId: 'a02', active: true });
    expect(refreshApex).toHaveBeenCalledTimes(2);
  });

  it('deletes a recipe only once the person confirms', async () => {
    getBoards.mockResolvedValue(BOARDS);
    deleteRecipe.mockResolvedValue(undefined);
    const element = await mount();
    LightningConfirm.open.mockResolvedValueOnce(false);
    qa(element, 'delete')[0].click();
    await flush();
    expect(LightningConfirm.open).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'c.MondaySync_RecipesDeleteConfirm', theme: 'warning' })
    );
    expect(deleteRecipe).not.toHaveBeenCalled();
    LightningConfirm.open.mockResolvedValueOnce(true);
    qa(element, 'delete')[0].click();
    await flush();
    expect(deleteRecipe).toHaveBeenCalledWith({ recipeId: 'a01' });
    expect(refreshApex).toHaveBeenCalledTimes(1);
  });

  it('shows why a change was refused', async () => {
    getBoards.mockResolvedValue(BOARDS);
    setActive.mockRejectedValue({ body: { message: 'insufficient access rights on object id' } });
    const element = await mount();
    qa(element, 'toggle')[0].click();
    await flush();
    const error = q(element, 'action-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain('insufficient access rights on object id');
  });

  it('keeps the list, without board links, when the relay is not connected', async () => {
    getBoards.mockRejectedValue({ body: { message: 'The relay is not connected.' } });
    const element = await mount();
    expect(qa(element, 'recipe')).toHaveLength(3);
    expect(q(element, 'boards-unavailable')).not.toBeNull();
    expect(qa(element, 'board-link').every((link) => link.querySelector('a') === null)).toBe(true);
  });

  it('says loading, then empty, or why the recipes cannot be read', async () => {
    getBoards.mockResolvedValue([]);
    const element = await mount(null);
    expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    getRecipes.emit([]);
    await flush();
    expect(q(element, 'empty').textContent).toBe('c.MondaySync_RecipesEmpty');
    expect(q(element, 'boards')).toBeNull();
    getRecipes.error({ message: 'No access to Monday_Recipe__c' });
    await flush();
    expect(q(element, 'load-error').textContent).toContain('No access to Monday_Recipe__c');
  });

  it('is accessible', async () => {
    getBoards.mockResolvedValue(BOARDS);
    const element = await mount();
    await expect(element).toBeAccessible();
  });
});
