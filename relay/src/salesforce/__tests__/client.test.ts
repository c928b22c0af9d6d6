// The Salesforce client against the stand-in: sessions, refresh, limits, errors, paging, collections.
import axios from 'axios';
import { ManualClock } from '../../../test/manual-clock';
import { createLogger } from '../../core/logger';
import { SalesforceStandIn, type SalesforceStandInOptions } from '../../../dev/standins/salesforce/server';
import { SalesforceClient } from '../client';
import {
  SalesforceAuthError,
  SalesforceRequestError,
  SalesforceRequestLimitError,
  SalesforceUnavailableError,
  SalesforceRecordBusyError,
  SalesforceConcurrencyLimitError
} from '../errors';

let standIn: SalesforceStandIn;
let refreshToken: string;

async function start(options: SalesforceStandInOptions = {}): Promise<SalesforceClient> {
  standIn = await new SalesforceStandIn(options).start();
  refreshToken = standIn.oauth.issueRefreshToken(standIn.adminUserId);
  return new SalesforceClient(
    axios.create(),
    { loginUrl: standIn.loginUrl, clientId: 'standin-client-id', clientSecret: 'standin-client-secret', refreshToken },
    createLogger('silent')
  );
}

afterEach(async () => {
  await standIn.close();
});

describe('SalesforceClient', () => {
  it('logs in once and calls the instance_url the token endpoint answers', async () => {
    const client = await start();
    const created = await client.request('POST', '/sobjects/Lead', { LastName: 'Smith', Company: 'Acme' });
    expect(created.status).toBe(201);
    await client.request('GET', `/sobjects/Lead/${created.data.id}`);
    expect(standIn.oauth.refreshCount).toBe(1);
    expect(client.apiUsage).toEqual({ used: 2, limit: 100_000 });
  });

  it('refreshes an ended session once and retries, even for many calls at once', async () => {
    const clock = new ManualClock();
    const client = await start({ clock, oauth: { sessionLifetimeMs: 60_000 } });
    await client.request('GET', '/limits');
    clock.advance(60_000);
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => client.request('GET', '/limits')));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(standIn.oauth.refreshCount).toBe(2);
  });

  it('answers SalesforceAuthError when the refresh token was revoked', async () => {
    const client = await start();
    standIn.oauth.revoke(refreshToken);
    await expect(client.request('GET', '/limits')).rejects.toBeInstanceOf(SalesforceAuthError);
  });

  it('answers SalesforceRequestLimitError when the daily allocation is spent', async () => {
    const client = await start({ dailyApiRequests: 1 });
    await client.request('GET', '/limits');
    await expect(client.request('GET', '/limits')).rejects.toBeInstanceOf(SalesforceRequestLimitError);
  });

  it('tells an unavailable Salesforce (5xx) from a locked row, which only that record waits for', async () => {
    const client = await start();
    standIn.faults.failNext(1, 503);
    await expect(client.request('GET', '/limits')).rejects.toBeInstanceOf(SalesforceUnavailableError);
    const lead = await client.request('POST', '/sobjects/Lead', { LastName: 'Smith', Company: 'Acme' });
    standIn.store.lockedIds.add(lead.data.id);
    await expect(
      client.request('PATCH', `/sobjects/Lead/${lead.data.id}`, { Company: 'Other' })
    ).rejects.toBeInstanceOf(SalesforceRecordBusyError);
  });

  // REQUEST_LIMIT_EXCEEDED is the code of the daily allocation and of the concurrent long requests alike; the message
  // tells them apart (https://developer.salesforce.com/docs/platform/salesforce-app-limits-cheatsheet/guide/salesforce-app-limits-platform-api.html).
  it('answers a concurrency limit as a short wait, and only the daily allocation as a pause', async () => {
    const client = await start();
    standIn.refuseConcurrentRequests(1);
    const refused = await client.request('GET', '/limits').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SalesforceConcurrencyLimitError);
    expect((refused as SalesforceConcurrencyLimitError).retryAfterMs).toBeGreaterThan(0);
    expect((await client.request('GET', '/limits')).status).toBe(200);
  });

  it('answers SalesforceRequestError with the error code and fields of a refusal', async () => {
    const client = await start();
    await expect(client.request('POST', '/sobjects/Lead', { Company: 'Acme' })).rejects.toMatchObject({
      constructor: SalesforceRequestError,
      errorCode: 'REQUIRED_FIELD_MISSING',
      fields: ['LastName']
    });
  });

  it('reads every page of a query', async () => {
    const client = await start({ queryBatchSize: 2 });
    for (let index = 0; index < 5; index += 1)
      await client.request('POST', '/sobjects/Lead', { LastName: `Lead ${index}`, Company: 'Acme' });
    const records = await client.query('SELECT Id, LastName FROM Lead ORDER BY LastName');
    expect(records.map((record) => record.LastName)).toEqual(['Lead 0', 'Lead 1', 'Lead 2', 'Lead 3', 'Lead 4']);
  });

  it('upserts a collection by external id, answering which records were created', async () => {
    const client = await start();
    const first = await client.upsertCollection('Monday_Link__c', 'Link_Key__c', [
      { Link_Key__c: 'a:1', Record_Id__c: '00Q5g0000000001EAA', Item_Id__c: '1' }
    ]);
    const second = await client.upsertCollection('Monday_Link__c', 'Link_Key__c', [
      { Link_Key__c: 'a:1', Record_Id__c: '00Q5g0000000001EAA', Item_Id__c: '1', Last_Sync_Status__c: 'Synced' },
      { Link_Key__c: 'b:2', Record_Id__c: '00Q5g0000000002EAA', Item_Id__c: '2', Last_Sync_Status__c: 'Nope' }
    ]);
    expect(first).toEqual([expect.objectContaining({ success: true, created: true })]);
    expect(second[0]).toMatchObject({ success: true, created: false });
    expect(second[1]).toMatchObject({
      success: false,
      errors: [expect.objectContaining({ statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST' })]
    });
  });
});
