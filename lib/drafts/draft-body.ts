import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import { updateYFragment } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import { resolutionSchema } from '../schema/document-extensions';
import { readYBody } from '../schema/read-yjs';

/**
 * A draft's body as ProseMirror sees it, for changes the server or a tool makes
 * without an editor (decisions, exports, the audit, the demo's amendments).
 * Reads without writing (`read-yjs.ts`): content the schema cannot hold throws
 * `SchemaViolationError` instead of being deleted from the shared draft, as
 * the editor binding's own reader would.
 */
export function draftBodyState(doc: Y.Doc): EditorState {
  return EditorState.create({
    schema: resolutionSchema,
    doc: readYBody(doc.getXmlFragment(BODY_FIELD)),
  });
}

/** Writes `body` into the draft, as the smallest Yjs change from what is there (y-tiptap's diff). */
export function writeDraftBody(doc: Y.Doc, body: ProseMirrorNode): void {
  updateYFragment(doc, doc.getXmlFragment(BODY_FIELD), body, {
    mapping: new Map(),
    isOMark: new Map(),
  });
}
