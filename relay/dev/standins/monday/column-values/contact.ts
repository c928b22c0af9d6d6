// Email, phone and link columns: each takes an object, or a simple string "<address> <text>".
// https://developer.monday.com/api-reference/reference/email, .../phone, .../link
import { ColumnValueError } from '../errors';
import { type ColumnTypeRules, type StoredValue, isRecord, stringField } from './types';
import { isCountryCode } from './places';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const phonePattern = /^\+?\d{4,15}$/;

/** Splits "first rest of the text" as monday does for simple string values. */
function splitFirstWord(input: string): [string, string] {
  const trimmed = input.trim();
  const space = trimmed.search(/\s/);
  return space === -1 ? [trimmed, ''] : [trimmed.slice(0, space), trimmed.slice(space + 1).trim()];
}

function pair(input: unknown, first: string, second: string): [unknown, unknown] {
  if (typeof input === 'string') return splitFirstWord(input);
  return isRecord(input) ? [input[first], input[second]] : [undefined, undefined];
}

export const emailRules: ColumnTypeRules = {
  write(input, { column, now }) {
    const [email, text] = pair(input, 'email', 'text');
    if (typeof email !== 'string' || !emailPattern.test(email)) {
      throw new ColumnValueError('invalid value, please send a valid email address', column.type, column.id);
    }
    return { email, text: typeof text === 'string' && text !== '' ? text : email, changed_at: now };
  },
  text: (value: StoredValue) => stringField(value, 'email') ?? '',
  webhookValue: (value: StoredValue) => ({ email: stringField(value, 'email'), text: stringField(value, 'text') })
};

export const phoneRules: ColumnTypeRules = {
  write(input, { column, now }) {
    const [phone, country] = pair(input, 'phone', 'countryShortName');
    const digits = typeof phone === 'string' ? phone.replace(/[\s()-]/g, '') : '';
    if (!phonePattern.test(digits)) {
      throw new ColumnValueError('invalid value, please send a valid phone number', column.type, column.id);
    }
    // monday validates the country code and the number against it (changelog, phone column validation).
    if (typeof country !== 'string' || !isCountryCode(country)) {
      throw new ColumnValueError('invalid value, please send a valid 2-letter country code', column.type, column.id);
    }
    return { phone: digits, countryShortName: country, changed_at: now };
  },
  text: (value: StoredValue) => stringField(value, 'phone') ?? '',
  webhookValue: (value: StoredValue) => ({
    phone: stringField(value, 'phone'),
    countryShortName: stringField(value, 'countryShortName')
  })
};

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export const linkRules: ColumnTypeRules = {
  write(input, { column, now }) {
    const [url, text] = pair(input, 'url', 'text');
    if (typeof url !== 'string' || !isWebUrl(url)) {
      throw new ColumnValueError('invalid value, please send a valid URL', column.type, column.id);
    }
    return { url, text: typeof text === 'string' && text !== '' ? text : url, changed_at: now };
  },
  text(value: StoredValue) {
    const url = stringField(value, 'url') ?? '';
    const text = stringField(value, 'text');
    return text && text !== url ? `${text} - ${url}` : url;
  },
  webhookValue: (value: StoredValue) => ({ url: stringField(value, 'url'), text: stringField(value, 'text') })
};
