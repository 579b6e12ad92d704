import * as Y from 'yjs';
import { setAmendmentModel, storedAmendmentModel } from '../collab/amendment-model';
import { migrateMarksToProposals, type MigrationReport } from '../amendments/migrate-marks';
import type { DraftStore } from '../db/draft-store';
import { loadDraftDoc, type LoadedDraft } from '../db/load-draft-doc';

/** The transaction origin of the conversion on the server's Y.Doc. */
export const CONVERSION_ORIGIN = 'concord-conversion';

export interface Conversion {
  /** The model the draft has now. */
  model: 'marks' | 'objects';
  /** What the migration did (null: the draft already had a model). */
  report: MigrationReport | null;
}

/**
 * A draft made before issue 19 (no amendment model stored) is converted when
 * it is loaded: its amendment marks become proposal objects beside the agreed
 * text (`migrateMarksToProposals`), and the model is fixed to `objects`. The
 * conversion is worked out on a copy first; if anything could not be
 * represented (the report's `skipped`), nothing of it is written and the
 * draft keeps its marks, with the model fixed to `marks` so that it is not
 * tried again on every load (the caller logs why). Records, rationales and
 * decisions are not touched.
 * @returns what was done; the updates written are appended to the store and
 *   applied to `loaded.doc`
 */
export async function convertOnLoad(
  store: DraftStore,
  draftId: string,
  loaded: LoadedDraft,
): Promise<Conversion> {
  const stored = storedAmendmentModel(loaded.doc);
  if (stored) return { model: stored, report: null };
  const copy = new Y.Doc({ gc: true });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(loaded.doc));
  const before = Y.encodeStateVector(copy);
  const report = migrateMarksToProposals(copy, { origin: CONVERSION_ORIGIN });
  const model = report.skipped.length > 0 ? 'marks' : 'objects';
  let update: Uint8Array;
  if (model === 'objects') {
    copy.transact(() => setAmendmentModel(copy, 'objects'), CONVERSION_ORIGIN);
    update = Y.encodeStateAsUpdate(copy, before);
  } else {
    const fresh = new Y.Doc({ gc: true });
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(loaded.doc));
    const vector = Y.encodeStateVector(fresh);
    fresh.transact(() => setAmendmentModel(fresh, 'marks'), CONVERSION_ORIGIN);
    update = Y.encodeStateAsUpdate(fresh, vector);
    fresh.destroy();
  }
  copy.destroy();
  // Stored before it is applied: a crash in between converts again from the same state.
  const seq = await store.appendUpdates(draftId, [update]);
  Y.applyUpdate(loaded.doc, update, CONVERSION_ORIGIN);
  loaded.lastSeq = seq;
  loaded.updatesSinceSnapshot += 1;
  return { model, report };
}

/** Loads a draft and converts it if it was made before issue 19. */
export async function loadAndConvert(
  store: DraftStore,
  draftId: string,
): Promise<{ loaded: LoadedDraft; conversion: Conversion } | null> {
  const loaded = await loadDraftDoc(store, draftId);
  if (!loaded) return null;
  try {
    return { loaded, conversion: await convertOnLoad(store, draftId, loaded) };
  } catch (error) {
    loaded.doc.destroy();
    throw error;
  }
}
