import type { Position } from '../amendments/positions';
import type { StoredPosition } from './position-store';

/** A row of `proposal_positions` as every engine reads it. */
export interface PositionRow {
  draft_id: string;
  amendment_id: string;
  delegation: string;
  position: Position;
  user_id: string;
  user_name: string;
  at: number;
}

/** The positions on one amendment (parameters: draft, amendment), oldest first. */
export function positionsSql(draftParameter: string, amendmentParameter: string): string {
  return `SELECT * FROM proposal_positions
    WHERE draft_id = ${draftParameter} AND amendment_id = ${amendmentParameter}
    ORDER BY at, delegation`;
}

export function toStoredPosition(row: PositionRow): StoredPosition {
  return {
    draftId: row.draft_id,
    amendmentId: row.amendment_id,
    delegation: row.delegation,
    position: row.position,
    userId: row.user_id,
    userName: row.user_name,
    at: row.at,
  };
}
