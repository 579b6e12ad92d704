import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, test } from 'node:test';
import * as Y from 'yjs';
import { createTestDatabase, POSTGRES_SKIPPED } from '../../../server/testing/postgres';
import {
  assertNewRowsFollow,
  populateSqliteFile,
  sqliteContents,
  sqliteDraftState,
  withSqliteAdapter,
} from '../../testing/dump-round-trip';
import type { PopulatedDatabase } from '../../testing/populated-database';
import { tempDatabasePath } from '../../testing/temp-database';
import { loadDraftDoc } from '../load-draft-doc';
import { openPostgresStores } from '../postgres/open-postgres-stores';
import { openSqliteStores } from '../stores';
import type { DumpAdapter } from './dump-adapter';
import { exportDatabase } from './export-database';
import { DumpRefusedError, importDatabase } from './import-database';
import { PgDumpAdapter } from './pg-dump-adapter';

const database = await createTestDatabase();
const temp = tempDatabasePath();
after(async () => {
  temp.cleanup();
  await database?.drop();
});
fs.mkdirSync(temp.file.replace(/concord\.db$/, ''), { recursive: true });
const inTemp = (name: string) => temp.file.replace(/concord\.db$/, name);

async function withPostgres<T>(work: (adapter: DumpAdapter) => Promise<T>): Promise<T> {
  assert.ok(database);
  const adapter = await PgDumpAdapter.open(database.url);
  try {
    return await work(adapter);
  } finally {
    await adapter.close();
  }
}

/**
 * Through the Pg stores on the imported database: an intact audit record, the drafts as in
 * SQLite, new rows numbered past the imported ones.
 */
async function checkPostgresStores(made: PopulatedDatabase, original: string): Promise<void> {
  assert.ok(database);
  const stores = openPostgresStores(database.url, 2);
  try {
    const { demoDraftId, compactedDraftId } = made;
    const verified = await stores.audit.verify(demoDraftId);
    assert.ok(verified.ok && verified.rows > 0, JSON.stringify(verified));
    for (const draftId of [demoDraftId, compactedDraftId]) {
      const loaded = await loadDraftDoc(stores.drafts, draftId);
      assert.ok(loaded);
      assert.deepEqual(
        Y.encodeStateAsUpdate(loaded.doc),
        await sqliteDraftState(original, draftId),
      );
    }

    await assertNewRowsFollow(stores, made);
  } finally {
    await stores.close();
  }
}

/** A dump's row lines, and its header without what differs between two exports of one state. */
function dumpParts(file: string) {
  const [first = '', ...rows] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  const header = JSON.parse(first) as Record<string, unknown>;
  delete header.exportedAt;
  delete header.source;
  return { header, rows };
}

test(
  'SQLite → dump → PostgreSQL → dump → SQLite: every table identical, the drafts, the audit and the sequences carried',
  { skip: database ? false : POSTGRES_SKIPPED },
  async () => {
    const original = inTemp('original.db');
    const made = await populateSqliteFile(original);
    const fromSqlite = inTemp('from-sqlite.jsonl');
    const exported = await withSqliteAdapter(original, (a) => exportDatabase(a, fromSqlite));

    assert.deepEqual(await withPostgres((a) => importDatabase(a, fromSqlite)), exported);
    const fromPostgres = inTemp('from-postgres.jsonl');
    assert.deepEqual(await withPostgres((a) => exportDatabase(a, fromPostgres)), exported);
    const sqliteDump = dumpParts(fromSqlite);
    const postgresDump = dumpParts(fromPostgres);
    assert.deepEqual(postgresDump.header, sqliteDump.header, 'schema, counts and sequences');
    assert.equal(postgresDump.rows.length, sqliteDump.rows.length);
    postgresDump.rows.forEach((row, i) => assert.equal(row, sqliteDump.rows[i], `row ${i + 2}`));

    const final = inTemp('final.db');
    assert.deepEqual(
      await withSqliteAdapter(final, (a) => importDatabase(a, fromPostgres)),
      exported,
    );
    assert.deepEqual(sqliteContents(final), sqliteContents(original));
    for (const draftId of [made.demoDraftId, made.compactedDraftId]) {
      assert.deepEqual(
        await sqliteDraftState(final, draftId),
        await sqliteDraftState(original, draftId),
      );
    }
    const stores = openSqliteStores(final);
    try {
      const verified = await stores.audit.verify(made.demoDraftId);
      assert.ok(verified.ok && verified.rows > 0, JSON.stringify(verified));
    } finally {
      stores.close();
    }

    await checkPostgresStores(made, original);

    await assert.rejects(
      withPostgres((a) => importDatabase(a, fromSqlite)),
      (error) => error instanceof DumpRefusedError && /already holds data/.test(error.message),
    );
  },
);
