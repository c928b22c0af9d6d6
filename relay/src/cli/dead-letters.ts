// `npm run dead-letters -- [--connection <id>] list | retry <id>|all | drop <id>`: what the relay gave up on, and what to
// do with it; for a connection made from the browser (`npm run connections -- list`), or the environment's.
// Reads the relay's store: the PostgreSQL of DATABASE_URL when set, or SQLite in RELAY_DATA_DIR (./data by default),
// from the environment or the .env file.
import { runStoreCommand } from './store-command';
import type { JobQueue } from '../store/ports';

const usage = 'Usage: npm run dead-letters -- [--connection <id>] list | retry <id> | retry all | drop <id>';

/** Runs one command; answers the lines to print and the exit code. */
export async function deadLetterCommand(
  args: string[],
  jobs: JobQueue
): Promise<{ lines: string[]; exitCode: number }> {
  const [command, target] = args;
  const dead = await jobs.listDead();
  switch (command) {
    case 'list':
    case undefined:
      if (dead.length === 0) return { lines: ['No dead letters.'], exitCode: 0 };
      return {
        lines: dead.map((job) => {
          const change = (job.payload as { change?: { recordId?: string; operation?: string } }).change;
          const when = job.finishedAt === null ? '' : new Date(job.finishedAt).toISOString();
          return `${job.id}\t${when}\t${job.orderingKey}\t${change?.operation ?? ''}\tafter ${job.attempts} attempt(s): ${job.lastError ?? ''}`;
        }),
        exitCode: 0
      };
    case 'retry': {
      const ids = target === 'all' ? dead.map((job) => job.id) : [Number(target)];
      if (ids.some((id) => !Number.isInteger(id))) return { lines: [usage], exitCode: 2 };
      const retried: number[] = [];
      for (const id of ids) if (await jobs.requeue(id)) retried.push(id);
      return retried.length === ids.length
        ? { lines: [`Queued again: ${retried.length} job(s).`], exitCode: 0 }
        : { lines: [`No dead letter ${String(target)}.`], exitCode: 1 };
    }
    case 'drop': {
      const id = Number(target);
      if (!Number.isInteger(id)) return { lines: [usage], exitCode: 2 };
      return (await jobs.drop(id))
        ? { lines: [`Dropped ${id}.`], exitCode: 0 }
        : { lines: [`No dead letter ${id}.`], exitCode: 1 };
    }
    default:
      return { lines: [usage], exitCode: 2 };
  }
}

/** `--connection <id>` taken out of the arguments. */
export function connectionOption(args: string[]): { connectionId: string | undefined; rest: string[] } {
  const at = args.indexOf('--connection');
  if (at < 0) return { connectionId: undefined, rest: args };
  return { connectionId: args[at + 1], rest: [...args.slice(0, at), ...args.slice(at + 2)] };
}

if (require.main === module)
  runStoreCommand((args, store) => {
    const { connectionId, rest } = connectionOption(args);
    return deadLetterCommand(rest, connectionId ? store.forConnection(connectionId).jobs : store.jobs);
  });
