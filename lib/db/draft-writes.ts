import type { Database, Statement } from 'better-sqlite3';
import type { ClientClaim } from './draft-store';
import { blobColumns } from './draft-rows';

/**
 * A write of an open draft, as data, so that a group of them, of many drafts,
 * can be committed together (`group-commit.ts`).
 */
export type DraftWrite =
  | {
      kind: 'append';
      draftId: string;
      updates: readonly Uint8Array[];
      claims: readonly ClientClaim[];
      now: number;
    }
  | { kind: 'compact'; draftId: string; snapshot: Uint8Array; uptoSeq: number; now: number }
  | { kind: 'rename'; draftId: string; title: string };

/** The statements of the draft writes on one connection; `run` them inside a transaction. */
export class DraftWriteStatements {
  private readonly statements: {
    insertUpdate: Statement<[string, Buffer, number, number, number]>;
    touchDraft: Statement<[number, string]>;
    renameDraft: Statement<[string, string]>;
    upsertSnapshot: Statement<[string, number, Buffer, number, number, number]>;
    deleteUpdatesUpTo: Statement<[string, number]>;
    claimClient: Statement<[string, number, string]>;
  };

  constructor(db: Database) {
    this.statements = {
      insertUpdate: db.prepare(
        'INSERT INTO draft_updates (draft_id, data, byte_length, crc32, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      touchDraft: db.prepare('UPDATE drafts SET updated_at = ? WHERE id = ?'),
      renameDraft: db.prepare('UPDATE drafts SET title = ? WHERE id = ?'),
      upsertSnapshot: db.prepare(
        `INSERT INTO draft_snapshots (draft_id, upto_seq, data, byte_length, crc32, created_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (draft_id) DO UPDATE SET upto_seq = excluded.upto_seq, data = excluded.data,
           byte_length = excluded.byte_length, crc32 = excluded.crc32, created_at = excluded.created_at
         -- Never an older snapshot over a newer one (a process that lost a draft, issue 24).
         WHERE draft_snapshots.upto_seq <= excluded.upto_seq`,
      ),
      deleteUpdatesUpTo: db.prepare('DELETE FROM draft_updates WHERE draft_id = ? AND seq <= ?'),
      claimClient: db.prepare(
        'INSERT OR IGNORE INTO draft_clients (draft_id, client_id, user_id) VALUES (?, ?, ?)',
      ),
    };
  }

  /** Appends one update to a draft's log; its sequence number. */
  insertUpdate(draftId: string, update: Uint8Array, now: number): number {
    const blob = blobColumns(update);
    const result = this.statements.insertUpdate.run(
      draftId,
      blob.data,
      blob.byte_length,
      blob.crc32,
      now,
    );
    return Number(result.lastInsertRowid);
  }

  /** Runs `write`; for an append, the sequence number of its last update (else 0). */
  run(write: DraftWrite): number {
    const { statements } = this;
    switch (write.kind) {
      case 'append': {
        let seq = 0;
        for (const update of write.updates)
          seq = this.insertUpdate(write.draftId, update, write.now);
        for (const claim of write.claims) {
          statements.claimClient.run(write.draftId, claim.clientId, claim.userId);
        }
        statements.touchDraft.run(write.now, write.draftId);
        return seq;
      }
      case 'compact': {
        const blob = blobColumns(write.snapshot);
        statements.upsertSnapshot.run(
          write.draftId,
          write.uptoSeq,
          blob.data,
          blob.byte_length,
          blob.crc32,
          write.now,
        );
        statements.deleteUpdatesUpTo.run(write.draftId, write.uptoSeq);
        return 0;
      }
      case 'rename':
        statements.renameDraft.run(write.title, write.draftId);
        return 0;
    }
  }
}
