// What can go wrong in the connect flow, each with a stable code. The messages are shown to the admin on the relay's
// pages: they never carry a token, a code or a verifier.
import { RelayError } from '../core/errors';

/** The OAuth callback's state is unknown, used already, or expired: the flow starts again. */
export class ConnectStateError extends RelayError {
  readonly code = 'CONNECT_STATE_INVALID';
  readonly httpStatus = 400;
}

/** An authorization server refused (denied by the user, a bad code, a wrong verifier). */
export class AuthorizationRefusedError extends RelayError {
  readonly code = 'AUTHORIZATION_REFUSED';
  readonly httpStatus = 400;
}

/** The admin's input is not usable (a subdomain with a dot, a login URL that is not https). */
export class ConnectInputError extends RelayError {
  readonly code = 'CONNECT_INPUT_INVALID';
  readonly httpStatus = 400;
}

/** The connecting user may not configure the package, or the package is not installed. */
export class PackageSetupError extends RelayError {
  readonly code = 'PACKAGE_SETUP_FAILED';
  readonly httpStatus = 400;
}

/** A connection page asked without the admin's session (or another org's). */
export class AdminSessionError extends RelayError {
  readonly code = 'ADMIN_SESSION_REQUIRED';
  readonly httpStatus = 401;
}
