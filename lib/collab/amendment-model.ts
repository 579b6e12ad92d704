import type * as Y from 'yjs';
import { SETTINGS_FIELD, type AmendmentModel } from './protocol';

const KEY = 'amendmentModel';

/** How a draft stores its amendments; drafts made before issue 19 (no setting) hold marks. */
export function amendmentModel(doc: Y.Doc): AmendmentModel {
  return doc.getMap<unknown>(SETTINGS_FIELD).get(KEY) === 'objects' ? 'objects' : 'marks';
}

/** Fixes the model of a draft being made (the server's, before its first update is stored). */
export function setAmendmentModel(doc: Y.Doc, model: AmendmentModel): void {
  doc.getMap<unknown>(SETTINGS_FIELD).set(KEY, model);
}
