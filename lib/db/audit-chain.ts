import { createHash } from 'node:crypto';
import {
  GENESIS_HASH,
  type AuditEntry,
  type AuditRecord,
  type AuditVerification,
} from './audit-store';

/** A row of `audit_log`, as both engines return it. */
export interface AuditRow {
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

/** A stored row as a record; a `detail` that is not JSON is kept, as text, rather than lost. */
export function toAuditRecord(row: AuditRow): AuditRecord {
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

/**
 * Links `entries` (in order) to the chain whose last hash is `lastHash(draftId)`, each draft
 * its own chain: the rows to insert, with their hashes. Both engines append through it, so
 * that a chain written by one verifies on the other.
 */
export function chainAuditEntries(
  entries: readonly AuditEntry[],
  lastHash: (draftId: string) => string | undefined,
): (AuditEntry & { prevHash: string; hash: string })[] {
  const previous = new Map<string, string>();
  return entries.map((entry) => {
    const prevHash = previous.get(entry.draftId) ?? lastHash(entry.draftId) ?? GENESIS_HASH;
    const hash = auditHash(prevHash, entry);
    previous.set(entry.draftId, hash);
    return { ...entry, prevHash, hash };
  });
}

/** Recomputes the hash chain of one draft's rows, in `seq` order. */
export function verifyAuditChain(rows: readonly AuditRow[]): AuditVerification {
  const broken = (seq: number, reason: string): AuditVerification => ({
    ok: false,
    rows: rows.length,
    seq,
    reason,
  });
  let prevHash = GENESIS_HASH;
  for (const row of rows) {
    if (row.prev_hash !== prevHash) {
      return broken(row.seq, 'does not follow the row before it (a row was removed or inserted)');
    }
    const record = toAuditRecord(row);
    const expected = auditHash(prevHash, {
      ...record,
      detail: JSON.parse(row.detail) as Record<string, unknown>,
    });
    if (row.hash !== expected) {
      return broken(row.seq, 'its content does not match its hash (the row was changed)');
    }
    prevHash = row.hash;
  }
  return { ok: true, rows: rows.length };
}
