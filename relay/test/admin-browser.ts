// An admin's browser for the connect flow, over plain HTTP: redirects followed by hand, the session cookie kept,
// forms posted with their hidden fields. For tests that connect, break and reconnect orgs (the flow's own pages are
// clicked through in Chromium: scripts/browser/__tests__/).
import axios, { type AxiosResponse } from 'axios';
import type { SalesforceStandIn } from '../dev/standins/salesforce/server';

export class AdminBrowser {
  cookie = '';
  private readonly http = axios.create({ maxRedirects: 0, validateStatus: () => true });

  constructor(readonly base: string) {}

  /** The value of a hidden field of a form. */
  static hidden(html: string, name: string): string {
    return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1]?.replace(/&quot;/g, '"') ?? '';
  }

  async go(method: 'GET' | 'POST', url: string, form?: Record<string, string>): Promise<AxiosResponse<string>> {
    const response = await this.http.request<string>({
      method,
      url: url.startsWith('/') ? `${this.base}${url}` : url,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {})
      },
      ...(form ? { data: new URLSearchParams(form).toString() } : {}),
      responseType: 'text'
    });
    const set = response.headers['set-cookie']?.find((line) => line.startsWith('monday_sync_admin='));
    if (set) this.cookie = set.split(';')[0] ?? '';
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
    const consent = await this.go('GET', String(start.headers.location));
    const allowed = await this.go('POST', `${salesforce.loginUrl}/services/oauth2/authorize`, {
      client_id: AdminBrowser.hidden(consent.data, 'client_id'),
      redirect_uri: AdminBrowser.hidden(consent.data, 'redirect_uri'),
      state: AdminBrowser.hidden(consent.data, 'state'),
      code_challenge: AdminBrowser.hidden(consent.data, 'code_challenge'),
      decision: 'allow'
    });
    return this.go('GET', String(allowed.headers.location));
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
      form: AdminBrowser.hidden(page.data, 'form'),
      token: mondayToken
    });
    if (done.status !== 200) throw new Error(`the monday step answered ${done.status}: ${done.data}`);
    return connectionId;
  }
}
