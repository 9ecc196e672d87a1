/**
 * A subgraph's runtime access to its own database: a pg pool with typed rows, transactions with
 * retry on serialization failures, and a query counter (exposed in /metrics, used by tests to prove
 * a query costs a constant number of round trips). Migrations use TypeORM (see migrate.ts).
 */
import { createHash } from 'node:crypto';
import { Client, Pool, type PoolClient, type QueryConfig, type QueryResultRow } from 'pg';
import { Counter } from 'prom-client';
import { registry } from './metrics';

export interface Sql {
  query<T extends QueryResultRow = QueryResultRow>(text: string, params?: unknown[]): Promise<{ rows: T[]; rowCount: number }>;
}

const queryCounter = new Counter({
  name: 'subgraph_db_queries_total',
  help: 'SQL statements sent to this subgraph\'s database',
  labelNames: ['subgraph'],
  registers: [registry],
});

const RETRYABLE = new Set(['40001', '40P01']);

/**
 * The SQL statements of one GraphQL request: its context's Database is a view counting into it
 * (Database.forRequest), and the answer carries the count in `extensions.sqlStatements`, so a test
 * can read the exact cost of one request, whatever else the process is doing.
 */
export interface StatementTally {
  statements: number;
}

/**
 * Texts sent as named prepared statements, by text. PostgreSQL then parses and plans a statement
 * once per connection instead of on every call, which was a large part of its CPU for the
 * single-row lookups of Bootstrap. Only parameterized texts (the simple protocol, used without
 * parameters, allows several statements in one text, a prepared statement does not), and at most
 * MAX_PREPARED distinct texts per process, so generated SQL cannot fill every connection's memory.
 * Safe because migrations run before a subgraph serves: a prepared statement does not survive a
 * change of the tables it reads. Not for a transaction-pooling proxy (PgBouncer) in between.
 */
const MAX_PREPARED = 500;
const preparedNames = new Map<string, string>();

export function statementConfig(text: string, params: unknown[]): QueryConfig<unknown[]> {
  if (params.length === 0) return { text, values: params };
  let name = preparedNames.get(text);
  if (!name && preparedNames.size < MAX_PREPARED) {
    name = `s_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    preparedNames.set(text, name);
  }
  return name ? { name, text, values: params } : { text, values: params };
}

function counted(counter: { inc(): void }, tally: StatementTally | undefined): void {
  counter.inc();
  if (tally) tally.statements++;
}

export class Database implements Sql {
  readonly pool: Pool;
  readonly databaseName: string;
  private readonly counter;
  /** Set on a request's view only (forRequest). */
  private readonly tally?: StatementTally;

  constructor(private readonly url: string, readonly subgraph: string, poolSize = 10) {
    this.pool = new Pool({ connectionString: url, max: poolSize });
    this.pool.on('error', () => undefined); // idle client errors surface on the next query instead
    this.databaseName = new URL(url).pathname.replace(/^\//, '');
    this.counter = queryCounter.labels(subgraph);
  }

  /**
   * This database as one request uses it: the same pool, each statement also counted in `tally`.
   * A view passed in the request's context, not AsyncLocalStorage: on Node 20 its promise hooks
   * cost every promise of the process.
   */
  forRequest(tally: StatementTally): Database {
    return Object.create(this, { tally: { value: tally } }) as Database;
  }

  async query<T extends QueryResultRow = QueryResultRow>(text: string, params: unknown[] = []) {
    counted(this.counter, this.tally);
    const result = await this.pool.query<T>(statementConfig(text, params));
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  }

  /** Runs fn in one transaction; retries a few times on serialization failure or deadlock. */
  async transaction<T>(fn: (tx: Sql) => Promise<T>, isolation: 'READ COMMITTED' | 'SERIALIZABLE' = 'READ COMMITTED'): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      try {
        await this.run(client, `BEGIN ISOLATION LEVEL ${isolation}`);
        const result = await fn(this.wrap(client));
        await this.run(client, 'COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        const code = (error as { code?: string }).code;
        if (code && RETRYABLE.has(code) && attempt < 5) continue;
        throw error;
      } finally {
        client.release();
      }
    }
  }

  /** A connection of its own, outside the pool, for a session that must stay open (LISTEN); not counted as statements of a request. */
  dedicatedClient(applicationName: string): Client {
    return new Client({ connectionString: this.url, application_name: applicationName, keepAlive: true });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async run(client: PoolClient, text: string) {
    counted(this.counter, this.tally);
    await client.query(text);
  }

  private wrap(client: PoolClient): Sql {
    return {
      query: async <T extends QueryResultRow>(text: string, params: unknown[] = []) => {
        counted(this.counter, this.tally);
        const result = await client.query<T>(statementConfig(text, params));
        return { rows: result.rows, rowCount: result.rowCount ?? 0 };
      },
    };
  }
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
