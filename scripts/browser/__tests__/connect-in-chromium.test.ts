// The connect flow clicked through in headless Chromium against both stand-ins on loopback (issue 16): an admin
// connects an org (authorizing on the Salesforce stand-in's page) and a monday account (personal token), tests the
// connection, sees it refused once an admin revokes the app's access, reconnects from the connection page, and the
// change held meanwhile reaches monday; then disconnects. Screenshots go to artifacts/screenshots/connect-*.png.
import { startConnectRelay } from '../../../relay/test/connect-relay';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import axios from 'axios';
import type { Browser, Page } from 'playwright-core';
import { saveLeadRecipe } from '../../../relay/test/lead-recipes';
import { waitFor } from '../../../relay/test/relay-process';
import { systemClock } from '../../../relay/src/core/clock';
import { recordChangesQueue } from '../../../relay/src/intake/change-intake';
import { signRequest } from '../../../relay/src/intake/signature';
import { Relay } from '../../../relay/src/relay';
import { MondayStandIn } from '../../../relay/dev/standins/monday/server';
import type { MondayBoard } from '../../../relay/dev/standins/monday/state';
import { SalesforceStandIn } from '../../../relay/dev/standins/salesforce/server';
import { launchChromium } from '../chromium';

jest.setTimeout(90_000);

const screenshots = resolve(__dirname, '../../../artifacts/screenshots');
const mondayToken = `eyJhbGciOiJIUzI1NiJ9.${randomBytes(24).toString('base64url')}`;
let monday: MondayStandIn;
let salesforce: SalesforceStandIn;
let board: MondayBoard;
let relay: Relay;
let base: string;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  monday = await new MondayStandIn({ clock: systemClock }).start();
  monday.addUser('Ada Lovelace', 'ada@example.com', mondayToken);
  board = monday.operations.createBoard('Leads', 'public');
  monday.operations.createColumn(board.id, { title: 'Company', type: 'text', id: 'company' });
  salesforce = await new SalesforceStandIn({ clock: systemClock }).start();
  saveLeadRecipe(salesforce.org, board.id, 'Salesforce_to_monday', [
    { field: 'LastName', column: 'name', columnType: 'name' },
    { field: 'Company', column: 'company', columnType: 'text' }
  ]);
  ({ relay, base } = await startConnectRelay({ monday, salesforce: [salesforce] }));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser.close();
  await relay.stop();
  await monday.close();
  await salesforce.close();
});

const shoot = (name: string) => page.screenshot({ path: join(screenshots, `connect-${name}.png`), fullPage: true });
const connectionId = (): string => salesforce.packageConnection.connectionId ?? '';
const items = () => monday.state.itemsOfBoard(board.id).filter((item) => item.state === 'active');
const testResult = (side: 'salesforce' | 'monday') => page.locator(`ul.checks li[data-side="${side}"]`);

/** A Lead change as the package sends it, signed with the secret the connect flow gave the package. */
async function sendLeadChange(recordId: string, values: Record<string, string>): Promise<number> {
  const batchId = randomUUID();
  const now = new Date().toISOString().replace('Z', '+0000');
  const body = JSON.stringify({
    schemaVersion: 1,
    kind: 'record_changes',
    batchId,
    orgId: salesforce.orgId,
    objectApiName: 'Lead',
    publishedAt: now,
    changes: [{ recordId, operation: 'insert', systemModstamp: now, changedFields: [], values }]
  });
  const secret = salesforce.packageConnection.signingSecret ?? '';
  const response = await axios.post(`${base}/v1/connections/${connectionId()}/salesforce/changes`, body, {
    headers: {
      ...signRequest(secret, batchId, Math.floor(Date.now() / 1000), body),
      'content-type': 'application/json'
    },
    validateStatus: () => true
  });
  return response.status;
}

/** Neither a token nor the signing secret is ever on a page. */
async function expectNoSecretOnPage(): Promise<void> {
  const html = await page.content();
  expect(html).not.toContain(mondayToken);
  expect(html).not.toContain(salesforce.packageConnection.signingSecret ?? 'no secret yet');
}

