import type { Revision, RevisionSummary } from '../../revisions/revision';
import { RevisionConflictError, type RevisionStore } from '../revision-store';
import {
  REVISION_COLUMNS,
  revisionValues,
  summaryOf,
  toRevision,
  toRevisionSummary,
  type RevisionRow,
} from '../revision-rows';
import type { PgDatabase } from './pg-database';
import { isUniqueViolation } from './pg-errors';

/** Revisions on PostgreSQL (tables `draft_revisions`, `draft_revisions_seen`). */
export class PgRevisionStore implements RevisionStore {
  constructor(private readonly db: PgDatabase) {}

  async add(revision: Revision): Promise<RevisionSummary> {
    try {
      await this.db.query(
        `INSERT INTO draft_revisions (${REVISION_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        revisionValues(revision),
      );
    } catch (error) {
      // The primary key (draft_id, number) is the only unique constraint: the number is taken.
      if (isUniqueViolation(error)) {
        throw new RevisionConflictError(revision.draftId, revision.number);
      }
      throw error;
    }
    return summaryOf(revision);
  }

  async list(draftId: string): Promise<RevisionSummary[]> {
    const rows = await this.db.query<RevisionRow>(
      `SELECT draft_id, number, name, symbol, issued_at, user_id, user_name, delegation, note
       FROM draft_revisions WHERE draft_id = $1 ORDER BY number`,
      [draftId],
    );
    return rows.map(toRevisionSummary);
  }

  async get(draftId: string, number: number): Promise<Revision | null> {
    const [row] = await this.db.query<RevisionRow>(
      'SELECT * FROM draft_revisions WHERE draft_id = $1 AND number = $2',
      [draftId, number],
    );
    return row ? toRevision(row) : null;
  }

  async markSeen(userId: string, draftId: string, number: number): Promise<void> {
    await this.db.query(
      `INSERT INTO draft_revisions_seen (user_id, draft_id, number, seen_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, draft_id) DO UPDATE
         SET number = GREATEST(draft_revisions_seen.number, excluded.number),
           seen_at = excluded.seen_at`,
      [userId, draftId, number, Date.now()],
    );
  }

  async lastSeen(userId: string, draftId: string): Promise<number | null> {
    const [row] = await this.db.query<{ number: number }>(
      'SELECT number FROM draft_revisions_seen WHERE user_id = $1 AND draft_id = $2',
      [userId, draftId],
    );
    return row?.number ?? null;
  }
}
