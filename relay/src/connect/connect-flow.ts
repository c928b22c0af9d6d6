// The connect flow (F2, F13): an admin authorizes Salesforce (OAuth web-server flow with PKCE), then monday (a monday
// app's OAuth 2.1, or a personal API token); the relay keeps the tokens sealed, configures the package through its
// REST resource as that admin, and serves the connection at once. Reconnecting is the same steps for an existing
// connection: the work held while its token was refused resumes as soon as the new one is kept. Disconnecting
// removes the connection's monday webhooks, stops its work and deletes its tokens; its data stays.
import { randomBytes } from 'node:crypto';
import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { type ConnectionRecord, newConnectionId } from '../connections/connection-record';
import type { ConnectionRegistry } from '../connections/connection-registry';
import { newSigningSecret, newWebhookPathSecret } from '../connections/connection-secrets';
import { MondayClient } from '../monday/client';
import { documents } from '../monday/documents';
import { AuthorizationRefusedError, ConnectInputError, ConnectStateError } from './authorization-errors';
import { type CheckedSides, type ConnectionCheck, checkConnection } from './connection-check';
import { ConnectStates, type FlowState } from './connect-states';
import type { Lang } from './connect-pages';
import { PackageSetup, type PackageSession } from './package-setup';
import { SalesforceAuthorization, loginUrlFor } from './salesforce-authorization';
import { SalesforceHosts } from './salesforce-hosts';
import { adminSessionLifetimeMs } from './admin-session';

/** A running connection as the flow and the connection page see it (../connections/connection-runtime.ts). */
export interface RunningConnection extends CheckedSides {
  salesforce: CheckedSides['salesforce'] & {
    /** The org's API requests in the last 24 hours and its allocation, from its last answer. */
    readonly apiUsage: { used: number; limit: number } | undefined;
  };
  status(): 'active' | 'salesforce_refused' | 'monday_refused';
  removeMondayWebhooks(): Promise<void>;
  worker: { readonly lastApplied: { toMonday: number | undefined; toSalesforce: number | undefined } };
  poller: {
    readonly intervalMs: number;
    readonly requestsByObject: ReadonlyMap<string, number>;
    objectNames(): Promise<string[]>;
  };
}

/** The relay as the flow sees it: it serves the registry's connections anew after a change. */
export interface ConnectionHost {
  refreshConnections(): Promise<void>;
  connectionById(id: string): RunningConnection | undefined;
}

/** A rotation's previous signing secret is accepted this long: a batch signed just before may still be on its way. */
export const previousSecretGraceMs = 10 * 60_000;

const mondayMe = z.object({
  data: z.object({
    me: z.object({
      id: z.coerce.string(),
      name: z.string(),
      account: z.object({ id: z.coerce.string(), name: z.string() })
    })
  })
});

export type FlowOutcome =
  | { kind: 'monday'; connectionId: string; session: SessionClaims }
  | {
      kind: 'done';
      connectionId: string;
      session: SessionClaims;
      instanceUrl: string;
      namedCredentialMatches: boolean;
      /** An active connection authorized again (a reconnect after a refusal): its page is where the admin goes. */
      reconnected: boolean;
    }
  | { kind: 'org-changed'; loginUrl: string }
  /** The org's package serves another connection, still active: the admin says whether this one replaces it. */
  | { kind: 'replace'; connectionId: string; session: SessionClaims; other: { connectionId: string; relayUrl: string } }
  | { kind: 'logged-in'; next: string; session: SessionClaims };

export interface SessionClaims {
  connectionId: string;
  orgId: string;
  userId: string;
}

const salesforceSession = z.object({ accessToken: z.string(), instanceUrl: z.string() });

