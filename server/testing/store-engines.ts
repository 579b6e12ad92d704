import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { openPostgresStores } from '@/lib/db/postgres/open-postgres-stores';
import { PG_TYPES } from '@/lib/db/postgres/pg-database';
import { openSqliteStores, type Stores } from '@/lib/db/stores';
import { tempDatabasePath } from '@/lib/testing/temp-database';
import { createTestDatabase, POSTGRES_SKIPPED } from './postgres';

/**
 * A connection beside the stores, as someone with the database would hold it: SQL with `?`
 * placeholders (numbered for PostgreSQL), to change rows behind Concord's back.
 */
export interface RawConnection {
  all(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** One database engine the store contract tests run against. */
export interface StoreEngine {
  name: 'sqlite' | 'postgres';
  /** Why this engine's tests are skipped (node:test's `skip`), or false. */
  skip: string | false;
  /**
   * Stores on this test file's database. Each call opens its own connection (a pool, for
   * PostgreSQL), as another process would.
   */
  open(): Stores;
  raw(): Promise<RawConnection>;
}

function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

const skipped = (name: StoreEngine['name'], reason: string): StoreEngine => ({
  name,
  skip: reason,
  open: () => {
    throw new Error(reason);
  },
  raw: () => Promise.reject(new Error(reason)),
});

/**
 * The engines for one test file, each with a fresh database: a SQLite file, and a PostgreSQL
 * database when a server answers (`createTestDatabase`; skipped otherwise). `cleanup`
 * removes both; call it in `after`.
 */
export async function storeEngines(): Promise<{
  engines: StoreEngine[];
  cleanup: () => Promise<void>;
}> {
  const temp = tempDatabasePath();
  const database = await createTestDatabase();
  const sqlite: StoreEngine = {
    name: 'sqlite',
    skip: false,
    open: () => openSqliteStores(temp.file),
    raw: async () => {
      const db = new BetterSqlite3(temp.file);
      return {
        all: async (sql, params = []) => {
          const statement = db.prepare(sql);
          if (statement.reader) return statement.all(...params) as Record<string, unknown>[];
          statement.run(...params);
          return [];
        },
        close: async () => {
          db.close();
        },
      };
    },
  };
  const postgres: StoreEngine = database
    ? {
        name: 'postgres',
        skip: false,
        open: () => openPostgresStores(database.url, 4),
        raw: async () => {
          const client = new pg.Client({ connectionString: database.url, types: PG_TYPES });
          await client.connect();
          return {
            all: async (sql, params = []) => (await client.query(numbered(sql), params)).rows,
            close: () => client.end(),
          };
        },
      }
    : skipped('postgres', POSTGRES_SKIPPED);
  return {
    engines: [sqlite, postgres],
    cleanup: async () => {
      temp.cleanup();
      await database?.drop();
    },
  };
}

/** Opens stores for one test, runs it, and closes them (awaiting a pool's end) either way. */
export async function withStores<T>(
  engine: StoreEngine,
  run: (stores: Stores) => Promise<T>,
): Promise<T> {
  const stores = engine.open();
  try {
    return await run(stores);
  } finally {
    await stores.close();
  }
}

/** Runs `run` with a raw connection to the engine's database, closed after. */
export async function withRaw<T>(
  engine: StoreEngine,
  run: (raw: RawConnection) => Promise<T>,
): Promise<T> {
  const raw = await engine.raw();
  try {
    return await run(raw);
  } finally {
    await raw.close();
  }
}
