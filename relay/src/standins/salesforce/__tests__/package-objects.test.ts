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
