import type { DraftStore, DraftSummary, StoredDraftState } from '../draft-store';
import {
  checkedSnapshot,
  checkedUpdate,
  toDraftSummary,
  type DraftRow,
  type SnapshotRow,
  type UpdateRow,
} from '../draft-rows';
import { GroupCommittedDraftStore } from '../group-committed-draft-store';
import type { PgDatabase } from './pg-database';
import { insertUpdatesSql, pgCommitter } from './pg-draft-writes';

/**
 * Drafts on PostgreSQL, with the guarantees of `SqliteDraftStore`: the writes of open drafts
 * (updates, compactions, titles) are group-committed, those of one event-loop turn across
 * drafts in one transaction (`pg-draft-writes.ts`), and resolve once committed; stored bytes
 * are checked (length, CRC-32) when read.
 */
export class PgDraftStore extends GroupCommittedDraftStore implements DraftStore {
  constructor(private readonly db: PgDatabase) {
    super(pgCommitter(db));
  }

  async createDraft(input: {
    id: string;
    title: string;
    initialUpdate: Uint8Array;
  }): Promise<DraftSummary> {
    const now = Date.now();
    await this.db.transaction(async (client) => {
      await client.query(
        'INSERT INTO drafts (id, title, created_at, updated_at) VALUES ($1, $2, $3, $3)',
        [input.id, input.title, now],
      );
      const params: unknown[] = [];
      await client.query(insertUpdatesSql(input.id, [input.initialUpdate], now, params), params);
    });
    return { id: input.id, title: input.title, createdAt: now, updatedAt: now };
  }

  async getDraft(id: string): Promise<DraftSummary | null> {
    const [row] = await this.db.query<DraftRow>('SELECT * FROM drafts WHERE id = $1', [id]);
    return row ? toDraftSummary(row) : null;
  }

  async listDrafts(): Promise<DraftSummary[]> {
    const rows = await this.db.query<DraftRow>(
      'SELECT * FROM drafts ORDER BY updated_at DESC, title',
    );
    return rows.map(toDraftSummary);
  }

  async loadDraftState(id: string): Promise<StoredDraftState | null> {
    // One snapshot of the database for the three reads: a compaction committing between
    // them would otherwise drop the updates after the snapshot read here.
    return this.db.transaction(async (client) => {
      const draft = await client.query('SELECT 1 FROM drafts WHERE id = $1', [id]);
      if (draft.rowCount === 0) return null;
      const [snapshotRow] = (
        await client.query<SnapshotRow>(
          'SELECT upto_seq, data, byte_length, crc32 FROM draft_snapshots WHERE draft_id = $1',
          [id],
        )
      ).rows;
      const snapshot = snapshotRow ? checkedSnapshot(id, snapshotRow) : null;
      const updates = await client.query<UpdateRow>(
        `SELECT seq, data, byte_length, crc32 FROM draft_updates
         WHERE draft_id = $1 AND seq > $2 ORDER BY seq`,
        [id, snapshot?.uptoSeq ?? 0],
      );
      return { snapshot, updates: updates.rows.map((row) => checkedUpdate(id, row)) };
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  async clientOwners(id: string): Promise<Map<number, string>> {
    const rows = await this.db.query<{ client_id: number; user_id: string }>(
      'SELECT client_id, user_id FROM draft_clients WHERE draft_id = $1',
      [id],
    );
    return new Map(rows.map((row) => [row.client_id, row.user_id] as const));
  }

  /** Ends the pool shared by all the stores of this database. */
  close(): Promise<void> {
    return this.db.close();
  }
}
