import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import type { DumpAdapter } from './dump-adapter';
import { DUMP_FORMAT, DUMP_VERSION, encodeRowLine, type DumpHeader } from './dump-format';

/** The dump holds password hashes, session hashes and the cookie secret: its owner alone reads it. */
const OWNER_ONLY = 0o600;

/** fsync of a file or a directory (a directory opens read-only on Linux and macOS). */
function syncToDisk(target: string): void {
  const fd = fs.openSync(target, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes every row of every table to `file` as a dump (lib/db/dump/dump-format.ts), read in
 * one consistent snapshot and streamed line by line, never whole in memory. The file appears
 * only when complete (written beside it, then renamed). Returns the row count of each table.
 */
export async function exportDatabase(
  source: DumpAdapter,
  file: string,
): Promise<Record<string, number>> {
  const partial = path.join(
    path.dirname(path.resolve(file)),
    `.${path.basename(file)}.${process.pid}.partial`,
  );
  const out = fs.createWriteStream(partial, { flags: 'wx', mode: OWNER_ONLY });
  let failure: Error | null = null;
  out.on('error', (error) => (failure = error));
  const write = async (line: string) => {
    if (failure) throw failure;
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  try {
    await once(out, 'open');
    const counts = await source.transaction('read', async () => {
      const tables = await source.tables();
      const header: DumpHeader = {
        format: DUMP_FORMAT,
        version: DUMP_VERSION,
        schemaVersion: await source.schemaVersion(),
        exportedAt: new Date().toISOString(),
        source: source.engine,
        tables: {},
        sequences: await source.sequences(),
      };
      for (const table of tables) header.tables[table.name] = await source.countRows(table);
      await write(JSON.stringify(header));
      for (const table of tables) {
        let written = 0;
        for await (const row of source.readRows(table)) {
          await write(encodeRowLine(table.name, row));
          written++;
        }
        if (written !== header.tables[table.name]) {
          throw new Error(`Table ${table.name} changed while it was read.`);
        }
      }
      return header.tables;
    });
    out.end();
    await once(out, 'finish');
    // On disk before it takes the name, and the name on disk after: a crash of the machine
    // just after must not leave an empty or missing dump where a complete one was reported.
    syncToDisk(partial);
    fs.renameSync(partial, file);
    syncToDisk(path.dirname(path.resolve(file)));
    return counts;
  } catch (error) {
    out.destroy();
    fs.rmSync(partial, { force: true });
    throw error;
  }
}
