import { log } from './log';
import { run } from './run';

// The collaboration websocket alone, without the web app: for tests, benchmarks
// and deployments that run it as its own process.
run({ web: false }).catch((error: unknown) => {
  log.error('could not start', { reason: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
