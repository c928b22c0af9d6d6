// The Salesforce REST client: the refresh-token grant against the login host, every call at the instance_url it
// answers (never a hard-coded host), one refresh in flight at a time and one retry after a 401, the API usage read
// from Sforce-Limit-Info on every answer, and failures classified into ./errors.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
import type { AxiosInstance, AxiosResponse } from 'axios';
import { z } from 'zod';
import type { Logger } from '../core/logger';
import type { ServiceCircuit } from '../sync/service-health';
import {
  SalesforceAuthError,
  SalesforceConcurrencyLimitError,
  SalesforceRecordBusyError,
  SalesforceRequestError,
  SalesforceRequestLimitError,
  SalesforceUnavailableError
} from './errors';
import { type PackageNames, discoverPackageNames } from './package-names';

export const salesforceApiVersion = '65.0';

export interface SalesforceClientSettings {
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  timeoutMs?: number;
}

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  instance_url: z.url(),
  /** Present when the connected app rotates refresh tokens: the one just used stops working. */
  refresh_token: z.string().min(1).optional()
});
const restErrors = z.array(
  z.object({ message: z.string(), errorCode: z.string(), fields: z.array(z.string()).optional() })
);
const queryPage = z.object({
  totalSize: z.number(),
  done: z.boolean(),
  records: z.array(z.record(z.string(), z.unknown())),
  nextRecordsUrl: z.string().optional()
});
const collectionResults = z.array(
  z.object({
    id: z.string().nullish(),
    success: z.boolean(),
    created: z.boolean().optional(),
    errors: z.array(z.object({ statusCode: z.string(), message: z.string(), fields: z.array(z.string()).optional() }))
  })
);

export type CollectionResult = z.infer<typeof collectionResults>[number];

const compositeAnswer = z.object({
  compositeResponse: z.array(z.object({ body: z.unknown(), httpStatusCode: z.number(), referenceId: z.string() }))
});

interface Session {
  accessToken: string;
  instanceUrl: string;
}

/** How long to wait when too many long requests run at once (Salesforce gives no Retry-After). */
const concurrencyWaitMs = 5_000;

/** Errors of one record or request that a retry of it may get past (not an outage of the service). */
const transientCodes = new Set([
  'UNABLE_TO_LOCK_ROW',
  'SERVER_UNAVAILABLE',
  'UNKNOWN_EXCEPTION',
  'REQUEST_RUNNING_TOO_LONG'
]);

export class SalesforceClient {
  private session: Session | undefined;
  private refreshing: Promise<Session> | undefined;
  /** API usage as of the last answer: `api-usage=used/limit`. */
  apiUsage: { used: number; limit: number } | undefined;

  /** Salesforce's health: asked before each request, told of each answer or failure (../sync/service-health.ts). */
  circuit: ServiceCircuit | undefined;
  /** Called with the new refresh token when Salesforce rotates it, to keep it (../store/refresh-tokens.ts). */
  onRefreshTokenRotated: ((refreshToken: string) => void) | undefined;

  constructor(
    private readonly http: AxiosInstance,
    private settings: SalesforceClientSettings,
    private readonly logger: Logger
  ) {}

  private names: Promise<PackageNames> | undefined;

  /** The package's object and field names in this org (with its namespace, when installed managed). */
  packageNames(): Promise<PackageNames> {
    if (!this.names) {
      const names = discoverPackageNames(this);
      // A failed discovery is not kept: the next call asks again.
      names.catch(() => {
        if (this.names === names) this.names = undefined;
      });
      this.names = names;
    }
    return this.names;
  }

  /** The org's base URL, once a session is open (record links point there). */
  get instanceUrl(): string | undefined {
    return this.session?.instanceUrl;
  }

  /**
   * An admin reconnected the org and gave a new refresh token: the session of the old one is dropped, and the next
   * call opens a session with the new one (calls refused for the revoked token then go through).
   */
  reconnect(refreshToken: string): void {
    this.settings = { ...this.settings, refreshToken };
    this.session = undefined;
    this.names = undefined;
    this.onRefreshTokenRotated?.(refreshToken);
  }

