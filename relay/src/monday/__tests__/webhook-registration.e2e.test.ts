// The relay keeps monday webhooks on exactly the boards of its monday → Salesforce recipes.
import { RelayHarness } from '../../../test/relay-harness';
import { webhookEvents } from '../webhook-registration';

let relay: RelayHarness;
afterEach(async () => {
  await relay.stop();
});

const boardWebhooks = () =>
  [...relay.monday.state.webhooks.values()].filter((webhook) => webhook.boardId === relay.board.id);

describe('webhook registration', () => {
  it('registers the webhooks of a board with a pulling recipe, once, and removes them when the recipe goes', async () => {
    relay = await new RelayHarness().start();
    const recipeId = relay.createRecipe(
      { mapping: [{ field: 'LastName', column: 'name', columnType: 'name' }] },
      { direction: 'monday_to_Salesforce' }
    );
    await relay.worker.drain();
    expect(
      boardWebhooks()
        .map((webhook) => webhook.event)
        .sort()
    ).toEqual([...webhookEvents].sort());
    expect(boardWebhooks().every((webhook) => webhook.url === relay.webhookSettings.publicUrl)).toBe(true);

    // A recipe change (as the package reports it) reconciles again: nothing to add.
    await relay.sendChanges(
      'Monday_Recipe__c',
      [
        {
          recordId: recipeId,
          operation: 'update',
          systemModstamp: '2026-11-25T10:00:00.000+0000',
          changedFields: [],
          values: {}
        }
      ],
      'recipe_changes'
    );
    await relay.worker.drain();
    expect(boardWebhooks()).toHaveLength(webhookEvents.length);

    relay.salesforce.store.update('Monday_Recipe__c', recipeId, { Active__c: false });
    await relay.sendChanges(
      'Monday_Recipe__c',
      [
        {
          recordId: recipeId,
          operation: 'update',
          systemModstamp: '2026-11-25T10:00:00.000+0000',
          changedFields: [],
          values: {}
        }
      ],
      'recipe_changes'
    );
    await relay.worker.drain();
    expect(boardWebhooks()).toEqual([]);
  });

  it('registers nothing for boards that only receive (Salesforce → monday recipes)', async () => {
    relay = await new RelayHarness().start();
    relay.createRecipe({ mapping: [{ field: 'LastName', column: 'name', columnType: 'name' }] });
    await relay.worker.drain();
    expect(boardWebhooks()).toEqual([]);
  });
});
