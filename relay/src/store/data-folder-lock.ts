// One relay per data folder. Two processes on one SQLite store and one local-mode state file would each keep their
// own view and the last to stop would overwrite the other's (item ids reused, links lost). The lock is an exclusive
// transaction held open on a small SQLite file for the life of the process: SQLite takes it with the operating
// system's file locks, which are released when the process ends however it ends (kill -9 included), so a dead
// relay's folder is taken over at once, with no stale lock to clear and no process id that another process may have
// reused. (A folder on a network file system may not honour such locks; the data folder is meant to be local.)
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DataFolderInUseError } from '../core/errors';
import { storeFailure } from './store-errors';

export class DataFolderLock {
  private constructor(
    private readonly db: Database.Database,
    private readonly ownerFile: string
  ) {}

  /** Takes the folder, or throws DataFolderInUseError naming the relay that has it and what to do. */
  static acquire(dataDir: string): DataFolderLock {
    const ownerFile = join(dataDir, 'relay.lock.owner');
    let db: Database.Database;
    try {
      mkdirSync(dataDir, { recursive: true });
      // timeout 0: a held lock is an answer, not something to wait for.
      db = new Database(join(dataDir, 'relay.lock'), { timeout: 0 });
    } catch (error) {
      throw storeFailure(error, join(dataDir, 'relay.lock'));
    }
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw storeFailure(error, join(dataDir, 'relay.lock'));
      throw new DataFolderInUseError(
        `Another relay is running on the data folder ${resolve(dataDir)}${ownerOf(ownerFile)}. ` +
          'Stop it first, or give this one another folder with RELAY_DATA_DIR.',
        { dataDir: resolve(dataDir) }
      );
    }
    // Only for the message above: who holds the folder. The lock itself is the open transaction.
    writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
    return new DataFolderLock(db, ownerFile);
  }

  /** Gives the folder up (a graceful stop); a process that dies gives it up all the same. */
  release(): void {
    if (!this.db.open) return;
    rmSync(this.ownerFile, { force: true });
    this.db.close();
  }
}

function ownerOf(ownerFile: string): string {
  try {
    const owner = JSON.parse(readFileSync(ownerFile, 'utf8')) as { pid?: number; since?: string };
    return ` (process ${String(owner.pid)}, since ${String(owner.since)})`;
  } catch {
    return '';
  }
}
