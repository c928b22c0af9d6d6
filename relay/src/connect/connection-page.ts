// A connection's page on the relay, for when something is wrong: which side refused the relay and the one action that
// mends it (the primary button), the last change delivered each way, and the Test's result for each side. Nothing on
// it is a token or a secret; every value shown is escaped.
import type { ConnectionRecord } from '../connections/connection-record';
import type { ConnectionCheck, SideOutcome, SideResult } from './connection-check';
import { type Lang, type TextKey, escape, page, t } from './connect-pages';

export interface PollingView {
  intervalSeconds: number;
  objects: { name: string; requests: number }[];
  /** The org's API requests in the last 24 hours and its daily allocation (Sforce-Limit-Info), when known. */
  apiUsage: { used: number; limit: number } | undefined;
}

/** The custom objects section: what is polled, what it cost, and the interval (a form). */
function pollingSection(lang: Lang, id: string, hidden: string, polling: PollingView | undefined): string {
  if (!polling) return '';
  const objects =
    polling.objects.length === 0
      ? `<p>${t(lang, 'pollingNone')}</p>`
      : `<dl><dt>${t(lang, 'pollingObjects')}</dt><dd>${polling.objects.map((object) => escape(object.name)).join(', ')}</dd>
        <dt>${t(lang, 'pollingRequests')}</dt><dd>${polling.objects.map((object) => `${escape(object.name)}: ${object.requests}`).join(' · ')}</dd>
        ${polling.apiUsage ? `<dt>${t(lang, 'pollingUsage')}</dt><dd>${polling.apiUsage.used} / ${polling.apiUsage.limit}</dd>` : ''}</dl>`;
  return `<h2>${t(lang, 'pollingTitle')}</h2>${objects}
    <form method="post" action="/connections/${id}/polling" class="inline">${hidden}
      <label for="seconds">${t(lang, 'pollingEvery')}</label>
      <input type="number" id="seconds" name="seconds" min="2" max="3600" step="1" value="${polling.intervalSeconds}">
      <button type="submit" class="secondary">${t(lang, 'pollingSave')}</button></form>`;
}

export type ConnectionStatus = 'active' | 'salesforce_refused' | 'monday_refused' | 'connecting' | 'disconnected';

export interface ConnectionView {
  record: ConnectionRecord;
  status: ConnectionStatus;
  /** When a change last went through each way (epoch ms), while the relay serves the connection. */
  lastApplied: { toMonday: number | undefined; toSalesforce: number | undefined } | undefined;
  /** The Test's result; 'not-running' when the relay does not serve the connection. */
  test?: ConnectionCheck | 'not-running';
  notice?: 'rotated' | 'reconnected' | 'pollingSaved';
  /** The custom objects the relay polls for this connection, while it serves it. */
  polling?: PollingView | undefined;
  /** The admin session's form token, which every form that changes the connection carries. */
  formToken: string;
}

const statusText: Record<ConnectionStatus, TextKey> = {
  active: 'statusActive',
  salesforce_refused: 'statusSalesforceRefused',
  monday_refused: 'statusMondayRefused',
  connecting: 'statusConnecting',
  disconnected: 'statusDisconnected'
};

const outcomeText: Record<Exclude<SideOutcome, 'ok' | 'refused'>, TextKey> = {
  unavailable: 'testUnavailable',
  package: 'testPackage',
  'package-disconnected': 'testPackageDisconnected',
  'other-connection': 'testOtherConnection',
  'other-relay': 'testOtherRelay',
  'named-credential': 'testNamedCredential',
  'other-account': 'testOtherAccount',
  failed: 'testFailed'
};

/** Outcomes that only authorizing Salesforce again (which configures the package again) mends. */
const mendedBySalesforce: SideOutcome[] = ['refused', 'package-disconnected', 'other-connection', 'other-relay'];

const sides = {
  salesforce: { name: 'Salesforce', ok: 'testOkSalesforce', refused: 'testRefusedSalesforce' },
  monday: { name: 'monday.com', ok: 'testOkMonday', refused: 'testRefusedMonday' }
} as const;

function resultLine(lang: Lang, side: keyof typeof sides, result: SideResult): string {
  const { name, ok, refused } = sides[side];
  const key = result.outcome === 'ok' ? ok : result.outcome === 'refused' ? refused : outcomeText[result.outcome];
  const detail = result.detail ? `<div class="hint">${t(lang, 'answer')} ${escape(result.detail)}</div>` : '';
  const mark = result.outcome === 'ok' ? '✓' : '✗';
  return `<li class="${result.outcome === 'ok' ? 'ok' : 'error'}" data-side="${side}" data-outcome="${result.outcome}"><strong>${mark} ${name}</strong> — ${t(lang, key)}${detail}</li>`;
}

