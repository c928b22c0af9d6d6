// The recipe builder's words, in English and French (custom labels with translations, B8), and the small helpers
// that put values into them. Shared by the recipes page and the editor.
import kindCreateItem from '@salesforce/label/c.MondaySync_KindCreateItem';
import kindCreateItemAndSync from '@salesforce/label/c.MondaySync_KindCreateItemAndSync';
import kindCreateRecordAndSync from '@salesforce/label/c.MondaySync_KindCreateRecordAndSync';
import editorNewTitle from '@salesforce/label/c.MondaySync_EditorNewTitle';
import editorEditTitle from '@salesforce/label/c.MondaySync_EditorEditTitle';
import editorName from '@salesforce/label/c.MondaySync_EditorName';
import editorObject from '@salesforce/label/c.MondaySync_EditorObject';
import editorBoard from '@salesforce/label/c.MondaySync_EditorBoard';
import editorGroup from '@salesforce/label/c.MondaySync_EditorGroup';
import editorFirstGroup from '@salesforce/label/c.MondaySync_EditorFirstGroup';
import editorBoardsLoading from '@salesforce/label/c.MondaySync_EditorBoardsLoading';
import editorRetry from '@salesforce/label/c.MondaySync_EditorRetry';
import editorConditions from '@salesforce/label/c.MondaySync_EditorConditions';
import editorConditionsHelp from '@salesforce/label/c.MondaySync_EditorConditionsHelp';
import editorConditionGroup from '@salesforce/label/c.MondaySync_EditorConditionGroup';
import editorOr from '@salesforce/label/c.MondaySync_EditorOr';
import editorAnd from '@salesforce/label/c.MondaySync_EditorAnd';
import editorAddCondition from '@salesforce/label/c.MondaySync_EditorAddCondition';
import editorAddGroup from '@salesforce/label/c.MondaySync_EditorAddGroup';
import editorRemoveCondition from '@salesforce/label/c.MondaySync_EditorRemoveCondition';
import editorField from '@salesforce/label/c.MondaySync_EditorField';
import editorOperator from '@salesforce/label/c.MondaySync_EditorOperator';
import editorConditionValue from '@salesforce/label/c.MondaySync_EditorConditionValue';
import editorListHelp from '@salesforce/label/c.MondaySync_EditorListHelp';
import operatorEquals from '@salesforce/label/c.MondaySync_OperatorEquals';
import operatorNotEquals from '@salesforce/label/c.MondaySync_OperatorNotEquals';
import operatorContains from '@salesforce/label/c.MondaySync_OperatorContains';
import operatorStartsWith from '@salesforce/label/c.MondaySync_OperatorStartsWith';
import operatorIn from '@salesforce/label/c.MondaySync_OperatorIn';
import operatorGreaterThan from '@salesforce/label/c.MondaySync_OperatorGreaterThan';
import operatorLessThan from '@salesforce/label/c.MondaySync_OperatorLessThan';
import operatorIsEmpty from '@salesforce/label/c.MondaySync_OperatorIsEmpty';
import operatorIsNotEmpty from '@salesforce/label/c.MondaySync_OperatorIsNotEmpty';
import editorMappingPush from '@salesforce/label/c.MondaySync_EditorMappingPush';
import editorMappingPull from '@salesforce/label/c.MondaySync_EditorMappingPull';
import editorMappingHelpPush from '@salesforce/label/c.MondaySync_EditorMappingHelpPush';
import editorMappingHelpPull from '@salesforce/label/c.MondaySync_EditorMappingHelpPull';
import editorColumn from '@salesforce/label/c.MondaySync_EditorColumn';
import editorItemName from '@salesforce/label/c.MondaySync_EditorItemName';
import editorSalesforceColumn from '@salesforce/label/c.MondaySync_EditorSalesforceColumn';
import editorRequired from '@salesforce/label/c.MondaySync_EditorRequired';
import editorCreateOnly from '@salesforce/label/c.MondaySync_EditorCreateOnly';
import editorNoColumn from '@salesforce/label/c.MondaySync_EditorNoColumn';
import editorAddMapping from '@salesforce/label/c.MondaySync_EditorAddMapping';
import editorRemoveMapping from '@salesforce/label/c.MondaySync_EditorRemoveMapping';
import editorOptions from '@salesforce/label/c.MondaySync_EditorOptions';
import editorOnDelete from '@salesforce/label/c.MondaySync_EditorOnDelete';
import editorOnDeleteIgnore from '@salesforce/label/c.MondaySync_EditorOnDeleteIgnore';
import editorOnDeletePropagateItem from '@salesforce/label/c.MondaySync_EditorOnDeletePropagateItem';
import editorOnDeletePropagateRecord from '@salesforce/label/c.MondaySync_EditorOnDeletePropagateRecord';
import editorOnDeleteArchive from '@salesforce/label/c.MondaySync_EditorOnDeleteArchive';
import editorConflictRule from '@salesforce/label/c.MondaySync_EditorConflictRule';
import editorConflictLastWriter from '@salesforce/label/c.MondaySync_EditorConflictLastWriter';
import editorConflictSalesforce from '@salesforce/label/c.MondaySync_EditorConflictSalesforce';
import editorConflictMonday from '@salesforce/label/c.MondaySync_EditorConflictMonday';
import editorCreateLabels from '@salesforce/label/c.MondaySync_EditorCreateLabels';
import editorSave from '@salesforce/label/c.MondaySync_EditorSave';
import editorCancel from '@salesforce/label/c.MondaySync_EditorCancel';
import editorSaving from '@salesforce/label/c.MondaySync_EditorSaving';
import editorProblemsIntro from '@salesforce/label/c.MondaySync_EditorProblemsIntro';
import problemName from '@salesforce/label/c.MondaySync_ProblemName';
import problemObject from '@salesforce/label/c.MondaySync_ProblemObject';
import problemBoard from '@salesforce/label/c.MondaySync_ProblemBoard';
import problemConditionIncomplete from '@salesforce/label/c.MondaySync_ProblemConditionIncomplete';
import problemConditionValue from '@salesforce/label/c.MondaySync_ProblemConditionValue';
import problemMappingEmpty from '@salesforce/label/c.MondaySync_ProblemMappingEmpty';
import problemMappingIncomplete from '@salesforce/label/c.MondaySync_ProblemMappingIncomplete';
import problemRequiredMissing from '@salesforce/label/c.MondaySync_ProblemRequiredMissing';
import recipeLimit from '@salesforce/label/c.MondaySync_RecipeLimit';
import recipesTitle from '@salesforce/label/c.MondaySync_RecipesTitle';
import recipesNewHeading from '@salesforce/label/c.MondaySync_RecipesNewHeading';
import recipesEmpty from '@salesforce/label/c.MondaySync_RecipesEmpty';
import recipesLoading from '@salesforce/label/c.MondaySync_RecipesLoading';
import recipesLoadError from '@salesforce/label/c.MondaySync_RecipesLoadError';
import recipesActive from '@salesforce/label/c.MondaySync_RecipesActive';
import recipesInactive from '@salesforce/label/c.MondaySync_RecipesInactive';
import recipesActivate from '@salesforce/label/c.MondaySync_RecipesActivate';
import recipesDeactivate from '@salesforce/label/c.MondaySync_RecipesDeactivate';
import recipesEdit from '@salesforce/label/c.MondaySync_RecipesEdit';
import recipesDelete from '@salesforce/label/c.MondaySync_RecipesDelete';
import recipesDeleteConfirm from '@salesforce/label/c.MondaySync_RecipesDeleteConfirm';
import recipesDeleteTitle from '@salesforce/label/c.MondaySync_RecipesDeleteTitle';
import recipesDeleted from '@salesforce/label/c.MondaySync_RecipesDeleted';
import recipesSaved from '@salesforce/label/c.MondaySync_RecipesSaved';
import recipesLastSync from '@salesforce/label/c.MondaySync_RecipesLastSync';
import recipesNeverSynced from '@salesforce/label/c.MondaySync_RecipesNeverSynced';
import recipesLastSyncUnknown from '@salesforce/label/c.MondaySync_RecipesLastSyncUnknown';
import recipesFailures from '@salesforce/label/c.MondaySync_RecipesFailures';
import recipesLimitCount from '@salesforce/label/c.MondaySync_RecipesLimitCount';
import recipesBoards from '@salesforce/label/c.MondaySync_RecipesBoards';
import recipesBoardsUnavailable from '@salesforce/label/c.MondaySync_RecipesBoardsUnavailable';
import recipesOpenBoard from '@salesforce/label/c.MondaySync_RecipesOpenBoard';
import recipesRecipeCount from '@salesforce/label/c.MondaySync_RecipesRecipeCount';
import recipesDirectionPush from '@salesforce/label/c.MondaySync_RecipesDirectionPush';
import recipesDirectionPull from '@salesforce/label/c.MondaySync_RecipesDirectionPull';
import recipesActionFailed from '@salesforce/label/c.MondaySync_RecipesActionFailed';
import captureTitle from '@salesforce/label/c.MondaySync_CaptureTitle';
import captureLoading from '@salesforce/label/c.MondaySync_CaptureLoading';
import captureUsesTrigger from '@salesforce/label/c.MondaySync_CaptureUsesTrigger';
import captureUsesPolling from '@salesforce/label/c.MondaySync_CaptureUsesPolling';
import capturePolling from '@salesforce/label/c.MondaySync_CapturePolling';
import capturePollingHelp from '@salesforce/label/c.MondaySync_CapturePollingHelp';
import captureTrigger from '@salesforce/label/c.MondaySync_CaptureTrigger';
import captureTriggerHelp from '@salesforce/label/c.MondaySync_CaptureTriggerHelp';
import captureTriggerCode from '@salesforce/label/c.MondaySync_CaptureTriggerCode';
import captureTestCode from '@salesforce/label/c.MondaySync_CaptureTestCode';
import captureCopyTrigger from '@salesforce/label/c.MondaySync_CaptureCopyTrigger';
import captureCopyTest from '@salesforce/label/c.MondaySync_CaptureCopyTest';
import captureCopied from '@salesforce/label/c.MondaySync_CaptureCopied';
import captureCopyFailed from '@salesforce/label/c.MondaySync_CaptureCopyFailed';

