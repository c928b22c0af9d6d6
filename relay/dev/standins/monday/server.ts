// The monday stand-in's HTTP endpoint, POST /v2, answering as monday does: transport problems (authentication, rate
// limits, locks, idempotency conflicts) with their HTTP statuses; application errors with HTTP 200 and `errors[]`.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import {
  type DocumentNode,
  GraphQLError,
  Kind,
  OperationTypeNode,
  execute,
  parse,
  validate,
  valueFromASTUntyped
} from 'graphql';
import { z } from 'zod';
import { idArgument } from './arguments';
import { operationOf, queryComplexity } from './complexity';
import { type LimitRejection, type MondayLimitSettings, RateLimiter, proPlanLimits } from './limits';
import { type Clock, systemClock } from '../../../src/core/clock';
import { closeServer, listenOnLoopback } from '../../../src/core/http-server';
import { InjectedFaults } from '../faults';
import { BoardOperations } from './operations';
import { type MondayOAuthSettings, MondayOAuth } from './oauth';
import { oauthApp } from './oauth-routes';
import { ItemPager } from './paging';
import { createRootValue } from './resolvers';
import { mondaySchema } from './schema';
import { MondayState, type MondayUser } from './state';
import { type WebhookPoster, type WebhookSettings, WebhookDispatcher, defaultPoster } from './webhooks';

export const mondayApiVersion = '2026-10';
const accountId = 1;
// monday caches an idempotent mutation's answer for 30 minutes. https://developer.monday.com/api-reference/docs/idempotency
const idempotencyLifetimeMs = 30 * 60 * 1000;

export interface MondayStandInOptions {
  clock?: Clock;
  limits?: Partial<MondayLimitSettings>;
  webhooks?: Partial<WebhookSettings>;
  webhookPoster?: WebhookPoster;
  accountSlug?: string;
  /** The monday apps that may use OAuth 2.1 and their tokens' lifetime (./oauth.ts). */
  oauth?: Partial<MondayOAuthSettings>;
}

const requestBody = z.object({
  query: z.string(),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish()
});

type StoredAnswer = { status: number; body: unknown; headers: Record<string, string>; expiresAt: number };

/** The item creates and updates a mutation asks for (its top-level fields that create or change an item). */
function itemWritesOf(document: DocumentNode, operationName: string | undefined): number {
  const operation = operationOf(document, operationName);
  return (operation?.selectionSet.selections ?? []).filter(
    (selection) => selection.kind === Kind.FIELD && itemWriteFields.has(selection.name.value)
  ).length;
}

const itemWriteFields = new Set([
  'create_item',
  'create_subitem',
  'change_multiple_column_values',
  'change_column_value',
  'change_simple_column_value',
  'duplicate_item'
]);

export class MondayStandIn {
  readonly state = new MondayState();
  readonly clock: Clock;
  readonly operations: BoardOperations;
  readonly limiter: RateLimiter;
  readonly webhooks: WebhookDispatcher;
  readonly faults = new InjectedFaults();
  readonly accountSlug: string;
  /** auth.monday.com: the apps' OAuth 2.1, whose access tokens authenticate on /v2 as their user. */
  readonly oauth: MondayOAuth;
  private readonly pager: ItemPager;
  private readonly tokens = new Map<string, string>();
  private readonly idempotent = new Map<string, StoredAnswer | 'in-flight'>();
  private server: Server | undefined;
  private oauthServer: Server | undefined;
  url = '';
  /** The auth host's base URL (https://auth.monday.com's stand-in): a monday app's `oauthUrl`. */
  oauthUrl = '';
  /** Requests received, refused ones included (benchmarks count monday calls per record). */
  requestCount = 0;
  /** Requests answered 429 (benchmarks count how often the relay ran into a limit). */
  throttledCount = 0;

  constructor(options: MondayStandInOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.accountSlug = options.accountSlug ?? 'standin';
    this.operations = new BoardOperations(this.state, this.clock);
    this.pager = new ItemPager(this.clock);
    this.oauth = new MondayOAuth(options.oauth ?? {}, this.state, this.clock, accountId);
    this.limiter = new RateLimiter({ ...proPlanLimits, ...options.limits }, this.clock);
    this.webhooks = new WebhookDispatcher(this.state, this.clock, options.webhookPoster ?? defaultPoster, {
      retryIntervalMs: 60_000,
      maxAttempts: 31,
      ...options.webhooks
    });
    this.operations.events.on('change', (event) => {
      this.webhooks.dispatch(event);
    });
  }

  /** A person of the account; `token` (when given) authenticates API calls as that person. */
  /** Lets `token` act as an existing user (the local mode, after restoring its state). */
  authorize(token: string, userId: string): void {
    this.tokens.set(token, userId);
  }

