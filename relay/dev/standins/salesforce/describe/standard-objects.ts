// The standard objects the package supports (SPEC F6), with the fields a sync uses and the flags the Object
// Reference gives them: what is required, defaulted, read-only, restricted.
// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/
import { address, field, picklist, reference, systemFields } from './fields';
import type { RecordValues, SObjectDefinition } from './objects';

const industries = [
  'Agriculture',
  'Banking',
  'Consulting',
  'Education',
  'Energy',
  'Healthcare',
  'Manufacturing',
  'Media',
  'Retail',
  'Technology',
  'Other'
];
const leadSources = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];
const ratings = ['Hot', 'Warm', 'Cold'];

const joinName = (...parts: unknown[]): string =>
  parts.filter((part): part is string => typeof part === 'string' && part !== '').join(' ');

/** The read-only compound address, built from its components (null when all are empty). */
function compoundAddress(values: RecordValues, prefix: string): Record<string, unknown> | null {
  const parts = {
    city: values[`${prefix}City`] ?? null,
    country: values[`${prefix}Country`] ?? null,
    geocodeAccuracy: null,
    latitude: values[`${prefix}Latitude`] ?? null,
    longitude: values[`${prefix}Longitude`] ?? null,
    postalCode: values[`${prefix}PostalCode`] ?? null,
    state: values[`${prefix}State`] ?? null,
    street: values[`${prefix}Street`] ?? null
  };
  return Object.values(parts).every((part) => part === null) ? null : parts;
}

/** Salutation, first and last name, and the read-only full name built from them (Contact, Lead). */
const personName = () => [
  picklist('Salutation', ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.']),
  field('FirstName', 'string', { length: 40 }),
  field('LastName', 'string', { length: 80, required: true }),
  field('Name', 'string', { length: 121, readOnly: true, nillable: false, nameField: true, label: 'Full Name' })
];

const autoNumber = (name: string, label: string) =>
  field(name, 'string', {
    length: 30,
    readOnly: true,
    autoNumber: true,
    nillable: false,
    defaultedOnCreate: true,
    label
  });

const account: SObjectDefinition = {
  name: 'Account',
  label: 'Account',
  labelPlural: 'Accounts',
  keyPrefix: '001',
  custom: false,
  deletable: true,
  fields: [
    ...systemFields(),
    // Real orgs report Account.Name as part of a compound "Name" (person accounts); recorded describe, API v46.
    field('Name', 'string', { required: true, label: 'Account Name', nameField: true, compoundFieldName: 'Name' }),
    picklist('Type', ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Partner', 'Other'], {
      label: 'Account Type'
    }),
    reference('ParentId', 'Account', 'Parent'),
    ...address('Billing'),
    ...address('Shipping'),
    field('Phone', 'phone', { label: 'Account Phone' }),
    field('Fax', 'phone', { label: 'Account Fax' }),
    field('AccountNumber', 'string', { length: 40 }),
    field('Website', 'url'),
    picklist('Industry', industries),
    field('AnnualRevenue', 'currency', { scale: 0 }),
    field('NumberOfEmployees', 'int', { label: 'Employees' }),
    picklist('Ownership', ['Public', 'Private', 'Subsidiary', 'Other']),
    field('Description', 'textarea', { length: 32000, label: 'Account Description' }),
    picklist('Rating', ratings, { label: 'Account Rating' }),
    field('Site', 'string', { length: 80, label: 'Account Site' }),
    picklist('AccountSource', leadSources)
  ],
  derive: (values) => ({
    BillingAddress: compoundAddress(values, 'Billing'),
    ShippingAddress: compoundAddress(values, 'Shipping')
  })
};

const contact: SObjectDefinition = {
  name: 'Contact',
  label: 'Contact',
  labelPlural: 'Contacts',
  keyPrefix: '003',
  custom: false,
  deletable: true,
  fields: [
    ...systemFields(),
    reference('AccountId', 'Account', 'Account'),
    ...personName(),
    ...address('Mailing'),
    field('Phone', 'phone', { label: 'Business Phone' }),
    field('MobilePhone', 'phone', { label: 'Mobile Phone' }),
    field('Email', 'email', { idLookup: true }),
    field('Title', 'string', { length: 128 }),
    field('Department', 'string', { length: 80 }),
    field('Birthdate', 'date'),
    picklist('LeadSource', leadSources),
    field('Description', 'textarea', { length: 32000, label: 'Contact Description' }),
    field('HasOptedOutOfEmail', 'boolean', { label: 'Email Opt Out' }),
    field('DoNotCall', 'boolean')
  ],
  derive: (values) => ({
    Name: joinName(values.FirstName, values.LastName),
    MailingAddress: compoundAddress(values, 'Mailing')
  })
};

