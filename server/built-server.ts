import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './project-root';

/** Where `npm run build` bundles the server (scripts/build-server.ts), from the root. */
export const BUILT_SERVER_DIR = 'dist/server';
/** esbuild's metafile of that build: the sources it read. */
export const BUILT_SERVER_META = 'meta.json';

interface BuildMeta {
  inputs: Record<string, unknown>;
}

/** Entries found current in this process: sources edited later in a test run do not stop it. */
const checked = new Map<string, string>();

/**
 * The built form of a server entry point (`server/index.ts` →
 * `dist/server/index.js`), once it is certain to be the current code: throws,
 * saying to run `npm run build`, when it is missing or older than a source it
 * was built from (checked once per process).
 */
export function builtServerEntry(entry: string): string {
  const known = checked.get(entry);
  if (known) return known;
  const file = path.join(projectRoot, BUILT_SERVER_DIR, `${path.basename(entry, '.ts')}.js`);
  const metaFile = path.join(projectRoot, BUILT_SERVER_DIR, BUILT_SERVER_META);
  if (!fs.existsSync(file) || !fs.existsSync(metaFile)) {
    throw new Error(`${path.relative(projectRoot, file)} is not built: run npm run build`);
  }
  const builtAt = fs.statSync(file).mtimeMs;
  const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as BuildMeta;
  for (const source of Object.keys(meta.inputs)) {
    const stat = fs.statSync(path.join(projectRoot, source), { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs > builtAt) {
      throw new Error(
        `${path.relative(projectRoot, file)} is older than ${source}: run npm run build`,
      );
    }
  }
  checked.set(entry, file);
  return file;
}