  /** One refresh at a time: concurrent callers wait for the same one. */
  private refresh(): Promise<Session> {
    this.refreshing ??= this.grant().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async grant(): Promise<Session> {
    let response: AxiosResponse;
    try {
      response = await this.http.post(
        `${this.settings.loginUrl}/services/oauth2/token`,
        new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: this.settings.clientId,
          client_secret: this.settings.clientSecret,
          refresh_token: this.settings.refreshToken
        }).toString(),
        {
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          timeout: this.settings.timeoutMs ?? 30_000,
          validateStatus: () => true
        }
      );
    } catch (error) {
      throw new SalesforceUnavailableError(
        `Salesforce login could not be reached: ${error instanceof Error ? error.message : String(error)}`
      );
    }
    if (response.status >= 500)
      throw new SalesforceUnavailableError(`Salesforce login answered HTTP ${response.status}`);
    const answer = tokenAnswer.safeParse(response.data);
    if (response.status !== 200 || !answer.success) {
      const body = z.object({ error: z.string(), error_description: z.string().optional() }).safeParse(response.data);
      const reason = body.success
        ? `${body.data.error}: ${body.data.error_description ?? ''}`
        : `HTTP ${response.status}`;
      throw new SalesforceAuthError(`Salesforce refused the connection (${reason}); an admin must reconnect it`);
    }
    const rotated = answer.data.refresh_token;
    if (rotated && rotated !== this.settings.refreshToken) {
      // Rotation: the token just used no longer works. The new one is kept before anything else happens.
      this.settings = { ...this.settings, refreshToken: rotated };
      this.onRefreshTokenRotated?.(rotated);
    }
    this.session = { accessToken: answer.data.access_token, instanceUrl: answer.data.instance_url };
    this.logger.info({ instanceUrl: this.session.instanceUrl }, 'Salesforce session opened');
    return this.session;
  }

  /** A REST call under /services/data/vNN.0 (or a full /services path such as a nextRecordsUrl). */
  async request(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<AxiosResponse> {
    if (this.circuit && !this.circuit.admit())
      throw new SalesforceUnavailableError('Salesforce is unavailable: the request waits until it answers again');
    try {
      const response = await this.requestAdmitted(method, path, body);
      this.circuit?.answered();
      return response;
    } catch (error) {
      if (error instanceof SalesforceUnavailableError) this.circuit?.unavailable(error.message);
      else this.circuit?.answered();
      throw error;
    }
  }

  private async requestAdmitted(method: string, path: string, body: unknown): Promise<AxiosResponse> {
    const used = this.session ?? (await this.refresh());
    let response = await this.send(used, method, path, body);
    if (response.status === 401) {
      // The session ended (timeout, revoked): refresh once, then retry once. When another call has refreshed since
      // this one started, its new session is used rather than a second refresh.
      const current = this.session !== undefined && this.session !== used ? this.session : await this.refresh();
      response = await this.send(current, method, path, body);
    }
    this.readUsage(response);
    return this.check(response);
  }

  private async send(session: Session, method: string, path: string, body: unknown): Promise<AxiosResponse> {
    const url = `${session.instanceUrl}${path.startsWith('/services/') ? path : `/services/data/v${salesforceApiVersion}${path}`}`;
    try {
      return await this.http.request({
        method,
        url,
        data: body,
        headers: { Authorization: `Bearer ${session.accessToken}`, 'Content-Type': 'application/json' },
        timeout: this.settings.timeoutMs ?? 30_000,
        validateStatus: () => true
      });
    } catch (error) {
      throw new SalesforceUnavailableError(
        `Salesforce could not be reached: ${error instanceof Error ? error.message : String(error)}`
      );
    }
  }

  private readUsage(response: AxiosResponse): void {
    const header = String(response.headers['sforce-limit-info'] ?? '');
    const match = /api-usage=(\d+)\/(\d+)/.exec(header);
    if (match) this.apiUsage = { used: Number(match[1]), limit: Number(match[2]) };
  }

  private check(response: AxiosResponse): AxiosResponse {
    const error = refusal(response.status, response.data);
    if (error) throw error;
    return response;
  }

  /** Every record a SOQL query answers, following nextRecordsUrl. */
  async query(soql: string): Promise<Record<string, unknown>[]> {
    return (await this.queryCounted(soql)).records;
  }

  /**
   * Every record a SOQL query answers, following nextRecordsUrl, and the API requests it took (each page is one,
   * counted against the org's daily allocation). `includeDeleted`: the queryAll resource, which also answers deleted
   * records (IsDeleted = true) while they are in the recycle bin.
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_queryall.htm
   */
  async queryCounted(
    soql: string,
    options: { includeDeleted?: boolean } = {}
  ): Promise<{ records: Record<string, unknown>[]; requests: number }> {
    const resource = options.includeDeleted ? 'queryAll' : 'query';
    const records: Record<string, unknown>[] = [];
    let page = queryPage.parse((await this.request('GET', `/${resource}?q=${encodeURIComponent(soql)}`)).data);
    let requests = 1;
    records.push(...page.records);
    while (!page.done && page.nextRecordsUrl) {
      page = queryPage.parse((await this.request('GET', page.nextRecordsUrl)).data);
      requests += 1;
      records.push(...page.records);
    }
    return { records, requests };
  }

  /** Upserts up to 200 records by an external id (sObject Collections); one result per record. */
  upsertCollection(
    objectApiName: string,
    externalIdField: string,
    records: Record<string, unknown>[]
  ): Promise<CollectionResult[]> {
    return this.collection({ objectApiName, externalIdField, records });
  }

  /** Updates up to 200 records of one object (each with its `id`) in one call; one result per record, in order. */
  updateCollection(objectApiName: string, records: Record<string, unknown>[]): Promise<CollectionResult[]> {
    return this.collection({ objectApiName, records });
  }

  /**
   * Several collection writes (up to 5 of 200 records) in one call: a plain request for one, a composite request for
   * more, which counts as one API call. Each write gets its results, or the error that refused it alone.
   * https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-composite-post.html
   */
  async writeCollections(writes: CollectionWrite[]): Promise<(CollectionResult[] | Error)[]> {
    const [only] = writes;
    if (writes.length === 1 && only) return [await this.collection(only)];
    const response = await this.request('POST', '/composite', {
      compositeRequest: writes.map((write, index) => ({
        method: 'PATCH',
        url: `/services/data/v${salesforceApiVersion}${collectionPath(write)}`,
        referenceId: `write${index}`,
        body: collectionBody(write)
      }))
    });
    const answers = compositeAnswer.parse(response.data).compositeResponse;
    return writes.map((_, index) => {
      const answer = answers[index];
      if (!answer) return new SalesforceUnavailableError('Salesforce gave no answer to a subrequest');
      return refusal(answer.httpStatusCode, answer.body) ?? collectionResults.parse(answer.body);
    });
  }

  private async collection(write: CollectionWrite): Promise<CollectionResult[]> {
    const response = await this.request('PATCH', collectionPath(write), collectionBody(write));
    return collectionResults.parse(response.data);
  }
}

