import type { Database } from 'better-sqlite3';
import type { Revision, RevisionContent, RevisionSummary } from '../revisions/revision';
import { StorageCorruptionError } from './draft-store';
import { RevisionConflictError, type RevisionStore } from './revision-store';
import { writeWhenFree } from './write-when-free';

interface RevisionRow {
  draft_id: string;
  number: number;
  name: string;
  symbol: string;
  issued_at: number;
  user_id: string;
  user_name: string;
  delegation: string;
  note: string;
  content?: string;
}

function toSummary(row: RevisionRow): RevisionSummary {
  return {
    draftId: row.draft_id,
    number: row.number,
    name: row.name,
    symbol: row.symbol,
    issuedAt: row.issued_at,
    issuedBy: { userId: row.user_id, name: row.user_name, delegation: row.delegation },
    note: row.note,
  };
}

function isConstraintError(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code.startsWith('SQLITE_CONSTRAINT')
  );
}

/** Revisions on SQLite (tables `draft_revisions`, `draft_revisions_seen`). */
export class SqliteRevisionStore implements RevisionStore {
  constructor(private readonly db: Database) {}

  async add(revision: Revision): Promise<RevisionSummary> {
    try {
      await writeWhenFree(this.db, () =>
        this.db
          .prepare(
            `INSERT INTO draft_revisions (draft_id, number, name, symbol, issued_at, user_id,
               user_name, delegation, note, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            revision.draftId,
            revision.number,
            revision.name,
            revision.symbol,
            revision.issuedAt,
            revision.issuedBy.userId,
            revision.issuedBy.name,
            revision.issuedBy.delegation,
            revision.note,
            JSON.stringify(revision.content),
          ),
      );
    } catch (error) {
      if (isConstraintError(error) && (await this.get(revision.draftId, revision.number))) {
        throw new RevisionConflictError(revision.draftId, revision.number);
      }
      throw error;
    }
    return {
      draftId: revision.draftId,
      number: revision.number,
      name: revision.name,
      symbol: revision.symbol,
      issuedAt: revision.issuedAt,
      issuedBy: revision.issuedBy,
      note: revision.note,
    };
  }

  async list(draftId: string): Promise<RevisionSummary[]> {
    const rows = this.db
      .prepare(
        `SELECT draft_id, number, name, symbol, issued_at, user_id, user_name, delegation, note
         FROM draft_revisions WHERE draft_id = ? ORDER BY number`,
      )
      .all(draftId) as RevisionRow[];
    return rows.map(toSummary);
  }

  async get(draftId: string, number: number): Promise<Revision | null> {
    const row = this.db
      .prepare('SELECT * FROM draft_revisions WHERE draft_id = ? AND number = ?')
      .get(draftId, number) as RevisionRow | undefined;
    if (!row) return null;
    let content: RevisionContent;
    try {
      content = JSON.parse(row.content ?? '') as RevisionContent;
    } catch (error) {
      throw new StorageCorruptionError(draftId, `revision ${number}`, String(error));
    }
    return { ...toSummary(row), content };
  }

  async markSeen(userId: string, draftId: string, number: number): Promise<void> {
    await writeWhenFree(this.db, () =>
      this.db
        .prepare(
          `INSERT INTO draft_revisions_seen (user_id, draft_id, number, seen_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (user_id, draft_id) DO UPDATE SET number = max(number, excluded.number),
             seen_at = excluded.seen_at`,
        )
        .run(userId, draftId, number, Date.now()),
    );
  }

  async lastSeen(userId: string, draftId: string): Promise<number | null> {
    const row = this.db
      .prepare('SELECT number FROM draft_revisions_seen WHERE user_id = ? AND draft_id = ?')
      .get(userId, draftId) as { number: number } | undefined;
    return row?.number ?? null;
  }
}
