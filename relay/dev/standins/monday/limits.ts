// monday's rate limits, each configurable: complexity budget per minute, requests per minute, calls per day
// (reset at midnight UTC), requests at once, and requests per IP per 10 seconds. Every request counts, failed
// ones included. https://developer.monday.com/api-reference/docs/rate-limits
import type { Clock } from '../../../src/core/clock';

export interface MondayLimitSettings {
  /** Complexity points per minute (paid plans, personal token: 10M). */
  complexityPerMinute: number;
  /** Complexity of one query (5M). */
  maxQueryComplexity: number;
  /** Fixed complexity of each mutation in a request. */
  mutationCost: number;
  requestsPerMinute: number;
  /** Calls per day: 1,000 Standard, 10,000 Pro, 25,000 Enterprise. */
  dailyCalls: number;
  maxConcurrentRequests: number;
  /** monday's support article: 5,000 requests per 10 seconds from one IP. */
  ipRequestsPer10Seconds: number;
  /** The length of a "minute" (complexity and request windows): shortened by benchmarks, budgets scaled with it. */
  windowMs: number;
  /**
   * Item creates and updates per account per hour: "19,000 items per account per hour", in the bulk import reference
   * (https://developer.monday.com/api-reference/docs/importing-items-in-bulk). The hour is `windowMs` × 60.
   */
  itemWritesPerHour: number;
}

/** No limit at all, for benchmarks and soaks that measure the relay rather than monday's budgets. */
export const noLimits: Partial<MondayLimitSettings> = {
  complexityPerMinute: Number.MAX_SAFE_INTEGER,
  maxQueryComplexity: Number.MAX_SAFE_INTEGER,
  requestsPerMinute: Number.MAX_SAFE_INTEGER,
  dailyCalls: Number.MAX_SAFE_INTEGER,
  maxConcurrentRequests: Number.MAX_SAFE_INTEGER,
  ipRequestsPer10Seconds: Number.MAX_SAFE_INTEGER,
  itemWritesPerHour: Number.MAX_SAFE_INTEGER
};

export const proPlanLimits: MondayLimitSettings = {
  complexityPerMinute: 10_000_000,
  maxQueryComplexity: 5_000_000,
  mutationCost: 10_000,
  requestsPerMinute: 5_000,
  dailyCalls: 10_000,
  maxConcurrentRequests: 100,
  ipRequestsPer10Seconds: 5_000,
  windowMs: 60_000,
  itemWritesPerHour: 19_000
};

/** Why a request is turned away with HTTP 429, in monday's words. */
export interface LimitRejection {
  code:
    | 'COMPLEXITY_BUDGET_EXHAUSTED'
    | 'RATE_LIMIT_EXCEEDED'
    | 'DAILY_LIMIT_EXCEEDED'
    | 'maxConcurrencyExceeded'
    | 'IP_RATE_LIMIT_EXCEEDED'
    | 'HOURLY_ITEM_LIMIT_EXCEEDED';
  message: string;
  retryInSeconds: number;
}

class Window {
  private startedAt: number | undefined;
  used = 0;

  constructor(private readonly lengthMs: number) {}

  /** Seconds until this window resets, starting a new one when the last has run out. */
  roll(now: number): number {
    if (this.startedAt === undefined || now - this.startedAt >= this.lengthMs) {
      this.startedAt = now;
      this.used = 0;
    }
    return Math.max(1, Math.ceil((this.startedAt + this.lengthMs - now) / 1000));
  }
}

function secondsUntilMidnightUtc(now: number): number {
  const midnight = new Date(now);
  midnight.setUTCHours(24, 0, 0, 0);
  return Math.max(1, Math.ceil((midnight.getTime() - now) / 1000));
}

export class RateLimiter {
  private readonly minute: Window;
  private readonly complexity: Window;
  private readonly ip = new Window(10_000);
  private day: string | undefined;
  private callsToday = 0;
  private inFlight = 0;
  /** Complexity charged since the start (benchmarks compare it with the budget). */
  complexitySpent = 0;
  private readonly itemHour: Window;

  constructor(
    readonly settings: MondayLimitSettings,
    private readonly clock: Clock
  ) {
    this.minute = new Window(settings.windowMs);
    this.complexity = new Window(settings.windowMs);
    this.itemHour = new Window(settings.windowMs * 60);
  }

  /**
   * Takes `count` item creates or updates from the hour's budget, or says when there will be room. monday documents
   * the budget, not the error a mutation over it gets: it is answered here as monday answers its other limits (429,
   * retry_in_seconds), under a code of the stand-in's own.
   */
  chargeItemWrites(count: number): LimitRejection | undefined {
    if (count === 0) return undefined;
    const resetInSeconds = this.itemHour.roll(this.clock.now());
    if (this.itemHour.used + count > this.settings.itemWritesPerHour) {
      return {
        code: 'HOURLY_ITEM_LIMIT_EXCEEDED',
        message: 'The account has used its hourly budget of item creates and updates',
        retryInSeconds: resetInSeconds
      };
    }
    this.itemHour.used += count;
    return undefined;
  }

  /** Counts a request in; returns why it must be refused, if it must. Call `release` when it ends either way. */
  admit(): LimitRejection | undefined {
    const now = this.clock.now();
    this.inFlight += 1;
    const today = new Date(now).toISOString().slice(0, 10);
    if (today !== this.day) {
      this.day = today;
      this.callsToday = 0;
    }
    this.callsToday += 1;
    const minuteReset = this.minute.roll(now);
    this.minute.used += 1;
    const ipReset = this.ip.roll(now);
    this.ip.used += 1;

    if (this.callsToday > this.settings.dailyCalls) {
      return {
        code: 'DAILY_LIMIT_EXCEEDED',
        message: 'Daily limit exceeded',
        retryInSeconds: secondsUntilMidnightUtc(now)
      };
    }
    if (this.ip.used > this.settings.ipRequestsPer10Seconds) {
      return { code: 'IP_RATE_LIMIT_EXCEEDED', message: 'IP rate limit exceeded', retryInSeconds: ipReset };
    }
    if (this.minute.used > this.settings.requestsPerMinute) {
      return { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate Limit Exceeded', retryInSeconds: minuteReset };
    }
    if (this.inFlight > this.settings.maxConcurrentRequests) {
      return { code: 'maxConcurrencyExceeded', message: 'Concurrency limit exceeded', retryInSeconds: 1 };
    }
    return undefined;
  }

  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** Takes `cost` from this minute's complexity budget, or says when it will be there. */
  chargeComplexity(cost: number): { before: number; after: number; resetInSeconds: number } | LimitRejection {
    const resetInSeconds = this.complexity.roll(this.clock.now());
    const before = this.settings.complexityPerMinute - this.complexity.used;
    if (cost > before) {
      return {
        code: 'COMPLEXITY_BUDGET_EXHAUSTED',
        message: 'Complexity budget exhausted',
        retryInSeconds: resetInSeconds
      };
    }
    this.complexity.used += cost;
    this.complexitySpent += cost;
    return { before, after: before - cost, resetInSeconds };
  }
}
