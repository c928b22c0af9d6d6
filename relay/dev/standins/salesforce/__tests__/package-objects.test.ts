// The stand-in's org has the package installed, with the fields its metadata defines.
import { type SalesforceFixture, startSalesforce } from '../../../../test/salesforce-standin';

let fixture: SalesforceFixture;
beforeAll(async () => {
  fixture = await startSalesforce();
});
afterAll(async () => {
  await fixture.standIn.close();
});

describe("the package's objects in the stand-in", () => {
  it('describes Monday_Recipe__c from its metadata: required, restricted and external id fields', async () => {
    const fields = new Map<string, any>(
      (await fixture.rest('GET', '/sobjects/Monday_Recipe__c/describe')).body.fields.map((field: any) => [
        field.name,
        field
      ])
    );
    expect(fields.get('Direction__c')).toMatchObject({ type: 'picklist', restrictedPicklist: true, nillable: false });
    expect(fields.get('Direction__c').picklistValues.map((value: any) => value.value)).toEqual([
      'Salesforce_to_monday',
      'monday_to_Salesforce'
    ]);
    expect(fields.get('Definition__c')).toMatchObject({ type: 'textarea', length: 131072 });
    expect(fields.get('Active__c')).toMatchObject({ type: 'boolean' });
  });

  it('upserts links by their external id key and refuses a recipe without its required fields', async () => {
    const link = await fixture.rest('PATCH', '/sobjects/Monday_Link__c/Link_Key__c/00Q5g0000000001EAA:123', {
      Record_Id__c: '00Q5g0000000001EAA',
      Item_Id__c: '123'
    });
    expect(link.status).toBe(201);
    const recipe = await fixture.rest('POST', '/sobjects/Monday_Recipe__c', { Name: 'No direction' });
    expect(recipe.body[0]).toMatchObject({
      errorCode: 'REQUIRED_FIELD_MISSING',
      fields: expect.arrayContaining(['Direction__c', 'Object_Api_Name__c'])
    });
  });
});

describe('the package installed managed, with a namespace', () => {
  let managed: SalesforceFixture;
  beforeAll(async () => {
    managed = await startSalesforce({ namespace: 'mondaysync' });
  });
  afterAll(async () => {
    await managed.standIn.close();
  });

  it('names every object, field and relationship of the package with the prefix, and standard names without', async () => {
    const objects = (await managed.rest('GET', '/sobjects')).body.sobjects.map((sobject: any) => sobject.name);
    expect(objects).toEqual(
      expect.arrayContaining(['mondaysync__Monday_Recipe__c', 'mondaysync__Monday_Link__c', 'Lead'])
    );
    expect(objects).not.toContain('Monday_Recipe__c');
    const link = (await managed.rest('GET', '/sobjects/mondaysync__Monday_Link__c/describe')).body;
    const recipeLookup = link.fields.find((field: any) => field.name === 'mondaysync__Recipe__c');
    expect(recipeLookup).toMatchObject({
      referenceTo: ['mondaysync__Monday_Recipe__c'],
      relationshipName: 'mondaysync__Recipe__r'
    });
    const lead = (await managed.rest('GET', '/sobjects/Lead/describe')).body;
    expect(lead.fields.map((field: any) => field.name)).toEqual(
      expect.arrayContaining(['LastName', 'mondaysync__Monday_Item_Key__c'])
    );
  });

  it('refuses the bare names over the API, as an org with the managed package does', async () => {
    expect((await managed.rest('GET', '/sobjects/Monday_Recipe__c/describe')).status).toBe(404);
    const query = await managed.rest(
      'GET',
      `/query?q=${encodeURIComponent('SELECT Id, Link_Key__c FROM mondaysync__Monday_Link__c')}`
    );
    expect(query.status).toBe(400);
    expect(query.body[0].errorCode).toBe('INVALID_FIELD');
    const created = await managed.rest('POST', '/sobjects/mondaysync__Monday_Link__c', {
      Record_Id__c: '00Q5g0000000001EAA',
      mondaysync__Item_Id__c: '123'
    });
    expect(created.status).toBe(400);
  });

  it('lets test code and the package emulation use the bare names, as Apex in the package does', () => {
    const recipe = managed.standIn.org.create('Monday_Recipe__c', {
      Name: 'Leads',
      Active__c: true,
      Direction__c: 'Salesforce_to_monday',
      Kind__c: 'Create_Item',
      Object_Api_Name__c: 'Lead',
      Board_Id__c: '42',
      Definition__c: '{}'
    });
    expect(managed.standIn.store.find('mondaysync__Monday_Recipe__c', recipe.id)!.values).toMatchObject({
      mondaysync__Board_Id__c: '42'
    });
    managed.standIn.org.update('Monday_Recipe__c', recipe.id, { Board_Id__c: '43' });
    expect(recipe.values.Board_Id__c).toBe('43');
  });
});