  addUser(name: string, email: string, token?: string): MondayUser {
    const user = { id: this.state.nextId(), name, email };
    this.state.users.set(user.id, user);
    if (token) this.tokens.set(token, user.id);
    return user;
  }

  async start(): Promise<this> {
    const { server, url } = await listenOnLoopback(this.app());
    this.server = server;
    this.url = `${url}/v2`;
    const auth = await listenOnLoopback(oauthApp(this.oauth, () => this.oauthUrl));
    [this.oauthServer, this.oauthUrl] = [auth.server, auth.url];
    return this;
  }

  async close(): Promise<void> {
    this.faults.dropHeldAnswers();
    this.webhooks.stop();
    await this.webhooks.whenIdle();
    await Promise.all([closeServer(this.server), closeServer(this.oauthServer)]);
  }

  app(): express.Express {
    const app = express();
    app.disable('x-powered-by');
    app.use((_request, response, next) => {
      response.setHeader('API-Version', mondayApiVersion);
      next();
    });
    app.post('/v2', express.json({ limit: '5mb' }), (request, response, next) => {
      this.handle(request, response).catch(next);
    });
    app.use((error: unknown, _request: Request, response: Response, next: NextFunction) => {
      if (response.headersSent) {
        next(error);
        return;
      }
      const status =
        typeof error === 'object' && error !== null && 'status' in error && error.status === 400 ? 400 : 500;
      response.status(status).json(
        status === 400
          ? {
              errors: [
                {
                  message: 'Bad request: the body is not valid JSON',
                  extensions: { code: 'BadRequest', status_code: 400 }
                }
              ]
            }
          : { error_message: 'Internal server error', status_code: 500 }
      );
    });
    return app;
  }

  private async handle(request: Request, response: Response): Promise<void> {
    this.requestCount += 1;
    if (this.faults.applyCannedAnswer(response)) return;
    const failure = this.faults.takeFailure();
    if (failure !== undefined) {
      response.status(failure).json({ error_message: 'Internal server error', status_code: failure });
      return;
    }

    // A raw token, no "Bearer" prefix. https://developer.monday.com/api-reference/docs/authentication
    // An app's OAuth access token acts as its user until it expires or is revoked, then is refused like any other.
    const token = request.get('authorization') ?? '';
    const userId = this.tokens.get(token) ?? this.oauth.userOf(token);
    const actor = userId === undefined ? undefined : this.state.users.get(userId);
    if (!actor) {
      response.status(401).json({
        errors: [{ message: 'Not Authenticated', extensions: { code: 'UNAUTHENTICATED', status_code: 401 } }]
      });
      return;
    }

    const rejection = this.limiter.admit();
    response.on('close', () => {
      this.limiter.release();
    });
    if (rejection) {
      this.rejectForLimit(response, rejection);
      return;
    }

    this.faults.applyAnswerDelay({ method: request.method, path: request.path, body: request.body }, response);
    const body = requestBody.safeParse(request.body);
    if (!body.success) {
      response.status(400).json({
        errors: [
          {
            message: 'Bad request: expected {"query": string, "variables"?: object}',
            extensions: { code: 'BadRequest', status_code: 400 }
          }
        ]
      });
      return;
    }
    const variables = body.data.variables ?? {};
    const operationName = body.data.operationName ?? undefined;

    let document: DocumentNode;
    try {
      document = parse(body.data.query);
    } catch (error) {
      response.json(
        this.envelope({ errors: [error instanceof GraphQLError ? error.toJSON() : { message: String(error) }] })
      );
      return;
    }
    const validationErrors = validate(mondaySchema, document);
    if (validationErrors.length > 0) {
      response.json(this.envelope({ errors: validationErrors.map((error) => error.toJSON()) }));
      return;
    }

    const operation = operationOf(document, operationName);
    const isMutation = operation?.operation === OperationTypeNode.MUTATION;
    const idempotencyKey = isMutation ? request.get('idempotency-key') : undefined;
    const scopedKey = idempotencyKey === undefined ? undefined : `${actor.id}:${idempotencyKey}`;
    if (scopedKey !== undefined) {
      const known = this.idempotent.get(scopedKey);
      if (known === 'in-flight') {
        response.status(409).setHeader('Retry-After', '1');
        response.json({
          errors: [
            {
              message: 'A request with this Idempotency-Key is in progress',
              extensions: { code: 'IDEMPOTENCY_CONFLICT', retry_in_seconds: 1 }
            }
          ]
        });
        return;
      }
      if (known && known.expiresAt > this.clock.now()) {
        response
          .status(known.status)
          .set({ ...known.headers, 'Idempotency-Replayed': 'true' })
          .json(known.body);
        return;
      }
      this.idempotent.set(scopedKey, 'in-flight');
    }

    try {
      // Processing time: the request is admitted and counted as in flight meanwhile.
      await this.faults.delay();
      const answer = await this.run(document, variables, operationName, actor, isMutation);
      if (scopedKey !== undefined) {
        // Only an executed request is replayed; one that a lock or a limit stopped may be sent again.
        if (answer.status === 200)
          this.idempotent.set(scopedKey, { ...answer, expiresAt: this.clock.now() + idempotencyLifetimeMs });
        else this.idempotent.delete(scopedKey);
      }
      response.status(answer.status).set(answer.headers).json(answer.body);
    } catch (error) {
      if (scopedKey !== undefined) this.idempotent.delete(scopedKey);
      throw error;
    }
  }

