import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DraftStore } from '@/lib/db/draft-store';
import type { Env } from '@/lib/env';
import { CollabServer } from './collab/collab-server';
import { log } from './log';

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Serves the web app (unless `web` is false) and the collaboration websocket
 * on one port.
 */
export async function startServer(
  config: Env,
  store: DraftStore,
  options: { web: boolean },
): Promise<RunningServer> {
  const collab = new CollabServer(store, {
    maxMessageBytes: config.COLLAB_MAX_MESSAGE_BYTES,
    releaseAfterMs: config.COLLAB_ROOM_RELEASE_MS,
    compactAfterUpdates: config.COLLAB_COMPACT_AFTER_UPDATES,
  });

  let handleRequest: http.RequestListener = (_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
  };
  let handleOtherUpgrade = (_req: http.IncomingMessage, socket: import('node:stream').Duplex) => {
    socket.destroy();
  };
  if (options.web) {
    const { default: next } = await import('next');
    const app = next({
      dev: config.NODE_ENV === 'development',
      dir: projectRoot,
      hostname: config.HOST,
      port: config.PORT,
    });
    await app.prepare();
    const nextRequest = app.getRequestHandler();
    handleRequest = (req, res) => void nextRequest(req, res);
    if (config.NODE_ENV === 'development') {
      // Hot reloading's websocket; production has no other websocket than ours.
      const nextUpgrade = app.getUpgradeHandler();
      handleOtherUpgrade = (req, socket) => void nextUpgrade(req, socket, Buffer.alloc(0));
    }
  }

  const server = http.createServer((req, res) => handleRequest(req, res));
  server.on('upgrade', (req, socket, head) => {
    if (!collab.handleUpgrade(req, socket, head)) handleOtherUpgrade(req, socket);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.info('Concord listening', { url: `http://${config.HOST}:${port}`, web: options.web });

  return {
    port,
    async close() {
      await collab.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
  };
}
