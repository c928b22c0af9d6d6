// SOQL as the relay writes it: field lists, relationships, filters by type, date literals, ordering, paging.
import { ManualClock } from '../../../../test/manual-clock';
import { type SalesforceFixture, startSalesforce } from '../../../../test/salesforce-standin';

let fixture: SalesforceFixture;
let clock: ManualClock;
const ids: Record<string, string> = {};

beforeEach(async () => {
  clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'));
  fixture = await startSalesforce({ clock, queryBatchSize: 2 });
  const create = async (object: string, body: Record<string, unknown>) =>
    (await fixture.rest('POST', `/sobjects/${object}`, body)).body.id as string;
  ids.acme = await create('Account', { Name: 'Acme', Industry: 'Retail', AnnualRevenue: 5000000 });
  ids.globex = await create('Account', { Name: 'Globex', Industry: 'Energy' });
  ids.ann = await create('Contact', {
    FirstName: 'Ann',
    LastName: "O'Brien",
    AccountId: ids.acme,
    Email: 'ann@acme.com',
    Birthdate: '1990-02-01'
  });
  clock.advance(60_000);
  ids.bob = await create('Contact', {
    FirstName: 'Bob',
    LastName: 'Smith',
    AccountId: ids.globex,
    Email: 'bob@globex.com'
  });
  clock.advance(60_000);
  ids.cy = await create('Contact', { FirstName: 'Cy', LastName: 'Smith' });
});
afterEach(async () => {
  await fixture.standIn.close();
});

async function query(soql: string, all = false) {
  return fixture.rest('GET', `/${all ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`);
}

async function names(soql: string): Promise<string[]> {
  const answer = await query(soql);
  expect(answer.status).toBe(200);
  const rows = [...answer.body.records];
  let next: string | undefined = answer.body.nextRecordsUrl;
  while (next) {
    const page = await fixture.rest('GET', next);
    rows.push(...page.body.records);
    next = page.body.nextRecordsUrl;
  }
  return rows.map((row: { Name: string }) => row.Name);
}

