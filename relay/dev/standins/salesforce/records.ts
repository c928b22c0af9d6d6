// The org's records, written with the validation the REST API applies: unknown fields, fields that cannot be
// written, values each field refuses, then required fields; then the platform's own fields (audit dates,
// SystemModstamp, formulas, compound fields).
import type { Clock } from '../../../src/core/clock';
import { type FieldDefinition, field, requiredOnCreate, systemFields } from './describe/fields';
import { type RecordValues, type SObjectDefinition, fieldOf } from './describe/objects';
import { standardObjects } from './describe/standard-objects';
import { SalesforceApiError, notFound } from './errors';
import { IdGenerator, normalizeId } from './ids';
import { type ReferenceLookup, coerceFieldValue, formatFieldValue, textOf } from './values';

export interface StoredRecord {
  object: SObjectDefinition;
  id: string;
  values: RecordValues;
  deleted: boolean;
}

/** A write to a record, as change capture sees it (the local mode's package emulator listens). */
export interface RecordChange {
  operation: 'insert' | 'update' | 'delete' | 'undelete';
  record: StoredRecord;
  /** The values before an update. */
  before: RecordValues | undefined;
}

/** The records as plain data (the local mode keeps them in its data folder across restarts). */
export interface RecordsSnapshot {
  sequence: number;
  idCounter: number;
  records: { object: string; id: string; values: RecordValues; deleted: boolean }[];
}

export interface CustomObjectInput {
  /** API name, ending in __c. */
  name: string;
  label?: string;
  fields: FieldDefinition[];
}

function requiredFieldsMissing(definitions: FieldDefinition[]): SalesforceApiError {
  const names = definitions.map((definition) => definition.name);
  return new SalesforceApiError(
    400,
    'REQUIRED_FIELD_MISSING',
    `Required fields are missing: [${names.join(', ')}]`,
    names
  );
}

export class RecordStore implements ReferenceLookup {
  private readonly objects = new Map<string, SObjectDefinition>();
  private readonly records = new Map<string, StoredRecord>();
  /** External id and unique fields, indexed by value (lower case), so that upserts stay fast with many records. */
  private readonly indexes = new Map<string, Map<string, Set<string>>>();
  private readonly ids = new IdGenerator();
  private sequence = 0;
  private customPrefix = 0;
  /** Ids that answer UNABLE_TO_LOCK_ROW to writes, as a record locked by another transaction would. */
  readonly lockedIds = new Set<string>();
  /** The user writes are made as (OwnerId, CreatedById, LastModifiedById). */
  currentUserId = '';
  private readonly listeners: ((change: RecordChange) => void)[] = [];

  /** Calls `listener` after every create, update, delete and undelete. */
  onChange(listener: (change: RecordChange) => void): void {
    this.listeners.push(listener);
  }

  private changed(change: RecordChange): void {
    for (const listener of this.listeners) listener(change);
  }

  exportState(): RecordsSnapshot {
    return {
      sequence: this.sequence,
      idCounter: this.ids.counter,
      records: [...this.records.values()].map((record) => ({
        object: record.object.name,
        id: record.id,
        values: record.values,
        deleted: record.deleted
      }))
    };
  }

  /** Replaces every record with a snapshot's (the objects, standard, custom and the package's, stay as defined). */
  importState(snapshot: RecordsSnapshot): void {
    this.sequence = snapshot.sequence;
    this.ids.counter = snapshot.idCounter;
    this.records.clear();
    for (const record of snapshot.records) {
      this.records.set(record.id, {
        object: this.object(record.object),
        id: record.id,
        values: record.values,
        deleted: record.deleted
      });
    }
    this.rebuildIndexes();
  }

  constructor(private readonly clock: Clock) {
    // Each org its own copy: fields added to one (a custom field, the package's) stay in that org.
    for (const object of standardObjects)
      this.objects.set(object.name.toLowerCase(), { ...object, fields: [...object.fields] });
  }

