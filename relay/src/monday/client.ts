// The monday GraphQL client: raw token, pinned API-Version, Idempotency-Key on mutations, the complexity budget read
// from every answer, and every failure turned into one of the errors of ./errors.
// https://developer.monday.com/api-reference/docs/authentication, .../error-handling, .../rate-limits
import type { AxiosInstance, AxiosResponse } from 'axios';
import { z } from 'zod';
import { type Clock, systemClock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { ServiceCircuit } from '../sync/service-health';
import {
  MondayAuthError,
  MondayBoardLockedError,
  MondayDailyLimitError,
  MondayRateLimitedError,
  MondayRequestError,
  MondayUnavailableError
} from './errors';

export const mondayApiVersion = '2026-10';

const graphqlError = z.object({
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])).optional(),
  extensions: z.record(z.string(), z.unknown()).optional()
});

const envelope = z.object({
  // An error answer may carry `"data": []` (https://developer.monday.com/api-reference/docs/error-handling).
  data: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).nullish(),
  errors: z.array(graphqlError).optional()
});

/**
 * The older top-level error shape monday still answers for some limits: FIELD_LIMIT_EXCEEDED ("Concurrency limit
 * exceeded for the field", error_data.retry_in_seconds) and ComplexityException ("... reset in 3 seconds").
 * https://developer.monday.com/api-reference/changelog/new-descriptive-field-limit-exceeded-error and
 * .../changelog/hotfix-complexity-exception-errors
 */
const legacyError = z.object({
  error_code: z.string(),
  status_code: z.number().optional(),
  error_message: z.string().optional(),
  error_data: z.record(z.string(), z.unknown()).optional()
});

const complexitySchema = z.object({
  before: z.number(),
  after: z.number(),
  query: z.number(),
  reset_in_x_seconds: z.number()
});

export type MondayFieldError = z.infer<typeof graphqlError>;
export type Complexity = z.infer<typeof complexitySchema>;

export interface MondayAnswer {
  data: Record<string, unknown>;
  /** Errors of single fields (aliases), the rest of the answer being good: monday answers partial data. */
  fieldErrors: MondayFieldError[];
  complexity: Complexity | undefined;
}

export interface MondayClientSettings {
  url: string;
  token: string;
  /**
   * Where the token comes from when it expires and is refreshed (a monday app's OAuth 2.1 token); else `token`.
   * Given the token monday just refused, it answers a fresh one if it can get one (else that same token).
   */
  tokenSource?: (refused?: string) => Promise<string>;
  timeoutMs?: number;
  /**
   * Item creates and updates the account may make in an hour: "19,000 items per account per hour"
   * (https://developer.monday.com/api-reference/docs/importing-items-in-bulk). The relay paces itself to it.
   */
  itemWritesPerHour?: number;
}

const hourMs = 60 * 60_000;
/** The most items a batch holds (../write/monday-writer.ts): below it, the item budget is what limits a batch. */
const maxItemsPerBatch = 25;
const defaultItemWritesPerHour = 19_000;

