import type { Database } from 'better-sqlite3';
import type { SilenceOutcome } from '../collab/silence-state';
import {
  SilenceRunningError,
  type SilenceBreak,
  type SilenceProcedure,
  type SilenceStore,
} from './silence-store';
import {
  BREAK_COLUMNS,
  START_COLUMNS,
  breakValues,
  startValues,
  toSilenceProcedure,
  type BreakRow,
  type ProcedureRow,
} from './silence-rows';
import { writeWhenFree } from './write-when-free';

function isConstraintError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}

/** Silence procedures on SQLite (tables `silence_procedures`, `silence_breaks`). */
export class SqliteSilenceStore implements SilenceStore {
  constructor(private readonly db: Database) {}

  private withBreaks(row: ProcedureRow): SilenceProcedure {
    const breaks = this.db
      .prepare('SELECT * FROM silence_breaks WHERE procedure_id = ? ORDER BY id')
      .all(row.id) as BreakRow[];
    return toSilenceProcedure(row, breaks);
  }

  private row(procedureId: number): ProcedureRow | undefined {
    return this.db.prepare('SELECT * FROM silence_procedures WHERE id = ?').get(procedureId) as
      ProcedureRow | undefined;
  }

  async start(input: Parameters<SilenceStore['start']>[0]): Promise<SilenceProcedure> {
    let id: number;
    try {
      id = await writeWhenFree(this.db, () =>
        Number(
          this.db
            .prepare(
              `INSERT INTO silence_procedures (${START_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(...startValues(input)).lastInsertRowid,
        ),
      );
    } catch (error) {
      if (isConstraintError(error) && (await this.latest(input.draftId))?.endedAt === null) {
        throw new SilenceRunningError(input.draftId);
      }
      throw error;
    }
    const row = this.row(id);
    if (!row) throw new Error(`silence procedure ${id} vanished`);
    return this.withBreaks(row);
  }

  async addBreak(input: SilenceBreak): Promise<SilenceBreak | null> {
    return writeWhenFree(this.db, () => {
      const row = this.row(input.procedureId);
      if (!row || row.ended_at !== null || input.at >= row.deadline) return null;
      this.db
        .prepare(`INSERT INTO silence_breaks (${BREAK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`)
        .run(...breakValues(input));
      return input;
    });
  }

  async end(
    procedureId: number,
    input: { at: number; endedBy: string | null; ifUnbroken: 'held' | 'ended' },
  ): Promise<SilenceProcedure | null> {
    const ended = await writeWhenFree(this.db, () => {
      const breaks = this.db
        .prepare('SELECT count(*) AS n FROM silence_breaks WHERE procedure_id = ?')
        .get(procedureId) as { n: number };
      const outcome: SilenceOutcome = breaks.n > 0 ? 'broken' : input.ifUnbroken;
      return this.db
        .prepare(
          `UPDATE silence_procedures SET ended_at = ?, outcome = ?, ended_by = ?
           WHERE id = ? AND ended_at IS NULL`,
        )
        .run(input.at, outcome, input.endedBy, procedureId).changes;
    });
    return ended === 1 ? this.get(procedureId) : null;
  }

  async get(procedureId: number): Promise<SilenceProcedure | null> {
    const row = this.row(procedureId);
    return row ? this.withBreaks(row) : null;
  }

  async latest(draftId: string): Promise<SilenceProcedure | null> {
    const row = this.db
      .prepare('SELECT * FROM silence_procedures WHERE draft_id = ? ORDER BY id DESC LIMIT 1')
      .get(draftId) as ProcedureRow | undefined;
    return row ? this.withBreaks(row) : null;
  }

  async running(): Promise<SilenceProcedure[]> {
    const rows = this.db
      .prepare('SELECT * FROM silence_procedures WHERE ended_at IS NULL ORDER BY id')
      .all() as ProcedureRow[];
    return rows.map((row) => this.withBreaks(row));
  }
}
