// The stand-in's OAuth 2.1 over HTTP, rule by rule (./oauth.ts cites the pages): the consent page and its redirects,
// the code bound to its app, redirect URI and PKCE challenge and good once, client authentication, rotating refresh
// tokens, access tokens that expire and authenticate on /v2 as their user, revocation.
import { createHash, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ManualClock } from '../../../../test/manual-clock';
import { graphql } from '../../../../test/monday-standin';
import { type MondayAppRegistration, mondayAppScopes } from '../oauth';
import { MondayStandIn } from '../server';
import type { MondayUser } from '../state';

const app: MondayAppRegistration = {
  clientId: 'relay-app',
  clientSecret: 'relay-app-secret',
  redirectUris: ['https://relay.example.com/connect/monday/callback'],
  scopes: ['me:read', 'boards:read', 'boards:write']
};
const otherApp: MondayAppRegistration = { ...app, clientId: 'other-app', clientSecret: 'other-app-secret' };
const redirectUri = app.redirectUris[0]!;
const hourMs = 60 * 60_000;

let clock: ManualClock;
let monday: MondayStandIn;
let ada: MondayUser;

beforeEach(async () => {
  clock = new ManualClock();
  monday = await new MondayStandIn({ clock, oauth: { apps: [app, otherApp], accessTokenLifetimeMs: hourMs } }).start();
  ada = monday.addUser('Ada Lovelace', 'ada@example.com');
});
afterEach(async () => {
  await monday.close();
});

const verifierAndChallenge = (): { verifier: string; challenge: string } => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

async function authorize(query: Record<string, string>): Promise<Response> {
  return fetch(`${monday.oauthUrl}/oauth2/authorize?${new URLSearchParams(query).toString()}`, { redirect: 'manual' });
}

function authorizeQuery(challenge: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    client_id: app.clientId,
    redirect_uri: redirectUri,
    state: 'state-1',
    scope: 'me:read boards:write',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides
  };
}

/** The consent page's answer: the redirect back to the app. */
async function decide(page: Response, decision: 'authorize' | 'cancel'): Promise<URL> {
  const html = await page.text();
  const ticket = /name="request" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const answer = await fetch(`${monday.oauthUrl}/oauth2/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: ticket, decision }).toString(),
    redirect: 'manual'
  });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get('location') ?? '');
}

async function codeFor(challenge: string, overrides: Record<string, string> = {}): Promise<string> {
  const back = await decide(await authorize(authorizeQuery(challenge, overrides)), 'authorize');
  return back.searchParams.get('code') ?? '';
}

async function post(path: string, body: Record<string, string>): Promise<{ status: number; body: any }> {
  const response = await fetch(`${monday.oauthUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
  });
  return { status: response.status, body: await response.json() };
}

const exchange = (code: string, verifier: string, overrides: Record<string, string> = {}) =>
  post('/oauth_ms/oauth/token', {
    grant_type: 'authorization_code',
    client_id: app.clientId,
    client_secret: app.clientSecret,
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
    ...overrides
  });
const refresh = (refreshToken: string, overrides: Record<string, string> = {}) =>
  post('/oauth_ms/oauth/token', {
    grant_type: 'refresh_token',
    client_id: app.clientId,
    client_secret: app.clientSecret,
    refresh_token: refreshToken,
    ...overrides
  });
const revoke = (token: string, overrides: Record<string, string> = {}) =>
  post('/oauth_ms/oauth/revoke', { token, client_id: app.clientId, client_secret: app.clientSecret, ...overrides });

/** Who /v2 says the token is, or its HTTP status when it is refused. */
async function whoIs(token: string): Promise<string | number> {
  const answer = await graphql(monday, '{ me { id name } }', {}, { authorization: token });
  return answer.status === 200 ? String(answer.body.data?.me?.id) : answer.status;
}

async function tokens(): Promise<{ access_token: string; refresh_token: string }> {
  const { verifier, challenge } = verifierAndChallenge();
  const answer = await exchange(await codeFor(challenge), verifier);
  expect(answer.status).toBe(200);
  return answer.body;
}

