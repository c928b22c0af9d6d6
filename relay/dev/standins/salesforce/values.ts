// What the REST API accepts for each field type, and how it writes values back. A value JSON cannot turn into the
// field's type fails as the API's deserializer does (JSON_PARSER_ERROR); a value of the right JSON type that the
// field refuses fails with the field's own error code.
import type { FieldDefinition } from './describe/fields';
import { SalesforceApiError } from './errors';
import { normalizeId } from './ids';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

export interface ReferenceLookup {
  /** The key prefix of an object, when the org has it. */
  keyPrefixOf(objectName: string): string | undefined;
  /** Whether a record with this 18-character id exists (deleted ones do not). */
  exists(id: string): boolean;
}

function parserError(definition: FieldDefinition, value: unknown, javaType: string): SalesforceApiError {
  return new SalesforceApiError(
    400,
    'JSON_PARSER_ERROR',
    `Cannot deserialize instance of ${javaType} from ${Array.isArray(value) ? 'START_ARRAY' : typeof value === 'object' ? 'START_OBJECT' : 'VALUE_STRING'} value ${JSON.stringify(value)} or request may be missing a required field (${definition.name})`
  );
}

const fieldError = (definition: FieldDefinition, code: string, detail: string): SalesforceApiError =>
  new SalesforceApiError(400, code, `${definition.label}: ${detail}`, [definition.name]);

/** A stored value as text, for comparisons and messages. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === null || value === undefined ? '' : JSON.stringify(value);
}

export function isRealDate(text: string): boolean {
  if (!datePattern.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** A datetime as stored (ISO, UTC, milliseconds), or undefined when `text` is not an ISO 8601 datetime. */
export function parseDateTime(text: string): string | undefined {
  if (!dateTimePattern.test(text)) return undefined;
  const normalized = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const time = Date.parse(normalized);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** How the API writes a stored datetime: `2026-05-20T20:49:32.000+0000`. */
export function formatDateTime(iso: string): string {
  return iso.replace(/Z$/, '+0000');
}

function numeric(definition: FieldDefinition, value: unknown): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) throw parserError(definition, value, 'double');
  return number;
}

function checkedNumber(definition: FieldDefinition, value: unknown): number {
  if (definition.type === 'int') {
    const number = numeric(definition, value);
    if (!Number.isInteger(number))
      throw fieldError(definition, 'INVALID_TYPE_ON_FIELD_IN_RECORD', `value not of required type: ${String(value)}`);
    if (Math.abs(number) > 999_999_999) {
      throw fieldError(
        definition,
        'NUMBER_OUTSIDE_VALID_RANGE',
        `value outside of valid range on numeric field: ${number}`
      );
    }
    return number;
  }
  const number = numeric(definition, value);
  const rounded = Number(number.toFixed(definition.scale));
  const integerDigits = Math.trunc(Math.abs(rounded)).toString().length;
  if (definition.precision > 0 && integerDigits > definition.precision - definition.scale) {
    throw fieldError(
      definition,
      'NUMBER_OUTSIDE_VALID_RANGE',
      `value outside of valid range on numeric field: ${number}`
    );
  }
  return rounded;
}

function checkedText(definition: FieldDefinition, value: unknown): string {
  if (typeof value === 'object' || value === undefined) throw parserError(definition, value, 'java.lang.String');
  const text = textOf(value);
  if (definition.length > 0 && text.length > definition.length) {
    throw new SalesforceApiError(
      400,
      'STRING_TOO_LONG',
      `${definition.label}: data value too large: ${text.slice(0, 50)}${text.length > 50 ? '...' : ''} (max length=${definition.length})`,
      [definition.name]
    );
  }
  return text;
}

function checkedPicklistValue(definition: FieldDefinition, value: string): void {
  if (definition.restrictedPicklist && !definition.picklistValues.includes(value)) {
    throw fieldError(
      definition,
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      `bad value for restricted picklist field: ${value}`
    );
  }
}

function checkedReference(definition: FieldDefinition, value: unknown, references: ReferenceLookup): string {
  const text = checkedText({ ...definition, length: 0 }, value);
  const id = normalizeId(text);
  if (!id) throw fieldError(definition, 'MALFORMED_ID', `id value of incorrect type: ${text}`);
  const prefixes = definition.referenceTo.map((name) => references.keyPrefixOf(name));
  const known = prefixes.filter((prefix): prefix is string => prefix !== undefined);
  if (known.length === 0) return id;
  if (!known.includes(id.slice(0, 3))) {
    throw fieldError(definition, 'FIELD_INTEGRITY_EXCEPTION', `id value of incorrect type: ${text}`);
  }
  if (!references.exists(id)) {
    throw new SalesforceApiError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [definition.name]);
  }
  return id;
}

/**
 * The value to store for a write of `value` to the field, or null to clear it. Throws SalesforceApiError with the
 * API's error code when the value is refused.
 */
export function coerceFieldValue(definition: FieldDefinition, value: unknown, references: ReferenceLookup): unknown {
  if (value === null) return definition.type === 'boolean' ? false : null;
  switch (definition.type) {
    case 'boolean':
      if (value === true || value === 'true') return true;
      if (value === false || value === 'false') return false;
      throw parserError(definition, value, 'boolean');
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      return checkedNumber(definition, value);
    case 'date': {
      const text = checkedText({ ...definition, length: 0 }, value);
      if (!isRealDate(text))
        throw fieldError(definition, 'INVALID_TYPE_ON_FIELD_IN_RECORD', `value not of required type: ${text}`);
      return text;
    }
    case 'datetime': {
      const text = checkedText({ ...definition, length: 0 }, value);
      const parsed = parseDateTime(text);
      if (!parsed)
        throw fieldError(definition, 'INVALID_TYPE_ON_FIELD_IN_RECORD', `value not of required type: ${text}`);
      return parsed;
    }
    case 'email': {
      const text = checkedText(definition, value);
      if (text !== '' && !emailPattern.test(text))
        throw fieldError(definition, 'INVALID_EMAIL_ADDRESS', `invalid email address: ${text}`);
      return text === '' ? null : text;
    }
    case 'picklist': {
      const text = checkedText(definition, value);
      if (text === '') return null;
      checkedPicklistValue(definition, text);
      return text;
    }
    case 'multipicklist': {
      const text = checkedText(definition, value);
      const chosen = [
        ...new Set(
          text
            .split(';')
            .map((part) => part.trim())
            .filter((part) => part !== '')
        )
      ];
      for (const part of chosen) checkedPicklistValue(definition, part);
      return chosen.length === 0 ? null : chosen.join(';');
    }
    case 'reference':
    case 'id':
      return checkedReference(definition, value, references);
    case 'address':
      throw parserError(definition, value, 'address');
    default: {
      const text = checkedText(definition, value);
      return text === '' ? null : text;
    }
  }
}

/** A stored value as the API writes it in JSON. */
export function formatFieldValue(definition: FieldDefinition, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (definition.type === 'datetime' && typeof value === 'string') return formatDateTime(value);
  return value;
}
