// Salesforce values → monday column values (F10; the table is in docs/field-types.md). One pure function per column
// type. Each takes a value typed as the REST API writes it and answers what change_multiple_column_values expects
// for the column, or null to clear it; a value that does not fit throws MappingError naming the field.
// Shapes: https://developer.monday.com/api-reference/reference/column-types-reference
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { MappingError } from '../core/errors';
import type { ColumnType } from './recipe';

export interface MappingContext {
  field: string;
  /** The field's describe type (string, picklist, date, datetime, currency...). */
  fieldType: string;
  defaultPhoneCountry: string;
}

export type ColumnValue = string | Record<string, unknown> | null;

const unfit = (context: MappingContext, what: string) =>
  new MappingError(`${context.field}: ${what}`, { field: context.field });

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

/** How a value reads as text in a text column. */
export function displayText(value: unknown, fieldType: string): string {
  if (typeof value === 'string') {
    if (fieldType === 'multipicklist') return value.split(';').join(', ');
    if (fieldType === 'datetime') return value.replace(/\.\d{3}\+0000$/, 'Z');
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && value !== null) return addressText(value as Record<string, unknown>);
  return '';
}

function addressText(address: Record<string, unknown>): string {
  const part = (key: string) => (typeof address[key] === 'string' ? address[key] : '');
  const cityLine = [part('city'), [part('state'), part('postalCode')].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  return [part('street'), cityLine, part('country')].filter(Boolean).join(', ');
}

function toText(value: unknown, context: MappingContext): ColumnValue {
  return isEmpty(value) ? null : displayText(value, context.fieldType);
}

function toLongText(value: unknown, context: MappingContext): ColumnValue {
  return isEmpty(value) ? null : { text: displayText(value, context.fieldType) };
}

function toNumbers(value: unknown, context: MappingContext): ColumnValue {
  if (isEmpty(value)) return null;
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number)) throw unfit(context, `"${displayText(value, context.fieldType)}" is not a number`);
  // monday takes numbers as strings.
  return String(number);
}

function toCheckbox(value: unknown, context: MappingContext): ColumnValue {
  if (value === true || value === 'true') return { checked: 'true' };
  if (isEmpty(value) || value === false || value === 'false') return null;
  throw unfit(context, `"${displayText(value, context.fieldType)}" is not true or false`);
}

function toStatus(value: unknown): ColumnValue {
  return isEmpty(value) ? null : { label: displayText(value, 'string') };
}

function toDropdown(value: unknown): ColumnValue {
  if (isEmpty(value)) return null;
  const labels = displayText(value, 'string')
    .split(';')
    .map((label) => label.trim())
    .filter(Boolean);
  return labels.length === 0 ? null : { labels };
}

function toDate(value: unknown, context: MappingContext): ColumnValue {
  if (isEmpty(value)) return null;
  const text = displayText(value, 'string');
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return { date: text };
  const time = Date.parse(text.replace(/\+0000$/, 'Z'));
  if (Number.isNaN(time)) throw unfit(context, `"${text}" is not a date`);
  // Datetimes are written in UTC, as Salesforce stores them.
  const iso = new Date(time).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 19) };
}

function toEmail(value: unknown, context: MappingContext): ColumnValue {
  if (isEmpty(value)) return null;
  const email = displayText(value, 'string').trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw unfit(context, `"${email}" is not an email address`);
  return { email, text: email };
}

/**
 * A phone number: monday's phone column wants the number and its country's ISO code. A number written with its
 * calling code (+44 20 7946 0958) keeps its own country, found from that code (libphonenumber's metadata); the
 * recipe's default country only places a national number (020 7946 0958). https://developer.monday.com/api-reference/reference/phone
 */
function toPhone(value: unknown, context: MappingContext): ColumnValue {
  if (isEmpty(value)) return null;
  const text = displayText(value, 'string');
  const digits = text.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '');
  if (!/^\+?\d{4,15}$/.test(digits)) throw unfit(context, `"${text}" is not a phone number`);
  if (!digits.startsWith('+')) return { phone: digits, countryShortName: context.defaultPhoneCountry };
  const country = parsePhoneNumberFromString(digits)?.country;
  if (!country) throw unfit(context, `"${text}" has a calling code that belongs to no country`);
  return { phone: digits, countryShortName: country };
}

function toLink(value: unknown, context: MappingContext): ColumnValue {
  if (isEmpty(value)) return null;
  const text = displayText(value, 'string').trim();
  // Salesforce URL fields often hold "www.acme.com"; monday wants an absolute URL.
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  try {
    new URL(url);
  } catch {
    throw unfit(context, `"${text}" is not a web address`);
  }
  return { url, text };
}

function toLocation(value: unknown, context: MappingContext): ColumnValue {
  if (isEmpty(value)) return null;
  if (typeof value !== 'object' || value === null) throw unfit(context, 'only an address field fits a location column');
  const address = value as Record<string, unknown>;
  if (typeof address.latitude !== 'number' || typeof address.longitude !== 'number') {
    throw unfit(
      context,
      'the address has no latitude and longitude; map it to a text column, or geocode it in Salesforce'
    );
  }
  return { lat: String(address.latitude), lng: String(address.longitude), address: addressText(address) };
}

export const toMondayColumn: Partial<Record<ColumnType, (value: unknown, context: MappingContext) => ColumnValue>> = {
  name: toText,
  text: toText,
  long_text: toLongText,
  numbers: toNumbers,
  checkbox: toCheckbox,
  status: toStatus,
  dropdown: toDropdown,
  date: toDate,
  email: toEmail,
  phone: toPhone,
  link: toLink,
  location: toLocation
};

/** The value for a column, through its column type's mapper. */
export function mondayColumnValue(columnType: ColumnType, value: unknown, context: MappingContext): ColumnValue {
  const mapper = toMondayColumn[columnType];
  if (!mapper) throw unfit(context, `a ${columnType} column cannot be filled from Salesforce`);
  return mapper(value, context);
}
