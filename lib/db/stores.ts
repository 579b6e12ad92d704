import { env } from '../env';
import type { AccountStore } from './account-store';
import type { AuditStore } from './audit-store';
import type { DraftStore } from './draft-store';
import type { RevisionStore } from './revision-store';
import type { SilenceStore } from './silence-store';
import type { DiscussionStore } from './discussion-store';
import type { PositionStore } from './position-store';
import { openDatabase, type DatabaseSync } from './open-database';
import { SqliteAccountStore } from './sqlite-account-store';
import { SqliteDraftStore } from './sqlite-draft-store';
import { SqliteAuditStore } from './sqlite-audit-store';
import { SqliteRevisionStore } from './sqlite-revision-store';
import { SqliteSilenceStore } from './sqlite-silence-store';
import { SqliteDiscussionStore } from './sqlite-discussion-store';
import { SqlitePositionStore } from './sqlite-position-store';
import { openPostgresStores } from './postgres/open-postgres-stores';

/** Everything Concord stores, behind its interfaces. */
export interface Stores {
  drafts: DraftStore;
  accounts: AccountStore;
  audit: AuditStore;
  revisions: RevisionStore;
  silence: SilenceStore;
  discussion: DiscussionStore;
  positions: PositionStore;
  /**
   * Resolves once the database is reachable and migrated (PostgreSQL connects lazily); the
   * server awaits it at start so that an unreachable database stops it there.
   */
  ready?(): Promise<void>;
  /** Closes the database; a networked one once its connections are idle. */
  close(): void | Promise<void>;
}

/** The embedded default: both stores on one SQLite file (created and migrated if needed). */
export function openSqliteStores(file: string, sync: DatabaseSync = 'full'): Stores {
  const db = openDatabase(file, sync);
  return {
    drafts: new SqliteDraftStore(db),
    accounts: new SqliteAccountStore(db),
    audit: new SqliteAuditStore(db),
    revisions: new SqliteRevisionStore(db),
    silence: new SqliteSilenceStore(db),
    discussion: new SqliteDiscussionStore(db),
    positions: new SqlitePositionStore(db),
    close: () => {
      db.close();
    },
  };
}

const KEY = Symbol.for('concord.stores');
type Holder = { [KEY]?: Stores };

/**
 * The process-wide stores: on PostgreSQL at `DATABASE_URL` when it is set, otherwise on the
 * SQLite file at `DATABASE_PATH`. Kept on `globalThis` so the collaboration server and the
 * Next.js bundle, which load separate copies of this module, share one connection (pool).
 */
export function getStores(): Stores {
  const holder = globalThis as Holder;
  holder[KEY] ??= env.DATABASE_URL
    ? openPostgresStores(env.DATABASE_URL, env.DATABASE_POOL_SIZE)
    : openSqliteStores(env.DATABASE_PATH, env.DATABASE_SYNC);
  return holder[KEY];
}