describe('the authorize endpoint', () => {
  it('shows the consent page for the connecting user, and redirects with a code and the state on Authorize', async () => {
    const { challenge } = verifierAndChallenge();
    const page = await authorize(authorizeQuery(challenge));
    expect(page.status).toBe(200);
    const html = await page.clone().text();
    expect(html).toContain('Ada Lovelace');
    expect(html).toContain('<li>boards:write</li>');
    expect(html).toMatch(/<button name="decision" value="authorize">Authorize<\/button>/);
    expect(html).toMatch(/<button name="decision" value="cancel">Cancel<\/button>/);
    const back = await decide(page, 'authorize');
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    expect(back.searchParams.get('state')).toBe('state-1');
    expect(back.searchParams.get('code')).toMatch(/^[\w-]{20,}$/);
  });

  it('lets a test choose who approves', async () => {
    const grace = monday.addUser('Grace Hopper', 'grace@example.com');
    monday.oauth.connectingUserId = grace.id;
    const { access_token } = await tokens();
    expect(await whoIs(access_token)).toBe(grace.id);
  });

  it('redirects with error=access_denied and the state on Cancel, and the request cannot be answered again', async () => {
    const { challenge } = verifierAndChallenge();
    const page = await authorize(authorizeQuery(challenge));
    const html = await page.clone().text();
    const back = await decide(page, 'cancel');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('state-1');
    expect(back.searchParams.has('code')).toBe(false);
    const ticket = /name="request" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const again = await fetch(`${monday.oauthUrl}/oauth2/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request: ticket, decision: 'authorize' }).toString(),
      redirect: 'manual'
    });
    expect(again.status).toBe(400);
  });

  it('never redirects to an unknown app or an unregistered redirect URI', async () => {
    const { challenge } = verifierAndChallenge();
    for (const overrides of [{ client_id: 'nobody' }, { redirect_uri: 'https://evil.example.com/callback' }]) {
      const answer = await authorize(authorizeQuery(challenge, overrides));
      expect(answer.status).toBe(400);
      expect(answer.headers.get('location')).toBeNull();
    }
  });

  it('uses the app’s only redirect URI when the request names none', async () => {
    const { verifier, challenge } = verifierAndChallenge();
    const query = authorizeQuery(challenge);
    delete query.redirect_uri;
    const back = await decide(await authorize(query), 'authorize');
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    // Not named in the authorize request: the token request may leave it out.
    const { redirect_uri: _left, ...withoutRedirect } = {
      grant_type: 'authorization_code',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      code: back.searchParams.get('code') ?? '',
      redirect_uri: '',
      code_verifier: verifier
    };
    expect((await post('/oauth_ms/oauth/token', withoutRedirect)).status).toBe(200);
  });

  it('sends back invalid_request without a S256 challenge, and invalid_scope for a scope the app was not given', async () => {
    const { challenge } = verifierAndChallenge();
    const cases: [Record<string, string>, string][] = [
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge: 'too-short' }, 'invalid_request'],
      [{ scope: 'me:read users:write' }, 'invalid_scope']
    ];
    for (const [overrides, error] of cases) {
      const answer = await authorize(authorizeQuery(challenge, overrides));
      expect(answer.status).toBe(302);
      const back = new URL(answer.headers.get('location') ?? '');
      expect(back.searchParams.get('error')).toBe(error);
      expect(back.searchParams.get('state')).toBe('state-1');
    }
    const query = authorizeQuery(challenge);
    delete query.code_challenge;
    const missing = new URL((await authorize(query)).headers.get('location') ?? '');
    expect(missing.searchParams.get('error')).toBe('invalid_request');
  });
});

describe('the token endpoint, authorization_code', () => {
  it('answers a JWT access token with exp, a refresh token, Bearer and the scope, and no expires_in', async () => {
    const { verifier, challenge } = verifierAndChallenge();
    const answer = await exchange(await codeFor(challenge), verifier);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      token_type: 'Bearer',
      scope: 'me:read boards:write'
    });
    const claims = jwt.decode(answer.body.access_token) as { exp: number; uid: number };
    expect(claims.exp * 1000).toBe(clock.now() + hourMs);
    expect(String(claims.uid)).toBe(ada.id);
    expect(await whoIs(answer.body.access_token)).toBe(ada.id);
  });

  it('takes a code once: used again, it is refused and the tokens it gave are revoked', async () => {
    const { verifier, challenge } = verifierAndChallenge();
    const code = await codeFor(challenge);
    const first = await exchange(code, verifier);
    expect(first.status).toBe(200);
    const second = await exchange(code, verifier);
    expect(second).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_grant' }) });
    expect(await whoIs(first.body.access_token)).toBe(401);
    expect((await refresh(first.body.refresh_token)).body.error).toBe('invalid_grant');
  });

  it('refuses a wrong verifier (invalid_grant) and a missing one (invalid_request); the code is spent either way', async () => {
    const { verifier, challenge } = verifierAndChallenge();
    const code = await codeFor(challenge);
    const wrong = await exchange(code, verifierAndChallenge().verifier);
    expect(wrong).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_grant' }) });
    expect((await exchange(code, verifier)).body.error).toBe('invalid_grant');

    const other = verifierAndChallenge();
    const missing = await post('/oauth_ms/oauth/token', {
      grant_type: 'authorization_code',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      code: await codeFor(other.challenge),
      redirect_uri: redirectUri
    });
    expect(missing).toEqual({
      status: 400,
      body: { error: 'invalid_request', error_description: 'code_verifier is required' }
    });
  });

  it('refuses a wrong client secret with 401 invalid_client, and a code of another app with invalid_grant', async () => {
    const { verifier, challenge } = verifierAndChallenge();
    const code = await codeFor(challenge);
    const wrongSecret = await exchange(code, verifier, { client_secret: 'guessed' });
    expect(wrongSecret).toEqual({ status: 401, body: expect.objectContaining({ error: 'invalid_client' }) });

    const another = verifierAndChallenge();
    const stolen = await exchange(await codeFor(another.challenge), another.verifier, {
      client_id: otherApp.clientId,
      client_secret: otherApp.clientSecret
    });
    expect(stolen).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_grant' }) });
  });

  it('refuses another redirect URI, or none when the authorize request named one', async () => {
    const { verifier, challenge } = verifierAndChallenge();
    const other = await exchange(await codeFor(challenge), verifier, {
      redirect_uri: 'https://relay.example.com/elsewhere'
    });
    expect(other.body.error).toBe('invalid_grant');
    const again = verifierAndChallenge();
    const { redirect_uri: _left, ...withoutRedirect } = {
      grant_type: 'authorization_code',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      code: await codeFor(again.challenge),
      redirect_uri: '',
      code_verifier: again.verifier
    };
    expect((await post('/oauth_ms/oauth/token', withoutRedirect)).body.error).toBe('invalid_grant');
  });

  it('refuses a code older than 10 minutes', async () => {
    const { verifier, challenge } = verifierAndChallenge();
    const code = await codeFor(challenge);
    clock.advance(10 * 60_000);
    expect((await exchange(code, verifier)).body.error).toBe('invalid_grant');
  });

  it('takes JSON only, as monday documents it, and refuses an unknown grant type', async () => {
    const { verifier, challenge } = verifierAndChallenge();
    const form = await fetch(`${monday.oauthUrl}/oauth_ms/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: app.clientId,
        client_secret: app.clientSecret,
        code: await codeFor(challenge),
        redirect_uri: redirectUri,
        code_verifier: verifier
      }).toString()
    });
    expect(form.status).toBe(400);
    expect(((await form.json()) as { error: string }).error).toBe('invalid_request');
    const password = await post('/oauth_ms/oauth/token', {
      grant_type: 'password',
      client_id: app.clientId,
      client_secret: app.clientSecret
    });
    expect(password.body.error).toBe('unsupported_grant_type');
  });
});

