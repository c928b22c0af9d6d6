// OAuth as a connected app sees it: the refresh-token grant answers an access token and the instance URL (no
// expiry is given; the session simply stops working), a revoked refresh token answers invalid_grant. With refresh
// token rotation on (Salesforce recommends it), each grant also answers a new refresh token and "the previous
// refresh token is automatically invalidated".
// https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../../src/core/clock';

export interface OAuthSettings {
  clientId: string;
  clientSecret: string;
  /** How long an access token works (the org's session timeout). */
  sessionLifetimeMs: number;
  /** Refresh token rotation: each grant answers a new refresh token and revokes the one used. */
  rotateRefreshTokens?: boolean;
}

export type TokenAnswer =
  { status: 200; body: Record<string, string> } | { status: 400; body: { error: string; error_description: string } };

const token = (prefix: string): string => `${prefix}!${randomBytes(36).toString('base64url')}`;

export class OAuthServer {
  private readonly refreshTokens = new Map<string, { userId: string; revoked: boolean }>();
  private readonly accessTokens = new Map<string, { userId: string; expiresAt: number }>();
  /** Every access token ever issued, expired or not (a test looks for them where they must not be). */
  private readonly issued: string[] = [];
  /** Grants answered, to check that a client refreshes once and not once per request. */
  refreshCount = 0;

  constructor(
    readonly settings: OAuthSettings,
    private readonly clock: Clock,
    private readonly orgId: string
  ) {}

  issueRefreshToken(userId: string): string {
    const refreshToken = token('5Aep861');
    this.refreshTokens.set(refreshToken, { userId, revoked: false });
    return refreshToken;
  }

  /** An access token without a refresh (what a test needs to call the API directly). */
  issueAccessToken(userId: string): string {
    const accessToken = token(this.orgId.slice(0, 15));
    this.accessTokens.set(accessToken, { userId, expiresAt: this.clock.now() + this.settings.sessionLifetimeMs });
    this.issued.push(accessToken);
    return accessToken;
  }

  /** What an admin does by revoking the app's access, or what a password change does. */
  revoke(refreshToken: string): void {
    const entry = this.refreshTokens.get(refreshToken);
    if (entry) entry.revoked = true;
    for (const [accessToken, session] of this.accessTokens)
      if (entry && session.userId === entry.userId) this.accessTokens.delete(accessToken);
  }

  /**
   * What an admin does in Setup (Connected Apps OAuth Usage → Revoke, or a user's OAuth connections → Revoke) and what
   * a password reset does: every refresh token issued for the user (for every user without one) stops working, and
   * their sessions end. A connection that holds one of them is refused until an admin authorizes again; the tokens
   * issued after that work.
   */
  revokeAll(userId?: string): void {
    const revoked = (owner: string): boolean => userId === undefined || owner === userId;
    for (const entry of this.refreshTokens.values()) if (revoked(entry.userId)) entry.revoked = true;
    for (const [accessToken, session] of this.accessTokens)
      if (revoked(session.userId)) this.accessTokens.delete(accessToken);
  }

  /** Every refresh token ever issued, revoked or not. */
  issuedRefreshTokens(): string[] {
    return [...this.refreshTokens.keys()];
  }

  issuedAccessTokens(): string[] {
    return [...this.issued];
  }

  /** Ends every session now, as a session timeout would. */
  expireAccessTokens(): void {
    this.accessTokens.clear();
  }

  /** The user of a working access token. */
  userOf(accessToken: string): string | undefined {
    const session = this.accessTokens.get(accessToken);
    if (!session || session.expiresAt <= this.clock.now()) return undefined;
    return session.userId;
  }

  private readonly codes = new Map<
    string,
    {
      userId: string;
      clientId: string;
      redirectUri: string;
      challenge: string | undefined;
      scope: string | undefined;
      expiresAt: number;
    }
  >();

  /**
   * The web-server flow's authorization code, for a user who allowed access: good once, for 15 minutes, bound to
   * the client, the redirect URI and the PKCE challenge.
   * https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_web_server_flow.htm
   */
  issueCode(
    userId: string,
    clientId: string,
    redirectUri: string,
    challenge: string | undefined,
    scope?: string
  ): string {
    const code = token('aPrx');
    this.codes.set(code, {
      userId,
      clientId,
      redirectUri,
      challenge,
      scope,
      expiresAt: this.clock.now() + 15 * 60_000
    });
    return code;
  }

