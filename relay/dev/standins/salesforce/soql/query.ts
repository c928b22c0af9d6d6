// Runs a SOQL query against the record store: field lists with parent relationships (Account.Name), WHERE with
// AND/OR/NOT, comparison operators, LIKE, IN/NOT IN, null, date and datetime literals; ORDER BY, LIMIT, OFFSET and
// COUNT(). Values are compared by the field's type, and a literal of the wrong type is refused as SOQL refuses it.
// https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { type FieldDefinition, textualTypes } from '../describe/fields';
import { type SObjectDefinition, fieldOf } from '../describe/objects';
import { SalesforceApiError } from '../errors';
import type { RecordStore, StoredRecord } from '../records';
import { formatFieldValue, textOf } from '../values';
import { dateLiteralRange } from './date-literals';
import { type Condition, buildExpression, conditionsOf, evaluate } from './where';

export interface QueryOutcome {
  /** COUNT() queries answer a size and no records. */
  totalSize: number;
  records: Record<string, unknown>[];
}

interface FieldPath {
  /** Relationship hops from the queried object (e.g. ["Account"]), then the field. */
  relationships: { reference: FieldDefinition; target: SObjectDefinition }[];
  field: FieldDefinition;
  raw: string;
}

const numberTypes = new Set(['int', 'double', 'currency', 'percent']);

const invalidField = (name: string, object: SObjectDefinition) =>
  new SalesforceApiError(
    400,
    'INVALID_FIELD',
    `No such column '${name}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`
  );

function resolvePath(raw: string, object: SObjectDefinition, store: RecordStore): FieldPath {
  const parts = raw.split('.');
  const fieldName = parts.pop() ?? '';
  let current = object;
  const relationships: FieldPath['relationships'] = [];
  for (const relationship of parts) {
    const reference = current.fields.find(
      (candidate) => candidate.relationshipName?.toLowerCase() === relationship.toLowerCase()
    );
    const target = reference?.referenceTo[0] ? store.findObject(reference.referenceTo[0]) : undefined;
    if (!reference || !target) {
      throw new SalesforceApiError(
        400,
        'INVALID_FIELD',
        `Didn't understand relationship '${relationship}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.`
      );
    }
    relationships.push({ reference, target });
    current = target;
  }
  const field = fieldOf(current, fieldName);
  if (!field) throw invalidField(fieldName, current);
  return { relationships, field, raw };
}

/** The record at the end of the path's relationships (undefined when a hop is empty). */
function follow(record: StoredRecord, path: FieldPath, store: RecordStore): StoredRecord | undefined {
  let current: StoredRecord | undefined = record;
  for (const { reference, target } of path.relationships) {
    const id: unknown = current?.values[reference.name];
    current = typeof id === 'string' ? store.find(target.name, id) : undefined;
    if (current?.deleted) current = undefined;
  }
  return current;
}

function unquote(literal: string): string {
  return literal
    .slice(1, -1)
    .replace(/\\(.)/g, (_match, character: string) => ({ n: '\n', t: '\t', r: '\r' })[character] ?? character);
}

type Comparable =
  | { kind: 'text'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'time'; range: { start: number; end: number } }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' };

