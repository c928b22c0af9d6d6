// sObject Collections: batches of up to 200 records with per-record results (statusCode errors) and allOrNone.
import { type SalesforceFixture, startSalesforce } from '../../../../test/salesforce-standin';
import { field } from '../describe/fields';

let fixture: SalesforceFixture;
beforeEach(async () => {
  fixture = await startSalesforce();
  fixture.standIn.store.addFields('Lead', [
    field('Monday_Item__c', 'string', { length: 30, externalId: true, unique: true })
  ]);
});
afterEach(async () => {
  await fixture.standIn.close();
});

const lead = (fields: Record<string, unknown>) => ({
  attributes: { type: 'Lead' },
  LastName: 'Smith',
  Company: 'Acme',
  ...fields
});

describe('sObject Collections', () => {
  it('creates several records and answers one result per record, in order', async () => {
    const answer = await fixture.rest('POST', '/composite/sobjects', {
      allOrNone: false,
      records: [lead({ FirstName: 'A' }), lead({ FirstName: 'B' })]
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([
      { id: expect.stringMatching(/^00Q/), success: true, errors: [] },
      { id: expect.stringMatching(/^00Q/), success: true, errors: [] }
    ]);
  });

  it('answers per-record failures with statusCode (not errorCode) and keeps the others when allOrNone is false', async () => {
    const answer = await fixture.rest('POST', '/composite/sobjects', {
      allOrNone: false,
      records: [lead({}), lead({ Status: 'Maybe' })]
    });
    expect(answer.status).toBe(200);
    expect(answer.body[0].success).toBe(true);
    expect(answer.body[1]).toEqual({
      success: false,
      errors: [
        {
          statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          message: expect.stringContaining('Maybe'),
          fields: ['Status']
        }
      ]
    });
    expect(fixture.standIn.store.all('Lead')).toHaveLength(1);
  });

  it('rolls everything back when allOrNone is true and one record fails', async () => {
    const answer = await fixture.rest('POST', '/composite/sobjects', {
      allOrNone: true,
      records: [lead({}), lead({ LastName: null })]
    });
    expect(answer.body[0]).toEqual({
      success: false,
      errors: [expect.objectContaining({ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' })]
    });
    expect(answer.body[1].errors[0].statusCode).toBe('REQUIRED_FIELD_MISSING');
    expect(fixture.standIn.store.all('Lead')).toHaveLength(0);
  });

  it('refuses more than 200 records', async () => {
    const answer = await fixture.rest('POST', '/composite/sobjects', {
      records: Array.from({ length: 201 }, () => lead({}))
    });
    expect(answer.status).toBe(400);
    expect(answer.body[0].errorCode).toBe('EXCEEDED_ID_LIMIT');
    expect(fixture.standIn.store.all('Lead')).toHaveLength(0);
  });

  it('refuses a record without attributes.type', async () => {
    const answer = await fixture.rest('POST', '/composite/sobjects', {
      records: [{ LastName: 'Smith', Company: 'Acme' }]
    });
    expect(answer.body[0]).toMatchObject({ success: false, errors: [{ statusCode: 'INVALID_TYPE' }] });
  });

  it('updates by id, answering UNABLE_TO_LOCK_ROW for a locked record only', async () => {
    const created = await fixture.rest('POST', '/composite/sobjects', { records: [lead({}), lead({})] });
    const [first, second] = created.body.map((result: { id: string }) => result.id);
    fixture.standIn.store.lockedIds.add(second);
    const answer = await fixture.rest('PATCH', '/composite/sobjects', {
      allOrNone: false,
      records: [
        { attributes: { type: 'Lead' }, id: first, Company: 'Updated' },
        { attributes: { type: 'Lead' }, id: second, Company: 'Updated' }
      ]
    });
    expect(answer.body[0]).toEqual({ id: first, success: true, errors: [] });
    expect(answer.body[1].errors[0].statusCode).toBe('UNABLE_TO_LOCK_ROW');
  });

  it('upserts by external id, saying which records were created', async () => {
    await fixture.rest('PATCH', '/sobjects/Lead/Monday_Item__c/111', { LastName: 'Old', Company: 'Acme' });
    const answer = await fixture.rest('PATCH', '/composite/sobjects/Lead/Monday_Item__c', {
      allOrNone: false,
      records: [lead({ Monday_Item__c: '111', LastName: 'Renamed' }), lead({ Monday_Item__c: '222' })]
    });
    expect(answer.body.map((result: { created: boolean }) => result.created)).toEqual([false, true]);
    expect(
      fixture.standIn.store
        .all('Lead')
        .map((record) => record.values.LastName)
        .sort()
    ).toEqual(['Renamed', 'Smith']);
  });

  // "Duplicate external id specified" (DUPLICATE_VALUE) for each record of a request that repeats a key.
  it('refuses a key given twice in one upsert request, and creates nothing for it', async () => {
    const answer = await fixture.rest('PATCH', '/composite/sobjects/Lead/Monday_Item__c', {
      allOrNone: false,
      records: [lead({ Monday_Item__c: '333' }), lead({ Monday_Item__c: '444' }), lead({ Monday_Item__c: '333' })]
    });
    expect(answer.body.map((result: { success: boolean }) => result.success)).toEqual([false, true, false]);
    expect(answer.body[0].errors[0]).toMatchObject({ statusCode: 'DUPLICATE_VALUE' });
    expect(fixture.standIn.store.all('Lead').map((record) => record.values.Monday_Item__c)).toEqual(['444']);
  });

  it('finds the package item key on the standard objects, from the package metadata', async () => {
    for (const object of ['Account', 'Campaign', 'Case', 'Contact', 'Lead', 'Opportunity', 'Order', 'User']) {
      const describe = await fixture.rest('GET', `/sobjects/${object}/describe`);
      expect(
        describe.body.fields.find((candidate: { name: string }) => candidate.name === 'Monday_Item_Key__c')
      ).toMatchObject({ externalId: true, unique: true, type: 'string', idLookup: true });
    }
  });

  // https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-composite-post.html: up to 25
  // subrequests, at most 5 of them collections or queries, "the entire series of requests counts as a single call".
  it('runs collections as subrequests of one composite call, counted as one API call', async () => {
    const before = fixture.standIn.apiRequestsToday;
    const url = '/services/data/v65.0/composite/sobjects/Lead/Monday_Item__c';
    const answer = await fixture.rest('POST', '/composite', {
      compositeRequest: [
        {
          method: 'PATCH',
          url,
          referenceId: 'first',
          body: { allOrNone: false, records: [lead({ Monday_Item__c: '1' })] }
        },
        {
          method: 'PATCH',
          url,
          referenceId: 'second',
          body: {
            allOrNone: false,
            records: [lead({ Monday_Item__c: '2' }), lead({ Monday_Item__c: '1', LastName: 'Again' })]
          }
        }
      ]
    });
    expect(answer.status).toBe(200);
    expect(
      answer.body.compositeResponse.map((sub: { referenceId: string; httpStatusCode: number }) => [
        sub.referenceId,
        sub.httpStatusCode
      ])
    ).toEqual([
      ['first', 200],
      ['second', 200]
    ]);
    expect(answer.body.compositeResponse[1].body.map((result: { created: boolean }) => result.created)).toEqual([
      true,
      false
    ]);
    expect(fixture.standIn.apiRequestsToday - before).toBe(1);
    expect(
      fixture.standIn.store
        .all('Lead')
        .map((record) => record.values.LastName)
        .sort()
    ).toEqual(['Again', 'Smith']);

    const six = Array.from({ length: 6 }, (_, index) => ({
      method: 'PATCH',
      url,
      referenceId: `r${index}`,
      body: { records: [] }
    }));
    expect((await fixture.rest('POST', '/composite', { compositeRequest: six })).status).toBe(400);
  });

  it('deletes by ids', async () => {
    const created = await fixture.rest('POST', '/composite/sobjects', { records: [lead({}), lead({})] });
    const ids = created.body.map((result: { id: string }) => result.id);
    const answer = await fixture.rest(
      'DELETE',
      `/composite/sobjects?ids=${ids.join(',')},001000000000000&allOrNone=false`
    );
    expect(answer.body.map((result: { success: boolean }) => result.success)).toEqual([true, true, false]);
  });
});
