// The connections the connect flow made, as the store keeps them, and what a running connection is built from:
// its record (the org, the monday account) and its sealed secrets. Every relay sharing the store reads the same
// registry; a change (a reconnect, a rotated secret, a disconnect) bumps the record's revision, which each relay
// watches (../relay.ts) to serve the connection anew or stop serving it.
import { mondayWebhookUrl } from '../config/relay-settings';
import type { AxiosInstance } from 'axios';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { Keyring } from '../core/sealed';
import { MondayAuthorization } from '../connect/monday-authorization';
import type { SecretRepository, Store } from '../store/ports';
import { RefreshTokens } from '../store/refresh-tokens';
import type { ConnectionSettings } from './connection-runtime';
import { type ConnectionRecord, parseConnectionRecord } from './connection-record';
import { ConnectionSecrets } from './connection-secrets';
import { MondayTokens } from './monday-tokens';

/** What the connect flow needs from the relay's configuration. */
export interface ConnectSettings {
  /** RELAY_PUBLIC_URL: where the admin's browser, the package and monday reach this relay. */
  publicUrl: string;
  /** The connected app (or external client app) admins authorize. */
  salesforce: { clientId: string; clientSecret: string };
  /** A monday app for OAuth; without one, monday is connected with a personal API token. */
  mondayApp?: { clientId: string; clientSecret: string; oauthUrl: string; signingSecret?: string | undefined };
  mondayApiUrl: string;
  /** More Salesforce host suffixes the connect flow may use (SALESFORCE_HOSTS), beyond Salesforce's own domains. */
  salesforceHostSuffixes?: readonly string[];
}

export interface StoredConnectionRecord {
  record: ConnectionRecord;
  revision: number;
}

export class ConnectionRegistry {
  readonly mondayAuthorization: MondayAuthorization | undefined;

  constructor(
    private readonly store: Store,
    readonly keyring: Keyring,
    readonly settings: ConnectSettings,
    private readonly dependencies: { http: AxiosInstance; clock: Clock; logger: Logger }
  ) {
    const app = settings.mondayApp;
    this.mondayAuthorization = app
      ? new MondayAuthorization(
          dependencies.http,
          { ...app, redirectUri: `${settings.publicUrl}/connect/monday/callback` },
          dependencies.clock
        )
      : undefined;
  }

  /** The store's secrets of a connection (the connect flow keeps its OAuth states under '_connect'). */
  rawSecretsOf(id: string): SecretRepository {
    return this.store.forConnection(id).secrets;
  }

  secretsOf(id: string): ConnectionSecrets {
    return new ConnectionSecrets(this.store.forConnection(id).secrets, this.keyring, id);
  }

  refreshTokensOf(id: string): RefreshTokens {
    return new RefreshTokens(this.store.forConnection(id).secrets, this.keyring, id);
  }

  async list(): Promise<StoredConnectionRecord[]> {
    const rows = await this.store.connections.list();
    const records: StoredConnectionRecord[] = [];
    for (const row of rows) {
      try {
        records.push({ record: parseConnectionRecord(row.record), revision: row.revision });
      } catch (error) {
        this.dependencies.logger.error({ err: error, connection: row.id }, 'a stored connection cannot be read');
      }
    }
    return records;
  }

  async get(id: string): Promise<StoredConnectionRecord | undefined> {
    const row = await this.store.connections.get(id);
    return row ? { record: parseConnectionRecord(row.record), revision: row.revision } : undefined;
  }

  /** Saves the record and answers its new revision. */
  save(record: ConnectionRecord): Promise<number> {
    return this.store.connections.put(record.id, JSON.stringify(record));
  }

  /** What a running connection is built from; undefined when it is not active or a secret is missing. */
  async settingsOf(record: ConnectionRecord): Promise<ConnectionSettings | undefined> {
    if (record.state !== 'active' || !record.monday) return undefined;
    const secrets = this.secretsOf(record.id);
    const [signing, mondayToken, pathSecret] = await Promise.all([
      secrets.get('signing-secrets'),
      secrets.get('monday-token'),
      secrets.get('monday-webhook-path')
    ]);
    if (!signing || !mondayToken) return undefined;
    const tokens = new MondayTokens(mondayToken, secrets, this.mondayAuthorization, this.dependencies.clock);
    const app = this.settings.mondayApp;
    return {
      id: record.id,
      orgId: record.salesforce.orgId,
      ...(record.customObjectPollSeconds ? { customObjectPollMs: record.customObjectPollSeconds * 1000 } : {}),
      webhookSecrets: ConnectionSecrets.accepted(signing, this.dependencies.clock.now()),
      monday: {
        url: this.settings.mondayApiUrl,
        token: mondayToken.accessToken,
        tokenSource: (refused) => tokens.current(refused)
      },
      salesforce: {
        loginUrl: record.salesforce.loginUrl,
        clientId: this.settings.salesforce.clientId,
        clientSecret: this.settings.salesforce.clientSecret,
        // Filled by the relay from the sealed token (../store/refresh-tokens.ts).
        refreshToken: ''
      },
      ...(pathSecret
        ? {
            mondayWebhooks: {
              pathSecret,
              publicUrl: mondayWebhookUrl(this.settings.publicUrl, pathSecret),
              // monday signs the webhooks of an app only: with a personal token there is no JWT to check.
              ...(mondayToken.kind === 'oauth' && app?.signingSecret ? { signingSecret: app.signingSecret } : {})
            }
          }
        : {})
    };
  }
}
