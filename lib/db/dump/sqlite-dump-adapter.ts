import type { Database, Statement } from 'better-sqlite3';
import type { DumpAdapter, DumpRow, DumpTable, DumpValue } from './dump-adapter';
import { orderDumpTables } from './dump-tables';

interface ColumnInfo {
  name: string;
  type: string;
  /** Position in the primary key, 1-based; 0 when not part of it. */
  pk: number;
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function toSqlite(value: DumpValue): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value)
    ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    : value;
}

/**
 * The dump's view of a SQLite database: tables and columns from `sqlite_master`
 * and `PRAGMA table_info`, AUTOINCREMENT bookkeeping from `sqlite_sequence`.
 */
export class SqliteDumpAdapter implements DumpAdapter {
  readonly engine = 'sqlite';
  private readonly inserts = new Map<string, Statement>();

  /** `db`: opened with `openDatabase`, so migrated and enforcing foreign keys. */
  constructor(private readonly db: Database) {}

  async schemaVersion(): Promise<number> {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  async tables(): Promise<DumpTable[]> {
    const rows = this.db
      .prepare<[], { name: string; sql: string }>(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
      )
      .all();
    return orderDumpTables(
      rows.map(({ name, sql }) => {
        const columns = this.db.pragma(`table_info(${quote(name)})`) as ColumnInfo[];
        const key = columns
          .filter((column) => column.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((column) => column.name);
        const [only] = key;
        const autoincrement =
          key.length === 1 && /\bAUTOINCREMENT\b/i.test(sql) ? (only ?? null) : null;
        return {
          name,
          columns: columns.map((column) => column.name),
          key: key.length > 0 ? key : columns.map((column) => column.name),
          sequence: autoincrement,
        };
      }),
    );
  }

  async countRows(table: DumpTable): Promise<number> {
    return this.db
      .prepare(`SELECT COUNT(*) FROM ${quote(table.name)}`)
      .pluck()
      .get() as number;
  }

  async *readRows(table: DumpTable): AsyncIterable<DumpRow> {
    const select = this.db.prepare<[], DumpRow>(
      `SELECT ${table.columns.map(quote).join(', ')} FROM ${quote(table.name)} ORDER BY ${table.key.map(quote).join(', ')}`,
    );
    for (const row of select.iterate()) yield row;
  }

  async sequences(): Promise<Record<string, number>> {
    const known = new Set((await this.tables()).map((table) => table.name));
    const rows = this.db
      .prepare<[], { name: string; seq: number }>('SELECT name, seq FROM sqlite_sequence')
      .all();
    return Object.fromEntries(
      rows.filter((row) => known.has(row.name)).map((row) => [row.name, row.seq]),
    );
  }

  async isEmpty(): Promise<boolean> {
    for (const table of await this.tables()) {
      if (this.db.prepare(`SELECT 1 FROM ${quote(table.name)} LIMIT 1`).get()) return false;
    }
    return true;
  }

  async insertRows(table: DumpTable, rows: readonly DumpRow[]): Promise<void> {
    let insert = this.inserts.get(table.name);
    if (!insert) {
      insert = this.db.prepare(
        `INSERT INTO ${quote(table.name)} (${table.columns.map(quote).join(', ')}) VALUES (${table.columns.map(() => '?').join(', ')})`,
      );
      this.inserts.set(table.name, insert);
    }
    for (const row of rows)
      insert.run(table.columns.map((column) => toSqlite(row[column] ?? null)));
  }

  async moveSequence(table: DumpTable, atLeast: number): Promise<void> {
    if (!table.sequence) return;
    const largest = this.db
      .prepare(`SELECT MAX(${quote(table.sequence)}) FROM ${quote(table.name)}`)
      .pluck()
      .get() as number | null;
    const last = Math.max(largest ?? 0, atLeast);
    if (last === 0) return;
    // Inserting explicit ids already moved the sequence to the largest; deleted ids go further.
    const present = this.db.prepare('SELECT 1 FROM sqlite_sequence WHERE name = ?').get(table.name);
    if (present) {
      this.db
        .prepare('UPDATE sqlite_sequence SET seq = ? WHERE name = ? AND seq < ?')
        .run(last, table.name, last);
    } else {
      this.db
        .prepare('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)')
        .run(table.name, last);
    }
  }

  async transaction<T>(mode: 'read' | 'write', work: () => Promise<T>): Promise<T> {
    this.db.exec(mode === 'write' ? 'BEGIN IMMEDIATE' : 'BEGIN');
    try {
      const result = await work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
