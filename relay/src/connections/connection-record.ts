// A connection as the relay keeps it (the store's `connections`): which org, which monday account, its state. No
// secret is in it: the tokens and the signing secrets are sealed apart (./connection-secrets.ts).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

export const connectionIdPattern = /^c_[A-Za-z0-9_-]{8,60}$/;

export const connectionRecord = z.object({
  id: z.string().regex(connectionIdPattern),
  createdAt: z.number(),
  /** connecting: Salesforce authorized, monday not yet; active: both, the package configured; disconnected: by an admin. */
  state: z.enum(['connecting', 'active', 'disconnected']),
  salesforce: z.object({
    loginUrl: z.string(),
    instanceUrl: z.string(),
    /** From the identity URL: a sandbox refreshed since has another one, and is asked about, never mixed in. */
    orgId: z.string(),
    userId: z.string(),
    username: z.string(),
    sandbox: z.boolean(),
    authorizedAt: z.number()
  }),
  monday: z
    .object({
      kind: z.enum(['oauth', 'token']),
      accountId: z.string(),
      accountName: z.string(),
      userId: z.string(),
      authorizedAt: z.number()
    })
    .optional(),
  /** When the package last took the relay's URL and signing secret (its REST resource answered). */
  packageConfiguredAt: z.number().optional(),
  /** Whether the package's named credential points at this relay (the one setup step the package cannot do). */
  namedCredentialMatches: z.boolean().optional(),
  disconnectedAt: z.number().optional(),
  /** Seconds between two polls of the custom objects, set on the connection's page (else the relay's default). */
  customObjectPollSeconds: z.number().int().min(2).max(3600).optional()
});

export type ConnectionRecord = z.infer<typeof connectionRecord>;

export const newConnectionId = (): string => `c_${randomBytes(12).toString('base64url')}`;

/** A record read back from the store; one that does not parse is an error of this relay's, not of the caller. */
export function parseConnectionRecord(json: string): ConnectionRecord {
  return connectionRecord.parse(JSON.parse(json));
}
