// A store that cannot be used stops the relay, or refuses a write, with a message that names the file and says what
// to do: a folder that is not there (or not a folder), a damaged file, a store of a newer relay, a full disk.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RelayHarness, leadChange } from '../../../test/relay-harness';
import { StoreError } from '../../core/errors';
import { openDatabase } from '../database';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'store-failures-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

const openingFails = (path: string) => {
  try {
    openDatabase(path).close();
  } catch (error) {
    return error;
  }
  throw new Error('it opened');
};

describe('a store that cannot be used', () => {
  it('is a folder that is a file: says which and what to do', () => {
    writeFileSync(join(folder, 'data'), 'not a folder');
    const error = openingFails(join(folder, 'data', 'relay.sqlite'));
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(
      /data\/relay\.sqlite cannot be opened .*not a folder\. Create it, or set RELAY_DATA_DIR/
    );
  });

  it('is a damaged file: says so, and how to start again', () => {
    const file = join(folder, 'relay.sqlite');
    writeFileSync(file, 'this is not an SQLite file, whatever it once was. '.repeat(200));
    expect((openingFails(file) as Error).message).toMatch(
      /relay\.sqlite is not a relay store, or is damaged \(SQLITE_NOTADB\): restore it from a backup, or move it aside/
    );
  });

  it('is a store of a newer relay: refused, not opened and answering 500 for ever', () => {
    const file = join(folder, 'relay.sqlite');
    const db = openDatabase(file);
    db.pragma('user_version = 999');
    db.close();
    expect((openingFails(file) as Error).message).toMatch(
      /relay\.sqlite was written by a newer version of the relay \(store version 999; this one knows up to \d+\): run that version/
    );
  });

  it('is full: a batch is answered 503 saying so (Salesforce sends it again), and /readyz says the store is not ready', async () => {
    const relay = await new RelayHarness().start();
    try {
      // SQLite's own limit on the file's pages: past it, writes fail as on a full disk (SQLITE_FULL).
      relay.db.pragma(`max_page_count = ${String(relay.db.pragma('page_count', { simple: true }))}`);
      const changes = Array.from({ length: 500 }, (_, index) =>
        leadChange(`00Q5g00000${String(index).padStart(5, '0')}EAA`, 'insert', { LastName: 'x'.repeat(200) })
      );
      expect(await relay.sendChanges('Lead', changes)).toBe(503);
      expect((await relay.jobs.counts('salesforce-record-changes')).pending).toBe(0);
      const ready = await fetch(`${relay.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ checks: { store: false } });
      // Space again: the next batch goes in, and the store is ready.
      relay.db.pragma('max_page_count = 1073741823');
      expect(await relay.sendChanges('Lead', changes.slice(0, 1))).toBe(202);
      expect((await fetch(`${relay.url}/readyz`)).status).toBe(200);
    } finally {
      await relay.stop();
    }
  });
});
