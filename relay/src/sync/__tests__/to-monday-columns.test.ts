import { MappingError } from '../../core/errors';
import { type MappingContext, mondayColumnValue } from '../to-monday-columns';
import type { ColumnType } from '../recipe';

const context = (fieldType: string, field = 'Field__c'): MappingContext => ({
  field,
  fieldType,
  defaultPhoneCountry: 'FR'
});

describe('Salesforce values to monday columns, per F10', () => {
  it.each<[string, string, ColumnType, unknown, unknown]>([
    ['an id to text', 'id', 'text', '00Q5g0000000001EAA', '00Q5g0000000001EAA'],
    ['a string to text', 'string', 'text', 'Acme', 'Acme'],
    ['a textarea to long text', 'textarea', 'long_text', 'line 1\nline 2', { text: 'line 1\nline 2' }],
    ['a boolean true to a checked box', 'boolean', 'checkbox', true, { checked: 'true' }],
    ['a boolean false to an unchecked box', 'boolean', 'checkbox', false, null],
    ['a picklist to a status label', 'picklist', 'status', 'Working - Contacted', { label: 'Working - Contacted' }],
    ['a picklist to a dropdown', 'picklist', 'dropdown', 'Web', { labels: ['Web'] }],
    [
      'a multi-select picklist to dropdown labels',
      'multipicklist',
      'dropdown',
      'Golf;Sailing',
      { labels: ['Golf', 'Sailing'] }
    ],
    ['a multi-select picklist to text', 'multipicklist', 'text', 'Golf;Sailing', 'Golf, Sailing'],
    ['an integer to numbers (as a string)', 'int', 'numbers', 42, '42'],
    ['a currency to numbers', 'currency', 'numbers', 1200000.5, '1200000.5'],
    ['a percent to numbers', 'percent', 'numbers', 12.5, '12.5'],
    ['a double to numbers', 'double', 'numbers', -3.25, '-3.25'],
    ['a date to a date', 'date', 'date', '2026-12-31', { date: '2026-12-31' }],
    [
      'a datetime to a date and time in UTC',
      'datetime',
      'date',
      '2026-05-20T20:49:32.000+0000',
      { date: '2026-05-20', time: '20:49:32' }
    ],
    [
      'an email to an email',
      'email',
      'email',
      'ann@acme.example',
      { email: 'ann@acme.example', text: 'ann@acme.example' }
    ],
    [
      "a national phone number to a phone in the recipe's default country",
      'phone',
      'phone',
      '01 23 45 67 89',
      { phone: '0123456789', countryShortName: 'FR' }
    ],
    [
      'an international phone number to a phone in its own country, whatever the default',
      'phone',
      'phone',
      '+44 20 7946 0958',
      { phone: '+442079460958', countryShortName: 'GB' }
    ],
    [
      'a North American number to its own country',
      'phone',
      'phone',
      '+1 (415) 555-0132',
      { phone: '+14155550132', countryShortName: 'US' }
    ],
    [
      'a url to a link, made absolute',
      'url',
      'link',
      'www.acme.example',
      { url: 'https://www.acme.example', text: 'www.acme.example' }
    ],
    [
      'an address with coordinates to a location',
      'address',
      'location',
      {
        street: '1 Rue de Rivoli',
        city: 'Paris',
        postalCode: '75001',
        country: 'France',
        latitude: 48.86,
        longitude: 2.34
      },
      { lat: '48.86', lng: '2.34', address: '1 Rue de Rivoli, Paris, 75001, France' }
    ],
    [
      'an address to text',
      'address',
      'text',
      { street: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'USA' },
      '1 Main St, Springfield, IL 62701, USA'
    ],
    ['an empty value to a clear', 'string', 'text', null, null],
    ['an empty number to a clear', 'currency', 'numbers', null, null]
  ])('maps %s', (_what, fieldType, columnType, value, expected) => {
    expect(mondayColumnValue(columnType, value, context(fieldType))).toEqual(expected);
  });

  it.each<[string, string, ColumnType, unknown, string]>([
    ['a word to numbers', 'string', 'numbers', 'many', 'is not a number'],
    ['a bad email', 'email', 'email', 'ann-at-acme', 'is not an email address'],
    ['letters to a phone', 'phone', 'phone', 'call me', 'is not a phone number'],
    ['an address without coordinates to a location', 'address', 'location', { city: 'Paris' }, 'no latitude'],
    ['text to a checkbox', 'string', 'checkbox', 'maybe', 'is not true or false'],
    ['anything to a people column', 'string', 'people', 'Ann', 'cannot be filled from Salesforce']
  ])('refuses %s with a message naming the field, never a crash', (_what, fieldType, columnType, value, reason) => {
    expect(() => mondayColumnValue(columnType, value, context(fieldType, 'Email'))).toThrow(MappingError);
    expect(() => mondayColumnValue(columnType, value, context(fieldType, 'Email'))).toThrow(
      new RegExp(`^Email: .*${reason}`)
    );
  });
});
