import { crc32 } from 'node:zlib';
import type { Database, Statement } from 'better-sqlite3';
import {
  StorageCorruptionError,
  type ClientClaim,
  type DraftStore,
  type DraftSummary,
  type StoredDraftState,
} from './draft-store';
import { openDatabase } from './open-database';
import { DraftWriteStatements, type DraftWrite } from './draft-writes';
import { GroupCommit, inlineCommitter, type Committer } from './group-commit';
import { writeWhenFree } from './write-when-free';

interface DraftRow {
  id: string;
  title: string;
  created_at: number;
  updated_at: number;
}

interface BlobRow {
  data: Buffer;
  byte_length: number;
  crc32: number;
}

function toSummary(row: DraftRow): DraftSummary {
  return { id: row.id, title: row.title, createdAt: row.created_at, updatedAt: row.updated_at };
}

function checked(draftId: string, where: string, row: BlobRow): Uint8Array {
  if (row.data.byteLength !== row.byte_length) {
    throw new StorageCorruptionError(
      draftId,
      where,
      `stored ${row.data.byteLength} bytes, expected ${row.byte_length}`,
    );
  }
  if (crc32(row.data) !== row.crc32) {
    throw new StorageCorruptionError(draftId, where, 'checksum mismatch');
  }
  return new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength);
}

/**
 * The embedded default store: one SQLite file in WAL mode. The writes of open
 * drafts (their updates, compactions and titles) are group-committed: all
 * those of one event-loop turn, across drafts, in one transaction
 * (`group-commit.ts`).
 */
export class SqliteDraftStore implements DraftStore {
  /** Commits the writes of each turn together; its counts are read by the benchmarks. */
  readonly group: GroupCommit<DraftWrite>;
  /** The draft writes' statements on this connection (`createDraft`'s too). */
  private readonly writes: DraftWriteStatements;
  private readonly statements: {
    insertDraft: Statement<[string, string, number, number]>;
    getDraft: Statement<[string], DraftRow>;
    listDrafts: Statement<[], DraftRow>;
    getSnapshot: Statement<[string], BlobRow & { upto_seq: number }>;
    getUpdatesAfter: Statement<[string, number], BlobRow & { seq: number }>;
    clientOwners: Statement<[string], { client_id: number; user_id: string }>;
  };

  /** `committer`: where the draft writes are committed (by default on `db`, on the event loop). */
  constructor(
    readonly db: Database,
    committer?: Committer<DraftWrite>,
  ) {
    this.writes = new DraftWriteStatements(db);
    this.group = new GroupCommit(committer ?? inlineCommitter(db, this.writes));
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
    return row ? toSummary(row) : null;
  }

  async renameDraft(id: string, title: string): Promise<void> {
    await this.group.run({ kind: 'rename', draftId: id, title });
  }

  async listDrafts(): Promise<DraftSummary[]> {
    return this.statements.listDrafts.all().map(toSummary);
  }

  async loadDraftState(id: string): Promise<StoredDraftState | null> {
    return this.db.transaction(() => {
      if (!this.statements.getDraft.get(id)) return null;
      const snapshotRow = this.statements.getSnapshot.get(id);
      const snapshot = snapshotRow
        ? {
            uptoSeq: snapshotRow.upto_seq,
            data: checked(id, `snapshot up to update ${snapshotRow.upto_seq}`, snapshotRow),
          }
        : null;
      const updates = this.statements.getUpdatesAfter
        .all(id, snapshot?.uptoSeq ?? 0)
        .map((row) => ({ seq: row.seq, data: checked(id, `update ${row.seq}`, row) }));
      return { snapshot, updates };
    })();
  }

  async appendUpdates(
    id: string,
    updates: readonly Uint8Array[],
    claims: readonly ClientClaim[] = [],
  ): Promise<number> {
    return this.group.run({ kind: 'append', draftId: id, updates, claims, now: Date.now() });
  }

  commitStats(): { commits: number; writes: number } {
    return { commits: this.group.stats.groups, writes: this.group.stats.writes };
  }

  async clientOwners(id: string): Promise<Map<number, string>> {
    return new Map(
      this.statements.clientOwners.all(id).map((row) => [row.client_id, row.user_id] as const),
    );
  }

  async compact(id: string, snapshot: Uint8Array, uptoSeq: number): Promise<void> {
    await this.group.run({ kind: 'compact', draftId: id, snapshot, uptoSeq, now: Date.now() });
  }

  close(): void {
    this.db.close();
  }
}
