import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Connections taken by each backend so far (by index). */
  taken: number[];
  close(): Promise<void>;
}

/**
 * A load balancer as small as can be, for the tests of several Concord
 * processes (issue 24): each new connection goes to the next backend in turn
 * (`round-robin`), or always to the first that takes it (`failover`: the
 * others are standbys); when one refuses it (its process is dead), to the next
 * that takes it. Bytes are passed as they are, so websockets pass too; a
 * backend that dies takes its connections with it, and the clients reconnect
 * through here.
 */
export async function startTcpProxy(
  backendPorts: readonly number[],
  mode: 'round-robin' | 'failover' = 'round-robin',
): Promise<TcpProxy> {
  let next = 0;
  const taken = backendPorts.map(() => 0);
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const first = next;
    if (mode === 'round-robin') next = (next + 1) % backendPorts.length;
    const tryBackend = (attempt: number) => {
      if (attempt >= backendPorts.length || client.destroyed) return client.destroy();
      const index = (first + attempt) % backendPorts.length;
      const backend = net.connect(backendPorts[index] ?? 0, '127.0.0.1');
      // Refused (the backend's process is dead): the next one.
      const refused = () => {
        backend.destroy();
        tryBackend(attempt + 1);
      };
      backend.once('error', refused);
      backend.once('connect', () => {
        taken[index] = (taken[index] ?? 0) + 1;
        open.add(backend);
        backend.off('error', refused);
        backend.on('error', () => client.destroy());
        backend.on('close', () => {
          open.delete(backend);
          client.destroy();
        });
        client.on('close', () => backend.destroy());
        client.pipe(backend);
        backend.pipe(client);
        client.resume();
      });
    };
    tryBackend(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    taken,
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
