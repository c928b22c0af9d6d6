import { createElement } from 'lwc';
import { registerSa11yMatcher } from '@sa11y/jest';
import MondayChangeCapture from 'c/mondayChangeCapture';
import getChangeCapture from '@salesforce/apex/MondayChangeCaptureController.getChangeCapture';

jest.mock('@salesforce/apex/MondayChangeCaptureController.getChangeCapture', () => ({ default: jest.fn() }), {
  virtual: true
});

const POLLED = require('./data/captureInvoicePolled.json');
const REAL_TIME = require('./data/captureInvoiceRealTime.json');
const FIELDS = require('./data/invoiceFields.json');

const TRIGGER = [
  'trigger MondaySyncInvoice on Invoice__c(after insert, after update, after delete, after undelete) {',
  '  mondaysync.MondaySyncTrigger.captureChanges();',
  '}',
  ''
].join('\n');

beforeAll(() => {
  registerSa11yMatcher();
});

afterEach(() => {
  while (document.body.firstChild) {
    document.body.removeChild(document.body.firstChild);
  }
  jest.clearAllMocks();
  delete navigator.clipboard;
  delete document.execCommand;
});

const flush = async () => {
  for (let turn = 0; turn < 5; turn += 1) {
    // eslint-disable-next-line no-await-in-loop
    await Promise.resolve();
  }
};

function useClipboard(writeText) {
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
}

async function mount(properties) {
  const element = createElement('c-monday-change-capture', { is: MondayChangeCapture });
  Object.assign(element, properties);
  document.body.appendChild(element);
  await flush();
  return element;
}

const q = (element, id) => element.shadowRoot.querySelector(`[data-id="${id}"]`);

