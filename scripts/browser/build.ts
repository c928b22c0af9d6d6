// Compiles the package's Lightning Web Components for a real browser, with LWC open source (lwc, @lwc/rollup-plugin,
// lightning-base-components, SLDS): not the Lightning runtime, but the same templates, base components and styles, so
// a person's view of them can be seen and clicked in headless Chromium. Platform modules are stood in for:
// `@salesforce/apex/*` by the fake org of ./fake-org.js (wire adapters and imperative calls), `@salesforce/label/*`
// by the English values of the package's custom labels, toasts and the confirm dialog by small browser versions.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import lwc from '@lwc/rollup-plugin';
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import { type Plugin, rollup } from 'rollup';

const root = resolve(__dirname, '../..');
const componentsDir = join(root, 'force-app/main/default/lwc');
const labelsFile = join(root, 'force-app/main/default/labels/CustomLabels.labels-meta.xml');
const fakeOrg = join(__dirname, 'fake-org.js');
const fieldTypeMapFile = join(root, 'force-app/main/default/staticresources/MondayFieldTypeMap.json');

/** The English value of every custom label, by name. */
function labelValues(): Map<string, string> {
  const xml = readFileSync(labelsFile, 'utf8');
  const values = new Map<string, string>();
  for (const match of xml.matchAll(/<fullName>([^<]+)<\/fullName>[\s\S]*?<value>([^<]*)<\/value>/g)) {
    const text = (match[2] ?? '')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    values.set(match[1] ?? '', text);
  }
  return values;
}

const virtualPrefix = '\0platform:';

/** Resolves the platform's modules to browser stand-ins before the LWC compiler looks for them. */
function platformModules(): Plugin {
  const labels = labelValues();
  return {
    name: 'salesforce-platform-modules',
    resolveId(source) {
      if (source === 'fake-org') return fakeOrg;
      // Element internals cannot be attached under synthetic shadow, which the base components' styles need here.
      if (source === '@salesforce/gate/bc.260.enableComboboxElementInternals') return `${virtualPrefix}${source}`;
      if (source === 'field-type-map') return `${virtualPrefix}field-type-map`;
      if (
        source.startsWith('@salesforce/apex') ||
        source.startsWith('@salesforce/label/c.') ||
        source === 'lightning/platformShowToastEvent' ||
        source === 'lightning/confirm'
      ) {
        return `${virtualPrefix}${source}`;
      }
      return null;
    },
    load(id) {
      if (!id.startsWith(virtualPrefix)) return null;
      const source = id.slice(virtualPrefix.length);
      if (source.startsWith('@salesforce/gate/')) return 'export default { isOpen: () => false };';
      if (source.startsWith('@salesforce/gate/')) return 'export default { isOpen: () => false };';
      if (source === 'field-type-map') return `export default ${readFileSync(fieldTypeMapFile, 'utf8')};`;
      if (source === '@salesforce/apex') return `export { refreshApex } from 'fake-org';`;
      if (source.startsWith('@salesforce/apex/')) {
        const method = source.slice('@salesforce/apex/'.length);
        return `import { apexMethod } from 'fake-org'; export default apexMethod(${JSON.stringify(method)});`;
      }
      if (source.startsWith('@salesforce/label/c.')) {
        const name = source.slice('@salesforce/label/c.'.length);
        const value = labels.get(name);
        if (value === undefined) throw new Error(`No custom label ${name}`);
        return `export default ${JSON.stringify(value)};`;
      }
      if (source === 'lightning/platformShowToastEvent') {
        return `export class ShowToastEvent extends CustomEvent {
          constructor(toast) { super('lightning__showtoast', { detail: toast, bubbles: true, composed: true }); }
        }`;
      }
      if (source !== 'lightning/confirm') throw new Error(`No stand-in for ${source}`);
      // The confirm dialog: the browser's own, which a person (or the test) answers.
      return `export default { open: ({ message }) => Promise.resolve(window.confirm(message)) };`;
    }
  };
}

/** Every component of the package, as `c/<name>`. */
function packageComponents(): { name: string; path: string }[] {
  return readdirSync(componentsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ name: `c/${entry.name}`, path: join(componentsDir, entry.name, `${entry.name}.js`) }));
}

/** Bundles `entry` (a browser module that mounts components) into one script; answers its code. */
export async function buildComponents(entry: string): Promise<string> {
  const bundle = await rollup({
    input: entry,
    plugins: [
      platformModules(),
      replace({
        preventAssignment: true,
        values: { 'process.env.NODE_ENV': JSON.stringify('production'), 'import.meta.env.SSR': 'false' }
      }),
      lwc({
        rootDir: componentsDir,
        enableDynamicComponents: true,
        modules: [...packageComponents(), { npm: 'lightning-base-components' }]
      }),
      nodeResolve({ browser: true })
    ],
    onwarn(warning, warn) {
      // Base components are many: circular imports and `this` at the top level of their helpers are theirs.
      if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
      if (warning.id?.includes('lightning-base-components')) return;
      warn(warning);
    }
  });
  const { output } = await bundle.generate({ format: 'iife', inlineDynamicImports: true });
  await bundle.close();
  return output[0].code;
}
