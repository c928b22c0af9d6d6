// POST /v1/salesforce/changes over loopback, signed with real HMACs: what is accepted is stored before the 202,
// what is refused changes nothing, and a repeated batch does no work twice.
import { oneConnection } from '../../../test/one-connection';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ManualClock } from '../../../test/manual-clock';
import { createApp } from '../../app';
import { closeServer, listenOnLoopback } from '../../core/http-server';
import { createLogger } from '../../core/logger';
import { openDatabase } from '../../store/database';
import type { JobQueue } from '../../store/ports';
import { SqliteStore } from '../../store/sqlite-store';
import { ChangeIntake, recipeChangesQueue, recordChangesQueue } from '../change-intake';
import { signRequest } from '../signature';

const secret = `whsec_${Buffer.from('intake-test-secret-of-32-bytes!!').toString('base64')}`;
const example = JSON.parse(
  readFileSync(
    join(
      __dirname,
      '..',
      '..',
      '..',
      '..',
      'force-app',
      'main',
      'default',
      'staticresources',
      'MondayWireFormatExample.json'
    ),
    'utf8'
  )
);

let store: SqliteStore;
let jobs: JobQueue;
let clock: ManualClock;
let server: Server;
let url: string;
let logged: string;
let ready = true;

beforeEach(async () => {
  clock = new ManualClock();
  store = new SqliteStore(openDatabase(':memory:'), { clock });
  jobs = store.jobs;
  logged = '';
  const logger = createLogger(
    'debug',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      }
    })
  );
  ready = true;
  const app = createApp({
    connections: oneConnection({ intake: new ChangeIntake(jobs, [secret], clock, logger) }),
    logger,
    readiness: [{ name: 'store', check: () => ready }]
  });
  ({ server, url } = await listenOnLoopback(app));
});
afterEach(async () => {
  await closeServer(server);
  await store.close();
});

function batchBody(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...example, ...overrides });
}

async function post(body: string, headers: Record<string, string>) {
  const response = await fetch(`${url}/v1/salesforce/changes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body
  });
  return { status: response.status, body: (await response.json()) as any };
}

const signed = (body: string, id = example.batchId as string, at = Math.floor(clock.now() / 1000)) =>
  signRequest(secret, id, at, body);
const storedJobs = async () => (await jobs.counts(recordChangesQueue)).pending;

describe('POST /v1/salesforce/changes', () => {
  it('stores every change as a job before answering 202', async () => {
    const body = batchBody();
    const answer = await post(body, signed(body));
    expect(answer).toEqual({
      status: 202,
      body: { batchId: example.batchId, accepted: 3, duplicate: false, connection: { status: 'active' } }
    });
    expect(await storedJobs()).toBe(3);
    const [first] = await jobs.claim(recordChangesQueue, 60_000, 1);
    expect(first).toMatchObject({
      orderingKey: 'Lead:00Q5g0000000001EAA',
      payload: { objectApiName: 'Lead', change: { operation: 'insert' } }
    });
  });

  it('answers a repeated batch 200 without storing it twice, even signed again later', async () => {
    const body = batchBody();
    await post(body, signed(body));
    clock.advance(60_000);
    const again = await post(body, signed(body));
    expect(again).toEqual({
      status: 200,
      body: { batchId: example.batchId, accepted: 0, duplicate: true, connection: { status: 'active' } }
    });
    expect(await storedJobs()).toBe(3);
  });

  it('queues recipe changes apart from record changes', async () => {
    const body = batchBody({ kind: 'recipe_changes', objectApiName: 'Monday_Recipe__c' });
    expect((await post(body, signed(body))).status).toBe(202);
    expect((await jobs.counts(recipeChangesQueue)).pending).toBe(3);
    expect(await storedJobs()).toBe(0);
  });

  it.each([
    ['unsigned', () => ({})],
    [
      'signed with another secret',
      (body: string) =>
        signRequest(
          `whsec_${Buffer.from('another-secret-of-thirty-two-b!!').toString('base64')}`,
          example.batchId,
          Math.floor(clock.now() / 1000),
          body
        )
    ],
    ['signed over another body', () => signed(batchBody({ orgId: '00D5g000004ExAmEAK' }).replace('Smith', 'Smyth'))],
    [
      'older than 5 minutes (a replay)',
      (body: string) => signed(body, example.batchId, Math.floor(clock.now() / 1000) - 301)
    ],
    [
      'dated more than 5 minutes ahead',
      (body: string) => signed(body, example.batchId, Math.floor(clock.now() / 1000) + 301)
    ]
  ])('answers 401 to a request %s and stores nothing', async (_what, headersFor) => {
    const body = batchBody();
    const answer = await post(body, headersFor(body));
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('SIGNATURE_INVALID');
    expect(await storedJobs()).toBe(0);
  });

  it.each([
    ['not JSON', '{"schemaVersion": 1,'],
    ['not a change batch', JSON.stringify({ hello: 'world' })],
    [
      'a batch with an unknown operation',
      JSON.stringify({ ...example, changes: [{ ...example.changes[0], operation: 'merge' }] })
    ],
    [
      'a batch with a value nested 100,000 levels deep',
      JSON.stringify({ ...example, changes: [{ ...example.changes[0], values: { LastName: 'x' } }] }).replace(
        '"x"',
        `${'['.repeat(100_000)}${']'.repeat(100_000)}`
      )
    ],
    [
      'a batch with a __proto__ key among the values',
      JSON.stringify({ ...example, changes: [{ ...example.changes[0], values: { LastName: 'x' } }] }).replace(
        '"LastName"',
        '"__proto__":{"polluted":true},"LastName"'
      )
    ],
    [
      'a batch with an object value that is not an address (it would be stored as {})',
      JSON.stringify({
        ...example,
        changes: [{ ...example.changes[0], values: { LastName: { nested: { deeper: 1 } } } }]
      })
    ]
  ])('answers 400 with a JSON error to a signed body that is %s, and stores nothing', async (_what, body) => {
    const answer = await post(body, signed(body));
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: { code: 'BODY_INVALID', message: expect.any(String) } });
    expect(await storedJobs()).toBe(0);
  });

  it('answers 415 to a body that is not sent as JSON, and stores nothing', async () => {
    const body = batchBody();
    const answer = await post(body, { ...signed(body), 'content-type': 'text/plain' });
    expect(answer.status).toBe(415);
    expect(answer.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await storedJobs()).toBe(0);
  });

  it('refuses a batch whose id is not its webhook-id', async () => {
    const body = batchBody();
    const answer = await post(body, signed(body, 'another-id'));
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain('webhook-id');
  });

  it('answers 413 to a body over the limit', async () => {
    const body = batchBody({ padding: 'x'.repeat(1024 * 1024) });
    const answer = await post(body, signed(body));
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('BODY_TOO_LARGE');
    expect(await storedJobs()).toBe(0);
  });

  it('keeps signatures and secrets out of the logs', async () => {
    const body = batchBody();
    const headers = signed(body);
    await post(body, headers);
    await post(body, { ...headers, 'webhook-signature': 'v1,Zm9yZ2Vk' });
    expect(logged).toContain('batch received');
    expect(logged).not.toContain(headers['webhook-signature']!.slice(3));
    expect(logged).not.toContain(secret.slice(6));
  });
});

describe('health', () => {
  it('answers /healthz while the process is up and /readyz by its checks', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const readyAnswer = await fetch(`${url}/readyz`);
    expect({ status: readyAnswer.status, body: await readyAnswer.json() }).toEqual({
      status: 200,
      body: { status: 'ready', checks: { store: true } }
    });
    ready = false;
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
  });
});
