// monday columns into Salesforce fields, checked against real describe shapes (the stand-in's Lead and Opportunity).
import { MappingError } from '../../core/errors';
import type { DescribedField } from '../../salesforce/describe-cache';
import { describeField } from '../../../dev/standins/salesforce/describe/fields';
import { standardObjects } from '../../../dev/standins/salesforce/describe/standard-objects';
import type { ColumnType } from '../recipe';
import { type ColumnReading, salesforceFieldValue } from '../to-salesforce-fields';

function fieldOf(objectName: string, name: string): DescribedField {
  const definition = standardObjects
    .find((object) => object.name === objectName)!
    .fields.find((candidate) => candidate.name === name)!;
  return describeField(definition) as unknown as DescribedField;
}

const reading = (type: string, text: string | null, value: unknown): ColumnReading => ({
  type,
  text,
  value: value === null ? null : JSON.stringify(value)
});

describe('monday columns to Salesforce fields', () => {
  it.each<[string, ColumnType, ColumnReading, string, string, unknown]>([
    ['text to a string', 'text', reading('text', 'Acme', 'Acme'), 'Lead', 'Company', 'Acme'],
    ['the item name to a string', 'name', reading('name', 'Smith', null), 'Lead', 'LastName', 'Smith'],
    [
      'long text to a textarea',
      'long_text',
      reading('long_text', 'Line', { text: 'Line 1\nLine 2' }),
      'Lead',
      'Description',
      'Line 1\nLine 2'
    ],
    [
      'numbers to a currency, rounded to its scale',
      'numbers',
      reading('numbers', '1200.456', '1200.456'),
      'Opportunity',
      'Amount',
      1200.46
    ],
    ['numbers to a percent', 'numbers', reading('numbers', '75', '75'), 'Opportunity', 'Probability', 75],
    ['numbers to an integer', 'numbers', reading('numbers', '42', '42'), 'Lead', 'NumberOfEmployees', 42],
    [
      'a status to a picklist',
      'status',
      reading('status', 'Working - Contacted', { index: 1 }),
      'Lead',
      'Status',
      'Working - Contacted'
    ],
    [
      'a dropdown to a picklist',
      'dropdown',
      { ...reading('dropdown', 'Web', { ids: [1] }), values: [{ label: 'Web' }] },
      'Lead',
      'LeadSource',
      'Web'
    ],
    [
      'a date to a date',
      'date',
      reading('date', '2026-12-31', { date: '2026-12-31' }),
      'Opportunity',
      'CloseDate',
      '2026-12-31'
    ],
    [
      'an email to an email',
      'email',
      reading('email', 'a@b.example', { email: 'a@b.example', text: 'A' }),
      'Lead',
      'Email',
      'a@b.example'
    ],
    [
      'a phone to a phone',
      'phone',
      reading('phone', '+33123456789', { phone: '+33123456789', countryShortName: 'FR' }),
      'Lead',
      'Phone',
      '+33123456789'
    ],
    [
      'a link to a url',
      'link',
      reading('link', 'Site - https://acme.example', { url: 'https://acme.example', text: 'Site' }),
      'Lead',
      'Website',
      'https://acme.example'
    ],
    [
      'a checkbox to a checkbox',
      'checkbox',
      reading('checkbox', 'v', { checked: 'true' }),
      'Lead',
      'HasOptedOutOfEmail',
      true
    ],
    ['an empty checkbox to false', 'checkbox', reading('checkbox', '', null), 'Lead', 'HasOptedOutOfEmail', false],
    ['an empty column to a clear', 'text', reading('text', '', null), 'Lead', 'Title', null],
    [
      'a country to a string (an address component)',
      'country',
      reading('country', 'France', { countryCode: 'FR', countryName: 'France' }),
      'Lead',
      'Country',
      'France'
    ]
  ])('maps %s', (_what, columnType, columnReading, objectName, fieldName, expected) => {
    expect(salesforceFieldValue(columnType, columnReading, fieldOf(objectName, fieldName))).toEqual(expected);
  });

  it('maps a date and time to a datetime in UTC', () => {
    const target = { ...fieldOf('Lead', 'Company'), type: 'datetime', name: 'Follow_Up__c', label: 'Follow up' };
    expect(
      salesforceFieldValue(
        'date',
        reading('date', '2026-05-20 20:49:32', { date: '2026-05-20', time: '20:49:32' }),
        target
      )
    ).toBe('2026-05-20T20:49:32.000+0000');
  });

  it('joins dropdown labels for a multi-select picklist, taking each label whole (never splitting the text)', () => {
    const target = { ...fieldOf('Lead', 'LeadSource'), type: 'multipicklist', restrictedPicklist: false };
    const chosen = {
      ...reading('dropdown', 'Web, Trade shows, Paris', { ids: [1, 2] }),
      values: [{ label: 'Web' }, { label: 'Trade shows, Paris' }]
    };
    expect(salesforceFieldValue('dropdown', chosen, target)).toBe('Web;Trade shows, Paris');
  });

  it.each<[string, ColumnType, ColumnReading, string, string, string]>([
    [
      'a label outside a restricted picklist',
      'status',
      reading('status', 'Maybe', { index: 7 }),
      'Lead',
      'Status',
      'is not one of its values'
    ],
    [
      'text over the field length',
      'text',
      reading('text', 'x'.repeat(300), 'x'),
      'Lead',
      'Company',
      'do not fit its 255'
    ],
    [
      'a fraction into an integer',
      'numbers',
      reading('numbers', '4.5', '4.5'),
      'Lead',
      'NumberOfEmployees',
      'not a whole number'
    ],
    [
      'too many digits for the precision',
      'numbers',
      reading('numbers', '1e20', '1e20'),
      'Opportunity',
      'Amount',
      'digits before the decimal point'
    ],
    [
      'text into a checkbox',
      'text',
      reading('text', 'yes', 'yes'),
      'Lead',
      'HasOptedOutOfEmail',
      'only a checkbox column'
    ],
    ['a people column', 'people', reading('people', 'Ada', {}), 'Lead', 'Title', 'cannot fill a Salesforce field']
  ])(
    'refuses %s with a message naming the field and the fix',
    (_what, columnType, columnReading, objectName, fieldName, reason) => {
      const target = fieldOf(objectName, fieldName);
      expect(() => salesforceFieldValue(columnType, columnReading, target)).toThrow(MappingError);
      expect(() => salesforceFieldValue(columnType, columnReading, target)).toThrow(
        new RegExp(`^${target.label} \\(${fieldName}\\): .*${reason}`)
      );
    }
  );
});
