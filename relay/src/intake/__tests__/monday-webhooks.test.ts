// monday's webhooks reaching the relay, from the monday stand-in: the challenge, signed deliveries, duplicates and
// refusals. Nothing refused is stored.
import { oneConnection } from '../../../test/one-connection';
import type { Server } from 'node:http';
import jwt from 'jsonwebtoken';
import { ManualClock } from '../../../test/manual-clock';
import { type Fixture, graphql, startStandInWithBoard } from '../../../test/monday-standin';
import { createApp } from '../../app';
import { closeServer, listenOnLoopback } from '../../core/http-server';
import { createLogger } from '../../core/logger';
import { openDatabase } from '../../store/database';
import type { JobQueue } from '../../store/ports';
import { SqliteStore } from '../../store/sqlite-store';
import { salesforceColumnId } from '../../monday/salesforce-column';
import { MondayWebhookIntake, mondayEventsQueue } from '../monday-webhooks';

const pathSecret = 'p4th-s3cret-0f-the-c0nnecti0n';
const signingSecret = 'monday-app-signing-secret';

let fixture: Fixture;
let store: SqliteStore;
let jobs: JobQueue;
let server: Server;
let endpoint: string;

beforeEach(async () => {
  fixture = await startStandInWithBoard({ webhooks: { retryIntervalMs: 10, maxAttempts: 2, signingSecret } });
  const clock = new ManualClock(Date.now());
  store = new SqliteStore(openDatabase(':memory:'), { clock });
  jobs = store.jobs;
  const logger = createLogger('silent');
  // The endpoint's public URL (the tokens' audience) is known once the app listens.
  const settings = { pathSecret, signingSecret, publicUrl: '' };
  const mondayWebhooks = new MondayWebhookIntake(store, settings, clock, logger);
  let url: string;
  ({ server, url } = await listenOnLoopback(
    createApp({ connections: oneConnection({ mondayWebhooks }), logger, readiness: [] })
  ));
  endpoint = `${url}/v1/monday/webhooks/${pathSecret}`;
  settings.publicUrl = endpoint;
});

afterEach(async () => {
  await fixture.standIn.close();
  await closeServer(server);
  await store.close();
});

const subscribe = (url: string, event: string) =>
  graphql(
    fixture.standIn,
    `
      mutation ($board: ID!, $url: String!, $event: WebhookEventType!) {
        create_webhook(board_id: $board, url: $url, event: $event) {
          id
        }
      }
    `,
    {
      board: fixture.board.id,
      url,
      event
    }
  );

