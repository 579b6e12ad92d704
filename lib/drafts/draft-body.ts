import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import { resolutionSchema } from '../schema/document-extensions';

/**
 * A draft's body as ProseMirror sees it, for changes the server or a tool makes
 * without an editor (decisions, the demo's amendments).
 */
export function draftBodyState(doc: Y.Doc): EditorState {
  return EditorState.create({
    schema: resolutionSchema,
    doc: yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(BODY_FIELD), resolutionSchema),
  });
}

/** Writes `body` into the draft, as the smallest Yjs change from what is there (y-tiptap's diff). */
export function writeDraftBody(doc: Y.Doc, body: ProseMirrorNode): void {
  updateYFragment(doc, doc.getXmlFragment(BODY_FIELD), body, {
    mapping: new Map(),
    isOMark: new Map(),
  });
}