/** The labels by the name the components use. */
export const LABELS = {
  newTitle: editorNewTitle,
  editTitle: editorEditTitle,
  name: editorName,
  object: editorObject,
  board: editorBoard,
  group: editorGroup,
  firstGroup: editorFirstGroup,
  boardsLoading: editorBoardsLoading,
  retry: editorRetry,
  conditions: editorConditions,
  conditionsHelp: editorConditionsHelp,
  conditionGroup: editorConditionGroup,
  or: editorOr,
  and: editorAnd,
  addCondition: editorAddCondition,
  addGroup: editorAddGroup,
  removeCondition: editorRemoveCondition,
  field: editorField,
  operator: editorOperator,
  conditionValue: editorConditionValue,
  listHelp: editorListHelp,
  mappingPush: editorMappingPush,
  mappingPull: editorMappingPull,
  mappingHelpPush: editorMappingHelpPush,
  mappingHelpPull: editorMappingHelpPull,
  column: editorColumn,
  itemName: editorItemName,
  salesforceColumn: editorSalesforceColumn,
  required: editorRequired,
  createOnly: editorCreateOnly,
  noColumn: editorNoColumn,
  addMapping: editorAddMapping,
  removeMapping: editorRemoveMapping,
  options: editorOptions,
  onDelete: editorOnDelete,
  onDeleteIgnore: editorOnDeleteIgnore,
  onDeletePropagateItem: editorOnDeletePropagateItem,
  onDeletePropagateRecord: editorOnDeletePropagateRecord,
  onDeleteArchive: editorOnDeleteArchive,
  conflictRule: editorConflictRule,
  conflictLastWriter: editorConflictLastWriter,
  conflictSalesforce: editorConflictSalesforce,
  conflictMonday: editorConflictMonday,
  createLabels: editorCreateLabels,
  save: editorSave,
  cancel: editorCancel,
  saving: editorSaving,
  problemsIntro: editorProblemsIntro,
  problems: {
    name: problemName,
    object: problemObject,
    board: problemBoard,
    conditionIncomplete: problemConditionIncomplete,
    conditionValue: problemConditionValue,
    mappingEmpty: problemMappingEmpty,
    mappingIncomplete: problemMappingIncomplete,
    requiredMissing: problemRequiredMissing,
    limit: recipeLimit
  }
};

