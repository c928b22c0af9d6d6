/**
 * The Apex an admin copies from the recipe builder so that a custom object's changes reach monday in real time
 * (issue 17): a one-line trigger that calls the package's entry point, and a test class that runs it (Salesforce
 * deploys a trigger to production only with a test that covers it). Apart from any screen, so that jest checks the
 * text itself, Apex grammar included.
 */

/** Apex names classes and triggers in at most 40 characters; the test class adds "Test". */
const NAME_LIMIT = 40;
const TEST_SUFFIX = 'Test';

/** The trigger events the entry point needs: after the save, every kind of change. */
export const TRIGGER_EVENTS = 'after insert, after update, after delete, after undelete';

/**
 * The trigger's name: MondaySync and the object's name (Invoice__c → MondaySyncInvoice; acme__Invoice__c →
 * MondaySyncacme_Invoice), a valid Apex name (no double or trailing underscore) that leaves room for "Test".
 */
export function triggerName(objectApiName) {
  const base = String(objectApiName || '')
    .replace(/__c$/i, '')
    .replace(/[^A-Za-z0-9_]/g, '')
    .replace(/_+/g, '_');
  return `MondaySync${base}`.slice(0, NAME_LIMIT - TEST_SUFFIX.length).replace(/_+$/, '');
}

export function testClassName(objectApiName) {
  return `${triggerName(objectApiName)}${TEST_SUFFIX}`;
}

/**
 * @param objectApiName the custom object
 * @param entryPoint the call as the org knows it, from the server: `mondaysync.MondaySyncTrigger.captureChanges()`
 *   once the package is installed, without the namespace in the package's own development org
 */
export function triggerSnippet(objectApiName, entryPoint) {
  return [
    `trigger ${triggerName(objectApiName)} on ${objectApiName}(${TRIGGER_EVENTS}) {`,
    `  ${entryPoint};`,
    '}',
    ''
  ].join('\n');
}

function apexString(text) {
  return `'${String(text).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const TEXT_TYPES = ['string', 'textarea', 'encryptedstring', 'combobox'];
const NUMBER_TYPES = ['int', 'long', 'double', 'currency', 'percent'];
const LITERALS = {
  email: apexString('monday.sync@example.com'),
  phone: apexString('555-0100'),
  url: apexString('https://example.com'),
  date: 'Date.today()',
  datetime: 'Datetime.now()',
  time: 'Time.newInstance(12, 0, 0, 0)',
  boolean: 'true'
};

/** A value Apex accepts for a field of this type, or null when the admin must choose it (a lookup's record). */
function sampleValue(field) {
  if (TEXT_TYPES.includes(field.type)) {
    return apexString('Test');
  }
  if (NUMBER_TYPES.includes(field.type)) {
    return '1';
  }
  if (field.type === 'picklist' || field.type === 'multipicklist') {
    const first = (field.picklistValues || [])[0];
    return apexString(first ? first.value : 'Test');
  }
  return LITERALS[field.type] || null;
}

/**
 * A test class that inserts, updates, deletes and undeletes one record, so that each of the trigger's events runs.
 * It sets the fields Salesforce requires to create a record (from the builder's describe); a required lookup needs a
 * record only the admin can choose, so a comment where the record is made names it.
 *
 * @param objectApiName the custom object
 * @param fields the object's fields as the builder describes them (requiredOnCreate, type, picklistValues)
 */
export function testClassSnippet(objectApiName, fields) {
  const required = (fields || []).filter((field) => field.requiredOnCreate);
  const assignments = [];
  const toChoose = [];
  required.forEach((field) => {
    const value = sampleValue(field);
    if (value === null) {
      toChoose.push(field.apiName);
    } else {
      assignments.push(`${field.apiName} = ${value}`);
    }
  });
  const oneLine = `    ${objectApiName} record = new ${objectApiName}(${assignments.join(', ')});`;
  const construction =
    oneLine.length <= 120
      ? [oneLine]
      : [
          `    ${objectApiName} record = new ${objectApiName}(`,
          assignments.map((assignment) => `      ${assignment}`).join(',\n'),
          '    );'
        ];
  const choose = toChoose.map(
    (name) => `    // Required, and only you know which record: set record.${name} before the insert.`
  );
  return [
    '@IsTest',
    `private class ${testClassName(objectApiName)} {`,
    `  // Runs ${triggerName(objectApiName)} on each of its events, as Salesforce requires of a trigger before it`,
    '  // deploys it to production. What monday Sync does with the changes is tested in the package.',
    '  @IsTest',
    '  static void savesThroughTheMondaySyncTrigger() {',
    ...construction,
    ...choose,
    '    insert record;',
    '    update record;',
    '    delete record;',
    '    undelete record;',
    `    Assert.areEqual(1, [SELECT COUNT() FROM ${objectApiName} WHERE Id = :record.Id], 'Saved, deleted, restored');`,
    '  }',
    '}',
    ''
  ].join('\n');
}
