import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import pg from 'pg';
import { createTestDatabase, POSTGRES_SKIPPED } from '../../../server/testing/postgres';
import { migrations } from '../migrations';
import { openDatabase } from '../open-database';
import { DUMP_TABLE_ORDER, orderDumpTables } from './dump-tables';
import { PgDumpAdapter } from './pg-dump-adapter';
import { SqliteDumpAdapter } from './sqlite-dump-adapter';

const database = await createTestDatabase();
after(() => database?.drop());

function assertReferencesEarlier(references: readonly { from: string; to: string }[]): void {
  assert.ok(references.length > 0, 'the schema has foreign keys to check');
  for (const { from, to } of references) {
    assert.ok(
      DUMP_TABLE_ORDER.indexOf(to) < DUMP_TABLE_ORDER.indexOf(from),
      `${to} comes before ${from}, which refers to it`,
    );
  }
}

test('DUMP_TABLE_ORDER lists exactly the tables of the SQLite schema, each after those it refers to', () => {
  const db = openDatabase(':memory:');
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
      )
      .pluck()
      .all() as string[];
    assert.deepEqual([...DUMP_TABLE_ORDER].sort(), tables.sort());
    assertReferencesEarlier(
      tables.flatMap((from) =>
        (db.pragma(`foreign_key_list("${from}")`) as { table: string }[]).map(({ table }) => ({
          from,
          to: table,
        })),
      ),
    );
  } finally {
    db.close();
  }
});

test(
  'PostgreSQL has the same tables, columns, keys, sequences and schema version as SQLite, in foreign-key order',
  { skip: database ? false : POSTGRES_SKIPPED },
  async () => {
    assert.ok(database);
    const postgres = await PgDumpAdapter.open(database.url);
    const sqlite = new SqliteDumpAdapter(openDatabase(':memory:'));
    try {
      const describe = async (adapter: PgDumpAdapter | SqliteDumpAdapter) =>
        (await adapter.tables()).map((table) => ({
          name: table.name,
          columns: [...table.columns].sort(),
          key: table.key,
          sequence: table.sequence,
        }));
      assert.deepEqual(await describe(postgres), await describe(sqlite));
      assert.deepEqual(
        (await postgres.tables()).map((table) => table.name),
        DUMP_TABLE_ORDER,
      );
      assert.equal(await postgres.schemaVersion(), migrations.length);
      assert.equal(await sqlite.schemaVersion(), migrations.length);
    } finally {
      await postgres.close();
      await sqlite.close();
    }
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ from: string; to: string }>(
        `SELECT DISTINCT c.conrelid::regclass::text AS from, c.confrelid::regclass::text AS to
           FROM pg_constraint c WHERE c.contype = 'f'`,
      );
      assertReferencesEarlier(rows);
    } finally {
      await client.end();
    }
  },
);

test('orderDumpTables sorts into the list and refuses a table it does not know', () => {
  assert.deepEqual(
    orderDumpTables([{ name: 'users' }, { name: 'drafts' }, { name: 'delegations' }]).map(
      (t) => t.name,
    ),
    ['drafts', 'delegations', 'users'],
  );
  assert.throws(
    () => orderDumpTables([{ name: 'drafts' }, { name: 'reactions' }]),
    /tables the dump does not know: reactions/,
  );
});
