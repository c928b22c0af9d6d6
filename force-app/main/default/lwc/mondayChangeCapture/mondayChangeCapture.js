import { LightningElement, api } from 'lwc';
import getChangeCapture from '@salesforce/apex/MondayChangeCaptureController.getChangeCapture';
import { reduceErrors } from 'c/ldsUtils';
import { CAPTURE_LABELS, format } from 'c/mondayRecipeLabels';
import { testClassName, testClassSnippet, triggerName, triggerSnippet } from 'c/mondayCaptureSnippets';

const TRIGGER = 'trigger';
const TEST = 'test';

/**
 * For a Salesforce → monday recipe on a custom object (issue 17): the two ways its changes reach monday, polled by
 * the relay with nothing to install, or in real time through a one-line trigger, given here with its test class and
 * a Copy button each; and which way the object uses now (real time once a change has come through a trigger).
 */
export default class MondayChangeCapture extends LightningElement {
  /** The object's fields as the builder describes them: the test class fills those required on create. */
  @api fields = [];

  labels = CAPTURE_LABELS;
  capture;
  error;
  loading = false;
  copied;
  copyFailed = false;
  _objectApiName;
  request = 0;

  /** The custom object; its capture is read again each time it changes. */
  @api
  get objectApiName() {
    return this._objectApiName;
  }

  set objectApiName(value) {
    if (value !== this._objectApiName) {
      this._objectApiName = value;
      this.load();
    }
  }

  async load() {
    const request = ++this.request;
    this.capture = undefined;
    this.error = undefined;
    this.copied = undefined;
    this.copyFailed = false;
    if (!this._objectApiName) {
      return;
    }
    this.loading = true;
    try {
      const capture = await getChangeCapture({ objectApiName: this._objectApiName });
      if (request === this.request) {
        this.capture = capture;
      }
    } catch (error) {
      if (request === this.request) {
        this.error = reduceErrors(error).join(' ');
      }
    } finally {
      if (request === this.request) {
        this.loading = false;
      }
    }
  }

  get objectName() {
    return this.capture ? this.capture.objectApiName : this._objectApiName;
  }

  get title() {
    return format(this.labels.title, [this.objectName]);
  }

  get usesTrigger() {
    return !!(this.capture && this.capture.lastPushedAt);
  }

  /** The words around the date of "real time (trigger seen {0})", so that the date is shown in the user's locale. */
  get usesTriggerBefore() {
    return this.labels.usesTrigger.split('{0}')[0];
  }

  get usesTriggerAfter() {
    return this.labels.usesTrigger.split('{0}').slice(1).join('');
  }

  get triggerCode() {
    return this.capture ? triggerSnippet(this.objectName, this.capture.entryPoint) : '';
  }

  get testCode() {
    return this.capture ? testClassSnippet(this.objectName, this.fields) : '';
  }

  get triggerCodeLabel() {
    return format(this.labels.triggerCode, [triggerName(this.objectName)]);
  }

  get testCodeLabel() {
    return format(this.labels.testCode, [testClassName(this.objectName)]);
  }

  get triggerCopyLabel() {
    return this.copied === TRIGGER ? this.labels.copied : this.labels.copyTrigger;
  }

  get testCopyLabel() {
    return this.copied === TEST ? this.labels.copied : this.labels.copyTest;
  }

  get triggerCopyIcon() {
    return this.copied === TRIGGER ? 'utility:check' : 'utility:copy';
  }

  get testCopyIcon() {
    return this.copied === TEST ? 'utility:check' : 'utility:copy';
  }

  /** Said to screen readers when a copy succeeds. */
  get copyStatus() {
    return this.copied ? this.labels.copied : '';
  }

  handleCopyTrigger() {
    return this.copy(TRIGGER, this.triggerCode);
  }

  handleCopyTest() {
    return this.copy(TEST, this.testCode);
  }

  /** The clipboard API where the page may use it; otherwise the shown text, selected and copied the older way. */
  async copy(which, text) {
    this.copied = undefined;
    this.copyFailed = false;
    let done = false;
    try {
      if (navigator.clipboard && typeof navigator.clipboard.writeText === 'function') {
        await navigator.clipboard.writeText(text);
        done = true;
      }
    } catch {
      done = false;
    }
    if (!done) {
      done = this.copyBySelection(which);
    }
    this.copied = done ? which : undefined;
    this.copyFailed = !done;
  }

  /** Selects the code shown, so that when even this fails the person has only to press Ctrl+C. */
  copyBySelection(which) {
    const area = this.template.querySelector(`[data-id="${which}-code"]`);
    if (!area) {
      return false;
    }
    area.focus();
    area.select();
    try {
      return typeof document.execCommand === 'function' && document.execCommand('copy') === true;
    } catch {
      return false;
    }
  }
}
