// Metadata gate: what `sf project deploy` would reject, or silently drop, caught before an org is involved.
// `sf project convert source` validates nothing (a class without its meta file is dropped without a word, broken XML
// is copied as is), so each of those is checked here.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { type Finding, listFiles, runCheckCli } from './files';
import { invalidTabMotifs } from './tab-motifs';

const sfLauncher = join(__dirname, '..', '..', 'node_modules', '.bin', 'sf');

/** Apex classes and triggers, and LWC bundles, each need their `-meta.xml` beside them. */
export function missingMetaFiles(sourceDir: string): Finding[] {
  const apex = listFiles(sourceDir, (name) => name.endsWith('.cls') || name.endsWith('.trigger'))
    .filter((file) => !existsSync(`${file}-meta.xml`))
    .map((file) => ({ file, message: `has no ${basename(file)}-meta.xml: the CLI would silently leave it out` }));
  const lwc = listFiles(sourceDir, (name) => name.endsWith('.js'))
    .filter((file) => basename(dirname(dirname(file))) === 'lwc' && basename(file) === `${basename(dirname(file))}.js`)
    .filter((file) => !existsSync(`${file}-meta.xml`))
    .map((file) => ({ file, message: `component has no ${basename(file)}-meta.xml` }));
  return [...apex, ...lwc];
}

/** Every XML file must be well formed: the CLI copies broken XML as is and the deploy fails later. */
export function malformedXmlFiles(sourceDir: string): Finding[] {
  return listFiles(sourceDir, (name) => name.endsWith('.xml')).flatMap((file) => {
    const verdict = XMLValidator.validate(readFileSync(file, 'utf8'));
    return verdict === true
      ? []
      : [{ file, line: verdict.err.line, column: verdict.err.col, message: `malformed XML: ${verdict.err.msg}` }];
  });
}

/** `.forceignore` must keep jest tests and their fixtures out of the org. */
export function forceignoreProblems(projectDir: string): Finding[] {
  const file = join(projectDir, '.forceignore');
  const lines = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split(/\r?\n/)
        .map((line) => line.trim())
    : [];
  return lines.includes('**/__tests__/**')
    ? []
    : [{ file, message: 'must list **/__tests__/** so that LWC jest tests are never deployed' }];
}

// Where each kind of component lives in source format, and how its manifest member is named.
const componentRules: { type: string; pattern: RegExp; member: (match: RegExpExecArray) => string }[] = [
  { type: 'ApexClass', pattern: /\/classes\/([^/]+)\.cls$/, member: (m) => m[1] ?? '' },
  { type: 'ApexTrigger', pattern: /\/triggers\/([^/]+)\.trigger$/, member: (m) => m[1] ?? '' },
  { type: 'CustomObject', pattern: /\/objects\/([^/]+)\/\1\.object-meta\.xml$/, member: (m) => m[1] ?? '' },
  {
    type: 'CustomField',
    pattern: /\/objects\/([^/]+)\/fields\/([^/]+)\.field-meta\.xml$/,
    member: (m) => `${m[1] ?? ''}.${m[2] ?? ''}`
  },
  {
    type: 'ListView',
    pattern: /\/objects\/([^/]+)\/listViews\/([^/]+)\.listView-meta\.xml$/,
    member: (m) => `${m[1] ?? ''}.${m[2] ?? ''}`
  },
  { type: 'LightningComponentBundle', pattern: /\/lwc\/([^/]+)\/\1\.js-meta\.xml$/, member: (m) => m[1] ?? '' },
  { type: 'StaticResource', pattern: /\/staticresources\/([^/]+)\.resource-meta\.xml$/, member: (m) => m[1] ?? '' },
  { type: 'CustomTab', pattern: /\/tabs\/([^/]+)\.tab-meta\.xml$/, member: (m) => m[1] ?? '' },
  { type: 'CustomApplication', pattern: /\/applications\/([^/]+)\.app-meta\.xml$/, member: (m) => m[1] ?? '' },
  { type: 'PermissionSet', pattern: /\/permissionsets\/([^/]+)\.permissionset-meta\.xml$/, member: (m) => m[1] ?? '' },
  {
    type: 'NamedCredential',
    pattern: /\/namedCredentials\/([^/]+)\.namedCredential-meta\.xml$/,
    member: (m) => m[1] ?? ''
  },
  {
    type: 'ExternalCredential',
    pattern: /\/externalCredentials\/([^/]+)\.externalCredential-meta\.xml$/,
    member: (m) => m[1] ?? ''
  },
  { type: 'Translations', pattern: /\/translations\/([^/]+)\.translation-meta\.xml$/, member: (m) => m[1] ?? '' }
];

