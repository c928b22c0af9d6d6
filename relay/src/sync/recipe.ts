// A recipe as the relay reads it from Salesforce (Monday_Recipe__c): the record's fields, and its definition
// (docs/recipe-definition.md), validated with zod because a recipe can be edited outside the recipe builder.
import { z } from 'zod';

const apiName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, 'an API name');

export const conditionOperators = [
  'equals',
  'not_equals',
  'contains',
  'starts_with',
  'in',
  'greater_than',
  'less_than',
  'is_empty',
  'is_not_empty'
] as const;

export const columnTypes = [
  'name',
  'text',
  'long_text',
  'numbers',
  'status',
  'dropdown',
  'date',
  'email',
  'phone',
  'link',
  'location',
  'checkbox',
  'people',
  'country',
  'hour',
  'timeline',
  'rating'
] as const;

export type ColumnType = (typeof columnTypes)[number];

export const conditionSchema = z.object({
  field: apiName,
  operator: z.enum(conditionOperators),
  value: z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number()]))]).optional()
});

export const mappingEntrySchema = z.object({
  field: apiName,
  column: z.string().min(1).max(64),
  columnType: z.enum(columnTypes)
});

export const recipeDefinitionSchema = z.object({
  conditions: z.array(z.array(conditionSchema)).default([]),
  mapping: z.array(mappingEntrySchema).default([]),
  options: z
    .object({
      syncFutureChanges: z.boolean().default(false),
      groupId: z.string().min(1).optional(),
      createLabelsIfMissing: z.boolean().default(false),
      onDelete: z.enum(['propagate', 'archive', 'ignore']).default('ignore'),
      conflictRule: z.enum(['salesforce_wins', 'monday_wins', 'last_writer_wins']).default('last_writer_wins'),
      /** monday's phone column needs a country; Salesforce phone fields have none. */
      defaultPhoneCountry: z
        .string()
        .regex(/^[A-Z]{2}$/)
        .default('US')
    })
    .prefault({})
});

export type Condition = z.infer<typeof conditionSchema>;
export type MappingEntry = z.infer<typeof mappingEntrySchema>;
export type RecipeDefinition = z.infer<typeof recipeDefinitionSchema>;

export type Direction = 'Salesforce_to_monday' | 'monday_to_Salesforce';

export interface Recipe {
  id: string;
  name: string;
  active: boolean;
  direction: Direction;
  objectApiName: string;
  boardId: string;
  revision: number;
  definition: RecipeDefinition;
}
