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

  // The shapes monday's documentation gives for errors the stand-in does not reach by itself.
  describe('the error shapes monday documents', () => {
    it('waits out FIELD_LIMIT_EXCEEDED, in the older top-level shape, as long as its error_data says', async () => {
      const client = await start();
      // https://developer.monday.com/api-reference/changelog/new-descriptive-field-limit-exceeded-error
      fixture.standIn.faults.answerNext(429, {
        error_message: 'Concurrency limit exceeded for the field',
        error_code: 'FIELD_LIMIT_EXCEEDED',
        error_data: { retry_in_seconds: 15, entity: 'boards' },
        status_code: 429,
        account_id: 123456
      });
      const refused = await client.request(documents.me, {}).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(MondayRateLimitedError);
      expect(refused).toMatchObject({ retryAfterMs: 15_000, mondayCode: 'FIELD_LIMIT_EXCEEDED' });
      expect((await client.request(documents.me, {})).data.me).toBeDefined();
    });

    it('waits out the older ComplexityException for the seconds its message gives', async () => {
      const client = await start();
      // https://developer.monday.com/api-reference/changelog/hotfix-complexity-exception-errors
      fixture.standIn.faults.answerNext(429, {
        error_code: 'ComplexityException',
        status_code: 429,
        error_message:
          'Complexity budget exhausted, query cost 30001 budget remaining 19986 out of 1000000 reset in 3 seconds',
        error_data: {},
        errors: [
          'Complexity budget exhausted, query cost 30001 budget remaining 19986 out of 1000000 reset in 3 seconds'
        ],
        account_id: 1234567890
      });
      await expect(client.request(documents.me, {})).rejects.toMatchObject({ retryAfterMs: 3_000 });
    });

    it('reads an application error with "data": [] as the refusal it is, with its message', async () => {
      const client = await start();
      // https://developer.monday.com/api-reference/docs/error-handling
      fixture.standIn.faults.answerNext(200, {
        data: [],
        errors: [
          {
            message: 'User unauthorized to perform action',
            locations: [{ line: 2, column: 3 }],
            path: ['me'],
            extensions: { code: 'UserUnauthorizedException', error_data: {}, status_code: 403 }
          }
        ],
        account_id: 123456
      });
      const refused = await client.request(documents.me, {}).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(MondayRequestError);
      expect((refused as Error).message).toContain('User unauthorized to perform action');
    });
  });
});
