import fs from 'node:fs';
import readline from 'node:readline';
import type { DumpAdapter, DumpRow, DumpTable } from './dump-adapter';
import { decodeHeader, decodeRowLine, DumpFileError, type DumpHeader } from './dump-format';

/** The destination cannot take this dump (not empty, another schema): nothing was written. */
export class DumpRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DumpRefusedError';
  }
}

/** Rows sent to the database at once: fewer round trips, bounded memory. */
const BATCH_ROWS = 500;
const BATCH_BYTES = 4 * 1024 * 1024;

function rowBytes(row: DumpRow): number {
  let bytes = 0;
  for (const value of Object.values(row)) {
    bytes += value instanceof Uint8Array || typeof value === 'string' ? value.length : 8;
  }
  return bytes;
}

function checkTables(header: DumpHeader, tables: readonly DumpTable[]): void {
  const known = new Set(tables.map((table) => table.name));
  const unknown = Object.keys(header.tables).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new DumpFileError(1, `unknown tables ${unknown.join(', ')}`);
  const strays = Object.keys(header.sequences).filter((name) => !known.has(name));
  if (strays.length > 0)
    throw new DumpFileError(1, `sequences of unknown tables ${strays.join(', ')}`);
  const absent = tables.filter((table) => !(table.name in header.tables));
  if (absent.length > 0) {
    throw new DumpFileError(1, `no table ${absent.map((t) => t.name).join(', ')} in the dump`);
  }
}

/**
 * Loads the dump at `file` into an empty database in one transaction: every row, ids as they
 * are (the audit chain's hashes, the update sequence numbers, the thread and comment ids the
 * live documents name), then the sequences past them. The file is streamed. Refuses a
 * destination holding any row or at another schema version (`DumpRefusedError`) and a bad
 * or cut-off file (`DumpFileError`, with the line); either way the destination is untouched.
 * Returns the row count of each table.
 */
export async function importDatabase(
  destination: DumpAdapter,
  file: string,
): Promise<Record<string, number>> {
  const input = fs.createReadStream(file);
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  try {
    const first = await iterator.next();
    if (first.done) throw new DumpFileError(1, 'the file is empty');
    const header = decodeHeader(first.value);
    const schemaVersion = await destination.schemaVersion();
    if (header.schemaVersion !== schemaVersion) {
      throw new DumpRefusedError(
        `The dump is of schema version ${header.schemaVersion} and the destination is at ${schemaVersion}: ` +
          'load it with the Concord that wrote it, or bring both to the same version first.',
      );
    }
    const tables = await destination.tables();
    checkTables(header, tables);
    const byName = new Map(tables.map((table) => [table.name, table]));
    return await destination.transaction('write', async () => {
      if (!(await destination.isEmpty())) {
        throw new DumpRefusedError(
          'The destination database already holds data; a dump loads only into an empty one. Nothing was written.',
        );
      }
      const counts: Record<string, number> = Object.fromEntries(tables.map((t) => [t.name, 0]));
      let batch: DumpRow[] = [];
      let batchTable: DumpTable | null = null;
      let batchBytes = 0;
      const flush = async () => {
        if (batchTable && batch.length > 0) await destination.insertRows(batchTable, batch);
        batch = [];
        batchBytes = 0;
      };
      let line = 1;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        line++;
        if (next.value === '') continue;
        const { table, row } = decodeRowLine(next.value, line, byName);
        if (table !== batchTable) {
          await flush();
          batchTable = table;
        }
        counts[table.name] = (counts[table.name] ?? 0) + 1;
        if ((counts[table.name] ?? 0) > (header.tables[table.name] ?? 0)) {
          throw new DumpFileError(line, `more ${table.name} rows than the header counts`);
        }
        batch.push(row);
        batchBytes += rowBytes(row);
        if (batch.length >= BATCH_ROWS || batchBytes >= BATCH_BYTES) await flush();
      }
      await flush();
      for (const table of tables) {
        const expected = header.tables[table.name] ?? 0;
        if (counts[table.name] !== expected) {
          throw new DumpFileError(
            line,
            `the dump ends with ${counts[table.name]} of the ${expected} rows of ${table.name}: it is cut off`,
          );
        }
      }
      for (const table of tables) {
        if (table.sequence)
          await destination.moveSequence(table, header.sequences[table.name] ?? 0);
      }
      return counts;
    });
  } finally {
    lines.close();
    input.destroy();
  }
}
