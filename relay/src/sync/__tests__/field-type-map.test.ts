// The package's table of which columns fit which fields (MondayFieldTypeMap, read by the Apex validator and the recipe
// builder) must only offer column types the relay can map: a recipe the builder lets through must not fail at sync
// time for want of a mapper.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { toMondayColumn } from '../to-monday-columns';
import { fromColumn } from '../to-salesforce-fields';
import type { ColumnType } from '../recipe';

const table = z
  .object({
    salesforceToMonday: z.record(z.string(), z.array(z.string())),
    mondayToSalesforce: z.record(z.string(), z.array(z.string()))
  })
  .parse(
    JSON.parse(
      readFileSync(
        join(__dirname, '../../../../force-app/main/default/staticresources/MondayFieldTypeMap.json'),
        'utf8'
      )
    )
  );

const columnsOf = (byField: Record<string, string[]>) => [...new Set(Object.values(byField).flat())].sort();

describe('MondayFieldTypeMap', () => {
  it('offers, Salesforce → monday, only column types the relay can fill', () => {
    const unmapped = columnsOf(table.salesforceToMonday).filter((type) => !toMondayColumn[type as ColumnType]);
    expect(unmapped).toEqual([]);
  });

  it('offers, monday → Salesforce, only column types the relay can read', () => {
    const unmapped = columnsOf(table.mondayToSalesforce).filter((type) => !fromColumn[type as ColumnType]);
    expect(unmapped).toEqual([]);
  });
});
