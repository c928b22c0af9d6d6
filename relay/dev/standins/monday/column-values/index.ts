import type { ColumnType } from '../state';
import { checkboxRules, peopleRules, ratingRules, unchecks } from './choices';
import { emailRules, linkRules, phoneRules } from './contact';
import { dateRules, hourRules, timelineRules } from './dates';
import { dropdownRules, statusRules } from './labels';
import { numbersRules } from './numbers';
import { countryRules, locationRules } from './places';
import { longTextRules, textRules } from './text';
import { type ColumnTypeRules, type ColumnValueContext, type StoredValue, isRecord } from './types';

export const columnTypeRules: Record<ColumnType, ColumnTypeRules> = {
  checkbox: checkboxRules,
  country: countryRules,
  date: dateRules,
  dropdown: dropdownRules,
  email: emailRules,
  hour: hourRules,
  link: linkRules,
  location: locationRules,
  long_text: longTextRules,
  numbers: numbersRules,
  people: peopleRules,
  phone: phoneRules,
  rating: ratingRules,
  status: statusRules,
  text: textRules,
  timeline: timelineRules
};

/** null, "" and {} clear any column (monday: "send an empty string or null"); an unchecked box clears a checkbox. */
function clears(input: unknown): boolean {
  return input === null || input === '' || (isRecord(input) && Object.keys(input).length === 0) || unchecks(input);
}

/** The value to store for a write, or null when the write clears the column. */
export function parseColumnWrite(input: unknown, context: ColumnValueContext): StoredValue | null {
  return clears(input) ? null : columnTypeRules[context.column.type].write(input, context);
}

export type { ColumnReadContext, ColumnValueContext, StoredValue } from './types';