/** The item creates and updates a mutation document asks for. */
function itemWritesOf(document: string): number {
  if (!/^\s*mutation\b/.test(document)) return 0;
  return (
    document.match(
      /\b(?:create_item|change_multiple_column_values|change_column_value|change_simple_column_value)\(/g
    ) ?? []
  ).length;
}

const defaultWaitMs = 60_000;

/** A batch of aliased mutations (item0:, item1:... or update0:...): its kind and how many it holds. */
function batchShape(document: string): { kind: string; count: number } | undefined {
  const operation = /^\s*mutation\s+(\w+)/.exec(document)?.[1];
  const count = (document.match(/\b(?:item|update)\d+:/g) ?? []).length;
  return operation && count > 0 ? { kind: operation, count } : undefined;
}

function waitOf(response: AxiosResponse, extensions: Record<string, unknown> | undefined): number {
  const retryIn = extensions?.retry_in_seconds;
  if (typeof retryIn === 'number' && retryIn >= 0) return retryIn * 1000;
  const header = Number(response.headers['retry-after']);
  return Number.isFinite(header) && header >= 0 ? header * 1000 : defaultWaitMs;
}

export class MondayClient {
  /** The budget as of the last answer, for metrics and pacing. */
  lastComplexity: Complexity | undefined;
  /** Requests refused here because they would not fit the budget left (no call made). */
  pacedRequests = 0;
  /** monday's health: asked before each request, told of each answer or failure (../sync/service-health.ts). */
  circuit: ServiceCircuit | undefined;
  private budgetResetsAt = 0;
  /** The item writes sent in the last hour, oldest first (the hourly item budget, paced like complexity). */
  private readonly itemWrites: { at: number; count: number }[] = [];
  /** What each document cost last time, to know whether it fits what is left of the budget. */
  private readonly costs = new Map<string, number>();
  /** The cost of one aliased mutation, per kind of batch (learnt from the batches sent). */
  private readonly costPerMutation = new Map<string, number>();

  constructor(
    private readonly http: AxiosInstance,
    private readonly settings: MondayClientSettings,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock
  ) {}

  /**
   * Pacing: a request that cannot fit what is left of this minute's complexity budget is refused here, as monday
   * would refuse it, so that the relay waits for the reset instead of spending a call on a 429.
   */
  private checkBudget(document: string): void {
    const cost = this.estimatedCost(document);
    const left = this.lastComplexity?.after;
    const waitMs = this.budgetResetsAt - this.clock.now();
    if (cost !== undefined && left !== undefined && waitMs > 0 && cost > left) {
      this.pacedRequests += 1;
      throw new MondayRateLimitedError(
        'The complexity budget left cannot pay for this request until it resets',
        waitMs,
        'PACED_BY_RELAY'
      );
    }
  }

  /**
   * What a document will cost: what it cost last time or, for a batch of a size not sent yet, the cost per mutation
   * of the same kind of batch times its size.
   */
  private estimatedCost(document: string): number | undefined {
    const known = this.costs.get(document);
    if (known !== undefined) return known;
    const shape = batchShape(document);
    const perMutation = shape ? this.costPerMutation.get(shape.kind) : undefined;
    return shape && perMutation !== undefined ? Math.ceil(perMutation * shape.count) : undefined;
  }

  /** Item creates and updates left in the rolling hour. */
  itemBudgetLeft(): number {
    const since = this.clock.now() - hourMs;
    while (this.itemWrites[0] && this.itemWrites[0].at <= since) this.itemWrites.shift();
    const used = this.itemWrites.reduce((sum, entry) => sum + entry.count, 0);
    return Math.max(0, (this.settings.itemWritesPerHour ?? defaultItemWritesPerHour) - used);
  }

  /**
   * Pacing to the hourly item budget: a request whose item writes would go over it is held back here, never sent to
   * be refused, until enough of the hour's writes have aged out.
   */
  private checkItemBudget(writes: number): void {
    if (writes === 0) return;
    const left = this.itemBudgetLeft();
    if (writes <= left) return;
    let freed = left;
    const entry = this.itemWrites.find((candidate) => (freed += candidate.count) >= writes);
    const waitMs = Math.max(1_000, (entry?.at ?? this.clock.now()) + hourMs - this.clock.now());
    this.pacedRequests += 1;
    throw new MondayRateLimitedError(
      "The hour's budget of item creates and updates cannot pay for this request yet",
      waitMs,
      'PACED_ITEM_BUDGET'
    );
  }

  /**
   * How many mutations of a batch of this kind (its operation name, e.g. CreateItems) the budget left can pay for
   * now; undefined when nothing limits it (no answer yet, or the budget has reset since).
   */
  affordableMutations(operationName: string): number | undefined {
    const itemsLeft = this.itemBudgetLeft();
    const perMutation = this.costPerMutation.get(operationName);
    const left = this.lastComplexity?.after;
    if (perMutation === undefined || left === undefined || this.clock.now() >= this.budgetResetsAt)
      return itemsLeft < maxItemsPerBatch ? itemsLeft : undefined;
    return Math.min(Math.floor(left / perMutation), itemsLeft);
  }

  private learnCost(document: string, cost: number): void {
    this.costs.set(document, cost);
    const shape = batchShape(document);
    if (shape) this.costPerMutation.set(shape.kind, cost / shape.count);
  }

  async request(
    document: string,
    variables: Record<string, unknown>,
    options: { idempotencyKey?: string } = {}
  ): Promise<MondayAnswer> {
    this.checkBudget(document);
    const writes = itemWritesOf(document);
    this.checkItemBudget(writes);
    if (this.circuit && !this.circuit.admit())
      throw new MondayUnavailableError('monday is unavailable: the request waits until it answers again');
    // Before sending: a refresh monday refuses is a refused connection (F13), not monday being unreachable.
    const token = this.settings.tokenSource ? await this.settings.tokenSource() : this.settings.token;
    let response = await this.send(document, variables, token, options);
    // An OAuth token monday ended before its time: refreshed and sent again once, as monday's guide asks ("if an API
    // call returns 401, refresh the token and retry"); a 401 means the request was not run, so a write is safe to
    // send again. https://developer.monday.com/apps/docs/migrating-to-the-new-oauth-flow
    if (response.status === 401 && this.settings.tokenSource) {
      const fresh = await this.settings.tokenSource(token);
      if (fresh !== token) response = await this.send(document, variables, fresh, options);
    }
    if (response.status >= 500) this.circuit?.unavailable(`monday answered HTTP ${response.status}`);
    else this.circuit?.answered();
    // Counted once sent: a write monday may have made counts against the hour whatever came back.
    if (writes > 0) this.itemWrites.push({ at: this.clock.now(), count: writes });
    return this.interpret(response, document);
  }

  private async send(
    document: string,
    variables: Record<string, unknown>,
    token: string,
    options: { idempotencyKey?: string }
  ): Promise<AxiosResponse> {
    try {
      return await this.http.post(
        this.settings.url,
        { query: document, variables },
        {
          headers: {
            Authorization: token,
            'API-Version': mondayApiVersion,
            'Content-Type': 'application/json',
            ...(options.idempotencyKey ? { 'Idempotency-Key': options.idempotencyKey } : {})
          },
          timeout: this.settings.timeoutMs ?? 30_000,
          validateStatus: () => true
        }
      );
    } catch (error) {
      const message = `monday could not be reached: ${error instanceof Error ? error.message : String(error)}`;
      this.circuit?.unavailable(message);
      throw new MondayUnavailableError(message);
    }
  }

  /** An answer in the older top-level error shape: a limit to wait out, or a refusal. */
  private refuseLegacy(error: z.infer<typeof legacyError>, response: AxiosResponse): never {
    const { error_code: code, error_message: message = code } = error;
    const retryIn = error.error_data?.retry_in_seconds;
    const resetIn = /reset in (\d+) seconds?/.exec(message)?.[1];
    if (error.status_code === 429 || response.status === 429 || code === 'FIELD_LIMIT_EXCEEDED') {
      const waitMs =
        typeof retryIn === 'number'
          ? retryIn * 1000
          : resetIn !== undefined
            ? Number(resetIn) * 1000
            : waitOf(response, undefined);
      throw new MondayRateLimitedError(`monday rate limit: ${code} (${message})`, waitMs, code);
    }
    if (response.status === 401 || error.status_code === 401)
      throw new MondayAuthError('monday refused the API token: reconnect monday');
    if (response.status >= 500 || (error.status_code ?? 0) >= 500)
      throw new MondayUnavailableError(`monday answered ${code}: ${message}`);
    throw new MondayRequestError(`monday refused the request: ${code}: ${message}`, { mondayCode: code });
  }

  private interpret(response: AxiosResponse, document: string): MondayAnswer {
    const legacy = legacyError.safeParse(response.data);
    if (legacy.success) this.refuseLegacy(legacy.data, response);
    const parsed = envelope.safeParse(response.data);
    const errors = parsed.success ? (parsed.data.errors ?? []) : [];
    const first = errors[0];
    const mondayCode = typeof first?.extensions?.code === 'string' ? first.extensions.code : undefined;
    const status = response.status;

    if (status === 401) throw new MondayAuthError('monday refused the API token: reconnect monday');
    if (status === 429) {
      const wait = waitOf(response, first?.extensions);
      if (mondayCode === 'COMPLEXITY_BUDGET_EXHAUSTED') {
        // Until the reset, nothing else fits either.
        this.budgetResetsAt = this.clock.now() + wait;
        if (this.lastComplexity) this.lastComplexity = { ...this.lastComplexity, after: 0 };
      }
      if (mondayCode === 'DAILY_LIMIT_EXCEEDED')
        throw new MondayDailyLimitError('monday daily call limit reached', wait);
      throw new MondayRateLimitedError(
        `monday rate limit: ${mondayCode ?? 'HTTP 429'}`,
        wait,
        mondayCode ?? 'HTTP_429'
      );
    }
    if (status === 409)
      throw new MondayRateLimitedError(
        'The same mutation is still running at monday',
        waitOf(response, first?.extensions),
        'IDEMPOTENCY_CONFLICT'
      );
    if (status === 423)
      throw new MondayBoardLockedError(
        'The monday board is locked by another process',
        waitOf(response, first?.extensions)
      );
    if (status >= 500) throw new MondayUnavailableError(`monday answered HTTP ${status}`);
    if (status !== 200 || !parsed.success) {
      throw new MondayRequestError(
        `monday refused the request (HTTP ${status}): ${first?.message ?? 'unexpected answer'}`
      );
    }
    const data = parsed.data.data;
    if (!data || Array.isArray(data))
      throw new MondayRequestError(`monday refused the request: ${first?.message ?? 'no data'}`, { mondayCode });

    const complexity = complexitySchema.safeParse(data.complexity);
    if (complexity.success) {
      this.lastComplexity = complexity.data;
      this.budgetResetsAt = this.clock.now() + complexity.data.reset_in_x_seconds * 1000;
      this.learnCost(document, complexity.data.query);
    }
    if (errors.length > 0)
      this.logger.debug(
        { errors: errors.map((error) => ({ path: error.path, code: error.extensions?.code })) },
        'monday field errors'
      );
    return { data, fieldErrors: errors, complexity: complexity.success ? complexity.data : undefined };
  }
}
