// The stand-in's auth.monday.com: the consent page and the OAuth 2.1 endpoints (./oauth.ts has the rules), on a host
// of its own as monday's are (auth.monday.com, api.monday.com), so a client that builds one URL from the other fails.
import express, { type NextFunction, type Request, type Response } from 'express';
import type { MondayOAuth } from './oauth';

const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

export function oauthApp(oauth: MondayOAuth, issuer: () => string): express.Express {
  const app = express();
  app.disable('x-powered-by');

  // The consent page: the stand-in's user approves the app (monday first asks them to log in, and which account).
  app.get('/oauth2/authorize', (request, response) => {
    const outcome = oauth.authorize(request.query);
    if (outcome.kind === 'redirect') {
      response.redirect(302, outcome.location);
      return;
    }
    if (outcome.kind === 'page') {
      response
        .status(outcome.status)
        .type('html')
        .send(`<!doctype html><title>Error</title><p>${escapeHtml(outcome.message)}</p>`);
      return;
    }
    const scopes = outcome.scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join('');
    response
      .type('html')
      .send(
        `<!doctype html><title>Authorize app</title><h1>Authorize app</h1><p>An app (client ${escapeHtml(outcome.app.clientId)}) is asking to access your monday.com account as ${escapeHtml(outcome.user.name)}:</p><ul>${scopes}</ul><form method="post"><input type="hidden" name="request" value="${outcome.ticket}"><button name="decision" value="authorize">Authorize</button> <button name="decision" value="cancel">Cancel</button></form>`
      );
  });
  app.post('/oauth2/authorize', express.urlencoded({ extended: false }), (request, response) => {
    const body = request.body as Record<string, unknown>;
    const location = oauth.decide(body.request, body.decision === 'authorize');
    if (!location) {
      response
        .status(400)
        .type('html')
        .send('<!doctype html><title>Error</title><p>This authorization request is unknown or was answered</p>');
      return;
    }
    response.redirect(302, location);
  });

  // The token and revoke endpoints take JSON, as every example of the migration guide sends it.
  const json = express.json({ limit: '16kb' });
  const jsonOnly = (request: Request, response: Response, next: NextFunction): void => {
    if (request.is('application/json')) next();
    else response.status(400).json({ error: 'invalid_request', error_description: 'the body must be JSON' });
  };
  app.post('/oauth_ms/oauth/token', jsonOnly, json, (request, response) => {
    const answer = oauth.token(request.body);
    response.status(answer.status).set('Cache-Control', 'no-store').json(answer.body);
  });
  app.post('/oauth_ms/oauth/revoke', jsonOnly, json, (request, response) => {
    const answer = oauth.revoke(request.body);
    response.status(answer.status).json(answer.body);
  });
  app.get('/oauth_ms/.well-known/oauth-authorization-server', (_request, response) => {
    response.json(oauth.metadata(issuer()));
  });

  app.use((_request, response) => {
    response.status(404).json({ error: 'not_found', error_description: 'no such endpoint' });
  });
  app.use((error: unknown, _request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const malformed = typeof error === 'object' && error !== null && 'status' in error && error.status === 400;
    response
      .status(malformed ? 400 : 500)
      .json(
        malformed
          ? { error: 'invalid_request', error_description: 'the body is not valid JSON' }
          : { error: 'server_error', error_description: 'internal error' }
      );
  });
  return app;
}
