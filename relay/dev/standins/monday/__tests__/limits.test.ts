// monday's limits and failure modes, each configurable and each answered with the real status, headers and codes.
import { ManualClock } from '../../../../test/manual-clock';
import { type Fixture, graphql, startStandInWithBoard } from '../../../../test/monday-standin';

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.standIn.close();
  fixture = undefined;
});

async function start(options: Parameters<typeof startStandInWithBoard>[0]) {
  fixture = await startStandInWithBoard(options);
  return fixture;
}

const createItem = `mutation ($board: ID!, $name: String!) { create_item(board_id: $board, item_name: $name) { id } }`;

describe('rate limits', () => {
  it('answers 429 RATE_LIMIT_EXCEEDED past the per-minute request limit, with Retry-After, until the minute ends', async () => {
    const clock = new ManualClock();
    const { standIn } = await start({ clock, limits: { requestsPerMinute: 2 } });
    expect((await graphql(standIn, '{ me { id } }')).status).toBe(200);
    clock.advance(15_000);
    expect((await graphql(standIn, '{ me { id } }')).status).toBe(200);
    const refused = await graphql(standIn, '{ me { id } }');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('45');
    expect(refused.body.errors![0]).toEqual({
      message: 'Rate Limit Exceeded',
      extensions: { code: 'RATE_LIMIT_EXCEEDED', retry_in_seconds: 45 }
    });
    clock.advance(45_000);
    expect((await graphql(standIn, '{ me { id } }')).status).toBe(200);
  });

  it('counts item creates and updates against the hourly item budget, reads apart, and refuses past it for the hour', async () => {
    const clock = new ManualClock();
    const { standIn, board } = await start({ clock, limits: { itemWritesPerHour: 2 } });
    const create = (name: string) => graphql(standIn, createItem, { board: board.id, name });
    expect((await create('One')).status).toBe(200);
    expect((await graphql(standIn, '{ me { id } }')).status).toBe(200);
    expect((await create('Two')).status).toBe(200);
    const refused = await create('Three');
    expect(refused.status).toBe(429);
    expect(refused.body.errors![0]!.extensions).toMatchObject({ retry_in_seconds: 3600 });
    expect(standIn.state.itemsOfBoard(board.id)).toHaveLength(2);
    clock.advance(60 * 60_000);
    expect((await create('Three')).status).toBe(200);
  });

  it('answers 429 DAILY_LIMIT_EXCEEDED until midnight UTC', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T23:00:00Z'));
    const { standIn } = await start({ clock, limits: { dailyCalls: 1 } });
    await graphql(standIn, '{ me { id } }');
    const refused = await graphql(standIn, '{ me { id } }');
    expect(refused.status).toBe(429);
    expect(refused.body.errors![0]!.extensions).toEqual({ code: 'DAILY_LIMIT_EXCEEDED', retry_in_seconds: 3600 });
    clock.advance(3_600_000);
    expect((await graphql(standIn, '{ me { id } }')).status).toBe(200);
  });

  it('answers 429 COMPLEXITY_BUDGET_EXHAUSTED when the minute budget cannot pay for a query, and executes nothing', async () => {
    const clock = new ManualClock();
    const { standIn, board } = await start({ clock, limits: { complexityPerMinute: 25_000, mutationCost: 10_000 } });
    expect((await graphql(standIn, createItem, { board: board.id, name: 'One' })).status).toBe(200);
    expect((await graphql(standIn, createItem, { board: board.id, name: 'Two' })).status).toBe(200);
    const refused = await graphql(standIn, createItem, { board: board.id, name: 'Three' });
    expect(refused.status).toBe(429);
    expect(refused.body.errors![0]!.extensions).toEqual({ code: 'COMPLEXITY_BUDGET_EXHAUSTED', retry_in_seconds: 60 });
    expect(refused.headers.get('retry-after')).toBe('60');
    expect([...standIn.state.items.values()].map((item) => item.name)).toEqual(['One', 'Two']);
  });

  it('refuses one query above the maximum complexity with HTTP 200 and an error', async () => {
    const { standIn } = await start({ limits: { maxQueryComplexity: 10 } });
    const answer = await graphql(standIn, '{ boards(limit: 100) { id name columns { id title } } }');
    expect(answer.status).toBe(200);
    expect(answer.body.errors![0]!.extensions!.code).toBe('maxComplexityExceeded');
  });

  it('answers 429 maxConcurrencyExceeded when too many requests are in flight at once', async () => {
    const { standIn } = await start({ limits: { maxConcurrentRequests: 2 } });
    standIn.faults.latencyMs = 100;
    const answers = await Promise.all([1, 2, 3, 4].map(() => graphql(standIn, '{ me { id } }')));
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused[0]!.body.errors![0]!.extensions!.code).toBe('maxConcurrencyExceeded');
    expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThanOrEqual(2);
  });

  it('answers 429 IP_RATE_LIMIT_EXCEEDED past the requests allowed from one IP in 10 seconds', async () => {
    const { standIn } = await start({ limits: { ipRequestsPer10Seconds: 1 } });
    await graphql(standIn, '{ me { id } }');
    const refused = await graphql(standIn, '{ me { id } }');
    expect(refused.status).toBe(429);
    expect(refused.body.errors![0]!.extensions!.code).toBe('IP_RATE_LIMIT_EXCEEDED');
  });
});

