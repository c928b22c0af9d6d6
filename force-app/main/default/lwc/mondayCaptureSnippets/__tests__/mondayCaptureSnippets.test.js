import { ApexErrorListener } from '@apexdevtools/apex-parser/ApexErrorListener';
import { ApexParserFactory } from '@apexdevtools/apex-parser/ApexParserFactory';
import { testClassName, testClassSnippet, triggerName, triggerSnippet } from 'c/mondayCaptureSnippets';

const ENTRY_POINT = 'mondaysync.MondaySyncTrigger.captureChanges()';

/** Parses Apex with Salesforce's grammar (the same parser as the syntax gate): the errors, none when well formed. */
function apexSyntaxErrors(source, unit) {
  const errors = [];
  class Collecting extends ApexErrorListener {
    apexSyntaxError(line, column, message) {
      errors.push(`${line}:${column} ${message}`);
    }
  }
  const { parser } = ApexParserFactory.createLexerAndParser(source, new Collecting());
  if (unit === 'trigger') {
    parser.triggerUnit();
  } else {
    parser.compilationUnit();
  }
  return errors;
}

const field = (apiName, type, extra = {}) => ({ apiName, label: apiName, type, requiredOnCreate: true, ...extra });

describe('c-monday-capture-snippets', () => {
  it('names the trigger and its test after the object, within Apex naming rules', () => {
    expect(triggerName('Invoice__c')).toBe('MondaySyncInvoice');
    expect(testClassName('Invoice__c')).toBe('MondaySyncInvoiceTest');
    // Another package's object: its namespace kept, without the double underscore Apex names refuse.
    expect(triggerName('acme__Invoice_Line__c')).toBe('MondaySyncacme_Invoice_Line');
    // Cut to leave room for "Test" in 40 characters, without the underscore the cut left at the end.
    expect(triggerName('A_Very_Long_Custom_Object_Name_Of_Forty__c')).toBe('MondaySyncA_Very_Long_Custom_Object');
    expect(testClassName('Abcdefghijklmnopqrstuvwxyzabcdefghijklmn__c')).toBe(
      'MondaySyncAbcdefghijklmnopqrstuvwxyzTest'
    );
    expect(testClassName('Abcdefghijklmnopqrstuvwxyzabcdefghijklmn__c')).toHaveLength(40);
  });

  it('writes the one-line trigger with the object and the namespaced entry point, valid Apex', () => {
    const source = triggerSnippet('Invoice__c', ENTRY_POINT);
    expect(source).toBe(
      [
        'trigger MondaySyncInvoice on Invoice__c(after insert, after update, after delete, after undelete) {',
        '  mondaysync.MondaySyncTrigger.captureChanges();',
        '}',
        ''
      ].join('\n')
    );
    expect(apexSyntaxErrors(source, 'trigger')).toEqual([]);
    // Unmanaged (the package's own development org): no prefix.
    expect(triggerSnippet('Invoice__c', 'MondaySyncTrigger.captureChanges()')).toContain(
      '\n  MondaySyncTrigger.captureChanges();\n'
    );
  });

  it('writes a test class that runs each event of the trigger and asserts the record came back, valid Apex', () => {
    const source = testClassSnippet('Invoice__c', [field('Name', 'string', { requiredOnCreate: false })]);
    expect(source).toContain('private class MondaySyncInvoiceTest {');
    expect(source).toContain('    Invoice__c record = new Invoice__c();\n');
    expect(source.indexOf('insert record;')).toBeLessThan(source.indexOf('update record;'));
    expect(source.indexOf('delete record;')).toBeLessThan(source.indexOf('undelete record;'));
    expect(source).toContain('Assert.areEqual(1, [SELECT COUNT() FROM Invoice__c WHERE Id = :record.Id]');
    expect(source).not.toContain('mondaysync');
    expect(apexSyntaxErrors(source, 'class')).toEqual([]);
  });

  it('fills the fields Salesforce requires by type, and names the lookups only the admin can fill', () => {
    const fields = [
      field('Name', 'string'),
      field('Amount__c', 'currency'),
      field('Due__c', 'date'),
      field('Stage__c', 'picklist', { picklistValues: [{ value: "Owner's review", label: 'Review' }] }),
      field('Contact_Email__c', 'email'),
      field('Account__c', 'reference'),
      field('Notes__c', 'textarea', { requiredOnCreate: false })
    ];
    const source = testClassSnippet('Invoice__c', fields);
    expect(source).toContain('    Invoice__c record = new Invoice__c(\n');
    expect(source).toContain("      Name = 'Test',\n");
    expect(source).toContain('      Amount__c = 1,\n');
    expect(source).toContain('      Due__c = Date.today(),\n');
    expect(source).toContain("      Stage__c = 'Owner\\'s review',\n");
    expect(source).toContain("      Contact_Email__c = 'monday.sync@example.com'\n    );\n");
    expect(source).toContain('// Required, and only you know which record: set record.Account__c before the insert.');
    expect(source).not.toContain('Notes__c');
    expect(apexSyntaxErrors(source, 'class')).toEqual([]);
  });

  it('is caught by the parser when the Apex is broken, so the checks above mean something', () => {
    expect(apexSyntaxErrors('trigger T on Invoice__c(after insert) { x.y( }', 'trigger')).not.toEqual([]);
  });
});
