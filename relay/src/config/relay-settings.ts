// What the relay runs with, from its validated configuration: the environment connection ('default') when its
// three secrets are set, the connect flow when RELAY_PUBLIC_URL is (docs/operations.md, docs/connect.md).
import type { RelaySettings } from '../relay';
import type { RelayConfig } from './env';

/** The monday webhook endpoint for a path secret, under the relay's public URL. */
export function mondayWebhookUrl(publicUrl: string, pathSecret: string): string {
  return `${publicUrl.replace(/\/$/, '')}/v1/monday/webhooks/${pathSecret}`;
}

export function relaySettingsOf(config: RelayConfig): RelaySettings {
  const publicUrl = config.RELAY_PUBLIC_URL?.replace(/\/$/, '');
  const salesforceApp = { clientId: config.SALESFORCE_CLIENT_ID, clientSecret: config.SALESFORCE_CLIENT_SECRET };
  return {
    dataDir: config.RELAY_DATA_DIR,
    databaseUrl: config.DATABASE_URL,
    workerId: config.RELAY_WORKER_ID,
    leaseMs: config.RELAY_LEASE_SECONDS * 1000,
    customObjectPollMs: config.RELAY_CUSTOM_OBJECT_POLL_SECONDS * 1000,
    encryptionKey: config.RELAY_ENCRYPTION_KEY,
    ...(config.RELAY_PREVIOUS_ENCRYPTION_KEYS ? { previousEncryptionKeys: config.RELAY_PREVIOUS_ENCRYPTION_KEYS } : {}),
    ...environmentConnection(config, salesforceApp, publicUrl),
    ...(publicUrl
      ? {
          connect: {
            publicUrl,
            salesforce: salesforceApp,
            mondayApiUrl: config.MONDAY_API_URL,
            ...(config.SALESFORCE_HOSTS ? { salesforceHostSuffixes: config.SALESFORCE_HOSTS } : {}),
            ...(config.MONDAY_CLIENT_ID && config.MONDAY_CLIENT_SECRET
              ? {
                  mondayApp: {
                    clientId: config.MONDAY_CLIENT_ID,
                    clientSecret: config.MONDAY_CLIENT_SECRET,
                    oauthUrl: config.MONDAY_OAUTH_URL.replace(/\/$/, ''),
                    signingSecret: config.MONDAY_SIGNING_SECRET
                  }
                }
              : {})
          }
        }
      : {})
  };
}

function environmentConnection(
  config: RelayConfig,
  salesforceApp: { clientId: string; clientSecret: string },
  publicUrl: string | undefined
): Partial<RelaySettings> {
  const { RELAY_WEBHOOK_SECRETS: secrets, MONDAY_API_TOKEN: token, SALESFORCE_REFRESH_TOKEN: refreshToken } = config;
  if (!secrets || !token || !refreshToken) return {};
  const pathSecret = config.MONDAY_WEBHOOK_PATH_SECRET;
  return {
    webhookSecrets: secrets,
    monday: { url: config.MONDAY_API_URL, token },
    salesforce: { loginUrl: config.SALESFORCE_LOGIN_URL, ...salesforceApp, refreshToken },
    ...(publicUrl && pathSecret
      ? {
          mondayWebhooks: {
            pathSecret,
            publicUrl: mondayWebhookUrl(publicUrl, pathSecret),
            ...(config.MONDAY_SIGNING_SECRET ? { signingSecret: config.MONDAY_SIGNING_SECRET } : {})
          }
        }
      : {})
  };
}