describe('refresh tokens and expiry', () => {
  it('answers a new access token and a new refresh token; the one used is spent', async () => {
    const first = await tokens();
    clock.advance(1000);
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    expect(second.body.access_token).not.toBe(first.access_token);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(await whoIs(second.body.access_token)).toBe(ada.id);
    const third = await refresh(second.body.refresh_token);
    expect(third.status).toBe(200);
    expect(monday.oauth.tokenRequests).toEqual([
      { grantType: 'authorization_code' },
      { grantType: 'refresh_token' },
      { grantType: 'refresh_token' }
    ]);
    expect(await refresh(first.refresh_token)).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'the refresh token was already used' }
    });
  });

  it('revokes the grant when a spent refresh token comes back (two holders of it)', async () => {
    const first = await tokens();
    const second = await refresh(first.refresh_token);
    const replay = await refresh(first.refresh_token);
    expect(replay).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_grant' }) });
    expect(await whoIs(second.body.access_token)).toBe(401);
    expect((await refresh(second.body.refresh_token)).body.error).toBe('invalid_grant');
  });

  it('refuses a refresh by another app, or with a wrong secret', async () => {
    const { refresh_token } = await tokens();
    const other = await refresh(refresh_token, { client_id: otherApp.clientId, client_secret: otherApp.clientSecret });
    expect(other.body.error).toBe('invalid_grant');
    expect((await refresh(refresh_token, { client_secret: 'guessed' })).status).toBe(401);
    // Neither spent it.
    expect((await refresh(refresh_token)).status).toBe(200);
  });

  it('refuses an expired access token on /v2 as an invalid one (401), until a refresh', async () => {
    const { access_token, refresh_token } = await tokens();
    clock.advance(hourMs - 1000);
    expect(await whoIs(access_token)).toBe(ada.id);
    clock.advance(1000);
    const refused = await graphql(monday, '{ me { id } }', {}, { authorization: access_token });
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const fresh = await refresh(refresh_token);
    expect(await whoIs(fresh.body.access_token)).toBe(ada.id);
  });

  it('honours a shorter lifetime for tests', async () => {
    await monday.close();
    monday = await new MondayStandIn({ clock, oauth: { apps: [app], accessTokenLifetimeMs: 5000 } }).start();
    monday.addUser('Ada Lovelace', 'ada@example.com');
    const { access_token } = await tokens();
    expect((jwt.decode(access_token) as { exp: number }).exp * 1000).toBe(clock.now() + 5000);
    clock.advance(5000);
    expect(await whoIs(access_token)).toBe(401);
  });
});

