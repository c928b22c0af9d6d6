// The local mode's page in headless Chromium: a person edits a Lead and an item, and sees the other side follow.
// Screenshots are written to artifacts/screenshots/ (not committed).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createLogger } from '../../../relay/src/core/logger';
import { type LocalMode, startLocalMode } from '../../../relay/dev/local/local-mode';
import { launchChromium } from '../chromium';

const screenshots = resolve(__dirname, '../../../artifacts/screenshots');
let browser: Browser;
let page: Page;
let local: LocalMode;
let dataDir: string;
const pageErrors: string[] = [];

jest.setTimeout(60_000);

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'local-page-'));
  local = await startLocalMode({ dataDir, port: 0, logger: createLogger('silent'), pollIntervalMs: 50 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser.close();
  await local.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const shoot = (name: string) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
const itemRow = (name: string) => page.locator('#items tbody tr', { hasText: name });
const leadRow = (name: string) => page.locator('#leads tbody tr', { hasText: name });

describe('the local page in Chromium', () => {
  it('shows both sides, and an edit on either side reaches the other', async () => {
    await page.goto(local.pageUrl);
    await itemRow('Lovelace').getByRole('cell', { name: 'linked' }).waitFor();
    expect(await page.locator('#leads tbody tr').count()).toBe(3);
    expect(await page.locator('#items tbody tr').count()).toBe(3);
    await shoot('08-local-page');

    // Salesforce → monday.
    await page.getByRole('button', { name: 'Edit Lovelace' }).first().click();
    await page.getByLabel('Company').first().fill('Babbage & Co');
    await page.getByRole('button', { name: 'Save' }).click();
    await itemRow('Lovelace').getByRole('cell', { name: 'Babbage & Co' }).waitFor();

    // monday → Salesforce.
    await page.locator('#items').getByRole('button', { name: 'Edit Hopper' }).click();
    // A label the board does not have yet: a board user adds it as they set it.
    await page.getByLabel('New status label').fill('Working - Contacted');
    await page.getByRole('button', { name: 'Save' }).click();
    await leadRow('Hopper').getByRole('cell', { name: 'Working - Contacted' }).waitFor();

    // A status Salesforce does not have: refused, with the reason on the page.
    await page.locator('#items').getByRole('button', { name: 'Edit Turing' }).click();
    await page.getByLabel('New status label').fill('Stuck forever');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#failures').getByText('"Stuck forever" is not one of its values').first().waitFor();
    await shoot('09-local-page-after-edits');
    expect(pageErrors).toEqual([]);
  });

  it('fits a 1280-pixel window, keeps its counts current, and keeps refreshing while a form is open', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(local.pageUrl);
    await itemRow('Lovelace').getByRole('cell', { name: 'linked' }).waitFor();
    // Every Edit button is inside the window, with no sideways scrolling.
    for (const button of await page.getByRole('button', { name: /^Edit / }).all()) {
      const box = await button.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(1280);
    }
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);

    // A form is open on a Lead, half filled in, while a new item arrives from the board.
    await page.getByRole('button', { name: 'Edit Hopper' }).first().click();
    const company = page.locator('#leads').getByLabel('Company');
    await company.fill('Half typed');
    await page.locator('#new-item').getByLabel('Name').fill('Noether');
    await page.locator('#new-item').getByLabel('Company').fill('Invariants');
    await page.getByRole('button', { name: 'Create the item' }).click();
    // The tables follow (the new item, then its Lead), the counts too, and the open form keeps what was typed.
    await itemRow('Noether').waitFor();
    await leadRow('Noether').waitFor();
    await page.getByText('4 Leads, 4 items.').waitFor();
    expect(await company.inputValue()).toBe('Half typed');
    await shoot('10-local-page-1280-editing');
    expect(pageErrors).toEqual([]);
  });
});
