import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import type { DraftStore, DraftSummary } from '../db/draft-store';
import { resolutionSchema } from '../schema/document-extensions';
import { newId } from '../schema/new-id';
import { resolutionJSON, type ResolutionBody } from '../schema/resolution-json';

/** Longest title accepted for a draft. */
export const MAX_TITLE_LENGTH = 300;

/**
 * Creates a draft whose first stored update holds its initial body, so every
 * client starts from the same structure and none seeds content of its own.
 */
export async function createDraft(
  store: DraftStore,
  input: { title: string; body?: ResolutionBody },
): Promise<DraftSummary> {
  const json = resolutionJSON(input.body ?? { preamble: [], operative: [] });
  resolutionSchema.nodeFromJSON(json).check();
  const doc = prosemirrorJSONToYDoc(resolutionSchema, json, BODY_FIELD);
  try {
    return await store.createDraft({
      id: newId(),
      title: input.title,
      initialUpdate: Y.encodeStateAsUpdate(doc),
    });
  } finally {
    doc.destroy();
  }
}
