// monday column values → Salesforce field values (SPEC F10, the monday → Salesforce list, percent included). One pure
// function per column type reads the column as the API returns it (`value` JSON, `text`); the field's describe then
// decides what Salesforce accepts: length, restricted picklist values, precision and scale, integer, date or datetime.
// A value that does not fit throws MappingError naming the field and the fix, before anything is sent.
import { MappingError } from '../core/errors';
import type { DescribedField } from '../salesforce/describe-cache';
import type { ColumnType } from './recipe';

/** A column as monday's API returns it in column_values: `value` is a JSON string (null when empty). */
export interface ColumnReading {
  type: string;
  text: string | null;
  value: string | null;
  /** A dropdown's chosen labels (DropdownValue.values). */
  values?: { label: string }[];
}

type Parsed = Record<string, unknown>;

function parsed(reading: ColumnReading): Parsed | string | number | null {
  if (reading.value === null) return null;
  try {
    return JSON.parse(reading.value) as Parsed | string | number;
  } catch {
    return reading.value;
  }
}

const field = (reading: Parsed | string | number | null, key: string): unknown =>
  typeof reading === 'object' && reading !== null ? reading[key] : undefined;

/** What each column type holds, as plain data: text, number, boolean, date, datetime or list of labels. */
type Raw =
  | { kind: 'text'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'date'; value: string; time?: string }
  | { kind: 'labels'; value: string[] }
  | { kind: 'empty' };

export const fromColumn: Partial<Record<ColumnType, (reading: ColumnReading) => Raw>> = {
  name: (reading) => ({ kind: 'text', value: reading.text ?? '' }),
  text: (reading) => (reading.text ? { kind: 'text', value: reading.text } : { kind: 'empty' }),
  long_text: (reading) => {
    const text = field(parsed(reading), 'text');
    return typeof text === 'string' && text !== '' ? { kind: 'text', value: text } : { kind: 'empty' };
  },
  numbers: (reading) => {
    const value = parsed(reading);
    const number = typeof value === 'number' ? value : Number(value);
    return value === null || value === '' || Number.isNaN(number)
      ? { kind: 'empty' }
      : { kind: 'number', value: number };
  },
  rating: (reading) => {
    const rating = field(parsed(reading), 'rating');
    return typeof rating === 'number' ? { kind: 'number', value: rating } : { kind: 'empty' };
  },
  checkbox: (reading) => ({
    kind: 'boolean',
    value: field(parsed(reading), 'checked') === 'true' || field(parsed(reading), 'checked') === true
  }),
  status: (reading) => (reading.text ? { kind: 'labels', value: [reading.text] } : { kind: 'empty' }),
  // The chosen labels as monday lists them: a label may hold ", " itself, so `text` is never split.
  dropdown: (reading) => {
    const labels = (reading.values ?? []).map((option) => option.label);
    return labels.length > 0 ? { kind: 'labels', value: labels } : { kind: 'empty' };
  },
  date: (reading) => {
    const date = field(parsed(reading), 'date');
    const time = field(parsed(reading), 'time');
    if (typeof date !== 'string' || date === '') return { kind: 'empty' };
    return typeof time === 'string' && time !== ''
      ? { kind: 'date', value: date, time }
      : { kind: 'date', value: date };
  },
  timeline: (reading) => {
    const from = field(parsed(reading), 'from');
    return typeof from === 'string' ? { kind: 'date', value: from } : { kind: 'empty' };
  },
  email: (reading) => {
    const email = field(parsed(reading), 'email');
    return typeof email === 'string' && email !== '' ? { kind: 'text', value: email } : { kind: 'empty' };
  },
  phone: (reading) => {
    const phone = field(parsed(reading), 'phone');
    return typeof phone === 'string' && phone !== '' ? { kind: 'text', value: phone } : { kind: 'empty' };
  },
  link: (reading) => {
    const url = field(parsed(reading), 'url');
    return typeof url === 'string' && url !== '' ? { kind: 'text', value: url } : { kind: 'empty' };
  },
  country: (reading) => (reading.text ? { kind: 'text', value: reading.text } : { kind: 'empty' }),
  location: (reading) => (reading.text ? { kind: 'text', value: reading.text } : { kind: 'empty' })
};

