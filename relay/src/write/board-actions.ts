// Carries out the planned board actions (Salesforce → monday): board by board, one board's writes in sequence (monday
// asks for that; across relays sharing a PostgreSQL store, a lease on the board keeps it so), the
// creates and the updates of a board in aliased batches of up to 25 mutations per request, so a backlog costs a
// request per batch rather than per record. Each alias answers on its own: a refused item fails its own job only.
// Creates are marked pending before they are sent and settled by their answer, so that an item whose answer never
// came is looked up before it is made again (../store/pending-creates.ts).
import { MondayUnavailableError } from '../monday/errors';
import type { SalesforceColumns } from '../monday/salesforce-column';
import type { LeaseRepository, LinkRepository, PendingCreateRepository } from '../store/ports';
import type { BoardAction } from '../plan/record-change-plan';
import { type MondayWriter, maxMutationsPerRequest } from './monday-writer';

export interface PlannedJob {
  jobId: number;
  actions: BoardAction[];
}

/** Per job: undefined when all its actions were carried out, the error that stopped one otherwise, 'not-run' when
 * its board's writes stopped before reaching it. */
export type WriteResult = Map<number, unknown>;
export const notRun = Symbol('not-run');

type Tagged<Kind extends BoardAction['kind']> = { jobId: number; action: Extract<BoardAction, { kind: Kind }> };

/** A request of a board failed: its jobs get `cause`, the board's remaining writes do not run. */
class BoardWriteStopped extends Error {
  constructor(
    readonly jobIds: number[],
    override readonly cause: unknown
  ) {
    super('The writes to a board stopped');
  }
}

export interface BoardActionsParts {
  monday: MondayWriter;
  columns: SalesforceColumns;
  links: LinkRepository;
  pendingCreates: PendingCreateRepository;
  /** The board leases: another relay writing a board leaves its jobs here not run (released, no attempt spent). */
  leases: LeaseRepository;
  /** How long a relay may hold a board: longer than a round's writes to one board take, short after a crash. */
  boardLeaseMs: number;
  /** Runs store writes as one transaction: what an answer leaves known is one durable write, not one per record. */
  atomically: (writes: () => Promise<void>) => Promise<void>;
}

export class BoardActions {
  private readonly monday: MondayWriter;
  private readonly links: LinkRepository;
  private readonly pendingCreates: PendingCreateRepository;

  constructor(private readonly parts: BoardActionsParts) {
    this.monday = parts.monday;
    this.links = parts.links;
    this.pendingCreates = parts.pendingCreates;
  }

  private atomically(writes: () => Promise<void>): Promise<void> {
    return this.parts.atomically(writes);
  }

  async write(jobs: PlannedJob[]): Promise<WriteResult> {
    const results: WriteResult = new Map(jobs.map((job) => [job.jobId, undefined]));
    const byBoard = new Map<string, { jobId: number; action: BoardAction }[]>();
    for (const job of jobs) {
      for (const action of job.actions) {
        const list = byBoard.get(action.boardId) ?? [];
        list.push({ jobId: job.jobId, action });
        byBoard.set(action.boardId, list);
      }
    }
    let unavailable: unknown;
    for (const [boardId, tagged] of byBoard) {
      const carriedOut = new Set<BoardAction>();
      try {
        // monday did not answer for one board: the others are not tried in this round (their jobs wait, unspent).
        if (unavailable) throw new BoardWriteStopped([], unavailable);
        const lease = await this.parts.leases.acquire(`board:${boardId}`, this.parts.boardLeaseMs);
        // Another relay is writing this board: its jobs wait for a later round, unspent.
        if (!lease) throw new BoardWriteStopped([], undefined);
        try {
          await this.writeBoard(boardId, tagged, results, carriedOut);
        } finally {
          await this.parts.leases.release(lease);
        }
      } catch (error) {
        if (!(error instanceof BoardWriteStopped)) throw error;
        if (error.cause instanceof MondayUnavailableError) unavailable = error.cause;
        // The jobs of the failed request carry its error; the board's actions not carried out yet did not run.
        // Actions already carried out stand: their jobs are done.
        for (const { jobId, action } of tagged) {
          if (results.get(jobId) !== undefined || carriedOut.has(action)) continue;
          results.set(jobId, error.jobIds.includes(jobId) ? error.cause : notRun);
        }
      }
    }
    return results;
  }

