// The hosts the relay sends a Salesforce authorization to, and accepts from a token answer. The login URL comes from
// a form anyone can post, and the relay sends its connected app's secret to it, then believes the instance URL and
// the identity URL it answers: a host outside Salesforce would get the secret, and could claim any org. So only
// Salesforce's own domains are used (login.salesforce.com, test.salesforce.com, My Domains under my.salesforce.com,
// government clouds under salesforce.mil), plus the suffixes an operator adds (SALESFORCE_HOSTS), plus the machine
// itself when the relay runs there (local mode and tests against the stand-ins).
// https://help.salesforce.com/s/articleView?id=sf.domain_name_formats.htm (My Domain formats)
import { ConnectInputError } from './authorization-errors';

const salesforceSuffixes = ['.salesforce.com', '.salesforce.mil', '.force.com'];
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

export class SalesforceHosts {
  private readonly suffixes: readonly string[];

  constructor(
    private readonly options: {
      /** http://127.0.0.1 and localhost too: a relay whose own public URL is on this machine. */
      loopback: boolean;
      /** More host suffixes (".example-gov.com"), for clouds this list does not know. */
      extraSuffixes?: readonly string[];
    }
  ) {
    this.suffixes = [
      ...salesforceSuffixes,
      ...(options.extraSuffixes ?? []).map((suffix) => (suffix.startsWith('.') ? suffix : `.${suffix}`))
    ];
  }

  /** The relay's public URL says whether it runs on this machine (then the stand-ins' loopback hosts are allowed). */
  static forRelayAt(publicUrl: string, extraSuffixes?: readonly string[]): SalesforceHosts {
    const host = new URL(publicUrl).hostname;
    return new SalesforceHosts({ loopback: loopbackHosts.has(host), ...(extraSuffixes ? { extraSuffixes } : {}) });
  }

  /** Whether the relay may talk to this URL as Salesforce. */
  allows(value: string): boolean {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return false;
    }
    if (url.username || url.password) return false;
    if (this.options.loopback && loopbackHosts.has(url.hostname)) return ['http:', 'https:'].includes(url.protocol);
    const host = url.hostname.toLowerCase();
    return url.protocol === 'https:' && this.suffixes.some((suffix) => host.endsWith(suffix));
  }

  /** The origin of a login URL an admin gave, or a clear error naming what is accepted. */
  loginOrigin(value: string): string {
    if (!this.allows(value))
      throw new ConnectInputError(
        'The login URL must be a Salesforce address (https://…my.salesforce.com, login.salesforce.com or test.salesforce.com)'
      );
    return new URL(value).origin;
  }
}