describe('monday webhooks', () => {
  it('answers the challenge, so that monday creates the webhook, then stores each signed event once', async () => {
    expect((await subscribe(endpoint, 'create_item')).body.errors).toBeUndefined();
    expect((await subscribe(endpoint, 'change_column_value')).body.errors).toBeUndefined();
    const item = fixture.standIn.operations.createItem({
      boardId: fixture.board.id,
      name: 'Acme',
      actorId: fixture.boardUser.id
    });
    fixture.standIn.operations.changeColumnValues({
      boardId: fixture.board.id,
      itemId: item.id,
      columnValues: { text: 'SF' },
      actorId: fixture.boardUser.id
    });
    await fixture.standIn.webhooks.whenIdle();
    expect(fixture.standIn.webhooks.deliveries.every((delivery) => delivery.delivered)).toBe(true);
    const claimed = await jobs.claim(mondayEventsQueue, 60_000, 10);
    expect(claimed.map((job) => (job.payload as { type: string }).type)).toEqual(['create_pulse']);
    expect(claimed[0]!.orderingKey).toBe(`monday:${fixture.board.id}:${item.id}`);
    expect((await jobs.counts(mondayEventsQueue)).pending).toBe(1);
  });

  it("answers the relay's own Salesforce column changes without queueing them", async () => {
    expect((await subscribe(endpoint, 'change_column_value')).body.errors).toBeUndefined();
    fixture.standIn.operations.createColumn(fixture.board.id, {
      title: 'Salesforce',
      type: 'link',
      id: salesforceColumnId
    });
    const item = fixture.standIn.operations.createItem({
      boardId: fixture.board.id,
      name: 'Acme',
      actorId: fixture.boardUser.id
    });
    fixture.standIn.operations.changeColumnValues({
      boardId: fixture.board.id,
      itemId: item.id,
      columnValues: {
        [salesforceColumnId]: { url: 'https://example.my.salesforce.com/x', text: '00Q5g0000000001AAA' }
      },
      actorId: fixture.boardUser.id
    });
    fixture.standIn.operations.changeColumnValues({
      boardId: fixture.board.id,
      itemId: item.id,
      columnValues: { text: 'SF' },
      actorId: fixture.boardUser.id
    });
    await fixture.standIn.webhooks.whenIdle();
    expect(fixture.standIn.webhooks.deliveries).toHaveLength(2);
    expect(fixture.standIn.webhooks.deliveries.every((delivery) => delivery.delivered)).toBe(true);
    const claimed = await jobs.claim(mondayEventsQueue, 60_000, 10);
    expect(claimed.map((job) => (job.payload as { columnId: string }).columnId)).toEqual(['text']);
  });

  it('stores a delivery repeated by monday only once', async () => {
    await subscribe(endpoint, 'create_item');
    fixture.standIn.operations.createItem({ boardId: fixture.board.id, name: 'Acme', actorId: fixture.boardUser.id });
    await fixture.standIn.webhooks.whenIdle();
    const [delivery] = fixture.standIn.webhooks.deliveries;
    const token = jwt.sign({ dat: {} }, signingSecret, { algorithm: 'HS256', audience: endpoint, expiresIn: 60 });
    const again = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: token },
      body: JSON.stringify(delivery!.payload)
    });
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    expect((await jobs.counts(mondayEventsQueue)).pending).toBe(1);
  });

  it.each([
    ['without a token', {}, 401],
    [
      'with a token signed by another secret',
      { authorization: jwt.sign({}, 'another', { algorithm: 'HS256', audience: 'x' }) },
      401
    ],
    [
      'with a token for another endpoint',
      {
        authorization: jwt.sign({}, signingSecret, { algorithm: 'HS256', audience: 'https://elsewhere.example/hook' })
      },
      401
    ]
  ])('refuses a delivery %s and stores nothing', async (_what, headers, status) => {
    const body = {
      event: {
        type: 'create_pulse',
        triggerUuid: 'a'.repeat(32),
        subscriptionId: 1,
        boardId: 1,
        pulseId: 2,
        userId: 3,
        triggerTime: 'now'
      }
    };
    const answer = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body)
    });
    expect(answer.status).toBe(status);
    expect((await jobs.counts(mondayEventsQueue)).pending).toBe(0);
  });

  it('answers the challenge without a token, refuses a malformed body, and answers 404 to a wrong URL secret', async () => {
    const challenge = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"challenge":"x"}'
    });
    expect(await challenge.json()).toEqual({ challenge: 'x' });
    const token = jwt.sign({ dat: {} }, signingSecret, { algorithm: 'HS256', audience: endpoint, expiresIn: 60 });
    const malformed = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: token },
      body: JSON.stringify({ event: { type: 'explode' } })
    });
    expect(malformed.status).toBe(400);
    const wrong = await fetch(endpoint.replace(pathSecret, 'guess'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: token },
      body: '{"challenge":"x"}'
    });
    expect(wrong.status).toBe(404);
    expect((await jobs.counts(mondayEventsQueue)).pending).toBe(0);
  });

  // monday's tokens carry exp and its documentation asks to check it: a token without one is refused, as is alg=none.
  it('refuses a token for this endpoint that never expires, and an alg=none token', async () => {
    const event = {
      type: 'create_pulse',
      triggerUuid: 'd'.repeat(32),
      subscriptionId: 1,
      boardId: 1,
      pulseId: 2,
      userId: 3,
      triggerTime: 'now'
    };
    for (const authorization of [
      jwt.sign({}, signingSecret, { algorithm: 'HS256', audience: endpoint }),
      jwt.sign({ aud: endpoint, exp: Math.floor(Date.now() / 1000) + 60 }, '', { algorithm: 'none' })
    ]) {
      const answer = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ event })
      });
      expect(answer.status).toBe(401);
    }
    expect((await jobs.counts(mondayEventsQueue)).pending).toBe(0);
  });

  it('never says the endpoint it expected (its URL holds the path secret) when it refuses a token', async () => {
    const answer = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: jwt.sign({}, signingSecret, {
          algorithm: 'HS256',
          audience: 'https://elsewhere.example/hook',
          expiresIn: 60
        })
      },
      body: JSON.stringify({
        event: {
          type: 'create_pulse',
          triggerUuid: 'b'.repeat(32),
          subscriptionId: 1,
          boardId: 1,
          pulseId: 2,
          userId: 3,
          triggerTime: 'now'
        }
      })
    });
    const text = await answer.text();
    expect(answer.status).toBe(401);
    expect(text).toContain('another endpoint');
    expect(text).not.toContain(pathSecret);
  });

  it('refuses a value nested 100,000 levels deep, and a __proto__ key, with 400, storing nothing', async () => {
    const token = jwt.sign({}, signingSecret, { algorithm: 'HS256', audience: endpoint, expiresIn: 60 });
    const event = {
      type: 'update_column_value',
      triggerUuid: 'c'.repeat(32),
      subscriptionId: 1,
      boardId: 1,
      pulseId: 2,
      userId: 3,
      triggerTime: 'now',
      columnId: 'text'
    };
    const post = (body: string) =>
      fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body });
    const deep = `{"event":${JSON.stringify(event).slice(0, -1)},"value":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const refusedDeep = await post(deep);
    expect(refusedDeep.status).toBe(400);
    expect(await refusedDeep.text()).toContain('deeper than 32 levels');
    const refusedProto = await post(JSON.stringify({ event }).replace('"columnId"', '"__proto__":{"x":1},"columnId"'));
    expect(refusedProto.status).toBe(400);
    expect((await jobs.counts(mondayEventsQueue)).pending).toBe(0);
  });

  it('lets monday refuse to create a webhook whose challenge is not answered (a wrong URL secret)', async () => {
    const answer = await subscribe(endpoint.replace(pathSecret, 'guess'), 'create_item');
    expect(answer.body.errors![0]!.extensions!.code).toBe('WebhookUrlVerificationFailed');
  });
});
