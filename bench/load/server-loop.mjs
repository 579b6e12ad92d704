/**
 * Preloaded into every server process the load bench starts (Concord and the
 * baselines alike, `NODE_OPTIONS=--import …`): measures the server's
 * event-loop delay. When the bench writes a new number to `$BENCH_LOOP_DIR/mark`,
 * it writes the delay since the previous mark to `loop-<pid>.json` there, in
 * ms beyond the 10 ms sampling, and starts counting afresh.
 *
 * Plain JavaScript, so that the stock y-websocket server (plain JavaScript too)
 * need not load tsx for it: tsx adds ~35 MB to a process's RSS.
 */
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const RESOLUTION_MS = 10;
const dir = process.env.BENCH_LOOP_DIR;
if (dir) {
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  /** @param {number} ns */
  const ms = (ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  const markFile = path.join(dir, 'mark');
  let seen = '';
  const onMark = () => {
    let mark = '';
    try {
      mark = fs.readFileSync(markFile, 'utf8');
    } catch {
      return;
    }
    if (mark === '' || mark === seen) return;
    seen = mark;
    const reply = {
      mark,
      p99: ms(delay.percentile(99)),
      max: ms(delay.max),
    };
    delay.reset();
    const file = path.join(dir, `loop-${process.pid}.json`);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(reply));
    fs.renameSync(`${file}.tmp`, file);
  };
  fs.watch(dir, (_event, name) => {
    if (name === 'mark') onMark();
  }).unref();
}
