// What went wrong with the store's files, said so that a person can act: which file, why, what to do. SQLite's own
// words ("unable to open database file", "file is not a database") say none of that.
import { resolve } from 'node:path';
import { StoreError } from '../core/errors';

interface SystemError {
  code?: string;
  message?: string;
}

/**
 * Whether the last write to the store went through: a write that failed (a full disk) makes /readyz say so until one
 * succeeds, even when the readiness probe's own small write still fits.
 */
export class StoreWrites {
  failure: string | undefined;

  /** Runs a write; one that fails is remembered and answered as a StoreError naming `file`. */
  run<T>(file: string, write: () => T): T {
    try {
      const result = write();
      this.failure = undefined;
      return result;
    } catch (error) {
      const failure = storeFailure(error, file);
      this.failure = failure.message;
      throw failure;
    }
  }

  /** The same for a write of the asynchronous store (./ports.ts), whose failures are StoreErrors already. */
  async runAsync<T>(file: string, write: () => Promise<T>): Promise<T> {
    try {
      const result = await write();
      this.failure = undefined;
      return result;
    } catch (error) {
      const failure = storeFailure(error, file);
      this.failure = failure.message;
      throw failure;
    }
  }
}

/** The error to stop on, or to answer with, when opening or writing `file` failed with `error`. */
export function storeFailure(error: unknown, file: string): StoreError {
  if (error instanceof StoreError) return error;
  const path = resolve(file);
  const { code = '', message = String(error) } = (error ?? {}) as SystemError;
  const said = (text: string) => new StoreError(text, { file: path, cause: code });
  switch (code) {
    case 'SQLITE_FULL':
    case 'ENOSPC':
      return said(
        `The disk that holds ${path} is full: free some space. Changes are refused meanwhile (Salesforce keeps them in its outbox and sends them again).`
      );
    case 'SQLITE_READONLY':
    case 'SQLITE_READONLY_DIRECTORY':
    case 'SQLITE_READONLY_DBMOVED':
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return said(
        `${path} cannot be written (${code}): give the relay's user write access to it and its folder, or set RELAY_DATA_DIR to a folder it can write.`
      );
    case 'SQLITE_CANTOPEN':
    case 'ENOENT':
    case 'ENOTDIR':
    case 'EEXIST':
      return said(
        `${path} cannot be opened (${code}): its folder is missing or is not a folder. Create it, or set RELAY_DATA_DIR to a folder the relay can write.`
      );
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return said(
        `${path} is not a relay store, or is damaged (${code}): restore it from a backup, or move it aside to start with an empty store (what it held is then lost).`
      );
    default:
      return said(`${path} cannot be used: ${message}`);
  }
}

/**
 * Where a PostgreSQL store is, for messages: host, port and database, never the user or the password that
 * DATABASE_URL may hold.
 */
export function postgresTarget(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `PostgreSQL at ${url.hostname || 'localhost'}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL)';
  }
}

/** The error to stop on, or to answer with, when PostgreSQL (`target`, ./postgresTarget) failed with `error`. */
export function postgresFailure(error: unknown, target: string): StoreError {
  if (error instanceof StoreError) return error;
  const { code = '', message = String(error) } = (error ?? {}) as SystemError;
  const said = (text: string) => new StoreError(text, { database: target, cause: code });
  switch (code) {
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case 'ETIMEDOUT':
    case '57P01': // admin_shutdown
    case '57P02': // crash_shutdown
    case '57P03': // cannot_connect_now
      return said(
        `${target} does not answer (${code}): start it, or correct DATABASE_URL. Changes are refused meanwhile (Salesforce keeps them in its outbox and sends them again).`
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return said(`${target}: the host is unknown (${code}). Correct the host in DATABASE_URL.`);
    case '28P01': // invalid_password
    case '28000': // invalid_authorization_specification
      return said(`${target} refused the user or password of DATABASE_URL (${code}): correct them.`);
    case '3D000': // invalid_catalog_name
      return said(`${target}: the database does not exist (${code}). Create it (createdb), or correct DATABASE_URL.`);
    case '42501': // insufficient_privilege
      return said(
        `${target}: the user of DATABASE_URL lacks a privilege (${code}: ${message}). It needs CREATE on the database the first time (the relay creates its schema "relay"), then to own that schema.`
      );
    case '53100': // disk_full
      return said(
        `The disk of ${target} is full (${code}): free some space. Changes are refused meanwhile (Salesforce keeps them in its outbox and sends them again).`
      );
    case '53300': // too_many_connections
      return said(`${target} has no connection left (${code}): raise max_connections, or lower the relays' pool size.`);
    default:
      return said(`${target} cannot be used (${code || 'no code'}): ${message}`);
  }
}
