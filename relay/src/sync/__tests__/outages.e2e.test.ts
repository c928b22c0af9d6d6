// An outage of monday or Salesforce holds the work that needs it: nothing is dead-lettered for it, the relay probes
// the service one request at a time at growing intervals instead of retrying every change, says so on /readyz, and
// resumes in order when the service answers again.
import { RelayHarness, leadChange, toColumn } from '../../../test/relay-harness';
import { mondayEventsQueue } from '../../intake/monday-webhooks';

let relay: RelayHarness;
afterEach(async () => {
  await relay.stop();
});

const idOf = (index: number) => `00Q5g0000000${String(index).padStart(3, '0')}EAA`;
const readiness = async () =>
  (await (await fetch(`${relay.url}/readyz`)).json()) as { checks: Record<string, boolean> };

/** The relay works through `minutes` of an outage, looking every 5 seconds, as its timer would. */
async function through(minutes: number) {
  for (let elapsed = 0; elapsed < minutes * 60_000; elapsed += 5_000) {
    relay.clock.advance(5_000);
    await relay.settle();
  }
}

describe('an outage', () => {
  it('of monday holds the Salesforce changes, probes monday once at a time, and creates them all in order after', async () => {
    relay = await new RelayHarness().start();
    relay.createRecipe({
      mapping: [toColumn('LastName', 'name'), toColumn('Company', 'text')],
      options: { syncFutureChanges: true }
    });
    await relay.settle();
    relay.monday.faults.outage = 503;
    const before = relay.monday.requestCount;
    await relay.sendChanges(
      'Lead',
      Array.from({ length: 100 }, (_, index) =>
        leadChange(idOf(index), 'insert', { LastName: `Lead ${index}`, Company: 'Acme' })
      )
    );
    await through(20);
    // Twenty minutes down: nothing dead, and about one request a minute once the probes are a minute apart.
    expect(await relay.jobs.listDead()).toEqual([]);
    expect(relay.monday.requestCount - before).toBeLessThanOrEqual(30);
    expect((await readiness()).checks).toMatchObject({ monday: false, salesforce: true, store: true });
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toMatch(/relay_job_failures_total\{treatment="hold"\} [1-9]/);
    expect(metrics).toContain('relay_service_up{service="monday"} 0');

    relay.monday.faults.outage = undefined;
    await through(2);
    expect(relay.items().map((item) => item.name)).toEqual(Array.from({ length: 100 }, (_, index) => `Lead ${index}`));
    expect(await relay.jobs.listDead()).toEqual([]);
    expect((await readiness()).checks).toMatchObject({ monday: true });
  });

  it('of Salesforce holds the board changes, probes Salesforce once at a time, and writes them all after', async () => {
    relay = await new RelayHarness().start();
    await relay.pullFromBoard([toColumn('LastName', 'name'), toColumn('Company', 'text')]);
    relay.salesforce.faults.outage = 503;
    const before = relay.salesforce.requestCount;
    for (let index = 0; index < 50; index += 1) relay.addItem(`Item ${index}`, { text: 'Acme' });
    await through(20);
    expect(await relay.jobs.listDead()).toEqual([]);
    expect(relay.salesforce.requestCount - before).toBeLessThanOrEqual(30);
    expect(await relay.jobs.counts(mondayEventsQueue)).toMatchObject({ pending: 50, dead: 0 });
    expect((await readiness()).checks).toMatchObject({ salesforce: false, monday: true });
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toContain('relay_queue_depth{queue="monday-item-changes",state="pending"} 50');
    // Nothing was reported as a failure on the board for an outage.
    expect(relay.monday.state.updates).toEqual([]);

    relay.salesforce.faults.outage = undefined;
    await through(2);
    expect(relay.records('Lead')).toHaveLength(50);
    expect(await relay.jobs.counts(mondayEventsQueue)).toMatchObject({ pending: 0, dead: 0 });
    expect((await readiness()).checks).toMatchObject({ salesforce: true });
  });

  it('of the concurrent-request kind is a short wait for the one request, not a pause of all the work', async () => {
    relay = await new RelayHarness().start();
    await relay.pullFromBoard([toColumn('LastName', 'name'), toColumn('Company', 'text')]);
    relay.salesforce.refuseConcurrentRequests(1);
    relay.addItem('Smith', { text: 'Acme' });
    await relay.settle();
    expect(relay.records('Lead')).toEqual([]);
    expect(relay.worker.pausedUntil).toBe(0);
    relay.clock.advance(5_000);
    await relay.settle();
    expect(relay.records('Lead')).toEqual([expect.objectContaining({ LastName: 'Smith' })]);
  });
});
