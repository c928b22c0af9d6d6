// The README and docs/ back their claims with paths of this repository: every relative link and every backticked
// path must exist here, no page may point outside the repository, and the README stays a front door of a few screens.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type RepositoryView,
  anchorsOf,
  documentationFiles,
  documentationProblems,
  markdownProblems,
  readmeBudget
} from '../docs-links';

const root = join(__dirname, '..', '..', '..');

describe('the README and docs/', () => {
  it('are the README and the pages of docs/, operations.md among them (the relay names it in its messages)', () => {
    const files = documentationFiles(root);
    expect(files).toContain('README.md');
    expect(files).toContain('docs/operations.md');
    expect(files.length).toBeGreaterThan(5);
  });

  it('give the two commands that work on a fresh clone', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });

  it('link and name only what the repository holds, and keep the README within its budget', () => {
    expect(documentationProblems(root)).toEqual([]);
  });
});

describe('the check', () => {
  const repository: RepositoryView = {
    files: [
      'README.md',
      'docs/operations.md',
      'package.json',
      'relay/src/main.ts',
      'relay/src/sync/__tests__/two-way.e2e.test.ts',
      'force-app/main/default/objects/Lead/fields/Monday_Item_Key__c.field-meta.xml'
    ],
    directories: new Set([
      'docs',
      'relay',
      'relay/src',
      'relay/src/sync',
      'relay/src/sync/__tests__',
      'force-app',
      'force-app/main',
      'force-app/main/default',
      'force-app/main/default/objects',
      'force-app/main/default/objects/Lead',
      'force-app/main/default/objects/Lead/fields'
    ]),
    scripts: new Set(['start', 'test', 'build']),
    build: { outDir: 'dist/relay', rootDir: 'relay/src' },
    anchors: (file) => new Set(file === 'README.md' ? ['run-it', 'local-mode'] : [])
  };
  const messages = (text: string, file = 'docs/page.md'): string[] =>
    markdownProblems(file, text, repository).map((problem) => problem.message);

  it('passes links, paths, patterns, built files and scripts that exist', () => {
    const text = [
      '# A page',
      'See [operations](operations.md), [the README](../README.md#run-it), [monday](https://monday.com).',
      'Back to [the top](#a-page); built in `dist/relay`, from `dist/relay/`.',
      'Entry `relay/src/main.ts`, folder `relay/src/sync/`, test `two-way.e2e.test.ts`, `*.e2e.test.ts`.',
      'Fields in `force-app/main/default/objects/<Object>/fields/`; built as `dist/relay/main.js`.',
      'Run `npm start`, `npm test` and `npm run build`; kinds `.cls` and `-meta.xml`; state in `./data`; `/healthz`.',
      '```sh',
      'npm ci && npm start',
      '```'
    ].join('\n');
    expect(messages(text)).toEqual([]);
  });

  it('reports a link to a heading a page does not have', () => {
    expect(messages('# A page\n[there](../README.md#gone) and [here](#nowhere)')).toEqual([
      'link ../README.md#gone: README.md has no heading #gone',
      'link #nowhere: docs/page.md has no heading #nowhere'
    ]);
  });

  it('makes anchors as GitHub does', () => {
    expect([
      ...anchorsOf('# Run it\n## Salesforce → monday\n```\n# not a heading\n```\n## What `npm test` runs\n# Run it')
    ]).toEqual(['run-it', 'salesforce--monday', 'what-npm-test-runs', 'run-it-1']);
  });

  it('reports a link or a path to nothing, with its line', () => {
    const problems = markdownProblems('docs/page.md', 'One.\nSee [gone](gone.md) and `relay/src/gone.ts`.', repository);
    expect(problems).toEqual([
      { file: 'docs/page.md', line: 2, message: '`relay/src/gone.ts` is not in the repository' },
      { file: 'docs/page.md', line: 2, message: 'link gone.md is not in the repository' }
    ]);
  });

  it('reports what points outside the repository', () => {
    expect(messages('[schema](../../shared/monday/schema.graphql) and `../shared/monday/README.md`.')).toEqual([
      '`../shared/monday/README.md` is outside the repository',
      'link ../../shared/monday/schema.graphql leaves the repository'
    ]);
    expect(messages('The specification, `SPEC.md`.')).toEqual(['`SPEC.md` is no file of the repository']);
  });

  it('reports a path named from elsewhere than the root, a built file without a source, an unknown script', () => {
    expect(messages('`standins/monday/`, `dist/relay/gone.js`, `npm run bench`.')).toEqual([
      "`standins/monday/`: name it from the repository's root",
      '`dist/relay/gone.js`: no source in the repository builds it',
      '`npm run bench`: package.json has no such script'
    ]);
    expect(messages('```sh\nnpm run soak\n```')).toEqual(['`npm run soak`: package.json has no such script']);
  });

  it('reports a line too long to read, a table row above all', () => {
    expect(messages(`| ${'a'.repeat(600)} |`)).toEqual(['a line of 604 characters (at most 500)']);
  });

  it('holds the README to its budget', () => {
    const project = mkdtempSync(join(tmpdir(), 'docs-links-'));
    try {
      writeFileSync(join(project, 'package.json'), JSON.stringify({ scripts: {} }));
      writeFileSync(
        join(project, 'tsconfig.build.json'),
        JSON.stringify({ compilerOptions: { outDir: 'dist/relay', rootDir: 'relay/src' } })
      );
      mkdirSync(join(project, 'docs'));
      writeFileSync(join(project, 'docs', 'operations.md'), '# Operations\n');
      writeFileSync(join(project, 'README.md'), `# Front door\n\n${'A few words on a line.\n'.repeat(600)}`);
      expect(documentationProblems(project)).toEqual([
        { file: 'README.md', message: `13814 characters, over the README's budget of ${readmeBudget}` }
      ]);
      writeFileSync(join(project, 'README.md'), '# Front door\n\nSee [operations](docs/operations.md).\n');
      expect(documentationProblems(project)).toEqual([]);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
