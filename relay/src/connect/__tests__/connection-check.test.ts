// The connection page's Test, each outcome from what the two services answer (the browser test clicks the ok and the
// refused ones against the stand-ins).
import type { AxiosResponse } from 'axios';
import { MondayAuthError, MondayUnavailableError } from '../../monday/errors';
import { SalesforceAuthError, SalesforceRequestError, SalesforceUnavailableError } from '../../salesforce/errors';
import { type CheckedSides, checkConnection } from '../connection-check';

const expected = { connectionId: 'c_abcdefgh12', relayUrl: 'https://relay.example.com', mondayAccountId: '42' };
const packageOk = {
  connectionId: 'c_abcdefgh12',
  relayUrl: 'https://relay.example.com/',
  status: 'active',
  namedCredentialUrl: 'https://relay.example.com',
  namedCredentialMatches: true
};
const mondayOk = { data: { me: { id: '7', name: 'Ada', account: { id: 42, name: 'Acme' } } } };

/** Clients that answer the package resource at `paths` (others: 404) and `me` with `me`, or throw what is given. */
function sides(
  salesforce: Record<string, unknown> | Error,
  monday: unknown,
  paths = ['/services/apexrest/mondaysync/monday-sync/v1/connection']
): CheckedSides & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    salesforce: {
      request: (_method, path) => {
        asked.push(path);
        if (salesforce instanceof Error) return Promise.reject(salesforce);
        if (!paths.includes(path))
          return Promise.reject(new SalesforceRequestError('Salesforce: no such', 'NOT_FOUND'));
        return Promise.resolve({ data: salesforce } as AxiosResponse);
      }
    },
    monday: { request: () => (monday instanceof Error ? Promise.reject(monday) : Promise.resolve(monday)) }
  };
}

describe('testing a connection', () => {
  it('is ok when the package names this connection and relay, and monday answers for the same account', async () => {
    expect(await checkConnection(sides(packageOk, mondayOk), expected)).toEqual({
      salesforce: { outcome: 'ok' },
      monday: { outcome: 'ok' }
    });
  });

  it('asks the bare resource when the namespaced one is not there (deployed without a namespace)', async () => {
    const bare = '/services/apexrest/monday-sync/v1/connection';
    const checked = sides(packageOk, mondayOk, [bare]);
    expect((await checkConnection(checked, expected)).salesforce).toEqual({ outcome: 'ok' });
    expect(checked.asked).toEqual(['/services/apexrest/mondaysync/monday-sync/v1/connection', bare]);
  });

  it('says which side refused the relay, with the service’s answer', async () => {
    const result = await checkConnection(
      sides(new SalesforceAuthError('Salesforce refused the connection (invalid_grant)'), new MondayAuthError('no')),
      expected
    );
    expect(result.salesforce).toEqual({
      outcome: 'refused',
      detail: 'Salesforce refused the connection (invalid_grant)'
    });
    expect(result.monday.outcome).toBe('refused');
  });

  it('tells an unavailable service from a refusal', async () => {
    const result = await checkConnection(
      sides(new SalesforceUnavailableError('Salesforce: HTTP 503'), new MondayUnavailableError('monday: 502')),
      expected
    );
    expect([result.salesforce.outcome, result.monday.outcome]).toEqual(['unavailable', 'unavailable']);
  });

  it('says the package is missing when neither path answers, or the user may not manage it', async () => {
    expect((await checkConnection(sides(packageOk, mondayOk, []), expected)).salesforce.outcome).toBe('package');
    const forbidden = new SalesforceRequestError('Salesforce: HTTP 403', 'HTTP_403');
    expect((await checkConnection(sides(forbidden, mondayOk), expected)).salesforce.outcome).toBe('package');
  });

  it('finds a package configured for another connection, disconnected, another relay, or a stray named credential', async () => {
    const outcome = async (answer: Record<string, unknown>) =>
      (await checkConnection(sides({ ...packageOk, ...answer }, mondayOk), expected)).salesforce;
    expect(await outcome({ connectionId: 'c_other00000' })).toEqual({
      outcome: 'other-connection',
      detail: 'c_other00000'
    });
    expect(await outcome({ status: 'disconnected' })).toEqual({ outcome: 'package-disconnected' });
    expect(await outcome({ relayUrl: 'https://old.example.com' })).toEqual({
      outcome: 'other-relay',
      detail: 'https://old.example.com'
    });
    expect(await outcome({ namedCredentialMatches: false, namedCredentialUrl: 'https://x.example.com' })).toEqual({
      outcome: 'named-credential',
      detail: 'https://x.example.com'
    });
  });

  it('finds a monday token of another account, and shows no text of an error it does not know', async () => {
    const other = { data: { me: { id: '7', name: 'Ada', account: { id: 99, name: 'Other Co' } } } };
    expect((await checkConnection(sides(packageOk, other), expected)).monday).toEqual({
      outcome: 'other-account',
      detail: 'Other Co'
    });
    const unknown = await checkConnection(sides(new Error('Bearer 00Dxx!secret'), mondayOk), expected);
    expect(unknown.salesforce).toEqual({ outcome: 'failed', detail: 'an unexpected error' });
  });
});
