// Salesforce → monday, one walk per round of record changes: read (../read/record-changes.ts), plan
// (../plan/record-change-plan.ts, no I/O), then write: the conflicts a plan settled are logged and the board's winning
// values written to the records (../write/salesforce-writer.ts), then the board actions carried out board by board
// (../write/board-actions.ts). Each change gets its own outcome; the worker settles the jobs.
import type { RecordChangeJob } from '../intake/change-intake';
import { type BoardAction, type ChangePlan, planRecordChange } from '../plan/record-change-plan';
import type { RecordChangeReader } from '../read/record-changes';
import type { SyncedValueRepository } from '../store/ports';
import { type BoardActions, type PlannedJob, notRun } from '../write/board-actions';
import type { SalesforceWriter } from '../write/salesforce-writer';
import type { ConflictLog } from './conflicts';

export type { BoardAction } from '../plan/record-change-plan';

export interface SalesforceToMondayParts {
  reader: RecordChangeReader;
  boardActions: BoardActions;
  conflicts: ConflictLog;
  salesforceWriter: SalesforceWriter;
  synced: SyncedValueRepository;
}

/** What became of one change: its actions carried out, the error that stopped it, or not run (released). */
export type ChangeOutcome =
  { kind: 'done'; actions: BoardAction[] } | { kind: 'failed'; error: unknown } | { kind: 'not-run' };

export class SalesforceToMonday {
  constructor(private readonly parts: SalesforceToMondayParts) {}

  /**
   * Reads, plans and writes a round of changes; one outcome per change, in order. `stopped` is asked before each
   * change's writes: once it holds (a pause decided by a failure of this round), the rest are not run.
   */
  async run(jobs: { id: number; change: RecordChangeJob }[], stopped: () => boolean): Promise<ChangeOutcome[]> {
    const outcomes: ChangeOutcome[] = jobs.map(() => ({ kind: 'not-run' }));
    let readings;
    try {
      readings = await this.parts.reader.read(jobs.map((job) => job.change));
    } catch (error) {
      return jobs.map(() => ({ kind: 'failed', error }));
    }
    const planned: PlannedJob[] = [];
    for (const [index, job] of jobs.entries()) {
      const reading = readings[index];
      if (stopped()) continue;
      if (!reading || reading instanceof Error) {
        outcomes[index] = { kind: 'failed', error: reading ?? new Error('The change could not be read') };
        continue;
      }
      try {
        const plan = planRecordChange(reading);
        await this.settleConflicts(plan);
        planned.push({ jobId: job.id, actions: plan.actions });
      } catch (error) {
        outcomes[index] = { kind: 'failed', error };
      }
    }
    const results = await this.parts.boardActions.write(planned);
    for (const { jobId, actions } of planned) {
      const index = jobs.findIndex((job) => job.id === jobId);
      const result = results.get(jobId);
      outcomes[index] =
        result === undefined
          ? { kind: 'done', actions }
          : result === notRun
            ? { kind: 'not-run' }
            : { kind: 'failed', error: result };
    }
    return outcomes;
  }

  /** A plan's settled conflicts: logged first (none goes unrecorded), the board's wins written to the record. */
  private async settleConflicts(plan: ChangePlan): Promise<void> {
    for (const { conflict, winner } of plan.conflicts) await this.parts.conflicts.record(conflict, winner);
    for (const update of plan.recordUpdates)
      await this.parts.salesforceWriter.updateRecord(update.objectApiName, update.recordId, update.values);
    for (const agreed of plan.agreed) await this.parts.synced.remember(agreed.boardId, agreed.recordId, agreed.values);
  }
}
