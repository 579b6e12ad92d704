import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TextSelection, type EditorState } from '@tiptap/pm/state';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { newAmendmentMeta, amendmentsMap, type AmendmentAuthor } from '../amendments/model';
import {
  proposeMove,
  proposeNewParagraph,
  proposeParagraphDeletion,
} from '../amendments/paragraph-amendments';
import { suggestTransaction, type SuggestOutcome } from '../amendments/suggest';
import { writeHeader } from '../collab/draft-header';
import { BODY_FIELD } from '../collab/protocol';
import { draftBodyState, writeDraftBody } from '../drafts/draft-body';
import { importResolutionFile } from '../import/import-file';
import { resolutionSchema } from '../schema/document-extensions';
import type { ResolutionDocument } from '../schema/resolution-document';
import { resolutionJSON } from '../schema/resolution-json';

/**
 * Drafts with pending amendments for tests, made with the editor's own
 * amendment code (no editor, no network): a fixture imported, then amended
 * by several delegations, as the demo seeding does.
 */

/** When the test amendments are proposed (fixed, for exact comparisons). */
export const PROPOSED_AT = '2026-11-20T10:00:00.000Z';

/** A fixture (or any resolution file) imported. */
export function imported(path: string): ResolutionDocument {
  return importResolutionFile(path, readFileSync(path, 'utf8')).document;
}

/** A draft's Y.Doc as `createDraft` makes it. */
export function draftDoc(document: ResolutionDocument): Y.Doc {
  const doc = prosemirrorJSONToYDoc(resolutionSchema, resolutionJSON(document.body), BODY_FIELD);
  writeHeader(doc, document.header);
  return doc;
}

function find(state: EditorState, text: string): number {
  let found = -1;
  state.doc.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text?.includes(text)) {
      found = pos + node.text.indexOf(text);
    }
    return found < 0;
  });
  assert.ok(found >= 0, `"${text}" is in the draft`);
  return found;
}

function withCaret(state: EditorState, pos: number): EditorState {
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos)));
}

/** An amendment by one delegation, as a function of the draft's state. */
export interface Amendment {
  author: AmendmentAuthor;
  make: (state: EditorState) => SuggestOutcome;
}

/** Replaces `search` (its first occurrence) by `by`; an empty `by` deletes it. */
export const replace = (author: AmendmentAuthor, search: string, by: string): Amendment => ({
  author,
  make: (state) => {
    const at = find(state, search);
    return suggestTransaction(state, state.tr.insertText(by, at, at + search.length), author);
  },
});

export const insertAfter = (author: AmendmentAuthor, anchor: string, text: string): Amendment => ({
  author,
  make: (state) =>
    suggestTransaction(
      state,
      state.tr.insertText(text, find(state, anchor) + anchor.length),
      author,
    ),
});

export const newParagraphAfter = (
  author: AmendmentAuthor,
  anchor: string,
  text: string,
): Amendment => ({
  author,
  make: (state) => {
    const start = withCaret(state, find(state, anchor) + anchor.length);
    const outcome = proposeNewParagraph(start, author);
    if (outcome.kind === 'transaction') {
      outcome.tr.insertText(text, start.apply(outcome.tr).selection.from);
    }
    return outcome;
  },
});

/** Proposes deleting the paragraph holding `anchor`. */
export const deleteParagraph = (author: AmendmentAuthor, anchor: string): Amendment => ({
  author,
  make: (state) => proposeParagraphDeletion(withCaret(state, find(state, anchor)), author),
});

/** Proposes moving the paragraph holding `anchor` one place up. */
export const moveUp = (author: AmendmentAuthor, anchor: string): Amendment => ({
  author,
  make: (state) => proposeMove(withCaret(state, find(state, anchor)), author, 'up'),
});

/**
 * Applies amendments to the draft's body and writes each one's record (who,
 * when) in the amendments map, as the editor does.
 */
export function amend(doc: Y.Doc, amendments: Amendment[]): void {
  let state = draftBodyState(doc);
  for (const { author, make } of amendments) {
    const outcome = make(state);
    assert.equal(outcome.kind, 'transaction', JSON.stringify(outcome));
    if (outcome.kind !== 'transaction') continue;
    state = state.apply(outcome.tr);
    for (const { suggestionId, covers } of outcome.created) {
      amendmentsMap(doc).set(suggestionId, newAmendmentMeta(author, PROPOSED_AT, covers));
    }
  }
  writeDraftBody(doc, state.doc);
}
