// The Salesforce package's change capture, for the local mode: what MondayChangeCapture, the platform event and
// MondayOutboxDelivery do in an org (force-app), done here for the Salesforce stand-in. Every write to a record of an
// object with an active Salesforce → monday recipe becomes a change in the wire format (docs/wire-format.md) with the
// values of the fields the recipes use and the fields that changed; a recipe's change becomes a recipe_changes
// batch. Changes are packed per object, signed the Standard Webhooks way and posted to the relay, as the package does.
import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../../src/core/clock';
import type { Logger } from '../../src/core/logger';
import type { RecordChange as IntakeChange } from '../../src/intake/change-batch';
import { signRequest } from '../../src/intake/signature';
import { type RecipeDefinition, recipeDefinitionSchema } from '../../src/sync/recipe';
import type { PackageView } from '../standins/salesforce/package-view';
import type { RecordChange, StoredRecord } from '../standins/salesforce/records';
import { fieldOf } from '../standins/salesforce/describe/objects';
import { formatDateTime, formatFieldValue } from '../standins/salesforce/values';

const recipeObject = 'Monday_Recipe__c';

/** A change batch of the emulated package's outbox. */
export interface OutboxBatch {
  batchId: string;
  objectApiName: string;
  kind: 'record_changes' | 'recipe_changes';
  changes: IntakeChange[];
}

export interface PackageEmulatorSettings {
  /** The relay's base URL. */
  relayUrl: string;
  /** The signing secret (whsec_…) the relay accepts. */
  secret: string;
  orgId: string;
  /** The org's clock (batches are stamped and signed with it). */
  clock?: Clock;
  /** How long a batch the relay did not take waits before it is sent again (5 s by default). */
  retryMs?: number;
}

export class PackageEmulator {
  /** This moment's changes, per object, not yet packed into batches. */
  private readonly pending = new Map<string, { kind: 'record_changes' | 'recipe_changes'; changes: IntakeChange[] }>();
  /** Batches the relay has not taken yet, oldest first. */
  private readonly outbox: OutboxBatch[] = [];
  private flushing: Promise<void> | undefined;
  private scheduled = false;
  private stopped = false;
  private readonly clock: Clock;

  constructor(
    private readonly store: PackageView,
    private readonly settings: PackageEmulatorSettings,
    private readonly logger: Logger
  ) {
    this.clock = settings.clock ?? systemClock;
    store.onChange((change) => {
      this.capture(change);
    });
  }

  /** The fields the active Salesforce → monday recipes of an object use (conditions and mapping). */
  private fieldsUsed(objectApiName: string): Set<string> | undefined {
    const fields = new Set<string>();
    let active = false;
    for (const recipe of this.store.all(recipeObject)) {
      const values = recipe.values;
      if (recipe.deleted || values.Active__c !== true || values.Direction__c !== 'Salesforce_to_monday') continue;
      if (String(values.Object_Api_Name__c).toLowerCase() !== objectApiName.toLowerCase()) continue;
      let definition: RecipeDefinition;
      try {
        definition = recipeDefinitionSchema.parse(JSON.parse(String(values.Definition__c)));
      } catch {
        continue;
      }
      active = true;
      for (const group of definition.conditions) for (const condition of group) fields.add(condition.field);
      for (const entry of definition.mapping) fields.add(entry.field);
    }
    return active ? fields : undefined;
  }

