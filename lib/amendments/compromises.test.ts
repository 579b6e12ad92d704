import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as Y from 'yjs';
import { draftBodyState } from '../drafts/draft-body';
import {
  CHN,
  FACILITATOR,
  FRA,
  USA,
  caretAt,
  selectText,
  type,
} from '../testing/amendment-editors';
import { draftDoc, imported } from '../testing/amended-draft';
import { boundEditor } from '../testing/bound-editors';
import { collectAmendments } from './collect';
import {
  answerCompromise,
  makeCompromise,
  readCompromises,
  restoreCompromise,
  settleCompromises,
  supersededBy,
} from './compromises';
import { applyDecision } from './decide-on-ydoc';

const FIXTURE = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';
const CHAIR = { name: FACILITATOR.name, delegation: FACILITATOR.delegation };

const pending = (doc: Y.Doc) => collectAmendments(draftBodyState(doc).doc);
const idOf = (doc: Y.Doc, delegation: string) =>
  pending(doc).find((amendment) => amendment.delegation === delegation)!.suggestionId;

/** FRA and CHN amend one passage, USA another; the facilitator proposes a compromise on the first. */
function negotiated(): Y.Doc {
  const doc = draftDoc(imported(FIXTURE));
  const fra = boundEditor(doc, FRA);
  selectText(fra.editor, 'genuine cooperation');
  type(fra.editor, 'real cooperation');
  const chn = boundEditor(doc, CHN);
  caretAt(chn.editor, 'genuine cooperation');
  type(chn.editor, 'sincere and ');
  const usa = boundEditor(doc, USA);
  caretAt(usa.editor, 'all actors on the international scene');
  type(usa.editor, 'truly ');
  const chair = boundEditor(doc, FACILITATOR);
  selectText(chair.editor, 'enhancing');
  type(chair.editor, 'fostering');
  for (const bound of [fra, chn, usa, chair]) bound.editor.destroy();
  return doc;
}

test('a compromise supersedes amendments on its passage, asks their delegations, and accepting it closes them', () => {
  const doc = negotiated();
  const [fra, chn, usa, cub] = ['FRA', 'CHN', 'USA', 'CUB'].map((code) => idOf(doc, code)) as [
    string,
    string,
    string,
    string,
  ];
  // Not on the passage: refused, with which amendment and where.
  assert.throws(
    () => makeCompromise(doc, { compromise: cub, supersedes: [fra, usa] }, CHAIR, 1),
    /USA's amendment in OP\d+ is not on the compromise's passage/,
  );
  // Only the facilitator's own amendment is a compromise.
  assert.throws(
    () => makeCompromise(doc, { compromise: fra, supersedes: [chn] }, CHAIR, 1),
    /A compromise is an amendment the facilitator proposed/,
  );
  const state = makeCompromise(doc, { compromise: cub, supersedes: [fra, chn] }, CHAIR, 1);
  assert.deepEqual(state.asked, ['CHN', 'FRA']);
  assert.deepEqual([...supersededBy(readCompromises(doc)).keys()].sort(), [chn, fra].sort());
  assert.throws(
    () => makeCompromise(doc, { compromise: cub, supersedes: [fra] }, CHAIR, 2),
    /already a compromise/,
  );

  // Only the asked delegations answer; an answer may change.
  assert.throws(
    () => answerCompromise(doc, cub, 'agree', { name: 'US', delegation: 'USA' }, 3),
    /Only the delegations whose amendments the compromise supersedes/,
  );
  answerCompromise(doc, cub, 'object', { name: 'Béatrice', delegation: 'FRA' }, 3);
  answerCompromise(doc, cub, 'agree', { name: 'Béatrice', delegation: 'FRA' }, 4);
  answerCompromise(doc, cub, 'object', { name: 'Wei', delegation: 'CHN' }, 5);
  const answers = readCompromises(doc)[0]!.answers;
  assert.deepEqual(
    Object.fromEntries(Object.entries(answers).map(([code, entry]) => [code, entry.answer])),
    { FRA: 'agree', CHN: 'object' },
  );

  // Accepting the compromise closes what it superseded, as the server's decide does.
  const report = applyDecision(doc, { action: 'accept', ids: [cub] }, FACILITATOR);
  assert.deepEqual(report.done, [cub]);
  const close = settleCompromises(doc, new Set(report.done));
  assert.deepEqual(close.sort(), [chn, fra].sort());
  applyDecision(doc, { action: 'reject', ids: close }, FACILITATOR);
  assert.deepEqual(
    pending(doc).map((amendment) => amendment.suggestionId),
    [usa],
    'only the amendment on another passage is still pending',
  );
  assert.deepEqual(readCompromises(doc), []);
  assert.match(draftBodyState(doc).doc.textContent, /for fostering genuine cooperation/);
});

test('restoring, or rejecting the compromise, gives the superseded amendments back', () => {
  const doc = negotiated();
  const [fra, chn, cub] = ['FRA', 'CHN', 'CUB'].map((code) => idOf(doc, code)) as [
    string,
    string,
    string,
  ];
  makeCompromise(doc, { compromise: cub, supersedes: [fra, chn] }, CHAIR, 1);
  restoreCompromise(doc, cub);
  assert.deepEqual(readCompromises(doc), []);

  makeCompromise(doc, { compromise: cub, supersedes: [fra, chn] }, CHAIR, 2);
  const report = applyDecision(doc, { action: 'reject', ids: [cub] }, FACILITATOR);
  assert.deepEqual(settleCompromises(doc, new Set()), [], 'a rejected compromise closes nothing');
  assert.deepEqual(report.done, [cub]);
  assert.deepEqual(readCompromises(doc), []);
  assert.equal(pending(doc).length, 3, 'FRA, CHN and USA are pending again');

  // A superseded amendment withdrawn or decided on its own leaves the compromise.
  const chair = boundEditor(doc, FACILITATOR);
  selectText(chair.editor, 'enhancing');
  type(chair.editor, 'furthering');
  chair.editor.destroy();
  const next = idOf(doc, 'CUB');
  makeCompromise(doc, { compromise: next, supersedes: [fra, chn] }, CHAIR, 3);
  applyDecision(doc, { action: 'reject', ids: [chn] }, FACILITATOR);
  settleCompromises(doc, new Set());
  assert.deepEqual(readCompromises(doc)[0]?.supersedes, [fra]);
});