const KIND_LABELS = {
  Create_Item: kindCreateItem,
  Create_Item_And_Sync: kindCreateItemAndSync,
  Create_Record_And_Sync: kindCreateRecordAndSync
};

const OPERATOR_LABELS = {
  equals: operatorEquals,
  not_equals: operatorNotEquals,
  contains: operatorContains,
  starts_with: operatorStartsWith,
  in: operatorIn,
  greater_than: operatorGreaterThan,
  less_than: operatorLessThan,
  is_empty: operatorIsEmpty,
  is_not_empty: operatorIsNotEmpty
};

/** How a custom object's changes reach monday: polled by the relay, or sent by a trigger (issue 17). */
export const CAPTURE_LABELS = {
  title: captureTitle,
  loading: captureLoading,
  usesTrigger: captureUsesTrigger,
  usesPolling: captureUsesPolling,
  polling: capturePolling,
  pollingHelp: capturePollingHelp,
  trigger: captureTrigger,
  triggerHelp: captureTriggerHelp,
  triggerCode: captureTriggerCode,
  testCode: captureTestCode,
  copyTrigger: captureCopyTrigger,
  copyTest: captureCopyTest,
  copied: captureCopied,
  copyFailed: captureCopyFailed
};

/** The recipes page's labels. */
export const PAGE_LABELS = {
  title: recipesTitle,
  newHeading: recipesNewHeading,
  empty: recipesEmpty,
  loading: recipesLoading,
  loadError: recipesLoadError,
  active: recipesActive,
  inactive: recipesInactive,
  activate: recipesActivate,
  deactivate: recipesDeactivate,
  edit: recipesEdit,
  delete: recipesDelete,
  deleteConfirm: recipesDeleteConfirm,
  deleteTitle: recipesDeleteTitle,
  deleted: recipesDeleted,
  saved: recipesSaved,
  lastSync: recipesLastSync,
  neverSynced: recipesNeverSynced,
  lastSyncUnknown: recipesLastSyncUnknown,
  failures: recipesFailures,
  limitCount: recipesLimitCount,
  boards: recipesBoards,
  boardsUnavailable: recipesBoardsUnavailable,
  openBoard: recipesOpenBoard,
  recipeCount: recipesRecipeCount,
  directionPush: recipesDirectionPush,
  directionPull: recipesDirectionPull,
  actionFailed: recipesActionFailed,
  kinds: KIND_LABELS
};

/** Fills the {0}, {1}… of a label. */
export function format(label, values) {
  return (values || []).reduce((text, value, index) => text.split(`{${index}}`).join(String(value)), label || '');
}

export function kindLabel(kind) {
  return KIND_LABELS[kind] || kind || '';
}

export function operatorLabel(operator) {
  return OPERATOR_LABELS[operator] || operator;
}
