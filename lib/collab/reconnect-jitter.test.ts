import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { jitterReconnects } from './reconnect-jitter';

/** A port nothing listens on: every attempt to connect fails at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('failed reconnections back off by 2^(n + a random fraction) × 100 ms', async () => {
  const port = await closedPort();
  const fractions = [0.9, 0.1, 0.5];
  const random = () => fractions.shift() ?? 0;
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}`, 'draft', doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: false,
  });
  jitterReconnects(provider, random);
  const counts: number[] = [];
  const third = new Promise<void>((resolve) => {
    provider.on('connection-close', () => {
      // Read once the provider has counted this failure (it does right after the event).
      queueMicrotask(() => {
        counts.push(provider.wsUnsuccessfulReconnects);
        if (counts.length === 3) resolve();
      });
    });
  });
  provider.connect();
  await third;
  provider.destroy();
  doc.destroy();
  // The stock provider would hold 1, 2, 3: each failure adds one to the count.
  assert.deepEqual(
    counts.map((n) => Math.round(n * 10) / 10),
    [1.9, 2.1, 3.5],
  );
});
