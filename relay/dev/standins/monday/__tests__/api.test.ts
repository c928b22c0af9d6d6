// The stand-in's GraphQL API over HTTP, as the relay meets it: authentication, reads, writes, paging and the
// application errors monday answers with HTTP 200.
import { type Fixture, graphql, relayToken, startStandInWithBoard } from '../../../../test/monday-standin';

let fixture: Fixture;
beforeEach(async () => {
  fixture = await startStandInWithBoard();
});
afterEach(async () => {
  await fixture.standIn.close();
});

const createItem = `mutation ($board: ID!, $name: String!, $values: JSON, $labels: Boolean) {
  create_item(board_id: $board, item_name: $name, column_values: $values, create_labels_if_missing: $labels) { id name }
}`;

const readItem = `query ($ids: [ID!]) {
  items(ids: $ids) { id name state column_values { id type text value ... on StatusValue { label index } } }
}`;

async function newItem(name: string, values: Record<string, unknown> = {}) {
  const answer = await graphql(fixture.standIn, createItem, {
    board: fixture.board.id,
    name,
    values: JSON.stringify(values)
  });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data!.create_item.id as string;
}

describe('authentication and headers', () => {
  it('answers 401 without a token, with an unknown token, and with a "Bearer" prefix', async () => {
    for (const authorization of ['', 'wrong-token', `Bearer ${relayToken}`]) {
      const answer = await graphql(fixture.standIn, '{ me { id } }', {}, { authorization });
      expect(answer.status).toBe(401);
    }
  });

  it('answers with the API-Version it used and says who the token belongs to', async () => {
    const answer = await graphql(fixture.standIn, '{ me { id name email } }');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('api-version')).toBe('2026-10');
    expect(answer.body.data!.me).toEqual({ id: fixture.relayUser.id, name: 'Sync relay', email: 'relay@example.com' });
  });

  it('answers a malformed body with 400 and a query on a field monday lacks with 200 and errors', async () => {
    const malformed = await fetch(fixture.standIn.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: relayToken },
      body: '{"query": '
    });
    expect(malformed.status).toBe(400);
    const unknownField = await graphql(fixture.standIn, '{ me { id shoe_size } }');
    expect(unknownField.status).toBe(200);
    expect(unknownField.body.errors![0]!.message).toContain('shoe_size');
  });
});

