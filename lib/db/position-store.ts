import type { Position, PositionEntry } from '../amendments/positions';

/** Who took a position (from the session). */
export interface PositionActor {
  userId: string;
  name: string;
  delegation: string;
}

/** A delegation's position on an amendment, as stored. */
export interface StoredPosition extends PositionEntry {
  draftId: string;
  amendmentId: string;
  userId: string;
  userName: string;
}

/**
 * Positions on proposals (issue 23): one per delegation and amendment of a
 * draft; a new one replaces the delegation's previous one.
 */
export interface PositionStore {
  /** Records the delegation's position; returns the one it replaced (null: none). */
  take(input: {
    draftId: string;
    amendmentId: string;
    position: Position;
    by: PositionActor;
    at: number;
  }): Promise<Position | null>;
  /** Removes the delegation's position; returns it (null: it had none). */
  withdraw(draftId: string, amendmentId: string, delegation: string): Promise<Position | null>;
  /** The positions on one amendment, oldest first. */
  list(draftId: string, amendmentId: string): Promise<StoredPosition[]>;
}
