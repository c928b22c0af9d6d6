// Syntax gate for Apex: no org is reachable here, so every class and trigger is parsed with Salesforce's own
// grammar (@apexdevtools/apex-parser). It checks syntax only, not types.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import { type Finding, listFiles, runCheckCli } from './files';

class CollectingErrorListener extends ApexErrorListener {
  readonly errors: { line: number; column: number; message: string }[] = [];

  apexSyntaxError(line: number, column: number, message: string): void {
    this.errors.push({ line, column, message });
  }
}

export type ApexUnit = 'class' | 'trigger';

/** Parses one Apex source; an empty list means it is well formed. */
export function apexSyntaxErrors(source: string, unit: ApexUnit): CollectingErrorListener['errors'] {
  const listener = new CollectingErrorListener();
  const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
  if (unit === 'trigger') parser.triggerUnit();
  else parser.compilationUnit();
  return listener.errors;
}

/** Parses every `.cls` and `.trigger` below `dir`. */
export function checkApexSyntax(dir: string): Finding[] {
  return listFiles(dir, (name) => name.endsWith('.cls') || name.endsWith('.trigger')).flatMap((file) =>
    apexSyntaxErrors(readFileSync(file, 'utf8'), file.endsWith('.trigger') ? 'trigger' : 'class').map((error) => ({
      file,
      ...error
    }))
  );
}

if (require.main === module) {
  runCheckCli('apex syntax', () => checkApexSyntax(join(process.cwd(), 'force-app')));
}
