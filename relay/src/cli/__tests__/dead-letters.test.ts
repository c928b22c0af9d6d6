import { ManualClock } from '../../../test/manual-clock';
import { openDatabase } from '../../store/database';
import type { JobQueue } from '../../store/ports';
import { SqliteStore } from '../../store/sqlite-store';
import { connectionOption, deadLetterCommand } from '../dead-letters';

async function storeWithDeadLetters(): Promise<JobQueue> {
  const { jobs } = new SqliteStore(openDatabase(':memory:'), { clock: new ManualClock() });
  await jobs.enqueue([
    { queue: 'q', orderingKey: 'Lead:00Q1', payload: { change: { recordId: '00Q1', operation: 'insert' } } },
    { queue: 'q', orderingKey: 'Lead:00Q2', payload: { change: { recordId: '00Q2', operation: 'update' } } }
  ]);
  for (const job of await jobs.claim('q', 60_000, 2))
    await jobs.fail(job.id, job.fencingToken, { message: 'Email: "x" is not an email address', retriable: false });
  return jobs;
}

describe('npm run dead-letters', () => {
  it('lists dead letters with their record, operation and reason', async () => {
    const { lines, exitCode } = await deadLetterCommand(['list'], await storeWithDeadLetters());
    expect(exitCode).toBe(0);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^1\t.*\tLead:00Q1\tinsert\tafter 1 attempt\(s\): Email: "x" is not an email address$/);
  });

  it('queues one dead letter again, or all of them', async () => {
    const jobs = await storeWithDeadLetters();
    expect(await deadLetterCommand(['retry', '1'], jobs)).toEqual({ lines: ['Queued again: 1 job(s).'], exitCode: 0 });
    expect(await jobs.listDead()).toHaveLength(1);
    expect((await deadLetterCommand(['retry', 'all'], jobs)).exitCode).toBe(0);
    expect(await jobs.counts('q')).toEqual({ pending: 2, running: 0, dead: 0 });
  });

  it('drops a dead letter, and says so when there is none', async () => {
    const jobs = await storeWithDeadLetters();
    expect(await deadLetterCommand(['drop', '2'], jobs)).toEqual({ lines: ['Dropped 2.'], exitCode: 0 });
    expect(await deadLetterCommand(['drop', '2'], jobs)).toEqual({ lines: ['No dead letter 2.'], exitCode: 1 });
  });

  it('explains its usage for anything else', async () => {
    expect((await deadLetterCommand(['resurrect'], await storeWithDeadLetters())).exitCode).toBe(2);
    expect((await deadLetterCommand(['retry', 'many'], await storeWithDeadLetters())).exitCode).toBe(2);
  });

  it('reads the connection named with --connection, wherever it is given', () => {
    expect(connectionOption(['--connection', 'c_prod', 'retry', 'all'])).toEqual({
      connectionId: 'c_prod',
      rest: ['retry', 'all']
    });
    expect(connectionOption(['list', '--connection', 'c_uat'])).toEqual({ connectionId: 'c_uat', rest: ['list'] });
    expect(connectionOption(['list'])).toEqual({ connectionId: undefined, rest: ['list'] });
  });
});
