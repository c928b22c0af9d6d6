import { meetsCondition, meetsConditions } from '../conditions';
import type { Condition } from '../recipe';

const types = {
  LastName: 'string',
  AnnualRevenue: 'currency',
  NumberOfEmployees: 'int',
  CloseDate: 'date',
  CreatedDate: 'datetime',
  HasOptedOutOfEmail: 'boolean',
  Interests__c: 'multipicklist',
  Status: 'picklist'
};

const lead = {
  LastName: 'Smith',
  AnnualRevenue: 1_200_000,
  NumberOfEmployees: 42,
  CloseDate: '2026-12-31',
  CreatedDate: '2026-11-25T09:59:58.000+0000',
  HasOptedOutOfEmail: false,
  Interests__c: 'Golf;Sailing',
  Status: 'Working - Contacted',
  Title: null
};

const holds = (condition: Condition) => meetsCondition(condition, lead, types);

describe('conditions by operator and field type', () => {
  it.each<[string, Condition, boolean]>([
    ['equals ignores case in text', { field: 'LastName', operator: 'equals', value: 'smith' }, true],
    ['equals compares numbers as numbers', { field: 'AnnualRevenue', operator: 'equals', value: '1200000.00' }, true],
    ['equals on a boolean', { field: 'HasOptedOutOfEmail', operator: 'equals', value: false }, true],
    [
      'equals on a multi-select picklist ignores order',
      { field: 'Interests__c', operator: 'equals', value: 'Sailing;Golf' },
      true
    ],
    ['not equals', { field: 'LastName', operator: 'not_equals', value: 'Jones' }, true],
    ['contains text', { field: 'Status', operator: 'contains', value: 'contacted' }, true],
    [
      'contains one value of a multi-select picklist',
      { field: 'Interests__c', operator: 'contains', value: 'golf' },
      true
    ],
    [
      'contains does not match part of a picklist value',
      { field: 'Interests__c', operator: 'contains', value: 'Gol' },
      false
    ],
    ['starts with', { field: 'LastName', operator: 'starts_with', value: 'Sm' }, true],
    ['in a list', { field: 'Status', operator: 'in', value: ['Open - Not Contacted', 'Working - Contacted'] }, true],
    ['not in a list', { field: 'Status', operator: 'in', value: ['Closed - Converted'] }, false],
    ['greater than on a currency', { field: 'AnnualRevenue', operator: 'greater_than', value: 1_000_000 }, true],
    ['less than on an integer', { field: 'NumberOfEmployees', operator: 'less_than', value: 10 }, false],
    ['greater than on a date', { field: 'CloseDate', operator: 'greater_than', value: '2026-12-30' }, true],
    [
      'less than on a datetime',
      { field: 'CreatedDate', operator: 'less_than', value: '2026-11-25T10:00:00.000+0000' },
      true
    ],
    ['is empty on a null field', { field: 'Title', operator: 'is_empty' }, true],
    ['is not empty', { field: 'LastName', operator: 'is_not_empty' }, true],
    ['a comparison with an empty field is false', { field: 'Title', operator: 'greater_than', value: 'a' }, false]
  ])('%s', (_what, condition, expected) => {
    expect(holds(condition)).toBe(expected);
  });
});

describe('groups', () => {
  const smith: Condition = { field: 'LastName', operator: 'equals', value: 'Smith' };
  const big: Condition = { field: 'AnnualRevenue', operator: 'greater_than', value: 5_000_000 };
  const golf: Condition = { field: 'Interests__c', operator: 'contains', value: 'Golf' };

  it('matches every record when there is no condition', () => {
    expect(meetsConditions([], lead, types)).toBe(true);
  });

  it('joins the conditions of a group with AND', () => {
    expect(meetsConditions([[smith, golf]], lead, types)).toBe(true);
    expect(meetsConditions([[smith, big]], lead, types)).toBe(false);
  });

  it('joins groups with OR', () => {
    expect(meetsConditions([[big], [golf]], lead, types)).toBe(true);
    expect(meetsConditions([[big], [{ ...golf, value: 'Chess' }]], lead, types)).toBe(false);
  });
});
