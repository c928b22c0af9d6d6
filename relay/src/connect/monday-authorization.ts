// monday's OAuth 2.1 for a monday app (PKCE, expiring access tokens with refresh tokens; each refresh answers a new
// refresh token), and the personal API token as the other way. https://developer.monday.com/apps/docs/oauth-2-1,
// https://developer.monday.com/apps/docs/migrating-to-the-new-oauth-flow (token and revoke endpoints, refresh),
// https://developer.monday.com/apps/docs/oauth (scopes).
import type { AxiosInstance } from 'axios';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { Clock } from '../core/clock';
import { AuthorizationRefusedError } from './authorization-errors';
import { refusal } from './salesforce-authorization';
import type { MondayTokenSecret } from '../connections/connection-secrets';

export interface MondayApp {
  clientId: string;
  clientSecret: string;
  /** https://auth.monday.com */
  oauthUrl: string;
  /** <RELAY_PUBLIC_URL>/connect/monday/callback, registered on the app. */
  redirectUri: string;
}

/** What the relay does on monday: boards, columns and items, item updates, webhooks, and the bell of F13. */
export const mondayScopes = [
  'me:read',
  'account:read',
  'boards:read',
  'boards:write',
  'updates:write',
  'webhooks:read',
  'webhooks:write',
  'notifications:write'
];

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.coerce.number().positive().optional()
});

export class MondayAuthorization {
  constructor(
    private readonly http: AxiosInstance,
    private readonly app: MondayApp,
    private readonly clock: Clock
  ) {}

  authorizeUrl(state: string, challenge: string): string {
    const query = new URLSearchParams({
      client_id: this.app.clientId,
      redirect_uri: this.app.redirectUri,
      state,
      scope: mondayScopes.join(' '),
      code_challenge: challenge,
      code_challenge_method: 'S256'
    });
    return `${this.app.oauthUrl}/oauth2/authorize?${query.toString()}`;
  }

  exchange(code: string, verifier: string): Promise<MondayTokenSecret> {
    return this.token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.app.redirectUri,
      code_verifier: verifier
    });
  }

  /** A new access token (and a new refresh token: the one used is spent). */
  refresh(refreshToken: string): Promise<MondayTokenSecret> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  async revoke(token: string): Promise<void> {
    await this.http.post(
      `${this.app.oauthUrl}/oauth_ms/oauth/revoke`,
      { token, client_id: this.app.clientId, client_secret: this.app.clientSecret },
      { validateStatus: () => true, timeout: 30_000 }
    );
  }

  private async token(grant: Record<string, string>): Promise<MondayTokenSecret> {
    const response = await this.http.post(
      `${this.app.oauthUrl}/oauth_ms/oauth/token`,
      { ...grant, client_id: this.app.clientId, client_secret: this.app.clientSecret },
      { validateStatus: () => true, timeout: 30_000 }
    );
    const answer = tokenAnswer.safeParse(response.data);
    if (response.status !== 200 || !answer.success)
      throw new AuthorizationRefusedError(
        `monday refused the authorization (${refusal(response.status, response.data)})`
      );
    const expiresAt = answer.data.expires_in
      ? this.clock.now() + answer.data.expires_in * 1000
      : expiryOf(answer.data.access_token);
    return {
      kind: 'oauth',
      accessToken: answer.data.access_token,
      ...(answer.data.refresh_token ? { refreshToken: answer.data.refresh_token } : {}),
      ...(expiresAt ? { expiresAt } : {})
    };
  }
}

/** monday's tokens are JWTs: without expires_in, their `exp` says when they end (none: they do not). */
function expiryOf(token: string): number | undefined {
  const claims = jwt.decode(token);
  return claims && typeof claims === 'object' && typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
}