  /** Defines a custom object (SPEC F6); its fields come on top of the system fields and Name. */
  defineCustomObject(input: CustomObjectInput): SObjectDefinition {
    if (!input.name.endsWith('__c')) throw new Error(`A custom object's name ends in __c: ${input.name}`);
    this.customPrefix += 1;
    const object: SObjectDefinition = {
      name: input.name,
      label: input.label ?? input.name.replace(/__c$/, '').replace(/_/g, ' '),
      labelPlural: `${input.label ?? input.name.replace(/__c$/, '')}s`,
      keyPrefix: `a0${'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'.charAt(this.customPrefix)}`,
      custom: true,
      deletable: true,
      fields: [
        ...systemFields(),
        field('Name', 'string', { length: 80, nameField: true, label: `${input.label ?? input.name} Name` }),
        ...input.fields
      ]
    };
    this.objects.set(object.name.toLowerCase(), object);
    return object;
  }

  /** Adds custom fields to an existing object (e.g. Lead.Region__c). */
  addFields(objectName: string, fields: FieldDefinition[]): void {
    this.object(objectName).fields.push(...fields);
    this.rebuildIndexes();
  }

  objectNames(): string[] {
    return [...this.objects.values()].map((object) => object.name);
  }

  /** The object, or a 404 the way the API answers for an unknown sObject type. */
  object(name: string): SObjectDefinition {
    const object = this.objects.get(name.toLowerCase());
    if (!object) throw notFound();
    return object;
  }

  findObject(name: string): SObjectDefinition | undefined {
    return this.objects.get(name.toLowerCase());
  }

  private indexedFields(object: SObjectDefinition): FieldDefinition[] {
    return object.fields.filter((definition) => definition.externalId || definition.unique || definition.idLookup);
  }

  private index(record: StoredRecord, add: boolean): void {
    for (const definition of this.indexedFields(record.object)) {
      const value = record.values[definition.name];
      if (value === null || value === undefined) continue;
      const key = `${record.object.name.toLowerCase()}.${definition.name}`;
      const byValue = this.indexes.get(key) ?? new Map<string, Set<string>>();
      this.indexes.set(key, byValue);
      const text = textOf(value).toLowerCase();
      const ids = byValue.get(text) ?? new Set<string>();
      byValue.set(text, ids);
      if (add) ids.add(record.id);
      else ids.delete(record.id);
    }
  }

  private rebuildIndexes(): void {
    this.indexes.clear();
    for (const record of this.records.values()) this.index(record, true);
  }

  /** The records of an object whose indexed field holds `value` (deleted ones included). */
  private withValue(object: SObjectDefinition, definition: FieldDefinition, value: unknown): StoredRecord[] {
    const ids =
      this.indexes.get(`${object.name.toLowerCase()}.${definition.name}`)?.get(textOf(value).toLowerCase()) ??
      new Set<string>();
    return [...ids].flatMap((id) => {
      const record = this.records.get(id);
      return record ? [record] : [];
    });
  }

  keyPrefixOf(objectName: string): string | undefined {
    return this.objects.get(objectName.toLowerCase())?.keyPrefix;
  }

  exists(id: string): boolean {
    const record = this.records.get(id);
    return record !== undefined && !record.deleted;
  }

  private nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /** A record of `objectName` by id (15 or 18 characters), deleted ones included. */
  find(objectName: string, id: string): StoredRecord | undefined {
    const record = this.findById(id);
    return record && record.object.name.toLowerCase() === objectName.toLowerCase() ? record : undefined;
  }

  /** A record of any object by id (15 or 18 characters), deleted ones included. */
  findById(id: string): StoredRecord | undefined {
    const normalized = normalizeId(id);
    return normalized ? this.records.get(normalized) : undefined;
  }

  /** A live record for a read or write; 404 NOT_FOUND or ENTITY_IS_DELETED otherwise. */
  live(objectName: string, id: string): StoredRecord {
    this.object(objectName);
    const record = this.find(objectName, id);
    if (!record) throw notFound();
    if (record.deleted) throw new SalesforceApiError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
    return record;
  }

  all(objectName: string): StoredRecord[] {
    const object = this.object(objectName);
    return [...this.records.values()].filter((record) => record.object === object);
  }

