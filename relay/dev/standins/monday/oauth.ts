// monday's OAuth 2.1 authorization server, as its pages document it, for the relay's monday app client to meet
// something as strict as monday:
// - authorize: GET /oauth2/authorize with client_id, redirect_uri (may be left out when the app has one), scope (a
//   subset of the app's), state, code_challenge (43–128 characters) and code_challenge_method (S256 only, required);
//   the user approves, monday redirects with `code` (good for 10 minutes) and `state`; an error, a refusal included,
//   goes back to the redirect URI as `error` (access_denied, invalid_request, invalid_scope...), unless the client or
//   the redirect URI is unknown: those are never redirected to (RFC 6749 §4.1.2.1).
//   https://developer.monday.com/apps/docs/oauth, https://developer.monday.com/apps/docs/oauth-2-1
// - token: POST /oauth_ms/oauth/token, a JSON body with client_id and client_secret (client_secret_post), for
//   grant_type authorization_code (code, redirect_uri when the authorize request had one, code_verifier) or
//   refresh_token. The answer is access_token, refresh_token, token_type and scope, and no expires_in: the access
//   token is a JWT whose `exp` says when it ends. Each refresh answers a new refresh token ("discard the old one").
// - revoke: POST /oauth_ms/oauth/revoke, JSON {token, client_id, client_secret, token_type_hint?}, answers
//   {"success": true}.
//   https://developer.monday.com/apps/docs/migrating-to-the-new-oauth-flow
// Where the pages are silent, RFC 6749 §5.2 (error shape and codes, invalid_client with 401), RFC 7636 §4.6 (a wrong
// verifier is invalid_grant), RFC 6749 §4.1.2 (a code used twice revokes what it gave), RFC 7009 §2.2 (revoking an
// unknown token succeeds) and RFC 9700 §4.14.2 (a spent refresh token presented again revokes its grant: monday says
// its flow follows RFC 9700, https://developer-community.monday.com/product-updates/join-the-beta-oauth-2-1-for-monday-apps-5273).
import { createHash, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { Clock } from '../../../src/core/clock';
import type { MondayState, MondayUser } from './state';

/** The scopes a monday app can be given. https://developer.monday.com/apps/docs/oauth#permission-scopes */
export const mondayAppScopes = [
  'account:read',
  'assets:read',
  'boards:read',
  'boards:write',
  'departments:read',
  'departments:write',
  'docs:read',
  'docs:write',
  'me:read',
  'notifications:write',
  'tags:read',
  'teams:read',
  'teams:write',
  'updates:read',
  'updates:write',
  'users:read',
  'users:write',
  'webhooks:read',
  'webhooks:write',
  'workspaces:read',
  'workspaces:write'
];

/** An app as the Developer Center holds it: its credentials, redirect URLs and configured scopes. */
export interface MondayAppRegistration {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  scopes: string[];
}

export interface MondayOAuthSettings {
  /**
   * How long an access token works (its JWT `exp`). The pages give no figure for the token endpoint; the migrate
   * endpoint's example answers `expires_in: 3600`, hence an hour by default.
   */
  accessTokenLifetimeMs: number;
  apps: MondayAppRegistration[];
}

// "The generated authorization code. Valid for 10 minutes." https://developer.monday.com/apps/docs/oauth#redirect
const codeLifetimeMs = 10 * 60_000;

/** An OAuth error answer (RFC 6749 §5.2): invalid_client with 401, the others with 400. */
export interface Refusal {
  status: 400 | 401;
  body: { error: string; error_description: string };
}
export type TokenAnswer =
  { status: 200; body: { access_token: string; refresh_token: string; token_type: 'Bearer'; scope: string } } | Refusal;

/** What GET /oauth2/authorize leads to: the consent page, a redirect with an error, or an error page. */
export type AuthorizeOutcome =
  | { kind: 'consent'; ticket: string; app: MondayAppRegistration; user: MondayUser; scopes: string[] }
  | { kind: 'redirect'; location: string }
  | { kind: 'page'; status: 400; message: string };

interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  /** The authorize request named its redirect URI: the token request must then carry the same one. */
  redirectUriGiven: boolean;
  state: string | undefined;
  scopes: string[];
  challenge: string;
  userId: string;
}

interface IssuedCode extends PendingAuthorization {
  expiresAt: number;
  used: boolean;
  grantId: string | undefined;
}

/** One authorization of a user for an app: the tokens it has answered, all dead once it is revoked. */
interface Grant {
  id: string;
  clientId: string;
  userId: string;
  scope: string;
  revoked: boolean;
}

