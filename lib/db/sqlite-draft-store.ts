import type { Database, Statement } from 'better-sqlite3';
import { type DraftStore, type DraftSummary, type StoredDraftState } from './draft-store';
import { openDatabase } from './open-database';
import {
  checkedSnapshot,
  checkedUpdate,
  toDraftSummary,
  type DraftRow,
  type SnapshotRow,
  type UpdateRow,
} from './draft-rows';
import { DraftWriteStatements, type DraftWrite } from './draft-writes';
import { inlineCommitter, type Committer } from './group-commit';
import { GroupCommittedDraftStore } from './group-committed-draft-store';
import { writeWhenFree } from './write-when-free';

/**
 * The embedded default store: one SQLite file in WAL mode. The writes of open
 * drafts (their updates, compactions and titles) are group-committed: all
 * those of one event-loop turn, across drafts, in one transaction
 * (`group-commit.ts`).
 */
export class SqliteDraftStore extends GroupCommittedDraftStore implements DraftStore {
  /** The draft writes' statements on this connection (`createDraft`'s too). */
  private readonly writes: DraftWriteStatements;
  private readonly statements: {
    insertDraft: Statement<[string, string, number, number]>;
    getDraft: Statement<[string], DraftRow>;
    listDrafts: Statement<[], DraftRow>;
    getSnapshot: Statement<[string], SnapshotRow>;
    getUpdatesAfter: Statement<[string, number], UpdateRow>;
    clientOwners: Statement<[string], { client_id: number; user_id: string }>;
  };

  /** `committer`: where the draft writes are committed (by default on `db`, on the event loop). */
  constructor(
    readonly db: Database,
    committer?: Committer<DraftWrite>,
  ) {
    const writes = new DraftWriteStatements(db);
    super(committer ?? inlineCommitter(db, writes));
    this.writes = writes;
    this.statements = {
      insertDraft: db.prepare(
        'INSERT INTO drafts (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)',
      ),
      getDraft: db.prepare('SELECT * FROM drafts WHERE id = ?'),
      listDrafts: db.prepare('SELECT * FROM drafts ORDER BY updated_at DESC, title'),
      getSnapshot: db.prepare(
        'SELECT upto_seq, data, byte_length, crc32 FROM draft_snapshots WHERE draft_id = ?',
      ),
      getUpdatesAfter: db.prepare(
        'SELECT seq, data, byte_length, crc32 FROM draft_updates WHERE draft_id = ? AND seq > ? ORDER BY seq',
      ),
      clientOwners: db.prepare('SELECT client_id, user_id FROM draft_clients WHERE draft_id = ?'),
    };
  }

  /** Opens the SQLite file at `file` (migrating it) and returns a store on it. */
  static open(file: string): SqliteDraftStore {
    return new SqliteDraftStore(openDatabase(file));
  }

  async createDraft(input: {
    id: string;
    title: string;
    initialUpdate: Uint8Array;
  }): Promise<DraftSummary> {
    const now = Date.now();
    await writeWhenFree(this.db, () => {
      this.statements.insertDraft.run(input.id, input.title, now, now);
      this.writes.insertUpdate(input.id, input.initialUpdate, now);
    });
    return { id: input.id, title: input.title, createdAt: now, updatedAt: now };
  }

  async getDraft(id: string): Promise<DraftSummary | null> {
    const row = this.statements.getDraft.get(id);
    return row ? toDraftSummary(row) : null;
  }

  async listDrafts(): Promise<DraftSummary[]> {
    return this.statements.listDrafts.all().map(toDraftSummary);
  }

  async loadDraftState(id: string): Promise<StoredDraftState | null> {
    return this.db.transaction(() => {
      if (!this.statements.getDraft.get(id)) return null;
      const snapshotRow = this.statements.getSnapshot.get(id);
      const snapshot = snapshotRow ? checkedSnapshot(id, snapshotRow) : null;
      const updates = this.statements.getUpdatesAfter
        .all(id, snapshot?.uptoSeq ?? 0)
        .map((row) => checkedUpdate(id, row));
      return { snapshot, updates };
    })();
  }

  async clientOwners(id: string): Promise<Map<number, string>> {
    return new Map(
      this.statements.clientOwners.all(id).map((row) => [row.client_id, row.user_id] as const),
    );
  }

  close(): void {
    this.db.close();
  }
}
