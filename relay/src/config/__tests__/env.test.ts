import { ConfigError } from '../../core/errors';
import { loadConfig, loadLocalConfig } from '../env';

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
