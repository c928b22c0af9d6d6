// Single-record resources: the writes the relay makes, and every refusal it must understand.
import { ManualClock } from '../../../../test/manual-clock';
import { type SalesforceFixture, startSalesforce } from '../../../../test/salesforce-standin';
import { field } from '../describe/fields';

let fixture: SalesforceFixture;
let clock: ManualClock;
beforeEach(async () => {
  clock = new ManualClock();
  fixture = await startSalesforce({ clock });
});
afterEach(async () => {
  await fixture.standIn.close();
});

const createLead = (body: Record<string, unknown>) =>
  fixture.rest('POST', '/sobjects/Lead', { LastName: 'Smith', Company: 'Acme', ...body });

describe('create, read, update, delete, undelete', () => {
  it('creates a record (201 with an 18-character id) and reads it back in the API formats', async () => {
    const created = await createLead({
      Email: 'smith@acme.com',
      AnnualRevenue: 1200000.4,
      NumberOfEmployees: '42',
      Industry: 'Retail'
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^00Q[a-zA-Z0-9]{15}$/), success: true, errors: [] });
    const read = await fixture.rest('GET', `/sobjects/Lead/${created.body.id}`);
    expect(read.body).toMatchObject({
      attributes: { type: 'Lead', url: `/services/data/v65.0/sobjects/Lead/${created.body.id}` },
      Name: 'Smith',
      Status: 'Open - Not Contacted',
      AnnualRevenue: 1200000,
      NumberOfEmployees: 42,
      IsDeleted: false,
      OwnerId: fixture.standIn.adminUserId,
      CreatedDate: '2026-11-25T10:00:00.000+0000',
      SystemModstamp: '2026-11-25T10:00:00.000+0000'
    });
  });

  it('reads the fields asked for, and accepts the 15-character id', async () => {
    const { body } = await createLead({ FirstName: 'Ann' });
    const read = await fixture.rest('GET', `/sobjects/Lead/${body.id.slice(0, 15)}?fields=Name,Company`);
    expect(read.body).toEqual({ attributes: expect.any(Object), Name: 'Ann Smith', Company: 'Acme' });
  });

  it('updates with PATCH (204), moving LastModifiedDate and SystemModstamp, and computing formulas', async () => {
    const { body } = await fixture.rest('POST', '/sobjects/Opportunity', {
      Name: 'Big deal',
      StageName: 'Prospecting',
      CloseDate: '2026-12-31',
      Amount: 1000
    });
    clock.advance(5_000);
    const patched = await fixture.rest('PATCH', `/sobjects/Opportunity/${body.id}`, {
      StageName: 'Closed Won',
      Probability: 100
    });
    expect(patched.status).toBe(204);
    const read = await fixture.rest('GET', `/sobjects/Opportunity/${body.id}`);
    expect(read.body).toMatchObject({
      IsWon: true,
      IsClosed: true,
      ExpectedRevenue: 1000,
      CreatedDate: '2026-11-25T10:00:00.000+0000',
      LastModifiedDate: '2026-11-25T10:00:05.000+0000',
      SystemModstamp: '2026-11-25T10:00:05.000+0000'
    });
  });

  it('deletes (204), answers ENTITY_IS_DELETED afterwards, and undeletes from the recycle bin', async () => {
    const { body } = await createLead({});
    expect((await fixture.rest('DELETE', `/sobjects/Lead/${body.id}`)).status).toBe(204);
    const again = await fixture.rest('PATCH', `/sobjects/Lead/${body.id}`, { Company: 'Other' });
    expect(again.status).toBe(404);
    expect(again.body[0].errorCode).toBe('ENTITY_IS_DELETED');
    fixture.standIn.store.undelete(body.id);
    expect((await fixture.rest('GET', `/sobjects/Lead/${body.id}`)).body.IsDeleted).toBe(false);
  });

  it('answers NOT_FOUND for an id that does not exist and MALFORMED_ID for one that is not an id', async () => {
    const missing = await fixture.rest('PATCH', '/sobjects/Lead/00Q5g0000000000', { Company: 'x' });
    expect(missing.status).toBe(404);
    const malformed = await fixture.rest('PATCH', '/sobjects/Lead/not-an-id', { Company: 'x' });
    expect(malformed.status).toBe(400);
    expect(malformed.body[0].errorCode).toBe('MALFORMED_ID');
  });

  it('writes custom objects and custom fields', async () => {
    fixture.standIn.store.defineCustomObject({
      name: 'Invoice__c',
      fields: [field('Total__c', 'currency'), field('Paid__c', 'boolean')]
    });
    fixture.standIn.store.addFields('Lead', [field('Region__c', 'string', { length: 20 })]);
    const invoice = await fixture.rest('POST', '/sobjects/Invoice__c', { Name: 'INV-1', Total__c: 99.999 });
    expect((await fixture.rest('GET', `/sobjects/Invoice__c/${invoice.body.id}`)).body).toMatchObject({
      Total__c: 100,
      Paid__c: false
    });
    expect((await createLead({ Region__c: 'EMEA' })).status).toBe(201);
  });
});

