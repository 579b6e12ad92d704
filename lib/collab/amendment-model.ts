import type * as Y from 'yjs';
import { SETTINGS_FIELD, type AmendmentModel } from './protocol';

const KEY = 'amendmentModel';

/**
 * How a draft stores its amendments. Drafts made before issue 19 have no
 * setting and hold marks until the server converts them on load
 * (`lib/drafts/convert-on-load.ts`); a draft that could not be converted
 * whole keeps marks, with the setting saying so.
 */
export function amendmentModel(doc: Y.Doc): AmendmentModel {
  return storedAmendmentModel(doc) ?? 'marks';
}

/** The setting as stored: null for a draft made before issue 19 (not converted yet). */
export function storedAmendmentModel(doc: Y.Doc): AmendmentModel | null {
  const value = doc.getMap<unknown>(SETTINGS_FIELD).get(KEY);
  return value === 'objects' || value === 'marks' ? value : null;
}

/** Fixes the model of a draft (the server's, when it makes or converts a draft). */
export function setAmendmentModel(doc: Y.Doc, model: AmendmentModel): void {
  doc.getMap<unknown>(SETTINGS_FIELD).set(KEY, model);
}
