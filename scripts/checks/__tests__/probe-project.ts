import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..', '..');

export const classMeta = `<?xml version="1.0" encoding="UTF-8"?>
<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>65.0</apiVersion>
    <status>Active</status>
</ApexClass>
`;

/** A throwaway Salesforce project (sfdx-project.json, .forceignore, force-app) that a test fills with files. */
export class ProbeProject {
  readonly dir = mkdtempSync(join(tmpdir(), 'gate-probe-'));
  readonly sourceDir = join(this.dir, 'force-app');

  constructor() {
    copyFileSync(join(repoRoot, 'sfdx-project.json'), join(this.dir, 'sfdx-project.json'));
    copyFileSync(join(repoRoot, '.forceignore'), join(this.dir, '.forceignore'));
    mkdirSync(this.sourceDir);
  }

  /** Writes `content` at `path`, relative to force-app/main/default; returns the absolute path. */
  write(path: string, content: string): string {
    const file = join(this.sourceDir, 'main', 'default', path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  }

  /** Writes an Apex class with its meta file. */
  writeClass(name: string, source: string): string {
    this.write(`classes/${name}.cls-meta.xml`, classMeta);
    return this.write(`classes/${name}.cls`, source);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
