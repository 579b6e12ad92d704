/** The engines a dump moves between. */
export type DumpEngine = 'sqlite' | 'postgres';

/** One column's value as every engine can hold it: BLOB/BYTEA as bytes, integers as numbers. */
export type DumpValue = null | number | string | Uint8Array;

/** One row, column name to value. */
export type DumpRow = Record<string, DumpValue>;

/** A table as the database describes it (not written down here: a migration may change it). */
export interface DumpTable {
  name: string;
  /** Every column, in the table's order. */
  columns: readonly string[];
  /** The primary key's columns: rows are read in this order, so two dumps of one state match. */
  key: readonly string[];
  /** The column whose ids a sequence hands out (SQLite AUTOINCREMENT, PostgreSQL identity), if any. */
  sequence: string | null;
}

/**
 * One database as the dump sees it: its tables, their rows in key order, and
 * loading rows with their ids as they are. One adapter per engine, so that
 * `exportDatabase` and `importDatabase` are written once and move any engine
 * to any other.
 */
export interface DumpAdapter {
  readonly engine: DumpEngine;
  /** How many migrations the schema has had (a dump loads only into the same schema). */
  schemaVersion(): Promise<number>;
  /** Concord's tables in foreign-key order (`orderDumpTables`), the engine's own left out. */
  tables(): Promise<DumpTable[]>;
  countRows(table: DumpTable): Promise<number>;
  /** The table's rows in key order, streamed. */
  readRows(table: DumpTable): AsyncIterable<DumpRow>;
  /**
   * The last id each sequence has handed out, by table: more than the largest id when rows were
   * deleted (compaction deletes a draft's folded updates; their numbers must not come back).
   */
  sequences(): Promise<Record<string, number>>;
  /** True when no table holds a row. */
  isEmpty(): Promise<boolean>;
  /** Inserts rows as they are, ids included (the rows carry every column of the table). */
  insertRows(table: DumpTable, rows: readonly DumpRow[]): Promise<void>;
  /** Moves the table's sequence so that its next id is above both its largest id and `atLeast`. */
  moveSequence(table: DumpTable, atLeast: number): Promise<void>;
  /**
   * Runs `work` in one transaction: `read` sees one consistent state of every table
   * (others may write meanwhile), `write` commits all of it or, when `work` throws, nothing.
   */
  transaction<T>(mode: 'read' | 'write', work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
