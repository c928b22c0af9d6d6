// What can go wrong talking to Salesforce, classified once where the answer arrives.
import { RelayError } from '../core/errors';

/** The refresh token is revoked or expired (invalid_grant): the connection is disabled until an admin reconnects. */
export class SalesforceAuthError extends RelayError {
  readonly code = 'SALESFORCE_AUTH_FAILED';
  readonly httpStatus = 502;
}

/** The org's daily API allocation is spent (REQUEST_LIMIT_EXCEEDED): the connection waits. */
export class SalesforceRequestLimitError extends RelayError {
  readonly code = 'SALESFORCE_REQUEST_LIMIT';
  readonly httpStatus = 429;
}

/** Salesforce did not answer, answered 5xx, or a row was locked: retry with backoff. */
export class SalesforceUnavailableError extends RelayError {
  readonly code = 'SALESFORCE_UNAVAILABLE';
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