export const collectionLimit = 200;

/** Records of one object written with sObject Collections: upserted on an external id, or updated by their `id`. */
export interface CollectionWrite {
  objectApiName: string;
  externalIdField?: string;
  records: Record<string, unknown>[];
}

const collectionPath = ({ objectApiName, externalIdField }: CollectionWrite): string =>
  externalIdField ? `/composite/sobjects/${objectApiName}/${externalIdField}` : '/composite/sobjects';

/**
 * An sObject Collections body. allOrNone false: a refused record does not undo the others; each result says how its
 * record fared.
 */
function collectionBody({ objectApiName, records }: CollectionWrite): unknown {
  if (records.length > collectionLimit) throw new Error('sObject Collections take at most 200 records a call');
  return { allOrNone: false, records: records.map((record) => ({ attributes: { type: objectApiName }, ...record })) };
}

/** The error an answer stands for, classified once, here; undefined for a success. */
function refusal(status: number, body: unknown): Error | undefined {
  if (status < 300) return undefined;
  const errors = restErrors.safeParse(body);
  const first = errors.success ? errors.data[0] : undefined;
  const code = first?.errorCode ?? `HTTP_${status}`;
  if (status === 401)
    return new SalesforceAuthError('Salesforce refused the session after a refresh; an admin must reconnect it');
  if (code === 'REQUEST_LIMIT_EXCEEDED')
    return first?.message.includes('ConcurrentRequests')
      ? new SalesforceConcurrencyLimitError(`Salesforce: ${first.message}`, concurrencyWaitMs)
      : new SalesforceRequestLimitError('The org has used its daily API allocation');
  if (status >= 500) return new SalesforceUnavailableError(`Salesforce: ${first?.message ?? `HTTP ${status}`}`);
  if (transientCodes.has(code)) return new SalesforceRecordBusyError(`Salesforce: ${first?.message ?? code}`);
  return new SalesforceRequestError(`Salesforce: ${first?.message ?? `HTTP ${status}`}`, code, first?.fields ?? []);
}

/** The error a refused record of a collection stands for, classified as a whole request's would be. */
export function collectionError(result: CollectionResult): Error {
  const first = result.errors[0];
  const code = first?.statusCode ?? 'UNKNOWN_EXCEPTION';
  const message = `Salesforce: ${first?.message ?? 'the record was refused'}`;
  return transientCodes.has(code)
    ? new SalesforceRecordBusyError(message)
    : new SalesforceRequestError(message, code, first?.fields ?? []);
}
