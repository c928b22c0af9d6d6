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

function definitionOf(xml: FieldXml): FieldDefinition {
  const common = {
    label: xml.label ?? xml.fullName,
    required: xml.required === true,
    externalId: xml.externalId === true,
    unique: xml.unique === true
  };
  switch (xml.type) {
    case 'Checkbox':
      return field(xml.fullName, 'boolean', {
        label: common.label,
        defaultValue: xml.defaultValue === true || xml.defaultValue === 'true'
      });
    case 'Text':
      return field(xml.fullName, 'string', {
        ...common,
        length: xml.length ?? 255,
        // An external id is what an upsert or a search finds a record by (the describe's idLookup).
        ...(common.externalId ? { idLookup: true } : {})
      });
    case 'TextArea':
      return field(xml.fullName, 'textarea', { ...common, length: 255 });
    case 'LongTextArea':
      return field(xml.fullName, 'textarea', { ...common, length: xml.length ?? 32768 });
    case 'Url':
      return field(xml.fullName, 'url', common);
    case 'DateTime':
      return field(xml.fullName, 'datetime', common);
    case 'Number':
      return field(xml.fullName, 'double', { ...common, precision: xml.precision ?? 18, scale: xml.scale ?? 0 });
    case 'Lookup':
      return field(xml.fullName, 'reference', {
        label: common.label,
        referenceTo: [xml.referenceTo ?? ''],
        relationshipName: `${xml.relationshipName ?? xml.fullName.replace(/__c$/, '')}__r`
      });
    case 'Picklist': {
      const values = xml.valueSet?.valueSetDefinition?.value;
      const list = Array.isArray(values) ? values : values ? [values] : [];
      return field(xml.fullName, 'picklist', {
        ...common,
        picklistValues: list.map((value) => value.fullName),
        restrictedPicklist: xml.valueSet?.restricted === true
      });
    }
    default:
      throw new Error(`The stand-in does not know the field type ${xml.type} (${xml.fullName})`);
  }
}

function fieldsIn(fieldsDir: string): FieldDefinition[] {
  return existsSync(fieldsDir)
    ? readdirSync(fieldsDir).map((file) =>
        definitionOf(
          (parser.parse(readFileSync(join(fieldsDir, file), 'utf8')) as { CustomField: FieldXml }).CustomField
        )
      )
    : [];
}

/**
 * Defines every custom object of the package that records live in (not events, not settings), and adds the
 * package's custom fields on standard objects (Lead.Monday_Item_Key__c...) to them.
 */
export function installPackageObjects(store: RecordStore, objectsDir = packageObjectsDir): string[] {
  if (!existsSync(objectsDir)) return [];
  const installed: string[] = [];
  for (const name of readdirSync(objectsDir)) {
    const fields = fieldsIn(join(objectsDir, name, 'fields'));
    if (!name.endsWith('__c')) {
      if (store.findObject(name)) store.addFields(name, fields);
      continue;
    }
    const objectXml = readFileSync(join(objectsDir, name, `${name}.object-meta.xml`), 'utf8');
    if (objectXml.includes('<customSettingsType>')) continue;
    const label = (parser.parse(objectXml) as { CustomObject: { label?: string } }).CustomObject.label ?? name;
    store.defineCustomObject({ name, label, fields });
    installed.push(name);
  }
  return installed;
}
