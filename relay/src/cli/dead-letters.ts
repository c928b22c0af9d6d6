// `npm run dead-letters -- list | retry <id>|all | drop <id>`: what the relay gave up on, and what to do with it.
// Reads the store in RELAY_DATA_DIR (./data by default, or the .env file's).
import { join } from 'node:path';
import { config as loadDotEnv } from 'dotenv';
import { systemClock } from '../core/clock';
import { openDatabase } from '../store/database';
import type { JobStore } from '../store/job-store';
import { SqliteJobStore } from '../store/sqlite-job-store';

const usage = 'Usage: npm run dead-letters -- list | retry <id> | retry all | drop <id>';

/** Runs one command; answers the lines to print and the exit code. */
export function deadLetterCommand(args: string[], jobs: JobStore): { lines: string[]; exitCode: number } {
  const [command, target] = args;
  const dead = jobs.listDead();
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
      const retried = ids.filter((id) => jobs.requeue(id));
      return retried.length === ids.length
        ? { lines: [`Queued again: ${retried.length} job(s).`], exitCode: 0 }
        : { lines: [`No dead letter ${String(target)}.`], exitCode: 1 };
    }
    case 'drop': {
      const id = Number(target);
      if (!Number.isInteger(id)) return { lines: [usage], exitCode: 2 };
      return jobs.drop(id)
        ? { lines: [`Dropped ${id}.`], exitCode: 0 }
        : { lines: [`No dead letter ${id}.`], exitCode: 1 };
    }
    default:
      return { lines: [usage], exitCode: 2 };
  }
}

if (require.main === module) {
  loadDotEnv({ quiet: true });
  const db = openDatabase(join(process.env.RELAY_DATA_DIR ?? './data', 'relay.sqlite'));
  try {
    const { lines, exitCode } = deadLetterCommand(
      process.argv.slice(2),
      new SqliteJobStore(db, { clock: systemClock })
    );
    for (const line of lines) console.log(line);
    process.exitCode = exitCode;
  } finally {
    db.close();
  }
}
