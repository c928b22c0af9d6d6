// Date, hour and timeline columns. Dates are YYYY-MM-DD, times HH:MM:SS, both in UTC.
// https://developer.monday.com/api-reference/reference/date, .../hour, .../timeline
import { ColumnValueError } from '../errors';
import type { MondayColumn } from '../state';
import { type ColumnTypeRules, isRecord, stringField } from './types';

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const timePattern = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

function isRealDate(text: string): boolean {
  const match = datePattern.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

function checkedDate(text: unknown, column: MondayColumn): string {
  if (typeof text !== 'string' || !isRealDate(text)) {
    throw new ColumnValueError('invalid value, please send a date in the format YYYY-MM-DD', column.type, column.id);
  }
  return text;
}

function checkedTime(text: unknown, column: MondayColumn): string {
  const match = typeof text === 'string' ? timePattern.exec(text) : null;
  if (!match)
    throw new ColumnValueError('invalid value, please send a time in the format HH:MM:SS', column.type, column.id);
  return `${match[1] ?? '00'}:${match[2] ?? '00'}:${match[3] ?? '00'}`;
}

export const dateRules: ColumnTypeRules = {
  write(input, { column, now }) {
    let date: unknown;
    let time: unknown;
    if (typeof input === 'string') [date, time] = input.trim().split(/\s+/);
    else if (isRecord(input)) ({ date, time } = input);
    const value: Record<string, unknown> = { date: checkedDate(date, column), changed_at: now };
    if (time !== undefined && time !== null && time !== '') value.time = checkedTime(time, column);
    return value;
  },
  text(value) {
    const date = stringField(value, 'date') ?? '';
    const time = stringField(value, 'time');
    return time ? `${date} ${time}` : date;
  },
  webhookValue: (value) => ({
    date: stringField(value, 'date') ?? null,
    icon: null,
    time: stringField(value, 'time') ?? null
  })
};

function hourPart(value: unknown, max: number): number | undefined {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= 0 && number <= max ? number : undefined;
}

export const hourRules: ColumnTypeRules = {
  write(input, { column, now }) {
    const [hourInput, minuteInput] =
      typeof input === 'string' ? input.split(':') : isRecord(input) ? [input.hour, input.minute] : [];
    const hour = hourPart(hourInput, 23);
    const minute = hourPart(minuteInput ?? 0, 59);
    if (hour === undefined || minute === undefined) {
      throw new ColumnValueError('invalid value, please send {"hour": 0-23, "minute": 0-59}', column.type, column.id);
    }
    return { hour, minute, changed_at: now };
  },
  text(value) {
    if (!isRecord(value)) return '';
    return `${String(value.hour).padStart(2, '0')}:${String(value.minute).padStart(2, '0')}`;
  },
  webhookValue: (value) => (isRecord(value) ? { hour: value.hour, minute: value.minute } : null)
};

export const timelineRules: ColumnTypeRules = {
  write(input, { column, now }) {
    if (!isRecord(input)) {
      throw new ColumnValueError(
        'invalid value, please send {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}',
        column.type,
        column.id
      );
    }
    const from = checkedDate(input.from, column);
    const to = checkedDate(input.to, column);
    if (from > to) throw new ColumnValueError('invalid value, "from" must not be after "to"', column.type, column.id);
    return { from, to, changed_at: now };
  },
  text: (value) => `${stringField(value, 'from') ?? ''} - ${stringField(value, 'to') ?? ''}`,
  webhookValue: (value) => ({ from: stringField(value, 'from'), to: stringField(value, 'to') })
};
