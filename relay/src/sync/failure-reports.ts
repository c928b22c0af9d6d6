// B1, no silent failure: a change given up is told where people work. In Salesforce, the monday Sync Log (with the
// record, the recipe, the error's code and whether a retry might have passed) and the link's status on the record
// page; on monday, a note on the item, saying what to fix. What is reported, and with which code, is the failure
// policy's decision (./failure-policy.ts `deadLetterReport`); this writes it, through the writers.
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { RecordChangeJob } from '../intake/change-intake';
import type { MondayEvent } from '../intake/monday-webhooks';
import type { LinkRepository } from '../store/ports';
import type { MondayWriter } from '../write/monday-writer';
import type { SalesforceWriter } from '../write/salesforce-writer';
import type { DeadLetterReport } from './failure-policy';
import type { RecipeSource } from './recipe-source';

export interface FailureReportsParts {
  recipes: RecipeSource;
  links: LinkRepository;
  salesforceWriter: SalesforceWriter;
  mondayWriter: MondayWriter;
  clock: Clock;
  logger: Logger;
}

export class FailureReports {
  constructor(private readonly parts: FailureReportsParts) {}

  /** A Salesforce → monday change given up: the sync log, the link's status, a note on the item when it has one. */
  async recordChange(payload: RecordChangeJob, report: DeadLetterReport): Promise<void> {
    const recipes = await this.parts.recipes.forObject(payload.objectApiName, 'Salesforce_to_monday').catch(() => []);
    for (const recipe of recipes) {
      const link = await this.parts.links.find(recipe.id, payload.change.recordId);
      try {
        await this.parts.salesforceWriter.logFailure({
          recordId: payload.change.recordId,
          objectApiName: payload.objectApiName,
          recipeId: recipe.id,
          ...(link ? { itemId: link.itemId } : {}),
          direction: 'Salesforce_to_monday',
          errorCode: report.code,
          reason: report.reason,
          retriable: report.retriable,
          occurredAt: new Date(this.parts.clock.now())
        });
        if (link) {
          await this.parts.links.save({ ...link, lastStatus: 'Failed', lastError: report.reason });
          await this.parts.mondayWriter.postNote(
            link.itemId,
            `Salesforce could not be synced to this item: ${report.reason}. Fix the record in Salesforce, or the recipe "${recipe.name}", and save the record again.`
          );
        }
      } catch (reportError) {
        this.parts.logger.error(
          { err: reportError, recordId: payload.change.recordId },
          'the failure could not be reported'
        );
      }
    }
  }

  /** A monday → Salesforce change given up: the sync log, and a note on the item. */
  async boardEvent(event: MondayEvent, report: DeadLetterReport): Promise<void> {
    const itemId = String(event.pulseId ?? event.itemId);
    const recipes = (await this.parts.recipes.all().catch(() => [])).filter(
      (recipe) => recipe.direction === 'monday_to_Salesforce' && recipe.boardId === String(event.boardId)
    );
    for (const recipe of recipes) {
      try {
        const link = await this.parts.links.findByItem(recipe.id, itemId);
        await this.parts.salesforceWriter.logFailure({
          recordId: link?.recordId ?? '',
          objectApiName: recipe.objectApiName,
          recipeId: recipe.id,
          itemId,
          direction: 'monday_to_Salesforce',
          errorCode: report.code,
          reason: report.reason,
          retriable: report.retriable,
          occurredAt: new Date(this.parts.clock.now())
        });
        await this.parts.mondayWriter.postNote(
          itemId,
          `This item could not be synced to Salesforce: ${report.reason}. Fix it on the board (or the recipe "${recipe.name}") and change the item again.`
        );
      } catch (reportError) {
        this.parts.logger.error({ err: reportError, itemId }, 'the failure could not be reported');
      }
    }
  }
}
