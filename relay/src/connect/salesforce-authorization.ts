// Salesforce's OAuth 2.0 web-server flow with PKCE, for the connect flow: the authorize URL on the org's login host,
// the code exchanged (with the verifier) for a refresh token and the instance URL, the identity URL read for the org
// and user ids, and a token revoked on disconnect.
// https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_web_server_flow.htm
// https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_endpoints.htm (login hosts)
// https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_using_openid.htm (identity URL)
import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import { AuthorizationRefusedError, ConnectInputError } from './authorization-errors';
import type { SalesforceHosts } from './salesforce-hosts';

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
export function loginUrlFor(
  input: {
    subdomain?: string | undefined;
    sandbox?: boolean | undefined;
    loginUrl?: string | undefined;
  },
  hosts: SalesforceHosts
): string {
  const given = input.loginUrl?.trim();
  if (given) return hosts.loginOrigin(given);
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
  refresh_token: z.string().min(1).optional(),
  instance_url: z.url(),
  id: z.url()
});
/** The identity URL's path names the org and the user: https://login.salesforce.com/id/<org id>/<user id>. */
const identityPath = /^\/id\/(00D[A-Za-z0-9]{12,15})\/(005[A-Za-z0-9]{12,15})$/;
const identityAnswer = z.object({
  organization_id: z.string().min(15),
  user_id: z.string().min(15),
  username: z.string()
});
const oauthError = z.object({ error: z.string(), error_description: z.string().optional() });

export interface SalesforceGrant {
  accessToken: string;
  /** None for a login (the connection page's session asks for no refresh token). */
  refreshToken: string | undefined;
  instanceUrl: string;
  identityUrl: string;
}

export class SalesforceAuthorization {
  constructor(
    private readonly http: AxiosInstance,
    private readonly app: SalesforceApp,
    private readonly hosts: SalesforceHosts
  ) {}

  /**
   * The authorize URL. A connection asks for a refresh token (the relay's lasting access); a login for a connection
   * page does not: its access token ends with the admin's Salesforce session, and nothing is left to revoke.
   */
  authorizeUrl(loginUrl: string, state: string, challenge: string, purpose: 'connect' | 'login' = 'connect'): string {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: this.app.clientId,
      redirect_uri: this.app.redirectUri,
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      // The admin picks the user: a browser logged into another org does not connect that one by mistake.
      prompt: 'login consent',
      scope: purpose === 'connect' ? 'api refresh_token id' : 'api id'
    });
    return `${loginUrl}/services/oauth2/authorize?${query.toString()}`;
  }

  async exchange(loginUrl: string, code: string, verifier: string): Promise<SalesforceGrant> {
    // The client secret goes to Salesforce only (the login URL was checked when the flow began; checked again here).
    if (!this.hosts.allows(loginUrl)) throw new ConnectInputError('The login URL is not a Salesforce address');
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
    if (response.status === 200 && granted.success) {
      // The relay calls the instance and the identity URL with the admin's token, and believes what they answer.
      if (!this.hosts.allows(granted.data.instance_url) || !this.hosts.allows(granted.data.id))
        throw new AuthorizationRefusedError('Salesforce answered an instance or identity URL outside Salesforce');
      return {
        accessToken: granted.data.access_token,
        refreshToken: granted.data.refresh_token,
        instanceUrl: granted.data.instance_url,
        identityUrl: granted.data.id
      };
    }
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
    // The org and the user the identity URL names are the ones its answer gives (compared on 15 characters).
    const [, orgId = '', userId = ''] = identityPath.exec(new URL(grant.identityUrl).pathname) ?? [];
    if (
      orgId.slice(0, 15) !== identity.data.organization_id.slice(0, 15) ||
      userId.slice(0, 15) !== identity.data.user_id.slice(0, 15)
    )
      throw new AuthorizationRefusedError('Salesforce named another org or user than its identity URL');
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