const text = z.string().min(1);
const tokenRequest = z.object({
  grant_type: text.optional(),
  client_id: text.optional(),
  client_secret: text.optional(),
  code: text.optional(),
  redirect_uri: text.optional(),
  code_verifier: text.optional(),
  refresh_token: text.optional()
});
const revokeRequest = z.object({
  token: text.optional(),
  client_id: text.optional(),
  client_secret: text.optional(),
  token_type_hint: z.enum(['access_token', 'refresh_token']).optional()
});
const authorizeQuery = z.object({
  client_id: z.string().optional(),
  redirect_uri: z.string().optional(),
  scope: z.string().optional(),
  state: z.string().optional(),
  code_challenge: z.string().optional(),
  code_challenge_method: z.string().optional(),
  response_type: z.string().optional()
});

// RFC 7636 §4.2: a base64url SHA-256 is 43 characters; monday accepts 43–128 of the unreserved ones.
const challengeShape = /^[A-Za-z0-9\-._~]{43,128}$/;

const refused = (status: 400 | 401, error: string, description: string): Refusal => ({
  status,
  body: { error, error_description: description }
});
const random = (bytes: number): string => randomBytes(bytes).toString('base64url');

export class MondayOAuth {
  readonly settings: MondayOAuthSettings;
  /** Who approves on the consent page; the account's first user unless a test says. */
  connectingUserId: string | undefined;
  /** Every token request answered, with its error when refused (tests check what the client asked and got). */
  readonly tokenRequests: { grantType: string; error?: string }[] = [];
  private readonly apps = new Map<string, MondayAppRegistration>();
  private readonly pending = new Map<string, PendingAuthorization>();
  private readonly codes = new Map<string, IssuedCode>();
  private readonly grants = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, { grantId: string; expiresAt: number }>();
  private readonly refreshTokens = new Map<string, { grantId: string; spent: boolean }>();
  /** Signs the JWTs; nobody outside the stand-in verifies them (the relay only reads `exp`). */
  private readonly signingKey = randomBytes(32);

  constructor(
    settings: Partial<MondayOAuthSettings>,
    private readonly state: MondayState,
    private readonly clock: Clock,
    private readonly accountId: number
  ) {
    this.settings = { accessTokenLifetimeMs: 60 * 60_000, apps: [], ...settings };
    for (const app of this.settings.apps) this.registerApp(app);
  }

  /** Adds (or replaces) an app, as creating it in the Developer Center does. */
  registerApp(app: MondayAppRegistration): void {
    this.apps.set(app.clientId, { ...app, redirectUris: [...app.redirectUris], scopes: [...app.scopes] });
  }

  /** GET /oauth2/authorize: the request checked, then the consent page for the connecting user. */
  authorize(query: unknown): AuthorizeOutcome {
    const request = authorizeQuery.safeParse(query);
    if (!request.success) return { kind: 'page', status: 400, message: 'invalid_request' };
    const { client_id: clientId, redirect_uri: asked, scope, state, code_challenge: challenge } = request.data;
    const app = clientId === undefined ? undefined : this.apps.get(clientId);
    // An unknown client or redirect URI is never redirected to (RFC 6749 §4.1.2.1): the page says so.
    if (!app) return { kind: 'page', status: 400, message: 'invalid_client: no app has this client_id' };
    if (asked === undefined && app.redirectUris.length !== 1)
      return { kind: 'page', status: 400, message: 'invalid_request: redirect_uri is required' };
    const redirectUri = asked ?? app.redirectUris[0] ?? '';
    if (!app.redirectUris.includes(redirectUri))
      return { kind: 'page', status: 400, message: 'invalid_request: redirect_uri is not one of the app' };

    const back = (error: string, description: string): AuthorizeOutcome => ({
      kind: 'redirect',
      location: withQuery(redirectUri, { error, error_description: description, state })
    });
    if (request.data.response_type !== undefined && request.data.response_type !== 'code')
      return back('unsupported_response_type', 'only code is supported');
    if (challenge === undefined) return back('invalid_request', 'code_challenge is required');
    if (request.data.code_challenge_method !== 'S256')
      return back('invalid_request', 'code_challenge_method must be S256');
    if (!challengeShape.test(challenge)) return back('invalid_request', 'code_challenge must be 43-128 characters');
    const scopes = scope === undefined ? app.scopes : scope.split(' ').filter(Boolean);
    if (scopes.some((name) => !app.scopes.includes(name)))
      return back('invalid_scope', 'the requested scopes must be among the app’s scopes');

    const user = this.connectingUser();
    if (!user) return { kind: 'page', status: 400, message: 'The account has no user to log in as' };
    const ticket = random(24);
    this.pending.set(ticket, {
      clientId: app.clientId,
      redirectUri,
      redirectUriGiven: asked !== undefined,
      state,
      scopes,
      challenge,
      userId: user.id
    });
    return { kind: 'consent', ticket, app, user, scopes };
  }