  private async run(
    document: DocumentNode,
    variables: Record<string, unknown>,
    operationName: string | undefined,
    actor: MondayUser,
    isMutation: boolean
  ): Promise<{ status: number; body: unknown; headers: Record<string, string> }> {
    if (isMutation && this.touchesLockedBoard(document, variables, operationName)) {
      // https://developer.monday.com/api-reference/docs/error-handling: 423 while another process updates the board.
      return {
        status: 423,
        headers: { 'Retry-After': '1' },
        body: {
          errors: [
            {
              message: 'Resource is currently locked, please try again later',
              extensions: { code: 'RESOURCE_LOCKED', retry_in_seconds: 1 }
            }
          ]
        }
      };
    }

    const cost = queryComplexity(document, variables, this.limiter.settings.mutationCost, operationName);
    if (cost > this.limiter.settings.maxQueryComplexity) {
      return {
        status: 200,
        headers: {},
        body: this.envelope({
          errors: [
            {
              message: `Query has complexity of ${cost}, which exceeds max complexity of ${this.limiter.settings.maxQueryComplexity}`,
              extensions: {
                code: 'maxComplexityExceeded',
                complexity: cost,
                max_complexity: this.limiter.settings.maxQueryComplexity
              }
            }
          ]
        })
      };
    }
    const charge = this.limiter.chargeComplexity(cost);
    if ('code' in charge) {
      return this.limitAnswer(charge);
    }
    const overItemBudget = isMutation
      ? this.limiter.chargeItemWrites(itemWritesOf(document, operationName))
      : undefined;
    if (overItemBudget) return this.limitAnswer(overItemBudget);

    const result = await execute({
      schema: mondaySchema,
      document,
      variableValues: variables,
      operationName: operationName ?? null,
      rootValue: createRootValue(
        {
          state: this.state,
          operations: this.operations,
          pager: this.pager,
          webhooks: this.webhooks,
          accountSlug: this.accountSlug
        },
        {
          actor,
          complexity: { before: charge.before, after: charge.after, query: cost, resetInSeconds: charge.resetInSeconds }
        }
      )
    });
    return {
      status: 200,
      headers: {},
      body: this.envelope({
        data: result.data ?? null,
        ...(result.errors ? { errors: result.errors.map((error) => error.toJSON()) } : {})
      })
    };
  }

  /** Whether any mutation of the request writes to a board that is locked. */
  private touchesLockedBoard(
    document: DocumentNode,
    variables: Record<string, unknown>,
    operationName: string | undefined
  ): boolean {
    const operation = operationOf(document, operationName);
    return (operation?.selectionSet.selections ?? []).some((selection) => {
      if (selection.kind !== Kind.FIELD) return false;
      const args = Object.fromEntries(
        (selection.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value, variables)])
      );
      const itemId = idArgument(args.item_id);
      const boardId =
        idArgument(args.board_id) ?? (itemId === undefined ? undefined : this.state.items.get(itemId)?.boardId);
      return boardId !== undefined && this.state.boards.get(boardId)?.locked === true;
    });
  }

  private limitAnswer(rejection: LimitRejection): { status: number; body: unknown; headers: Record<string, string> } {
    this.throttledCount += 1;
    return {
      status: 429,
      headers: { 'Retry-After': String(rejection.retryInSeconds) },
      body: this.envelope({
        errors: [
          {
            message: rejection.message,
            extensions: { code: rejection.code, retry_in_seconds: rejection.retryInSeconds }
          }
        ]
      })
    };
  }

  private rejectForLimit(response: Response, rejection: LimitRejection): void {
    const answer = this.limitAnswer(rejection);
    response.status(answer.status).set(answer.headers).json(answer.body);
  }

  private envelope(body: Record<string, unknown>): Record<string, unknown> {
    return { ...body, account_id: accountId, extensions: { request_id: randomUUID() } };
  }
}
