// `npm run soak`: the relay killed with SIGKILL again and again while it works both ways on a two-way board, then
// the two sides counted: every item must have made one Lead and every Lead one item (no duplicate), and every
// record, item and edit must have reached the other side (nothing lost). Bounded (a few minutes at most), loopback
// only: the stand-ins and the emulated package run in this process, the relay as production runs it (main.ts) in a
// child process, on a data folder of its own. Exits 1 when anything is duplicated or lost.
//
// SOAK_ITEMS (200) items made on the board, SOAK_RECORDS (200) Leads made in Salesforce, SOAK_EDITS (100) edits on
// each side, SOAK_KILLS (12) kills, SOAK_SEED (1) for the random timings.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type Clock, systemClock } from '../../relay/src/core/clock';
import { freePort } from '../../relay/src/core/free-port';
import { createLogger } from '../../relay/src/core/logger';
import { PackageEmulator } from '../../relay/dev/local/package-emulator';
import { noLimits } from '../../relay/dev/standins/monday/limits';
import { MondayStandIn } from '../../relay/dev/standins/monday/server';
import { SalesforceStandIn } from '../../relay/dev/standins/salesforce/server';
import { saveLeadRecipe } from '../../relay/test/lead-recipes';
import { relayProcessFor, waitFor } from '../../relay/test/relay-process';

const settings = {
  items: Number(process.env.SOAK_ITEMS ?? 200),
  records: Number(process.env.SOAK_RECORDS ?? 200),
  edits: Number(process.env.SOAK_EDITS ?? 100),
  kills: Number(process.env.SOAK_KILLS ?? 12),
  seed: Number(process.env.SOAK_SEED ?? 1)
};
const secret = `whsec_${Buffer.from('soak-signing-secret-of-32-bytes!').toString('base64')}`;
const relayToken = 'soak-relay-token';
const mapping = [
  { field: 'LastName', column: 'name', columnType: 'name' },
  { field: 'Company', column: 'company', columnType: 'text' }
];

