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
import { GroupCommit } from './group-commit';
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
 * those of one event-loop turn, across drafts, in one transaction (`group-commit.ts`).
 */
export class SqliteDraftStore implements DraftStore {
  /** Commits the writes of each turn together; its counts are read by the benchmarks. */
  readonly group: GroupCommit;
  private readonly statements: {
    insertDraft: Statement<[string, string, number, number]>;
    getDraft: Statement<[string], DraftRow>;
    listDrafts: Statement<[], DraftRow>;
    getSnapshot: Statement<[string], BlobRow & { upto_seq: number }>;
    getUpdatesAfter: Statement<[string, number], BlobRow & { seq: number }>;
    insertUpdate: Statement<[string, Buffer, number, number, number]>;
    touchDraft: Statement<[number, string]>;
    renameDraft: Statement<[string, string]>;
    upsertSnapshot: Statement<[string, number, Buffer, number, number, number]>;
    deleteUpdatesUpTo: Statement<[string, number]>;
    claimClient: Statement<[string, number, string]>;
    clientOwners: Statement<[string], { client_id: number; user_id: string }>;
  };

  constructor(readonly db: Database) {
    this.group = new GroupCommit(db);
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
      insertUpdate: db.prepare(
        'INSERT INTO draft_updates (draft_id, data, byte_length, crc32, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      touchDraft: db.prepare('UPDATE drafts SET updated_at = ? WHERE id = ?'),
      renameDraft: db.prepare('UPDATE drafts SET title = ? WHERE id = ?'),
      upsertSnapshot: db.prepare(
        `INSERT INTO draft_snapshots (draft_id, upto_seq, data, byte_length, crc32, created_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (draft_id) DO UPDATE SET upto_seq = excluded.upto_seq, data = excluded.data,
           byte_length = excluded.byte_length, crc32 = excluded.crc32, created_at = excluded.created_at`,
      ),
      deleteUpdatesUpTo: db.prepare('DELETE FROM draft_updates WHERE draft_id = ? AND seq <= ?'),
      claimClient: db.prepare(
        'INSERT OR IGNORE INTO draft_clients (draft_id, client_id, user_id) VALUES (?, ?, ?)',
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
      this.insertUpdate(input.id, input.initialUpdate, now);
    });
    return { id: input.id, title: input.title, createdAt: now, updatedAt: now };
  }

  async getDraft(id: string): Promise<DraftSummary | null> {
    const row = this.statements.getDraft.get(id);
    return row ? toSummary(row) : null;
  }

  async renameDraft(id: string, title: string): Promise<void> {
    await this.group.run(() => this.statements.renameDraft.run(title, id));
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
    const now = Date.now();
    return this.group.run(() => {
      let seq = 0;
      for (const update of updates) seq = this.insertUpdate(id, update, now);
      for (const claim of claims) this.statements.claimClient.run(id, claim.clientId, claim.userId);
      this.statements.touchDraft.run(now, id);
      return seq;
    });
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
    const data = Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength);
    await this.group.run(() => {
      this.statements.upsertSnapshot.run(
        id,
        uptoSeq,
        data,
        data.byteLength,
        crc32(data),
        Date.now(),
      );
      this.statements.deleteUpdatesUpTo.run(id, uptoSeq);
    });
  }

  close(): void {
    this.db.close();
  }

  private insertUpdate(id: string, update: Uint8Array, now: number): number {
    const data = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
    const result = this.statements.insertUpdate.run(id, data, data.byteLength, crc32(data), now);
    return Number(result.lastInsertRowid);
  }
}
