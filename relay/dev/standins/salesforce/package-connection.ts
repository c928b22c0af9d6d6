// The package's connection resource (force-app MondayConnectionResource) as the stand-in org serves it: the relay
// configures the package through it as the admin who connected. Only users holding the package's Manage Connection
// permission may call it (403 NOT_ALLOWED otherwise); the secret is kept, never answered.
import express, { type Request, type Response } from 'express';

export interface PackageConnectionState {
  connectionId: string | undefined;
  relayUrl: string | undefined;
  signingSecret: string | undefined;
  mondayAccountName: string | undefined;
  status: 'active' | 'disconnected' | undefined;
  /** The package's named credential URL (an admin sets it in Setup). */
  namedCredentialUrl: string;
}

export function packageConnectionRoutes(
  state: PackageConnectionState,
  userOf: (request: Request) => string | undefined,
  mayManage: (userId: string) => boolean
): express.Router {
  const router = express.Router();
  const allowed = (request: Request, response: Response): boolean => {
    const userId = userOf(request);
    if (!userId) {
      response.status(401).json([{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }]);
      return false;
    }
    if (!mayManage(userId)) {
      response
        .status(403)
        .json({ error: { code: 'NOT_ALLOWED', message: 'You may not manage the monday Sync connection' } });
      return false;
    }
    return true;
  };
  const matches = (): boolean =>
    state.namedCredentialUrl.replace(/\/$/, '') === (state.relayUrl ?? '').replace(/\/$/, '');
  const path = '/services/apexrest/monday-sync/v1/connection';
  router.get(path, (request, response) => {
    if (!allowed(request, response)) return;
    response.json({
      connectionId: state.connectionId ?? null,
      relayUrl: state.relayUrl ?? null,
      mondayAccount: { name: state.mondayAccountName ?? null },
      status: state.status ?? null,
      namedCredentialUrl: state.namedCredentialUrl,
      namedCredentialMatches: matches()
    });
  });
  router.put(path, express.json(), (request, response) => {
    if (!allowed(request, response)) return;
    const body = request.body as Record<string, unknown>;
    const account = body.mondayAccount as Record<string, unknown> | undefined;
    if (
      typeof body.connectionId !== 'string' ||
      !/^c_[A-Za-z0-9_-]{8,60}$/.test(body.connectionId) ||
      typeof body.signingSecret !== 'string' ||
      !body.signingSecret.startsWith('whsec_') ||
      typeof body.relayUrl !== 'string' ||
      typeof account?.name !== 'string'
    ) {
      response.status(400).json({
        error: {
          code: 'INVALID_REQUEST',
          message: 'connectionId, relayUrl, signingSecret and mondayAccount are required'
        }
      });
      return;
    }
    if (
      state.connectionId &&
      state.status !== 'disconnected' &&
      state.connectionId !== body.connectionId &&
      body.replace !== true
    ) {
      response
        .status(409)
        .json({ error: { code: 'CONNECTION_MISMATCH', message: 'The package is connected to another connection' } });
      return;
    }
    Object.assign(state, {
      connectionId: body.connectionId,
      relayUrl: body.relayUrl,
      signingSecret: body.signingSecret,
      mondayAccountName: account.name,
      status: 'active'
    });
    response.json({ ok: true, namedCredentialUrl: state.namedCredentialUrl, namedCredentialMatches: matches() });
  });
  router.delete(path, (request, response) => {
    if (!allowed(request, response)) return;
    if (request.query.connectionId !== state.connectionId) {
      response.status(409).json({ error: { code: 'CONNECTION_MISMATCH', message: 'Not this package’s connection' } });
      return;
    }
    state.signingSecret = undefined;
    state.status = 'disconnected';
    response.json({ ok: true });
  });
  return router;
}
