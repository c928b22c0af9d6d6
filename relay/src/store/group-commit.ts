// Group commit: writes that arrive together are made durable together. Each caller is answered only once its write
// is committed (acknowledged means durable), but the writes of one moment share one transaction, so one fsync
// (synchronous=FULL) pays for all of them rather than one each: a burst of monday webhooks is stored as fast as it
// arrives instead of queueing behind the disk until monday's deliveries time out. The commit may answer a promise
// (the asynchronous store, ./ports.ts): the writes of the next moment then form the next group meanwhile. A commit
// holds at most maxItems writes: in a burst of thousands of requests read in one turn of the event loop, the first are
// committed and answered while the rest are read, rather than every request (its socket, parser, body and promise)
// waiting in memory for the last one to be read: 5,000 monday webhooks at once held the event loop for 2.4 s that way.
export const defaultMaxItemsPerCommit = 100;

export class GroupCommit<Item, Result> {
  private pending: { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;

  /** `commit` writes all the items in one transaction and answers one result per item, in order. */
  constructor(
    private readonly commit: (items: Item[]) => Result[] | Promise<Result[]>,
    private readonly maxItems = defaultMaxItemsPerCommit
  ) {}

  /** Resolves with the item's result once it is committed; rejects with what stopped the commit. */
  add(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxItems) {
        void this.flush();
        return;
      }
      if (this.scheduled) return;
      this.scheduled = true;
      // After the I/O of this turn of the event loop: every request already read joins this commit.
      setImmediate(() => {
        void this.flush();
      });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.scheduled = false;
    if (batch.length === 0) return;
    this.pending = [];
    let results: Result[];
    try {
      results = await this.commit(batch.map((entry) => entry.item));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, index) => {
      entry.resolve(results[index] as Result);
    });
  }
}
