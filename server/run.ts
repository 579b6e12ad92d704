import { getStores } from '@/lib/db/stores';
import { env } from '@/lib/env';
import { startServer } from './http-server';
import { log } from './log';

/** Starts the server and stops it cleanly on SIGINT / SIGTERM. */
export async function run(options: { web: boolean }): Promise<void> {
  const stores = getStores();
  // PostgreSQL connects lazily: an unreachable or too-new database stops the start here,
  // with a message naming the server (never its password).
  await stores.ready?.();
  const server = await startServer(env, stores, options);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('error while stopping', { reason: String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
