// What can go wrong talking to Salesforce, classified once where the answer arrives.
import { RelayError, RetryAfterError } from '../core/errors';

/** The refresh token is revoked or expired (invalid_grant): the connection is disabled until an admin reconnects. */
export class SalesforceAuthError extends RelayError {
  readonly code = 'SALESFORCE_AUTH_FAILED';
  readonly httpStatus = 502;
}

/**
 * The org has no monday Sync package, or the relay's user cannot see its objects: nothing can be read or written
 * until an admin installs it or grants the permission set, so the connection waits as for a refused token.
 */
export class SalesforcePackageMissingError extends RelayError {
  readonly code = 'SALESFORCE_PACKAGE_MISSING';
  readonly httpStatus = 502;
}

/** The org's daily API allocation is spent (REQUEST_LIMIT_EXCEEDED): the connection waits. */
export class SalesforceRequestLimitError extends RelayError {
  readonly code = 'SALESFORCE_REQUEST_LIMIT';
  readonly httpStatus = 429;
}

/**
 * Too many long requests at once (REQUEST_LIMIT_EXCEEDED, "ConcurrentRequests ... Limit exceeded"): Salesforce's code
 * is the daily allocation's, the message tells them apart. New requests go through again as soon as fewer long ones
 * run: wait a moment, the connection does not pause.
 * https://developer.salesforce.com/docs/platform/salesforce-app-limits-cheatsheet/guide/salesforce-app-limits-platform-api.html
 */
export class SalesforceConcurrencyLimitError extends RetryAfterError {
  readonly code = 'SALESFORCE_CONCURRENCY_LIMIT';
  readonly httpStatus = 429;
}

/** Salesforce did not answer, timed out or answered 5xx: the service is unavailable, its work is held. */
export class SalesforceUnavailableError extends RelayError {
  readonly code = 'SALESFORCE_UNAVAILABLE';
  readonly httpStatus = 503;
}

/** This record could not be written now (a row locked by another transaction): the change is retried with backoff. */
export class SalesforceRecordBusyError extends RelayError {
  readonly code = 'SALESFORCE_RECORD_BUSY';
  readonly httpStatus = 503;
}

/** Salesforce refused the request (a validation, a field, a query): retrying the same request cannot help. */
export class SalesforceRequestError extends RelayError {
  readonly code = 'SALESFORCE_REQUEST_REFUSED';
  readonly httpStatus = 502;
  constructor(
    message: string,
    readonly errorCode: string,
    readonly fields: string[] = []
  ) {
    super(message, { errorCode, fields });
  }
}
