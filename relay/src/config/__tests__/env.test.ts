import { ConfigError } from '../../core/errors';
import { loadConfig, loadLocalConfig } from '../env';
import { relaySettingsOf } from '../relay-settings';

const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
const complete = {
  RELAY_WEBHOOK_SECRETS: secret,
  RELAY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  MONDAY_API_TOKEN: 'monday-token',
  SALESFORCE_CLIENT_ID: 'client',
  SALESFORCE_CLIENT_SECRET: 'client-secret',
  SALESFORCE_REFRESH_TOKEN: 'refresh'
};

function errorOf(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted an invalid configuration');
}

describe('relay configuration', () => {
  it('reads a complete configuration with the documented defaults', () => {
    const config = loadConfig(complete);
    expect(config).toMatchObject({
      RELAY_PORT: 8080,
      RELAY_DATA_DIR: './data',
      MONDAY_API_URL: 'https://api.monday.com/v2',
      SALESFORCE_LOGIN_URL: 'https://login.salesforce.com',
      RELAY_WEBHOOK_SECRETS: [secret]
    });
    expect(config.RELAY_ENCRYPTION_KEY).toHaveLength(32);
  });

  it('accepts several webhook secrets, for rotation', () => {
    const other = `whsec_${Buffer.from('fedcba9876543210fedcba9876543210').toString('base64')}`;
    expect(loadConfig({ ...complete, RELAY_WEBHOOK_SECRETS: `${secret}, ${other}` }).RELAY_WEBHOOK_SECRETS).toEqual([
      secret,
      other
    ]);
  });

  it('names every missing variable, treating an empty one as missing', () => {
    const error = errorOf({ ...complete, MONDAY_API_TOKEN: '', SALESFORCE_REFRESH_TOKEN: undefined });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('MONDAY_API_TOKEN: is not set');
    expect(error.message).toContain('SALESFORCE_REFRESH_TOKEN: is not set');
  });

  it.each([
    ['RELAY_PORT', '80000'],
    ['RELAY_WEBHOOK_SECRETS', 'not-a-secret'],
    ['RELAY_WEBHOOK_SECRETS', 'whsec_c2hvcnQ='],
    ['RELAY_ENCRYPTION_KEY', 'too-short'],
    ['MONDAY_API_URL', 'http://api.monday.com/v2'],
    ['SALESFORCE_LOGIN_URL', 'not a url']
  ])('refuses an invalid %s and names it', (variable, value) => {
    expect(errorOf({ ...complete, [variable]: value }).message).toContain(`${variable}:`);
  });

  it('serves monday webhooks only with a public URL and a path secret', () => {
    expect(loadConfig(complete).RELAY_PUBLIC_URL).toBeUndefined();
    expect(errorOf({ ...complete, RELAY_PUBLIC_URL: 'https://relay.example.com' }).message).toContain(
      'MONDAY_WEBHOOK_PATH_SECRET: is required when RELAY_PUBLIC_URL is set'
    );
    const config = loadConfig({
      ...complete,
      RELAY_PUBLIC_URL: 'https://relay.example.com',
      MONDAY_WEBHOOK_PATH_SECRET: 'a'.repeat(32)
    });
    expect(config.MONDAY_WEBHOOK_PATH_SECRET).toHaveLength(32);
    expect(
      errorOf({ ...complete, RELAY_PUBLIC_URL: 'https://relay.example.com', MONDAY_WEBHOOK_PATH_SECRET: 'short' })
        .message
    ).toContain('MONDAY_WEBHOOK_PATH_SECRET: must be at least 24');
  });

  const connectOnly = {
    RELAY_ENCRYPTION_KEY: complete.RELAY_ENCRYPTION_KEY,
    SALESFORCE_CLIENT_ID: 'client',
    SALESFORCE_CLIENT_SECRET: 'client-secret',
    RELAY_PUBLIC_URL: 'https://relay.example.com'
  };

  it('runs for the connect flow alone: a public URL and the connected app, no token pasted', () => {
    const settings = relaySettingsOf(loadConfig(connectOnly));
    expect(settings.salesforce).toBeUndefined();
    expect(settings.webhookSecrets).toBeUndefined();
    expect(settings.connect).toEqual({
      publicUrl: 'https://relay.example.com',
      salesforce: { clientId: 'client', clientSecret: 'client-secret' },
      mondayApiUrl: 'https://api.monday.com/v2'
    });
  });

  it("takes a monday app for OAuth with both its client id and secret, on monday's OAuth host by default", () => {
    const settings = relaySettingsOf(
      loadConfig({ ...connectOnly, MONDAY_CLIENT_ID: 'app', MONDAY_CLIENT_SECRET: 'app-secret' })
    );
    expect(settings.connect?.mondayApp).toEqual({
      clientId: 'app',
      clientSecret: 'app-secret',
      oauthUrl: 'https://auth.monday.com',
      signingSecret: undefined
    });
    expect(errorOf({ ...connectOnly, MONDAY_CLIENT_ID: 'app' }).message).toContain(
      'MONDAY_CLIENT_SECRET: is not set: a monday app needs both'
    );
    expect(errorOf({ ...complete, MONDAY_CLIENT_ID: 'app', MONDAY_CLIENT_SECRET: 'x' }).message).toContain(
      'MONDAY_CLIENT_ID: needs RELAY_PUBLIC_URL'
    );
  });

  it('wants the environment connection whole: its three secrets or none', () => {
    const error = errorOf({ ...connectOnly, MONDAY_API_TOKEN: 'monday-token' });
    expect(error.message).toContain('RELAY_WEBHOOK_SECRETS: is not set: the environment connection needs all three');
    expect(error.message).toContain('SALESFORCE_REFRESH_TOKEN: is not set');
    expect(error.message).not.toContain('monday-token');
  });

  it('says what to set when there is neither a connection nor a way to connect one', () => {
    const { RELAY_ENCRYPTION_KEY, SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET } = connectOnly;
    expect(errorOf({ RELAY_ENCRYPTION_KEY, SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET }).message).toContain(
      'RELAY_PUBLIC_URL: is not set: set it to connect orgs from the browser'
    );
  });

  it('serves the environment connection and the connect flow side by side', () => {
    const settings = relaySettingsOf(
      loadConfig({
        ...complete,
        RELAY_PUBLIC_URL: 'https://relay.example.com/',
        MONDAY_WEBHOOK_PATH_SECRET: 'p'.repeat(30)
      })
    );
    expect(settings.salesforce?.refreshToken).toBe('refresh');
    expect(settings.mondayWebhooks?.publicUrl).toBe(`https://relay.example.com/v1/monday/webhooks/${'p'.repeat(30)}`);
    expect(settings.connect?.publicUrl).toBe('https://relay.example.com');
  });

  it('takes more Salesforce host suffixes for the connect flow, and refuses what is not one', () => {
    expect(
      relaySettingsOf(loadConfig({ ...connectOnly, SALESFORCE_HOSTS: '.example-gov.com, cloud.example' })).connect
        ?.salesforceHostSuffixes
    ).toEqual(['.example-gov.com', 'cloud.example']);
    expect(errorOf({ ...connectOnly, SALESFORCE_HOSTS: 'https://evil.example/' }).message).toContain(
      'SALESFORCE_HOSTS'
    );
  });

  it('reads the keys rotated out, each 32 bytes', () => {
    const old = Buffer.alloc(32, 1).toString('base64');
    const older = Buffer.alloc(32, 2).toString('base64');
    const config = loadConfig({ ...complete, RELAY_PREVIOUS_ENCRYPTION_KEYS: `${old}, ${older}` });
    expect(relaySettingsOf(config).previousEncryptionKeys?.map((key) => key[0])).toEqual([1, 2]);
    expect(errorOf({ ...complete, RELAY_PREVIOUS_ENCRYPTION_KEYS: `${old},short` }).message).toContain(
      'RELAY_PREVIOUS_ENCRYPTION_KEYS'
    );
  });

  it('never puts a secret value in its message', () => {
    const error = errorOf({
      ...complete,
      RELAY_WEBHOOK_SECRETS: 'whsec_c2hvcnQ=',
      RELAY_ENCRYPTION_KEY: 'c2VjcmV0LWtleQ=='
    });
    expect(error.message).not.toContain('c2hvcnQ');
    expect(error.message).not.toContain('c2VjcmV0LWtleQ');
  });
});

describe('the local mode settings', () => {
  it('names an invalid port or log level, as the configured relay does', () => {
    expect(() => loadLocalConfig({ RELAY_PORT: 'abc', RELAY_LOG_LEVEL: 'loud' })).toThrow(
      /RELAY_PORT: .*number.*; RELAY_LOG_LEVEL: .*one of/
    );
  });

  it('defaults to port 8080, ./data and warnings', () => {
    expect(loadLocalConfig({})).toEqual({ RELAY_PORT: 8080, RELAY_DATA_DIR: './data', RELAY_LOG_LEVEL: 'warn' });
  });
});