export class ConnectFlow {
  readonly states: ConnectStates;
  private readonly salesforce: SalesforceAuthorization;
  private readonly hosts: SalesforceHosts;
  private readonly packageSetup: PackageSetup;

  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly host: ConnectionHost,
    private readonly dependencies: { http: AxiosInstance; clock: Clock; logger: Logger },
    states: ConnectStates
  ) {
    this.states = states;
    const { settings } = registry;
    this.hosts = SalesforceHosts.forRelayAt(settings.publicUrl, settings.salesforceHostSuffixes);
    this.salesforce = new SalesforceAuthorization(
      dependencies.http,
      { ...settings.salesforce, redirectUri: `${settings.publicUrl}/connect/salesforce/callback` },
      this.hosts
    );
    this.packageSetup = new PackageSetup(dependencies.http);
  }

  get mondayOAuth(): boolean {
    return this.registry.mondayAuthorization !== undefined;
  }

  /** Where the admin's browser goes to authorize Salesforce (connect, or reconnect `connectionId`). */
  async startSalesforce(input: {
    subdomain?: string | undefined;
    sandbox?: boolean;
    loginUrl?: string | undefined;
    connectionId?: string | undefined;
    lang: Lang;
    /** The nonce of the browser's flow cookie (./connect-states.ts). */
    browser: string;
  }): Promise<string> {
    let loginUrl = loginUrlFor(input, this.hosts);
    if (input.connectionId) {
      const existing = await this.registry.get(input.connectionId);
      if (!existing) throw new ConnectInputError('This relay has no such connection');
      // A reconnect from the Connection tab knows the org: its login host is the one it was made with.
      if (!input.subdomain && !input.loginUrl) loginUrl = existing.record.salesforce.loginUrl;
    }
    const { state, challenge } = await this.states.begin(
      {
        step: 'salesforce',
        lang: input.lang,
        loginUrl,
        sandbox: input.sandbox ?? false,
        ...(input.connectionId ? { connectionId: input.connectionId } : {})
      },
      input.browser
    );
    return this.salesforce.authorizeUrl(loginUrl, state, challenge);
  }

  /** An admin's session for a connection's page (disconnect, rotate): a Salesforce login on that org. */
  async startLogin(connectionId: string, next: string, lang: Lang, browser: string): Promise<string> {
    const existing = await this.registry.get(connectionId);
    if (!existing) throw new ConnectInputError('This relay has no such connection');
    const loginUrl = existing.record.salesforce.loginUrl;
    const { state, challenge } = await this.states.begin(
      { step: 'login', lang, loginUrl, connectionId, next },
      browser
    );
    return this.salesforce.authorizeUrl(loginUrl, state, challenge, 'login');
  }

  /** Salesforce's callback: the code exchanged, the org and the admin checked, the token kept sealed. */
  async salesforceCallback(flow: FlowState, code: unknown): Promise<FlowOutcome> {
    if (typeof code !== 'string' || !code) throw new AuthorizationRefusedError('Salesforce sent no authorization code');
    const loginUrl = flow.loginUrl ?? 'https://login.salesforce.com';
    const grant = await this.salesforce.exchange(loginUrl, code, flow.verifier);
    const identity = await this.salesforce.identity(grant);
    const session: PackageSession = { accessToken: grant.accessToken, instanceUrl: grant.instanceUrl };
    // The package answers only users who may configure it (its custom permission): the admin check.
    await this.packageSetup.status(session);
    const now = this.dependencies.clock.now();

    let existing = flow.connectionId ? (await this.registry.get(flow.connectionId))?.record : undefined;
    if (!existing && !flow.connectionId)
      existing = (await this.registry.list()).find(({ record }) => record.salesforce.orgId === identity.orgId)?.record;
    if (existing && existing.salesforce.orgId !== identity.orgId) {
      // A sandbox refreshed since (new org id, same name), or another org: asked about, never mixed in.
      if (grant.refreshToken) await this.salesforce.revoke(loginUrl, grant.refreshToken);
      return { kind: 'org-changed', loginUrl };
    }
    const claims = { connectionId: existing?.id ?? newConnectionId(), orgId: identity.orgId, userId: identity.userId };
    if (flow.step === 'login') {
      if (!existing) throw new ConnectStateError('This relay has no such connection');
      // Asked without a refresh token: the session's access token ends with the admin's Salesforce session.
      if (grant.refreshToken) await this.salesforce.revoke(loginUrl, grant.refreshToken);
      await this.keepSession(claims.connectionId, session);
      return { kind: 'logged-in', next: flow.next ?? `/connections/${claims.connectionId}`, session: claims };
    }
    const record: ConnectionRecord = {
      ...(existing ?? { id: claims.connectionId, createdAt: now, state: 'connecting' as const }),
      state: existing?.state === 'active' ? 'active' : 'connecting',
      salesforce: {
        loginUrl,
        instanceUrl: grant.instanceUrl,
        orgId: identity.orgId,
        userId: identity.userId,
        username: identity.username,
        sandbox: flow.sandbox ?? false,
        authorizedAt: now
      }
    };
    delete record.disconnectedAt;
    if (!grant.refreshToken)
      throw new AuthorizationRefusedError(
        'Salesforce gave no refresh token: the connected app must allow the refresh_token scope'
      );
    await this.registry.refreshTokensOf(record.id).authorize(grant.refreshToken, randomBytes(16).toString('hex'));
    await this.keepSession(record.id, session);
    await this.registry.save(record);
    // monday is asked for when it is not connected (or was disconnected), or when it is what refused the relay.
    const mondayRefused = this.host.connectionById(record.id)?.status() === 'monday_refused';
    const mondayToken = await this.registry.secretsOf(record.id).get('monday-token');
    if (!record.monday || !mondayToken || mondayRefused)
      return { kind: 'monday', connectionId: record.id, session: claims };
    return this.finish(record.id, claims);
  }

  /** Where the admin's browser goes to authorize monday (OAuth 2.1 with PKCE). */
  async startMonday(connectionId: string, lang: Lang, browser: string): Promise<string> {
    const authorization = this.registry.mondayAuthorization;
    if (!authorization) throw new ConnectInputError('This relay has no monday app: use a personal API token');
    const { state, challenge } = await this.states.begin({ step: 'monday', lang, connectionId }, browser);
    return authorization.authorizeUrl(state, challenge);
  }

  async mondayCallback(flow: FlowState, code: unknown, session: SessionClaims): Promise<FlowOutcome> {
    const authorization = this.registry.mondayAuthorization;
    if (!authorization || typeof code !== 'string' || !code)
      throw new AuthorizationRefusedError('monday sent no authorization code');
    if (flow.connectionId !== session.connectionId)
      throw new ConnectStateError('This authorization is for another connection');
    const token = await authorization.exchange(code, flow.verifier);
    await this.keepMonday(
      session.connectionId,
      token.accessToken,
      async () => {
        await this.registry.secretsOf(session.connectionId).put('monday-token', token);
      },
      'oauth'
    );
    return this.finish(session.connectionId, session);
  }

  /** A personal API token instead of OAuth. */
  async useMondayToken(token: unknown, session: SessionClaims): Promise<FlowOutcome> {
    if (typeof token !== 'string' || token.trim().length < 20 || token.length > 2000)
      throw new ConnectInputError('That is not a monday API token');
    const accessToken = token.trim();
    await this.keepMonday(
      session.connectionId,
      accessToken,
      async () => {
        await this.registry.secretsOf(session.connectionId).put('monday-token', { kind: 'token', accessToken });
      },
      'token'
    );
    return this.finish(session.connectionId, session);
  }

  /** Whose the monday token is (its account), kept with the record, and the token kept sealed. */
  private async keepMonday(
    connectionId: string,
    accessToken: string,
    keep: () => Promise<void>,
    kind: 'oauth' | 'token'
  ): Promise<void> {
    const stored = await this.registry.get(connectionId);
    if (!stored) throw new ConnectStateError('This relay has no such connection');
    const client = new MondayClient(
      this.dependencies.http,
      { url: this.registry.settings.mondayApiUrl, token: accessToken },
      this.dependencies.logger,
      this.dependencies.clock
    );
    let me: z.infer<typeof mondayMe>['data']['me'];
    try {
      me = mondayMe.parse(await client.request(documents.meWithAccount, {})).data.me;
    } catch {
      throw new AuthorizationRefusedError('monday did not take this token');
    }
    await keep();
    await this.registry.save({
      ...stored.record,
      monday: {
        kind,
        accountId: me.account.id,
        accountName: me.account.name,
        userId: me.id,
        authorizedAt: this.dependencies.clock.now()
      }
    });
  }

  /** The admin confirmed: this connection replaces the one the org's package served. */
  replace(session: SessionClaims): Promise<FlowOutcome> {
    return this.finish(session.connectionId, session, { replace: true });
  }

  /** The package configured (relay URL, signing secret, connection id), the connection active and served now. */
  private async finish(
    connectionId: string,
    claims: SessionClaims,
    options: { replace?: boolean } = {}
  ): Promise<FlowOutcome> {
    const stored = await this.registry.get(connectionId);
    const session = await this.session(connectionId);
    if (!stored?.record.monday) throw new ConnectStateError('monday is not connected yet');
    const secrets = this.registry.secretsOf(connectionId);
    let signing = await secrets.get('signing-secrets');
    if (!signing) {
      signing = { current: newSigningSecret() };
      await secrets.put('signing-secrets', signing);
    }
    if (!(await secrets.get('monday-webhook-path'))) await secrets.put('monday-webhook-path', newWebhookPathSecret());
    const before = await this.packageSetup.status(session);
    const another = before.connectionId !== undefined && before.connectionId !== connectionId;
    // The package serves another connection that is still active (another relay, or a sandbox refreshed from
    // production, whose settings came with the copy): never repointed without the admin saying so.
    if (another && before.active && !options.replace)
      return {
        kind: 'replace',
        connectionId,
        session: claims,
        other: { connectionId: before.connectionId ?? '', relayUrl: before.relayUrl ?? '' }
      };
    const configured = await this.packageSetup.configure(session, {
      connectionId,
      relayUrl: this.registry.settings.publicUrl,
      signingSecret: signing.current,
      mondayAccount: { id: stored.record.monday.accountId, name: stored.record.monday.accountName },
      ...(another ? { replace: true } : {})
    });
    const reconnected = stored.record.state === 'active';
    const record: ConnectionRecord = {
      ...stored.record,
      state: 'active',
      packageConfiguredAt: this.dependencies.clock.now(),
      namedCredentialMatches: configured.namedCredentialMatches
    };
    await this.registry.save(record);
    await this.host.refreshConnections();
    this.dependencies.logger.info({ connection: connectionId }, 'connection made');
    return {
      kind: 'done',
      connectionId,
      session: claims,
      instanceUrl: record.salesforce.instanceUrl,
      namedCredentialMatches: configured.namedCredentialMatches,
      reconnected
    };
  }

  /**
   * The connection page's Test: both sides asked with the connection's own tokens; undefined when the relay does not
   * serve the connection (not active, or a secret missing).
   */
  async test(connectionId: string): Promise<ConnectionCheck | undefined> {
    const stored = await this.registry.get(connectionId);
    if (!stored) throw new ConnectStateError('This relay has no such connection');
    const running = this.host.connectionById(connectionId);
    if (!running) return undefined;
    return checkConnection(running, {
      connectionId,
      relayUrl: this.registry.settings.publicUrl,
      mondayAccountId: stored.record.monday?.accountId
    });
  }

  /** This connection's time between two polls of its custom objects; the relay serves it anew with it at once. */
  async setPollInterval(connectionId: string, seconds: unknown): Promise<void> {
    const stored = await this.registry.get(connectionId);
    if (!stored) throw new ConnectStateError('This relay has no such connection');
    const value = typeof seconds === 'string' ? Number(seconds) : Number.NaN;
    if (!Number.isInteger(value) || value < 2 || value > 3600)
      throw new ConnectInputError('The polling interval is a whole number of seconds from 2 to 3600');
    await this.registry.save({ ...stored.record, customObjectPollSeconds: value });
    await this.host.refreshConnections();
  }

  /** A new signing secret: the package takes it, the previous one stays accepted for a while. */
  async rotateSigningSecret(connectionId: string): Promise<void> {
    const stored = await this.registry.get(connectionId);
    const secrets = this.registry.secretsOf(connectionId);
    const signing = await secrets.get('signing-secrets');
    if (!stored?.record.monday || !signing) throw new ConnectStateError('This connection is not active');
    const next = {
      current: newSigningSecret(),
      previous: signing.current,
      previousUntil: this.dependencies.clock.now() + previousSecretGraceMs
    };
    // The relay accepts both before the package signs with the new one.
    await secrets.put('signing-secrets', next);
    await this.registry.save(stored.record);
    await this.host.refreshConnections();
    await this.packageSetup.configure(await this.session(connectionId), {
      connectionId,
      relayUrl: this.registry.settings.publicUrl,
      signingSecret: next.current,
      mondayAccount: { id: stored.record.monday.accountId, name: stored.record.monday.accountName }
    });
  }

  /** Webhooks removed, work stopped, tokens revoked and deleted, the package told; the data stays. */
  async disconnect(connectionId: string): Promise<void> {
    const stored = await this.registry.get(connectionId);
    if (!stored) throw new ConnectStateError('This relay has no such connection');
    const running = this.host.connectionById(connectionId);
    await this.registry.save({
      ...stored.record,
      state: 'disconnected',
      disconnectedAt: this.dependencies.clock.now()
    });
    // Stopped first, so that its upkeep does not make again the webhooks removed next.
    await this.host.refreshConnections();
    await running?.removeMondayWebhooks().catch((error: unknown) => {
      this.dependencies.logger.warn(
        { err: error, connection: connectionId },
        'monday webhooks could not all be removed'
      );
    });
    const secrets = this.registry.secretsOf(connectionId);
    const refreshTokens = this.registry.refreshTokensOf(connectionId);
    const [refreshToken, mondayToken] = await Promise.all([
      refreshTokens.current().catch(() => undefined),
      secrets.get('monday-token')
    ]);
    await this.packageSetup.disconnect(await this.session(connectionId), connectionId).catch((error: unknown) => {
      this.dependencies.logger.warn(
        { err: error, connection: connectionId },
        'the package was not told of the disconnect'
      );
    });
    if (refreshToken) await this.salesforce.revoke(stored.record.salesforce.loginUrl, refreshToken);
    if (mondayToken?.kind === 'oauth')
      await this.registry.mondayAuthorization?.revoke(mondayToken.refreshToken ?? mondayToken.accessToken);
    await refreshTokens.forget();
    for (const kind of ['monday-token', 'signing-secrets', 'monday-webhook-path', 'salesforce-session'] as const)
      await secrets.delete(kind);
    this.dependencies.logger.info({ connection: connectionId }, 'connection disconnected');
  }

  /**
   * The admin's Salesforce session from their last login, kept sealed for the package's REST resource (rotate,
   * disconnect) as long as the admin's session on the relay lasts, then deleted by housekeeping.
   */
  private async keepSession(connectionId: string, session: PackageSession): Promise<void> {
    await this.registry
      .secretsOf(connectionId)
      .put('salesforce-session', session, this.dependencies.clock.now() + adminSessionLifetimeMs);
  }

  private async session(connectionId: string): Promise<PackageSession> {
    const session = salesforceSession.safeParse(await this.registry.secretsOf(connectionId).get('salesforce-session'));
    if (!session.success) throw new ConnectStateError('Log in through Salesforce again');
    return session.data;
  }
}
