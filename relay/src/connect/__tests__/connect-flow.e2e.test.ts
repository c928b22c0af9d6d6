// The connect flow end to end against both stand-ins, as an admin's browser goes through it (redirects followed by
// hand, the session cookie kept): connect Salesforce (OAuth web-server flow with PKCE), then monday with a personal
// token; the package is configured through its REST resource; a batch signed with the secret the package received
// is taken on the connection's path and refused elsewhere; a state is good once; disconnect stops it all.
import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import axios, { type AxiosResponse } from 'axios';
import { systemClock } from '../../core/clock';
import { createLogger } from '../../core/logger';
import { signRequest } from '../../intake/signature';
import { Relay } from '../../relay';
import { MondayStandIn } from '../../../dev/standins/monday/server';
import { SalesforceStandIn } from '../../../dev/standins/salesforce/server';
import { startConnectRelay } from '../../../test/connect-relay';
import { AdminBrowser, hiddenField } from '../../../test/admin-browser';

/** Everything the relay logged, at debug level. */
let log = '';
const logged = new Writable({
  write(chunk: Buffer, _encoding, done) {
    log += chunk.toString();
    done();
  }
});
/** Every signing secret the package was given. */
const secretsGiven = new Set<string>();
const mondayToken = `eyJhbGciOiJIUzI1NiJ9.${randomBytes(24).toString('base64url')}`;
let monday: MondayStandIn;
let salesforce: SalesforceStandIn;
let relay: Relay;
let base: string;
let browser: AdminBrowser;

const go = (method: 'GET' | 'POST', url: string, form?: Record<string, string>): Promise<AxiosResponse<string>> =>
  browser.go(method, url, form);
const hidden = hiddenField;

beforeAll(async () => {
  monday = await new MondayStandIn({ clock: systemClock }).start();
  monday.addUser('Ada Lovelace', 'ada@example.com', mondayToken);
  salesforce = await new SalesforceStandIn({ clock: systemClock }).start();
  ({ relay, base } = await startConnectRelay({
    monday,
    salesforce: [salesforce],
    logger: createLogger('debug', logged)
  }));
  browser = new AdminBrowser(base);
});

afterAll(async () => {
  await relay.stop();
  await monday.close();
  await salesforce.close();
});

function signedBatch(secret: string): { body: string; headers: Record<string, string> } {
  const batchId = randomUUID();
  const now = new Date().toISOString().replace('Z', '+0000');
  const body = JSON.stringify({
    schemaVersion: 1,
    kind: 'record_changes',
    batchId,
    orgId: salesforce.orgId,
    objectApiName: 'Lead',
    publishedAt: now,
    changes: [
      {
        recordId: '00Q000000000001AAA',
        operation: 'update',
        systemModstamp: now,
        changedFields: ['LastName'],
        values: { LastName: 'Hopper' }
      }
    ]
  });
  return {
    body,
    headers: {
      ...signRequest(secret, batchId, Math.floor(Date.now() / 1000), body),
      'content-type': 'application/json'
    }
  };
}

