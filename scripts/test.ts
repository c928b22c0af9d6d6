// `npm test`: every quality gate, then jest. Each gate runs even when an earlier one failed, so one run shows all
// that is wrong; the exit code is non-zero when anything failed. Each gate is also an npm script of its own.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

const gates = [
  { name: 'TypeScript type check', script: 'typecheck' },
  { name: 'ESLint (relay, tooling, LWC)', script: 'lint' },
  { name: 'Apex syntax (apex-parser)', script: 'check:apex-syntax' },
  { name: 'PMD Apex rules', script: 'check:pmd' },
  { name: 'Apex semantics (ApexLink, SOQL)', script: 'check:apex-semantics' },
  { name: 'Prettier (Apex included)', script: 'check:format' },
  { name: 'Salesforce metadata', script: 'check:metadata' }
];

const jestSummary = z.object({ numPassedTests: z.number(), numFailedTests: z.number(), numPendingTests: z.number() });

function runScript(script: string, extraArgs: string[] = []): { ok: boolean; seconds: number } {
  const started = Date.now();
  console.log(`\n> ${script}`);
  const result = spawnSync('npm', ['run', '--silent', script, ...(extraArgs.length ? ['--', ...extraArgs] : [])], {
    stdio: 'inherit'
  });
  return { ok: result.status === 0, seconds: (Date.now() - started) / 1000 };
}

function main(): number {
  const results = gates.map((gate) => ({ ...gate, ...runScript(gate.script) }));

  const reportDir = mkdtempSync(join(tmpdir(), 'jest-report-'));
  const reportFile = join(reportDir, 'results.json');
  const jest = runScript('test:jest', ['--json', `--outputFile=${reportFile}`]);
  let summary: z.infer<typeof jestSummary> | undefined;
  try {
    summary = jestSummary.parse(JSON.parse(readFileSync(reportFile, 'utf8')));
  } catch {
    summary = undefined;
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }

  console.log('\nGates:');
  for (const result of [...results, { name: 'jest (LWC + relay)', ...jest }]) {
    console.log(`  ${result.ok ? 'pass' : 'FAIL'}  ${result.name.padEnd(32)} ${result.seconds.toFixed(1)} s`);
  }
  const gatesFailed = results.filter((result) => !result.ok).length;
  if (!summary) {
    console.log('jest wrote no report: it did not run to the end');
    return 1;
  }
  const skipped = summary.numPendingTests ? `, ${summary.numPendingTests} skipped` : '';
  console.log(`gates: ${results.length - gatesFailed} passed, ${gatesFailed} failed`);
  console.log(`tests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed${skipped}`);
  return gatesFailed === 0 && jest.ok ? 0 : 1;
}

process.exitCode = main();
