import type { SilenceOutcome } from '../collab/silence-state';

/** Who acted (from the session). */
export interface SilenceActor {
  userId: string;
  name: string;
  delegation: string;
}

/** A delegation's written statement breaking silence. */
export interface SilenceBreak {
  procedureId: number;
  /** Milliseconds since the epoch. */
  at: number;
  by: SilenceActor;
  /** Free text, e.g. "OP3, OP7". */
  paragraphs: string;
  statement: string;
}

/** A silence procedure on one revision of a draft (issue 22). */
export interface SilenceProcedure {
  id: number;
  draftId: string;
  revision: number;
  startedAt: number;
  deadline: number;
  startedBy: SilenceActor;
  /** null while it runs. */
  endedAt: number | null;
  outcome: SilenceOutcome | null;
  /** The user id of the facilitator who ended it early; null at the deadline. */
  endedBy: string | null;
  breaks: SilenceBreak[];
}

/** The draft already has a running silence procedure. */
export class SilenceRunningError extends Error {
  constructor(readonly draftId: string) {
    super(`Draft ${draftId} is already under silence.`);
    this.name = 'SilenceRunningError';
  }
}

/**
 * Silence procedures and the statements breaking them. At most one runs per
 * draft; a break is recorded only while its procedure runs and before its
 * deadline, and a procedure ends once: each checked in the write's own
 * transaction, so two requests at once cannot both pass.
 */
export interface SilenceStore {
  /** Starts one; `SilenceRunningError` if the draft has one running. */
  start(input: {
    draftId: string;
    revision: number;
    startedAt: number;
    deadline: number;
    startedBy: SilenceActor;
  }): Promise<SilenceProcedure>;
  /** Records a break; null when the procedure has ended or its deadline has passed at `at`. */
  addBreak(input: SilenceBreak): Promise<SilenceBreak | null>;
  /**
   * Ends a running procedure: 'broken' if it has a break, otherwise `ifUnbroken`
   * ('held' at the deadline, 'ended' when ended early). null if it had already ended.
   */
  end(
    procedureId: number,
    input: { at: number; endedBy: string | null; ifUnbroken: 'held' | 'ended' },
  ): Promise<SilenceProcedure | null>;
  get(procedureId: number): Promise<SilenceProcedure | null>;
  /** The draft's latest procedure (running or ended), or null. */
  latest(draftId: string): Promise<SilenceProcedure | null>;
  /** Every running procedure of every draft. */
  running(): Promise<SilenceProcedure[]>;
}
