// Numbers column: written as a string holding a number, stored and returned as that string ("3.5"), cleared with
// null or "". https://developer.monday.com/api-reference/reference/numbers
import { ColumnValueError } from '../errors';
import type { ColumnTypeRules } from './types';

const numberPattern = /^-?\d+(\.\d+)?$/;

export const numbersRules: ColumnTypeRules = {
  write(input, { column }) {
    const text =
      typeof input === 'number' && Number.isFinite(input)
        ? String(input)
        : typeof input === 'string'
          ? input.trim()
          : undefined;
    if (text === undefined || !numberPattern.test(text)) {
      throw new ColumnValueError('invalid value, please send a number', column.type, column.id);
    }
    return text;
  },
  text: (value) => (typeof value === 'string' ? value : ''),
  webhookValue: (value) => ({ value: typeof value === 'string' ? Number(value) : null, unit: null })
};