function unfit(target: DescribedField, what: string): MappingError {
  return new MappingError(`${target.label} (${target.name}): ${what}`, { field: target.name });
}

function asText(raw: Raw): string {
  switch (raw.kind) {
    case 'text':
      return raw.value;
    case 'number':
      return String(raw.value);
    case 'boolean':
      return raw.value ? 'true' : 'false';
    case 'date':
      return raw.time ? `${raw.value} ${raw.time}` : raw.value;
    case 'labels':
      return raw.value.join(', ');
    case 'empty':
      return '';
  }
}

function checkedPicklistValue(target: DescribedField, value: string): string {
  const allowed = target.picklistValues.filter((entry) => entry.active).map((entry) => entry.value);
  if (target.restrictedPicklist && !allowed.includes(value)) {
    throw unfit(
      target,
      `"${value}" is not one of its values (${allowed.join(', ')}); add it in Salesforce or rename the label on the board`
    );
  }
  return value;
}

function checkedNumber(target: DescribedField, raw: Raw): number {
  const number = raw.kind === 'number' ? raw.value : Number(asText(raw));
  if (!Number.isFinite(number)) throw unfit(target, `"${asText(raw)}" is not a number`);
  if (target.type === 'int' || target.type === 'long') {
    if (!Number.isInteger(number)) throw unfit(target, `${number} is not a whole number`);
    return number;
  }
  const rounded = Number(number.toFixed(target.scale));
  const integerDigits = Math.trunc(Math.abs(rounded)).toString().length;
  if (target.precision > 0 && integerDigits > target.precision - target.scale) {
    throw unfit(target, `${number} has more than ${target.precision - target.scale} digits before the decimal point`);
  }
  return rounded;
}

function dateOf(target: DescribedField, raw: Raw): { date: string; time: string | undefined } {
  if (raw.kind !== 'date' || !/^\d{4}-\d{2}-\d{2}$/.test(raw.value))
    throw unfit(target, `"${asText(raw)}" is not a date`);
  return { date: raw.value, time: raw.time };
}

/** The value to write to a Salesforce field from a monday column, or null to clear the field. */
export function salesforceFieldValue(columnType: ColumnType, reading: ColumnReading, target: DescribedField): unknown {
  const read = fromColumn[columnType];
  if (!read) throw unfit(target, `a ${columnType} column cannot fill a Salesforce field`);
  const raw = read(reading);
  if (raw.kind === 'empty') {
    if (target.type === 'boolean') return false;
    return null;
  }
  switch (target.type) {
    case 'boolean':
      if (raw.kind !== 'boolean') throw unfit(target, 'only a checkbox column fits a checkbox field');
      return raw.value;
    case 'int':
    case 'long':
    case 'double':
    case 'currency':
    case 'percent':
      return checkedNumber(target, raw);
    case 'date':
      return dateOf(target, raw).date;
    case 'datetime': {
      const { date, time } = dateOf(target, raw);
      // monday dates are in UTC; Salesforce writes datetimes with their offset.
      return `${date}T${time ?? '00:00:00'}.000+0000`;
    }
    case 'picklist':
      return checkedPicklistValue(target, raw.kind === 'labels' ? (raw.value[0] ?? '') : asText(raw));
    case 'multipicklist': {
      const labels = raw.kind === 'labels' ? raw.value : asText(raw).split(/[;,]\s*/);
      return labels.map((label) => checkedPicklistValue(target, label)).join(';');
    }
    default: {
      const text = asText(raw);
      if (target.length > 0 && text.length > target.length) {
        throw unfit(
          target,
          `${text.length} characters do not fit its ${target.length}; shorten the value on the board`
        );
      }
      return text;
    }
  }
}
