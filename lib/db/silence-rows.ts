import type { SilenceOutcome } from '../collab/silence-state';
import type { SilenceBreak, SilenceProcedure, SilenceStore } from './silence-store';

/** A row of `silence_procedures` as every engine reads it. */
export interface ProcedureRow {
  id: number;
  draft_id: string;
  revision: number;
  started_at: number;
  deadline: number;
  started_by: string;
  started_by_name: string;
  delegation: string;
  ended_at: number | null;
  outcome: SilenceOutcome | null;
  ended_by: string | null;
}

/** A row of `silence_breaks`. */
export interface BreakRow {
  procedure_id: number;
  at: number;
  user_id: string;
  user_name: string;
  delegation: string;
  paragraphs: string;
  statement: string;
}

/** The columns of `silence_breaks` a break is written to, in the order of `breakValues`. */
export const BREAK_COLUMNS =
  'procedure_id, at, user_id, user_name, delegation, paragraphs, statement';

export function breakValues(input: SilenceBreak): unknown[] {
  return [
    input.procedureId,
    input.at,
    input.by.userId,
    input.by.name,
    input.by.delegation,
    input.paragraphs,
    input.statement,
  ];
}

/** The columns of `silence_procedures` a start writes, in the order of `startValues`. */
export const START_COLUMNS =
  'draft_id, revision, started_at, deadline, started_by, started_by_name, delegation';

export function startValues(input: Parameters<SilenceStore['start']>[0]): unknown[] {
  return [
    input.draftId,
    input.revision,
    input.startedAt,
    input.deadline,
    input.startedBy.userId,
    input.startedBy.name,
    input.startedBy.delegation,
  ];
}

function toBreak(row: BreakRow): SilenceBreak {
  return {
    procedureId: row.procedure_id,
    at: row.at,
    by: { userId: row.user_id, name: row.user_name, delegation: row.delegation },
    paragraphs: row.paragraphs,
    statement: row.statement,
  };
}

/** A procedure with its breaks (`breaks`: its rows of `silence_breaks`, in id order). */
export function toSilenceProcedure(
  row: ProcedureRow,
  breaks: readonly BreakRow[],
): SilenceProcedure {
  return {
    id: row.id,
    draftId: row.draft_id,
    revision: row.revision,
    startedAt: row.started_at,
    deadline: row.deadline,
    startedBy: { userId: row.started_by, name: row.started_by_name, delegation: row.delegation },
    endedAt: row.ended_at,
    outcome: row.outcome,
    endedBy: row.ended_by,
    breaks: breaks.map(toBreak),
  };
}
