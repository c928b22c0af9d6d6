// The store's cleaning, on a schedule: finished jobs deleted once they are old enough to be of no more use to a
// person reading the store, deduplication keys deleted once expired. Without it both grow for ever (a relay writes a
// job per change). Dead letters stay until someone retries or drops them. Idempotent, so every relay sharing a
// PostgreSQL store may run it.
import type { Clock } from '../core/clock';
import type { Store } from './ports';

export interface HousekeepingSettings {
  /** How long a finished job is kept (7 days by default). */
  keepFinishedMs?: number;
  /** Time between two cleanings (1 hour by default). */
  everyMs?: number;
}

export interface HousekeepingLog {
  warn(details: Record<string, unknown>, message: string): void;
}

export class StoreHousekeeping {
  private timer: NodeJS.Timeout | undefined;
  private readonly keepFinishedMs: number;
  private readonly everyMs: number;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly log: HousekeepingLog,
    settings: HousekeepingSettings = {}
  ) {
    this.keepFinishedMs = settings.keepFinishedMs ?? 7 * 24 * 60 * 60_000;
    this.everyMs = settings.everyMs ?? 60 * 60_000;
  }

  /** One cleaning; answers how many jobs and keys it deleted. */
  async runOnce(): Promise<{ jobs: number; keys: number; secrets: number }> {
    const now = this.clock.now();
    const jobs = await this.store.jobs.purgeFinished(now - this.keepFinishedMs);
    const keys = await this.store.dedup.purgeExpired(now);
    // OAuth states never called back (an admin who closed the tab): a state is good for 15 minutes.
    const secrets = await this.store.secrets.purgeExpired(now);
    return { jobs, keys, secrets };
  }

  /** Cleans now and then every `everyMs`, until stopped; a failed cleaning is logged and tried at the next. */
  start(): void {
    const tick = (): void => {
      this.runOnce()
        .catch((error: unknown) => {
          this.log.warn({ err: error }, 'the store could not be cleaned; tried again later');
        })
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(tick, this.everyMs).unref();
        });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