  private capture({ operation, record, before }: RecordChange): void {
    if (this.stopped) return;
    const stamp = formatDateTime(String(record.values.SystemModstamp));
    if (this.store.naming.strip(record.object.name) === recipeObject) {
      this.queue(recipeObject, 'recipe_changes', {
        recordId: record.id,
        operation,
        systemModstamp: stamp,
        changedFields: [],
        values: {}
      });
      return;
    }
    const fields = this.fieldsUsed(record.object.name);
    if (!fields) return;
    const values = this.valuesOf(record, fields);
    // Like MondayChangeCapture: an update that touches none of the recipes' fields is not sent.
    const changedFields =
      operation === 'update' && before
        ? [...fields].filter(
            (name) => JSON.stringify(before[name] ?? null) !== JSON.stringify(record.values[name] ?? null)
          )
        : [];
    if (operation === 'update' && changedFields.length === 0) return;
    // Like MondayChangeBatchBuilder: the record's monday item key goes with it when the relay made it from an item.
    const itemKey = fieldOf(record.object, this.store.name('Monday_Item_Key__c'))
      ? record.values.Monday_Item_Key__c
      : undefined;
    this.queue(record.object.name, 'record_changes', {
      recordId: record.id,
      operation,
      systemModstamp: stamp,
      changedFields,
      values,
      ...(typeof itemKey === 'string' && itemKey !== '' ? { mondayItemKey: itemKey } : {})
    });
  }

  /** The fields' values typed as the REST API writes them. */
  private valuesOf(record: StoredRecord, fields: Set<string>): IntakeChange['values'] {
    const values: IntakeChange['values'] = {};
    for (const name of fields) {
      const definition = fieldOf(record.object, name);
      if (!definition) continue;
      values[definition.name] = formatFieldValue(
        definition,
        record.values[definition.name]
      ) as IntakeChange['values'][string];
    }
    return values;
  }

  private queue(
    objectApiName: string,
    kind: 'record_changes' | 'recipe_changes',
    change: IntakeChange,
    delayMs = 20
  ): void {
    const batch = this.pending.get(objectApiName) ?? { kind, changes: [] };
    batch.changes.push(change);
    this.pending.set(objectApiName, batch);
    // Like a transaction's platform event: the changes of one moment go together, after the write.
    this.schedule(delayMs);
  }

  private schedule(delayMs: number): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      void this.flush();
    }, delayMs);
  }

  /** This moment's changes become batches of the outbox, one per object. */
  private pack(): void {
    for (const [objectApiName, { kind, changes }] of this.pending)
      this.outbox.push({ batchId: randomUUID(), objectApiName, kind, changes });
    this.pending.clear();
  }

  /**
   * What the relay has not taken yet, as the org's outbox holds it: the local mode keeps it in its saved state, so a
   * run that was killed sends it at its next start (the relay ignores a batch it already has, by its id).
   */
  unsent(): OutboxBatch[] {
    this.pack();
    return this.outbox.map((batch) => ({ ...batch }));
  }

  /** Batches a previous run did not deliver, sent first. */
  restore(batches: OutboxBatch[]): void {
    this.outbox.unshift(...batches);
    this.schedule(0);
  }

  /**
   * Sends the outbox in order, one signed batch per object; a batch the relay does not take stays, with the ones
   * after it, and is tried again.
   */
  async flush(): Promise<void> {
    await this.flushing;
    this.pack();
    this.flushing = (async () => {
      for (let batch = this.outbox[0]; batch && !this.stopped; batch = this.outbox[0]) {
        const body = JSON.stringify({
          schemaVersion: 1,
          kind: batch.kind,
          batchId: batch.batchId,
          orgId: this.settings.orgId,
          objectApiName: batch.objectApiName,
          publishedAt: formatDateTime(new Date(this.clock.now()).toISOString()),
          changes: batch.changes
        });
        try {
          const response = await fetch(`${this.settings.relayUrl}/v1/salesforce/changes`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...signRequest(this.settings.secret, batch.batchId, Math.floor(this.clock.now() / 1000), body)
            },
            body
          });
          if (response.status >= 300) throw new Error(`the relay answered HTTP ${response.status}`);
          this.outbox.shift();
        } catch (error) {
          // The package keeps a batch in its outbox until the relay takes it, and tries again later (the outbox's
          // backoff starts at a minute; a few seconds here).
          this.logger.warn(
            { err: error, objectApiName: batch.objectApiName },
            'a change batch will be sent again in 5 s'
          );
          this.schedule(5_000);
          return;
        }
      }
    })();
    await this.flushing;
  }

  stop(): void {
    this.stopped = true;
  }
}
