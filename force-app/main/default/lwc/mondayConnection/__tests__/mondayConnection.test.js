import { createElement } from 'lwc';
import { registerSa11yMatcher } from '@sa11y/jest';
import MondayConnection from 'c/mondayConnection';
import getStatus from '@salesforce/apex/MondayConnectionController.getStatus';
import testConnection from '@salesforce/apex/MondayConnectionController.testConnection';

jest.mock('@salesforce/apex/MondayConnectionController.getStatus', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/MondayConnectionController.testConnection', () => ({ default: jest.fn() }), {
  virtual: true
});

const CONNECTED = require('./data/statusConnected.json');
const NOT_CONNECTED = require('./data/statusNotConnected.json');
const WITH_PROBLEMS = require('./data/statusWithProblems.json');
const TEST_SUCCEEDED = require('./data/testSucceeded.json');
const TEST_MONDAY_REFUSED = require('./data/testMondayRefused.json');

/** An Apex failure as Lightning hands it to a component (AuraHandledException). */
const apexError = (message) => ({ status: 500, body: { message }, statusText: 'Server Error' });

beforeAll(() => {
  registerSa11yMatcher();
});

let openedTab;

beforeEach(() => {
  openedTab = { opener: 'the Salesforce tab' };
  jest.spyOn(window, 'open').mockImplementation(() => openedTab);
});

afterEach(() => {
  while (document.body.firstChild) {
    document.body.removeChild(document.body.firstChild);
  }
  jest.restoreAllMocks();
  jest.clearAllMocks();
});

const flush = async () => {
  for (let turn = 0; turn < 5; turn += 1) {
    // eslint-disable-next-line no-await-in-loop
    await Promise.resolve();
  }
};

async function mount(status) {
  getStatus.mockResolvedValue(status);
  const element = createElement('c-monday-connection', { is: MondayConnection });
  document.body.appendChild(element);
  await flush();
  return element;
}

const q = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);
const qa = (element, id) => [...element.shadowRoot.querySelectorAll(`[data-id="${id}"]`)];
const text = (element, id) => q(element, id).textContent.trim();

