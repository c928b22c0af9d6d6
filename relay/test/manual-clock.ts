import type { Clock } from '../src/core/clock';

/** A clock a test moves by hand. */
export class ManualClock implements Clock {
  constructor(public time = Date.parse('2026-11-25T10:00:00Z')) {}
  now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}
