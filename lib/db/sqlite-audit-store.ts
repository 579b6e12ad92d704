import type { Database } from 'better-sqlite3';
import type { AuditEntry, AuditRecord, AuditStore, AuditVerification } from './audit-store';
import { chainAuditEntries, toAuditRecord, verifyAuditChain, type AuditRow } from './audit-chain';
import { writeWhenFree } from './write-when-free';

/** The audit log on SQLite (table `audit_log`, migration 3). */
export class SqliteAuditStore implements AuditStore {
  constructor(private readonly db: Database) {}

  append(entries: readonly AuditEntry[]): Promise<AuditRecord[]> {
    const last = this.db.prepare<[string], { hash: string }>(
      'SELECT hash FROM audit_log WHERE draft_id = ? ORDER BY seq DESC LIMIT 1',
    );
    const insert = this.db.prepare(
      `INSERT INTO audit_log (draft_id, at, user_id, user_name, delegation, action,
         suggestion_id, paragraph, detail, prev_hash, hash)
       VALUES (@draftId, @at, @userId, @userName, @delegation, @action,
         @suggestionId, @paragraph, @detail, @prevHash, @hash)`,
    );
    // Writers are serialised by SQLite's write lock, taken before the last hash is read.
    return writeWhenFree(this.db, () =>
      chainAuditEntries(entries, (draftId) => last.get(draftId)?.hash).map((row) => {
        const result = insert.run({ ...row, detail: JSON.stringify(row.detail) });
        return { ...row, seq: Number(result.lastInsertRowid) };
      }),
    );
  }

  list(draftId: string): Promise<AuditRecord[]> {
    return Promise.resolve(this.rows(draftId).map(toAuditRecord));
  }

  verify(draftId: string): Promise<AuditVerification> {
    return Promise.resolve(verifyAuditChain(this.rows(draftId)));
  }

  private rows(draftId: string): AuditRow[] {
    return this.db
      .prepare<[string], AuditRow>('SELECT * FROM audit_log WHERE draft_id = ? ORDER BY seq')
      .all(draftId);
  }
}
