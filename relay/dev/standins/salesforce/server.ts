// The Salesforce stand-in: a login host (OAuth) and an org instance (REST API), on two loopback ports, so that a
// client that does not use the `instance_url` of the token answer fails as it would against a real org.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { type Clock, systemClock } from '../../../src/core/clock';
import { closeServer, listenOnLoopback } from '../../../src/core/http-server';
import { InjectedFaults } from '../faults';
import { applyCollection, checkCollectionSize, recordType } from './collections';
import { runComposite } from './composite';
import { describeObject } from './describe/objects';
import { SalesforceApiError, notFound } from './errors';
import { normalizeId } from './ids';
import { type OAuthSettings, OAuthServer } from './oauth';
import { type PackageConnectionState, packageConnectionRoutes } from './package-connection';
import { PackageNaming, installPackageObjects, packageObjectsDir } from './package-objects';
import { PackageView } from './package-view';
import { RecordStore } from './records';
import { runQuery } from './soql/query';

export interface SalesforceStandInOptions {
  clock?: Clock;
  oauth?: Partial<OAuthSettings>;
  /** The org's daily API request allocation (REQUEST_LIMIT_EXCEEDED past it). */
  dailyApiRequests?: number;
  /** Records per query page when the client does not ask (the API's default: 2,000). */
  queryBatchSize?: number;
  /** API versions the org serves. */
  apiVersions?: { min: number; max: number };
  /** The package installed managed, with this namespace: its objects and fields carry `<namespace>__`. */
  namespace?: string;
  /** The org's id (18 characters): two stand-ins are two orgs, a refreshed sandbox is a new id. */
  orgId?: string;
}

const subrequestHeader = 'x-standin-composite-subrequest';

// A query locator lives 15 minutes of inactivity.
const locatorLifetimeMs = 15 * 60 * 1000;

interface QueryCursor {
  rows: Record<string, unknown>[];
  offset: number;
  batchSize: number;
  expiresAt: number;
}

export class SalesforceStandIn {
  readonly clock: Clock;
  readonly store: RecordStore;
  /** The records with the package's names bare, as test code and the package's emulation write them. */
  readonly org: PackageView;
  readonly oauth: OAuthServer;
  readonly faults = new InjectedFaults();
  readonly orgId: string;
  readonly adminUserId: string;
  dailyApiRequests: number;
  apiRequestsToday = 0;
  /** Every request that reached the org's REST API, refused ones included (a composite's subrequests apart). */
  requestCount = 0;
  private apiDay = '';
  queryBatchSize: number;
  private readonly apiVersions: { min: number; max: number };
  private readonly cursors = new Map<string, QueryCursor>();
  /** Marks the stand-in's own calls for a composite request's subrequests (never known to a client). */
  private readonly subrequestToken = randomBytes(16).toString('hex');
  private loginServer: Server | undefined;
  private instanceServer: Server | undefined;
  loginUrl = '';
  instanceUrl = '';
  /** Who allows access on the authorize page (the connect flow's admin): the admin user unless a test says. */
  connectingUserId: string;
  /** Users holding the package's Manage Connection permission (the admin user). */
  readonly connectionManagers = new Set<string>();
  /** What the package keeps of its connection (MondayConnectionResource). */
  readonly packageConnection: PackageConnectionState = {
    connectionId: undefined,
    relayUrl: undefined,
    signingSecret: undefined,
    mondayAccountName: undefined,
    status: undefined,
    namedCredentialUrl: 'https://relay.example.com'
  };

