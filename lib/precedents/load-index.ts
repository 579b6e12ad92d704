import fs from 'node:fs';
import path from 'node:path';
import { readExtract } from './extract-file';
import { PrecedentIndex } from './precedent-index';

/** The committed extract, from the project's root (`npm run corpus:build` writes it). */
export const DEFAULT_EXTRACT_PATH = 'corpus/adopted-paragraphs.json.gz';

/** The extract's file: `CONCORD_PRECEDENTS_PATH`, else the committed one under the working folder. */
export function extractPath(): string {
  return path.resolve(process.env.CONCORD_PRECEDENTS_PATH ?? DEFAULT_EXTRACT_PATH);
}

function unreadable(file: string, error: unknown): Error {
  return new Error(
    `The adopted resolutions' extract ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): ` +
      'build it with npm run corpus:build -- <corpus dir>.',
  );
}

/**
 * Reads and indexes an extract file, a slice at a time (see `PrecedentIndex.build`), so a
 * server keeps serving meanwhile. @throws Error naming the file and what is wrong.
 */
export async function loadPrecedentIndex(file: string): Promise<PrecedentIndex> {
  let data: Buffer;
  try {
    data = await fs.promises.readFile(file);
  } catch (error) {
    throw unreadable(file, error);
  }
  try {
    return await PrecedentIndex.build(await readExtract(data));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

const KEY = Symbol.for('concord.precedentIndex');
type Holder = { [KEY]?: Promise<PrecedentIndex> };

/**
 * The index of this process, built on first use and kept: shared through
 * globalThis by the server's bundle and Next.js's. It is built a slice at a
 * time (about 2 s in all), so the process keeps serving the drafts meanwhile;
 * the look-ups that asked wait for it. A failed load is not kept, so a fixed
 * file is read on the next request.
 */
export function getPrecedentIndex(): Promise<PrecedentIndex> {
  const holder = globalThis as Holder;
  holder[KEY] ??= loadPrecedentIndex(extractPath()).catch((error: unknown) => {
    delete holder[KEY];
    throw error;
  });
  return holder[KEY];
}
