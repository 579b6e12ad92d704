import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import { draftBodyState } from '../drafts/draft-body';
import { exportDraft, findVariantFormat } from '../export';
import { readYBody } from '../schema/read-yjs';
import {
  caretAt,
  CHN,
  FACILITATOR,
  FRA,
  press,
  selectText,
  type,
  USA,
} from '../testing/amendment-editors';
import { boundEditor } from '../testing/bound-editors';
import { imported, draftDoc } from '../testing/amended-draft';
import { renderMarkup } from '../testing/proposal-drafts';
import {
  baseText,
  deleteBaseRange,
  indexBaseParagraphs,
  insertBaseContent,
  paragraphSize,
} from './base-text';
import { applyDecision } from './decide-on-ydoc';
import { acceptedWords, describeProvenance } from './provenance';
import { collectAmendments } from './collect';
import { amendmentsMap } from './model';

const collectPending = (doc: Y.Doc) => collectAmendments(draftBodyState(doc).doc).length;

/**
 * Decisions on a draft whose amendments are objects: the facilitator's route
 * accepts into the agreed text in one transaction and rejects without writing
 * it; reject-all gives back the original text, export byte for byte.
 */

const FIXTURE = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';
const md = findVariantFormat('final', 'md')!;

async function markdown(doc: Y.Doc): Promise<string> {
  return new TextDecoder().decode((await exportDraft(doc, md)).bytes);
}

function amended(): Y.Doc {
  const doc = draftDoc(imported(FIXTURE));
  const fra = boundEditor(doc, FRA);
  selectText(fra.editor, 'genuine cooperation');
  type(fra.editor, 'real cooperation');
  const chn = boundEditor(doc, CHN);
  caretAt(chn.editor, 'genuine cooperation');
  type(chn.editor, 'sincere and ');
  caretAt(chn.editor, 'Considers', 'before');
  press(chn.editor, 'Mod-Shift-Backspace');
  const usa = boundEditor(doc, USA);
  caretAt(usa.editor, 'all actors on the international scene');
  press(usa.editor, 'Alt-ArrowUp');
  for (const bound of [fra, chn, usa]) {
    assert.deepEqual(bound.refusals, []);
    bound.editor.destroy();
  }
  return doc;
}

test('reject-all through the decision gives the original export byte for byte; nothing is written to the agreed text', async () => {
  const original = draftDoc(imported(FIXTURE));
  const doc = amended();
  const ids = [...amendmentsMap(doc).keys()];
  assert.equal(ids.length, 4);
  const agreed = JSON.stringify(readYBody(doc.getXmlFragment(BODY_FIELD)).toJSON());
  const report = applyDecision(doc, { action: 'reject', ids }, FACILITATOR);
  assert.deepEqual(report.done.sort(), [...ids].sort());
  assert.equal(JSON.stringify(readYBody(doc.getXmlFragment(BODY_FIELD)).toJSON()), agreed);
  assert.equal(await markdown(doc), await markdown(original));
  const again = applyDecision(doc, { action: 'reject', ids }, FACILITATOR);
  assert.equal(again.alreadyDecided.length, 4);
});

test('accepting writes the amendments into the agreed text; rejections and acceptances are reinstated', () => {
  const doc = amended();
  const ids = [...amendmentsMap(doc).keys()];
  const [first, second, ...rest] = ids;
  applyDecision(doc, { action: 'reject', ids: [second!] }, FACILITATOR);
  const accepted = applyDecision(doc, { action: 'accept', ids: [first!, ...rest] }, FACILITATOR);
  assert.equal(accepted.done.length, 3);
  const agreed = renderMarkup(readYBody(doc.getXmlFragment(BODY_FIELD)));
  assert.ok(
    agreed.some((line) => line.includes('for enhancing real cooperation')),
    agreed.join('\n'),
  );
  assert.ok(!agreed.some((line) => line.includes('sincere')));
  const back = applyDecision(doc, { action: 'reinstate', ids: [second!, first!] }, FACILITATOR);
  assert.deepEqual(back.done, [second, first]);
  // The reinstated proposals show again where they were made.
  const markup = renderMarkup(draftBodyState(doc).doc);
  assert.ok(markup.some((line) => line.includes('{+sincere and +CHN}')));
  assert.ok(
    markup.some((line) => line.includes('{-genuine cooperation-FRA}{+real cooperation+FRA}')),
    markup.join('\n'),
  );
});

test('accepted amendments reinstated one by one, latest first, give back the marked-up text exactly', () => {
  const doc = amended();
  const before = renderMarkup(draftBodyState(doc).doc);
  const ids = [...amendmentsMap(doc).keys()];
  for (const id of ids) {
    assert.deepEqual(applyDecision(doc, { action: 'accept', ids: [id] }, FACILITATOR).done, [id]);
  }
  assert.equal(collectPending(doc), 0);
  for (const id of [...ids].reverse()) {
    const report = applyDecision(doc, { action: 'reinstate', ids: [id] }, FACILITATOR);
    assert.deepEqual(report.failed, []);
    assert.deepEqual(report.done, [id]);
  }
  assert.deepEqual(renderMarkup(draftBodyState(doc).doc), before);
  // And they can be decided again: accepting all now gives what accepting all gave before.
  const once = amended();
  applyDecision(once, { action: 'accept', ids: [...amendmentsMap(once).keys()] }, FACILITATOR);
  applyDecision(doc, { action: 'accept', ids }, FACILITATOR);
  assert.deepEqual(
    renderMarkup(readYBody(doc.getXmlFragment(BODY_FIELD))),
    renderMarkup(readYBody(once.getXmlFragment(BODY_FIELD))),
  );
});

