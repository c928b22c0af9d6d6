// The package configures itself: the relay calls the package's global Apex REST resource (MondayConnectionResource)
// as the admin who authorized it, and the package keeps the connection id, the relay's URL and the signing secret in
// its protected settings. No person ever sees or copies the secret. In a managed install the resource's URL carries
// the namespace (/services/apexrest/mondaysync/…); deployed without one (a scratch org), it does not: the
// namespaced path is asked first. https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_rest_code_sample_restrequest.htm
import type { AxiosInstance, AxiosResponse } from 'axios';
import { z } from 'zod';
import { PackageSetupError } from './authorization-errors';

export const packageNamespace = 'mondaysync';
const resourcePath = 'monday-sync/v1/connection';

export interface PackageSession {
  accessToken: string;
  instanceUrl: string;
}

export interface PackageConfiguration {
  connectionId: string;
  relayUrl: string;
  signingSecret: string;
  mondayAccount: { id: string; name: string };
  /** A new connection replacing the one the package had (a refreshed sandbox connected anew). */
  replace?: boolean;
}

const configured = z.object({ namedCredentialUrl: z.string().nullish(), namedCredentialMatches: z.boolean() });
const status = z
  .object({ connectionId: z.string().nullish(), relayUrl: z.string().nullish(), status: z.string().nullish() })
  .loose();
const apexError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export class PackageSetup {
  constructor(private readonly http: AxiosInstance) {}

  /** The package's connection as it stands (never a secret): whether the admin may configure it at all. */
  async status(
    session: PackageSession
  ): Promise<{ connectionId: string | undefined; relayUrl: string | undefined; active: boolean }> {
    const answer = status.parse((await this.call(session, 'GET')).data);
    return {
      connectionId: answer.connectionId ?? undefined,
      relayUrl: answer.relayUrl ?? undefined,
      // Any status but disconnected: the package refuses another connection id then (409 CONNECTION_MISMATCH).
      active: answer.status !== 'disconnected'
    };
  }

  async configure(
    session: PackageSession,
    configuration: PackageConfiguration
  ): Promise<{ namedCredentialUrl: string | undefined; namedCredentialMatches: boolean }> {
    const answer = configured.safeParse((await this.call(session, 'PUT', configuration)).data);
    if (!answer.success) throw new PackageSetupError('The package answered in a way this relay does not know');
    return {
      namedCredentialUrl: answer.data.namedCredentialUrl ?? undefined,
      namedCredentialMatches: answer.data.namedCredentialMatches
    };
  }

  async disconnect(session: PackageSession, connectionId: string): Promise<void> {
    await this.call(session, 'DELETE', undefined, `?connectionId=${encodeURIComponent(connectionId)}`);
  }

  private async call(
    session: PackageSession,
    method: 'GET' | 'PUT' | 'DELETE',
    body?: unknown,
    query = ''
  ): Promise<AxiosResponse> {
    const send = (prefix: string): Promise<AxiosResponse> =>
      this.http.request({
        method,
        url: `${session.instanceUrl}/services/apexrest/${prefix}${resourcePath}${query}`,
        headers: { Authorization: `Bearer ${session.accessToken}`, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { data: body }),
        validateStatus: () => true,
        timeout: 30_000
      });
    let response = await send(`${packageNamespace}/`);
    if (response.status === 404) response = await send('');
    if (response.status >= 200 && response.status < 300) return response;
    if (response.status === 404)
      throw new PackageSetupError('The monday Sync package is not installed in this org: install it, then connect');
    const refused = apexError.safeParse(response.data);
    if (response.status === 403 || refused.data?.error.code === 'NOT_ALLOWED')
      throw new PackageSetupError(
        'Only a user with the monday Sync Admin permission set can connect the org: ask an admin to assign it, then connect again'
      );
    throw new PackageSetupError(
      `The package refused the connection (${refused.success ? `${refused.data.error.code}: ${refused.data.error.message}`.slice(0, 200) : `HTTP ${response.status}`})`
    );
  }
}
