// Each column type accepts what monday accepts, refuses what it refuses, and renders `text` as monday does.
import { columnTypeRules, parseColumnWrite } from '../column-values';
import { ColumnValueError } from '../errors';
import type { ColumnType, MondayColumn, MondayUser } from '../state';

const users = new Map<string, MondayUser>([['42', { id: '42', name: 'Ada Lovelace', email: 'ada@example.com' }]]);
const now = '2026-11-25T10:00:00.000Z';

function column(type: ColumnType, settings?: Record<string, unknown>): MondayColumn {
  return {
    id: `${type}_col`,
    title: type,
    description: null,
    type,
    settings: settings ?? columnTypeRules[type].defaultSettings?.() ?? {},
    archived: false
  };
}

function write(target: MondayColumn, input: unknown, createLabelsIfMissing = false) {
  return parseColumnWrite(input, { column: target, createLabelsIfMissing, findUser: (id) => users.get(id), now });
}

function textOf(target: MondayColumn, input: unknown): string {
  const value = write(target, input);
  return value === null
    ? ''
    : columnTypeRules[target.type].text(value, { column: target, findUser: (id) => users.get(id) });
}

describe('accepted values and their text', () => {
  it.each<[ColumnType, unknown, unknown, string]>([
    ['text', 'Acme', 'Acme', 'Acme'],
    [
      'long_text',
      { text: 'Line one\nLine two' },
      { text: 'Line one\nLine two', changed_at: now },
      'Line one\nLine two'
    ],
    ['numbers', '1250.50', '1250.50', '1250.50'],
    ['numbers', -3, '-3', '-3'],
    ['status', { label: 'Done' }, { index: 1, post_id: null, changed_at: now }, 'Done'],
    ['status', { index: 2 }, { index: 2, post_id: null, changed_at: now }, 'Stuck'],
    [
      'date',
      { date: '2026-05-20', time: '20:49:32' },
      { date: '2026-05-20', changed_at: now, time: '20:49:32' },
      '2026-05-20 20:49:32'
    ],
    ['date', '2026-02-28', { date: '2026-02-28', changed_at: now }, '2026-02-28'],
    [
      'email',
      { email: 'ada@example.com', text: 'Ada' },
      { email: 'ada@example.com', text: 'Ada', changed_at: now },
      'ada@example.com'
    ],
    [
      'phone',
      { phone: '+1 202 555 0169', countryShortName: 'US' },
      { phone: '+12025550169', countryShortName: 'US', changed_at: now },
      '+12025550169'
    ],
    [
      'link',
      'https://example.com Example',
      { url: 'https://example.com', text: 'Example', changed_at: now },
      'Example - https://example.com'
    ],
    [
      'location',
      { lat: '48.8584', lng: '2.2945', address: 'Paris' },
      { lat: '48.8584', lng: '2.2945', address: 'Paris', changed_at: now },
      'Paris'
    ],
    ['checkbox', { checked: 'true' }, { checked: 'true', changed_at: now }, 'v'],
    [
      'people',
      { personsAndTeams: [{ id: 42, kind: 'person' }] },
      { personsAndTeams: [{ id: 42, kind: 'person' }], changed_at: now },
      'Ada Lovelace'
    ],
    [
      'country',
      { countryCode: 'FR', countryName: 'France' },
      { countryCode: 'FR', countryName: 'France', changed_at: now },
      'France'
    ],
    ['hour', { hour: 9, minute: 5 }, { hour: 9, minute: 5, changed_at: now }, '09:05'],
    [
      'timeline',
      { from: '2026-01-01', to: '2026-01-31' },
      { from: '2026-01-01', to: '2026-01-31', changed_at: now },
      '2026-01-01 - 2026-01-31'
    ],
    ['rating', { rating: 4 }, { rating: 4, changed_at: now }, '4']
  ])('%s accepts %j', (type, input, stored, text) => {
    const target = column(type);
    expect(write(target, input)).toEqual(stored);
    expect(textOf(target, input)).toBe(text);
  });

  it('dropdown stores label ids and renders their names', () => {
    const target = column('dropdown', {
      labels: [
        { id: 1, name: 'Hot' },
        { id: 2, name: 'Cold' }
      ]
    });
    expect(write(target, { labels: ['Cold', 'Hot'] })).toEqual({ ids: [2, 1], changed_at: now });
    expect(textOf(target, 'Hot, Cold')).toBe('Hot, Cold');
  });
});

