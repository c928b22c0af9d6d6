// The connect flow against what an attacker would try (issue 16, Security): a login URL outside Salesforce (the
// relay would send it the connected app's secret and believe the org it names), a token answer pointing elsewhere,
// an identity URL naming another org than its answer, a callback finished in another browser than the one that began
// (login CSRF), and the pages framed by another site.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import axios from 'axios';
import express from 'express';
import { systemClock } from '../../core/clock';
import { closeServer, listenOnLoopback } from '../../core/http-server';
import { Relay } from '../../relay';
import { MondayStandIn } from '../../../dev/standins/monday/server';
import { SalesforceStandIn } from '../../../dev/standins/salesforce/server';
import { startConnectRelay } from '../../../test/connect-relay';
import { AdminBrowser, hiddenField } from '../../../test/admin-browser';
import { ConnectInputError } from '../authorization-errors';
import { SalesforceAuthorization, loginUrlFor } from '../salesforce-authorization';
import { SalesforceHosts } from '../salesforce-hosts';

describe('the Salesforce hosts the connect flow talks to', () => {
  const production = SalesforceHosts.forRelayAt('https://relay.example.com');

  it.each([
    'https://login.salesforce.com',
    'https://test.salesforce.com',
    'https://acme.my.salesforce.com',
    'https://acme--uat.sandbox.my.salesforce.com',
    'https://acme.my.salesforce.mil',
    'https://acme.lightning.force.com'
  ])('allows %s', (url) => {
    expect(production.allows(url)).toBe(true);
  });

  it.each([
    'https://evil.example',
    'https://salesforce.com.evil.example',
    'https://evilsalesforce.com',
    'http://login.salesforce.com',
    'https://user:pass@login.salesforce.com',
    'http://127.0.0.1:8080',
    'http://169.254.169.254',
    'javascript:alert(1)',
    'not a url'
  ])('refuses %s for a relay on the internet', (url) => {
    expect(production.allows(url)).toBe(false);
  });

  it("allows the machine's own hosts only to a relay that runs on it, and the suffixes an operator adds", () => {
    expect(SalesforceHosts.forRelayAt('http://127.0.0.1:8080').allows('http://127.0.0.1:9999')).toBe(true);
    expect(
      SalesforceHosts.forRelayAt('https://relay.example.com', ['example-gov.com']).allows('https://a.example-gov.com')
    ).toBe(true);
    expect(() => production.loginOrigin('https://evil.example/services')).toThrow(ConnectInputError);
    expect(production.loginOrigin('https://acme.my.salesforce.com/some/path')).toBe('https://acme.my.salesforce.com');
  });
});

describe('the login host of what an admin enters', () => {
  const hosts = SalesforceHosts.forRelayAt('https://relay.example.com');
  it.each([
    [{ subdomain: 'acme' }, 'https://acme.my.salesforce.com'],
    [{ subdomain: ' Acme ' }, 'https://acme.my.salesforce.com'],
    [{ subdomain: 'acme--uat' }, 'https://acme--uat.sandbox.my.salesforce.com'],
    [{ subdomain: 'acme', sandbox: true }, 'https://test.salesforce.com'],
    [{}, 'https://login.salesforce.com'],
    [{ sandbox: true }, 'https://test.salesforce.com'],
    [{ subdomain: 'acme', loginUrl: 'https://acme.my.salesforce.com/secur/login' }, 'https://acme.my.salesforce.com']
  ])('%j logs in at %s', (input, expected) => {
    expect(loginUrlFor(input, hosts)).toBe(expected);
  });

  it('refuses a subdomain that is not one', () => {
    expect(() => loginUrlFor({ subdomain: 'acme.evil.example/' }, hosts)).toThrow(ConnectInputError);
  });
});

describe('a token answer the relay does not believe', () => {
  let server: Server;
  let url: string;
  let answer: Record<string, unknown> = {};
  let identity: Record<string, unknown> = {};
  beforeAll(async () => {
    const app = express();
    app.post('/services/oauth2/token', (_request, response) => {
      response.json(answer);
    });
    app.get('/id/:org/:user', (_request, response) => {
      response.json(identity);
    });
    ({ server, url } = await listenOnLoopback(app));
  });
  afterAll(async () => {
    await closeServer(server);
  });
  const authorization = () =>
    new SalesforceAuthorization(
      axios.create(),
      { clientId: 'id', clientSecret: 'secret', redirectUri: 'http://127.0.0.1/cb' },
      SalesforceHosts.forRelayAt('http://127.0.0.1:1')
    );

  it('refuses an instance or identity URL outside Salesforce', async () => {
    answer = { access_token: 'a', refresh_token: 'r', instance_url: 'https://evil.example', id: `${url}/id/x/y` };
    await expect(authorization().exchange(url, 'code', 'verifier')).rejects.toThrow(/outside Salesforce/);
    answer = { access_token: 'a', refresh_token: 'r', instance_url: url, id: 'https://evil.example/id/00D/005' };
    await expect(authorization().exchange(url, 'code', 'verifier')).rejects.toThrow(/outside Salesforce/);
  });

  it('refuses an identity answer naming another org than its URL', async () => {
    const orgId = '00D5g00000AAAAAEAA';
    const userId = '0055g00000AAAAAAAA';
    answer = { access_token: 'a', refresh_token: 'r', instance_url: url, id: `${url}/id/${orgId}/${userId}` };
    const grant = await authorization().exchange(url, 'code', 'verifier');
    identity = { organization_id: '00D5g00000VICTIMEAA', user_id: userId, username: 'x' };
    await expect(authorization().identity(grant)).rejects.toThrow(/another org/);
    identity = { organization_id: orgId, user_id: userId, username: 'admin@acme.com' };
    await expect(authorization().identity(grant)).resolves.toEqual({ orgId, userId, username: 'admin@acme.com' });
  });

  it('sends no secret to a login URL outside Salesforce', async () => {
    await expect(authorization().exchange('https://evil.example', 'code', 'verifier')).rejects.toThrow(
      ConnectInputError
    );
  });
});

