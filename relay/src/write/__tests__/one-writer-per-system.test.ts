// Each system is written from one place: every monday mutation is sent by write/monday-writer.ts, every Salesforce
// write (POST, PATCH, DELETE, sObject Collections) by write/salesforce-writer.ts. Read from the source, so that a
// write added anywhere else fails here and is moved to its writer.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { documents } from '../../monday/documents';

const sourceRoot = join(__dirname, '..', '..');

function productFiles(): { path: string; text: string }[] {
  return (readdirSync(sourceRoot, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts') && !file.includes('__tests__'))
    .map((file) => ({
      path: relative(sourceRoot, join(sourceRoot, file)),
      text: readFileSync(join(sourceRoot, file), 'utf8')
    }));
}

const mutationNames = Object.entries(documents)
  .filter(([, text]) => text.trimStart().startsWith('mutation'))
  .map(([name]) => name);

/** Where each file sends a monday mutation or writes to Salesforce. */
function writesOutside(writer: string, patterns: RegExp[]): string[] {
  return productFiles()
    .filter(({ path }) => path !== writer)
    .flatMap(({ path, text }) =>
      patterns.filter((pattern) => pattern.test(text)).map((pattern) => `${path}: ${pattern.source}`)
    );
}

describe('one writer per system', () => {
  it('knows the mutations it looks for', () => {
    expect(mutationNames).toEqual(
      expect.arrayContaining([
        'createColumn',
        'changeColumnValues',
        'archiveItem',
        'deleteItem',
        'createUpdate',
        'createWebhook',
        'deleteWebhook'
      ])
    );
  });

  it('sends every monday mutation from write/monday-writer.ts', () => {
    const patterns = [
      ...mutationNames.map((name) => new RegExp(`documents\\.${name}\\b`)),
      /createItemsDocument\(/,
      /changeValuesDocument\(/
    ];
    // documents.ts defines them; the writer sends them.
    const found = writesOutside(join('write', 'monday-writer.ts'), patterns).filter(
      (entry) => !entry.startsWith(join('monday', 'documents.ts'))
    );
    expect(found).toEqual([]);
    const writer = productFiles().find(({ path }) => path === join('write', 'monday-writer.ts'))!;
    expect(patterns.filter((pattern) => !pattern.test(writer.text))).toEqual([]);
  });

  it('writes to Salesforce only from write/salesforce-writer.ts', () => {
    const patterns = [/\.request\(\s*'(POST|PATCH|DELETE)'/, /salesforce\.writeCollections\(/];
    // The client defines the calls; the writer makes them.
    const found = writesOutside(join('write', 'salesforce-writer.ts'), patterns).filter(
      (entry) => !entry.startsWith(join('salesforce', 'client.ts'))
    );
    expect(found).toEqual([]);
  });
});