describe('c-monday-change-capture', () => {
  it('shows both ways, the trigger with the object and the namespace, and the object as polled until a trigger is seen', async () => {
    getChangeCapture.mockResolvedValue(POLLED);
    const element = await mount({ objectApiName: 'Invoice__c', fields: FIELDS });

    expect(getChangeCapture).toHaveBeenCalledWith({ objectApiName: 'Invoice__c' });
    expect(q(element, 'capture-title').textContent).toBe('c.MondaySync_CaptureTitle'.replace('{0}', 'Invoice__c'));
    expect(q(element, 'capture-uses').textContent).toBe('c.MondaySync_CaptureUsesPolling');
    expect(q(element, 'last-pushed')).toBeNull();
    expect(q(element, 'way-polling').textContent).toContain('c.MondaySync_CapturePolling');
    expect(q(element, 'way-trigger').textContent).toContain('c.MondaySync_CaptureTrigger');
    expect(q(element, 'trigger-code').value).toBe(TRIGGER);
    const test = q(element, 'test-code').value;
    expect(test).toContain('private class MondaySyncInvoiceTest {');
    expect(test).toContain("Invoice__c record = new Invoice__c(Name = 'Test', Amount__c = 1);");
    expect(test).toContain('set record.Account__c before the insert');
    expect(test).not.toContain('Notes__c');
    expect(q(element, 'copy-trigger').label).toBe('c.MondaySync_CaptureCopyTrigger');
    expect(q(element, 'copy-test').label).toBe('c.MondaySync_CaptureCopyTest');
    await expect(element).toBeAccessible();
  });

  it("says real time, with when a trigger last sent the object's changes", async () => {
    getChangeCapture.mockResolvedValue(REAL_TIME);
    const element = await mount({ objectApiName: 'Invoice__c', fields: FIELDS });
    expect(q(element, 'capture-uses').textContent).toContain('c.MondaySync_CaptureUsesTrigger');
    expect(q(element, 'capture-uses').textContent).not.toContain('c.MondaySync_CaptureUsesPolling');
    expect(q(element, 'last-pushed').value).toBe('2026-12-02T10:42:00.000Z');
    // The other way stays offered: a trigger removed later means polling again.
    expect(q(element, 'way-polling')).not.toBeNull();
  });

  it('gives the trigger without a prefix where the package has no namespace', async () => {
    getChangeCapture.mockResolvedValue({ ...POLLED, entryPoint: 'MondaySyncTrigger.captureChanges()' });
    const element = await mount({ objectApiName: 'Invoice__c', fields: FIELDS });
    expect(q(element, 'trigger-code').value).toContain('\n  MondaySyncTrigger.captureChanges();\n');
    expect(q(element, 'trigger-code').value).not.toContain('mondaysync.');
  });

  it('copies each snippet with the clipboard and shows which one was copied', async () => {
    getChangeCapture.mockResolvedValue(POLLED);
    const writeText = jest.fn().mockResolvedValue(undefined);
    useClipboard(writeText);
    const element = await mount({ objectApiName: 'Invoice__c', fields: FIELDS });

    q(element, 'copy-trigger').click();
    await flush();
    expect(writeText).toHaveBeenLastCalledWith(TRIGGER);
    expect(q(element, 'copy-trigger').label).toBe('c.MondaySync_CaptureCopied');
    expect(q(element, 'copy-trigger').iconName).toBe('utility:check');
    expect(q(element, 'copy-status').textContent).toBe('c.MondaySync_CaptureCopied');
    expect(q(element, 'copy-test').label).toBe('c.MondaySync_CaptureCopyTest');

    q(element, 'copy-test').click();
    await flush();
    expect(writeText).toHaveBeenLastCalledWith(q(element, 'test-code').value);
    expect(q(element, 'copy-test').label).toBe('c.MondaySync_CaptureCopied');
    expect(q(element, 'copy-trigger').label).toBe('c.MondaySync_CaptureCopyTrigger');
    expect(q(element, 'copy-error')).toBeNull();
  });

  it('falls back to selecting the text and copying it when the clipboard API is refused', async () => {
    getChangeCapture.mockResolvedValue(POLLED);
    useClipboard(jest.fn().mockRejectedValue(new Error('NotAllowedError')));
    document.execCommand = jest.fn(() => true);
    const element = await mount({ objectApiName: 'Invoice__c', fields: FIELDS });

    q(element, 'copy-trigger').click();
    await flush();
    expect(document.execCommand).toHaveBeenCalledWith('copy');
    const area = q(element, 'trigger-code');
    expect(area.value.slice(area.selectionStart, area.selectionEnd)).toBe(TRIGGER);
    expect(q(element, 'copy-trigger').label).toBe('c.MondaySync_CaptureCopied');
  });

  it('says how to copy by hand when no way of copying works, the text left selected', async () => {
    getChangeCapture.mockResolvedValue(POLLED);
    document.execCommand = jest.fn(() => false);
    const element = await mount({ objectApiName: 'Invoice__c', fields: FIELDS });

    q(element, 'copy-test').click();
    await flush();
    expect(q(element, 'copy-error').textContent).toBe('c.MondaySync_CaptureCopyFailed');
    expect(q(element, 'copy-test').label).toBe('c.MondaySync_CaptureCopyTest');
    expect(q(element, 'copy-status').textContent).toBe('');
    const area = q(element, 'test-code');
    expect(area.selectionEnd - area.selectionStart).toBe(area.value.length);
  });

  it("shows the server's message when it cannot say how the object is captured, and no snippet", async () => {
    getChangeCapture.mockRejectedValue({ body: { message: 'Ask your Salesforce admin for the permission set.' } });
    const element = await mount({ objectApiName: 'Invoice__c', fields: FIELDS });
    expect(q(element, 'capture-error').textContent).toBe('Ask your Salesforce admin for the permission set.');
    expect(q(element, 'trigger-code')).toBeNull();
    expect(q(element, 'capture-loading')).toBeNull();
  });

  it('reads the capture again for another object, and ignores an answer that comes too late', async () => {
    let answerFirst;
    getChangeCapture.mockImplementationOnce(
      () =>
        new Promise((resolve) => {
          answerFirst = resolve;
        })
    );
    getChangeCapture.mockResolvedValueOnce({ ...REAL_TIME, objectApiName: 'Shipment__c' });
    const element = await mount({ objectApiName: 'Invoice__c', fields: [] });
    expect(q(element, 'capture-loading')).not.toBeNull();

    element.objectApiName = 'Shipment__c';
    await flush();
    answerFirst(POLLED);
    await flush();
    expect(getChangeCapture).toHaveBeenLastCalledWith({ objectApiName: 'Shipment__c' });
    expect(q(element, 'trigger-code').value).toContain('trigger MondaySyncShipment on Shipment__c(');
    expect(q(element, 'last-pushed')).not.toBeNull();
    expect(q(element, 'capture-loading')).toBeNull();
  });
});
