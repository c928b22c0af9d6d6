// The admin's session on the relay's connection pages: a cookie the relay signs (HMAC-SHA256, key derived from
// RELAY_ENCRYPTION_KEY), set when an admin of the org logs in through Salesforce (the connect flow's first step), and
// bound to one connection and its org. Pages that change a connection need it, and their forms carry a token derived
// from it (a page of another site cannot post them).
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../core/clock';
import { AdminSessionError } from './authorization-errors';

export const sessionCookie = 'monday_sync_admin';
export const adminSessionLifetimeMs = 30 * 60_000;

const claims = z.object({ connectionId: z.string(), orgId: z.string(), userId: z.string(), expiresAt: z.number() });
export type AdminSession = z.infer<typeof claims>;

export class AdminSessions {
  private readonly key: Buffer;

  constructor(
    encryptionKey: Buffer,
    private readonly clock: Clock
  ) {
    this.key = Buffer.from(hkdfSync('sha256', encryptionKey, Buffer.alloc(0), 'monday-sync admin session', 32));
  }

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }

  /** The cookie's value for a session starting now. */
  issue(session: Omit<AdminSession, 'expiresAt'>): string {
    const body = Buffer.from(
      JSON.stringify({ ...session, expiresAt: this.clock.now() + adminSessionLifetimeMs })
    ).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The session of a cookie for this connection; throws AdminSessionError when there is none that holds. */
  verify(cookie: string | undefined, connectionId: string): AdminSession {
    const [body, mac] = (cookie ?? '').split('.');
    if (!body || !mac || !same(mac, this.mac(body)))
      throw new AdminSessionError('Log in through Salesforce as an admin of this org first');
    const session = claims.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    if (!session.success || session.data.expiresAt <= this.clock.now())
      throw new AdminSessionError('Your session on the relay has ended: log in through Salesforce again');
    if (session.data.connectionId !== connectionId)
      throw new AdminSessionError('Your session is for another connection: log in through Salesforce for this one');
    return session.data;
  }

  /** The token a form of this session carries. */
  formToken(cookie: string): string {
    return this.mac(`form:${cookie}`);
  }

  checkFormToken(cookie: string, token: unknown): void {
    if (typeof token !== 'string' || !same(token, this.formToken(cookie)))
      throw new AdminSessionError('This form has expired: open the page again');
  }
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
