import type { Position } from '../../amendments/positions';
import { positionsSql, toStoredPosition, type PositionRow } from '../position-rows';
import type { PositionStore, StoredPosition } from '../position-store';
import type { PgDatabase } from './pg-database';

/** How often `take` starts again when a withdrawal removed the row between its two steps. */
const TAKE_ATTEMPTS = 5;

/**
 * Positions on proposals on PostgreSQL (table `proposal_positions`). Each write answers the
 * position it replaced, as seen by that write alone even when another process writes the
 * same delegation's position at the same moment.
 */
export class PgPositionStore implements PositionStore {
  constructor(private readonly db: PgDatabase) {}

  async take(input: Parameters<PositionStore['take']>[0]): Promise<Position | null> {
    const key = [input.draftId, input.amendmentId, input.by.delegation];
    const row = [...key, input.position, input.by.userId, input.by.name, input.at];
    for (let attempt = 0; attempt < TAKE_ATTEMPTS; attempt++) {
      const replaced = await this.db.transaction(async (client) => {
        // A first position: inserted, nothing replaced (a concurrent insert of the same key
        // makes this one wait, then find the row).
        const inserted = await client.query(
          `INSERT INTO proposal_positions (draft_id, amendment_id, delegation, position, user_id,
             user_name, at) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT DO NOTHING RETURNING 1`,
          row,
        );
        if (inserted.rowCount === 1) return { previous: null };
        // Otherwise the row exists: locked, read, replaced, in this transaction.
        const { rows } = await client.query<{ position: Position }>(
          `SELECT position FROM proposal_positions
           WHERE draft_id = $1 AND amendment_id = $2 AND delegation = $3 FOR UPDATE`,
          key,
        );
        if (!rows[0]) return null;
        await client.query(
          `UPDATE proposal_positions SET position = $4, user_id = $5, user_name = $6, at = $7
           WHERE draft_id = $1 AND amendment_id = $2 AND delegation = $3`,
          row,
        );
        return { previous: rows[0].position };
      });
      if (replaced) return replaced.previous;
    }
    throw new Error(`the position of ${input.by.delegation} kept changing while it was taken`);
  }

  async withdraw(
    draftId: string,
    amendmentId: string,
    delegation: string,
  ): Promise<Position | null> {
    const [row] = await this.db.query<{ position: Position }>(
      `DELETE FROM proposal_positions WHERE draft_id = $1 AND amendment_id = $2 AND delegation = $3
       RETURNING position`,
      [draftId, amendmentId, delegation],
    );
    return row?.position ?? null;
  }

  async list(draftId: string, amendmentId: string): Promise<StoredPosition[]> {
    const rows = await this.db.query<PositionRow>(positionsSql('$1', '$2'), [draftId, amendmentId]);
    return rows.map(toStoredPosition);
  }
}
