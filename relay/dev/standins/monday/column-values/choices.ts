// Checkbox, rating and people columns. https://developer.monday.com/api-reference/reference/checkbox, .../rating,
// .../people
import { ColumnValueError } from '../errors';
import { type ColumnTypeRules, type StoredValue, isRecord } from './types';

export const checkboxRules: ColumnTypeRules = {
  write(input, { column, now }) {
    const checked = isRecord(input) ? input.checked : undefined;
    if (checked !== true && checked !== 'true') {
      throw new ColumnValueError(
        'invalid value, please send {"checked": "true"}, or null to uncheck',
        column.type,
        column.id
      );
    }
    return { checked: 'true', changed_at: now };
  },
  // monday renders a checked box as "v" and an unchecked one as "".
  text: (value: StoredValue) => (isRecord(value) && value.checked === 'true' ? 'v' : ''),
  webhookValue: (value: StoredValue) => ({ checked: isRecord(value) && value.checked === 'true' })
};

/** `{"checked": false}` or `"false"` unchecks, like null. */
export function unchecks(input: unknown): boolean {
  return isRecord(input) && (input.checked === false || input.checked === 'false');
}

export const ratingRules: ColumnTypeRules = {
  write(input, { column, now }) {
    const max = typeof column.settings.max === 'number' ? column.settings.max : 5;
    const rating = isRecord(input) ? Number(input.rating) : typeof input === 'string' ? Number(input) : NaN;
    if (!Number.isInteger(rating) || rating < 1 || rating > max) {
      throw new ColumnValueError(`invalid value, please send {"rating": 1-${max}}`, column.type, column.id);
    }
    return { rating, changed_at: now };
  },
  text: (value: StoredValue) => (isRecord(value) && typeof value.rating === 'number' ? String(value.rating) : ''),
  webhookValue: (value: StoredValue) => (isRecord(value) ? { rating: value.rating } : null),
  defaultSettings: () => ({ max: 5 })
};

interface PersonOrTeam {
  id: number;
  kind: 'person' | 'team';
}

function peopleOf(value: StoredValue): PersonOrTeam[] {
  return isRecord(value) && Array.isArray(value.personsAndTeams) ? (value.personsAndTeams as PersonOrTeam[]) : [];
}

export const peopleRules: ColumnTypeRules = {
  write(input, { column, now, findUser }) {
    let entries: { id: unknown; kind: unknown }[];
    if (typeof input === 'string') entries = input.split(',').map((id) => ({ id: id.trim(), kind: 'person' }));
    else if (isRecord(input) && Array.isArray(input.personsAndTeams)) {
      entries = input.personsAndTeams.map((entry) =>
        isRecord(entry) ? { id: entry.id, kind: entry.kind } : { id: undefined, kind: undefined }
      );
    } else {
      throw new ColumnValueError(
        'invalid value, please send {"personsAndTeams": [{"id": n, "kind": "person"}]}',
        column.type,
        column.id
      );
    }
    // monday's changelog: "People column: The API will now validate whether or not the input ID is a valid person or
    // team." The stand-in has no teams.
    const people = entries.map(({ id, kind }) => {
      if (kind !== 'person' || (typeof id !== 'number' && typeof id !== 'string') || !findUser(String(id))) {
        throw new ColumnValueError(
          `invalid value, ${String(id)} is not a person or team of this account`,
          column.type,
          column.id
        );
      }
      return { id: Number(id), kind: 'person' as const };
    });
    return { personsAndTeams: people, changed_at: now };
  },
  text: (value, { findUser }) =>
    peopleOf(value)
      .map((entry) => findUser(String(entry.id))?.name ?? '')
      .filter((name) => name !== '')
      .join(', '),
  webhookValue: (value: StoredValue) => ({ personsAndTeams: peopleOf(value) })
};
