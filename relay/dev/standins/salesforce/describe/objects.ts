import { type FieldDefinition, describeField } from './fields';

export type RecordValues = Record<string, unknown>;

export interface SObjectDefinition {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  fields: FieldDefinition[];
  deletable: boolean;
  /** Platform-computed fields (formulas, compound names and addresses, auto numbers), from the stored values. */
  derive?: (values: RecordValues) => RecordValues;
  /** Defaults applied on create beyond the fields' own (e.g. an auto number). */
  onCreate?: (values: RecordValues, sequence: number) => RecordValues;
}

export function fieldOf(object: SObjectDefinition, name: string): FieldDefinition | undefined {
  const lower = name.toLowerCase();
  return object.fields.find((candidate) => candidate.name.toLowerCase() === lower);
}

/** The describe answer of an object (GET /services/data/vNN.0/sobjects/{name}/describe). */
export function describeObject(
  object: SObjectDefinition,
  apiVersion: string,
  instanceUrl: string
): Record<string, unknown> {
  const base = `/services/data/v${apiVersion}/sobjects/${object.name}`;
  return {
    actionOverrides: [],
    activateable: false,
    childRelationships: [],
    compactLayoutable: true,
    createable: true,
    custom: object.custom,
    customSetting: false,
    deletable: object.deletable,
    deprecatedAndHidden: false,
    feedEnabled: true,
    fields: object.fields.map(describeField),
    hasSubtypes: false,
    isSubtype: false,
    keyPrefix: object.keyPrefix,
    label: object.label,
    labelPlural: object.labelPlural,
    layoutable: true,
    listviewable: null,
    lookupLayoutable: null,
    mergeable: ['Account', 'Contact', 'Lead'].includes(object.name),
    mruEnabled: true,
    name: object.name,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    queryable: true,
    recordTypeInfos: [],
    replicateable: true,
    retrieveable: true,
    searchLayoutable: true,
    searchable: true,
    supportedScopes: [],
    triggerable: true,
    undeletable: object.deletable,
    updateable: true,
    urls: {
      compactLayouts: `${base}/describe/compactLayouts`,
      rowTemplate: `${base}/{ID}`,
      approvalLayouts: `${base}/describe/approvalLayouts`,
      uiDetailTemplate: `${instanceUrl}/{ID}`,
      uiEditTemplate: `${instanceUrl}/{ID}/e`,
      defaultValues: `${base}/defaultValues?recordTypeId&fields`,
      listviews: `${base}/listviews`,
      describe: `${base}/describe`,
      uiNewRecord: `${instanceUrl}/${object.keyPrefix}/e`,
      quickActions: `${base}/quickActions`,
      layouts: `${base}/describe/layouts`,
      sobject: base
    }
  };
}
