// SOQL date literals as ranges of time [start, end), in UTC (the stand-in's users are all on UTC).
// https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_dateformats.htm
import { SalesforceApiError } from '../errors';

const day = 24 * 60 * 60 * 1000;

export interface TimeRange {
  start: number;
  end: number;
}

function startOfDay(time: number): number {
  return Math.floor(time / day) * day;
}

function startOfWeek(time: number): number {
  // Weeks start on Sunday (the en_US locale).
  const today = startOfDay(time);
  return today - new Date(today).getUTCDay() * day;
}

function monthStart(time: number, offset: number): number {
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1);
}

function yearStart(time: number, offset: number): number {
  return Date.UTC(new Date(time).getUTCFullYear() + offset, 0, 1);
}

/** The range a date literal stands for at `now`. Throws MALFORMED_QUERY for a literal it does not know. */
export function dateLiteralRange(literal: string, now: number): TimeRange {
  const today = startOfDay(now);
  const [name, argument] = literal.toUpperCase().split(':');
  const n = argument === undefined ? NaN : Number(argument);
  switch (name) {
    case 'TODAY':
      return { start: today, end: today + day };
    case 'YESTERDAY':
      return { start: today - day, end: today };
    case 'TOMORROW':
      return { start: today + day, end: today + 2 * day };
    case 'THIS_WEEK':
      return { start: startOfWeek(now), end: startOfWeek(now) + 7 * day };
    case 'LAST_WEEK':
      return { start: startOfWeek(now) - 7 * day, end: startOfWeek(now) };
    case 'NEXT_WEEK':
      return { start: startOfWeek(now) + 7 * day, end: startOfWeek(now) + 14 * day };
    case 'THIS_MONTH':
      return { start: monthStart(now, 0), end: monthStart(now, 1) };
    case 'LAST_MONTH':
      return { start: monthStart(now, -1), end: monthStart(now, 0) };
    case 'NEXT_MONTH':
      return { start: monthStart(now, 1), end: monthStart(now, 2) };
    case 'THIS_YEAR':
      return { start: yearStart(now, 0), end: yearStart(now, 1) };
    case 'LAST_YEAR':
      return { start: yearStart(now, -1), end: yearStart(now, 0) };
    case 'NEXT_YEAR':
      return { start: yearStart(now, 1), end: yearStart(now, 2) };
    case 'LAST_90_DAYS':
      return { start: today - 90 * day, end: today + day };
    case 'NEXT_90_DAYS':
      return { start: today + day, end: today + 91 * day };
  }
  if (Number.isInteger(n) && n >= 0) {
    // "LAST_N_DAYS:n starts with the current day and continues for the past n days."
    if (name === 'LAST_N_DAYS') return { start: today - n * day, end: today + day };
    if (name === 'NEXT_N_DAYS') return { start: today + day, end: today + (n + 1) * day };
    if (name === 'N_DAYS_AGO') return { start: today - n * day, end: today - (n - 1) * day };
  }
  throw new SalesforceApiError(400, 'MALFORMED_QUERY', `unexpected token: ${literal}`);
}
