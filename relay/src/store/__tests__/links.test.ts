import { ManualClock } from '../../../test/manual-clock';
import { openDatabase } from '../database';
import { type Link, LinkStore } from '../links';

const link: Omit<Link, 'lastSyncAt'> = {
  recipeId: 'a035g0000000001AAA',
  recordId: '00Q5g0000000001AAA',
  objectApiName: 'Lead',
  boardId: '1000000001',
  itemId: '1000000002',
  itemName: 'Smith',
  itemUrl: null,
  lastStatus: 'Synced',
  lastError: null
};

let clock: ManualClock;
let links: LinkStore;
beforeEach(() => {
  clock = new ManualClock();
  links = new LinkStore(openDatabase(':memory:'), clock);
});

function push(): Link[] {
  const pending = links.unpushed(200);
  links.markPushed(pending);
  return pending;
}

describe('LinkStore', () => {
  it('pushes a new link, and again when its state changes', () => {
    links.save(link);
    expect(push()).toHaveLength(1);
    expect(push()).toEqual([]);
    clock.advance(1000);
    links.save({ ...link, lastStatus: 'Failed', lastError: 'Salesforce: locked' });
    expect(push()).toEqual([expect.objectContaining({ lastStatus: 'Failed', lastError: 'Salesforce: locked' })]);
    clock.advance(1000);
    links.save({ ...link, lastStatus: 'Synced', lastError: null, itemName: 'Smith & Co' });
    expect(push()).toEqual([expect.objectContaining({ itemName: 'Smith & Co', lastStatus: 'Synced' })]);
  });

  it('pushes a link whose only news is a later sync time at most every 15 minutes', () => {
    links.save(link);
    push();
    clock.advance(5 * 60_000);
    links.save(link);
    expect(push()).toEqual([]);
    clock.advance(10 * 60_000);
    links.save(link);
    expect(push()).toEqual([expect.objectContaining({ lastSyncAt: clock.now() })]);
  });

  it('keeps a change made while a push was under way for the next push', () => {
    links.save(link);
    const pending = links.unpushed(200);
    clock.advance(1000);
    links.save({ ...link, lastStatus: 'Failed', lastError: 'refused' });
    links.markPushed(pending);
    expect(links.unpushed(200)).toEqual([expect.objectContaining({ lastStatus: 'Failed' })]);
  });
});
