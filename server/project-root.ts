import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the nearest package.json above `from`: the repository's root
 * whether this code runs from its source (`server/`) or from the bundle
 * `npm run build` writes (`dist/server/`).
 */
function findProjectRoot(from: string): string {
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** The repository's root folder (Next.js's `dir`: `.next/`, `public/`, next.config.js). */
export const projectRoot = findProjectRoot(fileURLToPath(import.meta.url));
