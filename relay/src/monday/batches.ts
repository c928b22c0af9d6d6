// What aliased batches of mutations share (see documents.ts): one idempotency key per batch, and the error of one
// alias, which fails only its own write.
import { createHash } from 'node:crypto';
import type { MondayFieldError } from './client';
import { MondayRequestError } from './errors';

/** The same batch retried gets the same key (monday replays its first answer for 30 minutes). */
export function batchKey(kind: string, parts: string[]): string {
  return `${kind}:${createHash('sha256').update(parts.join('|')).digest('base64url').slice(0, 32)}`;
}

/** The error monday gave for one alias of a batch (`item3`, `update0`...). */
export function aliasError(errors: MondayFieldError[], alias: string): MondayRequestError {
  const error = errors.find((candidate) => candidate.path?.[0] === alias);
  return new MondayRequestError(`monday refused the change: ${error?.message ?? 'no answer'}`, {
    mondayCode: error?.extensions?.code
  });
}
