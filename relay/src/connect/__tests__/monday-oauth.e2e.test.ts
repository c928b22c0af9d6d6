// The connect flow with a monday app's OAuth 2.1, end to end over HTTP against both stand-ins (monday's is as strict
// as monday's pages: PKCE S256, codes good once, JSON token requests, JWT access tokens that expire, rotating refresh
// tokens). An admin connects Salesforce, clicks "Authorize monday.com", cancels once, then approves; a change batch
// reaches monday as the authorizing user; an hour later the access token is refreshed before the next write; when
// the app's access is revoked on monday, the refresh is refused and the connection says monday refused it.
import { randomBytes, randomUUID } from 'node:crypto';
import axios, { type AxiosResponse } from 'axios';
import jwt from 'jsonwebtoken';
import { type Clock, systemClock } from '../../core/clock';
import { signRequest } from '../../intake/signature';
import { Relay } from '../../relay';
import { graphql } from '../../../test/monday-standin';
import { saveLeadRecipe } from '../../../test/lead-recipes';
import { mondayAppScopes } from '../../../dev/standins/monday/oauth';
import { MondayStandIn } from '../../../dev/standins/monday/server';
import type { MondayBoard, MondayUser } from '../../../dev/standins/monday/state';
import { SalesforceStandIn } from '../../../dev/standins/salesforce/server';
import { startConnectRelay } from '../../../test/connect-relay';
import { AdminBrowser, hiddenField } from '../../../test/admin-browser';

/** Real time that a test can also jump forward: an hour passes at once, while the relay's timers keep running. */
class JumpingClock implements Clock {
  private offset = 0;
  now = (): number => Date.now() + this.offset;
  advance(ms: number): void {
    this.offset += ms;
  }
}

const hourMs = 60 * 60_000;
const app = { clientId: 'relay-monday-app', clientSecret: `secret-${randomBytes(12).toString('hex')}` };
const clock = new JumpingClock();
let monday: MondayStandIn;
let salesforce: SalesforceStandIn;
let relay: Relay;
let ada: MondayUser;
let board: MondayBoard;
let base = '';
let browser: AdminBrowser;

const go = (method: 'GET' | 'POST', url: string, form?: Record<string, string>): Promise<AxiosResponse<string>> =>
  browser.go(method, url, form);
const hidden = hiddenField;

/** Waits for the relay's worker (its own timer), giving up before jest does so that the failure says what. */
async function until(what: string, condition: () => boolean, timeoutMs = 4000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  monday = await new MondayStandIn({ clock, oauth: { accessTokenLifetimeMs: hourMs } }).start();
  // No personal token: whatever the relay does on monday, it does with the OAuth token Ada gave it.
  ada = monday.addUser('Ada Lovelace', 'ada@example.com');
  board = monday.operations.createBoard('Leads', 'public');
  monday.operations.createColumn(board.id, { title: 'Company', type: 'text', id: 'text' });
  salesforce = await new SalesforceStandIn({ clock: systemClock }).start();
  saveLeadRecipe(salesforce.org, board.id, 'Salesforce_to_monday', [
    { field: 'LastName', column: 'name', columnType: 'name' },
    { field: 'Company', column: 'text', columnType: 'text' }
  ]);
  ({ relay, base } = await startConnectRelay({
    monday,
    salesforce: [salesforce],
    mondayApp: { ...app, oauthUrl: monday.oauthUrl },
    clock,
    batchWaitMs: 0
  }));
  browser = new AdminBrowser(base);
  monday.oauth.registerApp({
    ...app,
    redirectUris: [`${base}/connect/monday/callback`],
    scopes: mondayAppScopes
  });
});

afterAll(async () => {
  await relay.stop();
  await monday.close();
  await salesforce.close();
});

/** A Lead change signed as the package signs it, on the connection's path; answers the HTTP status. */
async function sendLead(connectionId: string, values: Record<string, string>): Promise<number> {
  const batchId = randomUUID();
  const now = new Date(clock.now()).toISOString().replace('Z', '+0000');
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
        changedFields: Object.keys(values),
        values
      }
    ]
  });
  const secret = salesforce.packageConnection.signingSecret ?? '';
  const response = await axios.post(`${base}/v1/connections/${connectionId}/salesforce/changes`, body, {
    headers: {
      ...signRequest(secret, batchId, Math.floor(clock.now() / 1000), body),
      'content-type': 'application/json'
    },
    validateStatus: () => true
  });
  return response.status;
}

const itemsOnBoard = () => monday.state.itemsOfBoard(board.id);

