/**
 * The writer thread's side (`draft-writer-thread.ts`): its own connection to
 * the database file, on which it commits each group of draft writes it is sent
 * in one transaction, then answers. Its fsync waits here, not on the event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { DraftWriteStatements } from '@/lib/db/draft-writes';
import type { WriterReply, WriterRequest, WriterSetup } from './draft-writer-thread';

const setup = workerData as WriterSetup;
const port = parentPort;
if (!port) throw new Error('the draft writer runs as a worker thread');

const db = new BetterSqlite3(setup.file);
// Per connection: the same durability as the server's own connection. The file is already in
// WAL mode and migrated (the server opened it first). Waiting for another process's lock blocks
// this thread only.
db.pragma(setup.sync === 'normal' ? 'synchronous = NORMAL' : 'synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma(`busy_timeout = ${setup.busyTimeoutMs}`);
const statements = new DraftWriteStatements(db);

port.on('message', (request: WriterRequest) => {
  let reply: WriterReply;
  try {
    const results = db.transaction(() => request.writes.map((write) => statements.run(write)))();
    reply = { id: request.id, ok: true, results };
  } catch (error) {
    const { name, message, code } = error as { name?: string; message?: string; code?: unknown };
    reply = {
      id: request.id,
      ok: false,
      error: {
        name: name ?? 'Error',
        message: message ?? String(error),
        ...(typeof code === 'string' ? { code } : {}),
      },
    };
  }
  port.postMessage(reply);
});