/** A literal as a value of the field's type, refusing what SOQL refuses (a quoted date, a number for a checkbox...). */
function literalFor(field: FieldDefinition, literal: string, literalType: string, now: number): Comparable {
  if (literalType === 'NULL') return { kind: 'null' };
  const wrongType = () =>
    new SalesforceApiError(
      400,
      'INVALID_FIELD',
      `value of filter criterion for field '${field.name}' must be of type ${field.type} and should not be enclosed in quotes`
    );
  if (textualTypes.has(field.type)) {
    if (literalType !== 'STRING') throw wrongType();
    return { kind: 'text', value: unquote(literal) };
  }
  if (numberTypes.has(field.type)) {
    if (literalType !== 'INTEGER' && literalType !== 'DECIMAL') throw wrongType();
    return { kind: 'number', value: Number(literal) };
  }
  if (field.type === 'boolean') {
    if (literalType !== 'BOOLEAN') throw wrongType();
    return { kind: 'boolean', value: literal.toUpperCase() === 'TRUE' };
  }
  if (field.type === 'date' || field.type === 'datetime') {
    if (literalType === 'DATE_LITERAL' || literalType === 'DATE_N_LITERAL')
      return { kind: 'time', range: dateLiteralRange(literal, now) };
    if (literalType === 'DATE') {
      const start = Date.parse(`${literal}T00:00:00Z`);
      // A datetime field compared with a date: SOQL wants a datetime literal.
      if (field.type === 'datetime') throw wrongType();
      return { kind: 'time', range: { start, end: start + 86_400_000 } };
    }
    if (literalType === 'DATETIME') {
      if (field.type === 'date') throw wrongType();
      const time = Date.parse(literal.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
      return { kind: 'time', range: { start: time, end: time + 1 } };
    }
    throw wrongType();
  }
  throw wrongType();
}

function timeOf(field: FieldDefinition, value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  return Date.parse(field.type === 'date' ? `${value}T00:00:00Z` : value);
}

function compare(field: FieldDefinition, stored: unknown, operator: string, literal: Comparable): boolean {
  if (literal.kind === 'null') {
    const isNull = stored === null || stored === undefined;
    return operator === '=' ? isNull : operator === '!=' ? !isNull : false;
  }
  if (stored === null || stored === undefined) return operator === '!=';
  switch (literal.kind) {
    case 'text': {
      // Text comparisons in SOQL ignore case.
      const left = textOf(stored).toLowerCase();
      const right = literal.value.toLowerCase();
      if (operator === 'LIKE') {
        const pattern = right
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          .replace(/%/g, '.*')
          .replace(/_/g, '.');
        return new RegExp(`^${pattern}$`, 's').test(left);
      }
      if (field.type === 'multipicklist' && (operator === 'INCLUDES' || operator === 'EXCLUDES')) {
        const chosen = left.split(';');
        return operator === 'INCLUDES' ? chosen.includes(right) : !chosen.includes(right);
      }
      const order = left.localeCompare(right);
      return ordered(operator, order);
    }
    case 'number':
      return ordered(operator, Number(stored) - literal.value);
    case 'boolean':
      return ordered(operator, stored === literal.value ? 0 : 1) && (operator === '=' || operator === '!=');
    case 'time': {
      const time = timeOf(field, stored);
      if (time === undefined) return false;
      const { start, end } = literal.range;
      switch (operator) {
        case '=':
          return time >= start && time < end;
        case '!=':
          return time < start || time >= end;
        case '<':
          return time < start;
        case '<=':
          return time < end;
        case '>':
          return time >= end;
        case '>=':
          return time >= start;
        default:
          return false;
      }
    }
  }
}

function ordered(operator: string, order: number): boolean {
  switch (operator) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    default:
      throw new SalesforceApiError(400, 'MALFORMED_QUERY', `unexpected token: '${operator}'`);
  }
}

