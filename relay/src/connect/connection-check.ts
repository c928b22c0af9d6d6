// The connection page's "Test the connection": both sides asked with the tokens the connection's sync uses (its
// running clients, so a rotated refresh token is kept and an unavailable service is told to its health), not with the
// admin's browser session. Salesforce: the package's connection resource answers, names this connection and this
// relay, and its named credential points here. monday: `me` answers, for the account the connection was made with.
// A refusal is said in the result; the worker's own status changes only when its work meets the refusal.
import type { AxiosResponse } from 'axios';
import { z } from 'zod';
import { RelayError } from '../core/errors';
import { MondayAuthError, MondayUnavailableError } from '../monday/errors';
import { documents } from '../monday/documents';
import { SalesforceAuthError, SalesforceRequestError, SalesforceUnavailableError } from '../salesforce/errors';
import { packageNamespace } from './package-setup';

/** The running connection's clients, as the check uses them. */
export interface CheckedSides {
  salesforce: { request(method: 'GET', path: string): Promise<AxiosResponse> };
  monday: { request(document: string, variables: Record<string, unknown>): Promise<unknown> };
}

export interface ExpectedConnection {
  connectionId: string;
  relayUrl: string;
  /** The monday account the connection was made with. */
  mondayAccountId: string | undefined;
}

export type SideOutcome =
  | 'ok'
  | 'refused'
  | 'unavailable'
  /** The package does not answer: not installed, or the connection's user lost its permission set. */
  | 'package'
  | 'package-disconnected'
  | 'other-connection'
  | 'other-relay'
  | 'named-credential'
  | 'other-account'
  | 'failed';

export interface SideResult {
  outcome: SideOutcome;
  /** What the service answered, or the value that differs: never a token. */
  detail?: string;
}

export interface ConnectionCheck {
  salesforce: SideResult;
  monday: SideResult;
}

/** The package's connection resource, as ./package-setup.ts calls it (that file keeps its path to itself). */
const packageResourcePath = 'monday-sync/v1/connection';

const packageAnswer = z.object({
  connectionId: z.string().nullish(),
  relayUrl: z.string().nullish(),
  status: z.string().nullish(),
  namedCredentialUrl: z.string().nullish(),
  namedCredentialMatches: z.boolean().nullish()
});

const mondayMe = z.object({
  data: z.object({ me: z.object({ account: z.object({ id: z.coerce.string(), name: z.string() }) }) })
});

const sameUrl = (a: string | null | undefined, b: string): boolean =>
  (a ?? '').replace(/\/+$/, '') === b.replace(/\/+$/, '');

export async function checkConnection(sides: CheckedSides, expected: ExpectedConnection): Promise<ConnectionCheck> {
  const [salesforce, monday] = await Promise.all([
    checkSalesforce(sides.salesforce, expected),
    checkMonday(sides.monday, expected)
  ]);
  return { salesforce, monday };
}

async function checkSalesforce(client: CheckedSides['salesforce'], expected: ExpectedConnection): Promise<SideResult> {
  let response: AxiosResponse;
  try {
    response = await packageResource(client);
  } catch (error) {
    if (error instanceof SalesforceRequestError && ['NOT_FOUND', 'NOT_ALLOWED', 'HTTP_403'].includes(error.errorCode))
      return { outcome: 'package', detail: error.message };
    return failure(error, SalesforceAuthError, SalesforceUnavailableError);
  }
  const answer = packageAnswer.safeParse(response.data);
  if (!answer.success) return { outcome: 'failed', detail: 'The package answered in a way this relay does not know' };
  const { connectionId, relayUrl, status, namedCredentialUrl, namedCredentialMatches } = answer.data;
  if (connectionId !== expected.connectionId) return { outcome: 'other-connection', detail: connectionId ?? '—' };
  if (status === 'disconnected') return { outcome: 'package-disconnected' };
  if (!sameUrl(relayUrl, expected.relayUrl)) return { outcome: 'other-relay', detail: relayUrl ?? '—' };
  if (namedCredentialMatches === false) return { outcome: 'named-credential', detail: namedCredentialUrl ?? '—' };
  return { outcome: 'ok' };
}

/** The resource under the package's namespace (a managed install), else bare (deployed without one), as set up. */
async function packageResource(client: CheckedSides['salesforce']): Promise<AxiosResponse> {
  try {
    return await client.request('GET', `/services/apexrest/${packageNamespace}/${packageResourcePath}`);
  } catch (error) {
    if (!(error instanceof SalesforceRequestError) || error.errorCode !== 'NOT_FOUND') throw error;
    return client.request('GET', `/services/apexrest/${packageResourcePath}`);
  }
}

async function checkMonday(client: CheckedSides['monday'], expected: ExpectedConnection): Promise<SideResult> {
  let answer: unknown;
  try {
    answer = await client.request(documents.meWithAccount, {});
  } catch (error) {
    return failure(error, MondayAuthError, MondayUnavailableError);
  }
  const me = mondayMe.safeParse(answer);
  if (!me.success) return { outcome: 'failed', detail: 'monday answered in a way this relay does not know' };
  const { account } = me.data.data.me;
  if (expected.mondayAccountId !== undefined && account.id !== expected.mondayAccountId)
    return { outcome: 'other-account', detail: account.name };
  return { outcome: 'ok' };
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** A failure as the page says it: the classified errors' messages carry no token; anything else is not shown. */
function failure(error: unknown, refused: ErrorClass, unavailable: ErrorClass): SideResult {
  const detail = error instanceof RelayError ? error.message.slice(0, 300) : 'an unexpected error';
  if (error instanceof refused) return { outcome: 'refused', detail };
  if (error instanceof unavailable) return { outcome: 'unavailable', detail };
  return { outcome: 'failed', detail };
}
