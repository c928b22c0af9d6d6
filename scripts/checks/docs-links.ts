// The README and docs/ say where each claim is backed: a link or a backticked path must name something this
// repository holds (a user's clone has nothing beside it), an `npm run` script must exist, and the README stays a
// front door of a few screens. Checked by scripts/checks/__tests__/docs-links.test.ts.
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, posix, relative } from 'node:path';
import { z } from 'zod';
import { type Finding, listFiles } from './files';

/** The README's budget, in characters: a few screens. */
export const readmeBudget = 12_000;
/** No line (a table row above all) longer than this. */
export const maxLineLength = 500;

/** What the repository holds, as the checks see it: paths relative to its root, with `/` separators. */
export interface RepositoryView {
  files: string[];
  directories: Set<string>;
  scripts: Set<string>;
  /** Where the build writes what it compiles from which folder (tsconfig.build.json): `dist/relay` ← `relay/src`. */
  build: { outDir: string; rootDir: string };
  /** The anchors of a markdown file's headings, as GitHub makes them. */
  anchors(file: string): Set<string>;
}

/** Folders of what tools and runs make: not in the repository, never named as if they were. */
const generated = new Set(['node_modules', '.git', 'dist', 'data', 'artifacts', 'coverage', '.sf', '.sfdx']);

/** File kinds whose bare name in backticks (`api.test.ts`) must be a file of the repository. */
const checkedExtensions = /\.(ts|js|mjs|cls|trigger|sh|md|json|graphql|html|css|xml)$/;

const buildSettings = z.object({ compilerOptions: z.object({ outDir: z.string(), rootDir: z.string() }) });
const packageScripts = z.object({ scripts: z.record(z.string(), z.string()) });

export function repositoryView(root: string): RepositoryView {
  const files = repositoryFiles(root, root);
  const directories = new Set<string>();
  for (const file of files) {
    for (let folder = posix.dirname(file); folder !== '.'; folder = posix.dirname(folder)) directories.add(folder);
  }
  const scripts = packageScripts.parse(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))).scripts;
  const build = buildSettings.parse(JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')));
  return {
    files,
    directories,
    anchors: (file) => anchorsOf(readFileSync(join(root, file), 'utf8')),
    scripts: new Set(Object.keys(scripts)),
    build: {
      outDir: posix.normalize(build.compilerOptions.outDir),
      rootDir: posix.normalize(build.compilerOptions.rootDir)
    }
  };
}

function repositoryFiles(root: string, dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (generated.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return repositoryFiles(root, path);
    return [relative(root, path).split('\\').join('/')];
  });
}

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a markdown text's headings (a repeated one gets -1, -2… as on GitHub). */
export function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  let inFence = false;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence ? null : /^#{1,6}\s+(.*)$/.exec(line);
    if (!heading) continue;
    const anchor = anchorOf(heading[1] ?? '');
    let unique = anchor;
    for (let count = 1; anchors.has(unique); count += 1) unique = `${anchor}-${count}`;
    anchors.add(unique);
  }
  return anchors;
}