  private exchangeCode(form: Record<string, unknown>): { userId: string; scope: string | undefined } | TokenAnswer {
    const entry = typeof form.code === 'string' ? this.codes.get(form.code) : undefined;
    if (typeof form.code === 'string') this.codes.delete(form.code);
    if (!entry || entry.expiresAt <= this.clock.now() || entry.clientId !== form.client_id)
      return { status: 400, body: { error: 'invalid_grant', error_description: 'invalid authorization code' } };
    if (form.redirect_uri !== entry.redirectUri)
      return {
        status: 400,
        body: { error: 'redirect_uri_mismatch', error_description: 'redirect_uri must match configuration' }
      };
    if (entry.challenge !== undefined) {
      // "If the code_challenge value was provided in the authorization request, and the code_verifier isn't provided
      // in the token request, the request fails with invalid_grant"; a wrong one, with invalid_request.
      if (typeof form.code_verifier !== 'string')
        return { status: 400, body: { error: 'invalid_grant', error_description: 'invalid code verifier' } };
      if (createHash('sha256').update(form.code_verifier).digest('base64url') !== entry.challenge)
        return { status: 400, body: { error: 'invalid_request', error_description: 'invalid code verifier' } };
    }
    return { userId: entry.userId, scope: entry.scope };
  }

  grant(form: Record<string, unknown>, loginUrl: string, instanceUrl: string): TokenAnswer {
    if (form.grant_type === 'authorization_code') {
      if (form.client_id !== this.settings.clientId || form.client_secret !== this.settings.clientSecret)
        return { status: 400, body: { error: 'invalid_client', error_description: 'invalid client credentials' } };
      const exchanged = this.exchangeCode(form);
      if ('status' in exchanged) return exchanged;
      // A refresh token only when the scope asks for one (refresh_token or offline_access); without a scope, the
      // connected app's scopes apply. https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_tokens_scopes.htm
      const scopes = exchanged.scope?.split(' ') ?? ['api', 'refresh_token', 'id'];
      const refresh = scopes.includes('refresh_token') || scopes.includes('offline_access');
      return {
        status: 200,
        body: {
          access_token: this.issueAccessToken(exchanged.userId),
          ...(refresh ? { refresh_token: this.issueRefreshToken(exchanged.userId) } : {}),
          signature: randomBytes(32).toString('base64'),
          scope: scopes.join(' '),
          instance_url: instanceUrl,
          id: `${loginUrl}/id/${this.orgId}/${exchanged.userId}`,
          token_type: 'Bearer',
          issued_at: String(this.clock.now())
        }
      };
    }
    if (form.grant_type !== 'refresh_token') {
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' } };
    }
    if (form.client_id !== this.settings.clientId) {
      return { status: 400, body: { error: 'invalid_client_id', error_description: 'client identifier invalid' } };
    }
    if (form.client_secret !== undefined && form.client_secret !== this.settings.clientSecret) {
      return { status: 400, body: { error: 'invalid_client', error_description: 'invalid client credentials' } };
    }
    const entry = typeof form.refresh_token === 'string' ? this.refreshTokens.get(form.refresh_token) : undefined;
    if (!entry || entry.revoked) {
      return { status: 400, body: { error: 'invalid_grant', error_description: 'expired access/refresh token' } };
    }
    this.refreshCount += 1;
    const accessToken = this.issueAccessToken(entry.userId);
    let rotated: { refresh_token: string } | Record<string, never> = {};
    if (this.settings.rotateRefreshTokens) {
      entry.revoked = true;
      rotated = { refresh_token: this.issueRefreshToken(entry.userId) };
    }
    return {
      status: 200,
      body: {
        access_token: accessToken,
        ...rotated,
        signature: randomBytes(32).toString('base64'),
        scope: 'api refresh_token',
        instance_url: instanceUrl,
        id: `${loginUrl}/id/${this.orgId}/${entry.userId}`,
        token_type: 'Bearer',
        issued_at: String(this.clock.now())
      }
    };
  }
}
