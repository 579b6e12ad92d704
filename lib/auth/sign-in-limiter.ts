import { RateLimiterMemory } from 'rate-limiter-flexible';

export interface SignInLimits {
  /** Failed attempts for one username before it is locked. */
  maxFailuresPerUser: number;
  /** Failed attempts from one address (any usernames) before it is locked. */
  maxFailuresPerAddress: number;
  /** The window in which failures are counted, and how long a lock lasts. */
  lockoutSeconds: number;
}

export type SignInGate = { locked: false } | { locked: true; retryAfterMs: number };

/**
 * Counts failed sign-ins per username and per address, and locks either for
 * `lockoutSeconds` once it reaches its limit. In memory: one process; a
 * deployment on several processes would use rate-limiter-flexible's Redis store.
 */
export class SignInLimiter {
  private readonly byUser: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;

  constructor(private readonly limits: SignInLimits) {
    this.byUser = new RateLimiterMemory({
      keyPrefix: 'sign-in-user',
      points: limits.maxFailuresPerUser,
      duration: limits.lockoutSeconds,
    });
    this.byAddress = new RateLimiterMemory({
      keyPrefix: 'sign-in-address',
      points: limits.maxFailuresPerAddress,
      duration: limits.lockoutSeconds,
    });
  }

  /** Whether an attempt for `username` from `address` may go ahead now. */
  async check(username: string, address: string): Promise<SignInGate> {
    const [user, from] = await Promise.all([
      this.byUser.get(username),
      this.byAddress.get(address),
    ]);
    let retryAfterMs = 0;
    if (user && user.consumedPoints >= this.limits.maxFailuresPerUser) {
      retryAfterMs = Math.max(retryAfterMs, user.msBeforeNext);
    }
    if (from && from.consumedPoints >= this.limits.maxFailuresPerAddress) {
      retryAfterMs = Math.max(retryAfterMs, from.msBeforeNext);
    }
    return retryAfterMs > 0 ? { locked: true, retryAfterMs } : { locked: false };
  }

  async recordFailure(username: string, address: string): Promise<void> {
    await Promise.all([
      this.count(this.byUser, username, this.limits.maxFailuresPerUser),
      this.count(this.byAddress, address, this.limits.maxFailuresPerAddress),
    ]);
  }

  /** A successful sign-in clears the username's failures (not the address's). */
  async recordSuccess(username: string): Promise<void> {
    await this.byUser.delete(username);
  }

  private async count(limiter: RateLimiterMemory, key: string, max: number): Promise<void> {
    const result = await limiter.penalty(key, 1);
    // The limit-th failure starts a full lockout, counted from now.
    if (result.consumedPoints === max) await limiter.block(key, this.limits.lockoutSeconds);
  }
}
