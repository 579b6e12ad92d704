/**
 * When a draft room relays what it received: at the end of each event-loop
 * turn while the room is quiet (the lowest latency), at most once every
 * `holdMs` while it is busy. A busy room is one whose clients would otherwise
 * be sent more messages than they can apply: when everyone types at once,
 * relaying every turn sends each of 200 clients hundreds of small messages a
 * second, and they fall behind by seconds; holding the relay a few
 * milliseconds sends them fewer, larger messages (updates merged) instead.
 *
 * "Busy" is judged by what arrives, not by what is sent, so holding does not
 * make the room look quiet again: the messages to relay that came in over the
 * last window, times the connections each would be relayed to (for the
 * presence throttle below, the echoes the room drops count as well).
 *
 * A busy room also relays each client's presence (its cursor, moved with every
 * keystroke) at most every `presenceEveryMs`: the presence states are most of
 * the bytes sent when everyone types, and a caret a second behind costs
 * nobody anything while 200 delegations type. Text is not held back for it.
 */
export interface RelayPacerOptions {
  /** The shortest time between two relays of a busy room; 0 relays every turn. */
  holdMs: number;
  /**
   * The shortest time between two relays of one client's presence (its cursor)
   * while the room is busy, its latest state going out when due; 0 relays each
   * change. Joining and leaving are relayed at once.
   */
  presenceEveryMs?: number;
  /** Messages received in one window × connections at or above which the room is busy. */
  busyFanout?: number;
  /** The window over which arrivals are counted (ms). */
  windowMs?: number;
}

/**
 * 5 000 relays in 100 ms: 200 connections and 25 messages, as from ~60 typists
 * at 2 keystrokes a second (an update and a cursor move each).
 */
export const DEFAULT_BUSY_FANOUT = 5_000;
export const DEFAULT_WINDOW_MS = 100;

export class RelayPacer {
  private readonly holdMs: number;
  private readonly busyFanout: number;
  private readonly windowMs: number;
  private windowStart = Number.NEGATIVE_INFINITY;
  private windowMessages = 0;
  private busy = false;
  private lastRelay = Number.NEGATIVE_INFINITY;
  private readonly presenceEveryMs: number;
  /** Messages of the current window that are relayed (the others are dropped echoes). */
  private windowRelayed = 0;
  /** When the last busy window ended (ms), echoes counted. */
  private lastBusyWindowEnd = Number.NEGATIVE_INFINITY;
  /** When each client's presence was last relayed (ms). */
  private readonly presenceRelays = new Map<number, number>();

  constructor(options: RelayPacerOptions) {
    this.holdMs = options.holdMs;
    this.presenceEveryMs = options.presenceEveryMs ?? 0;
    this.busyFanout = options.busyFanout ?? DEFAULT_BUSY_FANOUT;
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  }

  /**
   * A message arrived at `now` (ms) in a room with `connections` connections;
   * `relayed` false for one the room drops, such as a presence state the stock
   * provider sends back. Only relayed messages count towards the relay's hold
   * (what it saves is sends); all count towards the presence throttle, since
   * every relayed presence state comes back from every such provider.
   */
  received(now: number, connections: number, relayed = true): void {
    const elapsed = now - this.windowStart;
    if (elapsed >= this.windowMs) {
      // The window that just ended decides; a gap with no message at all is quiet.
      if (this.windowMessages * connections >= this.busyFanout) {
        this.lastBusyWindowEnd = this.windowStart + this.windowMs;
      }
      this.busy =
        elapsed < 2 * this.windowMs && this.windowRelayed * connections >= this.busyFanout;
      this.windowStart = now;
      this.windowMessages = 0;
      this.windowRelayed = 0;
    }
    this.windowMessages++;
    if (relayed) this.windowRelayed++;
  }

  /** Whether the room counts as busy now. */
  isBusy(now: number): boolean {
    // A busy window followed by silence is quiet again.
    return this.busy && now - this.windowStart < 2 * this.windowMs;
  }

  /** How long to wait (ms) before relaying at `now`: 0 means at the end of this turn. */
  delay(now: number): number {
    if (this.holdMs <= 0 || !this.isBusy(now)) return 0;
    return Math.max(0, this.lastRelay + this.holdMs - now);
  }

  /** The room relayed at `now`. */
  relayed(now: number): void {
    this.lastRelay = now;
  }

  /**
   * How long (ms) a presence change of `client` waits at `now` before it is
   * relayed: 0 for a client not relayed before, once `presenceEveryMs` has
   * passed since its last relay, or when no busy window ended within the last
   * `presenceEveryMs`. Unlike the relay's hold, this outlasts a pause: clients
   * that fall behind fall silent, then send in bursts, and holding a caret for
   * a second is harmless, where holding a keystroke after a pause would not be.
   */
  presenceDelay(client: number, now: number): number {
    if (this.presenceEveryMs <= 0) return 0;
    if (now - this.lastBusyWindowEnd > this.presenceEveryMs) return 0;
    const last = this.presenceRelays.get(client);
    return last === undefined ? 0 : Math.max(0, last + this.presenceEveryMs - now);
  }

  /** `client`'s presence was relayed at `now`; null when it left (forgotten). */
  presenceRelayed(client: number, now: number | null): void {
    if (now === null) this.presenceRelays.delete(client);
    else this.presenceRelays.set(client, now);
  }
}
