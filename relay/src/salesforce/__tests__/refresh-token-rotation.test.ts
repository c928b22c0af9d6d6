// Refresh token rotation (Salesforce recommends it): each refresh answers a new refresh token and the one used stops
// working. The relay keeps the newest, sealed with RELAY_ENCRYPTION_KEY, and uses it after a restart; a token an
// admin configures anew wins over it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { ManualClock } from '../../../test/manual-clock';
import { relayToken } from '../../../test/monday-standin';
import { createLogger } from '../../core/logger';
import { Relay } from '../../relay';
import { SalesforceStandIn } from '../../../dev/standins/salesforce/server';

let salesforce: SalesforceStandIn;
let dataDir: string;
const clock = new ManualClock();
const encryptionKey = randomBytes(32);
const webhookSecret = `whsec_${Buffer.from('rotation-test-signing-secret-32b').toString('base64')}`;

beforeEach(async () => {
  salesforce = await new SalesforceStandIn({ clock, oauth: { rotateRefreshTokens: true } }).start();
  dataDir = mkdtempSync(join(tmpdir(), 'rotation-'));
});
afterEach(async () => {
  await salesforce.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const relayWith = (refreshToken: string) =>
  Relay.open(
    {
      dataDir,
      webhookSecrets: [webhookSecret],
      encryptionKey,
      monday: { url: 'http://127.0.0.1:9/v2', token: relayToken },
      salesforce: {
        loginUrl: salesforce.loginUrl,
        clientId: 'standin-client-id',
        clientSecret: 'standin-client-secret',
        refreshToken
      }
    },
    { clock, http: axios.create(), logger: createLogger('silent') }
  );

describe('refresh token rotation', () => {
  it('is what the stand-in does: a used refresh token stops working', () => {
    const first = salesforce.oauth.issueRefreshToken(salesforce.adminUserId);
    const grant = (refreshToken: string) =>
      salesforce.oauth.grant(
        { grant_type: 'refresh_token', client_id: 'standin-client-id', refresh_token: refreshToken },
        salesforce.loginUrl,
        salesforce.instanceUrl
      );
    const answer = grant(first);
    expect(answer.status).toBe(200);
    const second = (answer.body as Record<string, string>).refresh_token!;
    expect(second).not.toBe(first);
    expect(grant(first)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(grant(second).status).toBe(200);
  });

  it('keeps the newest token, sealed, through many sessions and a restart; a newly configured token wins', async () => {
    const configured = salesforce.oauth.issueRefreshToken(salesforce.adminUserId);
    let relay = await relayWith(configured);
    for (let session = 0; session < 3; session += 1) {
      salesforce.oauth.expireAccessTokens();
      expect((await relay.salesforce.request('GET', '/limits')).status).toBe(200);
    }
    expect(salesforce.oauth.refreshCount).toBe(3);
    await relay.stop();
    // Nothing in the data folder holds a refresh token in clear.
    const stored = readdirSync(dataDir)
      .map((file) => readFileSync(join(dataDir, file)).toString('latin1'))
      .join('');
    expect(stored).not.toContain('5Aep861');

    // Restarted with the same configuration: the configured token was used up long ago; the kept one works.
    relay = await relayWith(configured);
    salesforce.oauth.expireAccessTokens();
    expect((await relay.salesforce.request('GET', '/limits')).status).toBe(200);
    await relay.stop();

    // An admin reconnected and configured a new token: that one is used.
    const reconnected = salesforce.oauth.issueRefreshToken(salesforce.adminUserId);
    const grants = jest.spyOn(salesforce.oauth, 'grant');
    relay = await relayWith(reconnected);
    expect((await relay.salesforce.request('GET', '/limits')).status).toBe(200);
    expect(grants.mock.calls[0]![0]).toMatchObject({ refresh_token: reconnected });
    await relay.stop();
  });
});