/** Timings that differ from run to run only by the seed (mulberry32). */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const random = randomFrom(settings.seed);
  const clock: Clock = systemClock;
  const monday = await new MondayStandIn({
    clock,
    limits: noLimits,
    // monday retries a webhook once a minute for 30 minutes; faster here, so that the soak stays short.
    webhooks: { retryIntervalMs: 500, maxAttempts: 400 }
  }).start();
  monday.addUser('Sync relay', 'relay@example.com', relayToken);
  const person = monday.addUser('Ada Lovelace', 'ada@example.com');
  const board = monday.operations.createBoard('Leads', 'public');
  monday.operations.createColumn(board.id, { title: 'Company', type: 'text', id: 'company' });
  const salesforce = await new SalesforceStandIn({ clock, dailyApiRequests: Number.MAX_SAFE_INTEGER }).start();
  for (const direction of ['Salesforce_to_monday', 'monday_to_Salesforce'] as const)
    saveLeadRecipe(salesforce.org, board.id, direction, mapping);
  // Each write's answer comes a little after its commit: a kill falls between the two more often.
  const always = Number.MAX_SAFE_INTEGER;
  salesforce.faults.delayAnswers(150, {
    count: always,
    matching: ({ method, path }) => method !== 'GET' && path.includes('/composite/sobjects')
  });
  monday.faults.delayAnswers(150, {
    count: always,
    matching: ({ body }) => /create_item|change_multiple_column_values/.test(JSON.stringify(body))
  });

  const dataDir = mkdtempSync(join(tmpdir(), 'relay-soak-'));
  const relay = relayProcessFor(
    { monday, mondayToken: relayToken, salesforce },
    {
      dataDir,
      port: await freePort(),
      webhookSecret: secret,
      webhookPathSecret: 'soak-webhook-path-secret-0001',
      logLevel: process.env.SOAK_LOG ? 'info' : 'error',
      ...(process.env.SOAK_LOG ? { logFile: process.env.SOAK_LOG } : {})
    }
  );
  // The package: every write to a Lead, the relay's own included, is sent to the relay (kept until it is taken).
  const emulator = new PackageEmulator(
    salesforce.org,
    { relayUrl: relay.url, secret, orgId: salesforce.orgId, clock, retryMs: 500 },
    createLogger('silent')
  );
  const started = Date.now();
  await relay.start();
  await waitFor('the relay registers its webhooks', () => monday.state.webhooks.size > 0);

  // The work, spread over time: items made on the board, Leads made in Salesforce, then edits on both sides.
  const itemNames = Array.from({ length: settings.items }, (_, index) => `Item ${index}`);
  const leadNames = Array.from({ length: settings.records }, (_, index) => `Lead ${index}`);
  const expectedCompany = new Map<string, string>();
  const work = (async () => {
    for (let index = 0; index < Math.max(itemNames.length, leadNames.length); index += 1) {
      const itemName = itemNames[index];
      if (itemName) {
        monday.operations.createItem({
          boardId: board.id,
          name: itemName,
          columnValues: { company: 'Board Co' },
          actorId: person.id
        });
        expectedCompany.set(itemName, 'Board Co');
      }
      const leadName = leadNames[index];
      if (leadName) {
        salesforce.org.create('Lead', { LastName: leadName, Company: 'Salesforce Co' });
        expectedCompany.set(leadName, 'Salesforce Co');
      }
      await sleep(20 + random() * 30);
    }
    for (let edit = 0; edit < settings.edits; edit += 1) {
      const onBoard = monday.state
        .itemsOfBoard(board.id)
        .filter((item) => item.state === 'active' && item.name.startsWith('Item '));
      const item = onBoard[Math.floor(random() * onBoard.length)];
      if (item) {
        const company = `Board edit ${edit}`;
        monday.operations.changeColumnValues({
          boardId: board.id,
          itemId: item.id,
          columnValues: { company },
          actorId: person.id
        });
        expectedCompany.set(item.name, company);
      }
      const leads = salesforce.org.all('Lead').filter((lead) => String(lead.values.LastName).startsWith('Lead '));
      const lead = leads[Math.floor(random() * leads.length)];
      if (lead) {
        const company = `Salesforce edit ${edit}`;
        salesforce.org.update('Lead', lead.id, { Company: company });
        expectedCompany.set(String(lead.values.LastName), company);
      }
      await sleep(40 + random() * 60);
    }
  })();

  // The kills, at random moments while the work goes on; each time the relay is started again at once.
  let kills = 0;
  const killing = (async () => {
    while (kills < settings.kills) {
      await sleep(700 + random() * 2_300);
      await relay.kill();
      kills += 1;
      await relay.start();
    }
  })();
  await Promise.all([work, killing]);
  const workDoneAt = Date.now();

  // Then the dust settles: every job done, every batch taken, each side with what the other has.
  const pendingJobs = () => {
    const db = new Database(join(dataDir, 'relay.sqlite'), { readonly: true });
    try {
      return (db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE state IN ('pending', 'running')`).get() as { n: number })
        .n;
    } finally {
      db.close();
    }
  };
  const liveItems = () => monday.state.itemsOfBoard(board.id).filter((item) => item.state === 'active');
  const liveLeads = () => salesforce.org.all('Lead').filter((lead) => !lead.deleted);
  const companyOfItem = (name: string) =>
    liveItems()
      .filter((item) => item.name === name)
      .map((item) => item.values.get('company'));
  const companyOfLead = (name: string) =>
    liveLeads()
      .filter((lead) => lead.values.LastName === name)
      .map((lead) => lead.values.Company);
  const agreed = () =>
    [...expectedCompany].every(
      ([name, company]) =>
        companyOfItem(name).every((value) => value === company) &&
        companyOfLead(name).every((value) => value === company) &&
        companyOfItem(name).length > 0 &&
        companyOfLead(name).length > 0
    );
  await waitFor(
    'both sides agree and the relay is idle',
    () => emulator.unsent().length === 0 && agreed() && pendingJobs() === 0,
    Number(process.env.SOAK_SETTLE_MS ?? 120_000)
  ).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
  });
  const settledAt = Date.now();

  // The counts.
  const byName = <T>(values: T[], name: (value: T) => string) => {
    const counts = new Map<string, number>();
    for (const value of values) counts.set(name(value), (counts.get(name(value)) ?? 0) + 1);
    return counts;
  };
  const itemsByName = byName(liveItems(), (item) => item.name);
  const leadsByName = byName(liveLeads(), (lead) => String(lead.values.LastName));
  const names = [...itemNames, ...leadNames];
  const duplicateItems = names.reduce((sum, name) => sum + Math.max(0, (itemsByName.get(name) ?? 0) - 1), 0);
  const duplicateLeads = names.reduce((sum, name) => sum + Math.max(0, (leadsByName.get(name) ?? 0) - 1), 0);
  const missingItems = names.filter((name) => !itemsByName.has(name)).length;
  const missingLeads = names.filter((name) => !leadsByName.has(name)).length;
  const lost = [...expectedCompany].filter(
    ([name, company]) =>
      !companyOfItem(name).every((value) => value === company) ||
      !companyOfLead(name).every((value) => value === company)
  );
  const lostEdits = lost.length;
  for (const [name, company] of lost.slice(0, 5))
    console.error(
      `  lost: ${name} should be "${company}"; item ${JSON.stringify(companyOfItem(name))}, Lead ${JSON.stringify(companyOfLead(name))}`
    );
  const deadJobs = (() => {
    const db = new Database(join(dataDir, 'relay.sqlite'), { readonly: true });
    try {
      return (db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE state = 'dead'`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  })();

  await relay.stop();
  emulator.stop();
  await monday.close();
  await salesforce.close();
  rmSync(dataDir, { recursive: true, force: true });

  const rows: [string, string | number][] = [
    ['items made on the board', settings.items],
    ['Leads made in Salesforce', settings.records],
    ['edits on each side', settings.edits],
    ['relay kills (SIGKILL)', kills],
    ['seconds of work and kills', ((workDoneAt - started) / 1000).toFixed(1)],
    ['seconds to settle after the last kill', ((settledAt - workDoneAt) / 1000).toFixed(1)],
    ['items on the board', liveItems().length],
    ['Leads in Salesforce', liveLeads().length],
    ['duplicate items', duplicateItems],
    ['duplicate Leads', duplicateLeads],
    ['records without their item (lost)', missingItems],
    ['items without their record (lost)', missingLeads],
    ['edits not on both sides (lost)', lostEdits],
    ['dead letters', deadJobs]
  ];
  console.log('Soak: the relay killed while it syncs a two-way board');
  for (const [label, value] of rows) console.log(`  ${label.padEnd(40)} ${String(value)}`);
  const failed = duplicateItems + duplicateLeads + missingItems + missingLeads + lostEdits + deadJobs > 0;
  console.log(failed ? 'FAILED: something was duplicated or lost' : 'OK: nothing duplicated, nothing lost');
  if (failed) console.error(relay.errors.slice(-4000));
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