  constructor(options: SalesforceStandInOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.orgId = options.orgId ?? '00D5g000004ExAmPLE';
    this.store = new RecordStore(this.clock);
    this.oauth = new OAuthServer(
      {
        clientId: 'standin-client-id',
        clientSecret: 'standin-client-secret',
        sessionLifetimeMs: 2 * 60 * 60 * 1000,
        ...options.oauth
      },
      this.clock,
      this.orgId
    );
    this.dailyApiRequests = options.dailyApiRequests ?? 100_000;
    this.queryBatchSize = options.queryBatchSize ?? 2000;
    this.apiVersions = options.apiVersions ?? { min: 31, max: 66 };
    // The org has the package installed: its objects are read from force-app's metadata.
    const naming = new PackageNaming(options.namespace ?? '');
    installPackageObjects(this.store, packageObjectsDir, naming);
    this.org = new PackageView(this.store, naming);
    this.adminUserId = this.addUser('Admin', 'User', 'admin@standin.example.com').id;
    this.store.currentUserId = this.adminUserId;
    this.connectingUserId = this.adminUserId;
    this.connectionManagers.add(this.adminUserId);
  }

  private concurrentRefusals = 0;

  /**
   * The next `count` requests are refused as when too many long requests run at once (more than 25 of 20 s or longer
   * in a production org): REQUEST_LIMIT_EXCEEDED, like the daily allocation, with its own message.
   * https://developer.salesforce.com/docs/platform/salesforce-app-limits-cheatsheet/guide/salesforce-app-limits-platform-api.html
   */
  refuseConcurrentRequests(count: number): void {
    this.concurrentRefusals += count;
  }

  /** A user of the org (the API's writes are made as the user of the access token). */
  addUser(firstName: string, lastName: string, email: string): { id: string } {
    return this.store.create('User', {
      FirstName: firstName,
      LastName: lastName,
      Email: email,
      Username: email,
      Alias: `${firstName.charAt(0)}${lastName}`.slice(0, 8).toLowerCase(),
      CommunityNickname: `${firstName}.${lastName}.${this.store.all('User').length}`,
      TimeZoneSidKey: 'GMT',
      LocaleSidKey: 'en_US',
      EmailEncodingKey: 'UTF-8',
      LanguageLocaleKey: 'en_US',
      ProfileId: normalizeId('00e5g0000000001'),
      IsActive: true
    });
  }

  async start(): Promise<this> {
    const login = await listenOnLoopback(this.loginApp());
    const instance = await listenOnLoopback(this.instanceApp());
    [this.loginServer, this.loginUrl] = [login.server, login.url];
    [this.instanceServer, this.instanceUrl] = [instance.server, instance.url];
    return this;
  }

  async close(): Promise<void> {
    this.faults.dropHeldAnswers();
    await Promise.all([closeServer(this.loginServer), closeServer(this.instanceServer)]);
  }

