// No secret reaches a log line or an answer: the relay runs both ways at its most verbose (trace) through what
// happens in a day, good and bad (webhooks, batches, refusals, a wrong path secret, bad tokens, a dead letter, a
// revoked connection, health and metrics), and every line it logged and every body it answered is searched for every
// secret it was configured with or was given.
import { Writable } from 'node:stream';
import jwt from 'jsonwebtoken';
import { RelayHarness, leadChange, toColumn, webhookSecret } from '../../test/relay-harness';
import { relayToken } from '../../test/monday-standin';
import { postSignedBatch, changeBatchBody } from '../../test/change-batches';
import { createLogger } from '../core/logger';

const signingSecret = 'monday-app-signing-secret-for-the-leak-test';

let relay: RelayHarness;
afterEach(async () => {
  await relay.stop();
});

it('logs and answers no secret, whatever happens', async () => {
  let logged = '';
  const logger = createLogger(
    'trace',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      }
    })
  );
  relay = await new RelayHarness().start({}, { logger, mondaySigningSecret: signingSecret });
  const answers: string[] = [];
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${relay.url}${path}`, init);
    answers.push(await response.text());
    return response.status;
  };
  const mapping = [toColumn('LastName', 'name'), toColumn('Company', 'text'), toColumn('Email', 'email')];
  relay.createRecipe({ mapping, options: { syncFutureChanges: true } });
  await relay.pullFromBoard(mapping);

  // Both ways, as it goes on a good day.
  relay.addItem('Smith', { text: 'Acme' });
  await relay.sendChanges('Lead', [
    leadChange('00Q5g0000000001EAA', 'insert', { LastName: 'Jones', Company: 'Globex', Email: 'jones@globex.example' })
  ]);
  await relay.settle();
  await relay.settle();
  // A change that cannot be applied: dead-lettered, logged in Salesforce, noted on the item.
  await relay.sendChanges('Lead', [
    leadChange('00Q5g0000000002EAA', 'insert', { LastName: 'Bad', Company: 'Acme', Email: 'not-an-email' })
  ]);
  await relay.settle();
  expect(await relay.jobs.listDead()).toHaveLength(1);

  // Refusals: a wrong path secret, tokens that do not pass, batches that are not signed right.
  const hook = `/v1/monday/webhooks/${relay.webhookSettings.pathSecret}`;
  const event = JSON.stringify({
    event: {
      type: 'create_pulse',
      triggerUuid: 'e'.repeat(32),
      subscriptionId: 1,
      boardId: 1,
      pulseId: 2,
      userId: 3,
      triggerTime: 'now'
    }
  });
  const json = { 'content-type': 'application/json' };
  expect(await call('/v1/monday/webhooks/a-guess-at-the-secret', { method: 'POST', headers: json, body: event })).toBe(
    404
  );
  for (const token of [
    jwt.sign({}, signingSecret, { algorithm: 'HS256', audience: 'https://elsewhere.example/', expiresIn: 60 }),
    jwt.sign({ aud: relay.webhookSettings.publicUrl, exp: Math.floor(relay.clock.now() / 1000) - 60 }, signingSecret, {
      algorithm: 'HS256'
    }),
    jwt.sign({}, 'not-the-signing-secret', {
      algorithm: 'HS256',
      audience: relay.webhookSettings.publicUrl,
      expiresIn: 60
    })
  ])
    expect(await call(hook, { method: 'POST', headers: { ...json, authorization: token }, body: event })).toBe(401);
  const body = changeBatchBody('batch-leak', 'Lead', [leadChange('00Q5g0000000003EAA', 'insert', { LastName: 'X' })]);
  expect(
    await call('/v1/salesforce/changes', {
      method: 'POST',
      headers: { ...json, 'webhook-id': 'batch-leak', 'webhook-timestamp': '1', 'webhook-signature': 'v1,AAAA' },
      body
    })
  ).toBe(401);
  expect(await postSignedBatch(relay.url, webhookSecret, 'batch-old', body, 1)).toBe(401);

  // The connection revoked: the work waits, and says why.
  relay.salesforce.oauth.revoke(relay.refreshToken);
  relay.salesforce.oauth.expireAccessTokens();
  relay.addItem('Later', { text: 'Acme' });
  await relay.settle();
  expect(await call('/readyz')).toBe(503);
  expect(await call('/metrics')).toBe(200);
  expect(await call('/healthz')).toBe(200);

  const secrets = [
    relay.webhookSettings.pathSecret,
    signingSecret,
    webhookSecret,
    webhookSecret.slice('whsec_'.length),
    relayToken,
    'standin-client-secret',
    relay.refreshToken,
    ...relay.salesforce.oauth.issuedAccessTokens()
  ];
  expect(logged.length).toBeGreaterThan(1000);
  expect(logged).toContain('monday event received');
  for (const secret of secrets) {
    expect({ secret, inLog: logged.includes(secret) }).toEqual({ secret, inLog: false });
    expect({ secret, inAnswer: answers.some((answer) => answer.includes(secret)) }).toEqual({
      secret,
      inAnswer: false
    });
  }
});
