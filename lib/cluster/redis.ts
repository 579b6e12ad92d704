import { Redis } from 'ioredis';
import { env } from '../env';
import { log } from '../log';

const KEY = Symbol.for('concord.redis');
type Holder = { [KEY]?: Redis | null };

/** The host and port of a Redis URL, for messages (never its password). */
export function redisAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'an unreadable REDIS_URL';
  }
}

/**
 * Connects to `url` with ioredis: it reconnects by itself and queues commands
 * meanwhile, and each command fails after `commandTimeoutMs` instead of
 * waiting for ever (a lease renewal must know in time that it failed).
 */
export function openRedis(url: string, commandTimeoutMs = 2000): Redis {
  const redis = new Redis(url, {
    commandTimeout: commandTimeoutMs,
    maxRetriesPerRequest: 2,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 100, 1000),
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log.warn('Redis unreachable; retrying', { redis: redisAddress(url), reason: error.message });
  });
  redis.on('ready', () => {
    if (down) log.info('Redis reachable again', { redis: redisAddress(url) });
    down = false;
  });
  return redis;
}

/**
 * The process's Redis client when `REDIS_URL` is set (several processes), else
 * null. Kept on `globalThis` so the server and the Next.js bundle, which load
 * separate copies of this module, share one connection.
 */
export function getRedis(): Redis | null {
  const holder = globalThis as Holder;
  if (holder[KEY] === undefined) holder[KEY] = env.REDIS_URL ? openRedis(env.REDIS_URL) : null;
  return holder[KEY];
}

/** Closes the process's client (at shutdown). */
export async function closeRedis(): Promise<void> {
  const holder = globalThis as Holder;
  const redis = holder[KEY];
  holder[KEY] = undefined;
  if (redis) await redis.quit().catch(() => redis.disconnect());
}
