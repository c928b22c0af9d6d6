// Whether a record meets a recipe's conditions (SPEC F7, B3): groups joined by OR, conditions within a group by AND,
// each compared by the field's type. No condition at all matches every record.
import type { Condition } from './recipe';

/** Describe types (as the REST describe names them) the comparisons need to know. */
export type FieldType = string;

const numberTypes = new Set(['int', 'long', 'double', 'currency', 'percent']);

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === null || value === undefined ? '' : JSON.stringify(value);
}

/** A value on a scale: numbers as numbers, dates and datetimes as instants, the rest as lower-case text. */
function comparable(value: unknown, fieldType: FieldType): number | string | undefined {
  if (isEmpty(value)) return undefined;
  if (numberTypes.has(fieldType)) {
    const number = typeof value === 'number' ? value : Number(value);
    return Number.isNaN(number) ? undefined : number;
  }
  if (fieldType === 'date' || fieldType === 'datetime') {
    const text = asText(value);
    const time = Date.parse(
      fieldType === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text.replace(/\+0000$/, 'Z')
    );
    return Number.isNaN(time) ? undefined : time;
  }
  if (fieldType === 'boolean') return asText(value).toLowerCase();
  return asText(value).toLowerCase();
}

function equal(value: unknown, expected: unknown, fieldType: FieldType): boolean {
  if (fieldType === 'multipicklist') {
    // Equal when the same values are chosen, in any order.
    const chosen = new Set(asText(value).toLowerCase().split(';').filter(Boolean));
    const wanted = new Set(asText(expected).toLowerCase().split(';').filter(Boolean));
    return chosen.size === wanted.size && [...wanted].every((item) => chosen.has(item));
  }
  const left = comparable(value, fieldType);
  const right = comparable(expected, fieldType);
  return left !== undefined && right !== undefined && left === right;
}

export function meetsCondition(
  condition: Condition,
  values: Record<string, unknown>,
  fieldTypes: Record<string, FieldType>
): boolean {
  const value = values[condition.field];
  const fieldType = fieldTypes[condition.field] ?? 'string';
  const expected = condition.value;
  switch (condition.operator) {
    case 'is_empty':
      return isEmpty(value);
    case 'is_not_empty':
      return !isEmpty(value);
    case 'equals':
      return equal(value, expected, fieldType);
    case 'not_equals':
      return !equal(value, expected, fieldType);
    case 'in':
      return (Array.isArray(expected) ? expected : [expected]).some((candidate) => equal(value, candidate, fieldType));
    case 'contains':
      if (fieldType === 'multipicklist') {
        return asText(value).toLowerCase().split(';').includes(asText(expected).toLowerCase());
      }
      return !isEmpty(value) && asText(value).toLowerCase().includes(asText(expected).toLowerCase());
    case 'starts_with':
      return !isEmpty(value) && asText(value).toLowerCase().startsWith(asText(expected).toLowerCase());
    case 'greater_than':
    case 'less_than': {
      const left = comparable(value, fieldType);
      const right = comparable(expected, fieldType);
      if (left === undefined || right === undefined) return false;
      return condition.operator === 'greater_than' ? left > right : left < right;
    }
  }
}

/** Whether the values meet the conditions: any group whose conditions all hold. */
export function meetsConditions(
  groups: Condition[][],
  values: Record<string, unknown>,
  fieldTypes: Record<string, FieldType>
): boolean {
  if (groups.length === 0) return true;
  return groups.some((group) => group.every((condition) => meetsCondition(condition, values, fieldTypes)));
}