const lead: SObjectDefinition = {
  name: 'Lead',
  label: 'Lead',
  labelPlural: 'Leads',
  keyPrefix: '00Q',
  custom: false,
  deletable: true,
  fields: [
    ...systemFields(),
    ...personName(),
    field('Company', 'string', { required: true }),
    field('Title', 'string', { length: 128 }),
    ...address('', 'Address', 'Address'),
    field('Phone', 'phone'),
    field('MobilePhone', 'phone'),
    field('Email', 'email', { idLookup: true }),
    field('Website', 'url'),
    field('Description', 'textarea', { length: 32000 }),
    picklist('LeadSource', leadSources),
    // Lead Status is required, defaulted and restricted to the org's values (Object Reference, Lead.Status).
    picklist(
      'Status',
      ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'],
      {
        nillable: false,
        defaultedOnCreate: true,
        defaultValue: 'Open - Not Contacted',
        restrictedPicklist: true,
        label: 'Lead Status'
      }
    ),
    picklist('Industry', industries),
    picklist('Rating', ratings),
    field('AnnualRevenue', 'currency', { scale: 0 }),
    field('NumberOfEmployees', 'int'),
    field('HasOptedOutOfEmail', 'boolean', { label: 'Email Opt Out' }),
    field('IsConverted', 'boolean', { readOnly: true, label: 'Converted' })
  ],
  derive: (values) => ({ Name: joinName(values.FirstName, values.LastName), Address: compoundAddress(values, '') })
};

const stageProbabilities: Record<string, number> = {
  Prospecting: 10,
  Qualification: 10,
  'Needs Analysis': 20,
  'Value Proposition': 50,
  'Proposal/Price Quote': 75,
  'Negotiation/Review': 90,
  'Closed Won': 100,
  'Closed Lost': 0
};

const opportunity: SObjectDefinition = {
  name: 'Opportunity',
  label: 'Opportunity',
  labelPlural: 'Opportunities',
  keyPrefix: '006',
  custom: false,
  deletable: true,
  fields: [
    ...systemFields(),
    reference('AccountId', 'Account', 'Account'),
    field('Name', 'string', { length: 120, required: true, nameField: true }),
    field('Description', 'textarea', { length: 32000 }),
    picklist('StageName', Object.keys(stageProbabilities), {
      required: true,
      restrictedPicklist: true,
      label: 'Stage'
    }),
    field('Amount', 'currency'),
    field('Probability', 'percent', { precision: 3, scale: 0, defaultedOnCreate: true, label: 'Probability (%)' }),
    field('ExpectedRevenue', 'currency', {
      readOnly: true,
      calculatedFormula: 'Amount * Probability / 100',
      label: 'Expected Amount'
    }),
    field('CloseDate', 'date', { required: true }),
    picklist('Type', ['New Customer', 'Existing Customer - Upgrade', 'Existing Customer - Downgrade']),
    field('NextStep', 'string'),
    picklist('LeadSource', leadSources),
    field('IsClosed', 'boolean', { readOnly: true, label: 'Closed' }),
    field('IsWon', 'boolean', { readOnly: true, label: 'Won' })
  ],
  onCreate: (values) => ({
    Probability: values.Probability ?? stageProbabilities[String(values.StageName)] ?? null
  }),
  derive: (values) => {
    const amount = typeof values.Amount === 'number' ? values.Amount : null;
    const probability = typeof values.Probability === 'number' ? values.Probability : null;
    return {
      ExpectedRevenue: amount === null || probability === null ? null : (amount * probability) / 100,
      IsClosed: values.StageName === 'Closed Won' || values.StageName === 'Closed Lost',
      IsWon: values.StageName === 'Closed Won'
    };
  }
};

const caseObject: SObjectDefinition = {
  name: 'Case',
  label: 'Case',
  labelPlural: 'Cases',
  keyPrefix: '500',
  custom: false,
  deletable: true,
  fields: [
    ...systemFields(),
    autoNumber('CaseNumber', 'Case Number'),
    reference('ContactId', 'Contact', 'Contact'),
    reference('AccountId', 'Account', 'Account'),
    field('SuppliedName', 'string', { length: 80, label: 'Web Name' }),
    field('SuppliedEmail', 'email', { label: 'Web Email' }),
    field('SuppliedPhone', 'string', { length: 40, label: 'Web Phone' }),
    picklist('Type', ['Problem', 'Feature Request', 'Question']),
    picklist('Status', ['New', 'Working', 'Escalated', 'Closed'], { defaultedOnCreate: true, defaultValue: 'New' }),
    picklist('Reason', ['Installation', 'Equipment Complexity', 'Performance', 'Breakdown', 'Other'], {
      label: 'Case Reason'
    }),
    picklist('Origin', ['Phone', 'Email', 'Web'], { label: 'Case Origin' }),
    field('Subject', 'string'),
    picklist('Priority', ['High', 'Medium', 'Low'], { defaultedOnCreate: true, defaultValue: 'Medium' }),
    field('Description', 'textarea', { length: 32000 }),
    field('IsClosed', 'boolean', { readOnly: true, label: 'Closed' }),
    field('ClosedDate', 'datetime', { readOnly: true, label: 'Closed Date' })
  ],
  onCreate: (_values, sequence) => ({ CaseNumber: String(sequence).padStart(8, '0') }),
  derive: (values) => ({ IsClosed: values.Status === 'Closed' })
};

