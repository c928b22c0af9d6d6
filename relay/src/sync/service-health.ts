// Whether monday and Salesforce answer. An unavailable service (5xx, a timeout, a refused connection) is a failure of
// the service, not of the change that met it: the work that needs it is held, in order, without spending attempts,
// and the relay probes the service with one request at a time, at growing intervals (1 s doubling to a minute), until
// it answers; then everything held resumes. Attempts and dead letters are for changes that cannot be applied.
// The clients ask before each request (`circuit`): while a service is down, only its probe goes out, whichever part
// of the relay makes it, so an outage costs about a request a minute rather than one per change and round.
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';

export type Service = 'monday' | 'salesforce';

/** May work that needs a service run now: all of it, one job as a probe, or none. */
export type Gate = 'open' | 'probe' | 'closed';

interface Outage {
  since: number;
  /** A probe is out: no other request goes until it answers or fails. */
  probing: boolean;
  reason: string;
  /** Requests that reached nothing during this outage (probes included). */
  failures: number;
  nextProbeAt: number;
  waitMs: number;
}

/** A client's view of its service's health: may it send, and what came of what it sent. */
export interface ServiceCircuit {
  admit(): boolean;
  answered(): void;
  unavailable(reason: string): void;
}

export interface ServiceHealthPolicy {
  firstProbeMs: number;
  maxProbeMs: number;
}

const defaultPolicy: ServiceHealthPolicy = { firstProbeMs: 1_000, maxProbeMs: 60_000 };

export class ServiceHealth {
  private readonly outages = new Map<Service, Outage>();

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly policy: ServiceHealthPolicy = defaultPolicy
  ) {}

  isUp(service: Service): boolean {
    return !this.outages.has(service);
  }

  /** When the services a piece of work needs may be used: all up, open; one down and its probe due, a probe. */
  gate(...services: Service[]): Gate {
    let gate: Gate = 'open';
    for (const service of services) {
      const outage = this.outages.get(service);
      if (!outage) continue;
      if (outage.probing || this.clock.now() < outage.nextProbeAt) return 'closed';
      gate = 'probe';
    }
    return gate;
  }

  /** The service did not answer: its work is held; the next probe waits twice as long as the last (capped). */
  unavailable(service: Service, reason: string): void {
    const now = this.clock.now();
    const outage = this.outages.get(service);
    if (!outage) {
      this.outages.set(service, {
        since: now,
        probing: false,
        reason,
        failures: 1,
        nextProbeAt: now + this.policy.firstProbeMs,
        waitMs: this.policy.firstProbeMs
      });
      this.logger.warn(
        { service, reason, probeInMs: this.policy.firstProbeMs },
        `${service} is unavailable: its work is held until it answers again`
      );
      return;
    }
    // Requests that were already out when the outage was found are not probes: they say nothing new.
    if (!outage.probing) return;
    outage.probing = false;
    outage.failures += 1;
    outage.reason = reason;
    outage.waitMs = Math.min(this.policy.maxProbeMs, outage.waitMs * 2);
    outage.nextProbeAt = now + outage.waitMs;
  }

  /** The service answered: whatever was held for it resumes. */
  answered(service: Service): void {
    const outage = this.outages.get(service);
    if (!outage) return;
    this.outages.delete(service);
    this.logger.info(
      { service, downForMs: this.clock.now() - outage.since, failedRequests: outage.failures },
      `${service} answers again: the work held for it resumes`
    );
  }

  /**
   * Whether a request to the service may go out now: always while it is up; while it is down, one probe once its time
   * has come, and nothing else.
   */
  admit(service: Service): boolean {
    const outage = this.outages.get(service);
    if (!outage) return true;
    if (outage.probing || this.clock.now() < outage.nextProbeAt) return false;
    outage.probing = true;
    return true;
  }

  /** What a client of the service tells and asks (../monday/client.ts, ../salesforce/client.ts). */
  circuit(service: Service): ServiceCircuit {
    return {
      admit: () => this.admit(service),
      answered: () => {
        this.answered(service);
      },
      unavailable: (reason) => {
        this.unavailable(service, reason);
      }
    };
  }

  /** What /readyz and the metrics say of each service. */
  status(): Record<Service, { up: boolean; since?: string; reason?: string }> {
    const of = (service: Service) => {
      const outage = this.outages.get(service);
      return outage ? { up: false, since: new Date(outage.since).toISOString(), reason: outage.reason } : { up: true };
    };
    return { monday: of('monday'), salesforce: of('salesforce') };
  }
}