describe('faults', () => {
  it('answers 423 to writes on a locked board, and reads still work', async () => {
    const { standIn, board } = await start({});
    board.locked = true;
    const write = await graphql(standIn, createItem, { board: board.id, name: 'Blocked' });
    expect(write.status).toBe(423);
    expect(write.body.errors![0]!.message).toBe('Resource is currently locked, please try again later');
    expect(standIn.state.items.size).toBe(0);
    expect(
      (
        await graphql(
          standIn,
          `
            query ($ids: [ID!]) {
              boards(ids: $ids) {
                id
              }
            }
          `,
          { ids: [board.id] }
        )
      ).status
    ).toBe(200);
  });

  it('answers injected 5xx before doing anything', async () => {
    const { standIn, board } = await start({});
    standIn.faults.failNext(1, 503);
    const failed = await graphql(standIn, createItem, { board: board.id, name: 'Lost?' });
    expect(failed.status).toBe(503);
    expect(standIn.state.items.size).toBe(0);
    expect((await graphql(standIn, createItem, { board: board.id, name: 'Retried' })).status).toBe(200);
  });
});

describe('Idempotency-Key', () => {
  it('replays the first answer of a repeated mutation with Idempotency-Replayed, creating one item', async () => {
    const { standIn, board } = await start({});
    const headers = { 'idempotency-key': 'create-lead-00Q1' };
    const first = await graphql(standIn, createItem, { board: board.id, name: 'Once' }, headers);
    const replay = await graphql(standIn, createItem, { board: board.id, name: 'Once' }, headers);
    expect(replay.body.data).toEqual(first.body.data);
    expect(replay.headers.get('idempotency-replayed')).toBe('true');
    expect(first.headers.get('idempotency-replayed')).toBeNull();
    expect(standIn.state.items.size).toBe(1);
  });

  it('forgets a key after 30 minutes', async () => {
    const clock = new ManualClock();
    const { standIn, board } = await start({ clock });
    const headers = { 'idempotency-key': 'k1' };
    await graphql(standIn, createItem, { board: board.id, name: 'First' }, headers);
    clock.advance(30 * 60 * 1000 + 1);
    await graphql(standIn, createItem, { board: board.id, name: 'First' }, headers);
    expect(standIn.state.items.size).toBe(2);
  });

  it('answers 409 with Retry-After to a duplicate sent while the first is still running', async () => {
    const { standIn, board } = await start({});
    standIn.faults.latencyMs = 300;
    const headers = { 'idempotency-key': 'same-key' };
    const first = graphql(standIn, createItem, { board: board.id, name: 'Slow' }, headers);
    await new Promise((resolve) => setTimeout(resolve, 100));
    standIn.faults.latencyMs = 0;
    const duplicate = await graphql(standIn, createItem, { board: board.id, name: 'Slow' }, headers);
    expect((await first).status).toBe(200);
    expect(duplicate.status).toBe(409);
    expect(duplicate.headers.get('retry-after')).toBe('1');
    expect(standIn.state.items.size).toBe(1);
  });
});

describe('Idempotency-Key and refusals', () => {
  it('does not replay a refusal: a mutation stopped by a lock runs when sent again', async () => {
    const { standIn, board } = await start({});
    board.locked = true;
    const headers = { 'idempotency-key': 'locked-then-free' };
    expect((await graphql(standIn, createItem, { board: board.id, name: 'Later' }, headers)).status).toBe(423);
    board.locked = false;
    const retried = await graphql(standIn, createItem, { board: board.id, name: 'Later' }, headers);
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotency-replayed')).toBeNull();
    expect(standIn.state.items.size).toBe(1);
  });
});
