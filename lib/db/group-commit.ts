import type { Database } from 'better-sqlite3';
import { DraftWriteStatements, type DraftWrite } from './draft-writes';
import { writeWhenFree } from './write-when-free';

/**
 * What commits a group: SQLite's connection (`inlineCommitter`); another
 * database behind the same store interface would bring its own.
 */
export interface Committer<W> {
  /** Commits `writes` in one transaction and resolves with their results, in order; or commits none. */
  commit(writes: readonly W[]): Promise<unknown[]>;
  /** Whether `error` is about the database (full disk, lock held too long), not about one write. */
  failsEveryWrite(error: unknown): boolean;
}

/** SQLite's errors that are about the database, not one write: trying each write alone would not help. */
const WHOLE_DATABASE_ERRORS =
  /^SQLITE_(BUSY|LOCKED|IOERR|FULL|READONLY|CORRUPT|NOTADB|CANTOPEN|NOMEM|PROTOCOL|PERM)/;

export function isWholeDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && WHOLE_DATABASE_ERRORS.test(code);
}

/** Commits on `db` itself, on the event loop (`write-when-free.ts` waits for other processes' locks). */
export function inlineCommitter(
  db: Database,
  statements: DraftWriteStatements = new DraftWriteStatements(db),
): Committer<DraftWrite> {
  return {
    commit: (writes) => writeWhenFree(db, () => writes.map((write) => statements.run(write))),
    failsEveryWrite: (error) => !db.open || isWholeDatabaseError(error),
  };
}

interface QueuedWrite<W> {
  write: W;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the writes asked for together (by the server, those of every
 * draft at the end of an event-loop turn) are committed in one transaction, so one fsync makes them all
 * durable (issue 20). With one commit per draft, a committee of sixty drafts
 * queued sixty fsyncs on the event loop each turn, and every relay waited
 * behind all of them.
 *
 * A write's promise resolves only once the transaction holding it is
 * committed (durable under `synchronous = FULL`). One group is committed at a
 * time: the writes asked for meanwhile (while a commit waits for another
 * process's lock) form the next group. If a group fails for one of its writes
 * (a constraint, a bug), each write is tried again alone, so that it does not
 * fail the others; a full disk or a lock held too long fails the whole group
 * at once.
 */
export class GroupCommit<W> {
  private queued: QueuedWrite<W>[] = [];
  private scheduled = false;
  private committing = false;
  /** Groups committed, the writes they held, and writes tried alone after their group failed. */
  readonly stats = { groups: 0, writes: 0, triedAlone: 0 };

  constructor(private readonly committer: Committer<W>) {}

  /** Commits `write` with the others of the current turn; resolves with its result once committed. */
  run<T>(write: W): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queued.push({ write, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.committing || this.queued.length === 0) return;
    this.scheduled = true;
    // Once the code that is running has asked for its writes: the server's drafts all flush
    // in one callback at the end of a turn (server/collab/draft-room.ts), so their writes of
    // the turn are all queued by then, and are committed (and relayed) in the same turn.
    queueMicrotask(() => {
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
        results = await this.committer.commit(group.map((queued) => queued.write));
      } catch (error) {
        if (group.length === 1 || this.committer.failsEveryWrite(error)) {
          for (const queued of group) queued.reject(error);
          return;
        }
        for (const queued of group) {
          this.stats.triedAlone++;
          try {
            const [result] = await this.committer.commit([queued.write]);
            queued.resolve(result);
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
