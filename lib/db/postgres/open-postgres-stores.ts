import type { Stores } from '../stores';
import { PgAccountStore } from './pg-account-store';
import { PgAuditStore } from './pg-audit-store';
import { PgDatabase } from './pg-database';
import { PgDiscussionStore } from './pg-discussion-store';
import { PgDraftStore } from './pg-draft-store';
import { PgPositionStore } from './pg-position-store';
import { PgRevisionStore } from './pg-revision-store';
import { PgSilenceStore } from './pg-silence-store';

/**
 * Every store on the PostgreSQL database at `url`, sharing one pool of `poolSize`
 * connections. Synchronous, like `openSqliteStores`: nothing connects until the first query
 * (or `ready()`, which the server awaits at start so that an unreachable database stops it
 * there, with a message naming the server), which migrates the schema first.
 */
export function openPostgresStores(url: string, poolSize = 10): Stores {
  const db = new PgDatabase(url, poolSize);
  return {
    drafts: new PgDraftStore(db),
    accounts: new PgAccountStore(db),
    audit: new PgAuditStore(db),
    revisions: new PgRevisionStore(db),
    silence: new PgSilenceStore(db),
    discussion: new PgDiscussionStore(db),
    positions: new PgPositionStore(db),
    ready: () => db.ready(),
    close: () => db.close(),
  };
}
