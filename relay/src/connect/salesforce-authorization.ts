// Salesforce's OAuth 2.0 web-server flow with PKCE, for the connect flow: the authorize URL on the org's login host,
// the code exchanged (with the verifier) for a refresh token and the instance URL, the identity URL read for the org
// and user ids, and a token revoked on disconnect.
// https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_web_server_flow.htm
// https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_endpoints.htm (login hosts)
// https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_using_openid.htm (identity URL)
import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import { AuthorizationRefusedError, ConnectInputError } from './authorization-errors';

export interface SalesforceApp {
  clientId: string;
  clientSecret: string;
  /** The relay's callback: <RELAY_PUBLIC_URL>/connect/salesforce/callback, registered on the connected app. */
  redirectUri: string;
}

const subdomainPattern = /^[A-Za-z0-9][A-Za-z0-9-]{0,79}(--[A-Za-z0-9]{1,40})?$/;

/**
 * The login host of what the admin entered: a My Domain subdomain (production: <sub>.my.salesforce.com; a sandbox's
 * My Domain is <sub>--<sandbox>.sandbox.my.salesforce.com), test.salesforce.com for a sandbox without one, or a
 * login URL given as is (https; http only on the machine itself, for the local stand-ins).
 */
export function loginUrlFor(input: {
  subdomain?: string | undefined;
  sandbox?: boolean | undefined;
  loginUrl?: string | undefined;
}): string {
  const given = input.loginUrl?.trim();
  if (given) {
    let url: URL;
    try {
      url = new URL(given);
    } catch {
      throw new ConnectInputError('The login URL is not a URL');
    }
    const loopback = url.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(url.hostname);
    if (url.protocol !== 'https:' && !loopback) throw new ConnectInputError('The login URL must start with https://');
    return url.origin;
  }
  const subdomain = input.subdomain?.trim().toLowerCase() ?? '';
  if (!subdomain) return input.sandbox ? 'https://test.salesforce.com' : 'https://login.salesforce.com';
  if (!subdomainPattern.test(subdomain))
    throw new ConnectInputError(
      'The My Domain subdomain is the part before .my.salesforce.com: letters, digits and hyphens'
    );
  // A sandbox's My Domain names the sandbox after two hyphens (acme--uat); without it, a sandbox logs in at
  // test.salesforce.com, which sends the admin on to the sandbox they pick.
  if (subdomain.includes('--')) return `https://${subdomain}.sandbox.my.salesforce.com`;
  return input.sandbox ? 'https://test.salesforce.com' : `https://${subdomain}.my.salesforce.com`;
}

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  instance_url: z.url(),
  id: z.url()
});
const identityAnswer = z.object({
  organization_id: z.string().min(15),
  user_id: z.string().min(15),
  username: z.string()
});
const oauthError = z.object({ error: z.string(), error_description: z.string().optional() });

export interface SalesforceGrant {
  accessToken: string;
  refreshToken: string;
  instanceUrl: string;
  identityUrl: string;
}

export class SalesforceAuthorization {
  constructor(
    private readonly http: AxiosInstance,
    private readonly app: SalesforceApp
  ) {}

  authorizeUrl(loginUrl: string, state: string, challenge: string): string {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: this.app.clientId,
      redirect_uri: this.app.redirectUri,
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      // The admin picks the user: a browser logged into another org does not connect that one by mistake.
      prompt: 'login consent',
      scope: 'api refresh_token id'
    });
    return `${loginUrl}/services/oauth2/authorize?${query.toString()}`;
  }

  async exchange(loginUrl: string, code: string, verifier: string): Promise<SalesforceGrant> {
    const response = await this.http.post(
      `${loginUrl}/services/oauth2/token`,
      new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        client_id: this.app.clientId,
        client_secret: this.app.clientSecret,
        redirect_uri: this.app.redirectUri,
        code_verifier: verifier
      }).toString(),
      { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, validateStatus: () => true, timeout: 30_000 }
    );
    const granted = tokenAnswer.safeParse(response.data);
    if (response.status === 200 && granted.success)
      return {
        accessToken: granted.data.access_token,
        refreshToken: granted.data.refresh_token,
        instanceUrl: granted.data.instance_url,
        identityUrl: granted.data.id
      };
    throw new AuthorizationRefusedError(
      `Salesforce refused the authorization (${refusal(response.status, response.data)})`
    );
  }

  /** The org and user the token belongs to: a sandbox refreshed since the last connect has a new org id. */
  async identity(grant: SalesforceGrant): Promise<{ orgId: string; userId: string; username: string }> {
    const response = await this.http.get(grant.identityUrl, {
      headers: { Authorization: `Bearer ${grant.accessToken}` },
      validateStatus: () => true,
      timeout: 30_000
    });
    const identity = identityAnswer.safeParse(response.data);
    if (response.status !== 200 || !identity.success)
      throw new AuthorizationRefusedError(`Salesforce did not say who authorized (HTTP ${response.status})`);
    return { orgId: identity.data.organization_id, userId: identity.data.user_id, username: identity.data.username };
  }

  /** Revokes a refresh token (and its access tokens); a token already gone is not an error. */
  async revoke(loginUrl: string, token: string): Promise<void> {
    await this.http.post(`${loginUrl}/services/oauth2/revoke`, new URLSearchParams({ token }).toString(), {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      validateStatus: () => true,
      timeout: 30_000
    });
  }
}

/** What an OAuth refusal says, without anything secret (the error code and description only). */
export function refusal(status: number, body: unknown): string {
  const parsed = oauthError.safeParse(body);
  return parsed.success
    ? `${parsed.data.error}${parsed.data.error_description ? `: ${parsed.data.error_description}` : ''}`.slice(0, 200)
    : `HTTP ${status}`;
}
