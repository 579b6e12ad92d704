import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import { updateYFragment } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import { materialiseDraft } from '../amendments/materialise';
import { resolutionSchema } from '../schema/document-extensions';

/**
 * A draft's body as ProseMirror sees it, marked up: the agreed text with every
 * pending amendment shown (`materialiseDraft`: proposal objects become the
 * marks and paragraph attributes that drafts stored before issue 19 hold in
 * their text), for changes the server or a tool makes
 * without an editor (decisions, exports, the audit, the demo's amendments).
 * Reads without writing (`read-yjs.ts`): content the schema cannot hold throws
 * `SchemaViolationError` instead of being deleted from the shared draft, as
 * the editor binding's own reader would.
 */
export function draftBodyState(doc: Y.Doc): EditorState {
  return EditorState.create({ schema: resolutionSchema, doc: materialiseDraft(doc).doc });
}

/** Writes `body` into the draft, as the smallest Yjs change from what is there (y-tiptap's diff). */
export function writeDraftBody(doc: Y.Doc, body: ProseMirrorNode): void {
  updateYFragment(doc, doc.getXmlFragment(BODY_FIELD), body, {
    mapping: new Map(),
    isOMark: new Map(),
  });
}
