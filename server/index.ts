import { log } from './log';
import { run } from './run';

// The whole of Concord: web app and collaboration websocket on one port.
run({ web: true }).catch((error: unknown) => {
  log.error('could not start', { reason: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