describe('refusals, with the real error codes and fields', () => {
  it.each<[string, Record<string, unknown>, number, string, string[]]>([
    ['a missing required field', { LastName: null }, 400, 'REQUIRED_FIELD_MISSING', ['LastName']],
    ['an unknown field', { Shoe__c: '42' }, 400, 'INVALID_FIELD', ['Shoe__c']],
    ['a read-only field', { Name: 'Full Name' }, 400, 'INVALID_FIELD_FOR_INSERT_UPDATE', ['Name']],
    ['a compound address', { Address: { city: 'Paris' } }, 400, 'INVALID_FIELD_FOR_INSERT_UPDATE', ['Address']],
    ['a string over its length', { Company: 'x'.repeat(256) }, 400, 'STRING_TOO_LONG', ['Company']],
    [
      'a value outside a restricted picklist',
      { Status: 'Maybe' },
      400,
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      ['Status']
    ],
    ['an invalid email', { Email: 'smith-at-acme' }, 400, 'INVALID_EMAIL_ADDRESS', ['Email']],
    ['a number that is not one', { AnnualRevenue: 'a lot' }, 400, 'JSON_PARSER_ERROR', []],
    [
      'a number too large for its precision',
      { AnnualRevenue: 1e19 },
      400,
      'NUMBER_OUTSIDE_VALID_RANGE',
      ['AnnualRevenue']
    ],
    ['a malformed reference', { OwnerId: 'nobody' }, 400, 'MALFORMED_ID', ['OwnerId']],
    ['a reference to another object', { OwnerId: '00Q5g0000000000' }, 400, 'FIELD_INTEGRITY_EXCEPTION', ['OwnerId']]
  ])('refuses %s on create and stores nothing', async (_what, body, status, errorCode, fields) => {
    const answer = await createLead(body);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual([{ message: expect.any(String), errorCode, fields }]);
    expect(fixture.standIn.store.all('Lead')).toHaveLength(0);
  });

  it('names every missing required field', async () => {
    const answer = await fixture.rest('POST', '/sobjects/Opportunity', { Amount: 10 });
    expect(answer.body[0]).toEqual({
      message: 'Required fields are missing: [Name, StageName, CloseDate]',
      errorCode: 'REQUIRED_FIELD_MISSING',
      fields: ['Name', 'StageName', 'CloseDate']
    });
  });

  it('refuses a date that is not YYYY-MM-DD and a datetime that is not ISO 8601', async () => {
    const date = await fixture.rest('POST', '/sobjects/Opportunity', {
      Name: 'x',
      StageName: 'Prospecting',
      CloseDate: '31/12/2026'
    });
    expect(date.body[0]).toMatchObject({ errorCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD', fields: ['CloseDate'] });
  });

  it('refuses an update of a field that cannot be updated (created once, then read-only)', async () => {
    const { body } = await fixture.rest('POST', '/sobjects/Case', { Subject: 'Broken' });
    const answer = await fixture.rest('PATCH', `/sobjects/Case/${body.id}`, { CaseNumber: '1' });
    expect(answer.body[0]).toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['CaseNumber'] });
  });

  it('refuses clearing a required field on update', async () => {
    const { body } = await createLead({});
    const answer = await fixture.rest('PATCH', `/sobjects/Lead/${body.id}`, { Company: null });
    expect(answer.body[0]).toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Company'] });
  });

  it('answers UNABLE_TO_LOCK_ROW for a record locked by another transaction', async () => {
    const { body } = await createLead({});
    fixture.standIn.store.lockedIds.add(body.id);
    const answer = await fixture.rest('PATCH', `/sobjects/Lead/${body.id}`, { Company: 'Other' });
    expect(answer.body[0].errorCode).toBe('UNABLE_TO_LOCK_ROW');
    expect(fixture.standIn.store.find('Lead', body.id)!.values.Company).toBe('Acme');
  });

  it('refuses a body that is not JSON', async () => {
    const answer = await fixture.rest('POST', '/sobjects/Lead', '{"LastName": ');
    expect(answer.status).toBe(400);
    expect(answer.body[0].errorCode).toBe('JSON_PARSER_ERROR');
  });

  it('refuses deleting a user', async () => {
    const answer = await fixture.rest('DELETE', `/sobjects/User/${fixture.standIn.adminUserId}`);
    expect(answer.status).toBe(400);
  });
});

describe('upsert by external id', () => {
  beforeEach(() => {
    fixture.standIn.store.addFields('Lead', [
      field('Monday_Item__c', 'string', { length: 30, externalId: true, unique: true })
    ]);
  });

  it('creates (201, created: true), then updates (200, created: false) the same record', async () => {
    const first = await fixture.rest('PATCH', '/sobjects/Lead/Monday_Item__c/1234', {
      LastName: 'Smith',
      Company: 'Acme'
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ success: true, created: true });
    const second = await fixture.rest('PATCH', '/sobjects/Lead/Monday_Item__c/1234', { Company: 'Acme Corp' });
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ id: first.body.id, success: true, errors: [], created: false });
    expect(fixture.standIn.store.all('Lead')).toHaveLength(1);
  });

  it('answers 300 with the candidates when several records match', async () => {
    fixture.standIn.store.addFields('Lead', [field('Legacy_Key__c', 'string', { length: 30, externalId: true })]);
    await createLead({ Legacy_Key__c: 'dup' });
    await createLead({ Legacy_Key__c: 'dup' });
    const answer = await fixture.rest('PATCH', '/sobjects/Lead/Legacy_Key__c/dup', { Company: 'x' });
    expect(answer.status).toBe(300);
    expect(answer.body).toHaveLength(2);
  });

  it('refuses a field that is not an external id', async () => {
    const answer = await fixture.rest('PATCH', '/sobjects/Lead/Company/Acme', { LastName: 'x' });
    expect(answer.status).toBe(404);
  });
});
