import { promisify } from 'node:util';
import { gunzip, gunzipSync, gzipSync } from 'node:zlib';
import { EXTRACT_FORMAT, type PrecedentExtract } from './model';

/** The extract as the committed file: compact JSON, gzip at level 9 (same input, same bytes). */
export function writeExtract(extract: PrecedentExtract): Buffer {
  return gzipSync(Buffer.from(JSON.stringify(extract), 'utf8'), { level: 9 });
}

/** @throws Error saying what is wrong when `data` is not an extract this version reads. */
export function readExtract(data: Buffer): PrecedentExtract {
  return parseExtract(() => gunzipSync(data));
}

const gunzipAsync = promisify(gunzip);

/** The same, decompressing off the main thread (zlib's pool), for a server. */
export async function readExtractAsync(data: Buffer): Promise<PrecedentExtract> {
  let raw: Buffer;
  try {
    raw = await gunzipAsync(data);
  } catch (error) {
    return parseExtract(() => {
      throw error;
    });
  }
  return parseExtract(() => raw);
}

function parseExtract(decompress: () => Buffer): PrecedentExtract {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decompress().toString('utf8'));
  } catch (error) {
    throw new Error(`not a gzip-compressed JSON extract (${(error as Error).message})`);
  }
  const extract = parsed as Partial<PrecedentExtract>;
  if (extract.format !== EXTRACT_FORMAT) {
    throw new Error(
      `format “${String(extract.format)}”, expected “${EXTRACT_FORMAT}”: rebuild it with npm run corpus:build`,
    );
  }
  if (!Array.isArray(extract.resolutions) || !Array.isArray(extract.texts)) {
    throw new Error('the extract has no resolutions or texts');
  }
  return extract as PrecedentExtract;
}
