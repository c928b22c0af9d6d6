// The relay's HTTP surface: Salesforce's change intake and the recipe builder's questions, monday's webhooks, health
// and readiness. The one place where errors become
// HTTP answers: a RelayError with its status and code, anything else a 500 that says nothing about the inside.
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Registry } from 'prom-client';
import {
  BodyTooLargeError,
  InvalidBodyError,
  RelayError,
  UnknownConnectionError,
  UnsupportedMediaTypeError
} from './core/errors';
import type { PingAnswer } from './connections/connection-runtime';
import type { SignedRequest } from './intake/signature';
import { defaultConnectionId } from './store/ports';
import type { Logger } from './core/logger';
import type { ChangeIntake } from './intake/change-intake';
import { type MondayWebhookIntake, UnknownWebhookError } from './intake/monday-webhooks';
import type { SalesforceQueries } from './intake/salesforce-queries';

/** The largest batch Salesforce sends is 131,072 characters; room is left for multi-byte text. */
export const maxBodyBytes = 1024 * 1024;

export interface ReadinessCheck {
  name: string;
  check(): Promise<boolean> | boolean;
}

/** What a connection answers on its inbound paths. */
export interface ConnectionEndpoints {
  intake: Pick<ChangeIntake, 'accept'>;
  /** The recipe builder's questions (boards, groups, columns). */
  queries: Pick<SalesforceQueries, 'boards'>;
  /** monday webhooks (monday → Salesforce), when the connection serves them. */
  mondayWebhooks?: Pick<MondayWebhookIntake, 'accept'> | undefined;
  ping(request: SignedRequest): PingAnswer;
  status(): PingAnswer['connection']['status'];
}

export interface AppParts {
  /** The connections the relay serves: by id, and by their monday webhook path's secret. */
  connections: {
    byId(id: string): ConnectionEndpoints | undefined;
    byMondayPath(secret: string): ConnectionEndpoints | undefined;
  };
  logger: Logger;
  readiness: ReadinessCheck[];
  /** /readyz's detail by connection (which one holds its work, and why). */
  connectionReadiness?: () => Record<string, Record<string, boolean | string>>;
  /** More routes (the connect flow's pages, the local mode's page). */
  routes?: express.Router[];
  /** Prometheus metrics served at /metrics; `refresh` updates the gauges just before a scrape. */
  metrics?: { registry: Registry; refresh(): Promise<void> };
}

export function createApp(parts: AppParts): express.Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });

  app.get('/readyz', (_request, response, next) => {
    Promise.all(parts.readiness.map(async (check) => [check.name, await check.check()] as const))
      .then((results) => {
        const ready = results.every(([, ok]) => ok);
        response.status(ready ? 200 : 503).json({
          status: ready ? 'ready' : 'not ready',
          checks: Object.fromEntries(results),
          ...(parts.connectionReadiness ? { connections: parts.connectionReadiness() } : {})
        });
      })
      .catch(next);
  });

  const { metrics } = parts;
  if (metrics) {
    app.get('/metrics', (_request, response, next) => {
      metrics
        .refresh()
        .then(() => metrics.registry.metrics())
        .then((text) => {
          response.type(metrics.registry.contentType).send(text);
        })
        .catch(next);
    });
  }

  // What the package sends, signed with its connection's secret (Standard Webhooks): at /v1/connections/<id>/…, or
  // at the older paths for the connection the environment configures ('default'). A request signed for one
  // connection and sent to another's path fails that one's signature check: nothing of one reaches another.
  const signedRequest = (request: Request): SignedRequest => ({
    webhookId: request.get('webhook-id'),
    webhookTimestamp: request.get('webhook-timestamp'),
    webhookSignature: request.get('webhook-signature'),
    rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
  });
  const connectionOf = (request: Request): ConnectionEndpoints => {
    const id = typeof request.params.connectionId === 'string' ? request.params.connectionId : defaultConnectionId;
    const endpoints = parts.connections.byId(id);
    if (!endpoints) throw new UnknownConnectionError('No such connection on this relay');
    return endpoints;
  };
  const rawBody = express.raw({ type: () => true, limit: maxBodyBytes });

  // The raw bytes: the signature is over the body exactly as sent, never a re-serialisation of it.
  app.post(
    ['/v1/salesforce/changes', '/v1/connections/:connectionId/salesforce/changes'],
    rawBody,
    async (request: Request, response: Response) => {
      // The package sends JSON, and says so; anything else is not a change batch, whatever it holds.
      if (!request.is('application/json'))
        throw new UnsupportedMediaTypeError('The body must be JSON (Content-Type: application/json)');
      const connection = connectionOf(request);
      // Express 5 passes a rejected promise to the error handler, as it does a thrown error.
      const outcome = await connection.intake.accept(signedRequest(request));
      // The package reads the connection's status from the answer: a refused token rings its admins' bell (F13).
      response.status(outcome.status).json({ ...outcome.body, connection: { status: connection.status() } });
    }
  );

  app.post(
    ['/v1/salesforce/monday/boards', '/v1/connections/:connectionId/salesforce/monday/boards'],
    rawBody,
    async (request: Request, response: Response) => {
      response.json(await connectionOf(request).queries.boards(signedRequest(request)));
    }
  );

  app.post(['/v1/ping', '/v1/connections/:connectionId/ping'], rawBody, (request: Request, response: Response) => {
    response.json(connectionOf(request).ping(signedRequest(request)));
  });

  app.post(
    '/v1/monday/webhooks/:secret',
    express.json({ limit: maxBodyBytes }),
    async (request: Request, response: Response) => {
      const secret = String(request.params.secret);
      const intake = parts.connections.byMondayPath(secret)?.mondayWebhooks;
      if (!intake) throw new UnknownWebhookError('No such endpoint');
      const outcome = await intake.accept(secret, request.get('authorization'), request.body);
      response.status(outcome.status).json(outcome.body);
    }
  );

  for (const routes of parts.routes ?? []) app.use(routes);

  app.use((_request, response) => {
    response.status(404).json({ error: { code: 'NOT_FOUND', message: 'No such endpoint' } });
  });

  app.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const known = asRelayError(error);
    if (known) {
      parts.logger.warn({ code: known.code, path: loggablePath(request.path) }, known.message);
      response.status(known.httpStatus).json(known.toBody());
      return;
    }
    parts.logger.error({ err: error, path: loggablePath(request.path) }, 'request failed');
    response.status(500).json({ error: { code: 'INTERNAL', message: 'The relay could not handle the request' } });
  });
  return app;
}

/** A request's path as it may be logged: the monday webhook endpoint's path ends in its secret, which never is. */
function loggablePath(path: string): string {
  return path.replace(/^(\/v1\/monday\/webhooks\/).*/, '$1[secret]');
}

function asRelayError(error: unknown): RelayError | undefined {
  if (error instanceof RelayError) return error;
  // body-parser's own errors: a body over the limit, or unreadable.
  if (typeof error === 'object' && error !== null && 'type' in error) {
    if (error.type === 'entity.too.large')
      return new BodyTooLargeError(`The body is larger than ${maxBodyBytes} bytes`);
    return new InvalidBodyError('The body could not be read');
  }
  return undefined;
}
