// The package's own custom objects (Monday_Recipe__c, Monday_Link__c...), defined in the stand-in from the package's
// metadata in force-app, so the stand-in and the package cannot disagree about a field.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { type FieldDefinition, field } from './describe/fields';
import type { RecordStore } from './records';

export const packageObjectsDir = join(__dirname, '..', '..', '..', '..', 'force-app', 'main', 'default', 'objects');

interface FieldXml {
  fullName: string;
  label?: string;
  type: string;
  length?: number;
  precision?: number;
  scale?: number;
  required?: boolean;
  externalId?: boolean;
  unique?: boolean;
  defaultValue?: string | boolean;
  referenceTo?: string;
  relationshipName?: string;
  valueSet?: { restricted?: boolean; valueSetDefinition?: { value?: { fullName: string } | { fullName: string }[] } };
}

const parser = new XMLParser({ parseTagValue: true, isArray: (name) => name === 'value' });

function definitionOf(xml: FieldXml, qualify: (name: string) => string): FieldDefinition {
  const name = qualify(xml.fullName);
  const common = {
    label: xml.label ?? xml.fullName,
    required: xml.required === true,
    externalId: xml.externalId === true,
    unique: xml.unique === true
  };
  switch (xml.type) {
    case 'Checkbox':
      return field(name, 'boolean', {
        label: common.label,
        defaultValue: xml.defaultValue === true || xml.defaultValue === 'true'
      });
    case 'Text':
      return field(name, 'string', {
        ...common,
        length: xml.length ?? 255,
        // An external id is what an upsert or a search finds a record by (the describe's idLookup).
        ...(common.externalId ? { idLookup: true } : {})
      });
    case 'TextArea':
      return field(name, 'textarea', { ...common, length: 255 });
    case 'LongTextArea':
      return field(name, 'textarea', { ...common, length: xml.length ?? 32768 });
    case 'Url':
      return field(name, 'url', common);
    case 'DateTime':
      return field(name, 'datetime', common);
    case 'Number':
      return field(name, 'double', { ...common, precision: xml.precision ?? 18, scale: xml.scale ?? 0 });
    case 'Lookup':
      return field(name, 'reference', {
        label: common.label,
        referenceTo: [qualify(xml.referenceTo ?? '')],
        // A managed package's relationship names carry its prefix too (ns__Recipe__r).
        relationshipName: `${name.replace(/__c$/, '')}__r`
      });
    case 'Picklist': {
      const values = xml.valueSet?.valueSetDefinition?.value;
      const list = Array.isArray(values) ? values : values ? [values] : [];
      return field(name, 'picklist', {
        ...common,
        picklistValues: list.map((value) => value.fullName),
        restrictedPicklist: xml.valueSet?.restricted === true
      });
    }
    default:
      throw new Error(`The stand-in does not know the field type ${xml.type} (${xml.fullName})`);
  }
}

function fieldsIn(fieldsDir: string, qualify: (name: string) => string): FieldDefinition[] {
  return existsSync(fieldsDir)
    ? readdirSync(fieldsDir).map((file) =>
        definitionOf(
          (parser.parse(readFileSync(join(fieldsDir, file), 'utf8')) as { CustomField: FieldXml }).CustomField,
          qualify
        )
      )
    : [];
}

/**
 * The package's names as an org with it installed knows them: with a namespace (a managed package), every custom
 * object and custom field of the package carries `ns__` (Monday_Link__c → ns__Monday_Link__c, Lead's
 * Monday_Item_Key__c → ns__Monday_Item_Key__c); standard names never do.
 */
export class PackageNaming {
  readonly names = new Set<string>();

  constructor(readonly namespace: string) {}

  qualify(name: string): string {
    return this.namespace && /__c$/.test(name) && !name.includes(`${this.namespace}__`)
      ? `${this.namespace}__${name}`
      : name;
  }

  /** The package's name for one the org gives: ns__Link_Key__c → Link_Key__c. */
  strip(name: string): string {
    return this.namespace && name.startsWith(`${this.namespace}__`) ? name.slice(this.namespace.length + 2) : name;
  }

  /** Whether `name` (bare) is one of the package's objects or fields. */
  isPackageName(name: string): boolean {
    return this.names.has(name);
  }
}

/**
 * Defines every custom object of the package that records live in (not events, not settings), and adds the
 * package's custom fields on standard objects (Lead.Monday_Item_Key__c...) to them.
 */
export function installPackageObjects(
  store: RecordStore,
  objectsDir = packageObjectsDir,
  naming = new PackageNaming('')
): string[] {
  if (!existsSync(objectsDir)) return [];
  const installed: string[] = [];
  const qualify = (name: string): string => (naming.isPackageName(name) ? naming.qualify(name) : name);
  // Every name first, so that a lookup to another of the package's objects is qualified too.
  for (const name of readdirSync(objectsDir)) {
    if (name.endsWith('__c')) naming.names.add(name);
    const fieldsDir = join(objectsDir, name, 'fields');
    if (existsSync(fieldsDir))
      for (const file of readdirSync(fieldsDir)) naming.names.add(file.replace('.field-meta.xml', ''));
  }
  for (const name of readdirSync(objectsDir)) {
    const fields = fieldsIn(join(objectsDir, name, 'fields'), qualify);
    if (!name.endsWith('__c')) {
      if (store.findObject(name)) store.addFields(name, fields);
      continue;
    }
    const objectXml = readFileSync(join(objectsDir, name, `${name}.object-meta.xml`), 'utf8');
    if (objectXml.includes('<customSettingsType>')) continue;
    const label = (parser.parse(objectXml) as { CustomObject: { label?: string } }).CustomObject.label ?? name;
    store.defineCustomObject({ name: qualify(name), label, fields });
    installed.push(qualify(name));
  }
  return installed;
}
