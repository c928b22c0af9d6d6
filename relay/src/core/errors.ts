// One error type per failure, each with a stable code; app.ts is the one place that maps them to HTTP statuses.

export abstract class RelayError extends Error {
  abstract readonly code: string;
  /** The HTTP status when this error answers a request. */
  abstract readonly httpStatus: number;

  constructor(
    message: string,
    readonly details: Record<string, unknown> = {}
  ) {
    super(message);
    this.name = new.target.name;
  }

  toBody(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** A refusal that says how long to wait before trying again (Retry-After, retry_in_seconds). */
export abstract class RetryAfterError extends RelayError {
  constructor(
    message: string,
    readonly retryAfterMs: number,
    details: Record<string, unknown> = {}
  ) {
    super(message, { ...details, retryAfterMs });
  }
}

/** A configuration value is missing or invalid: the relay does not start. */
export class ConfigError extends RelayError {
  readonly code = 'CONFIG_INVALID';
  readonly httpStatus = 500;
}

/** A request is unsigned, badly signed, stale or from the future. */
export class SignatureError extends RelayError {
  readonly code = 'SIGNATURE_INVALID';
  readonly httpStatus = 401;
}

/** A request body is not what the interface says. */
export class InvalidBodyError extends RelayError {
  readonly code = 'BODY_INVALID';
  readonly httpStatus = 400;
}

/** A request body is larger than the relay accepts. */
export class BodyTooLargeError extends RelayError {
  readonly code = 'BODY_TOO_LARGE';
  readonly httpStatus = 413;
}

/** A value that the target column or field cannot hold; the record's sync fails with this reason. */
export class MappingError extends RelayError {
  readonly code = 'VALUE_DOES_NOT_FIT';
  readonly httpStatus = 422;
}

/** Another running relay holds the data folder: this one does not start. */
export class DataFolderInUseError extends RelayError {
  readonly code = 'DATA_FOLDER_IN_USE';
  readonly httpStatus = 500;
}

/** A request body in a media type the endpoint does not take (it takes JSON). */
export class UnsupportedMediaTypeError extends RelayError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  readonly httpStatus = 415;
}

/** The store cannot be opened or written (a full disk, a read-only or missing folder, a damaged or newer file). */
export class StoreError extends RelayError {
  readonly code = 'STORE_UNAVAILABLE';
  readonly httpStatus = 503;
}

/** A connection the relay has no working authorization for (never connected, or disconnected). */
export class MissingAuthorizationError extends RelayError {
  readonly code = 'AUTHORIZATION_MISSING';
  readonly httpStatus = 409;
}

/** A request for a connection this relay does not serve. */
/** A batch for one org sent to the connection of another (a sandbox refreshed, a package pointed elsewhere). */
export class OrgMismatchError extends RelayError {
  readonly code = 'ORG_MISMATCH';
  readonly httpStatus = 409;
}

export class UnknownConnectionError extends RelayError {
  readonly code = 'CONNECTION_NOT_FOUND';
  readonly httpStatus = 404;
}
