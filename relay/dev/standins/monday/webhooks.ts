// Webhooks as monday sends them: a challenge when one is created, then `{"event": {...}}` for each matching change,
// retried on any answer but 200. https://developer.monday.com/api-reference/reference/webhooks
// "If the endpoint does not return a 200 status, monday will retry once a minute for 30 minutes."
import { randomBytes, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { columnTypeRules } from './column-values';
import { MondayApplicationError } from './errors';
import type { Clock } from '../../../src/core/clock';
import type { BoardEvent } from './operations';
import type { MondayItem, MondayState, MondayWebhook } from './state';

export interface WebhookHttpResponse {
  status: number;
  body: unknown;
}

/** Sends one POST with a JSON body; injected so tests can observe or fail deliveries. */
export type WebhookPoster = (
  url: string,
  body: unknown,
  headers: Record<string, string>
) => Promise<WebhookHttpResponse>;

export interface WebhookSettings {
  /** Time between two attempts of one delivery (monday: one minute; compress it in tests). */
  retryIntervalMs: number;
  /** Attempts in all: the first and the retries (monday: 30 minutes of one a minute). */
  maxAttempts: number;
  /** When set, deliveries carry an HS256 JWT in `Authorization`, as monday does for apps with a signing secret. */
  signingSecret?: string;
}

export interface DeliveryRecord {
  webhookId: string;
  url: string;
  payload: { event: Record<string, unknown> };
  attempts: number;
  delivered: boolean;
  lastStatus: number | null;
}

const eventTypes: Record<BoardEvent['kind'], string> = {
  create_item: 'create_pulse',
  change_column_value: 'update_column_value',
  change_name: 'update_name',
  item_archived: 'archive_pulse',
  item_deleted: 'delete_pulse'
};

export const defaultPoster: WebhookPoster = async (url, body, headers) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000)
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: kept as text.
  }
  return { status: response.status, body: parsed };
};

