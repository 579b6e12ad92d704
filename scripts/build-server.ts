/**
 * `npm run build`, after `next build`: bundles the server's entry points into
 * `dist/server/` so that production runs plain Node, without a TypeScript
 * loader at start. npm packages stay external (loaded from node_modules, so the
 * server and Next.js share one copy of Yjs); `@/` paths resolve through
 * tsconfig.json. `meta.json` lists the sources each bundle was built from, to
 * tell a stale build (server/built-server.ts). Source maps are written but not
 * loaded by `npm start`: `--enable-source-maps` makes Node read every loaded
 * package's maps too, Next.js's included (about 55 MB more resident memory);
 * set NODE_OPTIONS=--enable-source-maps when a stack trace needs them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { BUILT_SERVER_DIR, BUILT_SERVER_META } from '../server/built-server';
import { projectRoot } from '../server/project-root';

const outdir = path.join(projectRoot, BUILT_SERVER_DIR);
fs.rmSync(outdir, { recursive: true, force: true });

const result = await build({
  absWorkingDir: projectRoot,
  entryPoints: ['server/index.ts', 'server/collab-standalone.ts'],
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});
fs.writeFileSync(path.join(outdir, BUILT_SERVER_META), JSON.stringify(result.metafile));
console.log(`server built into ${BUILT_SERVER_DIR}/`);
