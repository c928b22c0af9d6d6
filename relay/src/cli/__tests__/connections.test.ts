import { ManualClock } from '../../../test/manual-clock';
import type { ConnectionRecord } from '../../connections/connection-record';
import { openDatabase } from '../../store/database';
import { SqliteStore } from '../../store/sqlite-store';
import { connectionsCommand } from '../connections';

const record = (id: string, state: ConnectionRecord['state']): ConnectionRecord => ({
  id,
  createdAt: 0,
  state,
  salesforce: {
    loginUrl: 'https://acme--uat.sandbox.my.salesforce.com',
    instanceUrl: 'https://acme--uat.sandbox.my.salesforce.com',
    orgId: '00D5g00000AAAAAEAA',
    userId: '0055g00000AAAAAAAA',
    username: 'admin@acme.com.uat',
    sandbox: true,
    authorizedAt: 0
  },
  monday: { kind: 'token', accountId: '1', accountName: 'Acme', userId: '7', authorizedAt: 0 },
  ...(state === 'disconnected' ? { disconnectedAt: Date.UTC(2026, 11, 1) } : {})
});

async function storeWith(): Promise<SqliteStore> {
  const store = new SqliteStore(openDatabase(':memory:'), { clock: new ManualClock() });
  await store.connections.put('c_activeconnection', JSON.stringify(record('c_activeconnection', 'active')));
  await store.connections.put('c_goneconnection', JSON.stringify(record('c_goneconnection', 'disconnected')));
  await store.forConnection('c_goneconnection').jobs.enqueue([{ queue: 'q', orderingKey: 'Lead:1', payload: 1 }]);
  await store.forConnection('c_activeconnection').jobs.enqueue([{ queue: 'q', orderingKey: 'Lead:1', payload: 1 }]);
  return store;
}

describe('npm run connections', () => {
  it('lists the connections with their state, org and monday account', async () => {
    const { lines, exitCode } = await connectionsCommand(['list'], (await storeWith()).connections);
    expect(exitCode).toBe(0);
    expect(lines).toEqual([
      'c_activeconnection\tactive\tadmin@acme.com.uat (org 00D5g00000AAAAAEAA, sandbox)\tmonday Acme',
      'c_goneconnection\tdisconnected since 2026-12-01T00:00:00.000Z\tadmin@acme.com.uat (org 00D5g00000AAAAAEAA, sandbox)\tmonday Acme'
    ]);
  });

  it("deletes a disconnected connection's data, and nothing else", async () => {
    const store = await storeWith();
    const { lines, exitCode } = await connectionsCommand(['delete', 'c_goneconnection'], store.connections);
    expect(exitCode).toBe(0);
    expect(lines[0]).toMatch(/^Deleted c_goneconnection and everything kept for it \(\d+ rows\)\.$/);
    expect(await store.connections.get('c_goneconnection')).toBeUndefined();
    expect((await store.forConnection('c_goneconnection').jobs.counts('q')).pending).toBe(0);
    expect((await store.forConnection('c_activeconnection').jobs.counts('q')).pending).toBe(1);
  });

  it('refuses to delete a connection that is not disconnected, or one that does not exist', async () => {
    const store = await storeWith();
    const active = await connectionsCommand(['delete', 'c_activeconnection'], store.connections);
    expect(active.exitCode).toBe(1);
    expect(active.lines[0]).toContain('is not disconnected');
    expect(await store.connections.get('c_activeconnection')).toBeDefined();
    expect((await store.forConnection('c_activeconnection').jobs.counts('q')).pending).toBe(1);
    expect(await connectionsCommand(['delete', 'c_nosuchconnection'], store.connections)).toEqual({
      lines: ['No connection c_nosuchconnection.'],
      exitCode: 1
    });
    expect((await connectionsCommand(['delete'], store.connections)).exitCode).toBe(2);
    expect((await connectionsCommand(['purge'], store.connections)).exitCode).toBe(2);
  });
});