describe('SOQL', () => {
  it('answers fields with attributes and parent relationship fields nested, null when the parent is empty', async () => {
    const answer = await query(
      `SELECT Id, Name, Account.Name, Account.Industry FROM Contact WHERE LastName = 'Smith' ORDER BY FirstName`
    );
    expect(answer.body).toMatchObject({ totalSize: 2, done: true });
    expect(answer.body.records).toEqual([
      {
        attributes: { type: 'Contact', url: `/services/data/v65.0/sobjects/Contact/${ids.bob}` },
        Id: ids.bob,
        Name: 'Bob Smith',
        Account: {
          attributes: { type: 'Account', url: `/services/data/v65.0/sobjects/Account/${ids.globex}` },
          Name: 'Globex',
          Industry: 'Energy'
        }
      },
      { attributes: expect.any(Object), Id: ids.cy, Name: 'Cy Smith', Account: null }
    ]);
  });

  it('filters with AND, OR, NOT and parentheses, ignoring case in text', async () => {
    expect(
      await names(
        `SELECT Name FROM Contact WHERE (LastName = 'smith' OR Email LIKE '%@acme.com') AND NOT FirstName = 'Cy' ORDER BY Name`
      )
    ).toEqual(["Ann O'Brien", 'Bob Smith']);
    expect(await names(`SELECT Name FROM Contact WHERE LastName = 'O\\'Brien'`)).toEqual(["Ann O'Brien"]);
  });

  it('filters with IN, NOT IN, null and comparisons on numbers', async () => {
    expect(await names(`SELECT Name FROM Account WHERE Industry IN ('Retail', 'Media')`)).toEqual(['Acme']);
    expect(await names(`SELECT Name FROM Account WHERE Industry NOT IN ('Retail')`)).toEqual(['Globex']);
    expect(await names(`SELECT Name FROM Contact WHERE AccountId = null`)).toEqual(['Cy Smith']);
    expect(await names(`SELECT Name FROM Account WHERE AnnualRevenue > 1000000`)).toEqual(['Acme']);
    expect(await names(`SELECT Name FROM Account WHERE AnnualRevenue != null`)).toEqual(['Acme']);
  });

  it('compares datetimes and dates, with literals such as LAST_N_DAYS and TODAY', async () => {
    expect(
      await names(`SELECT Name FROM Contact WHERE SystemModstamp > 2026-11-25T10:00:30Z ORDER BY SystemModstamp`)
    ).toEqual(['Bob Smith', 'Cy Smith']);
    expect(await names(`SELECT Name FROM Contact WHERE CreatedDate = TODAY`)).toHaveLength(3);
    expect(await names(`SELECT Name FROM Contact WHERE CreatedDate < LAST_N_DAYS:3`)).toEqual([]);
    expect(await names(`SELECT Name FROM Contact WHERE Birthdate < 2000-01-01`)).toEqual(["Ann O'Brien"]);
  });

  it('orders, offsets and limits, and counts', async () => {
    expect(await names(`SELECT Name FROM Contact ORDER BY Name DESC LIMIT 2`)).toEqual(['Cy Smith', 'Bob Smith']);
    expect(await names(`SELECT Name FROM Contact ORDER BY Name LIMIT 1 OFFSET 1`)).toEqual(['Bob Smith']);
    expect((await query(`SELECT COUNT() FROM Contact WHERE LastName = 'Smith'`)).body).toEqual({
      totalSize: 2,
      done: true,
      records: []
    });
  });

  it('pages with nextRecordsUrl, and a used locator cannot be read again', async () => {
    const first = await query(`SELECT Name FROM Contact ORDER BY Name`);
    expect(first.body).toMatchObject({
      totalSize: 3,
      done: false,
      nextRecordsUrl: expect.stringMatching(/^\/services\/data\/v65\.0\/query\/01g\w+-2$/)
    });
    expect(first.body.records).toHaveLength(2);
    const second = await fixture.rest('GET', first.body.nextRecordsUrl);
    expect(second.body).toMatchObject({ done: true, records: [{ Name: 'Cy Smith' }] });
    const reused = await fixture.rest('GET', first.body.nextRecordsUrl);
    expect(reused.body[0].errorCode).toBe('INVALID_QUERY_LOCATOR');
  });

  it('leaves deleted records out of query and keeps them in queryAll', async () => {
    await fixture.rest('DELETE', `/sobjects/Contact/${ids.cy}`);
    expect(await names(`SELECT Name FROM Contact WHERE LastName = 'Smith'`)).toEqual(['Bob Smith']);
    const all = await query(`SELECT Name, IsDeleted FROM Contact WHERE LastName = 'Smith' ORDER BY Name`, true);
    expect(all.body.records.map((row: { IsDeleted: boolean }) => row.IsDeleted)).toEqual([false, true]);
  });

  it.each([
    ['a syntax error', 'SELECT FROM Contact', 'MALFORMED_QUERY'],
    [
      'AND and OR mixed without parentheses',
      `SELECT Id FROM Contact WHERE LastName = 'a' AND FirstName = 'b' OR Email = 'c'`,
      'MALFORMED_QUERY'
    ],
    ['an unknown field', 'SELECT Shoe__c FROM Contact', 'INVALID_FIELD'],
    ['an unknown relationship', 'SELECT Boss.Name FROM Contact', 'INVALID_FIELD'],
    ['an unknown object', 'SELECT Id FROM Spaceship', 'INVALID_TYPE'],
    ['a quoted date', `SELECT Id FROM Contact WHERE Birthdate = '2000-01-01'`, 'INVALID_FIELD'],
    ['a date for a datetime field', `SELECT Id FROM Contact WHERE CreatedDate > 2026-01-01`, 'INVALID_FIELD'],
    ['a number in quotes', `SELECT Id FROM Account WHERE AnnualRevenue > '5'`, 'INVALID_FIELD']
  ])('refuses %s', async (_what, soql, errorCode) => {
    const answer = await query(soql);
    expect(answer.status).toBe(400);
    expect(answer.body[0].errorCode).toBe(errorCode);
  });
});
