import type { Env } from '../../env';
import { openDatabase } from '../open-database';
import type { DumpAdapter } from './dump-adapter';
import { PgDumpAdapter } from './pg-dump-adapter';
import { SqliteDumpAdapter } from './sqlite-dump-adapter';

type DatabaseConfig = Pick<Env, 'DATABASE_URL' | 'DATABASE_PATH' | 'DATABASE_SYNC'>;

/**
 * The database the other commands use, as a dump sees it: PostgreSQL at `DATABASE_URL` when
 * set, otherwise SQLite at `DATABASE_PATH` (either created and migrated if new).
 */
export function openDumpAdapter(config: DatabaseConfig): Promise<DumpAdapter> {
  return config.DATABASE_URL
    ? PgDumpAdapter.open(config.DATABASE_URL)
    : Promise.resolve(
        new SqliteDumpAdapter(openDatabase(config.DATABASE_PATH, config.DATABASE_SYNC)),
      );
}

/** Which database that is, for messages (never the URL, which may hold a password). */
export function dumpDatabaseName(config: DatabaseConfig): string {
  return config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `SQLite ${config.DATABASE_PATH}`;
}
