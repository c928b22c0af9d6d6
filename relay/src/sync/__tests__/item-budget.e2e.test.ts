// monday's hourly budget of item creates and updates ("19,000 items per account per hour",
// https://developer.monday.com/api-reference/docs/importing-items-in-bulk): the relay paces itself to it as it does to
// complexity. What does not fit this hour is held back, never sent to be refused and never failed, and goes when the
// hour's writes age out; the budget left is in /metrics.
import { RelayHarness, leadChange, toColumn } from '../../../test/relay-harness';
import { recordChangesQueue } from '../../intake/change-intake';

let relay: RelayHarness;
afterEach(async () => {
  await relay.stop();
});

it('holds back the creates the hour cannot pay for, and makes them when it can', async () => {
  relay = await new RelayHarness().start({ limits: { itemWritesPerHour: 30 } }, { mondayItemWritesPerHour: 30 });
  relay.createRecipe({ mapping: [toColumn('LastName', 'name')], options: { syncFutureChanges: true } });
  await relay.sendChanges(
    'Lead',
    Array.from({ length: 50 }, (_, index) =>
      leadChange(`00Q5g0000000${String(index).padStart(3, '0')}EAA`, 'insert', { LastName: `Lead ${index}` })
    )
  );
  await relay.settle();
  expect(relay.items()).toHaveLength(30);
  expect(await relay.jobs.counts(recordChangesQueue)).toMatchObject({ pending: 20, dead: 0 });
  // Held back by the relay: monday never had to refuse anything.
  expect(relay.monday.throttledCount).toBe(0);
  const metrics = await (await fetch(`${relay.url}/metrics`)).text();
  expect(metrics).toContain('relay_monday_item_budget_remaining 0');

  relay.clock.advance(61 * 60_000);
  await relay.settle();
  expect(relay.items()).toHaveLength(50);
  expect(await relay.jobs.listDead()).toEqual([]);
  expect(relay.monday.throttledCount).toBe(0);
});