describe('connecting an org and a monday account from the browser', () => {
  let connectionId = '';
  let callbackUrl = '';

  it('authorizes Salesforce with PKCE and a state, then asks for monday', async () => {
    const form = await go('GET', '/connect?lang=fr');
    expect(form.status).toBe(200);
    expect(form.data).toContain('Autoriser Salesforce');

    const start = await go('POST', '/connect/salesforce', { lang: 'en', loginUrl: salesforce.loginUrl });
    expect(start.status).toBe(303);
    const authorize = new URL(String(start.headers.location));
    expect(authorize.origin).toBe(salesforce.loginUrl);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${base}/connect/salesforce/callback`);

    const allowed = await browser.allowOnSalesforce(authorize.toString(), salesforce);
    callbackUrl = allowed;
    const callback = await go('GET', callbackUrl);
    expect(callback.status).toBe(303);
    const next = new URL(String(callback.headers.location), base);
    expect(next.pathname).toBe('/connect/monday');
    connectionId = next.searchParams.get('connection') ?? '';
    expect(connectionId).toMatch(/^c_/);
    expect(browser.cookies.has('monday_sync_admin')).toBe(true);
  });

  it('refuses the same callback twice (a state is good once)', async () => {
    const again = await go('GET', callbackUrl);
    expect(again.status).toBe(400);
    expect(again.data).toContain('already used');
  });

  it('takes a personal monday token, configures the package, and serves the connection', async () => {
    const page = await go('GET', `/connect/monday?connection=${connectionId}`);
    expect(page.status).toBe(200);
    const done = await go('POST', '/connect/monday/token', {
      connection: connectionId,
      form: hidden(page.data, 'form'),
      token: mondayToken
    });
    expect(done.status).toBe(200);
    expect(done.data).toContain('Connected');
    expect(done.data).not.toContain(mondayToken);
    expect(salesforce.packageConnection).toMatchObject({ connectionId, relayUrl: base, status: 'active' });
    const secret = salesforce.packageConnection.signingSecret ?? '';
    expect(secret).toMatch(/^whsec_/);
    secretsGiven.add(secret);
    expect(done.data).not.toContain(secret);

    const batch = signedBatch(secret);
    const accepted = await axios.post(`${base}/v1/connections/${connectionId}/salesforce/changes`, batch.body, {
      headers: batch.headers,
      validateStatus: () => true
    });
    expect(accepted.status).toBe(202);
    expect(accepted.data).toMatchObject({ connection: { status: 'active' } });

    const forged = signedBatch(`whsec_${randomBytes(32).toString('base64')}`);
    const refused = await axios.post(`${base}/v1/connections/${connectionId}/salesforce/changes`, forged.body, {
      headers: forged.headers,
      validateStatus: () => true
    });
    expect(refused.status).toBe(401);
    const elsewhere = await axios.post(`${base}/v1/salesforce/changes`, batch.body, {
      headers: batch.headers,
      validateStatus: () => true
    });
    expect(elsewhere.status).toBe(404);
  });

  it('logs an admin in afresh (no refresh token asked) to rotate the signing secret, which the package takes', async () => {
    browser.cookies.clear();
    const login = await go('GET', `/connections/${connectionId}`);
    expect(login.status).toBe(303);
    const authorize = new URL(String(login.headers.location));
    expect(authorize.searchParams.get('scope')).toBe('api id');
    const allowed = await browser.allowOnSalesforce(authorize.toString(), salesforce);
    const back = await go('GET', allowed);
    expect(back.status).toBe(303);
    expect(String(back.headers.location)).toBe(`/connections/${connectionId}?lang=en`);
    const page = await go('GET', String(back.headers.location));
    expect(page.status).toBe(200);

    const before = salesforce.packageConnection.signingSecret;
    const rotated = await go('POST', `/connections/${connectionId}/rotate`, { form: hidden(page.data, 'form') });
    expect(rotated.status).toBe(303);
    const after = salesforce.packageConnection.signingSecret ?? '';
    secretsGiven.add(after);
    expect(after).toMatch(/^whsec_/);
    expect(after).not.toBe(before);
    // Both are accepted for a while: a batch the package signed just before may still be on its way.
    for (const secret of [before ?? '', after]) {
      const batch = signedBatch(secret);
      const answer = await axios.post(`${base}/v1/connections/${connectionId}/salesforce/changes`, batch.body, {
        headers: batch.headers,
        validateStatus: () => true
      });
      expect(answer.status).toBe(202);
    }
  });

  it("sets this connection's custom-object polling interval from its page, and refuses a bad one", async () => {
    const page = await go('GET', `/connections/${connectionId}`);
    expect(page.data).toContain('Custom objects');
    expect(page.data).toContain('No Salesforce → monday recipe reads a custom object.');
    expect(relay.connectionById(connectionId)?.poller.intervalMs).toBe(10_000);
    const bad = await go('POST', `/connections/${connectionId}/polling`, {
      form: hidden(page.data, 'form'),
      seconds: '1'
    });
    expect(bad.status).toBe(400);
    expect(relay.connectionById(connectionId)?.poller.intervalMs).toBe(10_000);
    const saved = await go('POST', `/connections/${connectionId}/polling`, {
      form: hidden(page.data, 'form'),
      seconds: '30'
    });
    expect(saved.status).toBe(303);
    expect(relay.connectionById(connectionId)?.poller.intervalMs).toBe(30_000);
    const after = await go('GET', String(saved.headers.location));
    expect(after.data).toContain('The polling interval was saved.');
    expect(after.data).toContain('value="30"');
  });

  it('needs the admin session on the connection page, and disconnects', async () => {
    const kept = new Map(browser.cookies);
    browser.cookies.clear();
    const anonymous = await go('GET', `/connections/${connectionId}/disconnect`);
    expect(anonymous.status).toBe(303);
    expect(String(anonymous.headers.location)).toContain(`${salesforce.loginUrl}/services/oauth2/authorize`);
    const forged = await go('POST', `/connections/${connectionId}/disconnect`, { form: 'x' });
    expect(forged.status).toBe(401);
    expect(relay.connectionById(connectionId)).toBeDefined();

    for (const [name, value] of kept) browser.cookies.set(name, value);
    const confirm = await go('GET', `/connections/${connectionId}/disconnect`);
    expect(confirm.status).toBe(200);
    const done = await go('POST', `/connections/${connectionId}/disconnect`, { form: hidden(confirm.data, 'form') });
    expect(done.status).toBe(200);
    expect(relay.connectionById(connectionId)).toBeUndefined();
    expect(salesforce.packageConnection.status).toBe('disconnected');
    const secrets = relay.store.forConnection(connectionId).secrets;
    expect(await secrets.get('monday-token')).toBeUndefined();
    expect(await secrets.get('salesforce-refresh-token')).toBeUndefined();
  });

  it('logged the whole flow without a token, a secret or a code', () => {
    expect(log).toContain('connection made');
    const secrets = [
      mondayToken,
      'standin-client-secret',
      ...secretsGiven,
      ...salesforce.oauth.issuedAccessTokens(),
      ...salesforce.oauth.issuedRefreshTokens()
    ];
    expect(secrets.length).toBeGreaterThan(4);
    for (const secret of secrets) expect({ secret, logged: log.includes(secret) }).toEqual({ secret, logged: false });
  });
});
