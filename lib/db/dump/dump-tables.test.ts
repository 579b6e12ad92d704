import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../open-database';
import { DUMP_TABLE_ORDER, orderDumpTables } from './dump-tables';

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
    for (const table of DUMP_TABLE_ORDER) {
      const references = db.pragma(`foreign_key_list("${table}")`) as { table: string }[];
      for (const { table: target } of references) {
        assert.ok(
          DUMP_TABLE_ORDER.indexOf(target) < DUMP_TABLE_ORDER.indexOf(table),
          `${target} comes before ${table}, which refers to it`,
        );
      }
    }
  } finally {
    db.close();
  }
});

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
