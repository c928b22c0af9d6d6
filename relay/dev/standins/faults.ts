import type { Response } from 'express';

/** What an answer delay is told of a request, to pick the requests it applies to. */
export interface RequestSeen {
  method: string;
  path: string;
  /** The parsed body, when the server has parsed it by then. */
  body?: unknown;
}

interface AnswerDelay {
  ms: number;
  left: number;
  matches: (request: RequestSeen) => boolean;
}

/** What a test can break on purpose in a stand-in. */
export class InjectedFaults {
  /** Processing time added to every request. */
  latencyMs = 0;
  private readonly failures: number[] = [];
  private readonly answerDelays: AnswerDelay[] = [];
  private readonly heldAnswers = new Set<NodeJS.Timeout>();

  private readonly cannedAnswers: { status: number; body: unknown; headers: Record<string, string> }[] = [];

  /**
   * The next request is answered with this, as the real service answers in a case the stand-in does not reach by
   * itself (an error shape from the service's documentation, say).
   */
  answerNext(status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.cannedAnswers.push({ status, body, headers });
  }

  /** Answers the request with a canned answer when one is waiting; true when it did. */
  applyCannedAnswer(response: Response): boolean {
    const canned = this.cannedAnswers.shift();
    if (!canned) return false;
    response.status(canned.status).set(canned.headers).json(canned.body);
    return true;
  }

  /** While set, every request answers this status (a 5xx) before doing anything: the service is down. */
  outage: number | undefined;

  /** The next `count` requests answer `status` (a 5xx) before doing anything. */
  failNext(count: number, status: number): void {
    for (let index = 0; index < count; index += 1) this.failures.push(status);
  }

  takeFailure(): number | undefined {
    return this.outage ?? this.failures.shift();
  }

  async delay(): Promise<void> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
  }

  /**
   * The next `count` requests that `matching` picks (all by default) are carried out, and their answer is sent only
   * `ms` later: the write is made (committed), the client waits, times out or dies before it hears of it. A lost
   * answer, as a slow service or a crash between a commit and its answer makes one.
   */
  delayAnswers(ms: number, options: { count?: number; matching?: (request: RequestSeen) => boolean } = {}): void {
    this.answerDelays.push({ ms, left: options.count ?? 1, matches: options.matching ?? (() => true) });
  }

  /** Holds `response`'s answer back when a delay applies to this request. */
  applyAnswerDelay(request: RequestSeen, response: Response): void {
    const delay = this.answerDelays.find((candidate) => candidate.left > 0 && candidate.matches(request));
    if (!delay) return;
    delay.left -= 1;
    const end = response.end.bind(response) as (...args: unknown[]) => Response;
    response.end = ((...args: unknown[]) => {
      const timer = setTimeout(() => {
        this.heldAnswers.delete(timer);
        if (!response.destroyed) end(...args);
      }, delay.ms);
      timer.unref();
      this.heldAnswers.add(timer);
      return response;
    }) as Response['end'];
  }

  /** Answers still held back are never sent (the stand-in is closing). */
  dropHeldAnswers(): void {
    for (const timer of this.heldAnswers) clearTimeout(timer);
    this.heldAnswers.clear();
  }
}
