import type { Revision, RevisionSummary } from '../revisions/revision';

/** A revision with that number already exists (two facilitators issued one at once). */
export class RevisionConflictError extends Error {
  constructor(
    readonly draftId: string,
    readonly number: number,
  ) {
    super(`Draft ${draftId} already has revision ${number}.`);
    this.name = 'RevisionConflictError';
  }
}

/**
 * The revisions of drafts (issue 22): added, listed, read; never changed or
 * removed (the database refuses it). Also which revision each user last read.
 */
export interface RevisionStore {
  /** Stores the next revision; `RevisionConflictError` if its number is taken. */
  add(revision: Revision): Promise<RevisionSummary>;
  list(draftId: string): Promise<RevisionSummary[]>;
  get(draftId: string, number: number): Promise<Revision | null>;
  /** Records that the user read revision `number` (the newest one read is kept). */
  markSeen(userId: string, draftId: string, number: number): Promise<void>;
  /** The newest revision the user read, or null. */
  lastSeen(userId: string, draftId: string): Promise<number | null>;
}
