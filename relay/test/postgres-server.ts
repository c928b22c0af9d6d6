// A PostgreSQL server of the test's own: initdb in a temporary folder, started on a free loopback port, stopped and
// removed by stop(). PostgreSQL refuses to run as root, so under root (CI containers) the server runs as the
// unprivileged user `nobody`. A machine without PostgreSQL fails the tests that need it, saying how to install it:
// skipping them would let the PostgreSQL store go untested without anyone noticing.
import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import { accessSync, chownSync, constants, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../src/core/free-port';

export class PostgresNotInstalledError extends Error {
  constructor(searched: string) {
    super(
      `PostgreSQL is not installed here: initdb and pg_ctl are neither on the PATH nor in ${searched}. ` +
        'The PostgreSQL store tests start a server of their own from them. Install it with ' +
        '`apt-get install postgresql` (Debian, Ubuntu; .ci/run does so), `brew install postgresql` (macOS), ' +
        "or put the folder holding PostgreSQL's initdb on the PATH."
    );
    this.name = 'PostgresNotInstalledError';
  }
}

const isExecutable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const hasServerTools = (folder: string): boolean =>
  ['initdb', 'pg_ctl', 'postgres'].every((tool) => isExecutable(join(folder, tool)));

/**
 * The folder holding initdb, pg_ctl and postgres: on the PATH, or the newest of Debian's versioned folders
 * (/usr/lib/postgresql/<version>/bin, which Debian keeps off the PATH).
 */
export function findPostgresBinaries(path = process.env.PATH ?? '', libraryRoot = '/usr/lib/postgresql'): string {
  const onPath = path.split(delimiter).find((folder) => folder !== '' && hasServerTools(folder));
  if (onPath) return onPath;
  const versions = existsSync(libraryRoot)
    ? readdirSync(libraryRoot)
        .filter((version) => /^\d+(\.\d+)?$/.test(version))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const installed = versions.map((version) => join(libraryRoot, version, 'bin')).find(hasServerTools);
  if (installed) return installed;
  throw new PostgresNotInstalledError(`${libraryRoot}/*/bin`);
}

export interface PostgresServer {
  port: number;
  /** The URL of a database created at start, "relay". */
  databaseUrl: string;
  /** Creates an empty database; answers its URL (user postgres, no password: the server trusts loopback). */
  createDatabase(name: string): Promise<string>;
  /** Stops the server and removes its folder. */
  stop(): void;
}

/** Who runs the server: `nobody` under root, the current user otherwise. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const nobody = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'nobody');
  return { uid: Number(nobody?.[2] ?? 65534), gid: Number(nobody?.[3] ?? 65534) };
}

function run(binary: string, args: string[], options: SpawnSyncOptions): void {
  const result = spawnSync(binary, args, { ...options, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(
      `${binary} ${args.join(' ')} failed (${result.error?.message ?? `exit ${String(result.status)}`}): ${result.stderr}${result.stdout}`
    );
}

/** Starts a server in a new temporary folder; call stop() when done (an exiting process stops it too). */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgresBinaries();
  const folder = mkdtempSync(join(tmpdir(), 'relay-postgres-'));
  const data = join(folder, 'data');
  const user = serverUser();
  // The spawn's uid and gid drop root (and its supplementary groups), as runuser or setpriv would.
  const as: SpawnSyncOptions = { cwd: folder, ...(user ? { uid: user.uid, gid: user.gid } : {}) };
  if (user) chownSync(folder, user.uid, user.gid);
  const stopNow = (): void => {
    spawnSync(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], { ...as, stdio: 'ignore' });
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    run(
      join(bin, 'initdb'),
      ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'],
      as
    );
    const port = await startOnFreePort(bin, data, folder, as);
    // A test run that ends without stop() (a crash, a timeout) leaves no server behind.
    process.once('exit', stopNow);
    const createDatabase = async (name: string): Promise<string> => {
      const admin = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } finally {
        await admin.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(name)}`;
    };
    return {
      port,
      databaseUrl: await createDatabase('relay'),
      createDatabase,
      stop(): void {
        process.removeListener('exit', stopNow);
        stopNow();
      }
    };
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

/** A free port may be taken between the check and the start: a few tries. */
async function startOnFreePort(bin: string, data: string, folder: string, as: SpawnSyncOptions): Promise<number> {
  let failure: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    // Loopback only, its socket in its own folder; fsync off: a test's data need not survive a power cut.
    const settings = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${folder}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=100'
    ].join(' ');
    try {
      run(
        join(bin, 'pg_ctl'),
        ['-D', data, '-l', join(folder, 'server.log'), '-w', '-t', '60', '-o', settings, 'start'],
        as
      );
      return port;
    } catch (error) {
      failure = error;
    }
  }
  throw failure;
}