export class WebhookDispatcher {
  readonly deliveries: DeliveryRecord[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly waiting = new Map<NodeJS.Timeout, () => void>();
  private stopped = false;

  constructor(
    private readonly state: MondayState,
    private readonly clock: Clock,
    private readonly poster: WebhookPoster,
    readonly settings: WebhookSettings
  ) {}

  private authorization(url: string): Record<string, string> {
    if (!this.settings.signingSecret) return {};
    // The claims monday documents for an app's requests (https://developer.monday.com/apps/docs/authorization-header).
    const now = Math.floor(this.clock.now() / 1000);
    const token = jwt.sign(
      { accountId: 1, userId: 1, shortLivedToken: 'standin-short-lived-token', iat: now, exp: now + 300 },
      this.settings.signingSecret,
      { algorithm: 'HS256', audience: url }
    );
    return { authorization: token };
  }

  /** create_webhook: the URL must echo the challenge, or no webhook is created. */
  async register(input: { boardId: string; url: string; event: string; config: unknown }): Promise<MondayWebhook> {
    const challenge = randomBytes(24).toString('base64url');
    let answer: WebhookHttpResponse | undefined;
    try {
      answer = await this.poster(input.url, { challenge }, this.authorization(input.url));
    } catch {
      answer = undefined;
    }
    const echoed =
      answer?.status === 200 &&
      typeof answer.body === 'object' &&
      answer.body !== null &&
      (answer.body as Record<string, unknown>).challenge === challenge;
    if (!echoed) {
      throw new MondayApplicationError(
        'Webhook URL verification failed: the endpoint must answer the challenge',
        'WebhookUrlVerificationFailed',
        { url: input.url }
      );
    }
    let config: Record<string, unknown> | null = null;
    if (typeof input.config === 'string') config = JSON.parse(input.config) as Record<string, unknown>;
    else if (typeof input.config === 'object' && input.config !== null)
      config = input.config as Record<string, unknown>;
    const webhook: MondayWebhook = {
      id: this.state.nextId(),
      boardId: input.boardId,
      url: input.url,
      event: input.event,
      config
    };
    this.state.webhooks.set(webhook.id, webhook);
    return webhook;
  }

  private subscribed(webhook: MondayWebhook, event: BoardEvent): boolean {
    if (webhook.boardId !== event.item.boardId) return false;
    if (webhook.event === 'change_specific_column_value') {
      return event.kind === 'change_column_value' && webhook.config?.columnId === event.column.id;
    }
    return webhook.event === event.kind;
  }

  private payload(webhook: MondayWebhook, event: BoardEvent): { event: Record<string, unknown> } {
    const item: MondayItem = event.item;
    const board = this.state.boards.get(item.boardId);
    const group = board?.groups.find((candidate) => candidate.id === item.groupId);
    const common = {
      app: 'monday',
      type: eventTypes[event.kind],
      triggerTime: new Date(this.clock.now()).toISOString(),
      subscriptionId: Number(webhook.id),
      triggerUuid: randomUUID().replaceAll('-', ''),
      originalTriggerUuid: null,
      userId: Number(event.actorId),
      boardId: Number(item.boardId)
    };
    const findUser = (id: string) => this.state.users.get(id);
    switch (event.kind) {
      case 'create_item':
        return {
          event: {
            ...common,
            pulseId: Number(item.id),
            pulseName: item.name,
            groupId: item.groupId,
            groupName: group?.title,
            groupColor: group?.color,
            isTopGroup: board?.groups[0]?.id === item.groupId,
            columnValues: {}
          }
        };
      case 'change_column_value': {
        const rules = columnTypeRules[event.column.type];
        const context = { column: event.column, findUser };
        return {
          event: {
            ...common,
            groupId: item.groupId,
            pulseId: Number(item.id),
            pulseName: item.name,
            columnId: event.column.id,
            columnType: event.column.type === 'status' ? 'color' : event.column.type,
            columnTitle: event.column.title,
            value: event.value === null ? null : rules.webhookValue(event.value, context),
            previousValue: event.previousValue === null ? null : rules.webhookValue(event.previousValue, context),
            changedAt: this.clock.now() / 1000,
            isTopGroup: board?.groups[0]?.id === item.groupId
          }
        };
      }
      case 'change_name':
        return {
          event: {
            ...common,
            groupId: item.groupId,
            pulseId: Number(item.id),
            value: { name: event.name },
            previousValue: { name: event.previousName }
          }
        };
      case 'item_archived':
      case 'item_deleted':
        return { event: { ...common, itemId: Number(item.id), itemName: item.name } };
    }
  }

  /** Queues a delivery to every webhook subscribed to the event. */
  dispatch(event: BoardEvent): void {
    for (const webhook of this.state.webhooks.values()) {
      if (!this.subscribed(webhook, event)) continue;
      const record: DeliveryRecord = {
        webhookId: webhook.id,
        url: webhook.url,
        payload: this.payload(webhook, event),
        attempts: 0,
        delivered: false,
        lastStatus: null
      };
      this.deliveries.push(record);
      this.track(this.attempt(record));
    }
  }

  private track(delivery: Promise<void>): void {
    this.pending.add(delivery);
    void delivery.finally(() => this.pending.delete(delivery));
  }

  private async attempt(record: DeliveryRecord): Promise<void> {
    record.attempts += 1;
    try {
      const answer = await this.poster(record.url, record.payload, this.authorization(record.url));
      record.lastStatus = answer.status;
      record.delivered = answer.status === 200;
    } catch {
      record.lastStatus = null;
    }
    if (record.delivered || record.attempts >= this.settings.maxAttempts) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(timer);
        resolve();
      }, this.settings.retryIntervalMs);
      this.waiting.set(timer, resolve);
    });
    // A webhook deleted meanwhile is not retried, nor is anything once the stand-in is closed.
    if (this.stopped || !this.state.webhooks.has(record.webhookId)) return;
    await this.attempt(record);
  }

  /** Resolves when no delivery is in flight or waiting for a retry. */
  async whenIdle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Stops retries (on close). */
  stop(): void {
    this.stopped = true;
    for (const [timer, resolve] of this.waiting) {
      clearTimeout(timer);
      resolve();
    }
    this.waiting.clear();
  }
}
