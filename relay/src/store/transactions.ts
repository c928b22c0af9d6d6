// Transactions that follow the call chain: while `work` runs in Store.transaction, every store call made from it
// (however deep, through the store or the view it was handed) finds the transaction's connection here, so the sync
// code does not have to pass a transaction object through every function it calls. AsyncLocalStorage carries the
// scope across awaits; a scope is closed when its transaction ends, so a promise left running past the end never
// writes into a transaction that is no longer its own. A transaction inside another is a savepoint.
//
// Calls inside one transaction run one after the other (await each): savepoints, and SQLite's single connection,
// cannot interleave.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface TransactionDriver<Connection> {
  /** Opens a transaction on a connection of its own (waiting for it if needed). */
  begin(): Promise<Connection>;
  /** Commits or rolls back, and gives the connection back, whatever happens. */
  end(connection: Connection, commit: boolean): Promise<void>;
  /** Runs a statement without parameters on the transaction's connection (savepoints). */
  execute(connection: Connection, sql: string): Promise<void>;
}

interface Scope<Connection> {
  connection: Connection;
  savepoints: number;
  open: boolean;
}

export class TransactionScopes<Connection> {
  private readonly scopes = new AsyncLocalStorage<Scope<Connection>>();

  constructor(private readonly driver: TransactionDriver<Connection>) {}

  /** The connection of the transaction the caller runs in, if any. */
  current(): Connection | undefined {
    const scope = this.scopes.getStore();
    return scope?.open ? scope.connection : undefined;
  }

  /** Runs `work` in a transaction: the caller's, as a savepoint, or a new one. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const outer = this.scopes.getStore();
    if (outer?.open) return this.savepoint(outer, work);
    const connection = await this.driver.begin();
    const scope: Scope<Connection> = { connection, savepoints: 0, open: true };
    let result: T;
    try {
      result = await this.scopes.run(scope, work);
    } catch (error) {
      scope.open = false;
      // What made the work fail is the error to report, not a rollback that failed after it (a lost connection
      // rolls back by itself).
      await this.driver.end(connection, false).catch(() => undefined);
      throw error;
    }
    scope.open = false;
    await this.driver.end(connection, true);
    return result;
  }

  private async savepoint<T>(scope: Scope<Connection>, work: () => Promise<T>): Promise<T> {
    scope.savepoints += 1;
    const name = `savepoint_${scope.savepoints}`;
    await this.driver.execute(scope.connection, `SAVEPOINT ${name}`);
    try {
      const result = await work();
      await this.driver.execute(scope.connection, `RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await this.driver.execute(scope.connection, `ROLLBACK TO SAVEPOINT ${name}`);
      await this.driver.execute(scope.connection, `RELEASE SAVEPOINT ${name}`);
      throw error;
    }
  }
}

/** Hands a resource to one holder at a time, in the order they asked. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  private held = false;

  get locked(): boolean {
    return this.held;
  }

  /** Waits for the resource; answers the function that gives it back. */
  async acquire(): Promise<() => void> {
    const previous = this.tail;
    let release: () => void = () => undefined;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.held = true;
    return () => {
      this.held = false;
      release();
    };
  }
}
