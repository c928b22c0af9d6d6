// `npm run build` as production uses it: the compiled relay runs under plain node against the stand-ins, needs no
// development library (every package it loads is a production dependency) and no development code (stand-ins, local
// mode), refuses to start with nothing configured, and the container's health check answers from the build. The
// Dockerfile itself cannot be built here (no Docker engine on this machine): its instructions are checked against
// the build instead.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { changeBatchBody, postSignedBatch } from '../../test/change-batches';
import { saveLeadRecipe } from '../../test/lead-recipes';
import { relayToken } from '../../test/monday-standin';
import { type RelayProcess, relayProcessFor, waitFor } from '../../test/relay-process';
import { systemClock } from '../core/clock';
import { freePort } from '../core/free-port';
import { MondayStandIn } from '../../dev/standins/monday/server';
import { SalesforceStandIn } from '../../dev/standins/salesforce/server';

jest.setTimeout(120_000);

const root = join(__dirname, '..', '..', '..');
// Inside the repository, so that the build resolves node_modules as an installed copy does.
const outDir = join(root, 'dist', `build-test-${process.pid}`);
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};
const secret = `whsec_${Buffer.from('production-build-signing-secret!').toString('base64')}`;
/** `npm run start:production`, word by word: node, its options (the heap sized for the relay), the entry. */
const startProduction = packageJson.scripts['start:production']!.split(/\s+/);
const nodeOptions = startProduction.filter((word) => word.startsWith('--'));

function builtFiles(): string[] {
  return (readdirSync(outDir, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.js'))
    .map((file) => join(outDir, file));
}

/** The module names the compiled files load. */
function requiredModules(): Array<{ file: string; name: string }> {
  return builtFiles().flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((match) => ({
      file: relative(outDir, file),
      name: match[1]!
    }))
  );
}

const packageOf = (name: string): string =>
  name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]!;

beforeAll(() => {
  // The build script itself, with the output sent elsewhere so that a developer's dist/ is left alone.
  const [compiler, ...args] = packageJson.scripts['build']!.split(' ');
  expect(compiler).toBe('tsc');
  execFileSync(join(root, 'node_modules', '.bin', 'tsc'), [...args, '--outDir', outDir], { cwd: root });
});

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

