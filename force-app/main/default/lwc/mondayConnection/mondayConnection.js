import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LANG from '@salesforce/i18n/lang';
import getStatus from '@salesforce/apex/MondayConnectionController.getStatus';
import testConnection from '@salesforce/apex/MondayConnectionController.testConnection';
import { reduceErrors } from 'c/ldsUtils';
import { LABELS, STATUS_LABELS, format } from './labels';

const LIVE_STATUSES = ['active', 'salesforce_refused', 'monday_refused', 'environment'];
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1'];

/**
 * The relay's address as a base for its pages, without a trailing slash: an https URL, or http on the admin's own
 * machine (local mode); anything else (javascript:, a relative path, a typo) gives no button rather than a bad link.
 *
 * @param {unknown} value the URL the server gave
 * @returns {string|null} the base, or null
 */
function relayBase(value) {
  if (typeof value !== 'string') {
    return null;
  }
  try {
    const url = new URL(value);
    const allowed = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname));
    return allowed && !url.search && !url.hash ? url.href.replace(/\/+$/, '') : null;
  } catch {
    return null;
  }
}

/**
 * The Connection tab (F2, F13; issue 16): the relay, the Salesforce authorization, the monday account, the last
 * delivery each way, what to do when something is wrong, and the relay's flows. Connect, Reconnect and Disconnect
 * open the relay's own pages in a new tab (the relay authorizes both sides, then configures this org); Test makes a
 * signed round trip from here; Refresh reads the status again.
 */
export default class MondayConnection extends LightningElement {
  labels = LABELS;
  status;
  loading = true;
  loadErrors = [];
  testing = false;
  testResult;
  testErrors = [];
  /** A relay page the browser kept from opening, shown as a link instead. */
  blockedUrl;

  connectedCallback() {
    this.refresh();
  }

  async refresh() {
    this.loading = true;
    try {
      this.status = await getStatus();
      this.loadErrors = [];
    } catch (error) {
      this.status = undefined;
      this.loadErrors = reduceErrors(error);
    } finally {
      this.loading = false;
    }
  }

  get hasStatus() {
    return !!this.status;
  }

  get hasLoadErrors() {
    return this.loadErrors.length > 0;
  }

  get busy() {
    return this.loading || this.testing;
  }

  get statusText() {
    return STATUS_LABELS[this.status.status] || this.status.status;
  }

  get statusClass() {
    switch (this.status.status) {
      case 'active':
        return 'slds-badge slds-theme_success';
      case 'salesforce_refused':
      case 'monday_refused':
        return 'slds-badge slds-theme_error';
      default:
        return 'slds-badge';
    }
  }

  /** A connection the relay can still use: Reconnect and Disconnect apply to it, Connect does not. */
  get hasConnection() {
    return !!this.status.connectionId && this.status.status !== 'disconnected';
  }

  get showConnect() {
    return !this.hasConnection;
  }

  get showTest() {
    return LIVE_STATUSES.includes(this.status.status);
  }

  /** Where the relay's pages are: where it said it runs, or else where callouts go. */
  get relayBase() {
    return relayBase(this.status.relayUrl || this.status.namedCredentialUrl);
  }

  /** The relay's address cannot be known while the named credential still holds the packaged placeholder. */
  get relayUnknown() {
    const urlNotSet = this.problems.some((problem) => problem.code === 'RELAY_URL_NOT_SET');
    return !this.relayBase || (urlNotSet && !this.status.relayUrl);
  }

  get actionsDisabled() {
    return this.busy || this.relayUnknown;
  }

  get language() {
    return typeof LANG === 'string' && LANG.toLowerCase().startsWith('fr') ? 'fr' : 'en';
  }

  get problems() {
    return (this.status && this.status.problems) || [];
  }

  get hasProblems() {
    return this.problems.length > 0;
  }

  get testedDeliveries() {
    return !!this.testResult;
  }

  get hasTestErrors() {
    return this.testErrors.length > 0;
  }

  get blockedText() {
    return format(this.labels.popupBlocked, [this.blockedUrl]);
  }

  /** The relay's connect page: the org's My Domain name, production or sandbox, the admin's language. */
  connectUrl(reconnect) {
    const params = new URLSearchParams();
    if (this.status.orgSubdomain) {
      params.set('subdomain', this.status.orgSubdomain);
    }
    params.set('sandbox', this.status.isSandbox ? '1' : '0');
    params.set('lang', this.language);
    if (reconnect) {
      params.set('connection', this.status.connectionId);
    }
    return `${this.relayBase}/connect?${params.toString()}`;
  }

  disconnectUrl() {
    const params = new URLSearchParams({ lang: this.language });
    return `${this.relayBase}/connections/${encodeURIComponent(this.status.connectionId)}/disconnect?${params}`;
  }

  handleConnect() {
    this.openRelayPage(this.connectUrl(false));
  }

  handleReconnect() {
    this.openRelayPage(this.connectUrl(true));
  }

  handleDisconnect() {
    this.openRelayPage(this.disconnectUrl());
  }

  /** Opens a relay page in a new tab; one the browser blocks is offered as a link. */
  openRelayPage(url) {
    this.blockedUrl = undefined;
    const opened = window.open(url, '_blank');
    if (opened) {
      // The relay's page gets no handle on this one.
      opened.opener = null;
    } else {
      this.blockedUrl = url;
    }
  }

  handleRefresh() {
    this.refresh();
  }

  async handleTest() {
    this.testing = true;
    this.testErrors = [];
    this.testResult = undefined;
    try {
      const result = await testConnection();
      this.testResult = result;
      this.dispatchEvent(
        new ShowToastEvent({
          title: result.ok ? this.labels.testSucceeded : this.labels.testAttention,
          message: result.ok ? '' : result.message,
          variant: result.ok ? 'success' : 'warning'
        })
      );
      // The relay's answer changed the stored status.
      await this.refresh();
    } catch (error) {
      this.testErrors = reduceErrors(error);
    } finally {
      this.testing = false;
    }
  }
}
