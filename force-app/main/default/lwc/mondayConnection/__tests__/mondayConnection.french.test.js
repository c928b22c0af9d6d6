// The relay's pages in the admin's language: a test file of its own, because the language is read once, when the
// component's module loads.
import { createElement } from 'lwc';
import MondayConnection from 'c/mondayConnection';
import getStatus from '@salesforce/apex/MondayConnectionController.getStatus';

jest.mock('@salesforce/i18n/lang', () => ({ default: 'fr' }), { virtual: true });
jest.mock('@salesforce/apex/MondayConnectionController.getStatus', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/MondayConnectionController.testConnection', () => ({ default: jest.fn() }), {
  virtual: true
});

const CONNECTED = require('./data/statusConnected.json');

afterEach(() => {
  while (document.body.firstChild) {
    document.body.removeChild(document.body.firstChild);
  }
  jest.restoreAllMocks();
});

const flush = async () => {
  for (let turn = 0; turn < 5; turn += 1) {
    // eslint-disable-next-line no-await-in-loop
    await Promise.resolve();
  }
};

describe('c-monday-connection in French', () => {
  it('opens the relay pages in French', async () => {
    jest.spyOn(window, 'open').mockImplementation(() => ({}));
    getStatus.mockResolvedValue(CONNECTED);
    const element = createElement('c-monday-connection', { is: MondayConnection });
    document.body.appendChild(element);
    await flush();
    element.shadowRoot.querySelector('[data-id="reconnect"]').click();
    expect(window.open).toHaveBeenLastCalledWith(
      'https://relay.acme.test/connect?subdomain=acme&sandbox=0&lang=fr&connection=c_prod-connection_01',
      '_blank'
    );
    element.shadowRoot.querySelector('[data-id="disconnect"]').click();
    expect(window.open).toHaveBeenLastCalledWith(
      'https://relay.acme.test/connections/c_prod-connection_01/disconnect?lang=fr',
      '_blank'
    );
  });
});
