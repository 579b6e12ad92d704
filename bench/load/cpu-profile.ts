import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../harness';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/**
 * The functions in which a V8 CPU profile spent the most time itself, with
 * their share of the busy samples (all but idle), and the idle share.
 */
export function topFunctions(
  file: string,
  count = 15,
): { idle: number; top: { share: number; name: string }[] } {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[] };
  const totals = new Map<string, number>();
  let all = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    all += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    // Code loaded through tsx reports line 0: the file alone says enough.
    const file = url ? path.relative(ROOT, url.replace(/^file:\/\//, '')) : '';
    const where = file && lineNumber > 0 ? `${file}:${lineNumber + 1}` : file;
    const name = `${functionName || '(anonymous)'} ${where}`.trim();
    totals.set(name, (totals.get(name) ?? 0) + hits);
  }
  const idle = totals.get('(idle)') ?? 0;
  totals.delete('(idle)');
  const busy = Math.max(all - idle, 1);
  return {
    idle: (100 * idle) / Math.max(all, 1),
    top: [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, hits]) => ({ share: (100 * hits) / busy, name })),
  };
}

/** The `.cpuprofile` files in `dir`, newest last. */
export function profilesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => path.join(dir, name))
    .sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
}
