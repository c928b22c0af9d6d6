import { LightningElement, api, wire } from 'lwc';
import getObjects from '@salesforce/apex/MondayRecipeBuilderController.getObjects';
import getFields from '@salesforce/apex/MondayRecipeBuilderController.getFields';
import getBoards from '@salesforce/apex/MondayRecipeBuilderController.getBoards';
import saveRecipe from '@salesforce/apex/MondayRecipeBuilderController.saveRecipe';
import { reduceErrors } from 'c/ldsUtils';
import {
  ITEM_NAME_COLUMN,
  MONDAY_TO_SALESFORCE,
  SALESFORCE_TO_MONDAY,
  compatibleColumns,
  definitionOf,
  draftOf,
  kindOf,
  mappableFields,
  operatorsFor,
  problemsOf,
  typedValue,
  valueInputFor
} from 'c/mondayRecipeModel';
import { LABELS, format, kindLabel, operatorLabel } from 'c/mondayRecipeLabels';

/** A copy of `list` whose entry at `index` is replaced by `change(entry)`. */
function changedAt(list, index, change) {
  return list.map((entry, position) => (position === index ? change(entry) : entry));
}

/**
 * Builds or edits one recipe (SPEC F3-F9, F11, F12, F14; B3, B5, B6): its object, its conditions (AND rows, OR
 * groups, operators and values by field type), its monday board and group, its mapping (only compatible types; the
 * fields Salesforce requires marked and enforced; the Salesforce column shown as automatic) and its options. The
 * save is checked here first, then by the server's validator, whose message is shown as it comes.
 */
export default class MondayRecipeEditor extends LightningElement {
  /** The recipe to edit (a summary from getRecipes), or nothing for a new one. */
  @api recipe;
  /** The kind of a new recipe: Create_Item, Create_Item_And_Sync or Create_Record_And_Sync. */
  @api kind;
  /** Every recipe, for the 90-recipe limit (F14). */
  @api recipes = [];

  labels = LABELS;
  draft;
  objectApiName;
  objects = [];
  objectsError;
  fields = [];
  fieldsError;
  boards = [];
  boardsLoading = true;
  boardsError;
  problems = [];
  saveError;
  saving = false;
  attempted = false;

  connectedCallback() {
    this.draft = draftOf(this.kind, this.recipe);
    this.objectApiName = this.draft.objectApiName || undefined;
    this.loadBoards();
  }

  @wire(getObjects)
  receiveObjects({ data, error }) {
    if (data) {
      this.objects = data;
      this.objectsError = undefined;
    } else if (error) {
      this.objectsError = reduceErrors(error).join(' ');
    }
  }

  @wire(getFields, { objectApiName: '$objectApiName' })
  receiveFields({ data, error }) {
    if (data) {
      this.fields = [...data].sort((a, b) => a.label.localeCompare(b.label));
      this.fieldsError = undefined;
      this.addRequiredRows();
    } else if (error) {
      this.fields = [];
      this.fieldsError = reduceErrors(error).join(' ');
    }
  }

  async loadBoards() {
    this.boardsLoading = true;
    this.boardsError = undefined;
    try {
      this.boards = await getBoards();
    } catch (error) {
      this.boards = [];
      this.boardsError = reduceErrors(error).join(' ');
    } finally {
      this.boardsLoading = false;
    }
  }

  // ---- what the template shows

  get direction() {
    const kind = kindOf(this.draft.kind);
    return kind ? kind.direction : SALESFORCE_TO_MONDAY;
  }

  get pulling() {
    return this.direction === MONDAY_TO_SALESFORCE;
  }

  get pushing() {
    return !this.pulling;
  }

  get title() {
    return format(this.draft.id ? LABELS.editTitle : LABELS.newTitle, [kindLabel(this.draft.kind)]);
  }

  get kindDescription() {
    return kindLabel(this.draft.kind);
  }

  /** The eight standard objects and the org's custom objects, in both directions. */
  get objectOptions() {
    return this.objects.map((object) => ({ label: object.label, value: object.apiName }));
  }

