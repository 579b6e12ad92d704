import type { Database } from 'better-sqlite3';
import type { Revision, RevisionSummary } from '../revisions/revision';
import { RevisionConflictError, type RevisionStore } from './revision-store';
import {
  REVISION_COLUMNS,
  revisionValues,
  summaryOf,
  toRevision,
  toRevisionSummary,
  type RevisionRow,
} from './revision-rows';
import { writeWhenFree } from './write-when-free';

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
            `INSERT INTO draft_revisions (${REVISION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(...revisionValues(revision)),
      );
    } catch (error) {
      if (isConstraintError(error) && (await this.get(revision.draftId, revision.number))) {
        throw new RevisionConflictError(revision.draftId, revision.number);
      }
      throw error;
    }
    return summaryOf(revision);
  }

  async list(draftId: string): Promise<RevisionSummary[]> {
    const rows = this.db
      .prepare(
        `SELECT draft_id, number, name, symbol, issued_at, user_id, user_name, delegation, note
         FROM draft_revisions WHERE draft_id = ? ORDER BY number`,
      )
      .all(draftId) as RevisionRow[];
    return rows.map(toRevisionSummary);
  }

  async get(draftId: string, number: number): Promise<Revision | null> {
    const row = this.db
      .prepare('SELECT * FROM draft_revisions WHERE draft_id = ? AND number = ?')
      .get(draftId, number) as RevisionRow | undefined;
    return row ? toRevision(row) : null;
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
