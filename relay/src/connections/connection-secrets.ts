// A connection's secrets, sealed (../core/sealed.ts) under its id and their kind, in the store's secrets: the monday
// token (and its refresh token when monday's OAuth 2.1 issues expiring ones), the signing secrets the package signs
// with (the new one and, during a rotation, the previous one until it expires), and the monday webhook path's secret.
// The Salesforce refresh token is ../store/refresh-tokens.ts's.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type Keyring, openAny, seal } from '../core/sealed';
import type { SecretRepository } from '../store/ports';

export const mondayTokenSecret = z.object({
  kind: z.enum(['oauth', 'token']),
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  /** Epoch ms; absent for a personal token or a legacy OAuth token, which do not expire. */
  expiresAt: z.number().optional()
});
export type MondayTokenSecret = z.infer<typeof mondayTokenSecret>;

export const signingSecrets = z.object({
  current: z.string().min(1),
  previous: z.string().min(1).optional(),
  /** Until when (epoch ms) the previous secret is still accepted: batches signed before the rotation may be on their way. */
  previousUntil: z.number().optional()
});
export type SigningSecrets = z.infer<typeof signingSecrets>;

const kinds = {
  'monday-token': mondayTokenSecret,
  'signing-secrets': signingSecrets,
  'monday-webhook-path': z.string().min(24),
  /** The admin's Salesforce session from their last login (the package's REST resource is called as them). */
  'salesforce-session': z.object({ accessToken: z.string().min(1), instanceUrl: z.string().min(1) })
} as const;
type Kind = keyof typeof kinds;

/** A new Standard Webhooks secret: whsec_ and 32 random bytes in base64. */
export const newSigningSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

/** A new secret for a monday webhook endpoint's path. */
export const newWebhookPathSecret = (): string => randomBytes(24).toString('base64url');

export class ConnectionSecrets {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly keyring: Keyring,
    private readonly connectionId: string
  ) {}

  private purpose(kind: Kind): string {
    return `${kind}:${this.connectionId}`;
  }

  async get<K extends Kind>(kind: K): Promise<z.infer<(typeof kinds)[K]> | undefined> {
    const stored = await this.secrets.get(kind);
    if (!stored) return undefined;
    const { plain, stale } = openAny(this.keyring, stored.sealed, this.purpose(kind));
    const value = kinds[kind].parse(JSON.parse(plain)) as z.infer<(typeof kinds)[K]>;
    if (stale) await this.put(kind, value);
    return value;
  }

  /** Keeps a secret sealed; one with `expiresAt` is deleted by housekeeping once that time has passed. */
  async put<K extends Kind>(kind: K, value: z.infer<(typeof kinds)[K]>, expiresAt?: number): Promise<void> {
    await this.secrets.put(
      kind,
      { origin: this.connectionId, sealed: seal(this.keyring, JSON.stringify(value), this.purpose(kind)) },
      expiresAt
    );
  }

  async delete(kind: Kind): Promise<void> {
    await this.secrets.delete(kind);
  }

  /** The secrets the package may sign with now: the current one, and the previous one until it expires. */
  static accepted(secrets: SigningSecrets, now: number): string[] {
    return secrets.previous && (secrets.previousUntil ?? 0) > now
      ? [secrets.current, secrets.previous]
      : [secrets.current];
  }
}
