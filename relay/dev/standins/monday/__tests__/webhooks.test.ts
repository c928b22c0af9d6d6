// Webhooks as a receiver sees them: the challenge on creation, then the real event types with UI-shaped values,
// retried until the receiver answers 200, and signed when a signing secret is set.
import type { Server } from 'node:http';
import express from 'express';
import jwt from 'jsonwebtoken';
import { closeServer, listenOnLoopback } from '../../../../src/core/http-server';
import { type Fixture, graphql, startStandInWithBoard } from '../../../../test/monday-standin';

/** A webhook endpoint that answers the challenge (or not) and records what it receives. */
class Receiver {
  readonly received: { body: any; authorization: string | undefined }[] = [];
  echoChallenge = true;
  /** Statuses for the next event deliveries; 200 once they run out. */
  readonly answers: number[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    const app = express();
    app.post('/hooks', express.json(), (request, response) => {
      if ('challenge' in request.body) {
        if (this.echoChallenge) response.json({ challenge: request.body.challenge });
        else response.json({ ok: true });
        return;
      }
      this.received.push({ body: request.body, authorization: request.get('authorization') });
      response.status(this.answers.shift() ?? 200).end();
    });
    const { server, url } = await listenOnLoopback(app);
    this.server = server;
    this.url = `${url}/hooks`;
    return this;
  }

  async close(): Promise<void> {
    await closeServer(this.server);
  }
}

const createWebhook = `mutation ($board: ID!, $url: String!, $event: WebhookEventType!, $config: JSON) {
  create_webhook(board_id: $board, url: $url, event: $event, config: $config) { id board_id event }
}`;

let fixture: Fixture;
let receiver: Receiver;

async function setUp(options: Parameters<typeof startStandInWithBoard>[0] = {}) {
  fixture = await startStandInWithBoard({ webhooks: { retryIntervalMs: 10, maxAttempts: 3 }, ...options });
  receiver = await new Receiver().start();
}

afterEach(async () => {
  await fixture.standIn.close();
  await receiver.close();
});

async function subscribe(event: string, config?: Record<string, unknown>) {
  const answer = await graphql(fixture.standIn, createWebhook, {
    board: fixture.board.id,
    url: receiver.url,
    event,
    config: config ? JSON.stringify(config) : null
  });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data!.create_webhook as { id: string };
}

describe('create_webhook', () => {
  it('creates the webhook only when the endpoint echoes the challenge', async () => {
    await setUp();
    receiver.echoChallenge = false;
    const refused = await graphql(fixture.standIn, createWebhook, {
      board: fixture.board.id,
      url: receiver.url,
      event: 'create_item'
    });
    expect(refused.body.data!.create_webhook).toBeNull();
    expect(refused.body.errors![0]!.message).toContain('challenge');
    expect(fixture.standIn.state.webhooks.size).toBe(0);

    receiver.echoChallenge = true;
    const webhook = await subscribe('create_item');
    const listed = await graphql(
      fixture.standIn,
      `
        query ($board: ID!) {
          webhooks(board_id: $board) {
            id
            event
          }
        }
      `,
      { board: fixture.board.id }
    );
    expect(listed.body.data!.webhooks).toEqual([{ id: webhook.id, event: 'create_item' }]);
  });

  it('refuses an endpoint that cannot be reached', async () => {
    await setUp();
    const answer = await graphql(fixture.standIn, createWebhook, {
      board: fixture.board.id,
      url: 'http://127.0.0.1:1/none',
      event: 'create_item'
    });
    expect(answer.body.errors![0]!.extensions!.code).toBe('WebhookUrlVerificationFailed');
  });

  it('stops delivering once the webhook is deleted', async () => {
    await setUp();
    const webhook = await subscribe('create_item');
    await graphql(
      fixture.standIn,
      `
        mutation ($id: ID!) {
          delete_webhook(id: $id) {
            id
          }
        }
      `,
      { id: webhook.id }
    );
    fixture.standIn.operations.createItem({
      boardId: fixture.board.id,
      name: 'Unheard',
      actorId: fixture.boardUser.id
    });
    await fixture.standIn.webhooks.whenIdle();
    expect(receiver.received).toEqual([]);
  });
});