  /** Checks and converts a request body into stored values. */
  private validate(object: SObjectDefinition, body: unknown, mode: 'create' | 'update'): RecordValues {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new SalesforceApiError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object of field values');
    }
    const entries = Object.entries(body as Record<string, unknown>).filter(([name]) => name !== 'attributes');
    const definitions = entries.map(([name, value]) => {
      const definition = fieldOf(object, name);
      if (!definition) {
        throw new SalesforceApiError(
          400,
          'INVALID_FIELD',
          `No such column '${name}' on sobject of type ${object.name}`,
          [name]
        );
      }
      return { definition, value };
    });
    const notWritable = definitions
      .filter(({ definition }) => (mode === 'create' ? !definition.createable : !definition.updateable))
      .filter(({ definition }) => !(mode === 'update' && definition.name === 'Id'))
      .map(({ definition }) => definition.name);
    if (notWritable.length > 0) {
      throw new SalesforceApiError(
        400,
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${notWritable.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        notWritable
      );
    }
    const values: RecordValues = {};
    for (const { definition, value } of definitions) {
      if (definition.name === 'Id') continue;
      values[definition.name] = coerceFieldValue(definition, value, this);
    }
    return values;
  }

  private checkRequired(object: SObjectDefinition, values: RecordValues): void {
    const missing = object.fields.filter(
      (definition) => requiredOnCreate(definition) && (values[definition.name] ?? null) === null
    );
    if (missing.length > 0) throw requiredFieldsMissing(missing);
  }

  private checkUnique(object: SObjectDefinition, values: RecordValues, selfId?: string): void {
    for (const definition of object.fields.filter((candidate) => candidate.unique)) {
      const value = values[definition.name];
      if (value === null || value === undefined) continue;
      const clash = this.withValue(object, definition, value).find(
        (record) =>
          !record.deleted &&
          record.id !== selfId &&
          textOf(record.values[definition.name]).toLowerCase() === textOf(value).toLowerCase()
      );
      if (clash) {
        throw new SalesforceApiError(
          400,
          'DUPLICATE_VALUE',
          `duplicate value found: ${definition.name} duplicates value on record with id: ${clash.id}`,
          [definition.name]
        );
      }
    }
  }

  private checkNotLocked(id: string): void {
    if (this.lockedIds.has(id)) {
      throw new SalesforceApiError(
        400,
        'UNABLE_TO_LOCK_ROW',
        `unable to obtain exclusive access to this record or 1 records: ${id}`
      );
    }
  }

  private stamp(record: StoredRecord): void {
    const now = this.nowIso();
    record.values.LastModifiedDate = now;
    record.values.LastModifiedById = this.currentUserId;
    record.values.SystemModstamp = now;
    Object.assign(record.values, record.object.derive?.(record.values) ?? {});
  }

  create(objectName: string, body: unknown): StoredRecord {
    const object = this.object(objectName);
    const given = this.validate(object, body, 'create');
    const defaults: RecordValues = {};
    for (const definition of object.fields) {
      if (definition.defaultValue !== null) defaults[definition.name] = definition.defaultValue;
    }
    if (fieldOf(object, 'OwnerId')) defaults.OwnerId = this.currentUserId;
    this.sequence += 1;
    const values: RecordValues = { ...defaults, ...given };
    Object.assign(values, object.onCreate?.(values, this.sequence) ?? {});
    this.checkRequired(object, values);
    this.checkUnique(object, values);
    const id = this.ids.next(object.keyPrefix);
    const now = this.nowIso();
    const record: StoredRecord = {
      object,
      id,
      values: { ...values, Id: id, IsDeleted: false, CreatedDate: now, CreatedById: this.currentUserId },
      deleted: false
    };
    this.stamp(record);
    this.records.set(id, record);
    this.index(record, true);
    this.changed({ operation: 'insert', record, before: undefined });
    return record;
  }

