// The local mode end to end, on the machine's real clock: the demo syncs at start, an edit on either side reaches
// the other, a failure is shown with its reason, a restart keeps everything without duplicates, --reset starts afresh.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../../src/core/logger';
import { type LocalMode, startLocalMode } from '../local-mode';

jest.setTimeout(60_000);

interface PageState {
  leads: { id: string; lastName: string; company: string; status: string }[];
  items: { id: string; name: string; company: string; status: string; recordId: string }[];
  failures: { where: string; code: string; text: string }[];
}

let dataDir: string;
let local: LocalMode | undefined;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'local-mode-'));
});
afterEach(async () => {
  await local?.stop();
  local = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

const start = async (reset = false) =>
  (local = await startLocalMode({ dataDir, port: 0, reset, logger: createLogger('silent'), pollIntervalMs: 50 }));

async function state(): Promise<PageState> {
  const response = await fetch(`${local?.url ?? ''}/local/api/state`);
  return (await response.json()) as PageState;
}

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${local?.url ?? ''}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
  });
}

/** Waits until `check` holds of the page's state (10 s at most); answers that state. */
async function until(check: (page: PageState) => boolean): Promise<PageState> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const page = await state();
    if (check(page)) return page;
    if (Date.now() > deadline) throw new Error(`not reached: ${JSON.stringify(page)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the local mode', () => {
  it('syncs the demo at start, then an edit on either side reaches the other', async () => {
    await start();
    const synced = await until((page) => page.items.length === 3 && page.items.every((item) => item.recordId !== ''));
    expect(synced.leads.map((lead) => lead.lastName).sort()).toEqual(['Hopper', 'Lovelace', 'Turing']);
    const lovelace = synced.leads.find((lead) => lead.lastName === 'Lovelace')!;
    // The links reach Salesforce for the record page, with the item's key columns by their titles.
    const deadline = Date.now() + 10_000;
    while (local!.salesforce.org.all('Monday_Link__c').length < 3 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const link = local!.salesforce.org
      .all('Monday_Link__c')
      .find((record) => record.values.Record_Id__c === lovelace.id);
    expect(JSON.parse(String(link?.values.Item_Snapshot__c))).toMatchObject({
      Company: 'Analytical Engines',
      'Lead status': 'Open - Not Contacted'
    });
    expect(link?.values.Board_Name__c).toBe('Leads (demo)');
    const hopperItem = synced.items.find((item) => item.name === 'Hopper')!;

    expect((await post(`/local/api/leads/${lovelace.id}`, { company: 'Babbage & Co' })).status).toBe(200);
    await until((page) => page.items.some((item) => item.name === 'Lovelace' && item.company === 'Babbage & Co'));

    expect((await post(`/local/api/items/${hopperItem.id}`, { status: 'Working - Contacted' })).status).toBe(200);
    await until((page) =>
      page.leads.some((lead) => lead.lastName === 'Hopper' && lead.status === 'Working - Contacted')
    );

    // A new item becomes a Lead; one without a company cannot, and says why on both sides.
    expect((await post('/local/api/items', { name: 'Curie', company: 'Radium Labs' })).status).toBe(201);
    await until((page) => page.leads.some((lead) => lead.lastName === 'Curie' && lead.company === 'Radium Labs'));
    expect((await post('/local/api/items', { name: 'Nobody' })).status).toBe(201);
    const failed = await until((page) => page.failures.length >= 2);
    expect(failed.failures.map((failure) => failure.text).join('\n')).toContain('required fields are empty: Company');
    expect(failed.leads).toHaveLength(4);
  });

  it('makes one Lead and keeps one item for each item created on the two-way board', async () => {
    await start();
    await until((page) => page.items.length === 3 && page.items.every((item) => item.recordId !== ''));
    const names = ['Babbage', 'Boole', 'Hollerith', 'Zuse', 'Kilburn'];
    for (const name of names)
      expect((await post('/local/api/items', { name, company: 'Difference Engines' })).status).toBe(201);
    const made = await until((page) =>
      names.every(
        (name) =>
          page.leads.some((lead) => lead.lastName === name) &&
          page.items.some((item) => item.name === name && item.recordId !== '')
      )
    );
    // The package reports each new Lead to the relay (its trigger fires on the relay's own insert). Once the board's
    // Salesforce → monday recipe has linked each of them, that report has been applied: it made no item.
    const pushing = local!.salesforce.org
      .all('Monday_Recipe__c')
      .find((recipe) => recipe.values.Direction__c === 'Salesforce_to_monday')!.id;
    const deadline = Date.now() + 10_000;
    const linked = async () => {
      for (const lead of made.leads.filter((candidate) => names.includes(candidate.lastName)))
        if (!(await local!.relay.store.links.find(pushing, lead.id))) return false;
      return true;
    };
    while (!(await linked()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await linked()).toBe(true);
    const settled = await state();
    for (const name of names) {
      expect(settled.items.filter((item) => item.name === name)).toHaveLength(1);
      expect(settled.leads.filter((lead) => lead.lastName === name)).toHaveLength(1);
    }
    expect(settled.items).toHaveLength(8);
  });

  it('refuses a second start on its data folder while it runs, saying which and what to do', async () => {
    await start();
    await expect(startLocalMode({ dataDir, port: 0, logger: createLogger('silent') })).rejects.toThrow(
      new RegExp(
        `Another relay is running on the data folder ${dataDir}.*\\(process ${process.pid}, since .*\\)\\. Stop it first, or give this one another folder with RELAY_DATA_DIR`
      )
    );
    // The first one goes on, its state untouched by the refused start.
    expect((await state()).leads).toHaveLength(3);
    await local?.stop();
    local = undefined;
    // Stopped, it gives the folder up.
    expect((await start()).restored).toBe(true);
  });

  it('takes its data folder over from a local mode that was killed', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', '..', 'start.ts')], {
      env: { ...process.env, RELAY_DATA_DIR: dataDir, RELAY_PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit']
    });
    let printed = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        printed += chunk.toString();
        if (printed.includes('Ready')) resolve();
      });
      child.on('exit', (code) => {
        reject(new Error(`the first local mode ended (${String(code)}) before it was ready: ${printed}`));
      });
    });
    await expect(startLocalMode({ dataDir, port: 0, logger: createLogger('silent') })).rejects.toThrow(
      `(process ${String(child.pid)}`
    );
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const restarted = await start();
    expect(restarted.restored).toBe(true);
    await until((page) => page.items.length === 3);
  });

  it('refuses a bad edit with the service’s message, and changes nothing', async () => {
    await start();
    const synced = await until((page) => page.items.length === 3);
    const lead = synced.leads[0]!;
    const refused = await post(`/local/api/leads/${lead.id}`, { status: 'Not a status' });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('bad value');
    const malformed = await post(`/local/api/leads/${lead.id}`, { company: 42 });
    expect(malformed.status).toBe(400);
    expect((await state()).leads.find((candidate) => candidate.id === lead.id)?.status).toBe(lead.status);
  });

  it('says so when its port is taken, and leaves nothing running', async () => {
    const first = await start();
    const port = Number(new URL(first.url).port);
    const otherDir = mkdtempSync(join(tmpdir(), 'local-mode-'));
    await expect(startLocalMode({ dataDir: otherDir, port, logger: createLogger('silent') })).rejects.toThrow(
      `port ${port} is already in use; set RELAY_PORT to another port`
    );
    rmSync(otherDir, { recursive: true, force: true });
    // The first one still answers.
    expect((await state()).leads).toHaveLength(3);
  });

  it('keeps everything across a restart, without duplicates, and starts afresh with --reset', async () => {
    await start();
    const synced = await until((page) => page.items.length === 3 && page.items.every((item) => item.recordId !== ''));
    const turing = synced.leads.find((lead) => lead.lastName === 'Turing')!;
    await post(`/local/api/leads/${turing.id}`, { company: 'Enigma Ltd' });
    await until((page) => page.items.some((item) => item.company === 'Enigma Ltd'));
    await local?.stop();

    const restarted = await start();
    expect(restarted.restored).toBe(true);
    const kept = await state();
    expect(kept.leads).toHaveLength(3);
    expect(kept.items.find((item) => item.name === 'Turing')?.company).toBe('Enigma Ltd');
    // The sync goes on after the restart, and the restart made nothing twice.
    await post(`/local/api/leads/${turing.id}`, { company: 'Bletchley Park' });
    await until((page) => page.items.some((item) => item.company === 'Bletchley Park'));
    const turingItem = kept.items.find((item) => item.name === 'Turing')!;
    await post(`/local/api/items/${turingItem.id}`, { company: 'Hut 8' });
    const after = await until((page) => page.leads.some((lead) => lead.company === 'Hut 8'));
    // monday's webhook reached the restarted relay (not its address of the last run).
    const restartedUrl = restarted.url;
    expect(
      restarted.monday.webhooks.deliveries.some(
        (delivery) => delivery.delivered && delivery.url.startsWith(restartedUrl)
      )
    ).toBe(true);
    expect(after.items).toHaveLength(3);
    expect(after.leads).toHaveLength(3);
    await local?.stop();

    const fresh = await start(true);
    expect(fresh.restored).toBe(false);
    const reset = await until((page) => page.items.length === 3);
    expect(reset.items.map((item) => item.company)).not.toContain('Bletchley Park');
  });
});
