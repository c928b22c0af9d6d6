import { ManualClock } from '../../../test/manual-clock';
import { openDatabase } from '../database';
import { SyncedValues } from '../synced-values';

const record = '00Q000000000001AAA';
let synced: SyncedValues;
beforeEach(() => {
  synced = new SyncedValues(openDatabase(':memory:'), new ManualClock());
});

describe('SyncedValues', () => {
  it('names as changed the fields whose value differs from the last synced one, and those never synced', () => {
    synced.remember('board-1', record, { Company: 'Acme', AnnualRevenue: 1200, Street: null });
    expect(
      synced.compare('board-1', record, { Company: 'Acme', AnnualRevenue: 1300, Street: null, Email: 'a@b.example' })
    ).toEqual({ changed: ['AnnualRevenue', 'Email'], neverSynced: ['Email'] });
  });

  it('keeps what each board holds apart: a record on two boards is synced with each on its own', () => {
    synced.remember('board-1', record, { Company: 'Acme' });
    synced.remember('board-2', record, { Company: 'Globex' });
    expect(synced.compare('board-1', record, { Company: 'Globex' }).changed).toEqual(['Company']);
    expect(synced.compare('board-2', record, { Company: 'Globex' }).changed).toEqual([]);
  });

  it('takes the last value remembered, compares objects by value, and forgets a record on every board', () => {
    const address = { street: '1 Main St', city: 'Paris' };
    synced.remember('board-1', record, { Company: 'Acme', Address: address });
    synced.remember('board-1', record, { Company: 'Initech' });
    synced.remember('board-2', record, { Company: 'Initech' });
    expect(synced.compare('board-1', record, { Company: 'Initech', Address: { ...address } }).changed).toEqual([]);
    synced.forget(record);
    expect(synced.compare('board-1', record, { Company: 'Initech' }).neverSynced).toEqual(['Company']);
    expect(synced.compare('board-2', record, { Company: 'Initech' }).neverSynced).toEqual(['Company']);
  });
});
