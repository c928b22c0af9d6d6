// The connect flow's pages on the relay: /connect (the form the package's Connection tab opens), the two OAuth
// callbacks, the monday step, and a connection's page (test, reconnect, rotate the signing secret, disconnect), which
// need the admin's session. Errors are shown as a page in the admin's language, with the way back; none carries a token.
import { randomBytes } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import type { AxiosInstance } from 'axios';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { RelayError } from '../core/errors';
import type { ConnectionRegistry } from '../connections/connection-registry';
import { AdminSessionError, AuthorizationRefusedError } from './authorization-errors';
import { AdminSessions, adminSessionLifetimeMs, sessionCookie } from './admin-session';
import { ConnectFlow, type ConnectionHost, type FlowOutcome, type RunningConnection } from './connect-flow';
import { ConnectStates } from './connect-states';
import { type Lang, escape, langOf, page, t } from './connect-pages';
import { type ConnectionView, type PollingView, connectionPage } from './connection-page';

interface Parts {
  relay: ConnectionHost;
  registry: ConnectionRegistry;
  http: AxiosInstance;
  clock: Clock;
  logger: Logger;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);
/** Text from a query string as it may be shown and logged: printable characters only, at most `max`. */
const printable = (value: string, max: number): string =>
  value.replace(/[^\x20-\x7E\u00A0-\uFFFF]/g, ' ').slice(0, max);
/** The browser's flow cookie: a nonce OAuth states are bound to. */
const flowCookie = 'monday_sync_flow';