test('after accept-all, reinstating one amendment of a paragraph is refused for the other once that paragraph changed', () => {
  const doc = amended();
  const ids = [...amendmentsMap(doc).keys()];
  applyDecision(doc, { action: 'accept', ids }, FACILITATOR);
  const [fra, chn] = ids;
  const one = applyDecision(doc, { action: 'reinstate', ids: [fra!] }, FACILITATOR);
  assert.deepEqual(one.done, [fra]);
  const other = applyDecision(doc, { action: 'reinstate', ids: [chn!] }, FACILITATOR);
  assert.deepEqual(other.done, []);
  assert.match(other.failed[0]?.reason ?? '', /has changed since the decision/);
  // Nothing of the refused one was written: FRA's replacement is pending, CHN's words stay agreed.
  const markup = renderMarkup(draftBodyState(doc).doc);
  assert.ok(
    markup.some((line) => line.includes('sincere and {-genuine cooperation-FRA}')),
    markup.join('\n'),
  );
});

test('accepted words say who proposed them and who accepted them, wherever later edits move them', () => {
  const doc = amended();
  const ids = [...amendmentsMap(doc).keys()];
  const [fra, chn] = ids;
  applyDecision(
    doc,
    { action: 'accept', ids: [fra!, chn!] },
    FACILITATOR,
    new Date('2026-12-06T10:00:00Z'),
  );
  const words = () =>
    acceptedWords(doc)
      .map((entry) => {
        const element = indexBaseParagraphs(doc.getXmlFragment(BODY_FIELD)).get(
          entry.paragraphId,
        )!.element;
        return `${entry.proposedBy.delegation}>${entry.acceptedBy.delegation}: ${baseText(element, entry.from, entry.to)}`;
      })
      .sort();
  assert.deepEqual(words(), ['CHN>CUB: sincere and ', 'FRA>CUB: real cooperation']);
  const entry = acceptedWords(doc).find((item) => item.proposedBy.delegation === 'FRA')!;
  assert.equal(
    describeProvenance(entry),
    'Proposed by FRA (Béatrice), accepted by CUB (Chair) on 6 Dec 2026, 10:00 UTC',
  );
  // The Chair edits the paragraph before the words: they are still found.
  const element = indexBaseParagraphs(doc.getXmlFragment(BODY_FIELD)).get(
    entry.paragraphId,
  )!.element;
  doc.transact(() => insertBaseContent(element, 0, [{ insert: 'Firmly ' }]));
  assert.deepEqual(words(), ['CHN>CUB: sincere and ', 'FRA>CUB: real cooperation']);
  // Part of them deleted: the rest is still theirs.
  const at = baseText(element, 0, paragraphSize(element)).indexOf('real');
  doc.transact(() => deleteBaseRange(element, at, at + 5));
  assert.deepEqual(words(), ['CHN>CUB: sincere and ', 'FRA>CUB: cooperation']);
  // Reinstated, they are no longer agreed words.
  const other = amended();
  const [, chnOther] = [...amendmentsMap(other).keys()];
  applyDecision(other, { action: 'accept', ids: [chnOther!] }, FACILITATOR);
  assert.equal(acceptedWords(other).length, 1);
  assert.deepEqual(
    applyDecision(other, { action: 'reinstate', ids: [chnOther!] }, FACILITATOR).done,
    [chnOther],
  );
  assert.deepEqual(acceptedWords(other), []);
});

test('an accepted sub-amendment is reinstated into the words it changed; with its proposal, latest first', () => {
  const doc = draftDoc(imported(FIXTURE));
  const fra = boundEditor(doc, FRA);
  selectText(fra.editor, 'genuine cooperation');
  type(fra.editor, 'real and lasting cooperation');
  const chn = boundEditor(doc, CHN);
  selectText(chn.editor, 'lasting');
  type(chn.editor, 'durable');
  for (const bound of [fra, chn]) assert.deepEqual(bound.refusals, []);
  const before = renderMarkup(draftBodyState(doc).doc);
  const line = () =>
    renderMarkup(draftBodyState(doc).doc).find((text) => text.includes('for enhancing'));
  assert.match(line() ?? '', /\{\+real and \+FRA\}\{-\{\+lasting\+FRA\}-CHN\}\{\+durable\+CHN\}/);
  const [fraId, chnId] = [...amendmentsMap(doc).keys()];

  // China's alone: FRA's proposal now reads "real and durable cooperation".
  assert.deepEqual(applyDecision(doc, { action: 'accept', ids: [chnId!] }, FACILITATOR).done, [
    chnId,
  ]);
  assert.match(line() ?? '', /\{\+real and durable cooperation\+FRA\}/);
  assert.deepEqual(applyDecision(doc, { action: 'reinstate', ids: [chnId!] }, FACILITATOR).done, [
    chnId,
  ]);
  assert.deepEqual(renderMarkup(draftBodyState(doc).doc), before);

  // Both at once: China's cannot come back before France's does.
  applyDecision(doc, { action: 'accept', ids: [fraId!, chnId!] }, FACILITATOR);
  assert.ok(
    renderMarkup(readYBody(doc.getXmlFragment(BODY_FIELD))).some((text) =>
      text.includes('for enhancing real and durable cooperation among'),
    ),
  );
  const early = applyDecision(doc, { action: 'reinstate', ids: [chnId!] }, FACILITATOR);
  assert.match(early.failed[0]?.reason ?? '', /no longer pending: reinstate that one first/);
  applyDecision(doc, { action: 'reinstate', ids: [fraId!] }, FACILITATOR);
  applyDecision(doc, { action: 'reinstate', ids: [chnId!] }, FACILITATOR);
  assert.deepEqual(renderMarkup(draftBodyState(doc).doc), before);
});
