// Semantic gate for Apex: ApexLink (apex-ls, with Salesforce's standard classes and sObjects) type-checks the
// package offline: method signatures on standard classes, unknown fields of the package's objects, unknown labels,
// type errors. A managed package is compiled with its namespace, so the project is checked twice: as it is, and
// with a namespace set. ApexLink does not look inside SOQL; `soql-fields.ts` does, and runs in the same gate.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { type Finding, runCheckCli } from './files';
import { findJava } from './java';
import { soqlFieldProblems } from './soql-fields';

const repoRoot = join(__dirname, '..', '..');
const apexLinkJars = join(repoRoot, 'node_modules', '@flxbl-io', 'apexlink', 'jars', '*');
/** ApexLink's classes are compiled for Java 21. */
export const apexLinkJavaVersion = 21;
/** The namespace the managed package is checked with when sfdx-project.json does not name one. */
export const probeNamespace = 'mondaysync';

const sfdxProject = z.looseObject({
  namespace: z.string().default(''),
  packageDirectories: z.array(z.looseObject({ path: z.string() }))
});

const apexLinkReport = z.object({
  files: z.array(
    z.object({
      path: z.string(),
      messages: z.array(
        z.object({
          start: z.object({ line: z.number(), offset: z.number() }),
          category: z.string(),
          message: z.string()
        })
      )
    })
  )
});

// CheckForIssues exits 0 when clean and 4 when it reports issues; anything else means it did not run.
const exitCodesWithReport = new Set([0, 4]);

/** ApexLink's findings for the SFDX project in `projectDir`; paths below `reportedRoot` are mapped to `shownRoot`. */
export function runApexLink(projectDir: string, shownRoot = projectDir): Finding[] {
  const java = findJava(apexLinkJavaVersion);
  const result = spawnSync(
    java.path,
    [
      '-cp',
      apexLinkJars,
      'io.github.apexdevtools.apexls.CheckForIssues',
      '-n',
      '-d',
      'warnings',
      '-f',
      'json',
      '-w',
      projectDir
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
  );
  if (result.error) throw result.error;
  if (result.status === null || !exitCodesWithReport.has(result.status)) {
    throw new Error(`ApexLink exited with ${String(result.status)}: ${(result.stderr || result.stdout).trim()}`);
  }
  if (result.status === 0 && !result.stdout.trim()) return [];
  const report = apexLinkReport.parse(JSON.parse(result.stdout));
  return report.files.flatMap((file) =>
    file.messages.map((message) => ({
      file: file.path.startsWith(projectDir) ? join(shownRoot, file.path.slice(projectDir.length)) : file.path,
      line: message.start.line,
      column: message.start.offset + 1,
      message: `${message.category}: ${message.message}`
    }))
  );
}

/**
 * The project as a managed package with `namespace` would compile it: a temporary project whose sfdx-project.json
 * names the namespace and whose package folders are links to the real ones.
 */
export function runApexLinkWithNamespace(projectDir: string, namespace: string): Finding[] {
  const project = sfdxProject.parse(JSON.parse(readFileSync(join(projectDir, 'sfdx-project.json'), 'utf8')));
  const probe = mkdtempSync(join(tmpdir(), 'apexlink-namespace-'));
  try {
    writeFileSync(join(probe, 'sfdx-project.json'), JSON.stringify({ ...project, namespace }, null, 2));
    if (existsSync(join(projectDir, '.forceignore'))) {
      copyFileSync(join(projectDir, '.forceignore'), join(probe, '.forceignore'));
    }
    for (const folder of project.packageDirectories)
      symlinkSync(join(projectDir, folder.path), join(probe, folder.path));
    return runApexLink(probe, projectDir).map((finding) => ({
      ...finding,
      message: `[${namespace ? `namespace ${namespace}` : 'no namespace'}] ${finding.message}`
    }));
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/** Every semantic problem of the project: ApexLink without and with a namespace, and SOQL field names. */
export function checkApexSemantics(projectDir: string): Finding[] {
  const project = sfdxProject.parse(JSON.parse(readFileSync(join(projectDir, 'sfdx-project.json'), 'utf8')));
  const namespaced = project.namespace || probeNamespace;
  const withoutNamespace = project.namespace ? runApexLinkWithNamespace(projectDir, '') : runApexLink(projectDir);
  return [...withoutNamespace, ...runApexLinkWithNamespace(projectDir, namespaced), ...soqlFieldProblems(projectDir)];
}

if (require.main === module) {
  runCheckCli('apex-semantics', () => checkApexSemantics(process.cwd()));
}