  /**
   * A custom object's changes reach monday only if the relay polls it or a trigger of the org's sends them (issue
   * 17): a recipe that sends one to monday shows both ways, with the trigger to copy.
   */
  get showChangeCapture() {
    const object = this.objects.find((candidate) => candidate.apiName === this.draft.objectApiName);
    return this.pushing && !!object && object.custom;
  }

  get boardOptions() {
    const options = this.boards.map((board) => ({ label: board.name, value: board.id }));
    // A recipe's board that the relay did not list (archived, or the relay is not reachable) stays selectable.
    if (this.draft.boardId && !options.some((option) => option.value === this.draft.boardId)) {
      options.unshift({ label: this.draft.boardName || this.draft.boardId, value: this.draft.boardId });
    }
    return options;
  }

  get board() {
    return this.boards.find((board) => board.id === this.draft.boardId);
  }

  get groupOptions() {
    const groups = this.board ? this.board.groups || [] : [];
    return [
      { label: LABELS.firstGroup, value: '' },
      ...groups.map((group) => ({ label: group.title, value: group.id }))
    ];
  }

  get hasFields() {
    return !!this.objectApiName && this.fields.length > 0;
  }

  get mappingTitle() {
    return this.pulling ? LABELS.mappingPull : LABELS.mappingPush;
  }

  get mappingHelp() {
    return this.pulling ? LABELS.mappingHelpPull : LABELS.mappingHelpPush;
  }

  /** Conditions and mappings need the object's fields first. */
  get noFieldsYet() {
    return !this.hasFields;
  }

  /** Salesforce → monday: the column first, then the field that fills it; monday → Salesforce: fields on the left (F9). */
  get fieldColumnClass() {
    return this.pulling
      ? 'slds-col slds-size_1-of-1 slds-medium-size_5-of-12 slds-order_1'
      : 'slds-col slds-size_1-of-1 slds-medium-size_5-of-12 slds-order_2';
  }

  get columnColumnClass() {
    return this.pulling
      ? 'slds-col slds-size_1-of-1 slds-medium-size_6-of-12 slds-order_2'
      : 'slds-col slds-size_1-of-1 slds-medium-size_6-of-12 slds-order_1';
  }

  get hasConditions() {
    return this.draft.conditions.length > 0;
  }

  get fieldOptionsForConditions() {
    return this.fields.map((field) => ({ label: field.label, value: field.apiName }));
  }

  get conditionGroups() {
    return this.draft.conditions.map((group, groupIndex) => ({
      key: `group-${groupIndex}`,
      index: groupIndex,
      heading: format(LABELS.conditionGroup, [groupIndex + 1]),
      showOr: groupIndex > 0,
      rows: group.map((condition, rowIndex) => this.conditionRow(condition, groupIndex, rowIndex))
    }));
  }

  conditionRow(condition, groupIndex, rowIndex) {
    const field = this.fields.find((candidate) => candidate.apiName === condition.field);
    const fieldType = field ? field.type : 'string';
    const input = condition.operator ? valueInputFor(fieldType, condition.operator) : 'none';
    const picklistOptions = field
      ? (field.picklistValues || []).map((value) => ({ label: value.label, value: value.value }))
      : [];
    return {
      key: `condition-${groupIndex}-${rowIndex}`,
      group: groupIndex,
      index: rowIndex,
      field: condition.field,
      operator: condition.operator,
      operatorOptions: field
        ? operatorsFor(fieldType).map((operator) => ({ label: operatorLabel(operator), value: operator }))
        : [],
      value: Array.isArray(condition.value) && input === 'list' ? condition.value.join(', ') : condition.value,
      checked: condition.value === true,
      picklistOptions,
      isText: input === 'text' || input === 'list',
      isNumber: input === 'number',
      isDate: input === 'date',
      isDateTime: input === 'datetime',
      isCheckbox: input === 'checkbox',
      isPicklist: input === 'picklist',
      isPicklistMulti: input === 'picklist-multi',
      valueLabel: format(LABELS.conditionValue, [field ? field.label : '']),
      removeLabel: format(LABELS.removeCondition, [rowIndex + 1, groupIndex + 1])
    };
  }

