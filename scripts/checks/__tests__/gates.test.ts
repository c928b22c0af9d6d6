// Each quality gate of `npm test` is fed what it exists to catch, and must report it: a gate that cannot fail is
// worse than none. The clean counterpart of each case proves the finding comes from the defect, not from the setup.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { apexSyntaxErrors, checkApexSyntax } from '../apex-syntax';
import {
  checkMetadata,
  convertSourceProblems,
  forceignoreProblems,
  malformedXmlFiles,
  missingMetaFiles,
  sourceComponents
} from '../metadata';
import { checkApexSemantics, probeNamespace } from '../apex-semantics';
import { findJava } from '../java';
import { runPmd } from '../pmd';
import { invalidTabMotifs } from '../tab-motifs';
import { ProbeProject, repoRoot } from './probe-project';

jest.setTimeout(120_000);

const eslintReport = z.array(z.object({ messages: z.array(z.object({ ruleId: z.string().nullable() })) }));

const cleanClass = `public with sharing class Greeter {
  public static String greet(String name) {
    return 'Hello ' + name;
  }
}
`;

// The classic governor-limit defect: one SOQL query per record.
const soqlInLoop = `public with sharing class LeadLoader {
  public static Integer countAccounts(List<Id> accountIds) {
    Integer total = 0;
    for (Id accountId : accountIds) {
      total += [SELECT COUNT() FROM Account WHERE Id = :accountId WITH USER_MODE];
    }
    return total;
  }
}
`;

let project: ProbeProject;
beforeEach(() => {
  project = new ProbeProject();
});
afterEach(() => {
  project.remove();
});

describe('Apex syntax gate', () => {
  it('accepts a well-formed class and trigger', () => {
    expect(apexSyntaxErrors(cleanClass, 'class')).toEqual([]);
    expect(apexSyntaxErrors('trigger LeadChanges on Lead (after insert) { LeadHandler.run(); }', 'trigger')).toEqual(
      []
    );
  });

  it('reports a broken class with its line and column', () => {
    const file = project.writeClass(
      'Broken',
      'public class Broken {\n  public void run() {\n    Integer x = ;\n  }\n}\n'
    );
    const findings = checkApexSyntax(project.sourceDir);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ file, line: 3, column: 16 });
  });

  it('parses triggers with the trigger grammar', () => {
    project.write('triggers/Bad.trigger', 'trigger Bad on Lead (after explode) { }');
    expect(checkApexSyntax(project.sourceDir)).not.toEqual([]);
  });
});

describe('PMD gate', () => {
  it('reports SOQL in a loop', () => {
    const file = project.writeClass('LeadLoader', soqlInLoop);
    const findings = runPmd(project.sourceDir, project.dir);
    expect(findings).toContainEqual(
      expect.objectContaining({ file, line: 5, message: expect.stringMatching(/^OperationWithLimitsInLoop:/) })
    );
  });

  it('passes a clean class', () => {
    project.writeClass('Greeter', cleanClass);
    expect(runPmd(project.sourceDir, project.dir)).toEqual([]);
  });
});

// A small custom object for the semantic gate: one text field and a lookup to itself.
function writeTicketObject(target: ProbeProject): void {
  target.write(
    'objects/Ticket__c/Ticket__c.object-meta.xml',
    `<?xml version="1.0" encoding="UTF-8"?>
<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">
    <label>Ticket</label><pluralLabel>Tickets</pluralLabel>
    <nameField><label>Ticket Name</label><type>Text</type></nameField>
    <deploymentStatus>Deployed</deploymentStatus><sharingModel>ReadWrite</sharingModel>
</CustomObject>
`
  );
  target.write(
    'objects/Ticket__c/fields/Subject__c.field-meta.xml',
    `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Subject__c</fullName><label>Subject</label><length>80</length><type>Text</type>
</CustomField>
`
  );
  target.write(
    'objects/Ticket__c/fields/Parent__c.field-meta.xml',
    `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Parent__c</fullName><label>Parent</label><type>Lookup</type><referenceTo>Ticket__c</referenceTo>
    <relationshipName>Children</relationshipName><deleteConstraint>SetNull</deleteConstraint>
</CustomField>
`
  );
}

