/** What a test can break on purpose in a stand-in. */
export class InjectedFaults {
  /** Processing time added to every request. */
  latencyMs = 0;
  private readonly failures: number[] = [];

  /** The next `count` requests answer `status` (a 5xx) before doing anything. */
  failNext(count: number, status: number): void {
    for (let index = 0; index < count; index += 1) this.failures.push(status);
  }

  takeFailure(): number | undefined {
    return this.failures.shift();
  }

  async delay(): Promise<void> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
  }
}
