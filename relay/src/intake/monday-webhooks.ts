// monday → relay: webhook deliveries (SPEC data flow 2). The endpoint's URL carries a secret, compared in constant
// time; when the monday app signs its requests, the JWT in Authorization is checked too (HS256 only, audience = this
// endpoint's URL, not expired). The challenge of a new webhook is echoed. An event is stored, deduplicated on its
// triggerUuid (monday retries once a minute for 30 minutes), before monday hears 200.
import { salesforceColumnId } from '../monday/salesforce-column';
import { timingSafeEqual } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { Clock } from '../core/clock';
import { InvalidBodyError, RelayError, SignatureError } from '../core/errors';
import type { Logger } from '../core/logger';
import { GroupCommit } from '../store/group-commit';
import { type Store, dedupKeys, dedupRetentionMs } from '../store/ports';
import { StoreWrites } from '../store/store-errors';
import { checkJsonShape } from './json-shape';

export const mondayEventsQueue = 'monday-item-changes';

/** A wrong URL secret is answered like an endpoint that does not exist. */
export class UnknownWebhookError extends RelayError {
  readonly code = 'NOT_FOUND';
  readonly httpStatus = 404;
}

const eventSchema = z
  .object({
    type: z.enum(['create_pulse', 'update_column_value', 'update_name', 'delete_pulse', 'archive_pulse']),
    triggerUuid: z.string().min(1).max(128),
    subscriptionId: z.number(),
    boardId: z.number(),
    pulseId: z.number().optional(),
    itemId: z.number().optional(),
    userId: z.number(),
    triggerTime: z.string(),
    columnId: z.string().optional(),
    value: z.unknown().optional(),
    previousValue: z.unknown().optional()
  })
  .loose()
  .refine((event) => event.pulseId !== undefined || event.itemId !== undefined, { message: 'an event names its item' });

const deliverySchema = z.union([z.object({ challenge: z.string().min(1) }), z.object({ event: eventSchema })]);

export type MondayEvent = z.infer<typeof eventSchema>;

export interface MondayWebhookSettings {
  /** The secret part of the endpoint's path: /v1/monday/webhooks/<secret>. */
  pathSecret: string;
  /** The monday app's signing secret; when set, every delivery must carry a valid JWT. */
  signingSecret?: string;
  /** The endpoint's public URL, the JWT's expected audience. */
  publicUrl: string;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class MondayWebhookIntake {
  private unsignedReported = false;
  constructor(
    private readonly store: Store,
    private readonly settings: MondayWebhookSettings,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly writes = new StoreWrites()
  ) {}

  /** The events of one moment, stored in one transaction (../store/group-commit.ts). */
  private readonly commits = new GroupCommit<MondayEvent, boolean>((events) =>
    this.writes.runAsync('the store', () =>
      this.store.transaction(async () => {
        const stored: boolean[] = [];
        for (const event of events) stored.push(await this.queue(event));
        return stored;
      })
    )
  );

  /** Whether a delivery's path secret is this endpoint's. */
  ownsPath(pathSecret: string): boolean {
    return sameSecret(pathSecret, this.settings.pathSecret);
  }

  /** Checks a delivery and, for an event, stores it durably before answering; refusals throw. */
  async accept(
    pathSecret: string,
    authorization: string | undefined,
    body: unknown
  ): Promise<{ status: 200; body: Record<string, unknown> }> {
    if (!sameSecret(pathSecret, this.settings.pathSecret)) throw new UnknownWebhookError('No such endpoint');
    checkJsonShape(body);
    const delivery = deliverySchema.safeParse(body);
    if (!delivery.success)
      throw new InvalidBodyError(
        `The body is not a monday webhook delivery: ${delivery.error.issues[0]?.message ?? 'invalid'}`
      );
    // The challenge is answered as it comes: monday documents the JWT for the events an app receives, not for the
    // handshake, and echoing the challenge gives away nothing the path secret did not already prove.
    if ('challenge' in delivery.data) return { status: 200, body: { challenge: delivery.data.challenge } };
    if (this.settings.signingSecret) this.verifyToken(authorization, this.settings.signingSecret);

    const { event } = delivery.data;
    const itemId = String(event.pulseId ?? event.itemId);
    const stored = await this.commits.add(event);
    this.logger.info({ type: event.type, boardId: event.boardId, itemId, duplicate: !stored }, 'monday event received');
    return { status: 200, body: { received: true, duplicate: !stored } };
  }

  /** Queues the event for the worker, once per triggerUuid; answers whether it was new. */
  async queue(event: MondayEvent): Promise<boolean> {
    const itemId = String(event.pulseId ?? event.itemId);
    // The Salesforce column is the relay's own (it links the item to its record): its changes, the echo of the
    // relay's own writes for the most part, are not the board's and are not queued (the key alone is remembered).
    const own = event.type === 'update_column_value' && event.columnId === salesforceColumnId;
    return this.store.jobs.enqueueOnce(
      dedupKeys.mondayEvent(event.triggerUuid),
      own ? [] : [{ queue: mondayEventsQueue, orderingKey: `monday:${event.boardId}:${itemId}`, payload: event }],
      dedupRetentionMs.mondayEvent
    );
  }

  /**
   * The app's JWT, checked as monday asks (https://developer.monday.com/apps/docs/authorization-header): signed with
   * the signing secret (HS256 only), `aud` this endpoint's URL, `exp` present and not passed. The reasons given back
   * never repeat the expected audience: it holds the path secret.
   */
  private verifyToken(authorization: string | undefined, secret: string): void {
    const token = authorization?.replace(/^Bearer\s+/i, '');
    if (!token) {
      // monday signs only an app's webhooks ("You will not receive the authorization header if your app uses a
      // personal token", https://developer.monday.com/api-reference/changelog/webhooks-improvements): with a
      // personal token and a signing secret set, every event would be refused. Said loudly, once.
      if (!this.unsignedReported) {
        this.unsignedReported = true;
        this.logger.error(
          'a monday event came without a token while MONDAY_SIGNING_SECRET is set: monday signs the webhooks of an app only; with a personal API token, unset MONDAY_SIGNING_SECRET'
        );
      }
      throw new SignatureError(
        'The delivery is not signed (Authorization is missing); monday signs the webhooks of an app only'
      );
    }
    let payload: string | jwt.JwtPayload;
    try {
      payload = jwt.verify(token, secret, {
        algorithms: ['HS256'],
        audience: this.settings.publicUrl,
        clockTimestamp: Math.floor(this.clock.now() / 1000)
      });
    } catch (error) {
      throw new SignatureError(`The delivery's token is not valid: ${tokenRefusal(error)}`);
    }
    if (typeof payload === 'string' || typeof payload.exp !== 'number')
      throw new SignatureError("The delivery's token is not valid: it has no expiry (exp)");
  }
}

/** Why a token was refused, in words that repeat nothing of what was expected. */
function tokenRefusal(error: unknown): string {
  if (error instanceof jwt.TokenExpiredError) return 'it has expired';
  if (error instanceof jwt.NotBeforeError) return 'it is not valid yet';
  const message = error instanceof Error ? error.message : '';
  if (message.startsWith('jwt audience invalid')) return 'it is for another endpoint (aud)';
  if (message.includes('signature')) return 'its signature does not match the signing secret';
  if (message.includes('algorithm')) return 'it is not signed with HS256';
  return 'it cannot be read';
}