/** `*` any name, `<Object>` one folder or name, `**` and `…` anything: a path pattern as a regular expression. */
function pattern(path: string): RegExp {
  const source = path
    .split(/(\*\*|\*|<[^>]+>|…)/)
    .map((part) => {
      if (part === '**' || part === '…') return '.*';
      if (part === '*') return '[^/]*';
      if (/^<[^>]+>$/.test(part)) return '[^/]+';
      return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`);
}

function exists(path: string, repository: RepositoryView): boolean {
  const target = path.replace(/\/$/, '');
  if (!/[*<…]/.test(target)) return repository.files.includes(target) || repository.directories.has(target);
  const matcher = pattern(target);
  return (
    repository.files.some((file) => matcher.test(file)) || [...repository.directories].some((d) => matcher.test(d))
  );
}

/** The source a built file or folder comes from: `dist/relay/main.js` ← `relay/src/main.ts`. */
function sourceOfBuilt(path: string, repository: RepositoryView): string {
  const { outDir, rootDir } = repository.build;
  const built = path.replace(/\/$/, '');
  return built === outDir ? rootDir : `${rootDir}/${built.slice(outDir.length + 1)}`.replace(/\.js$/, '.ts');
}

/** What is wrong with one backticked span, if it names a file, a folder or a script. */
function spanProblem(span: string, inCode: boolean, repository: RepositoryView): string | undefined {
  for (const match of span.matchAll(/\bnpm (?:run ([\w:-]+)|(start|test)\b)/g)) {
    const script = match[1] ?? match[2] ?? '';
    if (!repository.scripts.has(script)) return `\`npm run ${script}\`: package.json has no such script`;
  }
  if (inCode || /\s/.test(span)) return undefined;
  if (/^\.\.\//.test(span) || span.includes('/../')) return `\`${span}\` is outside the repository`;
  const path = span.replace(/^\.\//, '');
  if (path.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(path)) return undefined;
  const first = path.split('/')[0] ?? '';
  if (generated.has(first) && first !== repository.build.outDir.split('/')[0]) return undefined;
  const topLevel = repository.files.some((file) => file === first || file.startsWith(`${first}/`));
  if (path.replace(/\/$/, '') === repository.build.outDir || path.startsWith(`${repository.build.outDir}/`)) {
    return exists(sourceOfBuilt(path, repository), repository)
      ? undefined
      : `\`${span}\`: no source in the repository builds it`;
  }
  if (path.includes('/')) {
    if (topLevel) return exists(path, repository) ? undefined : `\`${span}\` is not in the repository`;
    // A folder or a file named from somewhere else than the root (`standins/monday/`) sends a reader nowhere.
    if (path.endsWith('/') || checkedExtensions.test(path)) return `\`${span}\`: name it from the repository's root`;
    return undefined;
  }
  if (topLevel) return undefined;
  // A file's name (`api.test.ts`, `*.namespaced.e2e.test.ts`), not a kind of file (`.cls`, `-meta.xml`).
  if (/^[\w*<…]/.test(path) && checkedExtensions.test(path)) {
    const matcher = pattern(path);
    return repository.files.some((file) => matcher.test(basename(file)))
      ? undefined
      : `\`${span}\` is no file of the repository`;
  }
  return undefined;
}

/** What is wrong with one link's target, if it points into the repository (a heading's anchor included). */
function linkProblem(target: string, file: string, text: string, repository: RepositoryView): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined;
  const [pathPart = '', anchor] = target.split('#');
  const path = pathPart === '' ? file : posix.normalize(posix.join(posix.dirname(file), decodeURI(pathPart)));
  if (path === '..' || path.startsWith('../')) return `link ${target} leaves the repository`;
  if (path !== '.' && path !== file && !exists(path, repository)) return `link ${target} is not in the repository`;
  if (anchor === undefined || !path.endsWith('.md')) return undefined;
  const anchors = path === file ? anchorsOf(text) : repository.anchors(path);
  return anchors.has(anchor) ? undefined : `link ${target}: ${path} has no heading #${anchor}`;
}

/** Every problem of one markdown file (`file` relative to the repository's root). */
export function markdownProblems(file: string, text: string, repository: RepositoryView): Finding[] {
  const problems: Finding[] = [];
  let inFence = false;
  text.split('\n').forEach((line, index) => {
    const report = (message: string | undefined): void => {
      if (message) problems.push({ file, line: index + 1, message });
    };
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      return;
    }
    if (line.length > maxLineLength) report(`a line of ${line.length} characters (at most ${maxLineLength})`);
    if (inFence) {
      report(spanProblem(line, true, repository));
      return;
    }
    for (const match of line.matchAll(/`([^`]+)`/g)) report(spanProblem((match[1] ?? '').trim(), false, repository));
    for (const match of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      report(linkProblem(match[1] ?? '', file, text, repository));
    }
  });
  return problems;
}

/** The README and every page of docs/. */
export function documentationFiles(root: string): string[] {
  return [
    'README.md',
    ...listFiles(join(root, 'docs'), (name) => name.endsWith('.md')).map((path) => relative(root, path))
  ]
    .map((path) => path.split('\\').join('/'))
    .sort();
}

/** Every problem of the README and docs/, the README's size included. */
export function documentationProblems(root: string): Finding[] {
  const repository = repositoryView(root);
  return documentationFiles(root).flatMap((file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const problems = markdownProblems(file, text, repository);
    if (file === 'README.md' && text.length > readmeBudget) {
      problems.push({ file, message: `${text.length} characters, over the README's budget of ${readmeBudget}` });
    }
    return problems;
  });
}
