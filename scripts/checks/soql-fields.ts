// SOQL field names checked against the package's object metadata. ApexLink type-checks Apex but not the inside of
// a `[SELECT …]`, so a misspelt or removed field there would only fail when the class is deployed. What is checked:
// every field, relationship path, filter, grouping and ordering of each static query on an object the package
// defines (its custom objects and fields, and Salesforce's system fields), and every custom field (`__c`) the
// package queries on a standard object. Standard fields of standard objects are left to ApexLink and the org.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseQuery, type Query, type WhereClause } from '@jetstreamapp/soql-parser-js';
import { type Finding, listFiles } from './files';

/** Fields every custom object has (Salesforce's "system fields"). */
const systemFields = [
  'Id',
  'Name',
  'OwnerId',
  'IsDeleted',
  'CreatedDate',
  'CreatedById',
  'LastModifiedDate',
  'LastModifiedById',
  'SystemModstamp',
  'LastViewedDate',
  'LastReferencedDate'
];

interface ObjectFields {
  custom: boolean;
  /** Field name (lower case) → the object a lookup points to, or '' for other fields. */
  fields: Map<string, string>;
}

function readObjects(sourceDir: string): Map<string, ObjectFields> {
  const objects = new Map<string, ObjectFields>();
  const objectsDir = join(sourceDir, 'main', 'default', 'objects');
  if (!existsSync(objectsDir)) return objects;
  for (const name of readdirSync(objectsDir)) {
    const custom = /__(c|e|mdt)$/.test(name);
    const fields = new Map<string, string>(custom ? systemFields.map((field) => [field.toLowerCase(), '']) : []);
    const fieldsDir = join(objectsDir, name, 'fields');
    if (existsSync(fieldsDir)) {
      for (const file of readdirSync(fieldsDir).filter((entry) => entry.endsWith('.field-meta.xml'))) {
        const reference = /<referenceTo>([^<]+)<\/referenceTo>/.exec(readFileSync(join(fieldsDir, file), 'utf8'));
        fields.set(file.replace('.field-meta.xml', '').toLowerCase(), reference?.[1] ?? '');
      }
    }
    objects.set(name.toLowerCase(), { custom, fields });
  }
  return objects;
}

/** The static queries of an Apex file, with the line each starts on; bind expressions in LIMIT made literal. */
export function staticQueries(source: string): { soql: string; line: number }[] {
  const queries: { soql: string; line: number }[] = [];
  for (const match of source.matchAll(/\[\s*(SELECT\b[^\]]*)\]/gi)) {
    const before = source.slice(0, match.index);
    const lineText = before.slice(before.lastIndexOf('\n') + 1).trim();
    if (lineText.startsWith('//') || lineText.startsWith('*')) continue;
    const soql = (match[1] ?? '').replace(/\b(LIMIT|OFFSET)\s*:\s*[\w.]+/gi, '$1 1');
    queries.push({ soql, line: before.split('\n').length });
  }
  return queries;
}

function whereFields(where: WhereClause | undefined): { fields: string[]; subqueries: Query[] } {
  const fields: string[] = [];
  const subqueries: Query[] = [];
  // The parser gives a filter as a chain: each node's `left` is one condition, its `right` the rest.
  for (let node: WhereClause | undefined = where; node; node = 'right' in node ? node.right : undefined) {
    const left = node.left as { field?: string; valueQuery?: Query } | null;
    if (left?.field) fields.push(left.field);
    if (left?.valueQuery) subqueries.push(left.valueQuery);
  }
  return { fields, subqueries };
}

/** Every field path a query names: selected, aggregated, filtered, grouped and ordered. */
function fieldPaths(query: Query): { paths: string[]; subqueries: Query[] } {
  const paths: string[] = [];
  for (const field of query.fields ?? []) {
    if (field.type === 'Field') paths.push(field.field);
    else if (field.type === 'FieldRelationship') paths.push([...field.relationships, field.field].join('.'));
    else if (field.type === 'FieldFunctionExpression') {
      paths.push(...field.parameters.filter((parameter): parameter is string => typeof parameter === 'string'));
    }
  }
  const where = whereFields(query.where);
  paths.push(...where.fields);
  for (const clause of [query.groupBy, query.orderBy].flat()) {
    const field = (clause as { field?: string } | undefined)?.field;
    if (field) paths.push(field);
  }
  return { paths, subqueries: where.subqueries };
}

function pathProblem(objects: Map<string, ObjectFields>, objectName: string, path: string): string | undefined {
  let object = objects.get(objectName.toLowerCase());
  let owner = objectName;
  const parts = path.split('.');
  for (const [index, part] of parts.entries()) {
    const last = index === parts.length - 1;
    const fieldName = last ? part : part.replace(/__r$/i, '__c');
    const isCustomField = /__c$/i.test(fieldName);
    if (!object) {
      return isCustomField ? `${owner}.${fieldName} is not a field of the package` : undefined;
    }
    if (!object.custom && !isCustomField) return undefined;
    const target = object.fields.get(fieldName.toLowerCase());
    if (target === undefined) return `${owner} has no field ${fieldName} in the package's metadata`;
    if (last) return undefined;
    if (!target) return `${owner}.${fieldName} is not a lookup, so ${part} is not a relationship`;
    owner = target;
    object = objects.get(target.toLowerCase());
  }
  return undefined;
}

function queryProblems(objects: Map<string, ObjectFields>, query: Query): string[] {
  const objectName = query.sObject ?? '';
  const object = objects.get(objectName.toLowerCase());
  if (!object && /__(c|e|mdt)$/i.test(objectName)) return [`the package defines no object ${objectName}`];
  const { paths, subqueries } = fieldPaths(query);
  const problems = paths.flatMap((path) => pathProblem(objects, objectName, path) ?? []);
  return [...problems, ...subqueries.flatMap((subquery) => queryProblems(objects, subquery))];
}

/** Field-name problems of every static SOQL query in the project's Apex. */
export function soqlFieldProblems(projectDir: string): Finding[] {
  const sourceDir = join(projectDir, 'force-app');
  const objects = readObjects(sourceDir);
  return listFiles(sourceDir, (name) => /\.(cls|trigger)$/.test(name)).flatMap((file) =>
    staticQueries(readFileSync(file, 'utf8')).flatMap(({ soql, line }) => {
      let query: Query;
      try {
        query = parseQuery(soql, { allowApexBindVariables: true });
      } catch (error) {
        return [
          { file, line, message: `SOQL does not parse: ${error instanceof Error ? error.message : String(error)}` }
        ];
      }
      return queryProblems(objects, query).map((message) => ({ file, line, message: `SOQL: ${message}` }));
    })
  );
}