describe('boards, columns and items', () => {
  it('lists a board with its columns and groups', async () => {
    const answer = await graphql(
      fixture.standIn,
      `
        query ($ids: [ID!]) {
          boards(ids: $ids) {
            id
            name
            url
            columns {
              id
              type
              settings_str
            }
            groups {
              id
              title
            }
          }
        }
      `,
      { ids: [fixture.board.id] }
    );
    const [board] = answer.body.data!.boards;
    expect(board.name).toBe('Deals');
    expect(board.url).toBe(`https://standin.monday.com/boards/${fixture.board.id}`);
    expect(board.columns).toHaveLength(16);
    expect(
      JSON.parse(board.columns.find((column: { id: string }) => column.id === 'status').settings_str)
    ).toMatchObject({
      labels: { '1': 'Done' }
    });
    expect(board.groups).toEqual([{ id: 'topics', title: 'Group Title' }]);
  });

  it('creates an item from a column_values JSON string and reads value (a JSON string) and text back', async () => {
    const id = await newItem('Acme renewal', {
      text: 'Acme',
      numbers: '1200',
      status: { label: 'Done' },
      date: '2026-05-20'
    });
    const answer = await graphql(fixture.standIn, readItem, { ids: [id] });
    const values = Object.fromEntries(
      answer.body.data!.items[0].column_values.map((value: { id: string }) => [value.id, value])
    );
    expect(values.text).toMatchObject({ text: 'Acme', value: '"Acme"', type: 'text' });
    expect(values.numbers).toMatchObject({ text: '1200', value: '"1200"' });
    expect(values.status).toMatchObject({ text: 'Done', label: 'Done', index: 1 });
    expect(JSON.parse(values.status.value)).toMatchObject({ index: 1 });
    expect(values.date).toMatchObject({ text: '2026-05-20' });
    expect(values.email).toMatchObject({ text: '', value: null });
  });

  it('accepts column_values as a decoded JSON variable too', async () => {
    const answer = await graphql(fixture.standIn, createItem, {
      board: fixture.board.id,
      name: 'Object values',
      values: { text: 'direct' }
    });
    expect(answer.body.errors).toBeUndefined();
  });

  it('refuses a bad value with ColumnValueException (HTTP 200) and creates nothing', async () => {
    const answer = await graphql(fixture.standIn, createItem, {
      board: fixture.board.id,
      name: 'Bad',
      values: JSON.stringify({ text: 'fine', status: { label: 'Won' } })
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data!.create_item).toBeNull();
    expect(answer.body.errors![0]).toMatchObject({
      path: ['create_item'],
      extensions: {
        code: 'ColumnValueException',
        status_code: 200,
        error_data: { column_type: 'status', column_id: 'status' }
      }
    });
    expect(fixture.standIn.state.items.size).toBe(0);
  });

  it('creates a missing status label only when asked to', async () => {
    const answer = await graphql(fixture.standIn, createItem, {
      board: fixture.board.id,
      name: 'Won deal',
      values: JSON.stringify({ status: 'Won' }),
      labels: true
    });
    expect(answer.body.errors).toBeUndefined();
    const read = await graphql(fixture.standIn, readItem, { ids: [answer.body.data!.create_item.id] });
    expect(read.body.data!.items[0].column_values.find((value: { id: string }) => value.id === 'status').text).toBe(
      'Won'
    );
  });

  it.each([
    ['an empty name', '', 'ItemNameTooLongException'],
    ['a name over 255 characters', 'x'.repeat(256), 'ItemNameTooLongException']
  ])('refuses %s', async (_what, name, code) => {
    const answer = await graphql(fixture.standIn, createItem, { board: fixture.board.id, name, values: null });
    expect(answer.body.errors![0]!.extensions!.code).toBe(code);
  });

  it('refuses malformed column_values JSON, an unknown column and an unknown board', async () => {
    const badJson = await graphql(fixture.standIn, createItem, {
      board: fixture.board.id,
      name: 'x',
      values: '{"text": '
    });
    expect(badJson.body.errors![0]!.extensions).toMatchObject({ code: 'JsonParseException', status_code: 400 });
    const badColumn = await graphql(fixture.standIn, createItem, {
      board: fixture.board.id,
      name: 'x',
      values: '{"nope": "1"}'
    });
    expect(badColumn.body.errors![0]!.extensions!.code).toBe('InvalidColumnIdException');
    const badBoard = await graphql(fixture.standIn, createItem, { board: '1', name: 'x', values: null });
    expect(badBoard.body.errors![0]!.extensions!.code).toBe('InvalidBoardIdException');
  });

  it('changes several columns and the name at once, and clears numbers with null', async () => {
    const id = await newItem('Acme', { numbers: '5' });
    const answer = await graphql(
      fixture.standIn,
      `
        mutation ($board: ID!, $item: ID!, $values: JSON!) {
          change_multiple_column_values(board_id: $board, item_id: $item, column_values: $values) {
            id
            name
          }
        }
      `,
      {
        board: fixture.board.id,
        item: id,
        values: JSON.stringify({ name: 'Acme Corp', numbers: null, checkbox: { checked: 'true' } })
      }
    );
    expect(answer.body.data!.change_multiple_column_values.name).toBe('Acme Corp');
    const item = fixture.standIn.state.items.get(id)!;
    expect(item.values.has('numbers')).toBe(false);
    expect(item.values.get('checkbox')).toMatchObject({ checked: 'true' });
  });

  it('changes one column with a simple string or a JSON value', async () => {
    const id = await newItem('Acme');
    const simple = await graphql(
      fixture.standIn,
      `
        mutation ($board: ID!, $item: ID!) {
          change_simple_column_value(board_id: $board, item_id: $item, column_id: "status", value: "Stuck") {
            id
          }
        }
      `,
      { board: fixture.board.id, item: id }
    );
    expect(simple.body.errors).toBeUndefined();
    const json = await graphql(
      fixture.standIn,
      `
        mutation ($board: ID!, $item: ID!, $value: JSON!) {
          change_column_value(board_id: $board, item_id: $item, column_id: "rating", value: $value) {
            id
          }
        }
      `,
      { board: fixture.board.id, item: id, value: JSON.stringify({ rating: 5 }) }
    );
    expect(json.body.errors).toBeUndefined();
    expect(fixture.standIn.state.items.get(id)!.values.get('status')).toMatchObject({ index: 2 });
    expect(fixture.standIn.state.items.get(id)!.values.get('rating')).toMatchObject({ rating: 5 });
  });

  it('runs aliased mutations in order and answers partial data when one fails', async () => {
    const answer = await graphql(
      fixture.standIn,
      `
        mutation ($board: ID!) {
          first: create_item(board_id: $board, item_name: "One") {
            id
          }
          second: create_item(board_id: $board, item_name: "Two", column_values: "{\\"numbers\\": \\"many\\"}") {
            id
          }
          third: create_item(board_id: $board, item_name: "Three") {
            id
          }
        }
      `,
      { board: fixture.board.id }
    );
    expect(answer.body.data!.first.id).toEqual(expect.any(String));
    expect(answer.body.data!.second).toBeNull();
    expect(answer.body.data!.third.id).toEqual(expect.any(String));
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors![0]!.path).toEqual(['second']);
  });

  it('archives and deletes items; deleted items are gone from reads', async () => {
    const archived = await newItem('Old');
    const deleted = await newItem('Gone');
    await graphql(
      fixture.standIn,
      `
        mutation ($id: ID) {
          archive_item(item_id: $id) {
            id
            state
          }
        }
      `,
      { id: archived }
    );
    await graphql(
      fixture.standIn,
      `
        mutation ($id: ID) {
          delete_item(item_id: $id) {
            id
          }
        }
      `,
      { id: deleted }
    );
    const answer = await graphql(fixture.standIn, readItem, { ids: [archived, deleted] });
    expect(answer.body.data!.items.map((item: { id: string; state: string }) => [item.id, item.state])).toEqual([
      [archived, 'archived']
    ]);
  });

  it('adds a column once: a second column with the same id is refused', async () => {
    const create = `mutation ($board: ID!) { create_column(board_id: $board, id: "salesforce", title: "Salesforce", column_type: link) { id type } }`;
    const first = await graphql(fixture.standIn, create, { board: fixture.board.id });
    expect(first.body.data!.create_column).toEqual({ id: 'salesforce', type: 'link' });
    const second = await graphql(fixture.standIn, create, { board: fixture.board.id });
    expect(second.body.errors![0]!.extensions!.code).toBe('ColumnIdAlreadyExists');
  });

  it('posts updates on items and notifications to people', async () => {
    const id = await newItem('Acme');
    const update = await graphql(
      fixture.standIn,
      `
        mutation ($id: ID) {
          create_update(item_id: $id, body: "Sync failed: <b>Email</b> is invalid") {
            id
            text_body
            item_id
          }
        }
      `,
      {
        id
      }
    );
    expect(update.body.data!.create_update).toMatchObject({ text_body: 'Sync failed: Email is invalid', item_id: id });
    const notify = `mutation ($user: ID!, $target: ID!) { create_notification(user_id: $user, target_id: $target, target_type: Project, text: "Check Acme") { id } }`;
    expect(
      (await graphql(fixture.standIn, notify, { user: fixture.boardUser.id, target: id })).body.errors
    ).toBeUndefined();
    expect((await graphql(fixture.standIn, notify, { user: '99', target: id })).body.errors![0]!.extensions!.code).toBe(
      'InvalidUserIdException'
    );
  });
});

