import type { DumpEngine, DumpRow, DumpTable, DumpValue } from './dump-adapter';

/** The `format` of a dump's first line: what tells a dump from any other JSON Lines file. */
export const DUMP_FORMAT = 'concord-db-dump';

/** The version of the file layout (not of the database schema). */
export const DUMP_VERSION = 1;

/** The first line of a dump. */
export interface DumpHeader {
  format: typeof DUMP_FORMAT;
  version: typeof DUMP_VERSION;
  /** The source's schema version: a dump loads only into a database at the same one. */
  schemaVersion: number;
  /** ISO 8601. */
  exportedAt: string;
  source: DumpEngine;
  /** Every table, in the order its rows follow, with its row count (how a cut-off file shows). */
  tables: Record<string, number>;
  /** The last id each table's sequence handed out (see `DumpAdapter.sequences`). */
  sequences: Record<string, number>;
}

/** A dump that cannot be read, with the line at fault (1 is the header). */
export class DumpFileError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`Line ${line} of the dump: ${reason}`);
    this.name = 'DumpFileError';
  }
}

/** JSON for one row line; bytes as `{"$bytes": base64}`, which no other value looks like. */
export function encodeRowLine(table: string, row: DumpRow): string {
  const r: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    r[column] =
      value instanceof Uint8Array
        ? {
            $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString(
              'base64',
            ),
          }
        : value;
  }
  return JSON.stringify({ t: table, r });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DumpFileError(
      line,
      `not JSON (${error instanceof Error ? error.message : String(error)}); the file may be cut off`,
    );
  }
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** Reads and checks the first line. */
export function decodeHeader(text: string): DumpHeader {
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch {
    throw new DumpFileError(1, 'not a Concord database dump (not JSON)');
  }
  if (!isRecord(header) || header.format !== DUMP_FORMAT) {
    throw new DumpFileError(1, `not a Concord database dump (no "format": "${DUMP_FORMAT}")`);
  }
  if (header.version !== DUMP_VERSION) {
    throw new DumpFileError(
      1,
      `dump format version ${String(header.version)}; this Concord reads version ${DUMP_VERSION}`,
    );
  }
  const { schemaVersion, exportedAt, source, tables, sequences } = header;
  if (!isCount(schemaVersion)) throw new DumpFileError(1, 'no schemaVersion');
  if (typeof exportedAt !== 'string') throw new DumpFileError(1, 'no exportedAt');
  if (source !== 'sqlite' && source !== 'postgres') {
    throw new DumpFileError(1, 'source is neither "sqlite" nor "postgres"');
  }
  if (!isRecord(tables) || !Object.values(tables).every(isCount)) {
    throw new DumpFileError(1, '"tables" is not a map of table names to row counts');
  }
  if (!isRecord(sequences) || !Object.values(sequences).every(isCount)) {
    throw new DumpFileError(1, '"sequences" is not a map of table names to ids');
  }
  return {
    format: DUMP_FORMAT,
    version: DUMP_VERSION,
    schemaVersion,
    exportedAt,
    source,
    tables: tables as Record<string, number>,
    sequences: sequences as Record<string, number>,
  };
}

function decodeValue(value: unknown, where: () => string, line: number): DumpValue {
  if (value === null || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DumpFileError(line, `${where()} is not a finite number`);
    return value;
  }
  if (isRecord(value) && typeof value.$bytes === 'string' && Object.keys(value).length === 1) {
    return Buffer.from(value.$bytes, 'base64');
  }
  throw new DumpFileError(
    line,
    `${where()} is neither null, a number, a string nor {"$bytes": base64}`,
  );
}

/** Reads and checks one row line against the destination's tables. */
export function decodeRowLine(
  text: string,
  line: number,
  tables: ReadonlyMap<string, DumpTable>,
): { table: DumpTable; row: DumpRow } {
  const parsed = parseJson(text, line);
  if (!isRecord(parsed) || typeof parsed.t !== 'string' || !isRecord(parsed.r)) {
    throw new DumpFileError(line, 'not a row ({"t": table, "r": {column: value}})');
  }
  const table = tables.get(parsed.t);
  if (!table) throw new DumpFileError(line, `unknown table "${parsed.t}"`);
  const row: DumpRow = {};
  for (const [column, value] of Object.entries(parsed.r)) {
    if (!table.columns.includes(column)) {
      throw new DumpFileError(line, `table ${table.name} has no column "${column}"`);
    }
    row[column] = decodeValue(value, () => `${table.name}.${column}`, line);
  }
  const missing = table.columns.filter((column) => !Object.hasOwn(row, column));
  if (missing.length > 0) {
    throw new DumpFileError(line, `the ${table.name} row lacks ${missing.join(', ')}`);
  }
  return { table, row };
}
