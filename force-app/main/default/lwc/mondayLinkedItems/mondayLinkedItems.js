import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import getLinkedItems from '@salesforce/apex/MondayLinkedItemsController.getLinkedItems';
import { httpsUrl, reduceErrors } from 'c/ldsUtils';
import title from '@salesforce/label/c.MondaySync_PanelTitle';
import loading from '@salesforce/label/c.MondaySync_PanelLoading';
import empty from '@salesforce/label/c.MondaySync_PanelEmpty';
import loadError from '@salesforce/label/c.MondaySync_PanelError';
import refresh from '@salesforce/label/c.MondaySync_PanelRefresh';
import openInMonday from '@salesforce/label/c.MondaySync_PanelOpenInMonday';
import board from '@salesforce/label/c.MondaySync_PanelBoard';
import lastSync from '@salesforce/label/c.MondaySync_PanelLastSync';
import neverSynced from '@salesforce/label/c.MondaySync_PanelNeverSynced';
import statusSynced from '@salesforce/label/c.MondaySync_PanelStatusSynced';
import statusFailed from '@salesforce/label/c.MondaySync_PanelStatusFailed';
import statusPending from '@salesforce/label/c.MondaySync_PanelStatusPending';
import failureReason from '@salesforce/label/c.MondaySync_PanelFailureReason';

const STATUSES = {
  Synced: { label: statusSynced, badgeClass: 'slds-badge slds-theme_success' },
  Failed: { label: statusFailed, badgeClass: 'slds-badge slds-theme_error' },
  Pending: { label: statusPending, badgeClass: 'slds-badge' }
};

/**
 * The key column values kept with a link ({"column title": "text"}); anything else shows no values rather than
 * breaking the panel.
 */
function columnsOf(snapshot) {
  if (!snapshot) {
    return [];
  }
  try {
    const values = JSON.parse(snapshot);
    if (!values || typeof values !== 'object' || Array.isArray(values)) {
      return [];
    }
    return Object.entries(values)
      .filter(([, text]) => text !== null && text !== undefined && String(text).trim() !== '')
      .map(([name, text]) => ({ key: name, name, text: String(text) }));
  } catch {
    return [];
  }
}

/**
 * The monday items linked to a record (SPEC B2): each with its board, name, key column values, last sync time and
 * state, the failure reason when the last sync failed, and a link that opens it in monday. Loading, empty and error
 * states say what is happening in words.
 */
export default class MondayLinkedItems extends LightningElement {
  @api recordId;

  labels = { title, loading, empty, loadError, refresh, openInMonday, board, lastSync, neverSynced, failureReason };
  items = [];
  errors = [];
  isLoading = true;
  isRefreshing = false;
  wiredItems;

  @wire(getLinkedItems, { recordId: '$recordId' })
  receive(result) {
    this.wiredItems = result;
    const { data, error } = result;
    if (data) {
      this.items = data.map((link) => this.toView(link));
      this.errors = [];
      this.isLoading = false;
    } else if (error) {
      this.items = [];
      this.errors = reduceErrors(error);
      this.isLoading = false;
    }
  }

  toView(link) {
    const status = STATUSES[link.status] || STATUSES.Pending;
    return {
      key: link.id,
      name: link.itemName || link.itemId,
      boardName: link.boardName || link.boardId,
      url: httpsUrl(link.itemUrl),
      statusLabel: status.label,
      badgeClass: status.badgeClass,
      lastSyncTime: link.lastSyncTime,
      failed: link.status === 'Failed' && !!link.lastError,
      lastError: link.lastError,
      columns: columnsOf(link.snapshot)
    };
  }

  get hasErrors() {
    return this.errors.length > 0;
  }

  get isEmpty() {
    return !this.isLoading && !this.hasErrors && this.items.length === 0;
  }

  get hasItems() {
    return !this.isLoading && !this.hasErrors && this.items.length > 0;
  }

  get showSpinner() {
    return this.isLoading || this.isRefreshing;
  }

  async handleRefresh() {
    this.isRefreshing = true;
    try {
      await refreshApex(this.wiredItems);
    } catch (error) {
      this.errors = reduceErrors(error);
    } finally {
      this.isRefreshing = false;
    }
  }
}
