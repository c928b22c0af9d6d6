// What can go wrong talking to monday, classified once where the answer arrives: wait and retry without spending an
// attempt (rate limits, a locked board), pause the connection (daily limit, authentication), retry with backoff
// (monday unavailable), or give up (the request itself is wrong).
import { RelayError, RetryAfterError } from '../core/errors';

/** A per-minute limit, the complexity budget, concurrency, IP limit, or an idempotency conflict: wait, then retry. */
export class MondayRateLimitedError extends RetryAfterError {
  readonly code = 'MONDAY_RATE_LIMITED';
  readonly httpStatus = 429;
  constructor(
    message: string,
    retryAfterMs: number,
    readonly mondayCode: string
  ) {
    super(message, retryAfterMs, { mondayCode });
  }
}

/** The account's daily call limit is spent: the connection's jobs wait until it resets (midnight UTC). */
export class MondayDailyLimitError extends RetryAfterError {
  readonly code = 'MONDAY_DAILY_LIMIT';
  readonly httpStatus = 429;
}

/** The token is refused: the connection is disabled until an admin reconnects (F13). */
export class MondayAuthError extends RelayError {
  readonly code = 'MONDAY_AUTH_FAILED';
  readonly httpStatus = 502;
}

/** The board is locked by another process (HTTP 423): retry shortly. */
export class MondayBoardLockedError extends RetryAfterError {
  readonly code = 'MONDAY_BOARD_LOCKED';
  readonly httpStatus = 503;
}

/** monday did not answer, timed out, or answered 5xx: retry with backoff. */
export class MondayUnavailableError extends RelayError {
  readonly code = 'MONDAY_UNAVAILABLE';
  readonly httpStatus = 503;
}

/** monday refused the request itself (malformed, invalid against the schema): a bug, not retried. */
export class MondayRequestError extends RelayError {
  readonly code = 'MONDAY_REQUEST_REFUSED';
  readonly httpStatus = 502;
}
