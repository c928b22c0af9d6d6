// The connect flow's OAuth `state`s: each one random, kept sealed in the store (any relay sharing it may get the
// callback) under a hash of itself, with the PKCE verifier and what the flow was doing; taken once (a reused state is
// unknown), and good for 15 minutes.
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../core/clock';
import { type Keyring, openAny, seal } from '../core/sealed';
import type { SecretRepository } from '../store/ports';
import { ConnectStateError } from './authorization-errors';
import { challengeOf, newState, newVerifier } from './pkce';

const lifetimeMs = 15 * 60_000;

export const flowState = z.object({
  /** salesforce: connect or reconnect; login: an admin's session for a connection page; monday: monday's OAuth. */
  step: z.enum(['salesforce', 'login', 'monday']),
  verifier: z.string(),
  lang: z.enum(['en', 'fr']),
  loginUrl: z.string().optional(),
  sandbox: z.boolean().optional(),
  connectionId: z.string().optional(),
  /** Where a login goes once done (a connection page). */
  next: z.string().optional(),
  /** A hash of the nonce in the browser's flow cookie: the callback must come back to the browser that began. */
  browser: z.string(),
  expiresAt: z.number()
});
export type FlowState = z.infer<typeof flowState>;

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
const nameOf = (state: string): string => `oauth-state:${sha256(state)}`;

export class ConnectStates {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly keyring: Keyring,
    private readonly clock: Clock
  ) {}

  /**
   * A new state for a flow begun in the browser holding `browser` (its flow cookie's nonce): answers the state and the
   * PKCE challenge to send.
   */
  async begin(
    flow: Omit<FlowState, 'verifier' | 'expiresAt' | 'browser'>,
    browser: string
  ): Promise<{ state: string; challenge: string }> {
    const state = newState();
    const verifier = newVerifier();
    const kept: FlowState = { ...flow, browser: sha256(browser), verifier, expiresAt: this.clock.now() + lifetimeMs };
    await this.secrets.put(
      nameOf(state),
      { origin: 'connect', sealed: seal(this.keyring, JSON.stringify(kept), 'oauth-state') },
      kept.expiresAt
    );
    return { state, challenge: challengeOf(verifier) };
  }

  /**
   * The flow a callback's state belongs to, taken (a second callback with it is refused). The callback must come to the
   * browser that began the flow: a callback URL sent to another browser (to connect the sender's org in an admin's
   * session, a login CSRF) is refused.
   */
  async take(
    state: unknown,
    step: FlowState['step'] | FlowState['step'][],
    browser: string | undefined
  ): Promise<FlowState> {
    if (typeof state !== 'string' || state.length < 16 || state.length > 200)
      throw new ConnectStateError('The authorization came back without a valid state: start again');
    const stored = await this.secrets.take(nameOf(state));
    if (!stored) throw new ConnectStateError('This authorization was already used or never started here: start again');
    const flow = flowState.parse(JSON.parse(openAny(this.keyring, stored.sealed, 'oauth-state').plain));
    const steps = Array.isArray(step) ? step : [step];
    if (!steps.includes(flow.step))
      throw new ConnectStateError('This authorization belongs to another step: start again');
    if (flow.expiresAt <= this.clock.now())
      throw new ConnectStateError('This authorization took too long: start again');
    const given = Buffer.from(sha256(browser ?? ''));
    const began = Buffer.from(flow.browser);
    if (!browser || given.length !== began.length || !timingSafeEqual(given, began))
      throw new ConnectStateError('This authorization was started in another browser: start again from this one');
    return flow;
  }
}
