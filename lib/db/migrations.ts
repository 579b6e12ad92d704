import type { Database } from 'better-sqlite3';
import { hashSessionId } from './session-id-hash';

/** SQL, or a function for a change SQL alone cannot make (such as hashing values). */
export type Migration = string | ((db: Database) => void);

/**
 * Schema migrations, applied in order at start. Never edit a released entry:
 * add a new one. `PRAGMA user_version` records how many have run.
 */
export const migrations: readonly Migration[] = [
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
  `
  -- Delegations: Member States, observers, groups (EU, G77) and the Secretariat.
  CREATE TABLE delegations (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
  );
  -- Users never disappear (later records name them): removal sets removed_at.
  CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    delegation_code TEXT NOT NULL REFERENCES delegations(code),
    password_hash   TEXT NOT NULL,
    is_secretariat  INTEGER NOT NULL DEFAULT 0,
    is_demo         INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    removed_at      INTEGER
  );
  CREATE INDEX users_by_delegation ON users (delegation_code);
  -- The role each delegation holds on a draft.
  CREATE TABLE draft_roles (
    draft_id        TEXT NOT NULL REFERENCES drafts(id),
    delegation_code TEXT NOT NULL REFERENCES delegations(code),
    role            TEXT NOT NULL CHECK (role IN ('facilitator', 'sponsor', 'observer')),
    granted_at      INTEGER NOT NULL,
    PRIMARY KEY (draft_id, delegation_code)
  );
  CREATE INDEX draft_roles_by_delegation ON draft_roles (delegation_code);
  -- Sign-in sessions; the session cookie names one. Revoking a row ends the session everywhere.
  CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    revoked_at  INTEGER
  );
  CREATE INDEX sessions_by_user ON sessions (user_id);
  -- Server settings kept with the data, such as the generated session-signing secret.
  CREATE TABLE settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL
  );
  `,
  `
  -- The record of every decision on a draft's amendments: appended, never updated or
  -- deleted by Concord (the triggers refuse it), each row chained to the previous row
  -- of its draft by a SHA-256 hash so that a change behind Concord's back shows.
  CREATE TABLE audit_log (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    draft_id      TEXT NOT NULL REFERENCES drafts(id),
    at            INTEGER NOT NULL,
    user_id       TEXT NOT NULL,
    user_name     TEXT NOT NULL,
    delegation    TEXT NOT NULL,
    action        TEXT NOT NULL,
    suggestion_id TEXT,
    paragraph     TEXT,
    detail        TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
  );
  CREATE INDEX audit_log_by_draft ON audit_log (draft_id, seq);
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  `,
  // Sessions keep the SHA-256 of their id, not the id (lib/db/session-id-hash.ts), so a copy of
  // the file opens no session. Hashed in place: everyone signed in stays signed in.
  (db) => {
    db.exec('ALTER TABLE sessions RENAME COLUMN id TO id_hash');
    const ids = db.prepare('SELECT id_hash FROM sessions').pluck().all() as string[];
    const rehash = db.prepare('UPDATE sessions SET id_hash = ? WHERE id_hash = ?');
    for (const id of ids) rehash.run(hashSessionId(id), id);
  },
  // Which user first wrote under each Yjs client id of a draft: nobody else may write under it
  // (a forged write under another client's id and next clocks would make that client's own
  // later changes do nothing).
  `
  CREATE TABLE draft_clients (
    draft_id    TEXT NOT NULL REFERENCES drafts(id),
    client_id   INTEGER NOT NULL,
    user_id     TEXT NOT NULL,
    PRIMARY KEY (draft_id, client_id)
  ) WITHOUT ROWID;
  `,
  // Negotiation rounds (issue 22). A revision (zero draft, Rev.1 …) is the agreed text as the
  // facilitator issued it, kept whole and never changed (the triggers refuse it). Which revision
  // each user last read, for "compare with what I last saw". Silence procedures on a revision,
  // and the statements of the delegations that broke silence.
  `
  CREATE TABLE draft_revisions (
    draft_id    TEXT NOT NULL REFERENCES drafts(id),
    number      INTEGER NOT NULL,
    name        TEXT NOT NULL,
    symbol      TEXT NOT NULL,
    issued_at   INTEGER NOT NULL,
    user_id     TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    delegation  TEXT NOT NULL,
    note        TEXT NOT NULL,
    content     TEXT NOT NULL,
    PRIMARY KEY (draft_id, number)
  ) WITHOUT ROWID;
  CREATE TRIGGER draft_revisions_no_update BEFORE UPDATE ON draft_revisions
    BEGIN SELECT RAISE(ABORT, 'a revision never changes'); END;
  CREATE TRIGGER draft_revisions_no_delete BEFORE DELETE ON draft_revisions
    BEGIN SELECT RAISE(ABORT, 'a revision never changes'); END;
  CREATE TABLE draft_revisions_seen (
    user_id     TEXT NOT NULL,
    draft_id    TEXT NOT NULL REFERENCES drafts(id),
    number      INTEGER NOT NULL,
    seen_at     INTEGER NOT NULL,
    PRIMARY KEY (user_id, draft_id)
  ) WITHOUT ROWID;
  CREATE TABLE silence_procedures (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    draft_id    TEXT NOT NULL REFERENCES drafts(id),
    revision    INTEGER NOT NULL,
    started_at  INTEGER NOT NULL,
    deadline    INTEGER NOT NULL,
    started_by  TEXT NOT NULL,
    started_by_name TEXT NOT NULL,
    delegation  TEXT NOT NULL,
    ended_at    INTEGER,
    outcome     TEXT CHECK (outcome IN ('held', 'broken', 'ended')),
    ended_by    TEXT
  );
  CREATE INDEX silence_procedures_by_draft ON silence_procedures (draft_id, id);
  CREATE UNIQUE INDEX silence_procedures_one_running ON silence_procedures (draft_id)
    WHERE ended_at IS NULL;
  CREATE TABLE silence_breaks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    procedure_id INTEGER NOT NULL REFERENCES silence_procedures(id),
    at          INTEGER NOT NULL,
    user_id     TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    delegation  TEXT NOT NULL,
    paragraphs  TEXT NOT NULL,
    statement   TEXT NOT NULL
  );
  CREATE INDEX silence_breaks_by_procedure ON silence_breaks (procedure_id, id);
  `,
  // Positions on proposals (issue 23): a delegation supports or objects to another delegation's
  // pending amendment, one position per delegation and amendment (a new one replaces it).
  `
  CREATE TABLE proposal_positions (
    draft_id     TEXT NOT NULL REFERENCES drafts(id),
    amendment_id TEXT NOT NULL,
    delegation   TEXT NOT NULL,
    position     TEXT NOT NULL CHECK (position IN ('support', 'object')),
    user_id      TEXT NOT NULL,
    user_name    TEXT NOT NULL,
    at           INTEGER NOT NULL,
    PRIMARY KEY (draft_id, amendment_id, delegation)
  ) WITHOUT ROWID;
  `,
  // Discussion (issue 23): threads anchored to a paragraph (its paragraphId) or to a proposal (its
  // amendment id), their comments (the text as last edited; the audit record keeps it as first
  // posted), and whether the facilitator lets observers comment on the draft.
  `
  CREATE TABLE discussion_threads (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    draft_id    TEXT NOT NULL REFERENCES drafts(id),
    anchor_kind TEXT NOT NULL CHECK (anchor_kind IN ('paragraph', 'proposal')),
    anchor_id   TEXT NOT NULL,
    anchor_label TEXT NOT NULL,
    started_at  INTEGER NOT NULL,
    user_id     TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    delegation  TEXT NOT NULL,
    resolved_at INTEGER,
    resolved_by_name TEXT,
    resolved_by_delegation TEXT
  );
  CREATE INDEX discussion_threads_by_draft ON discussion_threads (draft_id, id);
  CREATE TABLE discussion_comments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id   INTEGER NOT NULL REFERENCES discussion_threads(id),
    at          INTEGER NOT NULL,
    user_id     TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    delegation  TEXT NOT NULL,
    text        TEXT NOT NULL,
    edited_at   INTEGER
  );
  CREATE INDEX discussion_comments_by_thread ON discussion_comments (thread_id, id);
  CREATE TABLE discussion_settings (
    draft_id    TEXT PRIMARY KEY REFERENCES drafts(id),
    observers_may_comment INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  `,
];

/** Brings the database schema up to date in one transaction; true when something was migrated. */
export function migrate(db: Database): boolean {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `The database is at schema version ${current}, newer than this Concord (${migrations.length}). Upgrade Concord.`,
    );
  }
  if (current === migrations.length) return false;
  db.transaction(() => {
    for (let version = current; version < migrations.length; version++) {
      const migration = migrations[version] ?? '';
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
    }
    db.pragma(`user_version = ${migrations.length}`);
  })();
  return true;
}
