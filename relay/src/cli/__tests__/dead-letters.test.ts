import { ManualClock } from '../../../test/manual-clock';
import { openDatabase } from '../../store/database';
import { SqliteJobStore } from '../../store/sqlite-job-store';
import { deadLetterCommand } from '../dead-letters';

function storeWithDeadLetters() {
  const jobs = new SqliteJobStore(openDatabase(':memory:'), { clock: new ManualClock() });
  jobs.enqueue([
    { queue: 'q', orderingKey: 'Lead:00Q1', payload: { change: { recordId: '00Q1', operation: 'insert' } } },
    { queue: 'q', orderingKey: 'Lead:00Q2', payload: { change: { recordId: '00Q2', operation: 'update' } } }
  ]);
  for (const job of jobs.claim('q', 60_000, 2))
    jobs.fail(job.id, job.fencingToken, { message: 'Email: "x" is not an email address', retriable: false });
  return jobs;
}

describe('npm run dead-letters', () => {
  it('lists dead letters with their record, operation and reason', () => {
    const { lines, exitCode } = deadLetterCommand(['list'], storeWithDeadLetters());
    expect(exitCode).toBe(0);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^1\t.*\tLead:00Q1\tinsert\tafter 1 attempt\(s\): Email: "x" is not an email address$/);
  });

  it('queues one dead letter again, or all of them', () => {
    const jobs = storeWithDeadLetters();
    expect(deadLetterCommand(['retry', '1'], jobs)).toEqual({ lines: ['Queued again: 1 job(s).'], exitCode: 0 });
    expect(jobs.listDead()).toHaveLength(1);
    expect(deadLetterCommand(['retry', 'all'], jobs).exitCode).toBe(0);
    expect(jobs.counts('q')).toEqual({ pending: 2, running: 0, dead: 0 });
  });

  it('drops a dead letter, and says so when there is none', () => {
    const jobs = storeWithDeadLetters();
    expect(deadLetterCommand(['drop', '2'], jobs)).toEqual({ lines: ['Dropped 2.'], exitCode: 0 });
    expect(deadLetterCommand(['drop', '2'], jobs)).toEqual({ lines: ['No dead letter 2.'], exitCode: 1 });
  });

  it('explains its usage for anything else', () => {
    expect(deadLetterCommand(['resurrect'], storeWithDeadLetters()).exitCode).toBe(2);
    expect(deadLetterCommand(['retry', 'many'], storeWithDeadLetters()).exitCode).toBe(2);
  });
});
