import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { createTestDatabase, POSTGRES_SKIPPED, type TestDatabase } from '@/server/testing/postgres';
import { migrate } from '../migrations';
import { migratePostgres, pgMigrations } from './migrations';
import { PgDatabase } from './pg-database';

const database: TestDatabase | null = await createTestDatabase();
const skip = database ? false : POSTGRES_SKIPPED;
const pools: pg.Pool[] = [];
const pool = () => {
  const opened = new pg.Pool({ connectionString: database?.url, max: 2 });
  // pool.end() resolves before its connections have closed: the database's drop may still
  // terminate one, which the pool reports as an error event.
  opened.on('error', () => {});
  pools.push(opened);
  return opened;
};

after(async () => {
  await Promise.all(pools.map((opened) => opened.end()));
  await database?.drop();
});

test(
  'two processes starting at once migrate once; starting again changes nothing',
  { skip },
  async () => {
    const results = await Promise.all([migratePostgres(pool()), migratePostgres(pool())]);
    assert.deepEqual(results.sort(), [false, true], 'one of them migrated');
    assert.equal(await migratePostgres(pool()), false);
    const { rows } = await pool().query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    assert.deepEqual(
      rows.map((row) => row.version),
      pgMigrations.map((_, i) => i + 1),
    );
  },
);

test(
  'the tables and columns are SQLite’s, by name, so rows copy between the engines',
  { skip },
  async () => {
    const sqlite = new BetterSqlite3(':memory:');
    migrate(sqlite);
    const expected = new Map<string, string[]>();
    for (const { name } of sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as { name: string }[]) {
      const columns = sqlite.prepare(`PRAGMA table_info(${name})`).all() as { name: string }[];
      expected.set(name, columns.map((column) => column.name).sort());
    }
    sqlite.close();
    await migratePostgres(pool());
    const { rows } = await pool().query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`,
    );
    const actual = new Map<string, string[]>();
    for (const row of rows)
      actual.set(row.table_name, [...(actual.get(row.table_name) ?? []), row.column_name]);
    for (const columns of actual.values()) columns.sort();
    assert.deepEqual(
      Object.fromEntries([...actual].sort()),
      Object.fromEntries([...expected].sort()),
    );
  },
);

test('a database newer than this Concord is refused, naming the server', { skip }, async () => {
  await migratePostgres(pool());
  await pool().query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, 0)', [
    pgMigrations.length + 1,
  ]);
  const db = new PgDatabase(database?.url ?? '', 1);
  try {
    await assert.rejects(db.ready(), (error: Error) => {
      assert.match(error.message, /newer than this Concord/);
      assert.match(error.message, /127\.0\.0\.1:5432\/concord_test_/);
      return true;
    });
  } finally {
    await db.close();
    await pool().query('DELETE FROM schema_migrations WHERE version > $1', [pgMigrations.length]);
  }
});

test('an unreachable server is named in the error, without the password', async () => {
  const db = new PgDatabase('postgres://concord:s3cret-pw@127.0.0.1:1/concord', 1);
  try {
    await assert.rejects(db.ready(), (error: Error) => {
      assert.match(error.message, /^PostgreSQL at 127\.0\.0\.1:1\/concord: /);
      assert.doesNotMatch(error.message, /s3cret-pw/);
      return true;
    });
  } finally {
    await db.close();
  }
});
