// The stand-in's describe answers have the shape and flags of real ones: compared, field by field, with describe
// answers recorded from real orgs (shared/salesforce).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SalesforceFixture, startSalesforce } from '../../../../test/salesforce-standin';
import { sharedMaterial } from '../../../../test/shared-material';
import { field } from '../describe/fields';

const recordedDir = sharedMaterial('salesforce', 'SALESFORCE_DESCRIBES');
const recorded = (file: string): any => JSON.parse(readFileSync(join(recordedDir ?? '', file), 'utf8'));
const withRecordings = recordedDir ? it : it.skip;

let fixture: SalesforceFixture;
beforeAll(async () => {
  fixture = await startSalesforce();
});
afterAll(async () => {
  await fixture.standIn.close();
});

const flags = [
  'type',
  'createable',
  'updateable',
  'nillable',
  'defaultedOnCreate',
  'soapType',
  'restrictedPicklist'
] as const;

function differences(ours: any, real: any, checkCompound: boolean): string[] {
  const realFields = new Map<string, any>(real.fields.map((field: any) => [field.name, field]));
  return ours.fields.flatMap((field: any) => {
    const twin = realFields.get(field.name);
    if (!twin) return [];
    const checked = checkCompound ? [...flags, 'compoundFieldName'] : flags;
    return checked
      .filter((flag) => field[flag] !== twin[flag])
      .map((flag) => `${field.name}.${flag}: ours ${field[flag]}, real ${twin[flag]}`);
  });
}

describe('describe', () => {
  withRecordings('answers every property a real describe has, for the object and each field', async () => {
    const real = recorded('account-describe-v46.json');
    const ours = (await fixture.rest('GET', '/sobjects/Account/describe')).body;
    expect(Object.keys(ours).sort()).toEqual(Object.keys(real).sort());
    for (const field of ours.fields) expect(Object.keys(field).sort()).toEqual(Object.keys(real.fields[0]).sort());
  });

  withRecordings("gives Account's fields the flags a real org gives them", async () => {
    const ours = (await fixture.rest('GET', '/sobjects/Account/describe')).body;
    const real = recorded('account-describe-v46.json');
    expect(differences(ours, real, true)).toEqual([]);
    const shared = ours.fields.filter((field: any) => real.fields.some((twin: any) => twin.name === field.name));
    expect(shared.length).toBeGreaterThanOrEqual(35);
  });

  withRecordings("gives Contact's fields the flags a real org gives them", async () => {
    const ours = (await fixture.rest('GET', '/sobjects/Contact/describe')).body;
    // Recorded on API v25, before compound fields existed: compoundFieldName is not compared.
    expect(differences(ours, recorded('contact-describe-v25.json'), false)).toEqual([]);
  });

  it('describes the eight standard objects and answers 404 for an unknown one', async () => {
    for (const name of ['Campaign', 'Account', 'Case', 'Lead', 'Opportunity', 'Contact', 'Order', 'User']) {
      const answer = await fixture.rest('GET', `/sobjects/${name}/describe`);
      expect(answer.status).toBe(200);
      expect(answer.body.name).toBe(name);
    }
    const unknown = await fixture.rest('GET', '/sobjects/Spaceship/describe');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual([
      { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist', fields: [] }
    ]);
  });

  it('marks required, defaulted, read-only and restricted fields as the Object Reference does', async () => {
    const fields = async (object: string) =>
      new Map<string, any>(
        (await fixture.rest('GET', `/sobjects/${object}/describe`)).body.fields.map((field: any) => [field.name, field])
      );
    const lead = await fields('Lead');
    expect(lead.get('LastName')).toMatchObject({ createable: true, nillable: false, defaultedOnCreate: false });
    expect(lead.get('Company')).toMatchObject({ nillable: false });
    expect(lead.get('Status')).toMatchObject({ nillable: false, defaultedOnCreate: true, restrictedPicklist: true });
    expect(lead.get('Name')).toMatchObject({ createable: false, updateable: false });
    expect(lead.get('Address')).toMatchObject({ type: 'address', createable: false, updateable: false });
    expect(lead.get('City')).toMatchObject({ compoundFieldName: 'Address', createable: true });
    const opportunity = await fields('Opportunity');
    expect(opportunity.get('ExpectedRevenue')).toMatchObject({ calculated: true, createable: false });
    expect(opportunity.get('StageName')).toMatchObject({ nillable: false, restrictedPicklist: true });
    const caseFields = await fields('Case');
    expect(caseFields.get('CaseNumber')).toMatchObject({ autoNumber: true, createable: false });
  });

  it('describes custom objects and fields a test defines', async () => {
    fixture.standIn.store.defineCustomObject({
      name: 'Invoice__c',
      label: 'Invoice',
      fields: [field('Total__c', 'currency')]
    });
    const answer = await fixture.rest('GET', '/sobjects/Invoice__c/describe');
    expect(answer.body).toMatchObject({ name: 'Invoice__c', custom: true, keyPrefix: expect.stringMatching(/^a0/) });
    expect(answer.body.fields.find((candidate: any) => candidate.name === 'Total__c')).toMatchObject({
      custom: true,
      type: 'currency'
    });
  });
});