describe('the production build', () => {
  it('loads only production dependencies and Node built-ins', () => {
    const modules = requiredModules();
    expect(modules.length).toBeGreaterThan(20);
    const outside = modules.filter(({ name }) => {
      if (name.startsWith('.')) return false;
      if (name.startsWith('node:') || builtinModules.includes(name)) return false;
      return !(packageOf(name) in packageJson.dependencies);
    });
    expect(outside).toEqual([]);
    // What only tests and development aids use stays out of production.
    for (const devOnly of ['graphql', '@jetstreamapp/soql-parser-js', 'fast-xml-parser', 'standardwebhooks', 'tsx']) {
      expect(packageJson.dependencies).not.toHaveProperty(devOnly);
      expect(packageJson.devDependencies).toHaveProperty(devOnly);
    }
  });

  it('holds no development code: no stand-in, no local mode, no test helper', () => {
    const files = builtFiles().map((file) => relative(outDir, file));
    expect(files).toContain('main.js');
    expect(files.filter((file) => /standins|local|__tests__|\.test\./.test(file))).toEqual([]);
    // Every relative require stays inside the build (relay/src): none reaches relay/dev or relay/test.
    const leaving = requiredModules().filter(
      ({ file, name }) => name.startsWith('.') && relative(outDir, join(outDir, dirname(file), name)).startsWith('..')
    );
    expect(leaving).toEqual([]);
  });

  it('refuses to start with nothing configured, and says where local mode is', () => {
    const empty = mkdtempSync(join(tmpdir(), 'build-unconfigured-'));
    const run = spawnSync(process.execPath, [join(outDir, 'main.js')], {
      cwd: empty,
      env: { PATH: process.env['PATH'] ?? '' },
      encoding: 'utf8'
    });
    rmSync(empty, { recursive: true, force: true });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Nothing is configured');
    expect(run.stderr).toContain('npm start');
  });

  describe('configured, against the stand-ins', () => {
    let monday: MondayStandIn;
    let salesforce: SalesforceStandIn;
    let relay: RelayProcess;
    let dataDir: string;
    let port: number;

    beforeAll(async () => {
      monday = await new MondayStandIn({ clock: systemClock }).start();
      monday.addUser('Sync relay', 'relay@example.com', relayToken);
      salesforce = await new SalesforceStandIn({ clock: systemClock }).start();
      dataDir = mkdtempSync(join(tmpdir(), 'build-relay-'));
      port = await freePort();
      relay = relayProcessFor(
        { monday, mondayToken: relayToken, salesforce },
        {
          dataDir,
          port,
          webhookSecret: secret,
          webhookPathSecret: 'production-build-webhook-path',
          // As production starts it, node options included.
          command: [process.execPath, ...nodeOptions, join(outDir, 'main.js')]
        }
      );
      await relay.start();
    });

    afterAll(async () => {
      await relay.kill();
      await monday.close();
      await salesforce.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const healthcheck = (path?: string): number | null =>
      spawnSync(process.execPath, [join(outDir, 'healthcheck.js'), ...(path ? [path] : [])], {
        env: { PATH: process.env['PATH'] ?? '', RELAY_PORT: String(port) }
      }).status;

    it('syncs a Salesforce change to monday under plain node', async () => {
      const board = monday.operations.createBoard('Leads', 'public');
      saveLeadRecipe(salesforce.org, board.id, 'Salesforce_to_monday', [
        { field: 'LastName', column: 'name', columnType: 'name' }
      ]);
      const lead = salesforce.org.create('Lead', { LastName: 'Hopper', Company: 'Navy' });
      const body = changeBatchBody('batch-build-1', 'Lead', [
        {
          recordId: lead.id,
          operation: 'insert',
          systemModstamp: '2026-12-03T10:00:00.000+0000',
          changedFields: [],
          values: { LastName: 'Hopper' }
        }
      ]);
      expect(await postSignedBatch(relay.url, secret, 'batch-build-1', body, Math.floor(Date.now() / 1000))).toBe(202);
      await waitFor('monday gets the item', () =>
        [...monday.state.itemsOfBoard(board.id)].some((item) => item.name === 'Hopper')
      );
    });

    it('answers the container health check, and fails it once stopped', async () => {
      expect(healthcheck()).toBe(0);
      expect(healthcheck('/no-such-page')).toBe(1);
      await relay.stop();
      expect(healthcheck()).toBe(1);
    });

    it('starts for the connect flow alone (no token in the environment) and serves its first page', async () => {
      const connectDir = mkdtempSync(join(tmpdir(), 'build-connect-'));
      const connectOnly = relayProcessFor(
        { monday, mondayToken: relayToken, salesforce },
        {
          dataDir: connectDir,
          port: await freePort(),
          webhookSecret: secret,
          webhookPathSecret: 'unused-unused-unused-unused',
          command: [process.execPath, ...nodeOptions, join(outDir, 'main.js')],
          // An empty variable is an unset one: the environment connection is left out.
          env: { RELAY_WEBHOOK_SECRETS: '', MONDAY_API_TOKEN: '', SALESFORCE_REFRESH_TOKEN: '' }
        }
      );
      try {
        await connectOnly.start();
        const page = await fetch(`${connectOnly.url}/connect`);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('action="/connect/salesforce"');
        const changes = await fetch(`${connectOnly.url}/v1/salesforce/changes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}'
        });
        expect(changes.status).toBe(404);
      } finally {
        await connectOnly.stop();
        rmSync(connectDir, { recursive: true, force: true });
      }
    });
  });
});

describe('the Dockerfile', () => {
  const instructions = readFileSync(join(root, 'Dockerfile'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'));
  const finalStage = instructions.slice(instructions.map((line) => line.startsWith('FROM')).lastIndexOf(true));
  const argsOf = (keyword: string): string[] =>
    finalStage.filter((line) => line.startsWith(`${keyword} `)).map((line) => line.slice(keyword.length + 1));

  it('builds with the build script and keeps only production dependencies', () => {
    expect(instructions).toContain('RUN npm run build && npm prune --omit=dev --no-audit --no-fund');
  });

  it('runs the build under node as an unprivileged user, with the data folder as a volume', () => {
    expect(argsOf('USER')).toEqual(['node']);
    // The command of npm run start:production, node options included: the image and a start without it agree.
    expect(startProduction).toEqual(['node', ...nodeOptions, 'dist/relay/main.js']);
    expect(argsOf('CMD')).toEqual([`[${startProduction.map((word) => JSON.stringify(word)).join(', ')}]`]);
    expect(argsOf('ENV').join(' ')).toContain('RELAY_DATA_DIR=/data');
    expect(argsOf('VOLUME')).toEqual(['["/data"]']);
    expect(argsOf('HEALTHCHECK')[0]).toContain('CMD ["node", "dist/relay/healthcheck.js"]');
    // The files the image runs are ones the build makes.
    for (const file of ['main.js', 'healthcheck.js']) {
      expect(builtFiles().map((built) => relative(outDir, built))).toContain(file);
    }
  });
});