  get mappingRows() {
    const fieldOptions = mappableFields(this.fields, this.direction).map((field) => ({
      label: field.requiredOnCreate && this.pulling ? `${field.label} *` : field.label,
      value: field.apiName
    }));
    return this.draft.mapping.map((entry, index) => {
      const field = this.fields.find((candidate) => candidate.apiName === entry.field);
      const columns = compatibleColumns(field, this.direction, this.board ? this.board.columns : []);
      const columnOptions = columns.map((column) => ({
        label: column.id === ITEM_NAME_COLUMN ? LABELS.itemName : column.title,
        value: column.id
      }));
      if (entry.column && !columnOptions.some((option) => option.value === entry.column)) {
        columnOptions.push({ label: entry.column, value: entry.column });
      }
      const required = this.pulling && !!field && field.requiredOnCreate;
      return {
        key: `mapping-${index}`,
        index,
        field: entry.field,
        column: entry.column,
        fieldOptions,
        columnOptions,
        required,
        removable: !required,
        createOnly: this.pulling && !!field && field.createable && !field.updateable,
        noColumn: !!field && columnOptions.length === 0,
        removeLabel: format(LABELS.removeMapping, [field ? field.label : index + 1])
      };
    });
  }

  get onDeleteOptions() {
    return [
      { label: LABELS.onDeleteIgnore, value: 'ignore' },
      { label: this.pulling ? LABELS.onDeletePropagateRecord : LABELS.onDeletePropagateItem, value: 'propagate' },
      ...(this.pushing ? [{ label: LABELS.onDeleteArchive, value: 'archive' }] : [])
    ];
  }

  get conflictOptions() {
    return [
      { label: LABELS.conflictLastWriter, value: 'last_writer_wins' },
      { label: LABELS.conflictSalesforce, value: 'salesforce_wins' },
      { label: LABELS.conflictMonday, value: 'monday_wins' }
    ];
  }

  get problemMessages() {
    return this.problems.map((problem, index) => ({
      key: `problem-${index}`,
      text: format(LABELS.problems[problem.key], problem.args || [])
    }));
  }

  get hasProblems() {
    return this.problems.length > 0;
  }

  // ---- changes

  update(changes) {
    this.draft = { ...this.draft, ...changes };
    if (this.attempted) {
      this.problems = problemsOf(this.draft, this.fields, this.recipes || []);
    }
  }

  handleName(event) {
    this.update({ name: event.target.value });
  }

  handleObject(event) {
    const objectApiName = event.detail.value;
    if (objectApiName === this.draft.objectApiName) {
      return;
    }
    // Fields of another object mean nothing here: conditions and mapping start again.
    this.fields = [];
    this.objectApiName = objectApiName;
    this.update({ objectApiName, conditions: [], mapping: [] });
  }

  handleBoard(event) {
    const board = this.boards.find((candidate) => candidate.id === event.detail.value);
    // Columns of another board mean nothing here: the mapped columns are cleared, the fields kept.
    this.update({
      boardId: event.detail.value,
      boardName: board ? board.name : '',
      groupId: '',
      mapping: this.draft.mapping.map((entry) => ({ ...entry, column: '', columnType: '' }))
    });
  }

  handleGroup(event) {
    this.update({ groupId: event.detail.value });
  }

  handleRetryBoards() {
    this.loadBoards();
  }

  handleAddGroup() {
    this.update({ conditions: [...this.draft.conditions, [{ field: '', operator: '', value: undefined }]] });
  }

  handleAddCondition(event) {
    const groupIndex = Number(event.target.dataset.group);
    this.update({
      conditions: changedAt(this.draft.conditions, groupIndex, (group) => [
        ...group,
        { field: '', operator: '', value: undefined }
      ])
    });
  }

  handleRemoveCondition(event) {
    const groupIndex = Number(event.target.dataset.group);
    const rowIndex = Number(event.target.dataset.index);
    this.update({
      conditions: changedAt(this.draft.conditions, groupIndex, (group) =>
        group.filter((_, row) => row !== rowIndex)
      ).filter((group) => group.length > 0)
    });
  }