describe('c-monday-connection', () => {
  it('shows the relay, the Salesforce authorization, the monday account and the last deliveries', async () => {
    const element = await mount(CONNECTED);
    expect(getStatus).toHaveBeenCalledTimes(1);
    expect(text(element, 'callout-url')).toBe('https://relay.acme.test');
    expect(text(element, 'relay-url')).toBe('https://relay.acme.test/');
    expect(text(element, 'connection-id')).toBe('c_prod-connection_01');
    expect(text(element, 'status')).toBe('c.MondaySync_StatusActive');
    expect(q(element, 'status').className).toContain('slds-theme_success');
    expect(text(element, 'connected-by')).toBe('Ada Admin');
    expect(q(element, 'connected-at').querySelector('lightning-formatted-date-time').value).toBe(
      '2026-12-01T09:30:00.000Z'
    );
    expect(text(element, 'monday-account')).toBe('Acme Corp');
    expect(q(element, 'last-to-relay').querySelector('lightning-formatted-date-time').value).toBe(
      '2026-12-02T08:15:00.000Z'
    );
    expect(q(element, 'last-from-monday').querySelector('lightning-formatted-date-time').value).toBe(
      '2026-12-02T07:45:00.000Z'
    );
    expect(q(element, 'relay-to-monday')).toBeNull();
    expect(q(element, 'problems')).toBeNull();
    expect(q(element, 'connect')).toBeNull();
    expect(q(element, 'reconnect')).not.toBeNull();
    expect(q(element, 'disconnect')).not.toBeNull();
    expect(q(element, 'test')).not.toBeNull();
    await expect(element).toBeAccessible();
  });

  it('lists each problem with what to do, and marks a refused connection', async () => {
    const element = await mount(WITH_PROBLEMS);
    const problems = qa(element, 'problem');
    expect(problems.map((problem) => problem.dataset.code)).toEqual([
      'SALESFORCE_REFUSED',
      'URL_MISMATCH',
      'CALLOUTS_DISABLED',
      'NO_CREDENTIAL_ACCESS'
    ]);
    expect(problems[0].textContent).toContain('Click Reconnect');
    expect(problems[1].textContent).toContain('set its URL to https://relay.acme.test');
    expect(problems[2].textContent).toContain('Enabled for Callouts');
    expect(problems[3].textContent).toContain('permission set');
    expect(text(element, 'status')).toBe('c.MondaySync_StatusSalesforceRefused');
    expect(q(element, 'status').className).toContain('slds-theme_error');
    expect(text(element, 'last-from-monday')).toBe('c.MondaySync_ConnectionNever');
    // A refused connection is still a connection: Reconnect, not Connect.
    expect(q(element, 'reconnect').disabled).toBe(false);
    expect(q(element, 'connect')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('offers Connect, opening the relay page with the My Domain name, sandbox and language', async () => {
    const element = await mount(NOT_CONNECTED);
    expect(q(element, 'reconnect')).toBeNull();
    expect(q(element, 'disconnect')).toBeNull();
    expect(q(element, 'test')).toBeNull();
    expect(qa(element, 'problem').map((problem) => problem.dataset.code)).toEqual(['NOT_CONNECTED']);
    expect(text(element, 'connection-id')).toBe('c.MondaySync_ConnectionNotSet');
    q(element, 'connect').click();
    expect(window.open).toHaveBeenCalledWith(
      'https://relay.acme.test/connect?subdomain=acme--uat&sandbox=1&lang=en',
      '_blank'
    );
    expect(openedTab.opener).toBeNull();
  });

  it('builds the Connect URL of a production org without a My Domain name it knows', async () => {
    const element = await mount({ ...NOT_CONNECTED, orgSubdomain: null, isSandbox: false });
    q(element, 'connect').click();
    expect(window.open).toHaveBeenCalledWith('https://relay.acme.test/connect?sandbox=0&lang=en', '_blank');
  });

  it('reconnects the same connection, and disconnects it on the relay', async () => {
    const element = await mount(CONNECTED);
    q(element, 'reconnect').click();
    expect(window.open).toHaveBeenLastCalledWith(
      'https://relay.acme.test/connect?subdomain=acme&sandbox=0&lang=en&connection=c_prod-connection_01',
      '_blank'
    );
    q(element, 'disconnect').click();
    expect(window.open).toHaveBeenLastCalledWith(
      'https://relay.acme.test/connections/c_prod-connection_01/disconnect?lang=en',
      '_blank'
    );
  });

  it('offers Connect again for a disconnected connection', async () => {
    const element = await mount({ ...CONNECTED, status: 'disconnected' });
    expect(text(element, 'status')).toBe('c.MondaySync_StatusDisconnected');
    expect(q(element, 'reconnect')).toBeNull();
    expect(q(element, 'test')).toBeNull();
    q(element, 'connect').click();
    expect(window.open).toHaveBeenCalledWith(
      'https://relay.acme.test/connect?subdomain=acme&sandbox=0&lang=en',
      '_blank'
    );
  });

  it('offers no relay page while the named credential still points nowhere usable', async () => {
    const placeholder = await mount({
      ...NOT_CONNECTED,
      namedCredentialUrl: 'https://relay.example.com',
      problems: [{ code: 'RELAY_URL_NOT_SET', message: 'Set the URL of the named credential first.' }]
    });
    expect(q(placeholder, 'connect').disabled).toBe(true);
    const unsafe = await mount({
      ...NOT_CONNECTED,
      namedCredentialUrl: ['javascript', 'alert(1)'].join(':'),
      problems: []
    });
    expect(q(unsafe, 'connect').disabled).toBe(true);
    const plainHttp = await mount({ ...NOT_CONNECTED, namedCredentialUrl: 'http://relay.acme.test', problems: [] });
    expect(q(plainHttp, 'connect').disabled).toBe(true);
    const localMode = await mount({ ...NOT_CONNECTED, namedCredentialUrl: 'http://127.0.0.1:8080/', problems: [] });
    expect(q(localMode, 'connect').disabled).toBe(false);
    q(localMode, 'connect').click();
    expect(window.open).toHaveBeenCalledWith(
      'http://127.0.0.1:8080/connect?subdomain=acme--uat&sandbox=1&lang=en',
      '_blank'
    );
  });

  it('shows the relay page as a link when the browser blocks the new tab', async () => {
    window.open.mockImplementation(() => null);
    const element = await mount(NOT_CONNECTED);
    q(element, 'connect').click();
    await flush();
    const url = 'https://relay.acme.test/connect?subdomain=acme--uat&sandbox=1&lang=en';
    expect(text(element, 'blocked')).toContain(url);
    expect(q(element, 'blocked-link').getAttribute('href')).toBe(url);
  });

  it('tests the connection, says it works, and reads the status again', async () => {
    const element = await mount(CONNECTED);
    testConnection.mockResolvedValue(TEST_SUCCEEDED);
    const toasts = [];
    element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));
    q(element, 'test').click();
    await flush();
    expect(testConnection).toHaveBeenCalledTimes(1);
    expect(toasts).toEqual([{ title: 'c.MondaySync_TestSucceeded', message: '', variant: 'success' }]);
    expect(getStatus).toHaveBeenCalledTimes(2);
    expect(q(element, 'relay-to-monday').querySelector('lightning-formatted-date-time').value).toBe(
      '2026-12-02T08:16:00.000Z'
    );
    expect(text(element, 'relay-to-salesforce')).toBe('c.MondaySync_ConnectionNever');
    expect(q(element, 'test-error')).toBeNull();
  });

  it('warns when the relay answers that one side refused it', async () => {
    const element = await mount(CONNECTED);
    testConnection.mockResolvedValue(TEST_MONDAY_REFUSED);
    getStatus.mockResolvedValue({
      ...CONNECTED,
      status: 'monday_refused',
      problems: [{ code: 'MONDAY_REFUSED', message: TEST_MONDAY_REFUSED.message }]
    });
    const toasts = [];
    element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));
    q(element, 'test').click();
    await flush();
    expect(toasts).toEqual([
      { title: 'c.MondaySync_ConnectionTestAttention', message: TEST_MONDAY_REFUSED.message, variant: 'warning' }
    ]);
    expect(text(element, 'status')).toBe('c.MondaySync_StatusMondayRefused');
    expect(qa(element, 'problem').map((problem) => problem.dataset.code)).toEqual(['MONDAY_REFUSED']);
  });

  it('shows why a test failed, and keeps the status', async () => {
    const element = await mount(CONNECTED);
    testConnection.mockRejectedValue(
      apexError(
        "The relay refused the package's signature: the signing secret this org holds is not the one the relay holds for this connection. Click Reconnect: the relay then gives the package a new secret."
      )
    );
    const toasts = [];
    element.addEventListener('lightning__showtoast', (event) => toasts.push(event.detail));
    q(element, 'test').click();
    await flush();
    const panel = q(element, 'test-error');
    expect(panel.getAttribute('role')).toBe('alert');
    expect(panel.textContent).toContain('c.MondaySync_ConnectionTestFailed');
    expect(panel.textContent).toContain('Click Reconnect');
    expect(toasts).toEqual([]);
    expect(getStatus).toHaveBeenCalledTimes(1);
    expect(text(element, 'status')).toBe('c.MondaySync_StatusActive');
    expect(q(element, 'test').disabled).toBe(false);
    await expect(element).toBeAccessible();
  });

  it('says the connection could not be read, and reads it again on Refresh', async () => {
    getStatus.mockRejectedValue(apexError('You need the Manage the monday Sync connection permission.'));
    const element = createElement('c-monday-connection', { is: MondayConnection });
    document.body.appendChild(element);
    await flush();
    const panel = q(element, 'load-error');
    expect(panel.textContent).toContain('c.MondaySync_ConnectionLoadError');
    expect(panel.textContent).toContain('You need the Manage the monday Sync connection permission.');
    expect(q(element, 'connect')).toBeNull();
    expect(q(element, 'reconnect')).toBeNull();
    expect(q(element, 'test')).toBeNull();
    expect(q(element, 'relay')).toBeNull();
    await expect(element).toBeAccessible();

    getStatus.mockResolvedValue(CONNECTED);
    q(element, 'refresh').click();
    await flush();
    expect(getStatus).toHaveBeenCalledTimes(2);
    expect(q(element, 'load-error')).toBeNull();
    expect(text(element, 'connection-id')).toBe('c_prod-connection_01');
  });

  it('refreshes the status the relay changed meanwhile', async () => {
    const element = await mount(NOT_CONNECTED);
    getStatus.mockResolvedValue(CONNECTED);
    q(element, 'refresh').click();
    await flush();
    expect(getStatus).toHaveBeenCalledTimes(2);
    expect(q(element, 'connect')).toBeNull();
    expect(text(element, 'monday-account')).toBe('Acme Corp');
  });
});
