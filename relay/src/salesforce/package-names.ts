// The names of the package's objects and fields as the org knows them. Installed as a managed package, every one
// carries the package's namespace prefix in REST paths, SOQL, bodies and answers (`ns__Monday_Recipe__c`,
// `ns__Link_Key__c`); deployed unmanaged (a scratch org, the package's development org) they have none. The relay
// writes the package's names bare and lets this module qualify them on the way out and strip them on the way in.
// The prefix is read from the org's global describe: the object whose name ends in Monday_Recipe__c.
import { z } from 'zod';
import type { SalesforceClient } from './client';
import { SalesforcePackageMissingError } from './errors';

/** The package's object every install has, by which the prefix is found. */
const anchorObject = 'Monday_Recipe__c';

const globalDescribe = z.object({ sobjects: z.array(z.object({ name: z.string() })) });

/** A custom name without a namespace of its own: `Link_Key__c`, not `other__Link_Key__c` nor `Name`. */
const bareCustomName = /^(?!.*__.*__)[A-Za-z][A-Za-z0-9_]*__[cre]$/;

export class PackageNames {
  /** @param prefix the namespace with its separator (`ns__`), or '' */
  constructor(readonly prefix: string) {}

  /** A package object or field as the org names it: `Monday_Link__c` → `ns__Monday_Link__c`. */
  qualify(name: string): string {
    return this.prefix && bareCustomName.test(name) ? `${this.prefix}${name}` : name;
  }

  /** A name from the org as the relay names it: `ns__Link_Key__c` → `Link_Key__c`; others unchanged. */
  strip(name: string): string {
    return this.prefix && name.startsWith(this.prefix) ? name.slice(this.prefix.length) : name;
  }

  /** A body for one of the package's records: its custom field names qualified. */
  toOrg(values: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(values).map(([name, value]) => [this.qualify(name), value]));
  }

  /** A row of one of the package's objects from a query: its field names stripped. */
  fromOrg(row: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(row).map(([name, value]) => [this.strip(name), value]));
  }

  /**
   * A query on the package's own objects: every bare custom name in it qualified. Only for the package's queries:
   * a subscriber's custom object named in one would be qualified too.
   */
  soql(query: string): string {
    if (!this.prefix) return query;
    // Outside quoted literals only: a value that happens to end in __c is a value.
    return query
      .split(/('(?:[^'\\]|\\.)*')/)
      .map((part, index) =>
        index % 2 === 1 ? part : part.replace(/\b[A-Za-z][A-Za-z0-9_]*__[cr]\b/g, (name) => this.qualify(name))
      )
      .join('');
  }
}

/** The org's package names, found once per session of the client (a reconnect may be to another org). */
export async function discoverPackageNames(salesforce: SalesforceClient): Promise<PackageNames> {
  const answer = globalDescribe.parse((await salesforce.request('GET', '/sobjects')).data);
  const anchor = answer.sobjects.find(
    (sobject) => sobject.name === anchorObject || sobject.name.endsWith(`__${anchorObject}`)
  );
  if (!anchor) {
    throw new SalesforcePackageMissingError(
      `The org has no ${anchorObject} object: install the monday Sync package in it, and give the relay's user the monday Sync Relay permission set.`
    );
  }
  return new PackageNames(anchor.name.slice(0, anchor.name.length - anchorObject.length));
}
