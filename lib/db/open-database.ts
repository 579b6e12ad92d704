import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
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

/**
 * Opens (creating if needed) the SQLite file, in WAL mode (full
 * synchronisation unless told otherwise), and migrates it.
 */
export function openDatabase(file: string, sync: DatabaseSync = 'full'): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma(sync === 'normal' ? 'synchronous = NORMAL' : 'synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}