  private async writeBoard(
    boardId: string,
    tagged: { jobId: number; action: BoardAction }[],
    results: WriteResult,
    carriedOut: Set<BoardAction>
  ): Promise<void> {
    const skip = (jobId: number) => results.get(jobId) !== undefined;
    await this.atomically(async () => {
      for (const { jobId, action } of tagged) {
        if (action.kind !== 'link' || skip(jobId)) continue;
        await this.saveLink(action, action.itemId, action.itemName, action.itemUrl, null);
        carriedOut.add(action);
      }
    });
    const creates = tagged.filter((entry): entry is Tagged<'create'> => entry.action.kind === 'create');
    if (creates.length > 0) await this.attempt(creates, () => this.parts.columns.ensure(boardId));
    for (const batch of this.batches(creates, 'CreateItems')) {
      const records = batch.map(({ action }) => ({ boardId, recordId: action.recordId }));
      await this.pendingCreates.mark(records);
      await this.attempt(batch, async () => {
        // The key names each record with what is asked for it: the same batch sent again is answered from monday's
        // cache (30 minutes), while a corrected record is a new request, not a replay of the refusal its first
        // content got. A batch split differently on a retry is a new request too: the pending marks, not the key,
        // keep it from creating twice.
        const answers = await this.monday.createItems(
          boardId,
          batch.map(({ action }) => createInput(action)),
          {
            createLabels: batch.some(({ action }) => action.recipe.definition.options.createLabelsIfMissing),
            keyParts: batch.map(
              ({ action }) => `${action.recipe.id}:${action.recordId}:${JSON.stringify(createInput(action))}`
            )
          }
        );
        await this.atomically(async () => {
          for (const [index, { jobId, action }] of batch.entries()) {
            const answer = answers[index];
            if (answer?.ok) {
              await this.saveLink(
                action,
                answer.value.id,
                answer.value.name,
                answer.value.url ?? null,
                action.snapshot
              );
              carriedOut.add(action);
            } else if (answer) results.set(jobId, answer.error);
          }
          // Answered: each item was made and linked, or refused. Nothing is unknown any more.
          await this.pendingCreates.clear(records);
        });
      });
    }
    const updates = tagged.filter(
      (entry): entry is Tagged<'update'> => entry.action.kind === 'update' && !skip(entry.jobId)
    );
    for (const batch of this.batches(updates, 'ChangeValues')) {
      await this.attempt(batch, async () => {
        // The job id is part of the key: a retried job keeps it, while a later change that sets the item back to an
        // earlier value (A → B → A within monday's 30 minutes) is a new write, not a replay of the first.
        const answers = await this.monday.changeColumns(
          boardId,
          batch.map(({ action }) => ({ itemId: action.link.itemId, values: action.values })),
          {
            createLabels: batch.some(({ action }) => action.recipe.definition.options.createLabelsIfMissing),
            keyKind: 'update',
            keyParts: batch.map(
              ({ jobId, action }) => `${jobId}:${action.link.itemId}:${JSON.stringify(action.values)}`
            )
          }
        );
        await this.atomically(async () => {
          for (const [index, { jobId, action }] of batch.entries()) {
            const answer = answers[index];
            if (answer?.ok) {
              const name = action.values.name;
              // The link read at planning time: the snapshot stored since is the one to add these columns to.
              const stored = (await this.links.find(action.recipe.id, action.recordId)) ?? action.link;
              await this.pendingCreates.clear([{ boardId, recordId: action.recordId }]);
              await this.links.save({
                ...stored,
                lastStatus: 'Synced',
                lastError: null,
                itemName: typeof name === 'string' ? name : stored.itemName,
                snapshot: { ...stored.snapshot, ...action.snapshot }
              });
              carriedOut.add(action);
            } else if (answer) results.set(jobId, answer.error);
          }
        });
      });
    }
    for (const entry of tagged) {
      const { jobId, action } = entry;
      if ((action.kind !== 'archive' && action.kind !== 'delete') || skip(jobId)) continue;
      const key = `${action.kind}:${action.recipe.id}:${action.itemId}`;
      await this.attempt([entry], () =>
        action.kind === 'archive'
          ? this.monday.archiveItem(action.itemId, key)
          : this.monday.deleteItem(action.itemId, key)
      );
      carriedOut.add(action);
    }
  }

  /**
   * Batches of at most 25, each no larger than the complexity budget left can pay for (so that the minute's budget is
   * used up rather than a full batch waiting for the reset); a batch that cannot fit at all is sent whole, and the
   * client holds it back until the reset.
   */
  private *batches<T>(entries: T[], operationName: string): Generator<T[]> {
    let next = 0;
    while (next < entries.length) {
      const affordable = this.monday.affordableMutations(operationName);
      const size = Math.min(
        maxMutationsPerRequest,
        affordable === undefined || affordable === 0 ? maxMutationsPerRequest : affordable
      );
      yield entries.slice(next, next + size);
      next += size;
    }
  }

  /** Runs one request for these jobs; a thrown error stops the board's writes and is given to these jobs. */
  private async attempt(batch: { jobId: number }[], run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      throw new BoardWriteStopped(
        batch.map((entry) => entry.jobId),
        error
      );
    }
  }

  private async saveLink(
    action: BoardAction,
    itemId: string,
    itemName: string,
    itemUrl: string | null,
    snapshot: Record<string, string> | null
  ): Promise<void> {
    await this.pendingCreates.clear([{ boardId: action.boardId, recordId: action.recordId }]);
    await this.links.save({
      recipeId: action.recipe.id,
      recordId: action.recordId,
      objectApiName: action.objectApiName,
      boardId: action.boardId,
      itemId,
      itemName,
      itemUrl,
      snapshot,
      lastStatus: 'Synced',
      lastError: null
    });
  }
}

/** What create_item is asked for one record. */
const createInput = (action: Extract<BoardAction, { kind: 'create' }>) => ({
  name: action.itemName,
  columnValues: action.columnValues,
  ...(action.groupId ? { groupId: action.groupId } : {})
});
