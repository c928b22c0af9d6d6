// The Connection tab's words, in English and French (custom labels with translations, B8). The "what to do"
// messages come from the server, which reads the same labels.
import title from '@salesforce/label/c.MondaySync_ConnectionTitle';
import relay from '@salesforce/label/c.MondaySync_ConnectionRelay';
import calloutUrl from '@salesforce/label/c.MondaySync_ConnectionCalloutUrl';
import relayUrl from '@salesforce/label/c.MondaySync_ConnectionRelayUrl';
import connectionId from '@salesforce/label/c.MondaySync_ConnectionId';
import salesforce from '@salesforce/label/c.MondaySync_ConnectionSalesforce';
import connectedBy from '@salesforce/label/c.MondaySync_ConnectionConnectedBy';
import connectedAt from '@salesforce/label/c.MondaySync_ConnectionConnectedAt';
import status from '@salesforce/label/c.MondaySync_ConnectionStatus';
import monday from '@salesforce/label/c.MondaySync_ConnectionMonday';
import deliveries from '@salesforce/label/c.MondaySync_ConnectionDeliveries';
import toRelay from '@salesforce/label/c.MondaySync_ConnectionToRelay';
import fromMonday from '@salesforce/label/c.MondaySync_ConnectionFromMonday';
import relayToMonday from '@salesforce/label/c.MondaySync_ConnectionRelayToMonday';
import relayToSalesforce from '@salesforce/label/c.MondaySync_ConnectionRelayToSalesforce';
import never from '@salesforce/label/c.MondaySync_ConnectionNever';
import notSet from '@salesforce/label/c.MondaySync_ConnectionNotSet';
import problems from '@salesforce/label/c.MondaySync_ConnectionProblems';
import connect from '@salesforce/label/c.MondaySync_ConnectionConnect';
import reconnect from '@salesforce/label/c.MondaySync_ConnectionReconnect';
import disconnect from '@salesforce/label/c.MondaySync_ConnectionDisconnect';
import test from '@salesforce/label/c.MondaySync_ConnectionTest';
import refresh from '@salesforce/label/c.MondaySync_ConnectionRefresh';
import loading from '@salesforce/label/c.MondaySync_ConnectionLoading';
import loadError from '@salesforce/label/c.MondaySync_ConnectionLoadError';
import testFailed from '@salesforce/label/c.MondaySync_ConnectionTestFailed';
import testAttention from '@salesforce/label/c.MondaySync_ConnectionTestAttention';
import testSucceeded from '@salesforce/label/c.MondaySync_TestSucceeded';
import popupBlocked from '@salesforce/label/c.MondaySync_ConnectionPopupBlocked';
import statusActive from '@salesforce/label/c.MondaySync_StatusActive';
import statusSalesforceRefused from '@salesforce/label/c.MondaySync_StatusSalesforceRefused';
import statusMondayRefused from '@salesforce/label/c.MondaySync_StatusMondayRefused';
import statusDisconnected from '@salesforce/label/c.MondaySync_StatusDisconnected';
import statusNotConnected from '@salesforce/label/c.MondaySync_StatusNotConnected';
import statusEnvironment from '@salesforce/label/c.MondaySync_StatusEnvironment';

export const LABELS = {
  title,
  relay,
  calloutUrl,
  relayUrl,
  connectionId,
  salesforce,
  connectedBy,
  connectedAt,
  status,
  monday,
  deliveries,
  toRelay,
  fromMonday,
  relayToMonday,
  relayToSalesforce,
  never,
  notSet,
  problems,
  connect,
  reconnect,
  disconnect,
  test,
  refresh,
  loading,
  loadError,
  testFailed,
  testAttention,
  testSucceeded,
  popupBlocked
};

/** The words for each connection status the server reports. */
export const STATUS_LABELS = {
  active: statusActive,
  salesforce_refused: statusSalesforceRefused,
  monday_refused: statusMondayRefused,
  disconnected: statusDisconnected,
  not_connected: statusNotConnected,
  environment: statusEnvironment
};

/**
 * Fills a label's {0}, {1}... placeholders (not String.format-like quoting: French labels hold apostrophes).
 *
 * @param {string} label the label
 * @param {unknown[]} values the values, in order
 * @returns {string} the text
 */
export function format(label, values) {
  return values.reduce((text, value, index) => text.split(`{${index}}`).join(String(value)), label);
}
