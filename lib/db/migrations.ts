import type { Database } from 'better-sqlite3';

/**
 * Schema migrations, applied in order at start. Never edit a released entry:
 * add a new one. `PRAGMA user_version` records how many have run.
 */
export const migrations: readonly string[] = [
  `
  CREATE TABLE drafts (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
  );
  -- The append-only log of Yjs updates of each draft, folded into a snapshot by compaction.
  CREATE TABLE draft_updates (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    draft_id    TEXT NOT NULL REFERENCES drafts(id),
    data        BLOB NOT NULL,
    byte_length INTEGER NOT NULL,
    crc32       INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
  );
  CREATE INDEX draft_updates_by_draft ON draft_updates (draft_id, seq);
  -- The latest snapshot of each draft: the whole state up to and including upto_seq.
  CREATE TABLE draft_snapshots (
    draft_id    TEXT PRIMARY KEY REFERENCES drafts(id),
    upto_seq    INTEGER NOT NULL,
    data        BLOB NOT NULL,
    byte_length INTEGER NOT NULL,
    crc32       INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
  );
  `,
];

/** Brings the database schema up to date in one transaction. */
export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `The database is at schema version ${current}, newer than this Concord (${migrations.length}). Upgrade Concord.`,
    );
  }
  if (current === migrations.length) return;
  db.transaction(() => {
    for (let version = current; version < migrations.length; version++) {
      db.exec(migrations[version] ?? '');
    }
    db.pragma(`user_version = ${migrations.length}`);
  })();
}
