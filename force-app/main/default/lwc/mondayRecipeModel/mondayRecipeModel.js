/**
 * What the recipe builder knows about recipes, apart from any screen: the three recipe kinds of the seed, which
 * operators and values suit a field type, which monday columns a field can use in a direction, the checks that keep
 * a recipe from failing at sync time (F11, F12, F14), and the definition JSON (docs/recipe-definition.md).
 */
export const SALESFORCE_TO_MONDAY = 'Salesforce_to_monday';
export const MONDAY_TO_SALESFORCE = 'monday_to_Salesforce';
/** The column the relay adds to every board it writes to (F8): shown, never mapped. */
export const SALESFORCE_COLUMN_ID = 'salesforce_record';
/** The item's name, a column in every mapping without being one of the board's columns. */
export const ITEM_NAME_COLUMN = 'name';
export const RECIPE_LIMIT = 90;

export const KINDS = [
  { value: 'Create_Item', direction: SALESFORCE_TO_MONDAY, syncFutureChanges: false },
  { value: 'Create_Item_And_Sync', direction: SALESFORCE_TO_MONDAY, syncFutureChanges: true },
  { value: 'Create_Record_And_Sync', direction: MONDAY_TO_SALESFORCE, syncFutureChanges: true }
];

export function kindOf(value) {
  return KINDS.find((kind) => kind.value === value);
}

const TEXT_TYPES = ['string', 'textarea', 'email', 'phone', 'url', 'combobox', 'id', 'reference', 'encryptedstring'];
const SCALE_TYPES = ['int', 'long', 'double', 'currency', 'percent', 'date', 'datetime'];

/** The condition operators that make sense for a field type (B3). */
export function operatorsFor(fieldType) {
  if (fieldType === 'boolean') {
    return ['equals', 'not_equals'];
  }
  if (SCALE_TYPES.includes(fieldType)) {
    return ['equals', 'not_equals', 'greater_than', 'less_than', 'is_empty', 'is_not_empty'];
  }
  if (fieldType === 'picklist' || fieldType === 'multipicklist') {
    return ['equals', 'not_equals', 'in', 'contains', 'is_empty', 'is_not_empty'];
  }
  if (TEXT_TYPES.includes(fieldType)) {
    return ['equals', 'not_equals', 'contains', 'starts_with', 'in', 'is_empty', 'is_not_empty'];
  }
  return ['is_empty', 'is_not_empty'];
}

/** How a condition's value is entered: none, or an input of the field's type. */
export function valueInputFor(fieldType, operator) {
  if (operator === 'is_empty' || operator === 'is_not_empty') {
    return 'none';
  }
  if (operator === 'in') {
    return fieldType === 'picklist' || fieldType === 'multipicklist' ? 'picklist-multi' : 'list';
  }
  switch (fieldType) {
    case 'boolean':
      return 'checkbox';
    case 'int':
    case 'long':
    case 'double':
    case 'currency':
    case 'percent':
      return 'number';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'picklist':
    case 'multipicklist':
      return operator === 'contains' ? 'text' : 'picklist';
    default:
      return 'text';
  }
}

