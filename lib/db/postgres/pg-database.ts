import pg, { type CustomTypesConfig, type PoolClient, type QueryResultRow } from 'pg';
import { migratePostgres } from './migrations';

/**
 * BIGINT (milliseconds, sequence numbers, ids, CRC-32s) as a JavaScript number, as
 * SQLite returns it: every value Concord stores is far below 2^53. pg returns text otherwise.
 */
export const PG_TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};

/** `host:port/database` of a connection URL: what messages name, never the password. */
export function describeServer(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return '(an unreadable DATABASE_URL)';
  }
}

/** What runs on one pooled connection inside a transaction. */
export type InTransaction<T> = (client: PoolClient) => Promise<T>;

/**
 * One pool of connections to a PostgreSQL database, shared by every Pg store of a
 * process, with the schema brought up to date before the first query (lazily, so that
 * opening the stores stays synchronous, as `getStores()` is).
 */
export class PgDatabase {
  readonly pool: pg.Pool;
  private migrating: Promise<void> | null = null;
  private ended = false;

  constructor(
    readonly url: string,
    poolSize: number,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: poolSize, types: PG_TYPES });
    // An idle connection the server dropped (a restart): the pool discards it and the next
    // query opens another; without a listener the error would end the process.
    this.pool.on('error', () => {});
  }

  /** Whether `close()` was called: every later query fails (the group commit asks). */
  get closed(): boolean {
    return this.ended;
  }

  /**
   * Resolves once the schema is migrated (the first call migrates); rejects, naming the
   * server, when it cannot be reached. A failure is not kept: the next call tries again.
   */
  ready(): Promise<void> {
    this.migrating ??= migratePostgres(this.pool).then(
      () => undefined,
      (error: unknown) => {
        this.migrating = null;
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`PostgreSQL at ${describeServer(this.url)}: ${reason}`, { cause: error });
      },
    );
    return this.migrating;
  }

  /** The rows of one statement, on any pooled connection. */
  async query<R extends QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    await this.ready();
    return (await this.pool.query<R>(text, values)).rows;
  }

  /**
   * Runs `work` in one transaction on one pooled connection: committed when it resolves,
   * rolled back when it throws. `begin` names the isolation level where it matters.
   */
  async transaction<T>(work: InTransaction<T>, begin = 'BEGIN'): Promise<T> {
    await this.ready();
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query(begin);
      try {
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      }
    } finally {
      // A connection that could not even roll back is not given to the next transaction.
      client.release(broken);
    }
  }

  /** Ends the pool once its connections are idle. */
  async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.pool.end();
  }
}

/**
 * Rows with the rows that belong to them (a procedure's breaks, a thread's comments), the
 * children read in one query for all parents: `childrenSql` selects them by `= ANY($1)` of
 * the parents' ids, in order.
 */
export async function withChildren<P extends { id: number }, C, R>(
  db: PgDatabase,
  parents: readonly P[],
  childrenSql: string,
  parentOf: (child: C) => number,
  build: (parent: P, children: C[]) => R,
): Promise<R[]> {
  if (parents.length === 0) return [];
  const children = await db.query<C & QueryResultRow>(childrenSql, [
    parents.map((parent) => parent.id),
  ]);
  return parents.map((parent) =>
    build(
      parent,
      children.filter((child) => parentOf(child) === parent.id),
    ),
  );
}
