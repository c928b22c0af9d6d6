// What becomes of a job that failed, decided from the error alone (pure: the worker carries it out).
// - hold: the service it needs is unavailable (5xx, a timeout, a refused connection). The job goes back in its place
//   without spending an attempt, and the service's work waits for it as a whole (./service-health.ts).
// - postpone: the service said how long to wait (a rate limit, a locked board, too many concurrent requests), or the
//   connection cannot be used for now (a daily limit, a refused token: `pause` stops all work until then).
// - retry: a failure of this change that a later try may pass (a locked record, the unexpected): backoff, an attempt
//   spent, a dead letter after the last.
// - give-up: the change cannot be applied (a value that does not fit, a refusal): a dead letter at once, reported.
import { MappingError, RetryAfterError } from '../core/errors';
import { MondayAuthError, MondayDailyLimitError, MondayRequestError, MondayUnavailableError } from '../monday/errors';
import {
  SalesforceAuthError,
  SalesforcePackageMissingError,
  SalesforceRequestError,
  SalesforceRequestLimitError,
  SalesforceUnavailableError
} from '../salesforce/errors';
import type { Service } from './service-health';

/** How often a refused connection is tried again (a reconnect resumes at once, ../relay.ts). */
export const refusedConnectionProbeMs = 60_000;
/** How long the work waits once the org's daily API allocation is spent. */
const spentAllocationWaitMs = 15 * 60_000;

export type Treatment =
  | { kind: 'hold'; service: Service }
  | { kind: 'postpone'; waitMs: number; pause: boolean; connectionRefused: boolean }
  | { kind: 'retry' }
  | { kind: 'give-up' };

export function treatmentOf(error: unknown): Treatment {
  if (error instanceof MondayUnavailableError) return { kind: 'hold', service: 'monday' };
  if (error instanceof SalesforceUnavailableError) return { kind: 'hold', service: 'salesforce' };
  // The daily limit holds for every job of the connection; a rate limit or a lock only for this request.
  if (error instanceof RetryAfterError)
    return {
      kind: 'postpone',
      waitMs: error.retryAfterMs,
      pause: error instanceof MondayDailyLimitError,
      connectionRefused: false
    };
  if (
    error instanceof MondayAuthError ||
    error instanceof SalesforceAuthError ||
    error instanceof SalesforcePackageMissingError
  )
    return { kind: 'postpone', waitMs: refusedConnectionProbeMs, pause: true, connectionRefused: true };
  if (error instanceof SalesforceRequestLimitError)
    return { kind: 'postpone', waitMs: spentAllocationWaitMs, pause: true, connectionRefused: false };
  if (error instanceof MappingError || error instanceof MondayRequestError || error instanceof SalesforceRequestError)
    return { kind: 'give-up' };
  // A locked record, or anything unexpected: retried with backoff, and dead-lettered if it keeps happening.
  return { kind: 'retry' };
}

/** What a dead letter tells people (./failure-reports.ts): the reason, a stable code, whether a retry might pass. */
export interface DeadLetterReport {
  reason: string;
  code: string;
  retriable: boolean;
}

/**
 * The report of a job that became a dead letter: RETRIES_EXHAUSTED when retries ran out (another try might pass, once
 * the cause is fixed), the error's own code when the change cannot be applied.
 */
export function deadLetterReport(treatment: Treatment, error: unknown): DeadLetterReport {
  const reason = error instanceof Error ? error.message : String(error);
  const retriable = treatment.kind === 'retry';
  const code = (error as { code?: unknown } | null)?.code;
  return {
    reason,
    retriable,
    code: retriable ? 'RETRIES_EXHAUSTED' : typeof code === 'string' ? code : 'SYNC_FAILED'
  };
}
