import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  type RateLimiterAbstract,
  type RateLimiterRes,
} from 'rate-limiter-flexible';

export interface SignInLimits {
  /**
   * Failed attempts for one username from one address before each next
   * attempt of that pair must wait: 1 s, then 2 s, 4 s … up to `maxDelaySeconds`.
   */
  failuresBeforeDelay: number;
  /** The longest wait between two attempts of one username from one address. */
  maxDelaySeconds: number;
  /** Failed attempts from one address (any usernames) before it is refused for `lockoutSeconds`. */
  maxFailuresPerAddress: number;
  /**
   * Failed attempts for one username from all addresses together before it is
   * refused for `lockoutSeconds`, except at addresses it has signed in from.
   */
  maxFailuresPerUser: number;
  /** The window of the address and username caps, and how long their refusal lasts. */
  lockoutSeconds: number;
}

/** Which limit refused an attempt. */
export type SignInLimit = 'pair' | 'address' | 'user';

export type SignInGate =
  { locked: false } | { locked: true; retryAfterMs: number; limit: SignInLimit };

/** How long the failures of one username at one address count towards its delays. */
const PAIR_MEMORY_SECONDS = 24 * 60 * 60;
/**
 * How long an address a username signed in from is spared that username's
 * cap (under 24.8 days: rate-limiter-flexible expires keys with setTimeout).
 */
const KNOWN_ADDRESS_SECONDS = 7 * 24 * 60 * 60;

/**
 * Slows down password guessing without letting anyone lock a user out by
 * naming their account (OWASP's advice): each (username, address) pair gets
 * growing delays after a few failures, so failures elsewhere never hold up
 * the user at their own address; one address has a hard cap over all
 * usernames (spraying), set high enough for a delegation behind one NAT; and
 * one username a generous cap over all addresses (distributed guessing), which
 * does not apply where that user signed in before.
 *
 * An admitted attempt counts as failed until `recordSuccess`, so attempts
 * sent at once cannot all pass before the first fails. In memory for one
 * process; in Redis (rate-limiter-flexible's store) when several processes
 * share the sign-ins (issue 24), each counter backed by one in memory while
 * Redis is unreachable, so sign-in is neither refused nor left unthrottled then.
 */
export class SignInLimiter {
  /** Failures per pair, remembered for a day from the first. */
  private readonly pairFailures: RateLimiterAbstract;
  /** The pairs that must wait before their next attempt, until when. */
  private readonly pairWaits: RateLimiterAbstract;
  private readonly byAddress: RateLimiterAbstract;
  private readonly byUser: RateLimiterAbstract;
  /** Pairs that signed in successfully. */
  private readonly knownPairs: RateLimiterAbstract;
  /** The attempt being decided: one at a time, so counting cannot race. */
  private turn: Promise<unknown> = Promise.resolve();

  /** `redis`: the counts are kept there, under `redisKeyPrefix`, shared by every process. */
  constructor(
    private readonly limits: SignInLimits,
    redis: Redis | null = null,
    redisKeyPrefix = 'concord:',
  ) {
    // Used as expiring counters only (compared with the limits here), so `points` plays no part.
    const counter = (keyPrefix: string, duration: number): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({ keyPrefix, duration, points: 1 });
      if (!redis) return memory;
      return new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${redisKeyPrefix}${keyPrefix}`,
        duration,
        points: 1,
        insuranceLimiter: memory,
      });
    };
    this.pairFailures = counter('sign-in-pair', PAIR_MEMORY_SECONDS);
    this.pairWaits = counter('sign-in-pair-wait', limits.maxDelaySeconds);
    this.byAddress = counter('sign-in-address', limits.lockoutSeconds);
    this.byUser = counter('sign-in-user', limits.lockoutSeconds);
    this.knownPairs = counter('sign-in-known', KNOWN_ADDRESS_SECONDS);
  }

  /**
   * Whether an attempt for `username` from `address` may go ahead now; if so,
   * it is counted as a failure until `recordSuccess` says otherwise.
   */
  admit(username: string, address: string): Promise<SignInGate> {
    const decided = this.turn.then(() => this.decide(username, address));
    this.turn = decided.catch(() => undefined);
    return decided;
  }

  /** The right password: the pair's failures and wait are cleared, and the address becomes known. */
  async recordSuccess(username: string, address: string): Promise<void> {
    const pair = pairKey(username, address);
    await Promise.all([
      this.pairFailures.delete(pair),
      this.pairWaits.delete(pair),
      this.knownPairs.set(pair, 1, KNOWN_ADDRESS_SECONDS),
      uncount(this.byAddress, address),
      uncount(this.byUser, username),
    ]);
  }

  private async decide(username: string, address: string): Promise<SignInGate> {
    const pair = pairKey(username, address);
    const wait = live(await this.pairWaits.get(pair));
    if (wait) return { locked: true, retryAfterMs: wait.msBeforeNext, limit: 'pair' };
    const from = live(await this.byAddress.get(address));
    if (from && from.consumedPoints >= this.limits.maxFailuresPerAddress) {
      return { locked: true, retryAfterMs: from.msBeforeNext, limit: 'address' };
    }
    const user = live(await this.byUser.get(username));
    if (user && user.consumedPoints >= this.limits.maxFailuresPerUser) {
      if (!live(await this.knownPairs.get(pair))) {
        return { locked: true, retryAfterMs: user.msBeforeNext, limit: 'user' };
      }
    }

    const failures = (await this.pairFailures.penalty(pair, 1)).consumedPoints;
    if (failures >= this.limits.failuresBeforeDelay) {
      const seconds = Math.min(
        2 ** (failures - this.limits.failuresBeforeDelay),
        this.limits.maxDelaySeconds,
      );
      await this.pairWaits.set(pair, 1, seconds);
    }
    await this.count(this.byAddress, address, this.limits.maxFailuresPerAddress);
    await this.count(this.byUser, username, this.limits.maxFailuresPerUser);
    return { locked: false };
  }

  private async count(limiter: RateLimiterAbstract, key: string, max: number): Promise<void> {
    const result = await limiter.penalty(key, 1);
    // The limit-th failure starts a full lockout, counted from now.
    if (result.consumedPoints === max) await limiter.set(key, max, this.limits.lockoutSeconds);
  }
}

/** A counter that has not expired (its timer may not have removed it yet). */
function live(result: RateLimiterRes | null): RateLimiterRes | null {
  return result && result.msBeforeNext > 0 ? result : null;
}

function pairKey(username: string, address: string): string {
  return JSON.stringify([username, address]);
}

/** Takes back an attempt counted when it was admitted (not below zero, if the window ended). */
async function uncount(limiter: RateLimiterAbstract, key: string): Promise<void> {
  const current = await limiter.get(key);
  if (current && current.consumedPoints > 0) await limiter.reward(key, 1);
}
