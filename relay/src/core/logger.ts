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

/** A JSON logger with secrets redacted; `destination` lets tests read what was logged. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    base: { service: 'monday-sync-relay' }
  };
  return destination ? pino(options, destination) : pino(options);
}
