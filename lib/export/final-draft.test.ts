import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { TextSelection, type EditorState } from '@tiptap/pm/state';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import type { AmendmentAuthor } from '../amendments/model';
import { proposeMove, proposeNewParagraph } from '../amendments/paragraph-amendments';
import { suggestTransaction, type SuggestOutcome } from '../amendments/suggest';
import { writeHeader } from '../collab/draft-header';
import { BODY_FIELD } from '../collab/protocol';
import { draftBodyState, writeDraftBody } from '../drafts/draft-body';
import { importResolutionFile } from '../import/import-file';
import { resolutionSchema } from '../schema/document-extensions';
import {
  isFootnoteRun,
  type InlineRun,
  type ResolutionDocument,
} from '../schema/resolution-document';
import { resolutionJSON } from '../schema/resolution-json';
import { CHN, FRA, USA } from '../testing/amendment-editors';
import { finalDraft, resolutionBody } from './final-draft';

const DRAFT = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';

function imported(path: string): ResolutionDocument {
  return importResolutionFile(path, readFileSync(path, 'utf8')).document;
}

/** A draft's Y.Doc as `createDraft` makes it. */
function draftDoc(document: ResolutionDocument): Y.Doc {
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

type Amendment = (state: EditorState) => SuggestOutcome;

const replace =
  (author: AmendmentAuthor, search: string, by: string): Amendment =>
  (state) => {
    const at = find(state, search);
    return suggestTransaction(state, state.tr.insertText(by, at, at + search.length), author);
  };

const insertAfter =
  (author: AmendmentAuthor, anchor: string, text: string): Amendment =>
  (state) =>
    suggestTransaction(
      state,
      state.tr.insertText(text, find(state, anchor) + anchor.length),
      author,
    );

const newParagraphAfter =
  (author: AmendmentAuthor, anchor: string, text: string): Amendment =>
  (state) => {
    const start = withCaret(state, find(state, anchor) + anchor.length);
    const outcome = proposeNewParagraph(start, author);
    if (outcome.kind === 'transaction') {
      outcome.tr.insertText(text, start.apply(outcome.tr).selection.from);
    }
    return outcome;
  };

const moveUp =
  (author: AmendmentAuthor, anchor: string): Amendment =>
  (state) =>
    proposeMove(withCaret(state, find(state, anchor)), author, 'up');

/** Applies amendments to the draft's body, as the demo seeding does. */
function amend(doc: Y.Doc, amendments: Amendment[]): void {
  let state = draftBodyState(doc);
  for (const amendment of amendments) {
    const outcome = amendment(state);
    assert.equal(outcome.kind, 'transaction', JSON.stringify(outcome));
    if (outcome.kind === 'transaction') state = state.apply(outcome.tr);
  }
  writeDraftBody(doc, state.doc);
}

const NEW_OP =
  'Calls upon States to strengthen international cooperation to address the adverse impact of climate change;';

function amendedDraft(): Y.Doc {
  const doc = draftDoc(imported(DRAFT));
  amend(doc, [
    replace(CHN, 'equality and equity', 'equality, equity and solidarity'),
    insertAfter(USA, 'resolving human rights issues in international forums', ', mutually'),
    newParagraphAfter(FRA, 'on the full enjoyment of human rights;', NEW_OP),
    replace(USA, ', including the Human Rights Council', ''),
    moveUp(CHN, 'all Member States and the United Nations system to explore'),
  ]);
  return doc;
}

function plain(runs: readonly InlineRun[]): string {
  return runs.map((run) => (isFootnoteRun(run) ? '^' : run.text)).join('');
}

function allText(document: ResolutionDocument): string {
  return [
    ...document.body.preamble.map(plain),
    ...document.body.operative.map((block) => plain(block.content)),
  ].join('\n');
}

test('a draft without amendments gives back the imported document', () => {
  for (const path of [DRAFT, 'fixtures/A_RES_78_293.md', 'fixtures/akn/A_RES_77_222.xml']) {
    const document = imported(path);
    const final = finalDraft(draftDoc(document));
    assert.equal(final.pending, 0, path);
    assert.deepEqual(final.document, document, path);
  }
});

test('the final draft rejects every pending amendment', () => {
  const original = imported(DRAFT);
  const doc = amendedDraft();
  const final = finalDraft(doc);
  assert.equal(final.pending, 5);
  const text = allText(final.document);
  assert.ok(!text.includes('solidarity'), 'a pending replacement is absent');
  assert.ok(!text.includes('mutually'), 'a pending insertion is absent');
  assert.ok(text.includes('equality and equity'), 'the text it replaced is present');
  assert.ok(text.includes(', including the Human Rights Council'), 'a deletion’s text is present');
  assert.ok(!text.includes('climate change;'), 'a proposed paragraph is absent');
  assert.deepEqual(final.document, original, 'rejecting all gives back the original');
});

test('the accepted view of the same draft shows the amendments', () => {
  const body = resolutionBody(draftBodyState(amendedDraft()).doc, 'accepted');
  const text = body.operative.map((block) => plain(block.content)).join('\n');
  assert.ok(text.includes('equality, equity and solidarity'));
  assert.ok(text.includes(NEW_OP));
  assert.ok(text.includes('forums, mutually'));
  assert.ok(!text.includes(', including the Human Rights Council'));
  assert.equal(body.operative.filter((block) => block.kind === 'paragraph').length, 18);
});

test('runs split by amendment marks are merged back', () => {
  const document = imported(DRAFT);
  const doc = draftDoc(document);
  amend(doc, [
    insertAfter(CHN, 'its commitment', ' and determination'),
    moveUp(FRA, 'Recognizing also'),
  ]);
  const final = finalDraft(doc);
  assert.equal(final.pending, 2);
  assert.deepEqual(final.document.body.preamble.slice(0, 6), document.body.preamble.slice(0, 6));
});