describe('revocation', () => {
  it('revokes the access and the refresh token together, whichever is given, and answers success', async () => {
    for (const which of ['access_token', 'refresh_token'] as const) {
      const issued = await tokens();
      const answer = await revoke(issued[which], { token_type_hint: which });
      expect(answer).toEqual({ status: 200, body: { success: true } });
      expect(await whoIs(issued.access_token)).toBe(401);
      expect((await refresh(issued.refresh_token)).body.error).toBe('invalid_grant');
    }
  });

  it('answers success for an unknown token, and needs the app’s credentials', async () => {
    expect(await revoke('never-issued')).toEqual({ status: 200, body: { success: true } });
    const issued = await tokens();
    expect((await revoke(issued.access_token, { client_secret: 'guessed' })).status).toBe(401);
    expect(
      (await revoke(issued.access_token, { client_id: otherApp.clientId, client_secret: otherApp.clientSecret })).status
    ).toBe(400);
    expect(await whoIs(issued.access_token)).toBe(ada.id);
  });

  it('stops every token of a user when the admin removes the app', async () => {
    const issued = await tokens();
    monday.oauth.revokeUserTokens(ada.id);
    expect(await whoIs(issued.access_token)).toBe(401);
    expect(monday.oauth.tokenRequests).toHaveLength(1);
    expect((await refresh(issued.refresh_token)).body.error).toBe('invalid_grant');
    expect(monday.oauth.tokenRequests.at(-1)).toEqual({ grantType: 'refresh_token', error: 'invalid_grant' });
  });
});

it('serves its discovery document, with the endpoints on its own host', async () => {
  const response = await fetch(`${monday.oauthUrl}/oauth_ms/.well-known/oauth-authorization-server`);
  expect(await response.json()).toMatchObject({
    authorization_endpoint: `${monday.oauthUrl}/oauth2/authorize`,
    token_endpoint: `${monday.oauthUrl}/oauth_ms/oauth/token`,
    revocation_endpoint: `${monday.oauthUrl}/oauth_ms/oauth/revoke`,
    code_challenge_methods_supported: ['S256'],
    scopes_supported: mondayAppScopes
  });
  expect(new URL(monday.oauthUrl).port).not.toBe(new URL(monday.url).port);
});