export function connectRoutes(parts: Parts): express.Router {
  const { registry, clock, logger } = parts;
  const states = new ConnectStates(registry.rawSecretsOf('_connect'), registry.keyring, clock);
  const flow = new ConnectFlow(registry, parts.relay, parts, states);
  const sessions = new AdminSessions(registry.keyring.current, clock);
  const secure = registry.settings.publicUrl.startsWith('https://');
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });
  // The pages load nothing from elsewhere, post to the relay (which redirects to Salesforce or monday over https, or
  // to the stand-ins on this machine for a relay that runs here), and are never framed (a Disconnect button in another
  // site's frame); the OAuth state in a callback URL is not sent on as a Referer.
  const formTargets = secure ? "'self' https:" : "'self' https: http://127.0.0.1:* http://localhost:*";
  router.use(['/connect', '/connections'], (_request, response, next) => {
    response.set({
      'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action ${formTargets}; frame-ancestors 'none'; base-uri 'none'`,
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer'
    });
    next();
  });

  const cookieNamed = (request: Request, name: string): string | undefined =>
    (request.get('cookie') ?? '')
      .split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${name}=`))
      ?.slice(name.length + 1);
  const cookieOf = (request: Request): string | undefined => cookieNamed(request, sessionCookie);
  /**
   * The nonce of this browser's flow cookie, made when there is none: an OAuth state is bound to it, so that only the
   * browser that began a flow can finish it (./connect-states.ts).
   */
  const flowBrowser = (request: Request, response: Response): string => {
    const kept = cookieNamed(request, flowCookie);
    if (kept && /^[A-Za-z0-9_-]{32,64}$/.test(kept)) return kept;
    const nonce = randomBytes(24).toString('base64url');
    response.cookie(flowCookie, nonce, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/connect',
      maxAge: 15 * 60_000
    });
    return nonce;
  };
  const setSession = (response: Response, value: string): void => {
    response.cookie(sessionCookie, value, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: adminSessionLifetimeMs
    });
  };
  const lang = (request: Request): Lang =>
    langOf(
      request.query.lang ?? (request.body as Record<string, unknown> | undefined)?.lang,
      request.get('accept-language')
    );
  const send = (response: Response, status: number, html: string): void => {
    response.status(status).set('Cache-Control', 'no-store').type('html').send(html);
  };
  const fail = (response: Response, language: Lang, error: unknown): void => {
    const known = error instanceof RelayError ? error : undefined;
    if (!known) logger.error({ err: error }, 'the connect flow failed');
    else logger.warn({ code: known.code }, known.message);
    send(
      response,
      known?.httpStatus && known.httpStatus < 500 ? known.httpStatus : 500,
      page(
        language,
        t(language, 'errorTitle'),
        `<p class="error">${escape(known?.message ?? 'The relay could not complete this step')}</p>
         <a class="button" href="/connect?lang=${language}">${t(language, 'startAgain')}</a>`
      )
    );
  };
  const handle =
    (step: (request: Request, response: Response, language: Lang) => Promise<void> | void) =>
    (request: Request, response: Response): void => {
      const language = lang(request);
      Promise.resolve()
        .then(() => step(request, response, language))
        .catch((error: unknown) => {
          fail(response, language, error);
        });
    };

  /** The outcome of a step, as the next page or a redirect. */
  const outcome = (response: Response, language: Lang, result: FlowOutcome): void => {
    if (result.kind === 'org-changed') {
      send(
        response,
        409,
        page(
          language,
          t(language, 'orgChangedTitle'),
          `<p>${t(language, 'orgChanged')}</p><a class="button" href="/connect?lang=${language}&loginUrl=${encodeURIComponent(result.loginUrl)}">${t(language, 'newConnection')}</a>`
        )
      );
      return;
    }
    const session = sessions.issue(result.session);
    setSession(response, session);
    if (result.kind === 'logged-in') {
      // The relay made this path when the login began; a path of its own only, whatever was kept.
      response.redirect(
        303,
        /^\/connections\/c_[A-Za-z0-9_-]+(\/disconnect)?\?lang=(en|fr)$/.test(result.next)
          ? result.next
          : `/connections/${result.session.connectionId}`
      );
      return;
    }
    if (result.kind === 'monday') {
      response.redirect(303, `/connect/monday?connection=${result.connectionId}&lang=${language}`);
      return;
    }
    if (result.kind === 'replace') {
      const token = sessions.formToken(session);
      send(
        response,
        409,
        page(
          language,
          t(language, 'replaceTitle'),
          `<p>${escape(t(language, 'replaceBody').replace('<other>', result.other.connectionId).replace('<relay>', result.other.relayUrl))}</p>
          <div class="actions"><form method="post" action="/connect/replace"><input type="hidden" name="connection" value="${escape(result.connectionId)}"><input type="hidden" name="form" value="${token}"><input type="hidden" name="lang" value="${language}"><button type="submit" class="danger">${t(language, 'replaceButton')}</button></form>
          <a class="button secondary" href="/connect?lang=${language}">${t(language, 'replaceCancel')}</a></div>`
        )
      );
      return;
    }
    if (result.reconnected) {
      response.redirect(303, `/connections/${result.connectionId}?reconnected=1&lang=${language}`);
      return;
    }
    const namedCredential = result.namedCredentialMatches
      ? ''
      : `<p class="error">${t(language, 'namedCredential')} <code>${escape(registry.settings.publicUrl)}</code></p>`;
    send(
      response,
      200,
      page(
        language,
        t(language, 'doneTitle'),
        `<p class="ok">${t(language, 'doneBody')}</p>${namedCredential}<p>${t(language, 'nextStep')}</p>
         <div class="actions"><a class="button" href="${escape(result.instanceUrl)}/lightning/page/home">${t(language, 'openSalesforce')}</a>
         <a class="button secondary" href="/connections/${result.connectionId}?lang=${language}">${t(language, 'openConnection')}</a></div>`
      )
    );
  };

  router.get('/connect', (request, response) => {
    const language = lang(request);
    const connection = str(request.query.connection);
    send(
      response,
      200,
      page(
        language,
        t(language, 'connectTitle'),
        `<p>${t(language, 'connectIntro')}</p>
        <form method="post" action="/connect/salesforce">
          <input type="hidden" name="lang" value="${language}">
          ${connection ? `<input type="hidden" name="connection" value="${escape(connection)}">` : ''}
          <label for="subdomain">${t(language, 'subdomain')}</label>
          <input type="text" id="subdomain" name="subdomain" value="${escape(str(request.query.subdomain) ?? '')}" autocomplete="off">
          <div class="hint">${t(language, 'subdomainHint')}</div>
          <label class="check"><input type="checkbox" name="sandbox" value="1"${request.query.sandbox === '1' ? ' checked' : ''}> ${t(language, 'sandbox')}</label>
          <label for="loginUrl">${t(language, 'loginUrl')}</label>
          <input type="url" id="loginUrl" name="loginUrl" value="${escape(str(request.query.loginUrl) ?? '')}">
          <button type="submit">${t(language, 'authorizeSalesforce')}</button>
        </form>`
      )
    );
  });

  router.post(
    '/connect/salesforce',
    form,
    handle(async (request, response, language) => {
      const body = request.body as Record<string, unknown>;
      const url = await flow.startSalesforce({
        lang: language,
        sandbox: body.sandbox === '1',
        subdomain: str(body.subdomain),
        loginUrl: str(body.loginUrl),
        connectionId: str(body.connection),
        browser: flowBrowser(request, response)
      });
      response.redirect(303, url);
    })
  );

  router.get(
    '/connect/salesforce/callback',
    handle(async (request, response) => {
      const state = await states.take(request.query.state, ['salesforce', 'login'], cookieNamed(request, flowCookie));
      if (request.query.error) {
        fail(
          response,
          state.lang,
          new AuthorizationRefusedError(
            `Salesforce: ${printable(str(request.query.error_description) ?? str(request.query.error) ?? '', 200)}`
          )
        );
        return;
      }
      outcome(response, state.lang, await flow.salesforceCallback(state, request.query.code));
    })
  );

  router.get(
    '/connect/monday',
    handle((request, response, language) => {
      const connectionId = str(request.query.connection) ?? '';
      const cookie = cookieOf(request);
      sessions.verify(cookie, connectionId);
      const token = sessions.formToken(cookie ?? '');
      const hidden = `<input type="hidden" name="connection" value="${escape(connectionId)}"><input type="hidden" name="form" value="${token}"><input type="hidden" name="lang" value="${language}">`;
      send(
        response,
        200,
        page(
          language,
          t(language, 'mondayTitle'),
          `<p>${t(language, 'mondayIntro')}</p>
          ${flow.mondayOAuth ? `<form method="post" action="/connect/monday/oauth">${hidden}<button type="submit">${t(language, 'authorizeMonday')}</button></form><hr>` : ''}
          <form method="post" action="/connect/monday/token">${hidden}
            <p>${t(language, 'orToken')}</p>
            <label for="token">${t(language, 'token')}</label>
            <input type="password" id="token" name="token" autocomplete="off">
            <button type="submit" class="${flow.mondayOAuth ? 'secondary' : ''}">${t(language, 'useToken')}</button>
          </form>`
        )
      );
    })
  );

  /** The session of a posted form of a connection's page, with its form token checked. */
  const postedSession = (request: Request, connectionId: string) => {
    const cookie = cookieOf(request);
    const session = sessions.verify(cookie, connectionId);
    sessions.checkFormToken(cookie ?? '', (request.body as Record<string, unknown>).form);
    return session;
  };

  router.post(
    '/connect/monday/oauth',
    form,
    handle(async (request, response, language) => {
      const connectionId = str((request.body as Record<string, unknown>).connection) ?? '';
      postedSession(request, connectionId);
      response.redirect(303, await flow.startMonday(connectionId, language, flowBrowser(request, response)));
    })
  );

  router.get(
    '/connect/monday/callback',
    handle(async (request, response) => {
      const state = await states.take(request.query.state, 'monday', cookieNamed(request, flowCookie));
      if (request.query.error) {
        fail(
          response,
          state.lang,
          new AuthorizationRefusedError(`monday: ${printable(str(request.query.error) ?? '', 100)}`)
        );
        return;
      }
      const session = sessions.verify(cookieOf(request), state.connectionId ?? '');
      outcome(response, state.lang, await flow.mondayCallback(state, request.query.code, session));
    })
  );

  router.post(
    '/connect/replace',
    form,
    handle(async (request, response, language) => {
      const body = request.body as Record<string, unknown>;
      outcome(response, language, await flow.replace(postedSession(request, str(body.connection) ?? '')));
    })
  );

  router.post(
    '/connect/monday/token',
    form,
    handle(async (request, response, language) => {
      const body = request.body as Record<string, unknown>;
      const session = postedSession(request, str(body.connection) ?? '');
      outcome(response, language, await flow.useMondayToken(body.token, session));
    })
  );

  /** A connection's page and its actions: without a session, a Salesforce login on the connection's org first. */
  const withSession = (
    next: (request: Request, response: Response, language: Lang, connectionId: string) => Promise<void> | void
  ) =>
    handle(async (request, response, language) => {
      const connectionId = String(request.params.id);
      try {
        sessions.verify(cookieOf(request), connectionId);
      } catch (error) {
        if (!(error instanceof AdminSessionError) || request.method !== 'GET') throw error;
        // Back to this connection's page (or its disconnect page) after the login: a path the relay makes, never
        // one taken from the request (an absolute request target would make it an open redirect).
        const back = `/connections/${connectionId}${request.path.endsWith('/disconnect') ? '/disconnect' : ''}?lang=${language}`;
        response.redirect(303, await flow.startLogin(connectionId, back, language, flowBrowser(request, response)));
        return;
      }
      await next(request, response, language, connectionId);
    });

  /** What the connection's page shows of its custom objects' polling. */
  const pollingOf = async (running: RunningConnection): Promise<PollingView> => ({
    intervalSeconds: running.poller.intervalMs / 1000,
    objects: (await running.poller.objectNames()).map((name) => ({
      name,
      requests: running.poller.requestsByObject.get(name) ?? 0
    })),
    apiUsage: running.salesforce.apiUsage
  });

  /** A connection's page, with a notice or a Test's result when there is one. */
  const showConnection = async (
    request: Request,
    response: Response,
    language: Lang,
    connectionId: string,
    extra: Pick<ConnectionView, 'notice' | 'test'> = {}
  ): Promise<void> => {
    const stored = await registry.get(connectionId);
    if (!stored) throw new AdminSessionError('No such connection');
    const running = parts.relay.connectionById(connectionId);
    send(
      response,
      200,
      connectionPage(language, {
        record: stored.record,
        status: running?.status() ?? stored.record.state,
        lastApplied: running?.worker.lastApplied,
        polling: running ? await pollingOf(running) : undefined,
        formToken: sessions.formToken(cookieOf(request) ?? ''),
        ...extra
      })
    );
  };

  router.get(
    '/connections/:id',
    withSession(async (request, response, language, connectionId) => {
      const notice = request.query.rotated
        ? 'rotated'
        : request.query.reconnected
          ? 'reconnected'
          : request.query.polling
            ? 'pollingSaved'
            : undefined;
      await showConnection(request, response, language, connectionId, notice ? { notice } : {});
    })
  );

  // The answer is the page itself (not a redirect): a Test's result is of this moment, not something to bookmark.
  router.post(
    '/connections/:id/test',
    form,
    withSession(async (request, response, language, connectionId) => {
      postedSession(request, connectionId);
      const test = (await flow.test(connectionId)) ?? 'not-running';
      await showConnection(request, response, language, connectionId, { test });
    })
  );

  router.post(
    '/connections/:id/polling',
    form,
    withSession(async (request, response, language, connectionId) => {
      postedSession(request, connectionId);
      await flow.setPollInterval(connectionId, (request.body as Record<string, unknown>).seconds);
      response.redirect(303, `/connections/${connectionId}?polling=1&lang=${language}`);
    })
  );

  router.post(
    '/connections/:id/rotate',
    form,
    withSession(async (request, response, language, connectionId) => {
      postedSession(request, connectionId);
      await flow.rotateSigningSecret(connectionId);
      response.redirect(303, `/connections/${connectionId}?rotated=1&lang=${language}`);
    })
  );

  router.get(
    '/connections/:id/disconnect',
    withSession((request, response, language, connectionId) => {
      const token = sessions.formToken(cookieOf(request) ?? '');
      send(
        response,
        200,
        page(
          language,
          t(language, 'disconnectTitle'),
          `<p>${t(language, 'disconnectBody')}</p><form method="post" action="/connections/${escape(connectionId)}/disconnect"><input type="hidden" name="form" value="${token}"><input type="hidden" name="lang" value="${language}"><button type="submit" class="danger">${t(language, 'disconnect')}</button></form>`
        )
      );
    })
  );

  router.post(
    '/connections/:id/disconnect',
    form,
    withSession(async (request, response, language, connectionId) => {
      postedSession(request, connectionId);
      await flow.disconnect(connectionId);
      response.clearCookie(sessionCookie, { path: '/' });
      send(
        response,
        200,
        page(
          language,
          t(language, 'disconnected'),
          `<p class="ok">${t(language, 'disconnectedBody').replace('<id>', escape(connectionId))}</p>`
        )
      );
    })
  );

  return router;
}
