import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Redis, type RedisOptions } from 'ioredis';
import { SignInLimiter, type SignInLimits } from '@/lib/auth/sign-in-limiter';
import { testRedis } from '@/server/testing/redis';

/** Sign-in throttling shared by several processes through Redis (issue 24). */

const LIMITS: SignInLimits = {
  failuresBeforeDelay: 3,
  maxDelaySeconds: 60,
  maxFailuresPerAddress: 6,
  maxFailuresPerUser: 50,
  lockoutSeconds: 60,
};

const context = await testRedis();

describe(
  'sign-in throttling in Redis',
  { skip: context ? false : 'Redis is not reachable' },
  () => {
    const clients: Redis[] = [];
    /** A process's limiter, on a Redis connection of its own. */
    function processLimiter(url = context!.url, options: RedisOptions = {}) {
      const redis = new Redis(url, { maxRetriesPerRequest: 0, ...options });
      redis.on('error', () => undefined);
      clients.push(redis);
      return new SignInLimiter(LIMITS, redis, context!.prefix);
    }
    after(async () => {
      for (const redis of clients) redis.disconnect();
      await context!.cleanup();
    });

    test('failures at one process count at the other: the pair is slowed down everywhere', async () => {
      const first = processLimiter();
      const second = processLimiter();
      for (const limiter of [first, second, first]) {
        assert.deepEqual(await limiter.admit('alice', '10.0.0.1'), { locked: false });
      }
      const gate = await second.admit('alice', '10.0.0.1');
      assert.equal(gate.locked, true);
      assert.equal(gate.locked && gate.limit, 'pair');
      // Alice at another address is not held up by it.
      assert.deepEqual(await first.admit('alice', '10.0.0.2'), { locked: false });
    });

    test('the cap on one address counts its failures at every process', async () => {
      const first = processLimiter();
      const second = processLimiter();
      for (let i = 0; i < LIMITS.maxFailuresPerAddress; i++) {
        const limiter = i % 2 === 0 ? first : second;
        assert.deepEqual(await limiter.admit(`user-${i}`, '192.0.2.9'), { locked: false });
      }
      for (const limiter of [first, second]) {
        const gate = await limiter.admit('someone-new', '192.0.2.9');
        assert.equal(gate.locked && gate.limit, 'address');
      }
    });

    test('a success at one process clears the pair at the other', async () => {
      const first = processLimiter();
      const second = processLimiter();
      await first.admit('bob', '10.0.0.3');
      await first.admit('bob', '10.0.0.3');
      await second.recordSuccess('bob', '10.0.0.3');
      for (let i = 0; i < LIMITS.failuresBeforeDelay; i++) {
        assert.deepEqual(await first.admit('bob', '10.0.0.3'), { locked: false }, `attempt ${i}`);
      }
    });

    test('with Redis unreachable, sign-in is still answered and throttled (in memory)', async () => {
      const cutOff = processLimiter('redis://127.0.0.1:1', {
        enableOfflineQueue: false,
        retryStrategy: () => null,
        lazyConnect: true,
      });
      for (let i = 0; i < LIMITS.failuresBeforeDelay; i++) {
        assert.deepEqual(await cutOff.admit('carol', '10.0.0.4'), { locked: false });
      }
      assert.equal((await cutOff.admit('carol', '10.0.0.4')).locked, true);
    });
  },
);
