import type * as Y from 'yjs';

/**
 * The silence procedure as every page of a draft sees it live (issue 22): a
 * Y.Map of the draft's Y.Doc that only the server writes. Clients never
 * write it (the collaboration server refuses it, `update-rules.ts`).
 */

/** Name of the Y.Map holding the draft's silence procedure (the running one, or the last one). */
export const SILENCE_FIELD = 'silence';

/** The key of that map under which the procedure's public state sits. */
export const SILENCE_STATE_KEY = 'procedure';

/** The longest a silence procedure may run. */
export const MAX_SILENCE_DAYS = 30;

/** Longest paragraph list ("OP3, OP7") of a statement breaking silence. */
export const MAX_SILENCE_PARAGRAPHS_LENGTH = 200;

/** Longest written statement breaking silence. */
export const MAX_SILENCE_STATEMENT_LENGTH = 2000;

/** held: no delegation broke silence by the deadline; ended: ended early with no break. */
export type SilenceOutcome = 'held' | 'broken' | 'ended';

export interface SilencePerson {
  name: string;
  delegation: string;
}

export interface SilenceBreakState extends SilencePerson {
  /** Milliseconds since the epoch. */
  at: number;
  /** Free text, e.g. "OP3, OP7". */
  paragraphs: string;
  statement: string;
}

/** The public state of a draft's silence procedure. */
export interface SilenceState {
  id: number;
  revision: number;
  /** "Zero draft", "Rev.1" … */
  revisionName: string;
  startedAt: number;
  deadline: number;
  startedBy: SilencePerson;
  breaks: SilenceBreakState[];
  /** null while silence runs. */
  outcome: SilenceOutcome | null;
  endedAt: number | null;
  /** Who ended it early; null when it ended at the deadline or still runs. */
  endedBy: SilencePerson | null;
}

/** What a silence request of the web app gets back from the collaboration server. */
export type SilenceResult =
  { ok: true; state: SilenceState | null } | { ok: false; status: 400 | 404 | 409; error: string };

function isSilenceState(value: unknown): value is SilenceState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Partial<SilenceState>;
  return (
    typeof state.id === 'number' &&
    typeof state.revision === 'number' &&
    typeof state.deadline === 'number' &&
    Array.isArray(state.breaks)
  );
}

/** The draft's silence procedure as the server last wrote it; null if there has been none. */
export function readSilence(doc: Y.Doc): SilenceState | null {
  const value: unknown = doc.getMap(SILENCE_FIELD).get(SILENCE_STATE_KEY);
  return isSilenceState(value) ? value : null;
}

/** Whether the draft is under silence now (its text read-only for everyone). */
export function isUnderSilence(doc: Y.Doc): boolean {
  const state = readSilence(doc);
  return state !== null && state.outcome === null;
}

/** Writes the public state (the server only). */
export function writeSilence(doc: Y.Doc, state: SilenceState): void {
  doc.getMap(SILENCE_FIELD).set(SILENCE_STATE_KEY, state);
}
