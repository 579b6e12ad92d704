import { crc32 } from 'node:zlib';
import { StorageCorruptionError, type DraftSummary, type StoredUpdate } from './draft-store';

/*
 * The rows of `drafts`, `draft_updates` and `draft_snapshots` as every engine reads and
 * writes them (same columns on SQLite and PostgreSQL), so each engine checks stored
 * bytes the same way.
 */

/** A row of `drafts`. */
export interface DraftRow {
  id: string;
  title: string;
  created_at: number;
  updated_at: number;
}

/** A draft as listed. */
export function toDraftSummary(row: DraftRow): DraftSummary {
  return { id: row.id, title: row.title, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** The columns an update or snapshot is stored in: its bytes, their length and CRC-32. */
export interface BlobColumns {
  data: Buffer;
  byte_length: number;
  crc32: number;
}

/** What is stored of `bytes`, with what is checked when they are read back. */
export function blobColumns(bytes: Uint8Array): BlobColumns {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { data, byte_length: data.byteLength, crc32: crc32(data) };
}

/**
 * The bytes of a stored row, after checking their length and CRC-32 (a torn or altered
 * row); `StorageCorruptionError` naming the draft and `where` otherwise.
 */
function checkedBlob(draftId: string, where: string, row: BlobColumns): Uint8Array {
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

/** A row of `draft_snapshots` (the columns read back). */
export type SnapshotRow = BlobColumns & { upto_seq: number };

/** A row of `draft_updates` (the columns read back). */
export type UpdateRow = BlobColumns & { seq: number };

/** A draft's snapshot, integrity-checked. */
export function checkedSnapshot(
  draftId: string,
  row: SnapshotRow,
): { uptoSeq: number; data: Uint8Array } {
  return {
    uptoSeq: row.upto_seq,
    data: checkedBlob(draftId, `snapshot up to update ${row.upto_seq}`, row),
  };
}

/** One of a draft's logged updates, integrity-checked. */
export function checkedUpdate(draftId: string, row: UpdateRow): StoredUpdate {
  return { seq: row.seq, data: checkedBlob(draftId, `update ${row.seq}`, row) };
}