describe('Apex semantic gate (ApexLink and SOQL field names)', () => {
  const messagesAt = (file: string, line: number): string[] =>
    checkApexSemantics(project.dir)
      .filter((finding) => finding.file === file && finding.line === line)
      .map((finding) => finding.message);

  it('reports wrong signatures on standard classes and unknown labels, with and without a namespace', () => {
    const file = project.writeClass(
      'Publisher',
      `public with sharing class Publisher {
  public static void run() {
    String encoded = EncodingUtil.base64Encode('not a blob');
    Blob mac = Crypto.generateMac('hmacSHA256', 'data', 'key');
    String label = System.Label.No_Such_Label;
  }
}
`
    );
    for (const line of [3, 4, 5]) {
      const messages = messagesAt(file, line);
      expect(messages).toHaveLength(2);
      expect(messages[1]).toContain(`[namespace ${probeNamespace}]`);
    }
    expect(messagesAt(file, 3)[0]).toMatch(/No matching method found for 'base64Encode'/);
    expect(messagesAt(file, 5)[0]).toMatch(/Unknown field or type 'No_Such_Label'/);
  });

  it("reports an unknown field of the package's objects in code and inside SOQL", () => {
    writeTicketObject(project);
    const file = project.writeClass(
      'TicketReader',
      `public with sharing class TicketReader {
  public static String read(Id ticketId, Integer max) {
    Ticket__c ticket = [SELECT Id, Subject__c, Parent__r.Subject__c FROM Ticket__c WHERE Id = :ticketId WITH USER_MODE LIMIT 1];
    ticket.Priority__c = 'High';
    List<Ticket__c> others = [SELECT Id, Priority__c, Parent__r.Owner__c FROM Ticket__c WHERE Status__c = 'Open' WITH USER_MODE ORDER BY Due__c LIMIT :max];
    return ticket.Subject__c;
  }
}
`
    );
    expect(messagesAt(file, 3)).toEqual([]);
    expect(messagesAt(file, 4)).toEqual([
      expect.stringMatching(/Unknown field 'Priority__c' on SObject 'Schema.Ticket__c'/),
      expect.stringMatching(/^\[namespace .*Unknown field 'Priority__c'/)
    ]);
    expect(messagesAt(file, 5).sort()).toEqual([
      "SOQL: Ticket__c has no field Due__c in the package's metadata",
      "SOQL: Ticket__c has no field Owner__c in the package's metadata",
      "SOQL: Ticket__c has no field Priority__c in the package's metadata",
      "SOQL: Ticket__c has no field Status__c in the package's metadata"
    ]);
  });

  it('passes a clean class and a clean query', () => {
    writeTicketObject(project);
    project.writeClass(
      'TicketReader',
      `public with sharing class TicketReader {
  public static List<Ticket__c> children(Id parentId) {
    return [SELECT Id, Name, Subject__c, Parent__r.Subject__c FROM Ticket__c WHERE Parent__c = :parentId WITH USER_MODE ORDER BY CreatedDate];
  }
}
`
    );
    project.writeClass('Greeter', cleanClass);
    expect(checkApexSemantics(project.dir)).toEqual([]);
  });

  it('says which Java it needs when none is new enough', () => {
    expect(() => findJava(99)).toThrow(/Java 99 or newer is needed and none was found \(seen: Java \d+/);
    expect(findJava(21).major).toBeGreaterThanOrEqual(21);
  });
});

describe('metadata gate', () => {
  it('reports a class without its meta file, which the CLI would drop silently', () => {
    const file = project.write('classes/Orphan.cls', cleanClass.replace('Greeter', 'Orphan'));
    expect(missingMetaFiles(project.sourceDir)).toEqual([expect.objectContaining({ file })]);
    expect(convertSourceProblems(project.dir)).toEqual([
      { file: project.sourceDir, message: 'ApexClass:Orphan was left out of the package by sf project convert source' }
    ]);
  });

  it('reports an LWC bundle without its meta file', () => {
    const file = project.write('lwc/panel/panel.js', 'export default class Panel {}\n');
    expect(missingMetaFiles(project.sourceDir)).toEqual([expect.objectContaining({ file })]);
  });

  it('reports malformed XML with its position', () => {
    const file = project.write(
      'labels/CustomLabels.labels-meta.xml',
      '<?xml version="1.0"?>\n<CustomLabels>\n<labels>\n</CustomLabels>\n'
    );
    expect(malformedXmlFiles(project.sourceDir)).toEqual([expect.objectContaining({ file, line: 4 })]);
  });

  it('reports a .forceignore that would deploy jest tests, and the test file the CLI then includes', () => {
    writeFileSync(join(project.dir, '.forceignore'), '.sfdx\n');
    project.write('lwc/panel/__tests__/panel.test.js', 'it("renders", () => {});\n');
    expect(forceignoreProblems(project.dir)).toHaveLength(1);
    expect(convertSourceProblems(project.dir)).toEqual([
      expect.objectContaining({ message: expect.stringContaining('included a test file') })
    ]);
  });

  it('lists every kind of component the package holds, labels one by one', () => {
    project.writeClass('Greeter', cleanClass);
    project.write('objects/Thing__c/Thing__c.object-meta.xml', '<?xml version="1.0"?><CustomObject/>');
    project.write('objects/Thing__c/fields/Size__c.field-meta.xml', '<?xml version="1.0"?><CustomField/>');
    project.write(
      'labels/CustomLabels.labels-meta.xml',
      '<?xml version="1.0"?><CustomLabels><labels><fullName>A</fullName></labels><labels><fullName>B</fullName></labels></CustomLabels>'
    );
    expect([...sourceComponents(project.sourceDir)].sort()).toEqual([
      'ApexClass:Greeter',
      'CustomField:Thing__c.Size__c',
      'CustomLabel:A',
      'CustomLabel:B',
      'CustomObject:Thing__c'
    ]);
  });

  it('reports a tab style Salesforce does not offer', () => {
    const tab = (motif: string): string =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<CustomTab xmlns="http://soap.sforce.com/2006/04/metadata">\n    <customObject>true</customObject>\n    <motif>${motif}</motif>\n</CustomTab>\n`;
    const chain = project.write('tabs/Link__c.tab-meta.xml', tab('Custom24: Chain'));
    project.write('tabs/Recipe__c.tab-meta.xml', tab('Custom37: Bridge'));
    expect(invalidTabMotifs(project.sourceDir)).toEqual([
      expect.objectContaining({ file: chain, message: expect.stringContaining('"Custom24: Chain" is not one') })
    ]);
  });

  it('passes a complete project', () => {
    project.writeClass('Greeter', cleanClass);
    project.write('lwc/panel/__tests__/panel.test.js', 'it("renders", () => {});\n');
    expect(checkMetadata(project.dir)).toEqual([]);
  });
});

describe('Prettier gate', () => {
  const prettier = (file: string) =>
    spawnSync(
      join(repoRoot, 'node_modules', '.bin', 'prettier'),
      ['--config', join(repoRoot, '.prettierrc.json'), '--check', file],
      {
        encoding: 'utf8'
      }
    ).status;

  it('reports unformatted Apex (exit 1) and Apex it cannot parse (exit 2)', () => {
    expect(prettier(project.writeClass('Greeter', cleanClass))).toBe(0);
    expect(prettier(project.writeClass('Squashed', 'public with sharing class Squashed{public void run(){}}'))).toBe(1);
    expect(prettier(project.writeClass('Broken', 'public class Broken { void run( }'))).toBe(2);
  });
});

describe('ESLint gate', () => {
  // The CLI, as `npm run lint` runs it, with the text on standard input (ESLint's config loading needs a real Node).
  const ruleIds = (code: string, filePath: string): (string | null)[] => {
    const result = spawnSync(
      join(repoRoot, 'node_modules', '.bin', 'eslint'),
      ['--format', 'json', '--stdin', '--stdin-filename', join(repoRoot, filePath)],
      { cwd: repoRoot, input: code, encoding: 'utf8' }
    );
    return eslintReport
      .parse(JSON.parse(result.stdout))
      .flatMap((file) => file.messages.map((message) => message.ruleId));
  };

  it('applies the type-aware TypeScript rules to the relay and tooling', () => {
    // Linted as the text of an existing file: the project service only type-checks files the tsconfig holds.
    const floating =
      'export async function save(): Promise<void> { await Promise.resolve(); }\nexport function run(): void { save(); }\n';
    expect(ruleIds(floating, 'scripts/checks/files.ts')).toContain('@typescript-eslint/no-floating-promises');
  });

  it("applies Salesforce's LWC rules to components", () => {
    const reassignment =
      "import { LightningElement, api } from 'lwc';\nexport default class Panel extends LightningElement {\n  @api recordId;\n  connectedCallback() { this.recordId = 'x'; }\n}\n";
    expect(ruleIds(reassignment, 'force-app/main/default/lwc/panel/panel.js')).toContain(
      '@lwc/lwc/no-api-reassignments'
    );
  });
});

describe('TypeScript gate', () => {
  it('rejects what the strict settings forbid', () => {
    const probe = new ProbeProject();
    try {
      writeFileSync(
        join(probe.dir, 'probe.ts'),
        'const scores: number[] = [];\nexport const first: number = scores[0];\n'
      );
      writeFileSync(
        join(probe.dir, 'tsconfig.json'),
        JSON.stringify({
          extends: join(repoRoot, 'tsconfig.json'),
          compilerOptions: { typeRoots: [join(repoRoot, 'node_modules', '@types')] },
          include: ['probe.ts']
        })
      );
      const result = spawnSync(join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-p', probe.dir, '--noEmit'], {
        encoding: 'utf8'
      });
      // noUncheckedIndexedAccess: an array element may be undefined.
      expect(result.stdout).toContain("error TS2322: Type 'number | undefined' is not assignable to type 'number'");
      expect(result.status).not.toBe(0);
    } finally {
      probe.remove();
    }
  });
});
