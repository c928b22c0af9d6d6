// One PostgreSQL database and its pool of connections (node-postgres), shared by every connection's view of the
// store. A statement runs on the transaction the caller is in (./../transactions.ts), or on any pooled connection.
import { type CustomTypesConfig, Pool, type PoolClient, type QueryResult, type QueryResultRow, types } from 'pg';
import { postgresFailure } from '../store-errors';
import { TransactionScopes } from '../transactions';

type TypeId = Parameters<typeof types.getTypeParser>[0];

/**
 * bigint columns (ids, epoch milliseconds, fencing tokens) as numbers rather than node-postgres's strings: they stay
 * far below 2^53.
 */
const typeParsers: CustomTypesConfig = {
  getTypeParser: ((oid: TypeId, format: 'text' | 'binary' = 'text') => {
    if (oid === types.builtins.INT8 && format === 'text') return (value: string) => Number(value);
    const builtIn: unknown = types.getTypeParser(oid, format);
    return builtIn;
  }) as typeof types.getTypeParser
};

export interface PostgresPoolSettings {
  databaseUrl: string;
  /** Connections per relay: a transaction holds one for its duration. */
  poolSize?: number;
  /** An idle pooled connection broke (a server restart): the pool drops it and opens another when needed. */
  onIdleError?: (error: Error) => void;
}

export class PostgresEngine {
  readonly transactions: TransactionScopes<PoolClient>;

  constructor(
    readonly pool: Pool,
    /** Where the database is, for messages (never the credentials). */
    readonly target: string
  ) {
    this.transactions = new TransactionScopes<PoolClient>({
      begin: async () => {
        let client: PoolClient | undefined;
        try {
          client = await pool.connect();
          await client.query('BEGIN');
          return client;
        } catch (error) {
          client?.release(true);
          throw postgresFailure(error, target);
        }
      },
      end: async (client, commit) => {
        let failure: unknown;
        try {
          await client.query(commit ? 'COMMIT' : 'ROLLBACK');
        } catch (error) {
          failure = error;
        }
        // A connection whose COMMIT or ROLLBACK failed is in an unknown state: closed rather than reused.
        client.release(failure !== undefined);
        if (failure !== undefined) throw postgresFailure(failure, target);
      },
      execute: async (client, sql) => {
        try {
          await client.query(sql);
        } catch (error) {
          throw postgresFailure(error, target);
        }
      }
    });
  }

  static pool(settings: PostgresPoolSettings): Pool {
    const pool = new Pool({
      connectionString: settings.databaseUrl,
      max: settings.poolSize ?? 10,
      application_name: 'monday-salesforce-relay',
      types: typeParsers
    });
    // Without a listener, an idle connection's error would end the process.
    pool.on('error', (error) => {
      settings.onIdleError?.(error);
    });
    return pool;
  }

  /** Runs a statement in the caller's transaction, if any. */
  async query<Row extends QueryResultRow>(text: string, values: unknown[] = []): Promise<QueryResult<Row>> {
    try {
      return await (this.transactions.current() ?? this.pool).query<Row>(text, values);
    } catch (error) {
      throw postgresFailure(error, this.target);
    }
  }

  /** Runs a statement on a connection of its own, outside any transaction: seen by other relays at once. */
  async queryAlone<Row extends QueryResultRow>(text: string, values: unknown[] = []): Promise<QueryResult<Row>> {
    try {
      return await this.pool.query<Row>(text, values);
    } catch (error) {
      throw postgresFailure(error, this.target);
    }
  }

  /** Runs statements as one: in the caller's transaction (a savepoint), or in a new one. */
  atomic<T>(work: () => Promise<T>): Promise<T> {
    return this.transactions.run(work);
  }
}
