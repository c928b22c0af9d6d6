// A Salesforce → monday recipe on a custom object, end to end against the stand-ins (F6, issue 17): the relay polls
// the object and the changes reach monday through the same queue, planner and writer as pushed ones; a change also
// pushed by a subscriber's trigger (MondaySync.captureChanges()) is applied once; a delete reaches monday.
import { RelayHarness, toColumn } from '../../../test/relay-harness';
import { field } from '../../../dev/standins/salesforce/describe/fields';
import type { CustomObjectPoller } from '../custom-object-poller';

let harness: RelayHarness;
let poller: CustomObjectPoller;

beforeEach(async () => {
  harness = await new RelayHarness().start();
  harness.salesforce.store.defineCustomObject({
    name: 'Invoice__c',
    fields: [field('Amount__c', 'currency'), field('Notes__c', 'textarea')]
  });
  harness.createRecipe(
    {
      mapping: [toColumn('Name', 'name'), toColumn('Amount__c', 'numbers')],
      options: { syncFutureChanges: true, onDelete: 'propagate' }
    },
    { objectApiName: 'Invoice__c', name: 'Invoices to monday' }
  );
  poller = harness.relay.connection.poller;
  await poller.pollOnce();
  harness.clock.advance(1000);
});
afterEach(async () => {
  await harness.stop();
});

const item = () => harness.items()[0];

describe('a custom object polled by the relay', () => {
  it('creates, updates and deletes its item on monday', async () => {
    const invoice = harness.salesforce.store.create('Invoice__c', { Name: 'INV-1', Amount__c: 100 });
    await poller.pollOnce();
    await harness.settle();
    expect(harness.items()).toHaveLength(1);
    expect(item()).toMatchObject({ name: 'INV-1' });
    expect(item()?.values.get('numbers')).toBe('100');

    harness.clock.advance(1000);
    harness.salesforce.store.update('Invoice__c', invoice.id, { Amount__c: 250 });
    await poller.pollOnce();
    await harness.settle();
    expect(item()?.values.get('numbers')).toBe('250');

    harness.clock.advance(1000);
    harness.salesforce.store.remove('Invoice__c', invoice.id);
    await poller.pollOnce();
    await harness.settle();
    expect(harness.items()).toHaveLength(0);
  });

  it('applies a change pushed by a trigger once, though the poll reads it too', async () => {
    const invoice = harness.salesforce.store.create('Invoice__c', { Name: 'INV-2', Amount__c: 10 });
    await poller.pollOnce();
    await harness.settle();
    harness.clock.advance(1000);
    const edited = harness.salesforce.store.update('Invoice__c', invoice.id, { Amount__c: 20 });
    // The subscriber's trigger pushes it first (within seconds), as the package's triggers do for standard objects.
    expect(
      await harness.sendChanges('Invoice__c', [
        {
          recordId: invoice.id,
          operation: 'update',
          systemModstamp: String(edited.values.SystemModstamp).replace('Z', '+0000'),
          changedFields: ['Amount__c'],
          values: { Name: 'INV-2', Amount__c: 20 }
        }
      ])
    ).toBe(202);
    await harness.settle();
    expect(item()?.values.get('numbers')).toBe('20');
    // The poll then reads the same version: nothing left to send, no job.
    expect((await poller.pollOnce())[0]).toMatchObject({ objectApiName: 'Invoice__c', changes: 0 });
    expect(harness.items()).toHaveLength(1);
  });
});
