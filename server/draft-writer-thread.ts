import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { isWholeDatabaseError, type Committer } from '@/lib/db/group-commit';
import type { DraftWrite } from '@/lib/db/draft-writes';
import type { DatabaseSync } from '@/lib/db/open-database';
import { log } from './log';

/** What the writer thread is started with. */
export interface WriterSetup {
  file: string;
  sync: DatabaseSync;
  busyTimeoutMs: number;
}

export interface WriterRequest {
  id: number;
  writes: readonly DraftWrite[];
}

export type WriterReply =
  | { id: number; ok: true; results: unknown[] }
  | { id: number; ok: false; error: { name: string; message: string; code?: string } };

/**
 * The worker's file: next to this module, as JavaScript in the bundle of
 * dist/server/ (scripts/build-server.ts builds it beside the entry points), as
 * TypeScript when the sources run (through tsx, whose loader hooks a worker
 * does not get on Node 20: it loads the file through tsx's own require).
 */
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(
  FROM_SOURCES ? './draft-writer-worker.ts' : './draft-writer-worker.js',
  import.meta.url,
);

function startWorker(setup: WriterSetup): Worker {
  if (!FROM_SOURCES) return new Worker(WORKER_URL, { workerData: setup });
  const file = fileURLToPath(WORKER_URL);
  return new Worker(
    `require('tsx/cjs/api').require(${JSON.stringify(file)}, ${JSON.stringify(file)});`,
    { eval: true, workerData: setup },
  );
}

/**
 * Commits the server's draft writes on a thread of their own, with its own
 * connection to the database file, so that the event loop never waits for a
 * commit's fsync: it goes on reading and relaying while the disk works, and
 * relays a group's updates when the thread says they are committed (issue 20).
 * One group is on the thread at a time (`group-commit.ts`); what arrives
 * meanwhile is the next group. If the thread dies, its writes fail (their
 * drafts close with "changes could not be saved", and the editors send them
 * again) and the next write starts a new thread.
 */
export class DraftWriterThread implements Committer<DraftWrite> {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { worker: Worker; resolve: (results: unknown[]) => void; reject: (error: Error) => void }
  >();
  private readonly setup: WriterSetup;

  constructor(file: string, sync: DatabaseSync, db: Database) {
    const busyTimeoutMs = Math.trunc(Number(db.pragma('busy_timeout', { simple: true })) || 0);
    this.setup = { file, sync, busyTimeoutMs };
  }

  commit(writes: readonly DraftWrite[]): Promise<unknown[]> {
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { worker, resolve, reject });
      const request: WriterRequest = { id, writes };
      worker.postMessage(request);
    });
  }

  failsEveryWrite(error: unknown): boolean {
    return isWholeDatabaseError(error) || (error as Error | null)?.name === 'WriterStoppedError';
  }

  /** Stops the thread; writes still on it fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = startWorker(this.setup);
    // The server's own handles keep the process alive; a store left open must not.
    worker.unref();
    worker.on('message', (reply: WriterReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (!waiter) return;
      if (reply.ok) waiter.resolve(reply.results);
      else waiter.reject(Object.assign(new Error(reply.error.message), reply.error));
    });
    const stopped = (reason: string) => {
      if (this.worker === worker) this.worker = null;
      const error = Object.assign(new Error(`the storage writer stopped (${reason})`), {
        name: 'WriterStoppedError',
      });
      for (const [id, waiter] of this.waiting) {
        if (waiter.worker !== worker) continue;
        this.waiting.delete(id);
        waiter.reject(error);
      }
    };
    worker.on('error', (error) => {
      log.error('the storage writer failed', { reason: String(error) });
      stopped(String(error));
    });
    worker.on('exit', (code) => stopped(`exit code ${code}`));
    return worker;
  }
}
