// The recipe builder's questions: the package asks the relay, signed, for the account's boards with their groups and
// columns; an unsigned or wrongly signed question is refused.
import axios from 'axios';
import { RelayHarness, webhookSecret } from '../../../test/relay-harness';
import { signRequest } from '../signature';

let relay: RelayHarness;
beforeEach(async () => {
  relay = await new RelayHarness().start();
});
afterEach(async () => {
  await relay.stop();
});

function ask(headers: Record<string, string>, body = '{}') {
  return axios.post(`${relay.url}/v1/salesforce/monday/boards`, body, {
    headers: { 'Content-Type': 'application/json', ...headers },
    validateStatus: () => true
  });
}

const signed = (secret = webhookSecret, body = '{}') =>
  signRequest(secret, `query-${Math.random()}`, Math.floor(relay.clock.now() / 1000), body);

describe('the boards question', () => {
  it('answers every active board with its url, groups and columns, a page of 50 at a time', async () => {
    for (let index = 0; index < 60; index += 1) relay.monday.operations.createBoard(`Board ${index}`, 'public');
    const archived = relay.monday.operations.createBoard('Old board', 'public');
    relay.monday.state.boards.get(archived.id)!.state = 'archived';
    const mondayCalls = jest.spyOn(relay.relay.monday, 'request');

    const answer = await ask(signed());
    expect(answer.status).toBe(200);
    const boards = answer.data.boards as { id: string; name: string; url: string; columns: { id: string }[] }[];
    expect(boards).toHaveLength(61);
    expect(boards.map((board) => board.name)).not.toContain('Old board');
    const leads = boards.find((board) => board.id === relay.board.id)!;
    expect(leads).toMatchObject({ name: 'Leads', url: expect.stringContaining(`/boards/${relay.board.id}`) });
    expect(leads.columns.map((column) => column.id)).toEqual(expect.arrayContaining(['text', 'status', 'email']));
    expect(mondayCalls).toHaveBeenCalledTimes(2);

    // Asked again within the minute: from the cache.
    expect((await ask(signed())).status).toBe(200);
    expect(mondayCalls).toHaveBeenCalledTimes(2);
  });

  it('refuses an unsigned question, a wrong signature and a stale one, without asking monday', async () => {
    const mondayCalls = jest.spyOn(relay.relay.monday, 'request');
    const unsigned = await ask({});
    expect(unsigned.status).toBe(401);
    expect(unsigned.data.error.code).toBe('SIGNATURE_INVALID');
    const otherSecret = `whsec_${Buffer.from('another-secret-of-thirty-two-byt').toString('base64')}`;
    expect((await ask(signed(otherSecret))).status).toBe(401);
    const stale = signRequest(webhookSecret, 'query-stale', Math.floor(relay.clock.now() / 1000) - 600, '{}');
    expect((await ask(stale)).status).toBe(401);
    expect(mondayCalls).not.toHaveBeenCalled();
  });
});
