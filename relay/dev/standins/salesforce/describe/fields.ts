// Field definitions and their describe answer. The property set and defaults follow describe answers recorded from
// real orgs (shared/salesforce/account-describe-v46.json); a test compares the two.
// https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_describesobjects_describesobjectresult.htm

export type FieldType =
  | 'id'
  | 'boolean'
  | 'string'
  | 'picklist'
  | 'multipicklist'
  | 'combobox'
  | 'textarea'
  | 'double'
  | 'currency'
  | 'percent'
  | 'int'
  | 'date'
  | 'datetime'
  | 'email'
  | 'phone'
  | 'url'
  | 'reference'
  | 'address';

/** How a field behaves; everything a describe answer says is derived from this. */
export interface FieldDefinition {
  name: string;
  label: string;
  type: FieldType;
  length: number;
  precision: number;
  scale: number;
  createable: boolean;
  updateable: boolean;
  nillable: boolean;
  defaultedOnCreate: boolean;
  defaultValue: string | boolean | null;
  picklistValues: string[];
  restrictedPicklist: boolean;
  compoundFieldName: string | null;
  calculatedFormula: string | null;
  autoNumber: boolean;
  referenceTo: string[];
  relationshipName: string | null;
  externalId: boolean;
  unique: boolean;
  idLookup: boolean;
  nameField: boolean;
  custom: boolean;
}

const soapTypes: Record<FieldType, string> = {
  id: 'tns:ID',
  boolean: 'xsd:boolean',
  string: 'xsd:string',
  picklist: 'xsd:string',
  multipicklist: 'xsd:string',
  combobox: 'xsd:string',
  textarea: 'xsd:string',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  int: 'xsd:int',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
  reference: 'tns:ID',
  address: 'urn:address'
};

const defaultLengths: Partial<Record<FieldType, number>> = {
  id: 18,
  reference: 18,
  string: 255,
  picklist: 255,
  multipicklist: 4099,
  combobox: 255,
  textarea: 255,
  email: 80,
  phone: 40,
  url: 255
};

type FieldOptions = Partial<Omit<FieldDefinition, 'name' | 'type'>> & {
  /** Required on create: createable, not nillable, not defaulted. */
  required?: boolean;
  /** Written by the platform only: neither createable nor updateable. */
  readOnly?: boolean;
  /** Set on create, never changed after (createable, not updateable). */
  createOnly?: boolean;
};

function humanize(name: string): string {
  return name
    .replace(/__c$/, '')
    .replace(/Id$/, ' ID')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .trim();
}

export function field(name: string, type: FieldType, options: FieldOptions = {}): FieldDefinition {
  const { required = false, readOnly = false, createOnly = false, ...rest } = options;
  const writable = !readOnly;
  return {
    name,
    label: humanize(name),
    type,
    length: defaultLengths[type] ?? 0,
    precision: type === 'currency' || type === 'double' || type === 'percent' ? 18 : 0,
    scale: type === 'currency' || type === 'percent' ? 2 : 0,
    createable: writable,
    updateable: writable && !createOnly,
    // Booleans are never null: they are defaulted to false instead.
    nillable: !required && type !== 'boolean' && type !== 'id',
    defaultedOnCreate: type === 'boolean',
    defaultValue: type === 'boolean' ? false : null,
    picklistValues: [],
    restrictedPicklist: false,
    compoundFieldName: null,
    calculatedFormula: null,
    autoNumber: false,
    referenceTo: [],
    relationshipName: null,
    externalId: false,
    unique: false,
    idLookup: type === 'id',
    nameField: false,
    custom: name.endsWith('__c'),
    ...rest
  };
}

export function picklist(name: string, values: string[], options: FieldOptions = {}): FieldDefinition {
  return field(name, 'picklist', { length: 40, picklistValues: values, ...options });
}

export function reference(
  name: string,
  to: string,
  relationshipName: string,
  options: FieldOptions = {}
): FieldDefinition {
  return field(name, 'reference', { referenceTo: [to], relationshipName, ...options });
}

/** A compound address: the components are writable, the compound field is read-only. */
export function address(
  prefix: string,
  compoundName = `${prefix}Address`,
  label = `${prefix} Address`
): FieldDefinition[] {
  const part = (name: string, type: FieldType, length: number, extra: FieldOptions = {}) =>
    field(`${prefix}${name}`, type, { length, compoundFieldName: compoundName, ...extra });
  return [
    part('Street', 'textarea', 255),
    part('City', 'string', 40),
    part('State', 'string', 80),
    part('PostalCode', 'string', 20),
    part('Country', 'string', 80),
    part('Latitude', 'double', 0, { precision: 18, scale: 15 }),
    part('Longitude', 'double', 0, { precision: 18, scale: 15 }),
    field(compoundName, 'address', { label, readOnly: true })
  ];
}

