import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the tests use (`CONCORD_TEST_REDIS_URL`, by default the machine's own). */
export const TEST_REDIS_URL = process.env.CONCORD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let saidSkipped = false;

export interface TestRedis {
  url: string;
  /** A key prefix of this test's own (CLUSTER_KEY_PREFIX): tests never see each other's keys. */
  prefix: string;
  /** A client of the test's own (closed by `cleanup`). */
  redis: Redis;
  /** Deletes the test's keys and closes the client. */
  cleanup(): Promise<void>;
}

/**
 * Redis for a test, or null (said once on stderr) when none answers, so that
 * `npm test` on a machine without Redis says what it skipped and passes the rest.
 */
export async function testRedis(): Promise<TestRedis | null> {
  const redis = new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1000,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch {
    redis.disconnect();
    if (!saidSkipped) {
      saidSkipped = true;
      const { hostname, port } = new URL(TEST_REDIS_URL);
      console.error(
        `Redis tests skipped: no server at ${hostname}:${port || 6379} (set CONCORD_TEST_REDIS_URL)`,
      );
    }
    return null;
  }
  const prefix = `concord-test-${randomBytes(6).toString('hex')}:`;
  return {
    url: TEST_REDIS_URL,
    prefix,
    redis,
    async cleanup() {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    },
  };
}
