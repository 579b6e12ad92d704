import type { Database } from 'better-sqlite3';
import type { Position } from '../amendments/positions';
import type { PositionStore, StoredPosition } from './position-store';
import { positionsSql, toStoredPosition, type PositionRow } from './position-rows';
import { writeWhenFree } from './write-when-free';

/** Positions on proposals on SQLite (table `proposal_positions`). */
export class SqlitePositionStore implements PositionStore {
  constructor(private readonly db: Database) {}

  private current(draftId: string, amendmentId: string, delegation: string): Position | null {
    const row = this.db
      .prepare(
        `SELECT position FROM proposal_positions
         WHERE draft_id = ? AND amendment_id = ? AND delegation = ?`,
      )
      .get(draftId, amendmentId, delegation) as { position: Position } | undefined;
    return row?.position ?? null;
  }

  async take(input: Parameters<PositionStore['take']>[0]): Promise<Position | null> {
    return writeWhenFree(this.db, () => {
      const previous = this.current(input.draftId, input.amendmentId, input.by.delegation);
      this.db
        .prepare(
          `INSERT INTO proposal_positions (draft_id, amendment_id, delegation, position, user_id,
             user_name, at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (draft_id, amendment_id, delegation) DO UPDATE SET
             position = excluded.position, user_id = excluded.user_id,
             user_name = excluded.user_name, at = excluded.at`,
        )
        .run(
          input.draftId,
          input.amendmentId,
          input.by.delegation,
          input.position,
          input.by.userId,
          input.by.name,
          input.at,
        );
      return previous;
    });
  }

  async withdraw(
    draftId: string,
    amendmentId: string,
    delegation: string,
  ): Promise<Position | null> {
    return writeWhenFree(this.db, () => {
      const previous = this.current(draftId, amendmentId, delegation);
      this.db
        .prepare(
          `DELETE FROM proposal_positions
           WHERE draft_id = ? AND amendment_id = ? AND delegation = ?`,
        )
        .run(draftId, amendmentId, delegation);
      return previous;
    });
  }

  async list(draftId: string, amendmentId: string): Promise<StoredPosition[]> {
    const rows = this.db.prepare(positionsSql('?', '?')).all(draftId, amendmentId) as PositionRow[];
    return rows.map(toStoredPosition);
  }
}