/** The fields every object has. `nameField` gives the object's Name field when it is a plain string. */
export function systemFields(): FieldDefinition[] {
  return [
    field('Id', 'id', { readOnly: true, defaultedOnCreate: true, label: 'Record ID' }),
    field('IsDeleted', 'boolean', { readOnly: true, label: 'Deleted' }),
    reference('OwnerId', 'User', 'Owner', { nillable: false, defaultedOnCreate: true, label: 'Owner ID' }),
    field('CreatedDate', 'datetime', { readOnly: true, nillable: false, defaultedOnCreate: true }),
    reference('CreatedById', 'User', 'CreatedBy', { readOnly: true, nillable: false, defaultedOnCreate: true }),
    field('LastModifiedDate', 'datetime', { readOnly: true, nillable: false, defaultedOnCreate: true }),
    reference('LastModifiedById', 'User', 'LastModifiedBy', {
      readOnly: true,
      nillable: false,
      defaultedOnCreate: true
    }),
    field('SystemModstamp', 'datetime', {
      readOnly: true,
      nillable: false,
      defaultedOnCreate: true,
      label: 'System Modstamp'
    })
  ];
}

/** Types whose values are text (compared as text in SOQL, measured in bytes in describe). */
export const textualTypes: ReadonlySet<FieldType> = new Set<FieldType>([
  'string',
  'picklist',
  'multipicklist',
  'combobox',
  'textarea',
  'email',
  'phone',
  'url',
  'id',
  'reference'
]);

/** The describe answer of one field. */
export function describeField(definition: FieldDefinition): Record<string, unknown> {
  const { type } = definition;
  const textual = textualTypes.has(type);
  const longText = type === 'textarea' && definition.length > 255;
  return {
    aggregatable: type !== 'address' && !longText,
    aiPredictionField: false,
    autoNumber: definition.autoNumber,
    byteLength: textual ? definition.length * 3 : 0,
    calculated: definition.calculatedFormula !== null,
    calculatedFormula: definition.calculatedFormula,
    cascadeDelete: false,
    caseSensitive: false,
    compoundFieldName: definition.compoundFieldName,
    controllerName: null,
    createable: definition.createable,
    custom: definition.custom,
    defaultValue: definition.defaultValue,
    defaultValueFormula: null,
    defaultedOnCreate: definition.defaultedOnCreate,
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: type === 'int' ? 9 : 0,
    displayLocationInDecimal: false,
    encrypted: false,
    externalId: definition.externalId,
    extraTypeInfo: longText ? 'plaintextarea' : null,
    filterable: !longText,
    filteredLookupInfo: null,
    formulaTreatNullNumberAsZero: false,
    groupable: !longText && !['double', 'currency', 'percent', 'address', 'datetime'].includes(type),
    highScaleNumber: false,
    htmlFormatted: false,
    idLookup: definition.idLookup,
    inlineHelpText: null,
    label: definition.label,
    length: definition.length,
    mask: null,
    maskType: null,
    name: definition.name,
    nameField: definition.nameField,
    namePointing: false,
    nillable: definition.nillable,
    permissionable: definition.nillable && definition.createable,
    picklistValues: definition.picklistValues.map((value) => ({
      active: true,
      defaultValue: value === definition.defaultValue,
      label: value,
      validFor: null,
      value
    })),
    polymorphicForeignKey: false,
    precision: definition.precision,
    queryByDistance: type === 'address',
    referenceTargetField: null,
    referenceTo: definition.referenceTo,
    relationshipName: definition.relationshipName,
    relationshipOrder: null,
    restrictedDelete: false,
    restrictedPicklist: definition.restrictedPicklist,
    scale: definition.scale,
    searchPrefilterable: false,
    soapType: soapTypes[type],
    sortable: !longText && type !== 'address' && type !== 'multipicklist',
    type,
    unique: definition.unique,
    updateable: definition.updateable,
    writeRequiresMasterRead: false
  };
}

/** Whether a create must carry a value for the field (describe: createable, not nillable, not defaulted). */
export function requiredOnCreate(definition: FieldDefinition): boolean {
  return definition.createable && !definition.nillable && !definition.defaultedOnCreate;
}