describe('refused values', () => {
  it.each<[ColumnType, unknown]>([
    ['text', { text: 'an object' }],
    ['long_text', { text: 'x'.repeat(2001) }],
    ['numbers', 'twelve'],
    ['numbers', '12,5'],
    ['status', { label: 'Unknown label' }],
    ['status', { index: 9 }],
    ['date', '2026-02-30'],
    ['date', '20/05/2026'],
    ['date', { date: '2026-05-20', time: '25:00:00' }],
    ['email', 'not-an-email'],
    ['phone', { phone: '+12025550169', countryShortName: 'XX' }],
    ['phone', { phone: 'call me', countryShortName: 'US' }],
    ['link', 'example.com'],
    ['location', { lat: '91', lng: '0' }],
    ['checkbox', { checked: 'yes' }],
    ['people', { personsAndTeams: [{ id: 7, kind: 'person' }] }],
    ['country', { countryCode: 'FR', countryName: 'Germany' }],
    ['hour', { hour: 24, minute: 0 }],
    ['timeline', { from: '2026-02-01', to: '2026-01-01' }],
    ['rating', { rating: 6 }]
  ])('%s refuses %j with a ColumnValueException', (type, input) => {
    expect(() => write(column(type), input)).toThrow(ColumnValueError);
  });

  it('names the possible statuses when a label does not exist', () => {
    expect(() => write(column('status'), 'Won')).toThrow(
      "This status label doesn't exist, possible statuses are: {0: Working on it, 1: Done, 2: Stuck}"
    );
  });

  it('refuses an unknown dropdown label, which is case-sensitive', () => {
    const target = column('dropdown', { labels: [{ id: 1, name: 'Hot' }] });
    expect(() => write(target, { labels: ['hot'] })).toThrow(ColumnValueError);
  });
});

describe('create_labels_if_missing', () => {
  it('adds a status label at the first free index', () => {
    const target = column('status');
    expect(write(target, { label: 'Won' }, true)).toMatchObject({ index: 3 });
    expect(target.settings.labels).toMatchObject({ '3': 'Won' });
  });

  it('adds dropdown labels', () => {
    const target = column('dropdown', { labels: [{ id: 1, name: 'Hot' }] });
    expect(write(target, { labels: ['Hot', 'Warm'] }, true)).toMatchObject({ ids: [1, 2] });
    expect(target.settings.labels).toEqual([
      { id: 1, name: 'Hot' },
      { id: 2, name: 'Warm' }
    ]);
  });
});

describe('clearing', () => {
  it.each<[ColumnType, unknown]>([
    ['numbers', null],
    ['numbers', ''],
    ['status', {}],
    ['checkbox', { checked: 'false' }],
    ['checkbox', null]
  ])('%s is cleared by %j', (type, input) => {
    expect(write(column(type), input)).toBeNull();
  });
});

describe('webhook values (UI shape, unlike the API value)', () => {
  it('carries a status as its label object', () => {
    const target = column('status');
    const stored = write(target, 'Done')!;
    expect(columnTypeRules.status.webhookValue(stored, { column: target, findUser: () => undefined })).toMatchObject({
      label: { index: 1, text: 'Done', is_done: true },
      post_id: null
    });
  });

  it('carries numbers as numbers and dropdowns as chosen values', () => {
    const numbers = column('numbers');
    expect(
      columnTypeRules.numbers.webhookValue(write(numbers, '7.5')!, { column: numbers, findUser: () => undefined })
    ).toEqual({
      value: 7.5,
      unit: null
    });
    const dropdown = column('dropdown', { labels: [{ id: 1, name: 'Hot' }] });
    expect(
      columnTypeRules.dropdown.webhookValue(write(dropdown, 'Hot')!, { column: dropdown, findUser: () => undefined })
    ).toEqual({
      chosenValues: [{ id: 1, name: 'Hot' }]
    });
  });
});
