// The body Salesforce posts to the relay: one batch of record changes (or recipe changes) of one object.
// docs/wire-format.md describes it; force-app/main/default/staticresources/MondayWireFormatExample.json is the
// example that both the Apex tests and the relay's tests check, so the two sides cannot drift apart.
import { z } from 'zod';

const salesforceId = z.string().regex(/^[a-zA-Z0-9]{18}$/, 'an 18-character Salesforce id');
// Datetimes as the REST API writes them: 2026-05-20T20:49:32.000+0000.
const salesforceDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/, 'a datetime like 2026-05-20T20:49:32.000+0000');
const apiName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, 'an API name');

/** A compound address field, as Apex serialises System.Address. */
const addressValue = z
  .object({
    street: z.string().nullable(),
    city: z.string().nullable(),
    state: z.string().nullable(),
    postalCode: z.string().nullable(),
    country: z.string().nullable(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable()
  })
  .partial()
  // Nothing else: an object with other keys is not an address, and must not be stored as `{}`.
  .strict();

/** A field value typed as the REST API writes it: text, number, boolean, date or datetime text, address, null. */
export const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.null(), addressValue]);

export const recordChange = z.object({
  recordId: salesforceId,
  operation: z.enum(['insert', 'update', 'delete', 'undelete']),
  systemModstamp: salesforceDateTime,
  /** On update, the recipes' fields whose value changed; empty otherwise. */
  changedFields: z.array(apiName),
  /** Every field the object's active recipes use, as it is after the change (before it, for a delete). */
  values: z.record(apiName, fieldValue),
  /**
   * The record's monday item key ("<board id>:<item id>", ../sync/item-key.ts) when it has one: the relay created it
   * from that item, so that item is its item on that board.
   */
  mondayItemKey: z
    .string()
    .regex(/^\d{1,20}:\d{1,20}$/, 'a monday item key like 1234567890:9876543210')
    .nullish()
});

export const changeBatch = z.object({
  schemaVersion: z.literal(1),
  kind: z.enum(['record_changes', 'recipe_changes']),
  /** Also the request's webhook-id: the idempotency key. */
  batchId: z.string().min(1).max(64),
  orgId: salesforceId,
  objectApiName: apiName,
  publishedAt: salesforceDateTime,
  changes: z.array(recordChange).min(1).max(10_000)
});

export type ChangeBatch = z.infer<typeof changeBatch>;
export type RecordChange = z.infer<typeof recordChange>;
