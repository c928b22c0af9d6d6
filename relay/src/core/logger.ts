import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** Paths that may hold secrets, removed from every log line whatever logs them. */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers["webhook-signature"]',
  'headers.authorization',
  'headers["webhook-signature"]',
  '*.access_token',
  '*.refresh_token',
  '*.client_secret',
  '*.token',
  '*.secret',
  '*.secrets'
];

/**
 * What an error logs. An HTTP client's error carries the request it failed on (axios: `config` with the body, which
 * may be an OAuth form with the client secret or a refresh token, and the Authorization header; `request`,
 * `response`): only the method, the host and the status are kept, never the body, the headers or the query string.
 */
export function loggedError(error: unknown): Record<string, unknown> {
  const serialized: unknown = pino.stdSerializers.err(error as Error);
  if (typeof serialized !== 'object' || serialized === null) return { message: String(error) };
  const {
    config,
    request: _request,
    response,
    ...rest
  } = serialized as {
    config?: { method?: unknown; url?: unknown };
    request?: unknown;
    response?: { status?: unknown };
  } & Record<string, unknown>;
  let host: string | undefined;
  try {
    host = typeof config?.url === 'string' ? new URL(config.url).host : undefined;
  } catch {
    host = undefined;
  }
  const cause = (error as { cause?: unknown } | null)?.cause;
  return {
    ...rest,
    ...(config ? { request: { method: config.method, host } } : {}),
    ...(response ? { status: response.status } : {}),
    ...(cause !== undefined ? { cause: loggedError(cause) } : {})
  };
}

/** A JSON logger with secrets redacted; `destination` lets tests read what was logged. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    serializers: { err: loggedError },
    base: { service: 'monday-sync-relay' }
  };
  return destination ? pino(options, destination) : pino(options);
}
