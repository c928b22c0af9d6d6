// Text-like columns. Shapes: https://developer.monday.com/api-reference/reference/text and .../long-text
import { ColumnValueError } from '../errors';
import { type ColumnTypeRules, type StoredValue, isRecord, stringField } from './types';

// monday's changelog: "Long text column: The API will have a hard limit of 2,000 characters."
const longTextLimit = 2000;

export const textRules: ColumnTypeRules = {
  write(input, { column }) {
    if (typeof input === 'string') return input;
    if (typeof input === 'number') return String(input);
    throw new ColumnValueError('invalid value, please send a string', column.type, column.id);
  },
  text: (value) => (typeof value === 'string' ? value : ''),
  webhookValue: (value) => ({ value: typeof value === 'string' ? value : '' })
};

export const longTextRules: ColumnTypeRules = {
  write(input, { column, now }) {
    const text =
      typeof input === 'string' ? input : isRecord(input) && typeof input.text === 'string' ? input.text : undefined;
    if (text === undefined) {
      throw new ColumnValueError('invalid value, please send {"text": "..."}', column.type, column.id);
    }
    if (text.length > longTextLimit) {
      throw new ColumnValueError(
        `invalid value, long text is limited to ${longTextLimit} characters`,
        column.type,
        column.id
      );
    }
    return { text, changed_at: now };
  },
  text: (value: StoredValue) => stringField(value, 'text') ?? '',
  webhookValue: (value: StoredValue) => ({ text: stringField(value, 'text') ?? '' })
};
