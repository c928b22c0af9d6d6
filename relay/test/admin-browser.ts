// An admin's browser for the connect flow, over plain HTTP: redirects followed by hand, the session cookie kept,
// forms posted with their hidden fields. For tests that connect, break and reconnect orgs (the flow's own pages are
// clicked through in Chromium: scripts/browser/__tests__/).
import axios, { type AxiosResponse } from 'axios';
import type { SalesforceStandIn } from '../dev/standins/salesforce/server';

/** The value of a hidden field of a form. */
export function hiddenField(html: string, name: string): string {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1]?.replace(/&quot;/g, '"') ?? '';
}

export class AdminBrowser {
  /** The cookies the relay set, by name. */
  readonly cookies = new Map<string, string>();
  private readonly http = axios.create({ maxRedirects: 0, validateStatus: () => true });

  constructor(readonly base: string) {}

  /** The Cookie header this browser sends. */
  get cookie(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async go(method: 'GET' | 'POST', url: string, form?: Record<string, string>): Promise<AxiosResponse<string>> {
    const response = await this.http.request<string>({
      method,
      url: url.startsWith('/') ? `${this.base}${url}` : url,
      headers: {
        ...(this.cookies.size > 0 ? { cookie: this.cookie } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {})
      },
      ...(form ? { data: new URLSearchParams(form).toString() } : {}),
      responseType: 'text'
    });
    // The relay's cookies (the admin session, the flow cookie OAuth states are bound to); a cleared one is dropped.
    for (const line of response.headers['set-cookie'] ?? []) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (value && !/expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    return response;
  }

  /**
   * Authorizes the org on the Salesforce stand-in (for a new connection, or `connectionId`'s again) and answers
   * where the relay sends the browser next.
   */
  async authorizeSalesforce(salesforce: SalesforceStandIn, connectionId?: string): Promise<AxiosResponse<string>> {
    const start = await this.go('POST', '/connect/salesforce', {
      lang: 'en',
      loginUrl: salesforce.loginUrl,
      ...(connectionId ? { connection: connectionId } : {})
    });
    if (start.status !== 303) throw new Error(`the connect form answered ${start.status}: ${start.data}`);
    return this.go('GET', await this.allowOnSalesforce(String(start.headers.location), salesforce));
  }

  /** Opens Salesforce's authorize page and clicks Allow; answers the callback URL Salesforce sends the browser to. */
  async allowOnSalesforce(authorizeUrl: string, salesforce: SalesforceStandIn): Promise<string> {
    const consent = await this.go('GET', authorizeUrl);
    const field = (name: string): string => hiddenField(consent.data, name);
    const allowed = await this.go('POST', `${salesforce.loginUrl}/services/oauth2/authorize`, {
      client_id: field('client_id'),
      redirect_uri: field('redirect_uri'),
      state: field('state'),
      code_challenge: field('code_challenge'),
      scope: field('scope'),
      decision: 'allow'
    });
    return String(allowed.headers.location);
  }

  /** A new connection: the org authorized, then monday with a personal token; answers its id. */
  async connect(salesforce: SalesforceStandIn, mondayToken: string): Promise<string> {
    const callback = await this.authorizeSalesforce(salesforce);
    const next = new URL(String(callback.headers.location), this.base);
    const connectionId = next.searchParams.get('connection') ?? '';
    if (next.pathname !== '/connect/monday' || !connectionId)
      throw new Error(`the Salesforce callback answered ${callback.status}: ${callback.data}`);
    const page = await this.go('GET', `/connect/monday?connection=${connectionId}`);
    const done = await this.go('POST', '/connect/monday/token', {
      connection: connectionId,
      form: hiddenField(page.data, 'form'),
      token: mondayToken
    });
    if (done.status !== 200) throw new Error(`the monday step answered ${done.status}: ${done.data}`);
    return connectionId;
  }
}
