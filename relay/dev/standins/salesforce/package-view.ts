// The org's records as test code and the package's emulation write them: the package's names bare
// (Monday_Recipe__c, Link_Key__c), whatever the namespace the stand-in was installed with. Apex in a managed package
// reads and writes its own objects without the prefix too; only the API (what the relay uses) must carry it. So the
// relay is held to the prefixed names over HTTP, while tests stay the same with and without a namespace.
import type { PackageNaming } from './package-objects';
import type { RecordChange, RecordStore, StoredRecord } from './records';

export class PackageView {
  constructor(
    private readonly store: RecordStore,
    readonly naming: PackageNaming
  ) {}

  /** A name as the org knows it: the package's objects and fields qualified, others unchanged. */
  name(name: string): string {
    return this.naming.isPackageName(name) ? this.naming.qualify(name) : name;
  }

  private toOrg(body: unknown): unknown {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
    return Object.fromEntries(Object.entries(body).map(([key, value]) => [this.name(key), value]));
  }

  /**
   * The record with the package's names bare: a live view, so that a test holding it sees later writes, as it
   * does without a namespace (the record itself).
   */
  private fromOrg(record: StoredRecord): StoredRecord {
    if (!this.naming.namespace) return record;
    const view = (values: StoredRecord['values']): StoredRecord['values'] =>
      new Proxy(values, {
        get: (target, key) => (typeof key === 'string' ? target[this.name(key)] : undefined),
        has: (target, key) => typeof key === 'string' && this.name(key) in target,
        ownKeys: (target) => Object.keys(target).map((key) => this.naming.strip(key)),
        getOwnPropertyDescriptor: (target, key) =>
          typeof key === 'string' && this.name(key) in target
            ? { value: target[this.name(key)], enumerable: true, configurable: true, writable: true }
            : undefined,
        set: (target, key, value) => {
          if (typeof key === 'string') target[this.name(key)] = value as never;
          return true;
        }
      });
    return new Proxy(record, {
      get: (target, key) => (key === 'values' ? view(target.values) : (target as never)[key])
    });
  }

  all(objectName: string): StoredRecord[] {
    return this.store.all(this.name(objectName)).map((record) => this.fromOrg(record));
  }

  find(objectName: string, id: string): StoredRecord | undefined {
    const record = this.store.find(this.name(objectName), id);
    return record && this.fromOrg(record);
  }

  create(objectName: string, body: unknown): StoredRecord {
    return this.fromOrg(this.store.create(this.name(objectName), this.toOrg(body)));
  }

  update(objectName: string, id: string, body: unknown): StoredRecord {
    return this.fromOrg(this.store.update(this.name(objectName), id, this.toOrg(body)));
  }

  onChange(listener: (change: RecordChange) => void): void {
    this.store.onChange((change) => {
      const before = change.before && { ...this.fromOrg({ ...change.record, values: change.before }).values };
      listener({ ...change, record: this.fromOrg(change.record), before });
    });
  }
}
