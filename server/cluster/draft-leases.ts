import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { log } from '../log';

/** A Concord process, as the others know it: an id for this run and where to reach it. */
export interface ClusterMember {
  id: string;
  /** e.g. http://10.0.0.5:3000: where the others forward this process's drafts' sockets and requests. */
  url: string;
}

/** Who owns a draft: this process, or another one (forward to it). */
export type LeaseResult = { mine: true } | { mine: false; owner: ClusterMember };

/** Renews a lease only while it is still ours (another process may hold it after it expired). */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
else
  return 0
end`;

/** Releases a lease only while it is still ours. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
else
  return 0
end`;

/** A new member id for this process's run (a restarted process is a new member). */
export function newMember(url: string): ClusterMember {
  return { id: randomUUID(), url };
}

function encodeMember(member: ClusterMember): string {
  return `${member.id} ${member.url}`;
}

function decodeMember(value: string): ClusterMember | null {
  const space = value.indexOf(' ');
  if (space <= 0) return null;
  return { id: value.slice(0, space), url: value.slice(space + 1) };
}

export interface DraftLeasesOptions {
  /** How long a lease lasts without renewal (ms); renewed every third of it. */
  ttlMs: number;
  /** Prefix of the Redis keys. */
  keyPrefix: string;
  /** Told when a lease of this process is lost (expired, taken, or unconfirmed for too long). */
  onLost: (draftId: string) => void;
}

/**
 * Which process owns each open draft, as leases in Redis (issue 24). The owner
 * holds the draft's room: it checks, stores and relays every change, runs the
 * decisions and the server's own changes; the others forward the draft's
 * websockets and requests to it. A lease is `SET NX PX`, renewed every third
 * of its time while the room is open and deleted when it closes; when a
 * process dies, its leases expire and the next process that needs the draft
 * takes it (Redis's own expiry: no clock of ours decides).
 *
 * A lease is given up as lost when a renewal says it is no longer ours, or
 * when none has been confirmed for `ttlMs` less a margin (Redis unreachable):
 * the owner stops before any other process can take the draft over. Writes
 * already under way when that happens may still land; see the README's
 * failover notes.
 */
export class DraftLeases {
  /** The drafts this process holds, with when each lease was last confirmed (performance.now()). */
  private readonly held = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private renewing = false;
  private closed = false;

  constructor(
    private readonly redis: Redis,
    readonly self: ClusterMember,
    private readonly options: DraftLeasesOptions,
  ) {
    this.timer = setInterval(() => void this.renewAll(), Math.max(100, options.ttlMs / 3));
    this.timer.unref();
  }

  /** How long a lease lasts without renewal (ms). */
  get ttlMs(): number {
    return this.options.ttlMs;
  }

  private key(draftId: string): string {
    return `${this.options.keyPrefix}lease:${draftId}`;
  }

  /** Takes the draft's lease if nobody holds it; else says who does. */
  async acquire(draftId: string): Promise<LeaseResult> {
    if (this.closed) throw new Error('leases closed');
    const key = this.key(draftId);
    const value = encodeMember(this.self);
    for (let attempt = 0; attempt < 5; attempt++) {
      const startedAt = performance.now();
      const set = await this.redis.set(key, value, 'PX', this.options.ttlMs, 'NX');
      if (set === 'OK') {
        this.held.set(draftId, startedAt);
        return { mine: true };
      }
      const current = await this.redis.get(key);
      if (current === null) continue; // expired between the two commands
      if (current === value) {
        this.held.set(draftId, startedAt);
        return { mine: true };
      }
      const owner = decodeMember(current);
      if (owner) return { mine: false, owner };
      // Not a lease of ours (written by something else): leave it to expire.
      throw new Error(`unreadable lease for draft ${draftId}`);
    }
    throw new Error(`the lease of draft ${draftId} keeps changing hands`);
  }

  /** Who holds the draft now (null: nobody; the draft is free). */
  async owner(draftId: string): Promise<ClusterMember | null> {
    const current = await this.redis.get(this.key(draftId));
    return current === null ? null : decodeMember(current);
  }

  /** Whether this process holds the draft's lease (as far as it knows). */
  holds(draftId: string): boolean {
    return this.held.has(draftId);
  }

  /** Gives the draft up (its room closed): the next process that needs it takes it at once. */
  async release(draftId: string): Promise<void> {
    if (!this.held.delete(draftId)) return;
    try {
      await this.redis.eval(RELEASE, 1, this.key(draftId), encodeMember(this.self));
    } catch (error) {
      // It expires by itself.
      log.warn('could not release a draft lease', { draft: draftId, reason: String(error) });
    }
  }

  private lose(draftId: string, reason: string): void {
    if (!this.held.delete(draftId)) return;
    log.warn('lost the lease of a draft; closing it here', { draft: draftId, reason });
    this.options.onLost(draftId);
  }

  private async renewAll(): Promise<void> {
    if (this.renewing || this.closed || this.held.size === 0) return;
    this.renewing = true;
    const value = encodeMember(this.self);
    const drafts = [...this.held.keys()];
    const startedAt = performance.now();
    try {
      const pipeline = this.redis.pipeline();
      for (const draftId of drafts)
        pipeline.eval(RENEW, 1, this.key(draftId), value, this.options.ttlMs);
      const results = (await pipeline.exec()) ?? [];
      drafts.forEach((draftId, i) => {
        const [error, renewed] = results[i] ?? [new Error('no reply'), 0];
        if (!this.held.has(draftId)) return; // released meanwhile
        if (error) return; // unconfirmed: see below
        if (renewed === 1) this.held.set(draftId, startedAt);
        else this.lose(draftId, 'another process holds it');
      });
    } catch (error) {
      log.warn('could not renew draft leases', { reason: String(error) });
    } finally {
      this.renewing = false;
    }
    // Unconfirmed for too long: another process may take it any moment now.
    const margin = Math.max(200, this.options.ttlMs / 4);
    const now = performance.now();
    for (const [draftId, confirmedAt] of [...this.held]) {
      if (now - confirmedAt > this.options.ttlMs - margin) {
        this.lose(draftId, 'Redis did not confirm it in time');
      }
    }
  }

  /** Releases every lease (a clean stop: the drafts move at once, not after the expiry). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.held.keys()].map((draftId) => this.release(draftId)));
    this.closed = true;
  }
}
