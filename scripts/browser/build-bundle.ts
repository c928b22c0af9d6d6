// `tsx scripts/browser/build-bundle.ts <file>`: writes the browser bundle of the package's components (./build.ts) to
// <file>. A command of its own because the LWC compiler's rollup plugin is an ES module, which the jest run (CommonJS)
// cannot load.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildComponents } from './build';

const target = process.argv[2];
if (!target) {
  console.error('usage: build-bundle.ts <output file>');
  process.exit(2);
}
buildComponents(join(__dirname, 'app.js'))
  .then((code) => {
    writeFileSync(target, code);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