type Action = 'test' | 'salesforce' | 'monday';

const when = (lang: Lang, at: number | undefined): string =>
  at === undefined
    ? t(lang, 'noDelivery')
    : `<time datetime="${new Date(at).toISOString()}">${new Date(at).toISOString().replace('T', ' ').slice(0, 19)} UTC</time>`;

export function connectionPage(lang: Lang, view: ConnectionView): string {
  const { record, status, test } = view;
  const id = escape(record.id);
  const check = test === 'not-running' ? undefined : test;
  const needsSalesforce =
    status === 'salesforce_refused' || (check !== undefined && mendedBySalesforce.includes(check.salesforce.outcome));
  const needsMonday =
    status === 'monday_refused' || check?.monday.outcome === 'refused' || check?.monday.outcome === 'other-account';
  const primary: Action = needsSalesforce ? 'salesforce' : needsMonday ? 'monday' : 'test';
  const kind = (action: Action): string => (action === primary ? '' : 'secondary');
  const hidden = `<input type="hidden" name="form" value="${escape(view.formToken)}"><input type="hidden" name="lang" value="${lang}">`;

  const notice = view.notice ? `<p class="ok" role="status">${t(lang, view.notice)}</p>` : '';
  const alert =
    status === 'salesforce_refused'
      ? `<p class="error" role="alert">${t(lang, 'salesforceRefused')}</p>`
      : status === 'monday_refused'
        ? `<p class="error" role="alert">${t(lang, 'mondayRefused')}</p>`
        : '';
  const testSection =
    test === undefined
      ? ''
      : `<section aria-labelledby="test-title"><h2 id="test-title">${t(lang, 'testTitle')}</h2><ul class="checks">${
          check
            ? resultLine(lang, 'salesforce', check.salesforce) + resultLine(lang, 'monday', check.monday)
            : `<li class="error">${t(lang, 'testNotRunning')}</li>`
        }</ul></section>`;

  const actions: Record<Action, string> = {
    salesforce: `<form method="post" action="/connect/salesforce"><input type="hidden" name="connection" value="${id}"><input type="hidden" name="lang" value="${lang}"><button type="submit" class="${kind('salesforce')}">${t(lang, 'reconnectSalesforce')}</button></form>`,
    monday: `<a class="button ${kind('monday')}" href="/connect/monday?connection=${id}&amp;lang=${lang}">${t(lang, 'reconnectMonday')}</a>`,
    test: `<form method="post" action="/connections/${id}/test">${hidden}<button type="submit" class="${kind('test')}">${t(lang, 'test')}</button></form>`
  };
  // The action that mends what is wrong comes first; Test is first when nothing is known to be wrong.
  const order: Action[] = [
    primary,
    ...(['test', 'salesforce', 'monday'] as const).filter((action) => action !== primary)
  ];

  return page(
    lang,
    t(lang, 'connectionTitle'),
    `${notice}${alert}<dl><dt>${t(lang, 'org')}</dt><dd>${escape(record.salesforce.username)} · ${escape(record.salesforce.orgId)}</dd>
    <dt>${t(lang, 'mondayAccount')}</dt><dd>${escape(record.monday?.accountName ?? '—')}</dd>
    <dt>${t(lang, 'status')}</dt><dd data-status="${status}">${t(lang, statusText[status])}</dd>
    <dt>${t(lang, 'lastToMonday')}</dt><dd>${when(lang, view.lastApplied?.toMonday)}</dd>
    <dt>${t(lang, 'lastToSalesforce')}</dt><dd>${when(lang, view.lastApplied?.toSalesforce)}</dd></dl>
    ${testSection}
    <div class="actions">${order.map((action) => actions[action]).join('')}</div>
    ${pollingSection(lang, id, hidden, view.polling)}
    <hr>
    <div class="actions"><form method="post" action="/connections/${id}/rotate">${hidden}<button type="submit" class="secondary">${t(lang, 'rotate')}</button></form>
    <a class="button danger" href="/connections/${id}/disconnect?lang=${lang}">${t(lang, 'disconnect')}</a></div>`
  );
}
