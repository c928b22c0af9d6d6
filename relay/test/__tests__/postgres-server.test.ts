// The PostgreSQL test server's search for its binaries: PATH first, then Debian's versioned folders, newest first;
// none found is an error that says how to install PostgreSQL, so the PostgreSQL tests fail rather than skip.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresNotInstalledError, findPostgresBinaries } from '../postgres-server';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'postgres-binaries-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

function install(bin: string, tools = ['initdb', 'pg_ctl', 'postgres']): string {
  mkdirSync(bin, { recursive: true });
  for (const tool of tools) {
    writeFileSync(join(bin, tool), '#!/bin/sh\n');
    chmodSync(join(bin, tool), 0o755);
  }
  return bin;
}

describe('finding PostgreSQL', () => {
  it('takes the PATH first', () => {
    const onPath = install(join(folder, 'path'));
    install(join(folder, 'lib', '15', 'bin'));
    expect(findPostgresBinaries(`/nowhere:${onPath}`, join(folder, 'lib'))).toBe(onPath);
  });

  it("takes Debian's newest versioned folder otherwise", () => {
    install(join(folder, 'lib', '9.6', 'bin'));
    install(join(folder, 'lib', '15', 'bin'));
    install(join(folder, 'lib', '16', 'bin'), ['initdb']);
    expect(findPostgresBinaries('/nowhere', join(folder, 'lib'))).toBe(join(folder, 'lib', '15', 'bin'));
  });

  it('fails, saying how to install PostgreSQL, when it is not installed', () => {
    const search = () => findPostgresBinaries('/nowhere', join(folder, 'lib'));
    expect(search).toThrow(PostgresNotInstalledError);
    expect(search).toThrow(/PostgreSQL is not installed here.*apt-get install postgresql/);
  });
});