export function runQuery(
  soql: string,
  store: RecordStore,
  options: { includeDeleted: boolean; apiVersion: string; now: number }
): QueryOutcome {
  let parsed: ReturnType<typeof parseQuery>;
  try {
    parsed = parseQuery(soql);
  } catch (error) {
    throw new SalesforceApiError(400, 'MALFORMED_QUERY', error instanceof Error ? error.message : String(error));
  }
  const object = store.findObject(parsed.sObject ?? '');
  if (!object) {
    throw new SalesforceApiError(
      400,
      'INVALID_TYPE',
      `sObject type '${parsed.sObject ?? ''}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`
    );
  }

  let counting = false;
  const paths: FieldPath[] = [];
  for (const selected of parsed.fields ?? []) {
    if (selected.type === 'Field') paths.push(resolvePath(selected.field, object, store));
    else if (selected.type === 'FieldRelationship') paths.push(resolvePath(selected.rawValue ?? '', object, store));
    else if (
      selected.type === 'FieldFunctionExpression' &&
      selected.functionName.toUpperCase() === 'COUNT' &&
      selected.parameters.length === 0
    )
      counting = true;
    else
      throw new SalesforceApiError(
        400,
        'MALFORMED_QUERY',
        `The stand-in does not support this select item: ${JSON.stringify(selected)}`
      );
  }

  const expression = parsed.where ? buildExpression(parsed.where) : undefined;
  const prepared = new Map<Condition, { path: FieldPath; literals: Comparable[]; operator: string }>();
  for (const condition of expression ? conditionsOf(expression) : []) {
    if (!condition.field)
      throw new SalesforceApiError(400, 'MALFORMED_QUERY', 'The stand-in supports conditions on fields only');
    const path = resolvePath(condition.field, object, store);
    const values = Array.isArray(condition.value) ? condition.value : [condition.value ?? ''];
    const types = Array.isArray(condition.literalType)
      ? condition.literalType
      : values.map(() => String(condition.literalType ?? 'STRING'));
    const literals = values.map((value, index) => literalFor(path.field, value, types[index] ?? 'STRING', options.now));
    prepared.set(condition, { path, literals, operator: condition.operator.toUpperCase() });
  }

  const valueAt = (record: StoredRecord, path: FieldPath): unknown =>
    follow(record, path, store)?.values[path.field.name];

  let records = store.all(object.name).filter((record) => options.includeDeleted || !record.deleted);
  if (expression) {
    records = records.filter((record) =>
      evaluate(expression, (condition) => {
        const preparedCondition = prepared.get(condition);
        if (!preparedCondition) return false;
        const { path, literals, operator } = preparedCondition;
        const stored = valueAt(record, path);
        const [first] = literals;
        if (operator === 'IN') return literals.some((literal) => compare(path.field, stored, '=', literal));
        if (operator === 'NOT IN') return literals.every((literal) => !compare(path.field, stored, '=', literal));
        return first !== undefined && compare(path.field, stored, operator, first);
      })
    );
  }

  for (const order of [
    ...(parsed.orderBy ? (Array.isArray(parsed.orderBy) ? parsed.orderBy : [parsed.orderBy]) : [])
  ].reverse()) {
    if (!('field' in order) || !order.field) continue;
    const path = resolvePath(order.field, object, store);
    const descending = order.order === 'DESC';
    const nullsFirst = order.nulls ? order.nulls === 'FIRST' : !descending;
    records = [...records].sort((left, right) => {
      const a = valueAt(left, path);
      const b = valueAt(right, path);
      const aNull = a === null || a === undefined;
      const bNull = b === null || b === undefined;
      if (aNull || bNull) return aNull === bNull ? 0 : aNull === nullsFirst ? -1 : 1;
      const order =
        typeof a === 'number' && typeof b === 'number'
          ? a - b
          : textOf(a).toLowerCase().localeCompare(textOf(b).toLowerCase());
      return descending ? -order : order;
    });
  }

  const offset = parsed.offset ?? 0;
  records = records.slice(offset, parsed.limit === undefined ? undefined : offset + parsed.limit);
  if (counting) return { totalSize: records.length, records: [] };

  const rows = records.map((record) => {
    const row: Record<string, unknown> = {
      attributes: {
        type: object.name,
        url: `/services/data/v${options.apiVersion}/sobjects/${object.name}/${record.id}`
      }
    };
    for (const path of paths) {
      let target = row;
      let source: StoredRecord | undefined = record;
      for (const { reference, target: targetObject } of path.relationships) {
        const id: unknown = source.values[reference.name];
        source = typeof id === 'string' ? store.find(targetObject.name, id) : undefined;
        const key = reference.relationshipName ?? reference.name;
        if (!source || source.deleted) {
          target[key] = null;
          source = undefined;
          break;
        }
        const nested = (target[key] as Record<string, unknown> | undefined) ?? {
          attributes: {
            type: targetObject.name,
            url: `/services/data/v${options.apiVersion}/sobjects/${targetObject.name}/${source.id}`
          }
        };
        target[key] = nested;
        target = nested;
      }
      if (source) target[path.field.name] = formatFieldValue(path.field, source.values[path.field.name]);
    }
    return row;
  });
  return { totalSize: rows.length, records: rows };
}
