/**
 * The Hocuspocus baseline: a stock `@hocuspocus/server` with its default
 * configuration (no extensions, so documents live in memory only, and no
 * authentication) on 127.0.0.1:$PORT. `quiet` only drops the start banner.
 */
import { Server } from '@hocuspocus/server';

const server = new Server({
  port: Number(process.env.PORT ?? 0),
  address: '127.0.0.1',
  quiet: true,
});
await server.listen();
console.log(`hocuspocus listening port=${server.address.port}`);