  /** POST /oauth2/authorize: the user's answer on the consent page, as the redirect back to the app. */
  decide(ticket: unknown, approved: boolean): string | undefined {
    if (typeof ticket !== 'string') return undefined;
    const pending = this.pending.get(ticket);
    if (!pending) return undefined;
    this.pending.delete(ticket);
    if (!approved)
      return withQuery(pending.redirectUri, {
        error: 'access_denied',
        error_description: 'The user denied the authorization',
        state: pending.state
      });
    const code = random(24);
    this.codes.set(code, {
      ...pending,
      expiresAt: this.clock.now() + codeLifetimeMs,
      used: false,
      grantId: undefined
    });
    return withQuery(pending.redirectUri, { code, state: pending.state });
  }

  /** POST /oauth_ms/oauth/token. */
  token(body: unknown): TokenAnswer {
    const parsed = tokenRequest.safeParse(body);
    const grantType = parsed.success ? (parsed.data.grant_type ?? '') : '';
    const answer = parsed.success
      ? this.grantFor(parsed.data)
      : refused(400, 'invalid_request', 'the body must be a JSON object of strings');
    this.tokenRequests.push({ grantType, ...(answer.status === 200 ? {} : { error: answer.body.error }) });
    return answer;
  }

  /** POST /oauth_ms/oauth/revoke: the whole grant the token belongs to, access and refresh tokens alike. */
  revoke(body: unknown): { status: 200; body: { success: true } } | Refusal {
    const parsed = revokeRequest.safeParse(body);
    if (!parsed.success) return refused(400, 'invalid_request', 'token, client_id and client_secret are strings');
    const client = this.client(parsed.data.client_id, parsed.data.client_secret);
    if ('status' in client) return client;
    if (!parsed.data.token) return refused(400, 'invalid_request', 'token is required');
    const grant = this.grantOfToken(parsed.data.token);
    // RFC 7009 §2.1: a client revokes only the tokens it was given.
    if (grant && grant.clientId !== client.clientId)
      return refused(400, 'invalid_request', 'the token was issued to another app');
    if (grant) grant.revoked = true;
    return { status: 200, body: { success: true } };
  }

  /** The admin removed the app, or the user's access was revoked: every token of theirs stops working. */
  revokeUserTokens(userId: string): void {
    for (const grant of this.grants.values()) if (grant.userId === userId) grant.revoked = true;
  }

  /**
   * The user's access tokens end before their time (monday may invalidate one early); their refresh tokens still
   * work, so a client that refreshes on a 401, as monday's guide asks, goes on.
   */
  endAccessTokens(userId: string): void {
    const now = this.clock.now();
    for (const entry of this.accessTokens.values())
      if (this.grants.get(entry.grantId)?.userId === userId) entry.expiresAt = Math.min(entry.expiresAt, now);
  }

  /** The user an access token acts as, while it is known, unexpired and its grant not revoked (POST /v2). */
  userOf(accessToken: string): string | undefined {
    const entry = this.accessTokens.get(accessToken);
    const grant = entry ? this.grants.get(entry.grantId) : undefined;
    if (!entry || !grant || grant.revoked || this.clock.now() >= entry.expiresAt) return undefined;
    return grant.userId;
  }

  /** Every access token issued, in order, expired or revoked ones included (tests look for them where they must not be). */
  issuedAccessTokens(): string[] {
    return [...this.accessTokens.keys()];
  }

  /** The discovery document (RFC 8414), as https://developer.monday.com/apps/docs/migrating-to-the-new-oauth-flow shows it. */
  metadata(issuer: string): Record<string, unknown> {
    return {
      issuer,
      authorization_endpoint: `${issuer}/oauth2/authorize`,
      token_endpoint: `${issuer}/oauth_ms/oauth/token`,
      revocation_endpoint: `${issuer}/oauth_ms/oauth/revoke`,
      scopes_supported: mondayAppScopes,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_post']
    };
  }

  private connectingUser(): MondayUser | undefined {
    const id = this.connectingUserId ?? this.state.users.keys().next().value;
    return id === undefined ? undefined : this.state.users.get(id);
  }

  /** client_secret_post: both in the body, or the request is refused before anything else is looked at. */
  private client(clientId: string | undefined, secret: string | undefined): MondayAppRegistration | Refusal {
    if (!clientId || !secret) return refused(400, 'invalid_request', 'client_id and client_secret are required');
    const app = this.apps.get(clientId);
    if (!app || app.clientSecret !== secret)
      return refused(401, 'invalid_client', 'the client_id does not match the client_secret');
    return app;
  }