  private loginApp(): express.Express {
    const app = express();
    app.disable('x-powered-by');
    app.post('/services/oauth2/token', express.urlencoded({ extended: false }), (request, response) => {
      const answer = this.oauth.grant(request.body as Record<string, unknown>, this.loginUrl, this.instanceUrl);
      response.status(answer.status).json(answer.body);
    });
    // The authorize page: the stand-in's user allows the connected app (a real org first asks them to log in).
    app.get('/services/oauth2/authorize', (request, response) => {
      const query = request.query as Record<string, string | undefined>;
      if (query.client_id !== this.oauth.settings.clientId || !query.redirect_uri) {
        response.status(400).type('text').send('error=invalid_client_id');
        return;
      }
      const hidden = ['client_id', 'redirect_uri', 'state', 'code_challenge', 'scope']
        .map((name) => `<input type="hidden" name="${name}" value="${(query[name] ?? '').replace(/"/g, '&quot;')}">`)
        .join('');
      response
        .type('html')
        .send(
          `<!doctype html><title>Allow Access?</title><h1>Allow Access?</h1><p>monday Sync is asking to access your Salesforce data (stand-in org ${this.orgId}).</p><form method="post">${hidden}<button name="decision" value="allow">Allow</button> <button name="decision" value="deny">Deny</button></form>`
        );
    });
    app.post('/services/oauth2/authorize', express.urlencoded({ extended: false }), (request, response) => {
      const body = request.body as Record<string, string | undefined>;
      const target = new URL(String(body.redirect_uri));
      if (body.state) target.searchParams.set('state', body.state);
      if (body.decision !== 'allow') {
        target.searchParams.set('error', 'access_denied');
        target.searchParams.set('error_description', 'end-user denied authorization');
      } else {
        const challenge = body.code_challenge || undefined;
        target.searchParams.set(
          'code',
          this.oauth.issueCode(
            this.connectingUserId,
            String(body.client_id),
            String(body.redirect_uri),
            challenge,
            body.scope || undefined
          )
        );
      }
      response.redirect(302, target.toString());
    });
    // The identity URL: who the token's user is, in which org.
    app.get('/id/:orgId/:userId', (request, response) => {
      const [scheme, accessToken] = (request.get('authorization') ?? '').split(' ');
      const userId = scheme === 'Bearer' && accessToken ? this.oauth.userOf(accessToken) : undefined;
      if (!userId || userId !== request.params.userId) {
        response.status(403).json({ error: 'Forbidden' });
        return;
      }
      const user = this.store.find('User', userId);
      response.json({
        id: `${this.loginUrl}/id/${this.orgId}/${userId}`,
        organization_id: this.orgId,
        user_id: userId,
        username: typeof user?.values.Username === 'string' ? user.values.Username : '',
        user_type: 'STANDARD',
        active: true
      });
    });
    app.post('/services/oauth2/revoke', express.urlencoded({ extended: false }), (request, response) => {
      const body = request.body as Record<string, unknown>;
      if (typeof body.token === 'string') this.oauth.revoke(body.token);
      response.status(200).end();
    });
    app.use((_request, response) => {
      response.status(404).json([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    });
    return app;
  }

  private countApiRequest(response: Response): void {
    const today = new Date(this.clock.now()).toISOString().slice(0, 10);
    if (today !== this.apiDay) {
      this.apiDay = today;
      this.apiRequestsToday = 0;
    }
    this.apiRequestsToday += 1;
    response.setHeader('Sforce-Limit-Info', `api-usage=${this.apiRequestsToday}/${this.dailyApiRequests}`);
  }

  private instanceApp(): express.Express {
    const app = express();
    app.disable('x-powered-by');
    app.use('/services/data', (request, response, next) => {
      this.gate(request, response)
        .then((proceed) => {
          if (proceed) next();
        })
        .catch(next);
    });
    app.use(
      packageConnectionRoutes(
        this.packageConnection,
        (request) => {
          const [scheme, accessToken] = (request.get('authorization') ?? '').split(' ');
          return scheme === 'Bearer' && accessToken ? this.oauth.userOf(accessToken) : undefined;
        },
        (userId) => this.connectionManagers.has(userId)
      )
    );
    app.use(express.json({ limit: '50mb' }));
    app.get('/services/data', (_request, response) => {
      const versions = [];
      for (let version = this.apiVersions.min; version <= this.apiVersions.max; version += 1) {
        versions.push({ label: `v${version}.0`, url: `/services/data/v${version}.0`, version: `${version}.0` });
      }
      response.json(versions);
    });

    const router = express.Router({ mergeParams: true });
    router.get('/limits', (_request, response) => {
      response.json({
        DailyApiRequests: {
          Max: this.dailyApiRequests,
          Remaining: Math.max(0, this.dailyApiRequests - this.apiRequestsToday)
        }
      });
    });
    router.get('/sobjects', (request, response) => {
      response.json({
        encoding: 'UTF-8',
        maxBatchSize: 200,
        sobjects: this.store.objectNames().map((name) => {
          const object = this.store.object(name);
          return {
            name: object.name,
            label: object.label,
            labelPlural: object.labelPlural,
            custom: object.custom,
            keyPrefix: object.keyPrefix,
            queryable: true,
            createable: true,
            updateable: true,
            deletable: object.deletable,
            urls: { sobject: `/services/data/v${version(request)}/sobjects/${object.name}` }
          };
        })
      });
    });
    router.get('/sobjects/:object/describe', (request, response) => {
      response.json(describeObject(this.store.object(param(request, 'object')), version(request), this.instanceUrl));
    });
    router.post('/sobjects/:object', (request, response) => {
      const record = this.store.create(param(request, 'object'), request.body);
      response.status(201).json({ id: record.id, success: true, errors: [] });
    });
    router.get('/sobjects/:object/:id', (request, response) => {
      const fields =
        typeof request.query.fields === 'string'
          ? request.query.fields.split(',').map((name) => name.trim())
          : undefined;
      const object = param(request, 'object');
      const id = param(request, 'id');
      if (!normalizeId(id)) throw notFound(`Provided external ID field does not exist or is not accessible: ${id}`);
      response.json(this.store.toJson(this.store.live(object, id), version(request), fields));
    });
    router.patch('/sobjects/:object/:id', (request, response) => {
      this.store.update(param(request, 'object'), this.recordId(param(request, 'id')), request.body);
      response.status(204).end();
    });
    router.delete('/sobjects/:object/:id', (request, response) => {
      this.store.remove(param(request, 'object'), this.recordId(param(request, 'id')));
      response.status(204).end();
    });
    router.patch('/sobjects/:object/:field/:value', (request, response) => {
      try {
        const { record, created } = this.store.upsert(
          param(request, 'object'),
          param(request, 'field'),
          param(request, 'value'),
          request.body
        );
        response.status(created ? 201 : 200).json({ id: record.id, success: true, errors: [], created });
      } catch (error) {
        if (error instanceof SalesforceApiError && error.status === 300) {
          response
            .status(300)
            .json(
              error.message
                .split(',')
                .map((id) => `/services/data/v${version(request)}/sobjects/${param(request, 'object')}/${id}`)
            );
          return;
        }
        throw error;
      }
    });

    router.post('/composite', (request, response, next) => {
      const authorization = request.get('authorization') ?? '';
      runComposite(request.body, async (method, url, body) => {
        const answer = await fetch(`${this.instanceUrl}${url}`, {
          method,
          headers: {
            authorization,
            'content-type': 'application/json',
            [subrequestHeader]: this.subrequestToken
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) })
        });
        const text = await answer.text();
        return { status: answer.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
      })
        .then((answer) => {
          response.json(answer);
        })
        .catch(next);
    });
    router.post('/composite/sobjects', (request, response) => {
      const { records, allOrNone } = collectionBody(request.body);
      response.json(
        applyCollection(this.store, records, allOrNone, (record) => {
          if (typeof record === 'object' && record !== null && 'id' in record) {
            throw new SalesforceApiError(400, 'INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']);
          }
          return { id: this.store.create(recordType(record), record).id };
        })
      );
    });
    router.patch('/composite/sobjects', (request, response) => {
      const { records, allOrNone } = collectionBody(request.body);
      response.json(
        applyCollection(this.store, records, allOrNone, (record) => {
          const { id: lowerId, Id: upperId, ...fields } = record as { id?: unknown; Id?: unknown };
          const id = lowerId ?? upperId;
          if (typeof id !== 'string')
            throw new SalesforceApiError(400, 'MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
          return { id: this.store.update(recordType(record), this.recordId(id), fields).id };
        })
      );
    });
    router.patch('/composite/sobjects/:object/:field', (request, response) => {
      const { records, allOrNone } = collectionBody(request.body);
      const fieldName = param(request, 'field');
      // One key twice in a request is refused for each record that carries it ("Duplicate external id specified").
      const keyOf = (record: unknown) =>
        JSON.stringify((record as Record<string, unknown> | null)?.[fieldName] ?? null);
      const keys = records.map(keyOf);
      response.json(
        applyCollection(this.store, records, allOrNone, (record) => {
          recordType(record);
          const { [fieldName]: externalId, ...fields } = record as Record<string, unknown>;
          if (typeof externalId !== 'string' && typeof externalId !== 'number') {
            throw new SalesforceApiError(400, 'MISSING_ARGUMENT', `${fieldName} not specified`, [fieldName]);
          }
          if (keys.filter((key) => key === keyOf(record)).length > 1) {
            throw new SalesforceApiError(
              400,
              'DUPLICATE_VALUE',
              `Duplicate external id specified: ${String(externalId)}`,
              [fieldName]
            );
          }
          const { record: saved, created } = this.store.upsert(
            param(request, 'object'),
            fieldName,
            String(externalId),
            fields
          );
          return { id: saved.id, created };
        })
      );
    });
    router.delete('/composite/sobjects', (request, response) => {
      const ids = typeof request.query.ids === 'string' ? request.query.ids.split(',').filter((id) => id !== '') : [];
      checkCollectionSize(ids.length);
      response.json(
        applyCollection(this.store, ids, request.query.allOrNone === 'true', (id) => {
          const normalized = this.recordId(id);
          const record = this.store.findById(normalized);
          if (!record) throw new SalesforceApiError(404, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
          this.store.remove(record.object.name, normalized);
          return { id: normalized };
        })
      );
    });

    const query = (includeDeleted: boolean) => (request: Request, response: Response) => {
      if (typeof request.query.q !== 'string')
        throw new SalesforceApiError(400, 'MALFORMED_QUERY', 'A query needs the q parameter');
      const outcome = runQuery(request.query.q, this.store, {
        includeDeleted,
        apiVersion: version(request),
        now: this.clock.now()
      });
      response.json(
        this.firstPage(outcome.totalSize, outcome.records, batchSizeOf(request, this.queryBatchSize), version(request))
      );
    };
    router.get('/query', query(false));
    router.get('/queryAll', query(true));
    router.get(['/query/:locator', '/queryAll/:locator'], (request, response) => {
      response.json(this.nextPage(param(request, 'locator'), version(request)));
    });

    app.use('/services/data/:version', router);
    app.use((_request, response) => {
      response.status(404).json([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    });
    app.use((error: unknown, _request: Request, response: Response, next: NextFunction) => {
      if (response.headersSent) {
        next(error);
        return;
      }
      if (error instanceof SalesforceApiError) {
        response.status(error.status).json(error.toBody());
        return;
      }
      if (typeof error === 'object' && error !== null && 'type' in error && error.type === 'entity.parse.failed') {
        response
          .status(400)
          .json([{ message: 'Unexpected character in the JSON body', errorCode: 'JSON_PARSER_ERROR' }]);
        return;
      }
      response.status(500).json([
        {
          errorCode: 'UNKNOWN_EXCEPTION',
          message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567-890 (-1)'
        }
      ]);
    });
    return app;
  }

  /** Authentication, API version, daily allocation and injected faults, before any resource. */
  private async gate(request: Request, response: Response): Promise<boolean> {
    // A composite request's subrequests run through the routes again: faults and the API count apply to the
    // composite request alone (it counts as one call).
    const subrequest = request.get(subrequestHeader) === this.subrequestToken;
    if (!subrequest) this.requestCount += 1;
    if (!subrequest) await this.faults.delay();
    if (!subrequest) this.faults.applyAnswerDelay({ method: request.method, path: request.path }, response);
    const failure = subrequest ? undefined : this.faults.takeFailure();
    if (failure !== undefined) {
      response.status(failure).json([
        {
          errorCode: failure === 503 ? 'SERVER_UNAVAILABLE' : 'UNKNOWN_EXCEPTION',
          message: 'Server temporarily unavailable'
        }
      ]);
      return false;
    }
    const match = /^\/v(\d+)\.0(\/|$)/.exec(request.path);
    const requested = match ? Number(match[1]) : undefined;
    if (requested !== undefined && (requested < this.apiVersions.min || requested > this.apiVersions.max)) {
      response.status(404).json([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
      return false;
    }
    if (request.path === '/' || request.path === '') return true;
    // "Bearer" and "OAuth" are both accepted as the scheme.
    const [scheme, accessToken] = (request.get('authorization') ?? '').split(' ');
    const userId =
      accessToken && (scheme === 'Bearer' || scheme === 'OAuth') ? this.oauth.userOf(accessToken) : undefined;
    if (!userId) {
      response.status(401).json([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
      return false;
    }
    if (!subrequest && this.concurrentRefusals > 0) {
      this.concurrentRefusals -= 1;
      response.status(403).json([
        {
          message: 'ConcurrentRequests (Concurrent API Requests) Limit exceeded.',
          errorCode: 'REQUEST_LIMIT_EXCEEDED'
        }
      ]);
      return false;
    }
    if (!subrequest) this.countApiRequest(response);
    if (this.apiRequestsToday > this.dailyApiRequests) {
      response.status(403).json([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
      return false;
    }
    this.store.currentUserId = userId;
    return true;
  }

  private recordId(id: string): string {
    const normalized = normalizeId(id);
    if (!normalized)
      throw new SalesforceApiError(400, 'MALFORMED_ID', `Record ID: id value of incorrect type: ${id}`, ['Id']);
    return normalized;
  }

  private firstPage(
    totalSize: number,
    rows: Record<string, unknown>[],
    batchSize: number,
    apiVersion: string
  ): Record<string, unknown> {
    return this.page({ rows, offset: 0, batchSize, expiresAt: 0 }, apiVersion, totalSize);
  }

  private nextPage(locator: string, apiVersion: string): Record<string, unknown> {
    const [cursorId] = locator.split('-');
    const cursor = cursorId ? this.cursors.get(cursorId) : undefined;
    if (!cursor || cursor.expiresAt <= this.clock.now()) {
      throw new SalesforceApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    if (cursorId) this.cursors.delete(cursorId);
    return this.page(cursor, apiVersion, cursor.rows.length);
  }

  private page(cursor: QueryCursor, apiVersion: string, totalSize: number): Record<string, unknown> {
    const records = cursor.rows.slice(cursor.offset, cursor.offset + cursor.batchSize);
    const offset = cursor.offset + records.length;
    const done = offset >= cursor.rows.length;
    const body: Record<string, unknown> = { totalSize, done, records };
    if (!done) {
      const cursorId = `01g5g${randomBytes(8).toString('hex').slice(0, 13)}`;
      this.cursors.set(cursorId, { ...cursor, offset, expiresAt: this.clock.now() + locatorLifetimeMs });
      body.nextRecordsUrl = `/services/data/v${apiVersion}/query/${cursorId}-${offset}`;
    }
    return body;
  }
}

function param(request: Request, name: string): string {
  const value = request.params[name];
  if (typeof value !== 'string') throw notFound();
  return value;
}

function version(request: Request): string {
  return param(request, 'version').replace(/^v/, '');
}

function collectionBody(body: unknown): { records: unknown[]; allOrNone: boolean } {
  const records = typeof body === 'object' && body !== null ? (body as { records?: unknown }).records : undefined;
  if (!Array.isArray(records))
    throw new SalesforceApiError(400, 'JSON_PARSER_ERROR', 'The body must be {"allOrNone": boolean, "records": [...]}');
  return { records, allOrNone: (body as { allOrNone?: unknown }).allOrNone === true };
}

/** `Sforce-Query-Options: batchSize=N` (200 to 2,000; the API may answer more or fewer). */
function batchSizeOf(request: Request, fallback: number): number {
  const match = /batchSize=(\d+)/.exec(request.get('sforce-query-options') ?? '');
  if (!match) return fallback;
  return Math.min(2000, Math.max(200, Number(match[1])));
}
