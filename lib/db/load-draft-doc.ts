import * as Y from 'yjs';
import { StorageCorruptionError, type DraftStore } from './draft-store';

/** A draft's document rebuilt from storage. */
export interface LoadedDraft {
  doc: Y.Doc;
  /** Sequence number of the last update applied (0 when none). */
  lastSeq: number;
  /** How many log entries follow the snapshot; compaction folds them. */
  updatesSinceSnapshot: number;
  /** The user who owns each Yjs client id that wrote to the draft. */
  clientOwners: Map<number, string>;
}

function apply(doc: Y.Doc, draftId: string, where: string, data: Uint8Array): void {
  try {
    Y.applyUpdate(doc, data);
  } catch (error) {
    throw new StorageCorruptionError(
      draftId,
      where,
      `does not decode as a Yjs update (${String(error)})`,
    );
  }
}

/**
 * Rebuilds a draft from its latest snapshot plus the updates after it.
 * Resolves to `null` when the draft does not exist; rejects with a
 * `StorageCorruptionError` naming the bad row rather than skip it.
 */
export async function loadDraftDoc(
  store: DraftStore,
  draftId: string,
): Promise<LoadedDraft | null> {
  const state = await store.loadDraftState(draftId);
  if (!state) return null;
  const doc = new Y.Doc({ gc: true });
  try {
    if (state.snapshot) {
      apply(doc, draftId, `snapshot up to update ${state.snapshot.uptoSeq}`, state.snapshot.data);
    }
    for (const update of state.updates) apply(doc, draftId, `update ${update.seq}`, update.data);
  } catch (error) {
    doc.destroy();
    throw error;
  }
  const lastSeq = state.updates.at(-1)?.seq ?? state.snapshot?.uptoSeq ?? 0;
  const clientOwners = await store.clientOwners(draftId);
  return { doc, lastSeq, updatesSinceSnapshot: state.updates.length, clientOwners };
}
