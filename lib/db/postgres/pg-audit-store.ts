import type { AuditEntry, AuditRecord, AuditStore, AuditVerification } from '../audit-store';
import { chainAuditEntries, toAuditRecord, verifyAuditChain, type AuditRow } from '../audit-chain';
import type { PgDatabase } from './pg-database';
import { valuesList } from './pg-draft-writes';

/** The first key of the advisory locks that serialise appends to one draft's chain. */
const AUDIT_CHAIN_LOCK = 0x61756474; // "audt"

/**
 * The audit log on PostgreSQL (table `audit_log`). Several processes may append to one
 * draft's chain at once: each append takes a transaction-scoped advisory lock on the draft
 * before it reads the chain's last hash, so appends to a draft are serialised (those to
 * other drafts are not) and no two rows name the same previous row.
 */
export class PgAuditStore implements AuditStore {
  constructor(private readonly db: PgDatabase) {}

  async append(entries: readonly AuditEntry[]): Promise<AuditRecord[]> {
    if (entries.length === 0) return [];
    // In a fixed order, so two appends naming the same drafts cannot deadlock.
    const drafts = [...new Set(entries.map((entry) => entry.draftId))].sort();
    return this.db.transaction(async (client) => {
      const last = new Map<string, string>();
      for (const draftId of drafts) {
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
          AUDIT_CHAIN_LOCK,
          draftId,
        ]);
        const { rows } = await client.query<{ hash: string }>(
          'SELECT hash FROM audit_log WHERE draft_id = $1 ORDER BY seq DESC LIMIT 1',
          [draftId],
        );
        if (rows[0]) last.set(draftId, rows[0].hash);
      }
      const chained = chainAuditEntries(entries, (draftId) => last.get(draftId));
      const params: unknown[] = [];
      const values = valuesList(
        chained.map((row) => [
          row.draftId,
          row.at,
          row.userId,
          row.userName,
          row.delegation,
          row.action,
          row.suggestionId,
          row.paragraph,
          JSON.stringify(row.detail),
          row.prevHash,
          row.hash,
        ]),
        params,
      );
      const { rows } = await client.query<{ seq: number }>(
        `INSERT INTO audit_log (draft_id, at, user_id, user_name, delegation, action,
           suggestion_id, paragraph, detail, prev_hash, hash) VALUES ${values} RETURNING seq`,
        params,
      );
      // Identity values are drawn in the order of the VALUES rows.
      const seqs = rows.map((row) => row.seq).sort((a, b) => a - b);
      return chained.map((row, i) => ({ ...row, seq: seqs[i] ?? 0 }));
    });
  }

  async list(draftId: string): Promise<AuditRecord[]> {
    return (await this.rows(draftId)).map(toAuditRecord);
  }

  async verify(draftId: string): Promise<AuditVerification> {
    return verifyAuditChain(await this.rows(draftId));
  }

  private rows(draftId: string): Promise<AuditRow[]> {
    return this.db.query<AuditRow>('SELECT * FROM audit_log WHERE draft_id = $1 ORDER BY seq', [
      draftId,
    ]);
  }
}
