// Keeps the boards of monday → Salesforce recipes watched: their webhooks created (at the first round and after the
// recipes change) and, every reconcileEveryMs, checked against monday (one a person deleted is created again), and
// their recently updated items polled, since monday retries a webhook for 30 minutes only and an outage longer than
// that loses changes (../intake/board-reconciliation.ts).
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { BoardReconciliation } from '../intake/board-reconciliation';
import type { WebhookRegistration } from '../monday/webhook-registration';
import type { LeaseRepository } from '../store/ports';
import type { RecipeSource } from './recipe-source';

// monday retries a webhook for 30 minutes: a poll every 10 catches what an outage longer than that lost.
const defaultReconcileEveryMs = 10 * 60_000;
/** Longer than an upkeep round takes (a few requests a board), short after a crash. */
const upkeepLeaseMs = 5 * 60_000;

export interface BoardUpkeepParts {
  webhooks: WebhookRegistration;
  reconciliation: BoardReconciliation;
  recipes: RecipeSource;
  /** One relay at a time keeps the webhooks (two creating them at once would make each twice). */
  leases: LeaseRepository;
  clock: Clock;
  logger: Logger;
  reconcileEveryMs?: number;
}

export class BoardUpkeep {
  /**
   * Webhooks found deleted on monday (by a person) and not created again yet: /readyz reports them, since the board's
   * changes do not reach the relay meanwhile (the poll catches them up afterwards).
   */
  webhooksMissing = 0;
  /** Webhooks are reconciled at the first round and after recipes change, until it succeeds. */
  private webhooksStale = true;
  private nextPollAt = 0;

  constructor(private readonly parts: BoardUpkeepParts) {}

  /** The recipes changed: the webhooks are reconciled at the next round. */
  recipesChanged(): void {
    this.webhooksStale = true;
  }

  /** One round's upkeep: webhooks when stale, the check and the poll when due. Failures wait for the next round. */
  async run(): Promise<void> {
    const lease = await this.parts.leases.acquire('board-upkeep', upkeepLeaseMs);
    // Another relay of the store is at it: it does this round's upkeep.
    if (!lease) return;
    try {
      await this.reconcileWebhooks();
      await this.pollBoards();
    } finally {
      await this.parts.leases.release(lease);
    }
  }

  private async pullingBoards(): Promise<string[]> {
    return [
      ...new Set(
        (await this.parts.recipes.all())
          .filter((recipe) => recipe.direction === 'monday_to_Salesforce')
          .map((recipe) => recipe.boardId)
      )
    ];
  }

  private async pollBoards(): Promise<void> {
    const now = this.parts.clock.now();
    if (now < this.nextPollAt) return;
    this.nextPollAt = now + (this.parts.reconcileEveryMs ?? defaultReconcileEveryMs);
    try {
      const boards = await this.pullingBoards();
      const missing = await this.parts.webhooks.check(boards);
      if (missing > 0) {
        this.webhooksMissing = missing;
        this.webhooksStale = true;
        this.parts.logger.warn(
          { missing },
          'monday webhooks of the sync were deleted on monday: they are created again, and the missed changes polled'
        );
        await this.reconcileWebhooks();
      }
      await this.parts.reconciliation.poll(boards);
    } catch (error) {
      // Tried again at the next poll.
      this.parts.logger.warn({ err: error }, 'the boards could not be polled');
    }
  }

  private async reconcileWebhooks(): Promise<void> {
    if (!this.webhooksStale) return;
    try {
      const { created, deleted } = await this.parts.webhooks.reconcile(await this.pullingBoards());
      this.webhooksStale = false;
      this.webhooksMissing = 0;
      if (created + deleted > 0) this.parts.logger.info({ created, deleted }, 'monday webhooks reconciled');
    } catch (error) {
      // Tried again at the next round.
      this.parts.logger.warn({ err: error }, 'monday webhooks could not be reconciled yet');
    }
  }
}
