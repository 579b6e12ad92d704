import { log } from '../log';

/** How much presence one connection may send. */
export interface PresenceBudget {
  /** Awareness messages a second, sustained. */
  messagesPerSecond: number;
  /** Bytes of awareness messages a second, sustained. */
  bytesPerSecond: number;
  /** How many seconds' worth of the budget may come at once. */
  burstSeconds: number;
  /** Sending this many times the budget… */
  abuseFactor: number;
  /** …for about this many seconds closes the connection. */
  abuseSeconds: number;
}

/**
 * A page sends a presence message when its caret moves: a few a second while
 * typing, up to one a frame while dragging a selection, a few hundred bytes
 * each. A connection past this sends more than any page does; past ten times
 * it for seconds, it is flooding (a review measured one observer pushing
 * 100 MB in 4.8 s, 51.7 MB of which reached each peer).
 */
export const PRESENCE_BUDGET: PresenceBudget = {
  messagesPerSecond: 50,
  bytesPerSecond: 64 * 1024,
  burstSeconds: 2,
  abuseFactor: 10,
  abuseSeconds: 3,
};

/**
 * How many awareness client ids one connection may speak for. A page has one
 * (its Y.Doc's); each more would be another caret and presence entry on every
 * peer, relayed in full.
 */
export const MAX_PRESENCE_CLIENTS_PER_CONNECTION = 4;

/** How often one connection's dropped presence is logged (ms): the rest is counted. */
const LOG_EVERY_MS = 10_000;

/** Tokens that refill at `rate` a second up to `capacity`; starts full. */
class TokenBucket {
  private tokens: number;
  private last: number | null = null;

  constructor(
    private readonly rate: number,
    private readonly capacity: number,
  ) {
    this.tokens = capacity;
  }

  /** Takes `amount` tokens at `now` (ms) if there are that many; whether it did. */
  take(amount: number, now: number): boolean {
    if (this.last !== null) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
    }
    this.last = now;
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }
}

/** What to do with one awareness message. */
export type PresenceVerdict = 'accept' | 'drop' | 'close';

/**
 * One connection's presence budget: a message within it is read; one past it
 * is dropped (its sender's next state replaces it anyway); a connection that
 * keeps sending far past it is to be closed. What it drops, and why, is
 * logged at most every ten seconds per connection.
 */
export class PresenceLimiter {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;
  /** Everything offered, accepted or not, counts here; empty means flooding. */
  private readonly abuseMessages: TokenBucket;
  private readonly abuseBytes: TokenBucket;
  private lastLog = Number.NEGATIVE_INFINITY;
  private unlogged = 0;
  private flooding = false;

  constructor(
    private readonly context: { draft: string; user: string },
    budget: PresenceBudget = PRESENCE_BUDGET,
  ) {
    const { messagesPerSecond, bytesPerSecond, burstSeconds, abuseFactor, abuseSeconds } = budget;
    this.messages = new TokenBucket(messagesPerSecond, messagesPerSecond * burstSeconds);
    this.bytes = new TokenBucket(bytesPerSecond, bytesPerSecond * burstSeconds);
    const fast = (rate: number) =>
      new TokenBucket(rate * abuseFactor, rate * abuseFactor * abuseSeconds);
    this.abuseMessages = fast(messagesPerSecond);
    this.abuseBytes = fast(bytesPerSecond);
  }

  /** Counts a message of `bytes` arriving at `now` (ms) and says what to do with it. */
  admit(bytes: number, now: number): PresenceVerdict {
    if (this.flooding) return 'close';
    // Both buckets are drawn from every time: `&&` would spare one.
    const withinAbuse = [this.abuseMessages.take(1, now), this.abuseBytes.take(bytes, now)];
    if (withinAbuse.includes(false)) {
      this.flooding = true;
      log.warn('too much presence; closing the connection', { ...this.context, bytes });
      return 'close';
    }
    const withinBudget = [this.messages.take(1, now), this.bytes.take(bytes, now)];
    if (withinBudget.includes(false)) {
      this.dropped('over the presence budget', now);
      return 'drop';
    }
    return 'accept';
  }

  /** Notes a presence state dropped for `reason` at `now` (ms), logging it if one is due. */
  dropped(reason: string, now: number): void {
    if (now - this.lastLog < LOG_EVERY_MS) {
      this.unlogged++;
      return;
    }
    log.warn('presence state dropped', {
      ...this.context,
      reason,
      ...(this.unlogged > 0 ? { alsoDroppedSinceLastLog: this.unlogged } : {}),
    });
    this.lastLog = now;
    this.unlogged = 0;
  }
}
