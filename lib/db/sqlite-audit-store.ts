import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import {
  GENESIS_HASH,
  type AuditEntry,
  type AuditRecord,
  type AuditStore,
  type AuditVerification,
} from './audit-store';
import { writeWhenFree } from './write-when-free';

interface AuditRow {
  seq: number;
  draft_id: string;
  at: number;
  user_id: string;
  user_name: string;
  delegation: string;
  action: string;
  suggestion_id: string | null;
  paragraph: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

/** The hash of a row: SHA-256 over the previous hash and the row's fields, in a fixed order. */
export function auditHash(prevHash: string, entry: AuditEntry): string {
  const fields = [
    entry.draftId,
    entry.at,
    entry.userId,
    entry.userName,
    entry.delegation,
    entry.action,
    entry.suggestionId,
    entry.paragraph,
    JSON.stringify(entry.detail),
  ];
  return createHash('sha256')
    .update(`${prevHash}\n${JSON.stringify(fields)}`)
    .digest('hex');
}

function toRecord(row: AuditRow): AuditRecord {
  let detail: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(row.detail);
    detail =
      typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    detail = { unreadable: row.detail };
  }
  return {
    seq: row.seq,
    draftId: row.draft_id,
    at: row.at,
    userId: row.user_id,
    userName: row.user_name,
    delegation: row.delegation,
    action: row.action as AuditRecord['action'],
    suggestionId: row.suggestion_id,
    paragraph: row.paragraph,
    detail,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

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
    return writeWhenFree(this.db, () => {
      const out: AuditRecord[] = [];
      const previous = new Map<string, string>();
      for (const entry of entries) {
        const prevHash =
          previous.get(entry.draftId) ?? last.get(entry.draftId)?.hash ?? GENESIS_HASH;
        const hash = auditHash(prevHash, entry);
        const result = insert.run({
          ...entry,
          detail: JSON.stringify(entry.detail),
          prevHash,
          hash,
        });
        previous.set(entry.draftId, hash);
        out.push({ ...entry, seq: Number(result.lastInsertRowid), prevHash, hash });
      }
      return out;
    });
  }

  list(draftId: string): Promise<AuditRecord[]> {
    const rows = this.db
      .prepare<[string], AuditRow>('SELECT * FROM audit_log WHERE draft_id = ? ORDER BY seq')
      .all(draftId);
    return Promise.resolve(rows.map(toRecord));
  }

  verify(draftId: string): Promise<AuditVerification> {
    const rows = this.db
      .prepare<[string], AuditRow>('SELECT * FROM audit_log WHERE draft_id = ? ORDER BY seq')
      .all(draftId);
    let prevHash = GENESIS_HASH;
    for (const row of rows) {
      if (row.prev_hash !== prevHash) {
        return Promise.resolve({
          ok: false,
          rows: rows.length,
          seq: row.seq,
          reason: 'does not follow the row before it (a row was removed or inserted)',
        });
      }
      const record = toRecord(row);
      const expected = auditHash(prevHash, {
        ...record,
        detail: JSON.parse(row.detail) as Record<string, unknown>,
      });
      if (row.hash !== expected) {
        return Promise.resolve({
          ok: false,
          rows: rows.length,
          seq: row.seq,
          reason: 'its content does not match its hash (the row was changed)',
        });
      }
      prevHash = row.hash;
    }
    return Promise.resolve({ ok: true, rows: rows.length });
  }
}
