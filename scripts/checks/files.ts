import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A problem a check found, printed as `file:line:col message` so editors and CI logs link to it. */
export interface Finding {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export function formatFinding(finding: Finding, root: string): string {
  const where = [relative(root, finding.file) || finding.file, finding.line, finding.column]
    .filter((part) => part !== undefined)
    .join(':');
  return `${where} ${finding.message}`;
}

/** Every file below `dir` (recursively) whose name satisfies `accept`, sorted for stable output. */
export function listFiles(dir: string, accept: (name: string) => boolean): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') found.push(...listFiles(path, accept));
    } else if (accept(entry.name)) {
      found.push(path);
    }
  }
  return found.sort();
}

/**
 * Runs a check from the command line: prints each finding and a one-line verdict, and sets the exit code
 * (0 clean, 1 findings, 2 the check itself could not run).
 */
export function runCheckCli(name: string, check: () => Finding[] | Promise<Finding[]>, root = process.cwd()): void {
  Promise.resolve()
    .then(check)
    .then((findings) => {
      for (const finding of findings) console.error(formatFinding(finding, root));
      console.log(`${name}: ${findings.length === 0 ? 'clean' : `${findings.length} problem(s)`}`);
      process.exitCode = findings.length === 0 ? 0 : 1;
    })
    .catch((error: unknown) => {
      console.error(`${name}: could not run: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 2;
    });
}