describe('connecting, testing, breaking, reconnecting and disconnecting in Chromium', () => {
  it('connects an org (Allow on the Salesforce page) and a monday account (personal token)', async () => {
    await page.goto(`${base}/connect`);
    await page.getByRole('heading', { name: 'Connect Salesforce and monday.com' }).waitFor();
    // The stand-in is on loopback, not under my.salesforce.com: its URL goes in the login URL field.
    await page.getByLabel('Other login URL (optional)').fill(salesforce.loginUrl);
    await shoot('01-start');
    await page.getByRole('button', { name: 'Authorize Salesforce' }).click();

    await page.getByRole('heading', { name: 'Allow Access?' }).waitFor();
    expect(new URL(page.url()).origin).toBe(salesforce.loginUrl);
    await shoot('02-salesforce-allow');
    await page.getByRole('button', { name: 'Allow' }).click();

    await page.getByRole('heading', { name: 'Connect monday.com' }).waitFor();
    await page.getByLabel('Personal API token').fill(mondayToken);
    await shoot('03-monday-token');
    await page.getByRole('button', { name: 'Use this token' }).click();

    await page.getByRole('heading', { name: 'Connected' }).waitFor();
    await expectNoSecretOnPage();
    await shoot('04-done');
    expect(connectionId()).toMatch(/^c_/);
    expect(relay.connectionById(connectionId())?.status()).toBe('active');
  });

  it('tests the connection from its page: both sides answer', async () => {
    // The done page leads there; the admin's session from the connect flow opens it.
    await page.getByRole('link', { name: 'This connection on the relay' }).click();
    await page.getByRole('heading', { name: 'Connection' }).waitFor();
    expect(await page.locator('dd[data-status]').textContent()).toBe('Active');
    await shoot('05-connection');
    await page.getByRole('button', { name: 'Test the connection' }).click();
    await testResult('salesforce').waitFor();
    expect(await testResult('salesforce').getAttribute('data-outcome')).toBe('ok');
    expect(await testResult('monday').getAttribute('data-outcome')).toBe('ok');
    expect(await testResult('salesforce').textContent()).toContain(
      'The package answers for this connection and calls this relay.'
    );
    await expectNoSecretOnPage();
    await shoot('06-test-ok');
  });

  it('holds a change once an admin revokes the app, and the page says Salesforce refused, with Reconnect first', async () => {
    salesforce.oauth.revokeAll(salesforce.adminUserId);
    const lead = salesforce.store.create('Lead', { LastName: 'Hopper', Company: 'Navy' });
    expect(await sendLeadChange(lead.id, { LastName: 'Hopper', Company: 'Navy' })).toBe(202);
    await waitFor(
      'the worker meets the refusal',
      () => relay.connectionById(connectionId())?.status() === 'salesforce_refused'
    );
    const jobs = relay.store.forConnection(connectionId()).jobs;
    expect(await jobs.counts(recordChangesQueue)).toMatchObject({ pending: 1, dead: 0 });
    expect(items()).toHaveLength(0);

    await page.goto(`${base}/connections/${connectionId()}`);
    await page.getByRole('alert').getByText('Salesforce refuses the relay’s access').waitFor();
    expect(await page.locator('dd[data-status]').textContent()).toBe('Salesforce refused the relay');
    // The action that mends it is the primary one, and comes first.
    const first = page.locator('.actions').first().locator('button, a').first();
    expect(await first.textContent()).toBe('Reconnect Salesforce');
    expect(await first.getAttribute('class')).toBe('');
    await shoot('07-salesforce-refused');

    await page.getByRole('button', { name: 'Test the connection' }).click();
    await testResult('salesforce').waitFor();
    expect(await testResult('salesforce').getAttribute('data-outcome')).toBe('refused');
    expect(await testResult('monday').getAttribute('data-outcome')).toBe('ok');
    await expectNoSecretOnPage();
    await shoot('08-test-refused');

    await page.goto(`${base}/connections/${connectionId()}?lang=fr`);
    await page.getByRole('alert').getByText('Salesforce refuse l’accès du relais').waitFor();
    expect(await page.getByRole('button', { name: 'Reconnecter Salesforce' }).count()).toBe(1);
    await shoot('09-salesforce-refused-fr');
    expect(await jobs.counts(recordChangesQueue)).toMatchObject({ pending: 1, dead: 0 });
  });

  it('reconnects Salesforce from the page: active again, Test ok, and the held change reaches monday once', async () => {
    await page.goto(`${base}/connections/${connectionId()}`);
    await page.getByRole('button', { name: 'Reconnect Salesforce' }).click();
    await page.getByRole('heading', { name: 'Allow Access?' }).waitFor();
    await page.getByRole('button', { name: 'Allow' }).click();

    await page.getByRole('status').getByText('Reconnected').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/connections/${connectionId()}`);
    expect(await page.locator('dd[data-status]').textContent()).toBe('Active');
    await shoot('10-reconnected');

    // Nothing lost, nothing twice: the one held change made one item.
    await waitFor('the held change reaches monday', () => items().length === 1);
    expect(items()[0]?.name).toBe('Hopper');
    expect(items()[0]?.values.get('company')).toBe('Navy');
    const jobs = relay.store.forConnection(connectionId()).jobs;
    expect(await jobs.counts(recordChangesQueue)).toMatchObject({ pending: 0, running: 0, dead: 0 });

    await page.getByRole('button', { name: 'Test the connection' }).click();
    await testResult('salesforce').waitFor();
    expect(await testResult('salesforce').getAttribute('data-outcome')).toBe('ok');
    expect(await testResult('monday').getAttribute('data-outcome')).toBe('ok');
    // The delivery that just went through is on the page.
    expect(await page.locator('dd time').count()).toBeGreaterThanOrEqual(1);
    await shoot('11-test-ok-again');
    expect(items()).toHaveLength(1);
  });

  it('disconnects after a confirmation, and /readyz no longer lists the connection', async () => {
    await page.getByRole('link', { name: 'Disconnect' }).click();
    await page.getByRole('heading', { name: 'Disconnect this org?' }).waitFor();
    await shoot('12-disconnect-confirm');
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByRole('heading', { name: 'Disconnected' }).waitFor();
    expect(await page.textContent('main')).toContain(connectionId());
    await shoot('13-disconnected');

    const readyz = await axios.get<{ connections?: Record<string, unknown> }>(`${base}/readyz`, {
      validateStatus: () => true
    });
    expect(Object.keys(readyz.data.connections ?? {})).not.toContain(connectionId());
    expect(relay.connectionById(connectionId())).toBeUndefined();
    expect(salesforce.packageConnection.status).toBe('disconnected');
  });

  it('shows the first page in French', async () => {
    await page.goto(`${base}/connect?lang=fr`);
    await page.getByRole('heading', { name: 'Connecter Salesforce et monday.com' }).waitFor();
    expect(await page.getByRole('button', { name: 'Autoriser Salesforce' }).count()).toBe(1);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await shoot('14-start-fr');
    expect(pageErrors).toEqual([]);
  });
});