  changeCondition(event, change) {
    const groupIndex = Number(event.target.dataset.group);
    const rowIndex = Number(event.target.dataset.index);
    this.update({
      conditions: changedAt(this.draft.conditions, groupIndex, (group) => changedAt(group, rowIndex, change))
    });
  }

  handleConditionField(event) {
    this.changeCondition(event, () => ({ field: event.detail.value, operator: '', value: undefined }));
  }

  handleConditionOperator(event) {
    this.changeCondition(event, (condition) => {
      const field = this.fields.find((candidate) => candidate.apiName === condition.field);
      const fieldType = field ? field.type : 'string';
      const operator = event.detail.value;
      return {
        ...condition,
        operator,
        value: typedValue(fieldType, operator, fieldType === 'boolean' ? false : undefined)
      };
    });
  }

  handleConditionValue(event) {
    this.changeCondition(event, (condition) => {
      const field = this.fields.find((candidate) => candidate.apiName === condition.field);
      const raw = event.target.type === 'checkbox' ? event.target.checked : event.detail.value;
      return { ...condition, value: typedValue(field ? field.type : 'string', condition.operator, raw) };
    });
  }

  handleAddMapping() {
    this.update({ mapping: [...this.draft.mapping, { field: '', column: '', columnType: '' }] });
  }

  handleRemoveMapping(event) {
    const rowIndex = Number(event.target.dataset.index);
    this.update({ mapping: this.draft.mapping.filter((_, index) => index !== rowIndex) });
  }

  handleMappingField(event) {
    const rowIndex = Number(event.target.dataset.index);
    this.update({
      mapping: changedAt(this.draft.mapping, rowIndex, () => ({
        field: event.detail.value,
        column: '',
        columnType: ''
      }))
    });
  }

  handleMappingColumn(event) {
    const rowIndex = Number(event.target.dataset.index);
    const columnId = event.detail.value;
    const column =
      columnId === ITEM_NAME_COLUMN
        ? { type: 'name' }
        : (this.board ? this.board.columns : []).find((candidate) => candidate.id === columnId);
    this.update({
      mapping: changedAt(this.draft.mapping, rowIndex, (entry) => ({
        ...entry,
        column: columnId,
        columnType: column ? column.type : ''
      }))
    });
  }

  handleOnDelete(event) {
    this.update({ onDelete: event.detail.value });
  }

  handleConflictRule(event) {
    this.update({ conflictRule: event.detail.value });
  }

  handleCreateLabels(event) {
    this.update({ createLabelsIfMissing: event.target.checked });
  }

  /** F11: a monday → Salesforce recipe starts with a row for each field Salesforce requires. */
  addRequiredRows() {
    if (!this.pulling) {
      return;
    }
    const mapped = new Set(this.draft.mapping.map((entry) => entry.field));
    const missing = this.fields.filter((field) => field.requiredOnCreate && !mapped.has(field.apiName));
    if (missing.length > 0) {
      this.update({
        mapping: [
          ...missing.map((field) => ({ field: field.apiName, column: '', columnType: '' })),
          ...this.draft.mapping
        ]
      });
    }
  }

  handleCancel() {
    this.dispatchEvent(new CustomEvent('cancel'));
  }

  async handleSave() {
    this.attempted = true;
    this.saveError = undefined;
    this.problems = problemsOf(this.draft, this.fields, this.recipes || []);
    if (this.problems.length > 0) {
      return;
    }
    this.saving = true;
    try {
      const id = await saveRecipe({
        recipeId: this.draft.id,
        name: this.draft.name.trim(),
        kind: this.draft.kind,
        objectApiName: this.draft.objectApiName,
        boardId: this.draft.boardId,
        boardName: this.draft.boardName,
        definition: JSON.stringify(definitionOf(this.draft))
      });
      this.dispatchEvent(new CustomEvent('saved', { detail: { id } }));
    } catch (error) {
      this.saveError = reduceErrors(error).join(' ');
    } finally {
      this.saving = false;
    }
  }
}
