import assert from 'node:assert/strict';
import fs from 'node:fs';
import { afterEach, mock, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '@/lib/db/open-database';
import { tempDatabasePath } from '@/lib/testing/temp-database';

const COMPANIONS = ['', '-wal', '-shm'];

let cleanups: (() => void)[] = [];

afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
  mock.restoreAll();
});

function tempFile(): string {
  const temp = tempDatabasePath();
  cleanups.push(temp.cleanup);
  return temp.file;
}

function modeOf(file: string): string {
  return (fs.statSync(file).mode & 0o777).toString(8);
}

test('a new database file and its -wal and -shm are readable by the owner only', () => {
  // The usual umask would give 0644 to whatever is created without a mode.
  const previousUmask = process.umask(0o022);
  try {
    const file = tempFile();
    const db = openDatabase(file);
    try {
      for (const suffix of COMPANIONS) {
        assert.equal(modeOf(file + suffix), '600', `mode of ${file + suffix}`);
      }
    } finally {
      db.close();
    }
  } finally {
    process.umask(previousUmask);
  }
});

test('an existing database file readable by others is made owner-only, and the server log says so', () => {
  const file = tempFile();
  // A database as earlier versions left it: WAL mode, files 0644.
  const old = new BetterSqlite3(file);
  old.pragma('journal_mode = WAL');
  old.exec('CREATE TABLE t (x)');
  for (const suffix of COMPANIONS) fs.chmodSync(file + suffix, 0o644);

  const lines: string[] = [];
  mock.method(console, 'error', (line: string) => lines.push(line));
  const db = openDatabase(file);
  try {
    for (const suffix of COMPANIONS) {
      assert.equal(modeOf(file + suffix), '600', `mode of ${file + suffix}`);
    }
    assert.ok(
      lines.some((line) => / warn .*owner only/.test(line) && line.includes(file)),
      `a warning naming the file, got ${JSON.stringify(lines)}`,
    );
  } finally {
    db.close();
    old.close();
  }
});

test('an existing owner-only database is opened without a warning', () => {
  const file = tempFile();
  openDatabase(file).close();
  const lines: string[] = [];
  mock.method(console, 'error', (line: string) => lines.push(line));
  openDatabase(file).close();
  assert.deepEqual(lines, []);
  assert.equal(modeOf(file), '600');
});