/** Every component the source holds, as `Type:member`, labels one by one. */
export function sourceComponents(sourceDir: string): Set<string> {
  const components = new Set<string>();
  for (const file of listFiles(sourceDir, () => true)) {
    const path = file.split(/[\\/]/).join('/');
    if (path.includes('/__tests__/')) continue;
    for (const rule of componentRules) {
      const match = rule.pattern.exec(path);
      if (match) components.add(`${rule.type}:${rule.member(match)}`);
    }
    if (path.endsWith('/labels/CustomLabels.labels-meta.xml')) {
      const parsed = new XMLParser({ isArray: (name) => name === 'labels' }).parse(readFileSync(file, 'utf8')) as {
        CustomLabels?: { labels?: { fullName: string }[] };
      };
      for (const label of parsed.CustomLabels?.labels ?? []) components.add(`CustomLabel:${label.fullName}`);
    }
  }
  return components;
}

/** The components a package.xml lists, as `Type:member`. */
export function manifestComponents(packageXml: string): Set<string> {
  const parsed = new XMLParser({ isArray: (name) => name === 'types' || name === 'members' }).parse(packageXml) as {
    Package?: { types?: { name: string; members: string[] }[] };
  };
  return new Set(
    (parsed.Package?.types ?? []).flatMap((type) => type.members.map((member) => `${type.name}:${member}`))
  );
}

/**
 * Runs `sf project convert source` into a temporary folder and checks that it succeeded, that its manifest lists
 * every component of the source, and that no jest test made it into the output.
 */
export function convertSourceProblems(projectDir: string, sourceDir = join(projectDir, 'force-app')): Finding[] {
  const outputDir = mkdtempSync(join(tmpdir(), 'convert-'));
  try {
    const result = spawnSync(
      sfLauncher,
      [
        'project',
        'convert',
        'source',
        '--root-dir',
        relative(projectDir, sourceDir),
        '--output-dir',
        outputDir,
        '--json'
      ],
      {
        cwd: projectDir,
        encoding: 'utf8',
        env: {
          ...process.env,
          SF_DISABLE_TELEMETRY: 'true',
          SF_AUTOUPDATE_DISABLE: 'true',
          SF_SKIP_NEW_VERSION_CHECK: 'true'
        }
      }
    );
    if (result.error) throw result.error;
    if (result.status !== 0) {
      return [
        {
          file: sourceDir,
          message: `sf project convert source failed: ${result.stdout.trim() || result.stderr.trim()}`
        }
      ];
    }
    const listed = manifestComponents(readFileSync(join(outputDir, 'package.xml'), 'utf8'));
    const dropped = [...sourceComponents(sourceDir)]
      .filter((component) => !listed.has(component))
      .map((component) => ({
        file: sourceDir,
        message: `${component} was left out of the package by sf project convert source`
      }));
    const leakedTests = listFiles(outputDir, () => true)
      .filter((file) => file.split(/[\\/]/).includes('__tests__'))
      .map((file) => ({
        file: sourceDir,
        message: `sf project convert source included a test file: ${relative(outputDir, file)}`
      }));
    return [...dropped, ...leakedTests];
  } finally {
    rmSync(outputDir, { recursive: true, force: true });
  }
}

export function checkMetadata(projectDir: string): Finding[] {
  const sourceDir = join(projectDir, 'force-app');
  return [
    ...missingMetaFiles(sourceDir),
    ...malformedXmlFiles(sourceDir),
    ...forceignoreProblems(projectDir),
    ...invalidTabMotifs(sourceDir),
    ...convertSourceProblems(projectDir, sourceDir)
  ];
}

if (require.main === module) {
  runCheckCli('metadata', () => checkMetadata(process.cwd()));
}
