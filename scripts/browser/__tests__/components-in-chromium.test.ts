// The recipe builder and the record page panel in a real browser (headless Chromium, playwright-core): compiled with
// LWC open source and the base components (./build.ts), styled with SLDS, answered by the fake org (./fake-org.js).
// A person's path is clicked through: a whole "create an item and sync" recipe, a refused save, a relay that is not
// connected, and the panel. Screenshots are written to artifacts/screenshots/ (not committed).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../chromium';
import { servePage } from '../page-server';

const screenshots = resolve(__dirname, '../../../artifacts/screenshots');

let browser: Browser;
let server: Server;
let url: string;
let page: Page;

jest.setTimeout(120_000);

beforeAll(async () => {
  const workDir = mkdtempSync(join(tmpdir(), 'components-'));
  const bundle = join(workDir, 'components.js');
  execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, '../build-bundle.ts'), bundle], {
    stdio: 'inherit'
  });
  const script = readFileSync(bundle, 'utf8');
  rmSync(workDir, { recursive: true, force: true });
  ({ server, url } = await servePage(script));
  mkdirSync(screenshots, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
  await new Promise((closed) => server.close(closed));
});

const pageErrors: string[] = [];
beforeEach(async () => {
  pageErrors.length = 0;
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterEach(async () => {
  await page.close();
  expect(pageErrors).toEqual([]);
});

const shoot = (name: string) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });

/** Opens a base combobox by its label (the nth of that name) and picks the option shown with `option`. */
async function pick(label: string, option: string, nth = 0): Promise<void> {
  await page.getByRole('combobox', { name: label }).nth(nth).click();
  await page.getByRole('option', { name: option, exact: true }).first().click();
}

async function openRecipes(): Promise<void> {
  await page.goto(`${url}#recipes`);
  await page.getByText('Web leads to the pipeline', { exact: true }).waitFor();
}

describe('the recipe builder in Chromium', () => {
  it('builds a whole "create an item and sync" recipe with the mouse and keyboard, and lists it', async () => {
    await openRecipes();
    await shoot('01-recipes-page');
    await page
      .getByRole('button', {
        name: 'When a record meets these conditions, create an item and sync all future changes from Salesforce'
      })
      .click();
    await page.getByRole('heading', { name: /^New recipe: / }).waitFor();
    await shoot('02-editor-new');

    await page.getByLabel('Recipe name').fill('Web leads to the pipeline (EU)');
    await pick('Salesforce object', 'Lead');
    await pick('monday board', 'Leads pipeline');
    await pick('Group for new items', 'New leads');

    await page.getByRole('button', { name: 'Add a group of conditions (OR)' }).click();
    await pick('Field', 'Lead Source');
    await pick('Operator', 'equals');
    await pick('Value of Lead Source', 'Web');
    await page.getByRole('button', { name: 'Add a condition (AND)' }).click();
    await pick('Field', 'Annual Revenue', 1);
    await pick('Operator', 'is greater than', 1);
    await page.getByLabel('Value of Annual Revenue').fill('50000');

    await page.getByRole('button', { name: 'Add a mapping' }).click();
    await pick('Field', 'Last Name', 2);
    await pick('monday column', 'Item name');
    await page.getByRole('button', { name: 'Add a mapping' }).click();
    await pick('Field', 'Company', 3);
    await pick('monday column', 'Company', 1);
    await pick('When the source is deleted', 'Archive the monday item');
    await shoot('03-editor-filled');

    await page.getByRole('button', { name: 'Save recipe' }).click();
    await page.getByText('Web leads to the pipeline (EU)', { exact: true }).waitFor();
    await shoot('04-recipes-after-save');

    const saved = await page.evaluate<{ definition: string; boardName: string }[]>('window.fakeOrg.saved');
    expect(saved).toHaveLength(1);
    expect(saved[0]?.boardName).toBe('Leads pipeline');
    expect(JSON.parse(saved[0]?.definition ?? '{}')).toEqual({
      conditions: [
        [
          { field: 'LeadSource', operator: 'equals', value: 'Web' },
          { field: 'AnnualRevenue', operator: 'greater_than', value: 50000 }
        ]
      ],
      mapping: [
        { field: 'LastName', column: 'name', columnType: 'name' },
        { field: 'Company', column: 'text', columnType: 'text' }
      ],
      options: { syncFutureChanges: true, onDelete: 'archive', createLabelsIfMissing: false, groupId: 'topics' }
    });
  });

  it('refuses to save a monday → Salesforce recipe that leaves required fields without a column, saying which', async () => {
    await openRecipes();
    await page
      .getByRole('button', {
        name: 'When an item is created or updated, create a record with these fields and sync all future changes from this board'
      })
      .click();
    await page.getByLabel('Recipe name').fill('Inbound requests to Leads');
    await pick('Salesforce object', 'Lead');
    await pick('monday board', 'Leads pipeline');
    // Salesforce's required fields are there from the start, and cannot be taken out.
    await page.getByText('Required by Salesforce', { exact: true }).first().waitFor();
    expect(await page.getByText('Required by Salesforce', { exact: true }).count()).toBe(2);
    await page.getByRole('button', { name: 'Save recipe' }).click();
    const problems = page.getByRole('alert').filter({ hasText: 'The recipe cannot be saved yet' });
    await problems.waitFor();
    expect(await problems.textContent()).toContain('Complete or remove the mappings without a field or a column.');
    await shoot('05-editor-refused');
    expect(await page.evaluate('window.fakeOrg.saved.length')).toBe(0);
  });

  it('says the relay is not connected instead of spinning', async () => {
    await openRecipes();
    await page.evaluate(
      "window.fakeOrg.relayDown = 'The relay is not connected, so monday boards cannot be listed (Unable to tunnel through proxy).'"
    );
    await page
      .getByRole('button', { name: 'When a record meets these conditions, create an item', exact: true })
      .click();
    await page.getByText('The relay is not connected, so monday boards cannot be listed').waitFor();
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    await shoot('06-editor-relay-down');
  });
});

describe('the record page panel in Chromium', () => {
  it('shows each linked item with its board, state, key columns, failure reason and a link to monday', async () => {
    await page.goto(`${url}#panel`);
    await page.getByText('Ada Lovelace — Analytical Engines').waitFor();
    expect(await page.getByRole('link', { name: 'Open in monday' }).count()).toBe(2);
    expect(await page.getByText('Working on it').count()).toBe(1);
    await page.getByText('Company: the value is longer than 255 characters').waitFor();
    await page.getByRole('button', { name: 'Refresh the monday items' }).click();
    await page.getByText('Renewal 2027').waitFor();
    await shoot('07-record-panel');
  });
});