  private grantFor(request: z.infer<typeof tokenRequest>): TokenAnswer {
    const client = this.client(request.client_id, request.client_secret);
    if ('status' in client) return client;
    if (request.grant_type === 'authorization_code') return this.exchangeCode(client, request);
    if (request.grant_type === 'refresh_token') return this.refresh(client, request.refresh_token);
    return refused(400, 'unsupported_grant_type', 'grant_type is authorization_code or refresh_token');
  }

  private exchangeCode(app: MondayAppRegistration, request: z.infer<typeof tokenRequest>): TokenAnswer {
    if (!request.code) return refused(400, 'invalid_request', 'code is required');
    const entry = this.codes.get(request.code);
    if (!entry) return refused(400, 'invalid_grant', 'invalid authorization code');
    if (entry.used) {
      // RFC 6749 §4.1.2: a code used twice is likely stolen; what it gave the first time is revoked.
      const grant = entry.grantId === undefined ? undefined : this.grants.get(entry.grantId);
      if (grant) grant.revoked = true;
      return refused(400, 'invalid_grant', 'the authorization code was already used');
    }
    // Presented once, spent: a wrong verifier does not leave it to be tried again.
    entry.used = true;
    if (entry.expiresAt <= this.clock.now()) return refused(400, 'invalid_grant', 'the authorization code expired');
    if (entry.clientId !== app.clientId)
      return refused(400, 'invalid_grant', 'the authorization code was issued to another app');
    // "The redirect_uri parameter is required in the token exchange request if it was provided in the authorization
    // request" (the migration guide), and then it must be the same.
    const redirectUri = request.redirect_uri ?? (entry.redirectUriGiven ? undefined : entry.redirectUri);
    if (redirectUri !== entry.redirectUri)
      return refused(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
    // PKCE "is required for all apps using the new OAuth flow"; a verifier that does not hash to the challenge is
    // rejected (the migration guide).
    if (!request.code_verifier) return refused(400, 'invalid_request', 'code_verifier is required');
    if (createHash('sha256').update(request.code_verifier).digest('base64url') !== entry.challenge)
      return refused(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
    const grant: Grant = {
      id: random(12),
      clientId: app.clientId,
      userId: entry.userId,
      scope: entry.scopes.join(' '),
      revoked: false
    };
    this.grants.set(grant.id, grant);
    entry.grantId = grant.id;
    return this.issue(grant);
  }

  private refresh(app: MondayAppRegistration, refreshToken: string | undefined): TokenAnswer {
    if (!refreshToken) return refused(400, 'invalid_request', 'refresh_token is required');
    const entry = this.refreshTokens.get(refreshToken);
    const grant = entry ? this.grants.get(entry.grantId) : undefined;
    if (!entry || !grant || grant.clientId !== app.clientId)
      return refused(400, 'invalid_grant', 'invalid refresh token');
    if (entry.spent) {
      // RFC 9700 §4.14.2: a rotated-out refresh token used again means two holders; neither keeps the grant.
      grant.revoked = true;
      return refused(400, 'invalid_grant', 'the refresh token was already used');
    }
    if (grant.revoked) return refused(400, 'invalid_grant', 'the authorization was revoked');
    entry.spent = true;
    return this.issue(grant);
  }

  /** A new access token (a JWT with `exp`) and a new refresh token for the grant. */
  private issue(grant: Grant): TokenAnswer {
    const now = this.clock.now();
    const exp = Math.floor((now + this.settings.accessTokenLifetimeMs) / 1000);
    // Only `exp` is documented; the other claims are what a monday token carries to say whose it is.
    const accessToken = jwt.sign(
      {
        uid: Number(grant.userId),
        actid: this.accountId,
        scp: grant.scope,
        iat: Math.floor(now / 1000),
        exp,
        jti: random(9)
      },
      this.signingKey,
      { algorithm: 'HS256' }
    );
    const refreshToken = jwt.sign({ typ: 'refresh', iat: Math.floor(now / 1000), jti: random(18) }, this.signingKey, {
      algorithm: 'HS256'
    });
    this.accessTokens.set(accessToken, { grantId: grant.id, expiresAt: exp * 1000 });
    this.refreshTokens.set(refreshToken, { grantId: grant.id, spent: false });
    return {
      status: 200,
      body: { access_token: accessToken, refresh_token: refreshToken, token_type: 'Bearer', scope: grant.scope }
    };
  }

  private grantOfToken(token: string): Grant | undefined {
    const grantId = this.accessTokens.get(token)?.grantId ?? this.refreshTokens.get(token)?.grantId;
    return grantId === undefined ? undefined : this.grants.get(grantId);
  }
}

/** `url` with the parameters that have a value added to its query. */
function withQuery(url: string, parameters: Record<string, string | undefined>): string {
  const target = new URL(url);
  for (const [name, value] of Object.entries(parameters)) if (value !== undefined) target.searchParams.set(name, value);
  return target.toString();
}
