import { LightningElement, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LightningConfirm from 'lightning/confirm';
import getRecipes from '@salesforce/apex/MondayRecipeBuilderController.getRecipes';
import getBoards from '@salesforce/apex/MondayRecipeBuilderController.getBoards';
import setActive from '@salesforce/apex/MondayRecipeBuilderController.setActive';
import deleteRecipe from '@salesforce/apex/MondayRecipeBuilderController.deleteRecipe';
import { httpsUrl, reduceErrors } from 'c/ldsUtils';
import { KINDS, RECIPE_LIMIT, SALESFORCE_TO_MONDAY, recipesOfObject } from 'c/mondayRecipeModel';
import { PAGE_LABELS, format, kindLabel } from 'c/mondayRecipeLabels';

/**
 * The recipes page (a tab of the monday Sync app): recipes grouped by board and object, each with its state (active,
 * last sync, unresolved failures); the three recipes of the seed to start from (F3, F4, F5); edit, activate or
 * deactivate, delete after a confirmation; the count against the 90-recipe limit per standard object (F14); and the
 * boards that hold recipes, each a link that opens the board in monday.
 */
export default class MondayRecipes extends LightningElement {
  labels = PAGE_LABELS;
  recipes = [];
  loadErrors = [];
  loading = true;
  boards = [];
  boardsUnavailable = false;
  actionError;
  busy = false;
  /** The recipe being edited, or { kind } for a new one; nothing while the list shows. */
  editing;
  wiredRecipes;

  connectedCallback() {
    this.loadBoards();
  }

  @wire(getRecipes)
  receiveRecipes(result) {
    this.wiredRecipes = result;
    const { data, error } = result;
    if (data) {
      this.recipes = data;
      this.loadErrors = [];
      this.loading = false;
    } else if (error) {
      this.recipes = [];
      this.loadErrors = reduceErrors(error);
      this.loading = false;
    }
  }

  async loadBoards() {
    try {
      this.boards = await getBoards();
      this.boardsUnavailable = false;
    } catch {
      // The list still shows, with board names but without links.
      this.boards = [];
      this.boardsUnavailable = true;
    }
  }

  get newRecipes() {
    return KINDS.map((kind) => ({ value: kind.value, label: kindLabel(kind.value) }));
  }

  get hasLoadErrors() {
    return this.loadErrors.length > 0;
  }

  get isEmpty() {
    return !this.loading && !this.hasLoadErrors && this.recipes.length === 0;
  }

  get showList() {
    return !this.editing;
  }

  get editorRecipe() {
    return this.editing && this.editing.id ? this.editing : undefined;
  }

  get editorKind() {
    return this.editing ? this.editing.kind : undefined;
  }

  boardOf(boardId) {
    return this.boards.find((board) => board.id === boardId);
  }

  /** Recipes by board, then by object, each with what a person needs to see at a glance. */
  get boardGroups() {
    const byBoard = new Map();
    for (const recipe of this.recipes) {
      const board = byBoard.get(recipe.boardId) || { id: recipe.boardId, name: recipe.boardName, objects: new Map() };
      if (!board.name && recipe.boardName) {
        board.name = recipe.boardName;
      }
      const list = board.objects.get(recipe.objectApiName) || [];
      list.push(recipe);
      board.objects.set(recipe.objectApiName, list);
      byBoard.set(recipe.boardId, board);
    }
    return [...byBoard.values()].map((board) => {
      const known = this.boardOf(board.id);
      const name = (known && known.name) || board.name || board.id;
      return {
        key: `board-${board.id}`,
        name,
        url: known ? httpsUrl(known.url) : null,
        openLabel: format(this.labels.openBoard, [name]),
        objects: [...board.objects.entries()].map(([objectApiName, recipes]) => ({
          key: `object-${board.id}-${objectApiName}`,
          objectApiName,
          limitText: objectApiName.endsWith('__c')
            ? null
            : format(this.labels.limitCount, [recipesOfObject(this.recipes, objectApiName)]),
          overLimit: recipesOfObject(this.recipes, objectApiName) >= RECIPE_LIMIT,
          recipes: recipes.map((recipe) => this.recipeView(recipe))
        }))
      };
    });
  }

  recipeView(recipe) {
    return {
      key: recipe.id,
      id: recipe.id,
      name: recipe.name,
      kindText: kindLabel(recipe.kind),
      directionText: recipe.direction === SALESFORCE_TO_MONDAY ? this.labels.directionPush : this.labels.directionPull,
      active: recipe.active,
      statusText: recipe.active ? this.labels.active : this.labels.inactive,
      statusClass: recipe.active ? 'slds-badge slds-theme_success' : 'slds-badge',
      lastSyncTime: recipe.lastSyncTime,
      // Past what the page reads, a recipe's last sync is unknown, which is not "never synced".
      noSyncText: recipe.lastSyncKnown === false ? this.labels.lastSyncUnknown : this.labels.neverSynced,
      // A count the server capped is a minimum (an org with more failures than the page counts).
      failures: recipe.failuresAtLeast ? `${recipe.failures}+` : recipe.failures || 0,
      failuresClass:
        recipe.failures > 0
          ? 'slds-m-left_xx-small slds-text-color_error'
          : 'slds-m-left_xx-small slds-text-color_weak',
      toggleLabel: format(recipe.active ? this.labels.deactivate : this.labels.activate, [recipe.name]),
      toggleIcon: recipe.active ? 'utility:pause' : 'utility:play',
      editLabel: format(this.labels.edit, [recipe.name]),
      deleteLabel: format(this.labels.delete, [recipe.name])
    };
  }

  /** F14 and the way back to monday: the boards that hold recipes, as links when the relay can say where. */
  get boardLinks() {
    return this.boardGroups.map((board) => ({
      key: board.key,
      name: board.name,
      url: board.url,
      openLabel: board.openLabel,
      countText: format(this.labels.recipeCount, [
        board.objects.reduce((total, object) => total + object.recipes.length, 0)
      ])
    }));
  }

  get hasBoards() {
    return this.recipes.length > 0;
  }

  recipeById(id) {
    return this.recipes.find((recipe) => recipe.id === id);
  }

  handleNew(event) {
    this.actionError = undefined;
    this.editing = { kind: event.target.dataset.kind };
  }

  handleEdit(event) {
    this.actionError = undefined;
    this.editing = this.recipeById(event.target.dataset.recipe);
  }

  handleEditorCancel() {
    this.editing = undefined;
  }

  async handleEditorSaved() {
    this.editing = undefined;
    this.dispatchEvent(new ShowToastEvent({ title: this.labels.saved, variant: 'success' }));
    await refreshApex(this.wiredRecipes);
  }

  async handleToggle(event) {
    const recipe = this.recipeById(event.target.dataset.recipe);
    await this.act(() => setActive({ recipeId: recipe.id, active: !recipe.active }));
  }

  async handleDelete(event) {
    const recipe = this.recipeById(event.target.dataset.recipe);
    const confirmed = await LightningConfirm.open({
      message: format(this.labels.deleteConfirm, [recipe.name]),
      label: this.labels.deleteTitle,
      theme: 'warning'
    });
    if (!confirmed) {
      return;
    }
    if (await this.act(() => deleteRecipe({ recipeId: recipe.id }))) {
      this.dispatchEvent(new ShowToastEvent({ title: this.labels.deleted, variant: 'success' }));
    }
  }

  /** Runs a change, then reads the recipes again; a refusal is shown above the list. */
  async act(change) {
    this.busy = true;
    this.actionError = undefined;
    try {
      await change();
      await refreshApex(this.wiredRecipes);
      return true;
    } catch (error) {
      this.actionError = `${this.labels.actionFailed} ${reduceErrors(error).join(' ')}`;
      return false;
    } finally {
      this.busy = false;
    }
  }
}
