// Status and dropdown columns: values refer to labels defined in the column's settings. An unknown label is refused
// unless the mutation passes create_labels_if_missing: true, which adds it to the column.
// https://developer.monday.com/api-reference/reference/status and .../dropdown
import { ColumnValueError } from '../errors';
import type { MondayColumn } from '../state';
import { type ColumnTypeRules, type ColumnValueContext, type StoredValue, isRecord } from './types';

interface DropdownLabel {
  id: number;
  name: string;
}

function statusLabels(column: MondayColumn): Record<string, string> {
  const labels = column.settings.labels;
  return isRecord(labels) ? (labels as Record<string, string>) : {};
}

function dropdownLabels(column: MondayColumn): DropdownLabel[] {
  const labels = column.settings.labels;
  return Array.isArray(labels) ? (labels as DropdownLabel[]) : [];
}

function describeStatusLabels(column: MondayColumn): string {
  return `{${Object.entries(statusLabels(column))
    .map(([index, label]) => `${index}: ${label}`)
    .join(', ')}}`;
}

function statusIndexOf(label: string, context: ColumnValueContext): number {
  const { column } = context;
  const labels = statusLabels(column);
  const found = Object.entries(labels).find(([, name]) => name === label);
  if (found) return Number(found[0]);
  if (!context.createLabelsIfMissing) {
    throw new ColumnValueError(
      `This status label doesn't exist, possible statuses are: ${describeStatusLabels(column)}`,
      column.type,
      column.id
    );
  }
  const used = new Set(Object.keys(labels).map(Number));
  let index = 0;
  while (used.has(index)) index += 1;
  column.settings.labels = { ...labels, [String(index)]: label };
  return index;
}

function statusValueIndex(value: StoredValue): number | undefined {
  return isRecord(value) && typeof value.index === 'number' ? value.index : undefined;
}

export const statusRules: ColumnTypeRules = {
  write(input, context) {
    const { column, now } = context;
    let index: number;
    if (typeof input === 'string') index = statusIndexOf(input, context);
    else if (isRecord(input) && typeof input.label === 'string') index = statusIndexOf(input.label, context);
    else if (isRecord(input) && (typeof input.index === 'number' || typeof input.index === 'string')) {
      index = Number(input.index);
      if (!(String(index) in statusLabels(column))) {
        throw new ColumnValueError(
          `This status index doesn't exist, possible statuses are: ${describeStatusLabels(column)}`,
          column.type,
          column.id
        );
      }
    } else {
      throw new ColumnValueError('invalid value, please send {"label": "..."} or {"index": n}', column.type, column.id);
    }
    return { index, post_id: null, changed_at: now };
  },
  text(value, { column }) {
    const index = statusValueIndex(value);
    return index === undefined ? '' : (statusLabels(column)[String(index)] ?? '');
  },
  webhookValue(value, { column }) {
    const index = statusValueIndex(value);
    if (index === undefined) return null;
    const doneColors = Array.isArray(column.settings.done_colors) ? (column.settings.done_colors as number[]) : [];
    return {
      label: {
        index,
        text: statusLabels(column)[String(index)] ?? '',
        style: { color: '#c4c4c4', border: '#b0b0b0', var_name: 'grey' },
        is_done: doneColors.includes(index)
      },
      post_id: null
    };
  },
  defaultSettings: () => ({ labels: { '0': 'Working on it', '1': 'Done', '2': 'Stuck' }, done_colors: [1] })
};

function dropdownIdOf(name: string, context: ColumnValueContext): number {
  const { column } = context;
  const labels = dropdownLabels(column);
  // Labels are case-sensitive (monday's changelog: "Dropdown column: The API value will now be case-sensitive").
  const found = labels.find((label) => label.name === name);
  if (found) return found.id;
  if (!context.createLabelsIfMissing) {
    throw new ColumnValueError(
      `The dropdown label '${name}' does not exist, possible labels are: {${labels.map((label) => `${label.id}: ${label.name}`).join(', ')}}`,
      column.type,
      column.id
    );
  }
  const id = Math.max(0, ...labels.map((label) => label.id)) + 1;
  column.settings.labels = [...labels, { id, name }];
  return id;
}

function dropdownIds(value: StoredValue): number[] {
  return isRecord(value) && Array.isArray(value.ids) ? (value.ids as number[]) : [];
}

/** The labels a dropdown value holds, in its order. */
export function chosenLabels(value: StoredValue, column: MondayColumn): DropdownLabel[] {
  const labels = dropdownLabels(column);
  return dropdownIds(value).flatMap((id) => labels.filter((label) => label.id === id));
}

export const dropdownRules: ColumnTypeRules = {
  write(input, context) {
    const { column, now } = context;
    let ids: number[];
    if (typeof input === 'string') {
      ids = input
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '')
        .map((name) => dropdownIdOf(name, context));
    } else if (
      isRecord(input) &&
      Array.isArray(input.labels) &&
      input.labels.every((name) => typeof name === 'string')
    ) {
      ids = input.labels.map((name) => dropdownIdOf(name, context));
    } else if (isRecord(input) && Array.isArray(input.ids)) {
      const known = new Set(dropdownLabels(column).map((label) => label.id));
      ids = input.ids.map(Number);
      const unknown = ids.filter((id) => !known.has(id));
      if (unknown.length > 0) {
        throw new ColumnValueError(`The dropdown label ids ${unknown.join(', ')} do not exist`, column.type, column.id);
      }
    } else {
      throw new ColumnValueError(
        'invalid value, please send {"labels": [...]} or {"ids": [...]}',
        column.type,
        column.id
      );
    }
    return { ids: [...new Set(ids)], changed_at: now };
  },
  text: (value, { column }) =>
    chosenLabels(value, column)
      .map((label) => label.name)
      .join(', '),
  webhookValue: (value, { column }) => ({ chosenValues: chosenLabels(value, column) }),
  defaultSettings: () => ({ labels: [] })
};
