import type { PoolClient } from 'pg';
import { blobColumns } from '../draft-rows';
import type { DraftWrite } from '../draft-writes';
import type { Committer } from '../group-commit';
import type { PgDatabase } from './pg-database';

/**
 * The placeholders of a multi-row VALUES list, `($1, $2), ($3, $4)`, its values pushed onto
 * `params`: many rows in one statement, one round trip.
 */
export function valuesList(rows: readonly (readonly unknown[])[], params: unknown[]): string {
  return rows
    .map((row) => `(${row.map((value) => `$${params.push(value)}`).join(', ')})`)
    .join(', ');
}

/** Inserts a draft's updates in order; the statement's `seq` column is the last one's. */
export function insertUpdatesSql(
  draftId: string,
  updates: readonly Uint8Array[],
  now: number,
  params: unknown[],
): string {
  const rows = updates.map((update) => {
    const blob = blobColumns(update);
    return [draftId, blob.data, blob.byte_length, blob.crc32, now];
  });
  return `INSERT INTO draft_updates (draft_id, data, byte_length, crc32, created_at)
    VALUES ${valuesList(rows, params)} RETURNING seq`;
}

/**
 * Runs one draft write on `client` (inside the group's transaction) in one statement; for an
 * append, the sequence number of its last update (else 0).
 */
export async function runPgDraftWrite(client: PoolClient, write: DraftWrite): Promise<number> {
  const params: unknown[] = [];
  switch (write.kind) {
    case 'append': {
      // The updates, the client ids they claim (first claim wins) and the draft's time.
      const parts = [
        `touched AS (UPDATE drafts SET updated_at = $${params.push(write.now)}
           WHERE id = $${params.push(write.draftId)})`,
      ];
      if (write.updates.length > 0) {
        parts.push(
          `inserted AS (${insertUpdatesSql(write.draftId, write.updates, write.now, params)})`,
        );
      }
      if (write.claims.length > 0) {
        const rows = write.claims.map((claim) => [write.draftId, claim.clientId, claim.userId]);
        parts.push(`claimed AS (INSERT INTO draft_clients (draft_id, client_id, user_id)
           VALUES ${valuesList(rows, params)} ON CONFLICT DO NOTHING)`);
      }
      const last =
        write.updates.length > 0 ? 'SELECT max(seq) AS seq FROM inserted' : 'SELECT 0 AS seq';
      const { rows } = await client.query<{ seq: number }>(
        `WITH ${parts.join(', ')} ${last}`,
        params,
      );
      return rows[0]?.seq ?? 0;
    }
    case 'compact': {
      const blob = blobColumns(write.snapshot);
      await client.query(
        `WITH snapshot AS (
           INSERT INTO draft_snapshots (draft_id, upto_seq, data, byte_length, crc32, created_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (draft_id) DO UPDATE SET upto_seq = excluded.upto_seq, data = excluded.data,
             byte_length = excluded.byte_length, crc32 = excluded.crc32,
             created_at = excluded.created_at
           -- Never an older snapshot over a newer one (a process that lost the draft).
           WHERE draft_snapshots.upto_seq <= excluded.upto_seq)
         DELETE FROM draft_updates WHERE draft_id = $1 AND seq <= $2`,
        [write.draftId, write.uptoSeq, blob.data, blob.byte_length, blob.crc32, write.now],
      );
      return 0;
    }
    case 'rename':
      await client.query('UPDATE drafts SET title = $1 WHERE id = $2', [
        write.title,
        write.draftId,
      ]);
      return 0;
  }
}

/**
 * SQLSTATE classes about the database or the connection, not one write: connection
 * exceptions (08), insufficient resources such as a full disk (53), operator intervention
 * such as an administrator shutting the server down (57), system errors (58) and internal
 * errors such as corrupt data (XX). Trying each write alone would not help.
 */
const WHOLE_DATABASE_CLASSES = /^(08|53|57|58|XX)[0-9A-Z]{3}$/;

/**
 * Whether a PostgreSQL error fails every write: one of those classes, a socket error
 * (ECONNREFUSED, ECONNRESET …), or pg's own errors without a SQLSTATE (a connection ended
 * mid-query, no connection free in time, a pool that was ended) — but not a bug of ours
 * with one write's data (a TypeError or RangeError), which the others should not share.
 */
export function isWholePostgresError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return WHOLE_DATABASE_CLASSES.test(code) || /^E[A-Z]+$/.test(code);
  return !(error instanceof TypeError || error instanceof RangeError);
}

/**
 * Commits a group of draft writes in ONE transaction on one pooled connection (BEGIN …
 * COMMIT): the writes of many drafts of one turn are durable together, at the cost of one
 * commit (one WAL flush on the server).
 */
export function pgCommitter(db: PgDatabase): Committer<DraftWrite> {
  return {
    commit: (writes) =>
      db.transaction(async (client) => {
        const results: number[] = [];
        for (const write of writes) results.push(await runPgDraftWrite(client, write));
        return results;
      }),
    failsEveryWrite: (error) => db.closed || isWholePostgresError(error),
  };
}
