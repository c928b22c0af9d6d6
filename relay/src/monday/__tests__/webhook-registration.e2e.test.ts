// The relay keeps monday webhooks on exactly the boards of its monday → Salesforce recipes.
import { RelayHarness, toColumn } from '../../../test/relay-harness';
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

    relay.salesforce.org.update('Monday_Recipe__c', recipeId, { Active__c: false });
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

  it('finds a webhook a person deleted on monday, says so on /readyz until it is back, and catches up what it missed', async () => {
    relay = await new RelayHarness().start();
    await relay.pullFromBoard([toColumn('LastName', 'name'), toColumn('Company', 'text')]);
    const item = relay.addItem('Smith', { text: 'Acme' });
    await relay.settle();
    expect(relay.records('Lead')).toEqual([expect.objectContaining({ Company: 'Acme' })]);

    // Someone removes the board's "column changed" webhook in monday: the next edit reaches nobody.
    const changed = boardWebhooks().find((webhook) => webhook.event === 'change_column_value')!;
    relay.monday.state.webhooks.delete(changed.id);
    relay.editItem(item.id, { text: 'Globex' });
    await relay.settle();
    expect(relay.records('Lead')[0]!.Company).toBe('Acme');

    // The next check finds it gone; creating it again fails for now (monday cannot reach the endpoint).
    const publicUrl = relay.webhookSettings.publicUrl;
    relay.webhookSettings.publicUrl = `${publicUrl}-unreachable`;
    relay.clock.advance(10 * 60_000);
    await relay.settle();
    const notReady = await fetch(`${relay.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ checks: { webhooks: false } });

    // monday can reach it again: the webhook is back, the missed edit caught up by the poll, the relay ready.
    relay.webhookSettings.publicUrl = publicUrl;
    relay.clock.advance(10 * 60_000);
    await relay.settle();
    expect(boardWebhooks().filter((webhook) => webhook.event === 'change_column_value')).toHaveLength(1);
    expect(relay.records('Lead')[0]!.Company).toBe('Globex');
    expect(await (await fetch(`${relay.url}/readyz`)).json()).toMatchObject({ checks: { webhooks: true } });
  });
});