/** A condition's value as the definition stores it: numbers as numbers, lists as lists, booleans as booleans. */
export function typedValue(fieldType, operator, raw) {
  const input = valueInputFor(fieldType, operator);
  if (input === 'none') {
    return undefined;
  }
  if (input === 'checkbox') {
    return raw === true || raw === 'true';
  }
  if (input === 'number') {
    return raw === '' || raw === null || raw === undefined ? null : Number(raw);
  }
  if (input === 'list') {
    return String(raw || '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
  }
  if (input === 'picklist-multi') {
    return Array.isArray(raw) ? raw : [];
  }
  return raw === undefined || raw === null ? '' : String(raw);
}

function typesIn(field, direction) {
  return (direction === SALESFORCE_TO_MONDAY ? field.pushColumnTypes : field.pullColumnTypes) || [];
}

/**
 * The fields a mapping may use in a direction: those whose type fits some column, and, from monday, those that can be
 * written (F12: a field that can only be set on create is still offered: it is written when the record is made).
 */
export function mappableFields(fields, direction) {
  return fields.filter((field) => {
    if (typesIn(field, direction).length === 0) {
      return false;
    }
    return direction === SALESFORCE_TO_MONDAY || field.createable || field.updateable;
  });
}

/** The board's columns a field can use in a direction, the item name first; never the Salesforce column. */
export function compatibleColumns(field, direction, boardColumns) {
  if (!field) {
    return [];
  }
  const types = typesIn(field, direction);
  const columns = (boardColumns || []).filter(
    (column) => column.id !== SALESFORCE_COLUMN_ID && column.type !== 'name' && types.includes(column.type)
  );
  return types.includes('name') ? [{ id: ITEM_NAME_COLUMN, title: null, type: 'name' }, ...columns] : columns;
}

/** F11: the fields Salesforce requires to create a record, which a monday → Salesforce recipe must all map. */
export function missingRequiredFields(fields, mapping) {
  const mapped = new Set(mapping.filter((entry) => entry.field && entry.column).map((entry) => entry.field));
  return fields.filter((field) => field.requiredOnCreate && !mapped.has(field.apiName));
}

/** F12: mapped fields that monday could set on create but never update afterwards. */
export function createOnlyFields(fields, mapping) {
  const byName = new Map(fields.map((field) => [field.apiName, field]));
  return mapping
    .map((entry) => byName.get(entry.field))
    .filter((field) => field && field.createable && !field.updateable);
}

/** F14: Salesforce → monday recipes of a standard object, counted as the validator counts them. */
export function recipesOfObject(recipes, objectApiName, exceptId) {
  return recipes.filter(
    (recipe) =>
      recipe.direction === SALESFORCE_TO_MONDAY && recipe.objectApiName === objectApiName && recipe.id !== exceptId
  ).length;
}

export function isOverLimit(recipes, draft) {
  const kind = kindOf(draft.kind);
  return (
    !!kind &&
    kind.direction === SALESFORCE_TO_MONDAY &&
    !!draft.objectApiName &&
    !draft.objectApiName.endsWith('__c') &&
    recipesOfObject(recipes, draft.objectApiName, draft.id) >= RECIPE_LIMIT
  );
}

/** A new recipe of a kind, or an existing one to edit, as the editor holds it. */
export function draftOf(kindValue, recipe) {
  if (recipe) {
    let definition = {};
    try {
      definition = JSON.parse(recipe.definition || '{}');
    } catch {
      definition = {};
    }
    const options = definition.options || {};
    return {
      id: recipe.id,
      name: recipe.name,
      kind: recipe.kind,
      objectApiName: recipe.objectApiName,
      boardId: recipe.boardId,
      boardName: recipe.boardName,
      groupId: options.groupId || '',
      conditions: (definition.conditions || []).map((group) =>
        group.map((condition) => ({ ...condition, value: condition.value }))
      ),
      mapping: (definition.mapping || []).map((entry) => ({ ...entry })),
      onDelete: options.onDelete || 'ignore',
      conflictRule: options.conflictRule || 'last_writer_wins',
      createLabelsIfMissing: options.createLabelsIfMissing === true
    };
  }
  return {
    id: null,
    name: '',
    kind: kindValue,
    objectApiName: '',
    boardId: '',
    boardName: '',
    groupId: '',
    conditions: [],
    mapping: [],
    onDelete: 'ignore',
    conflictRule: 'last_writer_wins',
    createLabelsIfMissing: false
  };
}

/** The definition JSON of a draft (docs/recipe-definition.md). */
export function definitionOf(draft) {
  const kind = kindOf(draft.kind);
  const options = {
    syncFutureChanges: kind ? kind.syncFutureChanges : false,
    onDelete: draft.onDelete
  };
  if (kind && kind.direction === SALESFORCE_TO_MONDAY) {
    options.createLabelsIfMissing = draft.createLabelsIfMissing;
    if (draft.groupId) {
      options.groupId = draft.groupId;
    }
  } else {
    options.conflictRule = draft.conflictRule;
  }
  return {
    conditions: draft.conditions
      .map((group) =>
        group.map((condition) => {
          const stored = { field: condition.field, operator: condition.operator };
          if (condition.value !== undefined) {
            stored.value = condition.value;
          }
          return stored;
        })
      )
      .filter((group) => group.length > 0),
    mapping: draft.mapping.map((entry) => ({
      field: entry.field,
      column: entry.column,
      columnType: entry.columnType
    })),
    options
  };
}

function emptyValue(value) {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * What keeps a draft from saving, as { key, args } problems that the editor words with its labels: the same rules
 * as the server's validator, checked first so that a person sees them beside the field.
 */
export function problemsOf(draft, fields, recipes) {
  const problems = [];
  const kind = kindOf(draft.kind);
  if (!draft.name || !draft.name.trim()) {
    problems.push({ key: 'name' });
  }
  if (!draft.objectApiName) {
    problems.push({ key: 'object' });
  }
  if (!draft.boardId) {
    problems.push({ key: 'board' });
  }
  draft.conditions.forEach((group) =>
    group.forEach((condition) => {
      if (!condition.field || !condition.operator) {
        problems.push({ key: 'conditionIncomplete' });
      } else {
        const field = fields.find((candidate) => candidate.apiName === condition.field);
        const input = valueInputFor(field ? field.type : 'string', condition.operator);
        if (input !== 'none' && input !== 'checkbox' && emptyValue(condition.value)) {
          problems.push({ key: 'conditionValue', args: [field ? field.label : condition.field] });
        }
      }
    })
  );
  const complete = draft.mapping.filter((entry) => entry.field && entry.column);
  if (draft.mapping.length === 0) {
    problems.push({ key: 'mappingEmpty' });
  }
  if (draft.mapping.length > complete.length) {
    problems.push({ key: 'mappingIncomplete' });
  }
  if (kind && kind.direction === MONDAY_TO_SALESFORCE && draft.objectApiName) {
    const missing = missingRequiredFields(fields, draft.mapping);
    if (missing.length > 0) {
      problems.push({ key: 'requiredMissing', args: [missing.map((field) => field.label).join(', ')] });
    }
  }
  if (isOverLimit(recipes, draft)) {
    problems.push({ key: 'limit' });
  }
  return problems;
}
