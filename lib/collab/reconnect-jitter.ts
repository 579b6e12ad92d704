import type { WebsocketProvider } from 'y-websocket';

/**
 * Spreads `provider`'s reconnection attempts. The stock provider waits
 * 2^n × 100 ms after its n-th failed attempt (at most 2.5 s), so every page a
 * server restart dropped at once knocks again at the same instants. Adding a
 * random fraction to n before each wait spreads them over
 * [2^n, 2^(n+1)) × 100 ms instead. What Concord's editor runs, and its
 * benchmark clients with it.
 */
export function jitterReconnects(
  provider: WebsocketProvider,
  random: () => number = Math.random,
): void {
  // Emitted before the provider counts the failure and schedules the next attempt.
  provider.on('connection-close', () => {
    provider.wsUnsuccessfulReconnects = Math.floor(provider.wsUnsuccessfulReconnects) + random();
  });
}
