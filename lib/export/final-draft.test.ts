import assert from 'node:assert/strict';
import { test } from 'node:test';
import { draftBodyState } from '../drafts/draft-body';
import {
  isFootnoteRun,
  type InlineRun,
  type ResolutionDocument,
} from '../schema/resolution-document';
import {
  amend,
  draftDoc,
  imported,
  insertAfter,
  moveUp,
  newParagraphAfter,
  replace,
} from '../testing/amended-draft';
import { CHN, FRA, USA } from '../testing/amendment-editors';
import { finalDraft, resolutionBody } from './final-draft';

const DRAFT = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';

const NEW_OP =
  'Calls upon States to strengthen international cooperation to address the adverse impact of climate change;';

function amendedDraft() {
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
