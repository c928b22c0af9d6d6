import { SalesforceStandIn } from '../../../dev/standins/salesforce/server';
import { treatmentOf } from '../../sync/failure-policy';
import type { SalesforceClient } from '../client';
import { SalesforcePackageMissingError } from '../errors';
import { PackageNames, discoverPackageNames } from '../package-names';
import { salesforceClientFor } from '../../../test/salesforce-standin';

describe('PackageNames', () => {
  const managed = new PackageNames('ns__');
  const unmanaged = new PackageNames('');

  it("qualifies the package's custom names only, and strips them back", () => {
    expect(managed.qualify('Monday_Link__c')).toBe('ns__Monday_Link__c');
    expect(managed.qualify('Recipe__r')).toBe('ns__Recipe__r');
    expect(managed.qualify('Name')).toBe('Name');
    expect(managed.qualify('other__Field__c')).toBe('other__Field__c');
    expect(managed.strip('ns__Link_Key__c')).toBe('Link_Key__c');
    expect(managed.strip('LastName')).toBe('LastName');
    expect(unmanaged.qualify('Monday_Link__c')).toBe('Monday_Link__c');
  });

  it('names bodies, rows and queries of the package as the org does', () => {
    expect(managed.toOrg({ Id: 'a01', Link_Key__c: 'k', Name: 'n' })).toEqual({
      Id: 'a01',
      ns__Link_Key__c: 'k',
      Name: 'n'
    });
    expect(managed.fromOrg({ Id: 'a01', ns__Batch_Id__c: 'b' })).toEqual({ Id: 'a01', Batch_Id__c: 'b' });
    expect(
      managed.soql("SELECT Id, Recipe__r.Name, Batch_Id__c FROM Monday_Outbox__c WHERE Status__c = 'Pending__c'")
    ).toBe(
      "SELECT Id, ns__Recipe__r.Name, ns__Batch_Id__c FROM ns__Monday_Outbox__c WHERE ns__Status__c = 'Pending__c'"
    );
  });
});

describe('discoverPackageNames', () => {
  it.each([
    ['managed, with a namespace', 'mondaysync', 'mondaysync__'],
    ['unmanaged', undefined, '']
  ])('finds the prefix of a package installed %s from the global describe', async (_kind, namespace, prefix) => {
    const standIn = await new SalesforceStandIn(namespace ? { namespace } : {}).start();
    try {
      expect((await salesforceClientFor(standIn).packageNames()).prefix).toBe(prefix);
    } finally {
      await standIn.close();
    }
  });

  it('says the package is missing, and the connection waits for an admin as for a refused token', async () => {
    const client = { request: jest.fn().mockResolvedValue({ data: { sobjects: [{ name: 'Lead' }] } }) };
    const failure = await discoverPackageNames(client as unknown as SalesforceClient).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SalesforcePackageMissingError);
    expect((failure as Error).message).toMatch(/install the monday Sync package/);
    expect(treatmentOf(failure)).toMatchObject({ kind: 'postpone', pause: true, connectionRefused: true });
  });
});
