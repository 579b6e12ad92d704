import type { SilenceOutcome } from '../../collab/silence-state';
import {
  BREAK_COLUMNS,
  START_COLUMNS,
  breakValues,
  startValues,
  toSilenceProcedure,
  type BreakRow,
  type ProcedureRow,
} from '../silence-rows';
import {
  SilenceRunningError,
  type SilenceBreak,
  type SilenceProcedure,
  type SilenceStore,
} from '../silence-store';
import { withChildren, type PgDatabase } from './pg-database';
import { isUniqueViolation } from './pg-errors';

/**
 * Silence procedures on PostgreSQL (tables `silence_procedures`, `silence_breaks`). The
 * rules hold across processes: one running procedure per draft is the partial unique index
 * `silence_procedures_one_running`; a break and an end each lock the procedure's row
 * (`FOR UPDATE`) before checking it, so a break cannot slip in after the end counted the
 * breaks, and of two ends the second finds the procedure ended.
 */
export class PgSilenceStore implements SilenceStore {
  constructor(private readonly db: PgDatabase) {}

  /** The procedures of `rows` with their breaks, read in one query. */
  private withBreaks(rows: ProcedureRow[]): Promise<SilenceProcedure[]> {
    return withChildren(
      this.db,
      rows,
      'SELECT * FROM silence_breaks WHERE procedure_id = ANY($1) ORDER BY id',
      (entry: BreakRow) => entry.procedure_id,
      toSilenceProcedure,
    );
  }

  private async one(where: string, values: unknown[]): Promise<SilenceProcedure | null> {
    const rows = await this.db.query<ProcedureRow>(
      `SELECT * FROM silence_procedures ${where}`,
      values,
    );
    const [procedure] = await this.withBreaks(rows.slice(0, 1));
    return procedure ?? null;
  }

  async start(input: Parameters<SilenceStore['start']>[0]): Promise<SilenceProcedure> {
    let rows: ProcedureRow[];
    try {
      rows = await this.db.query<ProcedureRow>(
        `INSERT INTO silence_procedures (${START_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING *`,
        startValues(input),
      );
    } catch (error) {
      if (isUniqueViolation(error, 'silence_procedures_one_running')) {
        throw new SilenceRunningError(input.draftId);
      }
      throw error;
    }
    const [procedure] = await this.withBreaks(rows);
    if (!procedure) throw new Error('silence procedure vanished after insert');
    return procedure;
  }

  async addBreak(input: SilenceBreak): Promise<SilenceBreak | null> {
    return this.db.transaction(async (client) => {
      const { rows } = await client.query<ProcedureRow>(
        'SELECT * FROM silence_procedures WHERE id = $1 FOR UPDATE',
        [input.procedureId],
      );
      const row = rows[0];
      if (!row || row.ended_at !== null || input.at >= row.deadline) return null;
      await client.query(
        `INSERT INTO silence_breaks (${BREAK_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        breakValues(input),
      );
      return input;
    });
  }

  async end(
    procedureId: number,
    input: { at: number; endedBy: string | null; ifUnbroken: 'held' | 'ended' },
  ): Promise<SilenceProcedure | null> {
    const ended = await this.db.transaction(async (client) => {
      const { rows } = await client.query<{ ended_at: number | null }>(
        'SELECT ended_at FROM silence_procedures WHERE id = $1 FOR UPDATE',
        [procedureId],
      );
      if (rows[0]?.ended_at !== null) return false;
      const breaks = await client.query<{ n: number }>(
        'SELECT count(*) AS n FROM silence_breaks WHERE procedure_id = $1',
        [procedureId],
      );
      const outcome: SilenceOutcome = (breaks.rows[0]?.n ?? 0) > 0 ? 'broken' : input.ifUnbroken;
      const updated = await client.query(
        `UPDATE silence_procedures SET ended_at = $1, outcome = $2, ended_by = $3
         WHERE id = $4 AND ended_at IS NULL`,
        [input.at, outcome, input.endedBy, procedureId],
      );
      return updated.rowCount === 1;
    });
    return ended ? this.get(procedureId) : null;
  }

  get(procedureId: number): Promise<SilenceProcedure | null> {
    return this.one('WHERE id = $1', [procedureId]);
  }

  latest(draftId: string): Promise<SilenceProcedure | null> {
    return this.one('WHERE draft_id = $1 ORDER BY id DESC LIMIT 1', [draftId]);
  }

  async running(): Promise<SilenceProcedure[]> {
    return this.withBreaks(
      await this.db.query<ProcedureRow>(
        'SELECT * FROM silence_procedures WHERE ended_at IS NULL ORDER BY id',
      ),
    );
  }
}
