// OAuth as a connected app sees it: the refresh-token grant answers an access token and the instance URL (no
// expiry is given; the session simply stops working), a revoked refresh token answers invalid_grant. With refresh
// token rotation on (Salesforce recommends it), each grant also answers a new refresh token and "the previous
// refresh token is automatically invalidated".
// https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm
import { randomBytes } from 'node:crypto';
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

  /** Ends every session now, as a session timeout would. */
  issuedAccessTokens(): string[] {
    return [...this.issued];
  }

  expireAccessTokens(): void {
    this.accessTokens.clear();
  }

  /** The user of a working access token. */
  userOf(accessToken: string): string | undefined {
    const session = this.accessTokens.get(accessToken);
    if (!session || session.expiresAt <= this.clock.now()) return undefined;
    return session.userId;
  }

  grant(form: Record<string, unknown>, loginUrl: string, instanceUrl: string): TokenAnswer {
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
