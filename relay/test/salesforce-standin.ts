import axios from 'axios';
import { createLogger } from '../src/core/logger';
import { SalesforceClient } from '../src/salesforce/client';
import { SalesforceStandIn, type SalesforceStandInOptions } from '../dev/standins/salesforce/server';

export const apiVersion = '65.0';

export interface RestAnswer {
  status: number;
  headers: Headers;
  body: any;
}

export interface SalesforceFixture {
  standIn: SalesforceStandIn;
  accessToken: string;
  /** Calls the org's REST API under /services/data/v65.0 with the fixture's access token. */
  rest(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<RestAnswer>;
}

export async function startSalesforce(options: SalesforceStandInOptions = {}): Promise<SalesforceFixture> {
  const standIn = await new SalesforceStandIn(options).start();
  const accessToken = standIn.oauth.issueAccessToken(standIn.adminUserId);
  const rest = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {}
  ): Promise<RestAnswer> => {
    const url = path.startsWith('/services/')
      ? `${standIn.instanceUrl}${path}`
      : `${standIn.instanceUrl}/services/data/v${apiVersion}${path}`;
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) })
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
  };
  return { standIn, accessToken, rest };
}

/** The relay's client for the stand-in org, connected as its admin (the stand-in's connected app). */
export function salesforceClientFor(
  standIn: SalesforceStandIn,
  refreshToken = standIn.oauth.issueRefreshToken(standIn.adminUserId)
): SalesforceClient {
  return new SalesforceClient(
    axios.create(),
    { loginUrl: standIn.loginUrl, clientId: 'standin-client-id', clientSecret: 'standin-client-secret', refreshToken },
    createLogger('silent')
  );
}
