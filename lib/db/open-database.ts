import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { log } from '../log';
import type { Env } from '../env';
import { migrate } from './migrations';

/**
 * How far a committed write is guaranteed before the server relays it:
 * - `full`: the write-ahead log is fsynced at every commit, so a committed
 *   write survives a power cut or an operating-system crash;
 * - `normal`: the commit is in the write-ahead log (the operating system's
 *   file cache) but not yet fsynced: it survives a crash or kill of the
 *   server process, while a power cut may lose the last commits before the
 *   next checkpoint (the database itself stays consistent). Clients still
 *   holding those changes offer them again in the sync handshake when they
 *   reconnect (not tried with a real power cut).
 */
export type DatabaseSync = Env['DATABASE_SYNC'];

/** The database holds password hashes and the generated cookie secret: its owner alone reads it. */
const OWNER_ONLY = 0o600;

function errorCode(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

/**
 * Creates the database file owner-only if it does not exist (SQLite gives the
 * -wal and -shm it creates the database file's mode), and takes away what
 * others may do with an existing file or companion, saying so in the log.
 */
function restrictToOwner(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, 'wx', OWNER_ONLY));
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
  }
  for (const companion of [file, `${file}-wal`, `${file}-shm`]) {
    let mode: number;
    try {
      mode = fs.statSync(companion).mode & 0o777;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') continue;
      throw error;
    }
    if ((mode & 0o077) === 0) continue;
    const was = mode.toString(8).padStart(4, '0');
    try {
      fs.chmodSync(companion, mode & 0o700);
      log.warn('database file was open to other users; made it owner only', {
        file: companion,
        was,
      });
    } catch (error) {
      // Not ours to change (another owner): say so loudly rather than refuse to start.
      log.warn('database file is open to other users and could not be made owner only', {
        file: companion,
        was,
        error: String(error),
      });
    }
  }
}

/**
 * Opens (creating if needed) the SQLite file, owner-only, in WAL mode (full
 * synchronisation unless told otherwise), and migrates it.
 */
export function openDatabase(file: string, sync: DatabaseSync = 'full'): Database {
  const onDisk = file !== ':memory:' && file !== '';
  if (onDisk) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    restrictToOwner(file);
  }
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma(sync === 'normal' ? 'synchronous = NORMAL' : 'synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (migrate(db) && onDisk) {
    // A migration may have rewritten secrets (session ids): rewrite every page, since an index
    // keeps old keys in its inner pages and deleted rows linger in free space, then empty the WAL.
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
  return db;
}