  update(objectName: string, id: string, body: unknown): StoredRecord {
    const record = this.live(objectName, id);
    const changes = this.validate(record.object, body, 'update');
    const next = { ...record.values, ...changes };
    const cleared = record.object.fields.filter(
      (definition) =>
        definition.name in changes &&
        !definition.nillable &&
        definition.type !== 'boolean' &&
        changes[definition.name] === null
    );
    if (cleared.length > 0) throw requiredFieldsMissing(cleared);
    this.checkUnique(record.object, next, record.id);
    this.checkNotLocked(record.id);
    this.index(record, false);
    const before = record.values;
    record.values = next;
    this.stamp(record);
    this.index(record, true);
    this.changed({ operation: 'update', record, before });
    return record;
  }

  remove(objectName: string, id: string): void {
    const object = this.object(objectName);
    if (!object.deletable) {
      throw new SalesforceApiError(400, 'INSUFFICIENT_ACCESS_OR_READONLY', `insufficient access rights on object id`);
    }
    const record = this.live(objectName, id);
    this.checkNotLocked(record.id);
    record.deleted = true;
    record.values.IsDeleted = true;
    this.stamp(record);
    this.changed({ operation: 'delete', record, before: undefined });
  }

  /** Restores a deleted record from the recycle bin, as a person does in the UI. */
  undelete(id: string): StoredRecord {
    const record = this.findById(id);
    if (!record) throw notFound();
    if (!record.deleted) throw new SalesforceApiError(400, 'UNDELETE_FAILED', 'Entity is not in the recycle bin');
    record.deleted = false;
    record.values.IsDeleted = false;
    this.stamp(record);
    this.changed({ operation: 'undelete', record, before: undefined });
    return record;
  }

  /**
   * Upsert by external id: creates when nothing matches (created: true), updates the one match, refuses several
   * matches with 300 (MULTIPLE_CHOICES).
   */
  upsert(
    objectName: string,
    externalIdField: string,
    externalId: string,
    body: unknown
  ): { record: StoredRecord; created: boolean } {
    const object = this.object(objectName);
    const definition = fieldOf(object, externalIdField);
    if (!definition || !(definition.externalId || definition.idLookup)) {
      throw new SalesforceApiError(
        404,
        'NOT_FOUND',
        `Provided external ID field does not exist or is not accessible: ${externalIdField}`
      );
    }
    if (typeof body === 'object' && body !== null && definition.name in body) {
      throw new SalesforceApiError(
        400,
        'INVALID_FIELD',
        `The external ID field ${definition.name} is in the URL; it must not also be in the request body`,
        [definition.name]
      );
    }
    const matches = this.withValue(object, definition, externalId).filter(
      (record) => !record.deleted && textOf(record.values[definition.name]).toLowerCase() === externalId.toLowerCase()
    );
    if (matches.length > 1) {
      throw new SalesforceApiError(300, 'MULTIPLE_CHOICES', matches.map((record) => record.id).join(','));
    }
    const [match] = matches;
    if (match) return { record: this.update(object.name, match.id, body), created: false };
    const created = this.create(object.name, { ...(body as RecordValues), [definition.name]: externalId });
    return { record: created, created: true };
  }

  /** A copy of every record, to roll back to (sObject Collections with allOrNone). */
  snapshot(): Map<string, StoredRecord> {
    return new Map([...this.records].map(([id, record]) => [id, { ...record, values: { ...record.values } }]));
  }

  restore(snapshot: Map<string, StoredRecord>): void {
    this.records.clear();
    for (const [id, record] of snapshot) this.records.set(id, record);
    this.rebuildIndexes();
  }

  /** The record as the API writes it: `attributes`, then the fields asked for (all by default). */
  toJson(record: StoredRecord, apiVersion: string, fields?: string[]): Record<string, unknown> {
    const definitions = fields
      ? fields.map((name) => {
          const definition = fieldOf(record.object, name);
          if (!definition)
            throw new SalesforceApiError(
              400,
              'INVALID_FIELD',
              `No such column '${name}' on entity '${record.object.name}'.`,
              [name]
            );
          return definition;
        })
      : record.object.fields;
    return {
      attributes: {
        type: record.object.name,
        url: `/services/data/v${apiVersion}/sobjects/${record.object.name}/${record.id}`
      },
      ...Object.fromEntries(
        definitions.map((definition) => [definition.name, formatFieldValue(definition, record.values[definition.name])])
      )
    };
  }
}
