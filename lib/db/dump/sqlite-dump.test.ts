import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, test } from 'node:test';
import { tempDatabasePath } from '../../testing/temp-database';
import {
  assertNewRowsFollow,
  populateSqliteFile,
  sqliteContents as contents,
  sqliteDraftState as draftState,
  withSqliteAdapter as withAdapter,
} from '../../testing/dump-round-trip';
import type { PopulatedDatabase } from '../../testing/populated-database';
import { openSqliteStores } from '../stores';
import { DumpFileError } from './dump-format';
import { exportDatabase } from './export-database';
import { DumpRefusedError, importDatabase } from './import-database';

const temps: (() => void)[] = [];
after(() => temps.forEach((cleanup) => cleanup()));

function tempFile(): string {
  const temp = tempDatabasePath();
  temps.push(temp.cleanup);
  return temp.file;
}

async function populated(): Promise<{ file: string; made: PopulatedDatabase }> {
  const file = tempFile();
  return { file, made: await populateSqliteFile(file) };
}

const source = await populated();
const dumpFile = `${tempFile()}.jsonl`;
const exported = await withAdapter(source.file, (adapter) => exportDatabase(adapter, dumpFile));

test('export writes a header and one line per row, owner-only, every table with rows', () => {
  const original = contents(source.file);
  const concordTables = Object.keys(original).filter((name) => !name.startsWith('sqlite_'));
  assert.deepEqual(Object.keys(exported).sort(), concordTables);
  for (const name of concordTables) {
    assert.ok((original[name]?.length ?? 0) > 0, `the test database has rows in ${name}`);
    assert.equal(exported[name], original[name]?.length, `${name} rows counted`);
  }
  const lines = fs.readFileSync(dumpFile, 'utf8').trimEnd().split('\n');
  const header = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
  assert.equal(header.format, 'concord-db-dump');
  assert.equal(header.source, 'sqlite');
  const rows = Object.values(exported).reduce((sum, n) => sum + n, 0);
  assert.equal(lines.length, 1 + rows);
  assert.equal(fs.statSync(dumpFile).mode & 0o777, 0o600);
  assert.deepEqual(
    fs.readdirSync(new URL('.', `file://${dumpFile}`)).filter((f) => f.endsWith('.partial')),
    [],
  );
});

test('import into an empty file gives every table row for row, the drafts and an intact audit', async () => {
  const copy = tempFile();
  const imported = await withAdapter(copy, (adapter) => importDatabase(adapter, dumpFile));
  assert.deepEqual(imported, exported);
  assert.deepEqual(contents(copy), contents(source.file), 'every table, sqlite_sequence included');

  for (const draftId of [source.made.demoDraftId, source.made.compactedDraftId]) {
    assert.deepEqual(await draftState(copy, draftId), await draftState(source.file, draftId));
  }
  const stores = openSqliteStores(copy);
  try {
    const verified = await stores.audit.verify(source.made.demoDraftId);
    assert.ok(verified.ok && verified.rows > 0, JSON.stringify(verified));
  } finally {
    stores.close();
  }
});

test('after import, new ids follow the imported ones, and compacted update numbers are not reused', async () => {
  const copy = tempFile();
  await withAdapter(copy, (adapter) => importDatabase(adapter, dumpFile));
  const stores = openSqliteStores(copy);
  try {
    await assertNewRowsFollow(stores, source.made);
  } finally {
    stores.close();
  }
});

test('a destination holding anything is refused and left as it was', async () => {
  const destination = tempFile();
  const stores = openSqliteStores(destination);
  await stores.accounts.addDelegation({ code: 'CUB', name: 'Cuba' });
  stores.close();
  const before = contents(destination);
  await assert.rejects(
    withAdapter(destination, (adapter) => importDatabase(adapter, dumpFile)),
    (error) => error instanceof DumpRefusedError && /already holds data/.test(error.message),
  );
  assert.deepEqual(contents(destination), before);
});

/** Imports `text` as a dump into a fresh file; returns the error and whether the file stayed empty. */
async function refusal(text: string): Promise<{ error: unknown; empty: boolean }> {
  const file = `${tempFile()}.jsonl`;
  fs.writeFileSync(file, text);
  const destination = tempFile();
  const error = await withAdapter(destination, (adapter) => importDatabase(adapter, file)).then(
    () => null,
    (e: unknown) => e,
  );
  const empty = Object.entries(contents(destination)).every(
    ([name, rows]) => name.startsWith('sqlite_') || rows.length === 0,
  );
  return { error, empty };
}

const dumpText = fs.readFileSync(dumpFile, 'utf8');
const dumpLines = dumpText.split('\n');

function fileError(line: number, pattern: RegExp) {
  return (error: unknown) =>
    error instanceof DumpFileError && error.line === line && pattern.test(error.message);
}

test('a dump cut off in a line or after one is refused naming the line; nothing is written', async () => {
  const inLine = await refusal(dumpText.slice(0, Math.floor(dumpText.length / 2)));
  const cutLine = dumpText.slice(0, Math.floor(dumpText.length / 2)).split('\n').length;
  assert.ok(fileError(cutLine, /not JSON/)(inLine.error), String(inLine.error));
  assert.ok(inLine.empty);

  const lastLineGone = await refusal(dumpLines.slice(0, -2).join('\n'));
  assert.ok(
    lastLineGone.error instanceof DumpFileError && /cut off/.test(lastLineGone.error.message),
    String(lastLineGone.error),
  );
  assert.ok(lastLineGone.empty);
});

test('not a dump, an unknown table or column, another schema version: refused, nothing written', async () => {
  const notDump = await refusal('{"hello":"world"}\n');
  assert.ok(fileError(1, /not a Concord database dump/)(notDump.error), String(notDump.error));

  const header = JSON.parse(dumpLines[0] ?? '') as { schemaVersion: number };
  const otherVersion = await refusal(
    [
      JSON.stringify({ ...header, schemaVersion: header.schemaVersion + 1 }),
      ...dumpLines.slice(1),
    ].join('\n'),
  );
  assert.ok(
    otherVersion.error instanceof DumpRefusedError &&
      /schema version/.test(otherVersion.error.message),
    String(otherVersion.error),
  );

  const row = (n: number, change: (r: Record<string, unknown>) => void) => {
    const lines = [...dumpLines];
    const parsed = JSON.parse(lines[n] ?? '') as Record<string, unknown>;
    change(parsed);
    lines[n] = JSON.stringify(parsed);
    return lines.join('\n');
  };
  const unknownTable = await refusal(row(3, (r) => (r.t = 'drafts_old')));
  assert.ok(
    fileError(4, /unknown table "drafts_old"/)(unknownTable.error),
    String(unknownTable.error),
  );
  const unknownColumn = await refusal(
    row(5, (r) => ((r.r as Record<string, unknown>).colour = 'red')),
  );
  assert.ok(fileError(6, /no column "colour"/)(unknownColumn.error), String(unknownColumn.error));
  for (const outcome of [notDump, otherVersion, unknownTable, unknownColumn]) {
    assert.ok(outcome.empty);
  }
});
