import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { eventually } from '../testing/headless-client';
import { testRedis, type TestRedis } from '../testing/redis';
import { DraftLeases, newMember } from './draft-leases';

const redisForTests = await testRedis();
const skip = redisForTests ? false : 'Redis is not reachable (see the message above)';

describe('draft leases in Redis (issue 24)', { skip }, () => {
  let context: TestRedis;
  const opened: DraftLeases[] = [];
  const clients: Redis[] = [];

  /** A process's leases on a Redis connection of its own; `lost` lists the drafts it lost. */
  function processLeases(name: string, ttlMs = 600) {
    const redis = new Redis(context.url, { maxRetriesPerRequest: 0, commandTimeout: 300 });
    redis.on('error', () => undefined);
    clients.push(redis);
    const lost: string[] = [];
    const leases = new DraftLeases(redis, newMember(`http://${name}.invalid:1`), {
      ttlMs,
      keyPrefix: context.prefix,
      onLost: (draftId) => lost.push(draftId),
    });
    opened.push(leases);
    return { leases, lost, redis };
  }

  before(() => {
    context = redisForTests!;
  });
  after(async () => {
    for (const leases of opened) await leases.close().catch(() => undefined);
    for (const redis of clients) redis.disconnect();
    await context.cleanup();
  });

  test('one process at a time owns a draft; the others are told which, and where', async () => {
    const a = processLeases('a');
    const b = processLeases('b');
    const [fromA, fromB] = await Promise.all([
      a.leases.acquire('draft-1'),
      b.leases.acquire('draft-1'),
    ]);
    assert.equal([fromA, fromB].filter((result) => result.mine).length, 1, 'exactly one owns it');
    const [winner, loser, lost] = fromA.mine ? [a, fromB, b] : [b, fromA, a];
    assert.ok(!loser.mine);
    assert.deepEqual(loser.owner, winner.leases.self);
    assert.equal(lost.leases.holds('draft-1'), false);
    assert.deepEqual(await lost.leases.owner('draft-1'), winner.leases.self);
    // Taking it again is idempotent for its owner.
    assert.deepEqual(await winner.leases.acquire('draft-1'), { mine: true });
  });

  test('renewals keep a lease past its time; a release frees it at once', async () => {
    const a = processLeases('a');
    const b = processLeases('b');
    assert.deepEqual(await a.leases.acquire('draft-2'), { mine: true });
    await new Promise((resolve) => setTimeout(resolve, 1500)); // 2.5 × the lease's time
    assert.equal(a.lost.length, 0);
    assert.equal((await b.leases.acquire('draft-2')).mine, false, 'still a’s');
    await a.leases.release('draft-2');
    assert.deepEqual(await b.leases.acquire('draft-2'), { mine: true });
  });

  test('a process that stops answering loses its drafts to the next one within the lease time, and knows it', async () => {
    const a = processLeases('a');
    const b = processLeases('b');
    assert.deepEqual(await a.leases.acquire('draft-3'), { mine: true });
    // Cut a off from Redis: its renewals fail, as when its process hangs or its network goes.
    a.redis.disconnect();
    const cutAt = performance.now();
    await eventually(() => assert.deepEqual(a.lost, ['draft-3']), 3000);
    const gaveUpAfter = performance.now() - cutAt;
    const movedAt = await eventually(async () => {
      assert.deepEqual(await b.leases.acquire('draft-3'), { mine: true });
      return performance.now();
    }, 3000);
    // a gave up before b could take over: never two owners at once.
    assert.ok(
      cutAt + gaveUpAfter <= movedAt,
      `a gave up at +${gaveUpAfter.toFixed(0)} ms, b took over at +${(movedAt - cutAt).toFixed(0)} ms`,
    );
    assert.equal(a.leases.holds('draft-3'), false);
  });

  test('a lease taken by another process (after it expired) is noticed at the next renewal', async () => {
    const a = processLeases('a');
    assert.deepEqual(await a.leases.acquire('draft-4'), { mine: true });
    // Another member writes over it, as if a's lease had expired and b had taken it.
    await context.redis.set(`${context.prefix}lease:draft-4`, 'someone-else http://b.invalid:1');
    await eventually(() => assert.deepEqual(a.lost, ['draft-4']), 2000);
    assert.deepEqual(await a.leases.owner('draft-4'), {
      id: 'someone-else',
      url: 'http://b.invalid:1',
    });
  });
});
