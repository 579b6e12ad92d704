import type { Database } from 'better-sqlite3';
import { writeWhenFree } from './write-when-free';

interface QueuedWrite {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** SQLite's errors that are about the database, not one write: trying each write alone would not help. */
const WHOLE_DATABASE_ERRORS =
  /^SQLITE_(BUSY|LOCKED|IOERR|FULL|READONLY|CORRUPT|NOTADB|CANTOPEN|NOMEM|PROTOCOL|PERM)/;

function failsEveryWrite(db: Database, error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return !db.open || (typeof code === 'string' && WHOLE_DATABASE_ERRORS.test(code));
}

/**
 * Group commit: the writes asked for during one event-loop turn, by any number
 * of drafts, are committed in one transaction, so one fsync makes them all
 * durable (issue 20). With one commit per draft, a committee of sixty drafts
 * queued sixty fsyncs on the event loop each turn, and every relay waited
 * behind all of them.
 *
 * A write's promise resolves only once the transaction holding it is
 * committed (durable under `synchronous = FULL`); while one commit waits for
 * another process's lock (`write-when-free.ts`), the writes asked for meanwhile
 * form the next group. If a group fails for one of its writes (a constraint, a
 * bug), each write is tried again alone, so that it does not fail the others; a
 * full disk or a lock held too long fails the whole group at once. A write
 * must therefore do nothing but run statements on the database (it may run twice,
 * the first time rolled back).
 */
export class GroupCommit {
  private queued: QueuedWrite[] = [];
  private scheduled = false;
  private committing = false;
  /** Groups committed, the writes they held, and writes tried alone after their group failed. */
  readonly stats = { groups: 0, writes: 0, triedAlone: 0 };

  constructor(private readonly db: Database) {}

  /** Runs `write` in the transaction of the current turn's group; resolves once it is committed. */
  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queued.push({ write, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.committing || this.queued.length === 0) return;
    this.scheduled = true;
    // After the callbacks of this turn's check phase (every draft's flush runs there).
    setImmediate(() => {
      this.scheduled = false;
      void this.commit();
    });
  }

  private async commit(): Promise<void> {
    const group = this.queued;
    this.queued = [];
    this.committing = true;
    try {
      let results: unknown[];
      try {
        results = await writeWhenFree(this.db, () => group.map((queued) => queued.write()));
      } catch (error) {
        if (group.length === 1 || failsEveryWrite(this.db, error)) {
          for (const queued of group) queued.reject(error);
          return;
        }
        for (const queued of group) {
          this.stats.triedAlone++;
          try {
            queued.resolve(await writeWhenFree(this.db, queued.write));
          } catch (alone) {
            queued.reject(alone);
          }
        }
        return;
      }
      this.stats.groups++;
      this.stats.writes += group.length;
      group.forEach((queued, i) => queued.resolve(results[i]));
    } finally {
      this.committing = false;
      this.schedule();
    }
  }
}