describe('connecting monday with its OAuth 2.1', () => {
  let connectionId = '';

  it('connects Salesforce, then sends the admin to monday with PKCE S256, the state and the app’s scopes', async () => {
    const start = await go('POST', '/connect/salesforce', { lang: 'en', loginUrl: salesforce.loginUrl });
    const callback = await go('GET', await browser.allowOnSalesforce(String(start.headers.location), salesforce));
    const next = new URL(String(callback.headers.location), base);
    expect(next.pathname).toBe('/connect/monday');
    connectionId = next.searchParams.get('connection') ?? '';

    const page = await go('GET', `/connect/monday?connection=${connectionId}`);
    expect(page.data).toContain('action="/connect/monday/oauth"');
    const authorize = await go('POST', '/connect/monday/oauth', {
      connection: connectionId,
      form: hidden(page.data, 'form'),
      lang: 'en'
    });
    expect(authorize.status).toBe(303);
    const url = new URL(String(authorize.headers.location));
    expect(`${url.origin}${url.pathname}`).toBe(`${monday.oauthUrl}/oauth2/authorize`);
    expect(url.searchParams.get('client_id')).toBe(app.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(`${base}/connect/monday/callback`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['boards:write', 'me:read']));
  });

  it('shows an error and connects nothing when the admin cancels on monday', async () => {
    const page = await go('GET', `/connect/monday?connection=${connectionId}`);
    const authorize = await go('POST', '/connect/monday/oauth', {
      connection: connectionId,
      form: hidden(page.data, 'form'),
      lang: 'en'
    });
    const consent = await go('GET', String(authorize.headers.location));
    expect(consent.status).toBe(200);
    const cancelled = await go('POST', `${monday.oauthUrl}/oauth2/authorize`, {
      request: hidden(consent.data, 'request'),
      decision: 'cancel'
    });
    const back = new URL(String(cancelled.headers.location));
    expect(back.searchParams.get('error')).toBe('access_denied');
    const callback = await go('GET', back.toString());
    expect(callback.status).toBeGreaterThanOrEqual(400);
    expect(callback.data).toContain('access_denied');
    expect(relay.connectionById(connectionId)).toBeUndefined();
    expect(monday.oauth.tokenRequests).toEqual([]);
  });

  it('exchanges the code with its verifier on approval, keeps the token sealed, and serves the connection', async () => {
    const page = await go('GET', `/connect/monday?connection=${connectionId}`);
    const authorize = await go('POST', '/connect/monday/oauth', {
      connection: connectionId,
      form: hidden(page.data, 'form'),
      lang: 'en'
    });
    const consent = await go('GET', String(authorize.headers.location));
    expect(consent.data).toContain('Ada Lovelace');
    const approved = await go('POST', `${monday.oauthUrl}/oauth2/authorize`, {
      request: hidden(consent.data, 'request'),
      decision: 'authorize'
    });
    const callbackUrl = String(approved.headers.location);
    expect(new URL(callbackUrl).searchParams.get('code')).toBeTruthy();
    const done = await go('GET', callbackUrl);
    expect(done.status).toBe(200);
    expect(done.data).toContain('Connected');
    expect(monday.oauth.tokenRequests).toEqual([{ grantType: 'authorization_code' }]);
    expect(relay.connectionById(connectionId)?.status()).toBe('active');
    expect(salesforce.packageConnection).toMatchObject({ connectionId, status: 'active' });

    // The same callback again: the relay's state is spent (and monday's code with it).
    expect((await go('GET', callbackUrl)).status).toBe(400);
    expect(monday.oauth.tokenRequests).toHaveLength(1);
  });

  it('writes a change to monday with the OAuth token, as the user who authorized the app', async () => {
    expect(await sendLead(connectionId, { LastName: 'Hopper', Company: 'Navy' })).toBe(202);
    await until('the item is on the board', () => itemsOnBoard().length === 1);
    const [item] = itemsOnBoard();
    expect(item).toMatchObject({ name: 'Hopper', creatorId: ada.id });
    expect(item?.values.get('text')).toBe('Navy');
    // No refresh yet: the first access token is still good for most of its hour.
    expect(monday.oauth.tokenRequests).toHaveLength(1);
  });

  it('refreshes the access token an hour later, before the next write, which goes through', async () => {
    const sealedBefore = await relay.store.forConnection(connectionId).secrets.get('monday-token');
    const [firstAccessToken = ''] = monday.oauth.issuedAccessTokens();
    expect(jwt.decode(firstAccessToken)).toMatchObject({ uid: Number(ada.id) });
    clock.advance(hourMs);
    // The stand-in refuses the first token now, as monday refuses an expired one.
    expect((await graphql(monday, '{ me { id } }', {}, { authorization: firstAccessToken })).status).toBe(401);

    expect(await sendLead(connectionId, { LastName: 'Hopper', Company: 'US Navy' })).toBe(202);
    await until('the item is updated', () => itemsOnBoard()[0]?.values.get('text') === 'US Navy');
    expect(monday.oauth.tokenRequests).toEqual([{ grantType: 'authorization_code' }, { grantType: 'refresh_token' }]);
    expect(relay.connectionById(connectionId)?.status()).toBe('active');
    // The new pair was kept sealed at once (the refresh token used is spent).
    const sealedAfter = await relay.store.forConnection(connectionId).secrets.get('monday-token');
    expect(sealedAfter?.sealed).not.toEqual(sealedBefore?.sealed);
  });

  it('refreshes at once and sends again when monday refuses a token before its time (401)', async () => {
    const refreshes = monday.oauth.tokenRequests.length;
    monday.oauth.endAccessTokens(ada.id);
    expect(await sendLead(connectionId, { LastName: 'Hopper', Company: 'Harvard' })).toBe(202);
    await until('the item is updated', () => itemsOnBoard()[0]?.values.get('text') === 'Harvard');
    expect(monday.oauth.tokenRequests.slice(refreshes)).toEqual([{ grantType: 'refresh_token' }]);
    expect(relay.connectionById(connectionId)?.status()).toBe('active');
  });

  it('says monday refused the connection when the app’s access was revoked and the refresh is refused', async () => {
    monday.oauth.revokeUserTokens(ada.id);
    clock.advance(hourMs);
    expect(await sendLead(connectionId, { LastName: 'Hopper', Company: 'Yale' })).toBe(202);
    await until('the connection is refused', () => relay.connectionById(connectionId)?.status() === 'monday_refused');
    expect(monday.oauth.tokenRequests.at(-1)).toEqual({ grantType: 'refresh_token', error: 'invalid_grant' });
    expect(itemsOnBoard()[0]?.values.get('text')).toBe('Harvard');
  });
});
