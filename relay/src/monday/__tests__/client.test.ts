// The monday client against the stand-in: answers, partial answers, and every failure mode turned into its error.
import axios from 'axios';
import { ManualClock } from '../../../test/manual-clock';
import { type Fixture, relayToken, startStandInWithBoard } from '../../../test/monday-standin';
import { createLogger } from '../../core/logger';
import { MondayClient } from '../client';
import { createItemsDocument, createItemsVariables, documents } from '../documents';
import {
  MondayAuthError,
  MondayBoardLockedError,
  MondayDailyLimitError,
  MondayRateLimitedError,
  MondayRequestError,
  MondayUnavailableError
} from '../errors';

let fixture: Fixture;
const logger = createLogger('silent');

async function start(options: Parameters<typeof startStandInWithBoard>[0] = {}) {
  fixture = await startStandInWithBoard(options);
  return new MondayClient(axios.create(), { url: fixture.standIn.url, token: relayToken }, logger);
}

afterEach(async () => {
  await fixture.standIn.close();
});

describe('MondayClient', () => {
  it('answers data and keeps the complexity budget of the answer', async () => {
    const client = await start();
    const answer = await client.request(documents.me, {});
    expect(answer.data.me).toMatchObject({ id: fixture.relayUser.id });
    expect(answer.complexity).toMatchObject({ query: expect.any(Number), after: expect.any(Number) });
    expect(client.lastComplexity).toEqual(answer.complexity);
  });

  it('creates several items in one request, and reports the one that failed by its alias', async () => {
    const client = await start();
    const items = [
      { name: 'Acme', columnValues: { text: 'SF-1' } },
      { name: 'Bad', columnValues: { numbers: 'many' } },
      { name: 'Globex', columnValues: { text: 'SF-3' } }
    ];
    const answer = await client.request(createItemsDocument(3), createItemsVariables(fixture.board.id, items, false));
    expect(answer.data.item0).toMatchObject({ name: 'Acme' });
    expect(answer.data.item1).toBeNull();
    expect(answer.data.item2).toMatchObject({ name: 'Globex' });
    expect(answer.fieldErrors).toEqual([
      expect.objectContaining({
        path: ['item1'],
        extensions: expect.objectContaining({ code: 'ColumnValueException' })
      })
    ]);
    expect(fixture.standIn.requestCount).toBe(1);
  });

  it('sends the Idempotency-Key: a retried mutation creates one item', async () => {
    const client = await start();
    const variables = createItemsVariables(fixture.board.id, [{ name: 'Once', columnValues: {} }], false);
    const first = await client.request(createItemsDocument(1), variables, { idempotencyKey: 'lead-00Q1-v1' });
    const retried = await client.request(createItemsDocument(1), variables, { idempotencyKey: 'lead-00Q1-v1' });
    expect(retried.data.item0).toEqual(first.data.item0);
    expect(fixture.standIn.state.items.size).toBe(1);
  });

  it('turns a refused token into MondayAuthError', async () => {
    await start();
    const client = new MondayClient(axios.create(), { url: fixture.standIn.url, token: 'revoked' }, logger);
    await expect(client.request(documents.me, {})).rejects.toBeInstanceOf(MondayAuthError);
  });

  it('turns a rate limit into MondayRateLimitedError with the wait monday asks for', async () => {
    const clock = new ManualClock();
    const client = await start({ clock, limits: { requestsPerMinute: 1 } });
    await client.request(documents.me, {});
    clock.advance(20_000);
    await expect(client.request(documents.me, {})).rejects.toMatchObject({
      constructor: MondayRateLimitedError,
      retryAfterMs: 40_000,
      mondayCode: 'RATE_LIMIT_EXCEEDED'
    });
  });

  it('turns the daily limit into MondayDailyLimitError, waiting until midnight UTC', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T22:00:00Z'));
    const client = await start({ clock, limits: { dailyCalls: 1 } });
    await client.request(documents.me, {});
    await expect(client.request(documents.me, {})).rejects.toMatchObject({
      constructor: MondayDailyLimitError,
      retryAfterMs: 2 * 3600 * 1000
    });
  });

  it('turns a locked board into MondayBoardLockedError', async () => {
    const client = await start();
    fixture.board.locked = true;
    await expect(
      client.request(
        createItemsDocument(1),
        createItemsVariables(fixture.board.id, [{ name: 'x', columnValues: {} }], false)
      )
    ).rejects.toBeInstanceOf(MondayBoardLockedError);
  });

  it('turns 5xx and an unreachable monday into MondayUnavailableError', async () => {
    const client = await start();
    fixture.standIn.faults.failNext(1, 502);
    await expect(client.request(documents.me, {})).rejects.toBeInstanceOf(MondayUnavailableError);
    const nowhere = new MondayClient(
      axios.create(),
      { url: 'http://127.0.0.1:1/v2', token: relayToken, timeoutMs: 2000 },
      logger
    );
    await expect(nowhere.request(documents.me, {})).rejects.toBeInstanceOf(MondayUnavailableError);
  });

  it('turns a document monday cannot run into MondayRequestError', async () => {
    const client = await start();
    await expect(client.request('{ me { shoe_size } }', {})).rejects.toBeInstanceOf(MondayRequestError);
  });
});

describe('pacing by the complexity budget', () => {
  it('refuses here a request that cannot fit the budget left, without spending a call, until the budget resets', async () => {
    const clock = new ManualClock();
    fixture = await startStandInWithBoard({ clock, limits: { complexityPerMinute: 25_000, mutationCost: 10_000 } });
    const client = new MondayClient(axios.create(), { url: fixture.standIn.url, token: relayToken }, logger, clock);
    const create = (name: string) =>
      client.request(
        createItemsDocument(1),
        createItemsVariables(fixture.board.id, [{ name, columnValues: {} }], false)
      );
    await create('One');
    await create('Two');
    const calls = fixture.standIn.requestCount;
    await expect(create('Three')).rejects.toMatchObject({
      constructor: MondayRateLimitedError,
      mondayCode: 'PACED_BY_RELAY'
    });
    expect(fixture.standIn.requestCount).toBe(calls);
    expect(client.pacedRequests).toBe(1);
    clock.advance(60_000);
    await create('Three');
    expect(fixture.standIn.state.items.size).toBe(3);
  });
});

describe('pacing a batch of a size not sent yet', () => {
  it('estimates its cost from the cost per mutation of the batches sent, and holds it back when it cannot fit', async () => {
    const clock = new ManualClock();
    fixture = await startStandInWithBoard({ clock, limits: { complexityPerMinute: 35_000, mutationCost: 10_000 } });
    const client = new MondayClient(axios.create(), { url: fixture.standIn.url, token: relayToken }, logger, clock);
    const items = (count: number) =>
      Array.from({ length: count }, (_unused, index) => ({ name: `Item ${index}`, columnValues: {} }));
    await client.request(createItemsDocument(2), createItemsVariables(fixture.board.id, items(2), false));
    const calls = fixture.standIn.requestCount;
    await expect(
      client.request(createItemsDocument(3), createItemsVariables(fixture.board.id, items(3), false))
    ).rejects.toMatchObject({
      mondayCode: 'PACED_BY_RELAY'
    });
    expect(fixture.standIn.requestCount).toBe(calls);
    expect(fixture.standIn.throttledCount).toBe(0);
  });
});
