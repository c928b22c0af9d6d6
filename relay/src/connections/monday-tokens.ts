// The monday token of a connection made by OAuth 2.1: access tokens expire, so the one in use is refreshed five
// minutes before its end (one refresh at a time), and the new pair is kept sealed at once: each refresh spends the
// refresh token it used. A personal token, or a legacy OAuth token, never expires and is used as it is.
import type { Clock } from '../core/clock';
import { AuthorizationRefusedError } from '../connect/authorization-errors';
import type { MondayAuthorization } from '../connect/monday-authorization';
import { MondayAuthError } from '../monday/errors';
import type { ConnectionSecrets, MondayTokenSecret } from './connection-secrets';

const refreshAheadMs = 5 * 60_000;

export class MondayTokens {
  private refreshing: Promise<MondayTokenSecret> | undefined;

  constructor(
    private token: MondayTokenSecret,
    private readonly secrets: ConnectionSecrets,
    private readonly authorization: MondayAuthorization | undefined,
    private readonly clock: Clock
  ) {}

  /**
   * The access token to send now; given the one monday just refused (401), a refreshed one when there is a refresh
   * token (monday may end a token before its time), else the same.
   */
  async current(refused?: string): Promise<string> {
    const { expiresAt, refreshToken } = this.token;
    if (!refreshToken || !this.authorization) return this.token.accessToken;
    const refusedNow = refused !== undefined && refused === this.token.accessToken;
    if (!refusedNow && (expiresAt === undefined || this.clock.now() < expiresAt - refreshAheadMs))
      return this.token.accessToken;
    const authorization = this.authorization;
    this.refreshing ??= authorization
      .refresh(refreshToken)
      .then(async (fresh) => {
        await this.secrets.put('monday-token', fresh);
        this.token = fresh;
        return fresh;
      })
      .catch((error: unknown) => {
        // A refresh token monday no longer takes (the app uninstalled, access revoked): an admin reconnects.
        if (error instanceof AuthorizationRefusedError)
          throw new MondayAuthError('monday refused the refresh token: reconnect monday');
        throw error;
      })
      .finally(() => {
        this.refreshing = undefined;
      });
    return (await this.refreshing).accessToken;
  }
}