describe('deliveries', () => {
  it('sends create_pulse, update_column_value, update_name, archive_pulse and delete_pulse with the actor', async () => {
    await setUp();
    const subscription = await subscribe('create_item');
    for (const event of ['change_column_value', 'change_name', 'item_archived', 'item_deleted']) await subscribe(event);
    const { operations } = fixture.standIn;
    const actorId = fixture.boardUser.id;
    const item = operations.createItem({ boardId: fixture.board.id, name: 'Acme', actorId });
    operations.changeColumnValues({
      boardId: fixture.board.id,
      itemId: item.id,
      columnValues: { status: 'Done', numbers: '12' },
      actorId
    });
    operations.changeColumnValues({
      boardId: fixture.board.id,
      itemId: item.id,
      columnValues: { name: 'Acme Corp' },
      actorId
    });
    operations.archiveItem(item.id, actorId);
    operations.deleteItem(item.id, actorId);
    await fixture.standIn.webhooks.whenIdle();

    const events = receiver.received.map(({ body }) => body.event);
    expect(events.map((event) => event.type)).toEqual([
      'create_pulse',
      'update_column_value',
      'update_column_value',
      'update_name',
      'archive_pulse',
      'delete_pulse'
    ]);
    for (const event of events) {
      expect(event).toMatchObject({ app: 'monday', userId: Number(actorId), boardId: Number(fixture.board.id) });
      expect(event.triggerUuid).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(events[0]).toMatchObject({
      pulseId: Number(item.id),
      pulseName: 'Acme',
      groupId: 'topics',
      subscriptionId: Number(subscription.id)
    });
    expect(events[1]).toMatchObject({
      columnId: 'status',
      columnType: 'color',
      value: { label: { index: 1, text: 'Done', is_done: true }, post_id: null },
      previousValue: null
    });
    expect(events[2]).toMatchObject({ columnId: 'numbers', value: { value: 12, unit: null } });
    expect(events[3]).toMatchObject({ value: { name: 'Acme Corp' }, previousValue: { name: 'Acme' } });
    expect(events[4]).toMatchObject({ itemId: Number(item.id), itemName: 'Acme Corp' });
  });

  it('reports only real changes, and a specific column only to its subscription', async () => {
    await setUp();
    await subscribe('change_specific_column_value', { columnId: 'text' });
    const { operations } = fixture.standIn;
    const actorId = fixture.boardUser.id;
    const item = operations.createItem({
      boardId: fixture.board.id,
      name: 'Acme',
      columnValues: { text: 'a' },
      actorId
    });
    operations.changeColumnValues({
      boardId: fixture.board.id,
      itemId: item.id,
      columnValues: { text: 'a', numbers: '3' },
      actorId
    });
    operations.changeColumnValues({ boardId: fixture.board.id, itemId: item.id, columnValues: { text: 'b' }, actorId });
    await fixture.standIn.webhooks.whenIdle();
    expect(
      receiver.received.map(({ body }) => [body.event.columnId, body.event.value, body.event.previousValue])
    ).toEqual([['text', { value: 'b' }, { value: 'a' }]]);
  });

  it('retries a delivery that is not answered 200, up to the attempts allowed', async () => {
    await setUp();
    await subscribe('create_item');
    receiver.answers.push(500, 503);
    fixture.standIn.operations.createItem({
      boardId: fixture.board.id,
      name: 'Retried',
      actorId: fixture.boardUser.id
    });
    await fixture.standIn.webhooks.whenIdle();
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map(({ body }) => body.event.triggerUuid)).size).toBe(1);
    expect(fixture.standIn.webhooks.deliveries[0]).toMatchObject({ attempts: 3, delivered: true, lastStatus: 200 });

    receiver.answers.push(500, 500, 500);
    fixture.standIn.operations.createItem({
      boardId: fixture.board.id,
      name: 'Given up',
      actorId: fixture.boardUser.id
    });
    await fixture.standIn.webhooks.whenIdle();
    expect(fixture.standIn.webhooks.deliveries[1]).toMatchObject({ attempts: 3, delivered: false, lastStatus: 500 });
  });

  it('signs deliveries with an HS256 JWT for the endpoint when a signing secret is set', async () => {
    await setUp({ webhooks: { retryIntervalMs: 10, maxAttempts: 3, signingSecret: 'app-signing-secret' } });
    await subscribe('create_item');
    fixture.standIn.operations.createItem({ boardId: fixture.board.id, name: 'Signed', actorId: fixture.boardUser.id });
    await fixture.standIn.webhooks.whenIdle();
    const token = receiver.received[0]!.authorization!;
    expect(jwt.verify(token, 'app-signing-secret', { algorithms: ['HS256'], audience: receiver.url })).toMatchObject({
      aud: receiver.url
    });
    expect(() => jwt.verify(token, 'another-secret', { algorithms: ['HS256'] })).toThrow();
  });
});