const campaign: SObjectDefinition = {
  name: 'Campaign',
  label: 'Campaign',
  labelPlural: 'Campaigns',
  keyPrefix: '701',
  custom: false,
  deletable: true,
  fields: [
    ...systemFields(),
    field('Name', 'string', { length: 80, required: true, nameField: true, label: 'Campaign Name' }),
    reference('ParentId', 'Campaign', 'Parent'),
    picklist('Type', ['Conference', 'Webinar', 'Trade Show', 'Email', 'Advertisement', 'Other']),
    picklist('Status', ['Planned', 'In Progress', 'Completed', 'Aborted']),
    field('StartDate', 'date'),
    field('EndDate', 'date'),
    field('ExpectedRevenue', 'currency', { scale: 0, label: 'Expected Revenue in Campaign' }),
    field('BudgetedCost', 'currency', { scale: 0 }),
    field('ActualCost', 'currency', { scale: 0 }),
    field('ExpectedResponse', 'percent', { precision: 10, scale: 2, label: 'Expected Response (%)' }),
    field('IsActive', 'boolean', { label: 'Active' }),
    field('Description', 'textarea', { length: 32000 }),
    field('NumberOfLeads', 'int', { readOnly: true, label: 'Leads in Campaign' })
  ],
  derive: () => ({ NumberOfLeads: 0 })
};

const order: SObjectDefinition = {
  name: 'Order',
  label: 'Order',
  labelPlural: 'Orders',
  keyPrefix: '801',
  custom: false,
  deletable: true,
  fields: [
    ...systemFields(),
    reference('AccountId', 'Account', 'Account', { required: true, label: 'Account ID' }),
    autoNumber('OrderNumber', 'Order Number'),
    field('EffectiveDate', 'date', { required: true, label: 'Order Start Date' }),
    field('EndDate', 'date', { label: 'Order End Date' }),
    // Order status is restricted to Draft/Activated categories (Object Reference, Order.Status).
    picklist('Status', ['Draft', 'Activated'], { required: true, restrictedPicklist: true }),
    picklist('Type', ['New', 'Renewal', 'Upgrade']),
    field('PoNumber', 'string', { length: 80, label: 'PO Number' }),
    field('Description', 'textarea', { length: 32000 }),
    ...address('Billing'),
    field('TotalAmount', 'currency', { readOnly: true, label: 'Order Amount' })
  ],
  onCreate: (_values, sequence) => ({ OrderNumber: String(sequence).padStart(8, '0'), TotalAmount: 0 }),
  derive: (values) => ({ BillingAddress: compoundAddress(values, 'Billing') })
};

const user: SObjectDefinition = {
  name: 'User',
  label: 'User',
  labelPlural: 'Users',
  keyPrefix: '005',
  custom: false,
  // Users are deactivated, never deleted.
  deletable: false,
  fields: [
    ...systemFields().filter((definition) => definition.name !== 'OwnerId'),
    field('Username', 'string', { length: 80, required: true, unique: true, idLookup: true }),
    field('FirstName', 'string', { length: 40 }),
    field('LastName', 'string', { length: 80, required: true }),
    field('Name', 'string', { length: 121, readOnly: true, nillable: false, nameField: true, label: 'Full Name' }),
    field('Alias', 'string', { length: 8, required: true }),
    field('CommunityNickname', 'string', { length: 40, required: true, label: 'Nickname' }),
    field('Email', 'email', { length: 128, required: true }),
    field('Title', 'string', { length: 80 }),
    field('Department', 'string', { length: 80 }),
    field('Phone', 'phone'),
    field('MobilePhone', 'phone'),
    field('IsActive', 'boolean', { label: 'Active' }),
    picklist('TimeZoneSidKey', ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'Europe/Paris', 'GMT'], {
      required: true,
      restrictedPicklist: true,
      label: 'Time Zone'
    }),
    picklist('LocaleSidKey', ['en_US', 'en_GB', 'fr_FR', 'fr_CA'], {
      required: true,
      restrictedPicklist: true,
      label: 'Locale'
    }),
    picklist('EmailEncodingKey', ['UTF-8', 'ISO-8859-1'], {
      required: true,
      restrictedPicklist: true,
      label: 'Email Encoding'
    }),
    picklist('LanguageLocaleKey', ['en_US', 'fr'], { required: true, restrictedPicklist: true, label: 'Language' }),
    reference('ProfileId', 'Profile', 'Profile', { required: true }),
    ...address('', 'Address', 'Address')
  ],
  derive: (values) => ({ Name: joinName(values.FirstName, values.LastName), Address: compoundAddress(values, '') })
};

export const standardObjects: SObjectDefinition[] = [
  account,
  contact,
  lead,
  opportunity,
  caseObject,
  campaign,
  order,
  user
];
