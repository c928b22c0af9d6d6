// Connecting as the relay does: the refresh-token grant, the instance URL, sessions that end, revoked access,
// the daily API allocation and its header, and injected faults.
import { ManualClock } from '../../../../test/manual-clock';
import { type SalesforceFixture, startSalesforce } from '../../../../test/salesforce-standin';

let fixture: SalesforceFixture;
let clock: ManualClock;
beforeEach(async () => {
  clock = new ManualClock();
  fixture = await startSalesforce({ clock, dailyApiRequests: 5, oauth: { sessionLifetimeMs: 60_000 } });
});
afterEach(async () => {
  await fixture.standIn.close();
});

async function tokenRequest(form: Record<string, string>) {
  const response = await fetch(`${fixture.standIn.loginUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString()
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

const grant = (refreshToken: string, overrides: Record<string, string> = {}) =>
  tokenRequest({
    grant_type: 'refresh_token',
    client_id: 'standin-client-id',
    client_secret: 'standin-client-secret',
    refresh_token: refreshToken,
    ...overrides
  });

describe('OAuth', () => {
  it('answers an access token and the instance URL, which is not the login host', async () => {
    const refreshToken = fixture.standIn.oauth.issueRefreshToken(fixture.standIn.adminUserId);
    const answer = await grant(refreshToken);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      token_type: 'Bearer',
      instance_url: fixture.standIn.instanceUrl,
      scope: 'api refresh_token'
    });
    expect(answer.body).not.toHaveProperty('expires_in');
    expect(answer.body.instance_url).not.toBe(fixture.standIn.loginUrl);

    const onInstance = await fetch(`${answer.body.instance_url}/services/data/v65.0/limits`, {
      headers: { authorization: `Bearer ${answer.body.access_token}` }
    });
    expect(onInstance.status).toBe(200);
    const onLogin = await fetch(`${fixture.standIn.loginUrl}/services/data/v65.0/limits`, {
      headers: { authorization: `Bearer ${answer.body.access_token}` }
    });
    expect(onLogin.status).toBe(404);
  });

  it('ends sessions after their lifetime: 401 INVALID_SESSION_ID, then a refresh works again', async () => {
    expect((await fixture.rest('GET', '/limits')).status).toBe(200);
    clock.advance(60_000);
    const expired = await fixture.rest('GET', '/limits');
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    const refreshed = await grant(fixture.standIn.oauth.issueRefreshToken(fixture.standIn.adminUserId));
    expect(refreshed.status).toBe(200);
  });

  it('answers invalid_grant for a revoked refresh token, and its sessions stop working', async () => {
    const refreshToken = fixture.standIn.oauth.issueRefreshToken(fixture.standIn.adminUserId);
    const { body } = await grant(refreshToken);
    fixture.standIn.oauth.revoke(refreshToken);
    expect(await grant(refreshToken)).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'expired access/refresh token' }
    });
    const call = await fetch(`${fixture.standIn.instanceUrl}/services/data/v65.0/limits`, {
      headers: { authorization: `Bearer ${body.access_token}` }
    });
    expect(call.status).toBe(401);
  });

  it('refuses a wrong client, a wrong secret and another grant type', async () => {
    const refreshToken = fixture.standIn.oauth.issueRefreshToken(fixture.standIn.adminUserId);
    expect((await grant(refreshToken, { client_id: 'other' })).body.error).toBe('invalid_client_id');
    expect((await grant(refreshToken, { client_secret: 'other' })).body.error).toBe('invalid_client');
    expect((await grant(refreshToken, { grant_type: 'password' })).body.error).toBe('unsupported_grant_type');
  });

  it('refuses a call without a token or with an unknown one', async () => {
    expect((await fetch(`${fixture.standIn.instanceUrl}/services/data/v65.0/limits`)).status).toBe(401);
    expect((await fixture.rest('GET', '/limits', undefined, { authorization: 'Bearer nonsense' })).status).toBe(401);
  });
});

describe('limits and faults', () => {
  it('reports api-usage on every response and answers 403 REQUEST_LIMIT_EXCEEDED past the allocation', async () => {
    for (let call = 1; call <= 5; call += 1) {
      const answer = await fixture.rest('GET', '/limits');
      expect(answer.headers.get('sforce-limit-info')).toBe(`api-usage=${call}/5`);
    }
    const refused = await fixture.rest('GET', '/limits');
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    clock.advance(24 * 60 * 60 * 1000);
    expect(
      (
        await fixture.rest('GET', '/limits', undefined, {
          authorization: `Bearer ${fixture.standIn.oauth.issueAccessToken(fixture.standIn.adminUserId)}`
        })
      ).status
    ).toBe(200);
  });

  it('answers an API version the org does not serve with 404', async () => {
    const answer = await fixture.rest('GET', '/services/data/v99.0/limits');
    expect(answer.status).toBe(404);
  });

  it('answers injected 5xx before doing anything', async () => {
    fixture.standIn.faults.failNext(1, 503);
    const failed = await fixture.rest('POST', '/sobjects/Account', { Name: 'Acme' });
    expect(failed.status).toBe(503);
    expect(fixture.standIn.store.all('Account')).toHaveLength(0);
  });
});
