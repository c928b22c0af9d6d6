// The relay's operational surface: metrics after real work, and a graceful shutdown that loses nothing.
import { RelayHarness, leadChange } from '../../../test/relay-harness';

let relay: RelayHarness;
beforeEach(async () => {
  relay = await new RelayHarness().start();
  relay.createRecipe({
    mapping: [{ field: 'LastName', column: 'name', columnType: 'name' }],
    options: { syncFutureChanges: true }
  });
});
afterEach(async () => {
  await relay.stop();
});

describe('operations', () => {
  it('counts changes received and applied, and reports queue depth and API budgets at /metrics', async () => {
    await relay.sendChanges('Lead', [
      leadChange('00Q5g0000000001EAA', 'insert', { LastName: 'Smith' }),
      leadChange('00Q5g0000000002EAA', 'insert', { LastName: 'Jones' })
    ]);
    await relay.worker.drain();
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toContain('relay_changes_received_total 2');
    expect(metrics).toContain('relay_changes_applied_total{outcome="create"} 2');
    expect(metrics).toMatch(/relay_queue_depth\{queue="salesforce-record-changes",state="pending"\} 0/);
    expect(metrics).toMatch(/relay_monday_complexity_remaining \d+/);
    expect(metrics).toMatch(/relay_salesforce_api_used \d+/);
  });

  it('stops gracefully: jobs claimed but not started go back to the queue with their attempts intact', async () => {
    await relay.sendChanges('Lead', [leadChange('00Q5g0000000001EAA', 'insert', { LastName: 'Smith' })]);
    await relay.worker.stop();
    expect(await relay.worker.runOnce()).toBe(1);
    expect(await relay.jobs.counts('salesforce-record-changes')).toEqual({ pending: 1, running: 0, dead: 0 });
    expect(relay.items()).toHaveLength(0);
  });
});
