import { promisify } from 'node:util';
import { gunzip, gzipSync } from 'node:zlib';
import { EXTRACT_FORMAT, type PrecedentExtract } from './model';

/** The extract as the committed file: compact JSON, gzip at level 9 (same input, same bytes). */
export function writeExtract(extract: PrecedentExtract): Buffer {
  return gzipSync(Buffer.from(JSON.stringify(extract), 'utf8'), { level: 9 });
}

const gunzipAsync = promisify(gunzip);

/**
 * The extract in `data`, decompressed off the main thread (zlib's pool), so a server keeps
 * serving meanwhile. @throws Error saying what is wrong when it is not an extract this version reads.
 */
export async function readExtract(data: Buffer): Promise<PrecedentExtract> {
  let parsed: unknown;
  try {
    parsed = JSON.parse((await gunzipAsync(data)).toString('utf8'));
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
