import type { Database } from 'better-sqlite3';
import { env } from '../env';
import type { AccountStore } from './account-store';
import type { AuditStore } from './audit-store';
import type { DraftStore } from './draft-store';
import type { DraftWrite } from './draft-writes';
import type { Committer } from './group-commit';
import { openDatabase, type DatabaseSync } from './open-database';
import { SqliteAccountStore } from './sqlite-account-store';
import { SqliteDraftStore } from './sqlite-draft-store';
import { SqliteAuditStore } from './sqlite-audit-store';

/** Everything Concord stores, behind its interfaces. */
export interface Stores {
  drafts: DraftStore;
  accounts: AccountStore;
  audit: AuditStore;
  close(): void;
}

/** Where a store's draft writes are committed, made for its connection (default: on it). */
export type DraftCommitterFactory = (
  db: Database,
  file: string,
  sync: DatabaseSync,
) => Committer<DraftWrite>;

/** The embedded default: both stores on one SQLite file (created and migrated if needed). */
export function openSqliteStores(
  file: string,
  sync: DatabaseSync = 'full',
  draftCommitter?: DraftCommitterFactory,
): Stores {
  const db = openDatabase(file, sync);
  return {
    drafts: new SqliteDraftStore(db, draftCommitter?.(db, file, sync)),
    accounts: new SqliteAccountStore(db),
    audit: new SqliteAuditStore(db),
    close: () => db.close(),
  };
}

const KEY = Symbol.for('concord.stores');
type Holder = { [KEY]?: Stores };

/**
 * The process-wide stores at `DATABASE_PATH`. Kept on `globalThis` so the
 * collaboration server and the Next.js bundle, which load separate copies of
 * this module, share one connection. The server opens them first, with its
 * writer thread as `draftCommitter`.
 */
export function getStores(draftCommitter?: DraftCommitterFactory): Stores {
  const holder = globalThis as Holder;
  holder[KEY] ??= openSqliteStores(env.DATABASE_PATH, env.DATABASE_SYNC, draftCommitter);
  return holder[KEY];
}
