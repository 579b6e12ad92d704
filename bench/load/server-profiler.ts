/**
 * Preloaded into a server process (`NODE_OPTIONS=--import …`) when the load
 * benchmark is run with `--server-profile`: records a V8 CPU profile (Node 20
 * refuses `--cpu-prof` in NODE_OPTIONS) and writes it to $BENCH_PROFILE_DIR
 * when the process exits.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  process.on('exit', () => {
    // An in-process inspector session answers synchronously, so this runs before the exit.
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(
        path.join(dir, `server-${process.pid}.cpuprofile`),
        JSON.stringify(result.profile),
      );
    });
  });
  // A server without a SIGTERM handler of its own (the y-websocket one) still exits through 'exit'.
  process.on('SIGTERM', () => {
    if (process.listenerCount('SIGTERM') === 1) process.exit(0);
  });
}