describe('reading many items', () => {
  it('pages with items_page and next_items_page until the cursor is null', async () => {
    for (let index = 0; index < 7; index += 1) await newItem(`Item ${index}`);
    const first = await graphql(
      fixture.standIn,
      `
        query ($board: [ID!]) {
          boards(ids: $board) {
            items_page(limit: 3) {
              cursor
              items {
                name
              }
            }
          }
        }
      `,
      { board: [fixture.board.id] }
    );
    const names: string[] = first.body.data!.boards[0].items_page.items.map((item: { name: string }) => item.name);
    let cursor: string | null = first.body.data!.boards[0].items_page.cursor;
    while (cursor) {
      const next = await graphql(
        fixture.standIn,
        `
          query ($cursor: String!) {
            next_items_page(cursor: $cursor, limit: 3) {
              cursor
              items {
                name
              }
            }
          }
        `,
        {
          cursor
        }
      );
      names.push(...next.body.data!.next_items_page.items.map((item: { name: string }) => item.name));
      cursor = next.body.data!.next_items_page.cursor;
    }
    expect(names).toEqual(['Item 0', 'Item 1', 'Item 2', 'Item 3', 'Item 4', 'Item 5', 'Item 6']);
  });

  it('refuses a page of more than 500 items and more than 100 item ids', async () => {
    const page = await graphql(
      fixture.standIn,
      `
        query ($board: [ID!]) {
          boards(ids: $board) {
            items_page(limit: 501) {
              cursor
            }
          }
        }
      `,
      {
        board: [fixture.board.id]
      }
    );
    expect(page.body.errors![0]!.message).toContain('between 1 and 500');
    const ids = Array.from({ length: 101 }, (_unused, index) => String(index + 1));
    const items = await graphql(fixture.standIn, readItem, { ids });
    expect(items.body.errors![0]!.extensions!.code).toBe('InvalidArgumentException');
  });

  it('filters items_page with rules and orders by last update', async () => {
    await newItem('Small', { numbers: '5' });
    await newItem('Large', { numbers: '500' });
    await newItem('Empty');
    const answer = await graphql(
      fixture.standIn,
      `
        query ($board: [ID!]) {
          boards(ids: $board) {
            big: items_page(
              query_params: { rules: [{ column_id: "numbers", compare_value: ["100"], operator: greater_than }] }
            ) {
              items {
                name
              }
            }
            empty: items_page(
              query_params: { rules: [{ column_id: "numbers", compare_value: [], operator: is_empty }] }
            ) {
              items {
                name
              }
            }
          }
        }
      `,
      { board: [fixture.board.id] }
    );
    expect(answer.body.data!.boards[0].big.items).toEqual([{ name: 'Large' }]);
    expect(answer.body.data!.boards[0].empty.items).toEqual([{ name: 'Empty' }]);
  });

  it('finds items by column values, and refuses a column type monday does not support there', async () => {
    await newItem('Acme', { text: 'SF-001' });
    await newItem('Globex', { text: 'SF-002' });
    const lookup = `query ($board: ID!, $column: String!, $values: [String]!) {
      items_page_by_column_values(board_id: $board, columns: [{ column_id: $column, column_values: $values }]) { items { name } }
    }`;
    const found = await graphql(fixture.standIn, lookup, {
      board: fixture.board.id,
      column: 'text',
      values: ['SF-002']
    });
    expect(found.body.data!.items_page_by_column_values.items).toEqual([{ name: 'Globex' }]);
    const refused = await graphql(fixture.standIn, lookup, {
      board: fixture.board.id,
      column: 'location',
      values: ['Paris']
    });
    expect(refused.body.errors![0]!.extensions!.code).toBe('InvalidColumnTypeException');
  });

  // https://developer.monday.com/api-reference/docs/link: "If display text is present, you must search by that and
  // not the URL"; a text column is matched on its whole text, whatever the case.
  it('matches a link column on its text when it has one, on its URL only when it has none', async () => {
    await newItem('Labelled', { link: { url: 'https://org.example/lead/1', text: '00Q000000000001AAA' } });
    await newItem('Bare', { link: { url: 'https://org.example/lead/2' } });
    await newItem('Texted', { text: 'Acme Corp' });
    const lookup = `query ($board: ID!, $column: String!, $values: [String]!) {
      items_page_by_column_values(board_id: $board, columns: [{ column_id: $column, column_values: $values }]) { items { name } }
    }`;
    const names = async (column: string, values: string[]) =>
      (
        (await graphql(fixture.standIn, lookup, { board: fixture.board.id, column, values })).body.data!
          .items_page_by_column_values.items as { name: string }[]
      ).map((item) => item.name);
    expect(await names('link', ['https://org.example/lead/1'])).toEqual([]);
    expect(await names('link', ['00Q000000000001AAA'])).toEqual(['Labelled']);
    expect(await names('link', ['https://org.example/lead/2'])).toEqual(['Bare']);
    expect(await names('text', ['acme corp'])).toEqual(['Texted']);
    expect(await names('text', ['Acme'])).toEqual([]);
  });
});

describe('complexity', () => {
  it('reports the query cost and the budget before and after', async () => {
    const answer = await graphql(fixture.standIn, '{ complexity { before after query reset_in_x_seconds } me { id } }');
    const { before, after, query, reset_in_x_seconds: resetIn } = answer.body.data!.complexity;
    expect(query).toBeGreaterThan(0);
    expect(before - after).toBe(query);
    expect(resetIn).toBeGreaterThan(0);
  });
});
