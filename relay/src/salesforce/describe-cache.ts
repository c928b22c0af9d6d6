// Field types of each object, from its describe, read once and kept: conditions compare by type, mappers convert by
// type. Refreshed on demand (a field Salesforce no longer knows).
import { z } from 'zod';
import type { SalesforceClient } from './client';

const describeAnswer = z.object({
  fields: z.array(
    z.object({
      name: z.string(),
      type: z.string(),
      label: z.string(),
      createable: z.boolean(),
      updateable: z.boolean(),
      nillable: z.boolean(),
      defaultedOnCreate: z.boolean(),
      length: z.number().default(0),
      precision: z.number().default(0),
      scale: z.number().default(0),
      restrictedPicklist: z.boolean().default(false),
      externalId: z.boolean().default(false),
      unique: z.boolean().default(false),
      picklistValues: z.array(z.object({ value: z.string(), active: z.boolean() })).default([]),
      compoundFieldName: z.string().nullable().optional()
    })
  )
});

export type DescribedField = z.infer<typeof describeAnswer>['fields'][number];

export class DescribeCache {
  private readonly objects = new Map<string, Promise<Map<string, DescribedField>>>();
  /** The types of each describe read, by its fields (a describe read again gets its own). */
  private readonly typesOf = new WeakMap<Map<string, DescribedField>, Readonly<Record<string, string>>>();

  constructor(private readonly salesforce: SalesforceClient) {}

  fields(objectApiName: string): Promise<Map<string, DescribedField>> {
    let fields = this.objects.get(objectApiName);
    if (!fields) {
      fields = this.salesforce
        .request('GET', `/sobjects/${objectApiName}/describe`)
        .then((response) => new Map(describeAnswer.parse(response.data).fields.map((field) => [field.name, field])));
      // A failed describe is not kept: the next call tries again.
      fields.catch(() => this.objects.delete(objectApiName));
      this.objects.set(objectApiName, fields);
    }
    return fields;
  }

  /**
   * Field name → describe type (string, picklist, date...), made once per describe read (every change asks; an object
   * has hundreds of fields). Callers only read it.
   */
  async types(objectApiName: string): Promise<Readonly<Record<string, string>>> {
    const fields = await this.fields(objectApiName);
    let types = this.typesOf.get(fields);
    if (!types) {
      types = Object.fromEntries([...fields.values()].map((field) => [field.name, field.type]));
      this.typesOf.set(fields, types);
    }
    return types;
  }

  forget(objectApiName: string): void {
    this.objects.delete(objectApiName);
  }
}