const mondayToken = `eyJhbGciOiJIUzI1NiJ9.${randomBytes(24).toString('base64url')}`;

describe('the connect pages against a hostile browser', () => {
  let monday: MondayStandIn;
  let salesforce: SalesforceStandIn;
  let relay: Relay;
  let base: string;

  beforeAll(async () => {
    monday = await new MondayStandIn({ clock: systemClock }).start();
    monday.addUser('Ada Lovelace', 'ada@example.com', mondayToken);
    salesforce = await new SalesforceStandIn({ clock: systemClock }).start();
    ({ relay, base } = await startConnectRelay({ monday, salesforce: [salesforce] }));
  });
  afterAll(async () => {
    await relay.stop();
    await monday.close();
    await salesforce.close();
  });

  it('refuses a login URL outside Salesforce before anything is sent', async () => {
    const browser = new AdminBrowser(base);
    const answer = await browser.go('POST', '/connect/salesforce', { lang: 'en', loginUrl: 'https://evil.example' });
    expect(answer.status).toBe(400);
    expect(answer.headers.location).toBeUndefined();
    expect(answer.data).toContain('must be a Salesforce address');
  });

  it("refuses a callback finished in another browser than the one that began (the attacker's own authorization)", async () => {
    const attacker = new AdminBrowser(base);
    const start = await attacker.go('POST', '/connect/salesforce', { lang: 'en', loginUrl: salesforce.loginUrl });
    const callbackUrl = await attacker.allowOnSalesforce(String(start.headers.location), salesforce);
    // The attacker sends the link to an admin instead of opening it.
    const admin = new AdminBrowser(base);
    const victim = await admin.go('GET', callbackUrl);
    expect(victim.status).toBe(400);
    expect(victim.data).toContain('started in another browser');
    expect(admin.cookies.has('monday_sync_admin')).toBe(false);
    expect(await relay.registry?.list()).toEqual([]);
  });

  it("asks before taking over a package that serves another connection still active (a refreshed sandbox's copy)", async () => {
    const other = { connectionId: 'c_productionconnection', relayUrl: 'https://relay.example.com' };
    Object.assign(salesforce.packageConnection, { ...other, status: 'active', signingSecret: 'whsec_production' });
    const admin = new AdminBrowser(base);
    const callback = await admin.authorizeSalesforce(salesforce);
    const connectionId = new URL(String(callback.headers.location), base).searchParams.get('connection') ?? '';
    const mondayPage = await admin.go('GET', `/connect/monday?connection=${connectionId}`);
    const asked = await admin.go('POST', '/connect/monday/token', {
      connection: connectionId,
      form: hiddenField(mondayPage.data, 'form'),
      token: mondayToken
    });
    expect(asked.status).toBe(409);
    expect(asked.data).toContain('c_productionconnection');
    expect(asked.data).toContain('https://relay.example.com');
    // Nothing repointed yet: the package still serves the other connection.
    expect(salesforce.packageConnection).toMatchObject({ ...other, signingSecret: 'whsec_production' });
    expect(relay.connectionById(connectionId)).toBeUndefined();

    const forged = await admin.go('POST', '/connect/replace', { connection: connectionId, form: 'forged' });
    expect(forged.status).toBe(401);
    expect(salesforce.packageConnection.connectionId).toBe(other.connectionId);

    const replaced = await admin.go('POST', '/connect/replace', {
      connection: connectionId,
      form: hiddenField(asked.data, 'form')
    });
    expect(replaced.status).toBe(200);
    expect(salesforce.packageConnection).toMatchObject({ connectionId, relayUrl: base, status: 'active' });
    expect(relay.connectionById(connectionId)?.status()).toBe('active');
  });

  it('is never framed by another site, loads nothing from elsewhere, and sends no Referer', async () => {
    const answer = await axios.get(`${base}/connect`);
    expect(answer.headers['x-frame-options']).toBe('DENY');
    expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
  });
});
