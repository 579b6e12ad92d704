import type { Database } from 'better-sqlite3';

/** The longest pause between two tries of a write while another process holds the lock. */
const BUSY_RETRY_MAX_MS = 50;

/** Each connection's own busy timeout, read once (every write of the collab server comes here). */
const busyTimeouts = new WeakMap<Database, number>();

function busyTimeoutOf(db: Database): number {
  let ms = busyTimeouts.get(db);
  if (ms === undefined) {
    ms = Math.trunc(Number(db.pragma('busy_timeout', { simple: true })) || 0);
    busyTimeouts.set(db, ms);
  }
  return ms;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Runs `write` in a transaction on `db`. While another process holds the
 * write lock (the CLI, a backup), it tries again on timers instead of letting
 * SQLite's busy timeout block the event loop, which would stop every draft,
 * connection and page of the server for up to 5 s. Fails as SQLite would
 * once the connection's busy timeout has passed.
 */
export async function writeWhenFree<T>(db: Database, write: () => T): Promise<T> {
  const transaction = db.transaction(write);
  const busyTimeoutMs = busyTimeoutOf(db);
  const deadline = performance.now() + busyTimeoutMs;
  for (let wait = 1; ; wait = Math.min(wait * 2, BUSY_RETRY_MAX_MS)) {
    // Set anew each time: SQLite applies a PRAGMA when it prepares it, so a kept statement
    // would not (checked: the first write of a store blocked).
    db.pragma('busy_timeout = 0');
    try {
      return transaction();
    } catch (error) {
      if (!isBusy(error) || performance.now() >= deadline) throw error;
    } finally {
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    }
    const pause = Math.min(wait, Math.max(0, deadline - performance.now()));
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
