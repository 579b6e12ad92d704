import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Editor } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import { resolutionSchema } from '../schema/document-extensions';
import { resolutionJSON } from '../schema/resolution-json';
import {
  amendmentMarkup,
  amendmentNetwork,
  backspace,
  bodyOf,
  canonicalJSON,
  caretAt,
  CHN,
  FACILITATOR,
  FRA,
  press,
  selectText,
  stateOf,
  suggestingEditor,
  suggestionIds,
  type,
  USA,
} from '../testing/amendment-editors';
import { testSeed } from '../testing/seeded-random';
import { collectAmendments } from './collect';
import { decideAmendments, reinstateAmendment, ReinstateError } from './decide';
import { applyDecision } from './decide-on-ydoc';
import { amendmentsMap, readAmendmentMeta, type DecisionOutcome } from './model';

/**
 * Deciding amendments (accept, reject) and reinstating them, both with the
 * pure functions of `decide.ts` and on a draft's Y.Doc as the server does.
 */

function draft() {
  return resolutionJSON({
    preamble: [[{ text: 'Recalling its resolution,' }]],
    operative: [
      { kind: 'paragraph', content: [{ text: 'Decides to act now;' }] },
      { kind: 'subParagraph', level: 1, content: [{ text: 'first item;' }] },
      { kind: 'subParagraph', level: 1, content: [{ text: 'second item;' }] },
      { kind: 'paragraph', content: [{ text: 'Requests the annual report.' }] },
      { kind: 'paragraph', content: [{ text: 'Invites all States.' }] },
    ],
  });
}

/** Each kind of amendment, made by FRA on a fresh editor. */
const KINDS: Record<string, (editor: Editor) => void> = {
  insertion: (editor) => {
    caretAt(editor, 'to act');
    type(editor, 'firmly ');
  },
  deletion: (editor) => {
    selectText(editor, 'annual ');
    backspace(editor);
  },
  replacement: (editor) => {
    selectText(editor, 'annual');
    type(editor, 'yearly');
  },
  'new paragraph at the end': (editor) => {
    caretAt(editor, 'States.', 'after');
    press(editor, 'Enter');
    type(editor, 'Urges action.');
  },
  'new paragraph from the middle': (editor) => {
    caretAt(editor, 'the annual');
    press(editor, 'Enter');
  },
  'paragraph deletion with sub-paragraphs': (editor) => {
    caretAt(editor, 'Decides');
    press(editor, 'Mod-Shift-Backspace');
  },
  'sub-paragraph deletion': (editor) => {
    caretAt(editor, 'second');
    press(editor, 'Mod-Shift-Backspace');
  },
  'move down twice': (editor) => {
    caretAt(editor, 'Decides');
    press(editor, 'Alt-ArrowDown');
    press(editor, 'Alt-ArrowDown');
  },
  'move up': (editor) => {
    caretAt(editor, 'Invites');
    press(editor, 'Alt-ArrowUp');
  },
};

/** A document with one amendment of `kind` by FRA, and its id. */
function amended(kind: string): { doc: ProseMirrorNode; original: ProseMirrorNode; id: string } {
  const { editor, refusals } = suggestingEditor(draft(), FRA);
  const original = editor.state.doc;
  KINDS[kind]?.(editor);
  assert.deepEqual(refusals, [], `${kind}: nothing refused`);
  const doc = editor.state.doc;
  editor.destroy();
  const ids = [...suggestionIds(doc).keys()];
  assert.equal(ids.length, 1, `${kind}: one amendment`);
  return { doc, original, id: ids[0] ?? '' };
}

for (const kind of Object.keys(KINDS)) {
  for (const outcome of ['accepted', 'rejected'] as const) {
    test(`${kind}: ${outcome}, then reinstated, gives the document before the decision back`, () => {
      const { doc, original, id } = amended(kind);
      const state = stateOf(doc);
      const { tr, plans } = decideAmendments(state, new Set([id]), outcome);
      tr.doc.check();
      assert.equal(suggestionIds(tr.doc).size, 0, 'decided');
      if (outcome === 'rejected') {
        assert.deepEqual(tr.doc.toJSON(), original.toJSON(), 'rejecting gives the original');
      } else {
        assert.notDeepEqual(tr.doc.toJSON(), original.toJSON(), 'accepting changes the text');
      }
      const plan = plans.get(id);
      assert.ok(plan, 'a reinstate plan');
      const decided = state.apply(tr);
      const back = decided.apply(reinstateAmendment(decided, plan));
      back.doc.check();
      assert.deepEqual(
        canonicalJSON(back.doc.toJSON()),
        canonicalJSON(doc.toJSON()),
        `reinstating ${kind} after it was ${outcome} restores it`,
      );
    });
  }
}

/** A Y.Doc (the server's copy of a draft) holding `doc`. */
function serverDoc(doc: ProseMirrorNode): Y.Doc {
  return prosemirrorJSONToYDoc(resolutionSchema, doc.toJSON(), BODY_FIELD);
}

test('on the server: accept, reinstate, reject, reinstate, each recorded', () => {
  const { doc, id } = amended('replacement');
  const ydoc = serverDoc(doc);
  const times = [1, 2, 3, 4].map((minute) => new Date(Date.UTC(2025, 0, 1, 10, minute)));
  const [t1, t2, t3, t4] = times;
  assert.deepEqual(applyDecision(ydoc, { action: 'accept', ids: [id] }, FACILITATOR, t1).done, [
    id,
  ]);
  assert.equal(amendmentMarkup(bodyOf(ydoc))[4], 'OP2 Requests the yearly report.');
  assert.equal(readAmendmentMeta(ydoc, id)?.decision?.outcome, 'accepted');
  assert.deepEqual(applyDecision(ydoc, { action: 'reinstate', ids: [id] }, FACILITATOR, t2).done, [
    id,
  ]);
  assert.equal(
    amendmentMarkup(bodyOf(ydoc))[4],
    'OP2 Requests the [-FRA:annual][+FRA:yearly] report.',
  );
  assert.equal(readAmendmentMeta(ydoc, id)?.decision, undefined);
  applyDecision(ydoc, { action: 'reject', ids: [id] }, FACILITATOR, t3);
  assert.equal(amendmentMarkup(bodyOf(ydoc))[4], 'OP2 Requests the annual report.');
  applyDecision(ydoc, { action: 'reinstate', ids: [id] }, FACILITATOR, t4);
  assert.deepEqual(canonicalJSON(bodyOf(ydoc).toJSON()), canonicalJSON(doc.toJSON()));
  // No metadata was written by an editor here: the server records what it can.
  assert.deepEqual(
    readAmendmentMeta(ydoc, id)?.history.map((event) => [event.action, event.at]),
    [
      ['accepted', t1?.toISOString()],
      ['reinstated', t2?.toISOString()],
      ['rejected', t3?.toISOString()],
      ['reinstated', t4?.toISOString()],
    ],
  );
  assert.equal(readAmendmentMeta(ydoc, id)?.delegation, 'FRA');
});

test('reinstating is refused, saying which paragraph, once the paragraph has changed', () => {
  const { doc, id } = amended('insertion');
  const state = stateOf(doc);
  const { tr, plans } = decideAmendments(state, new Set([id]), 'accepted');
  const plan = plans.get(id);
  assert.ok(plan);
  const decided = state.apply(tr);
  // Someone edits OP1 after the decision.
  const at = decided.doc.child(1).child(0).content.size + decided.doc.child(0).nodeSize + 2;
  const edited = decided.apply(decided.tr.insertText(' now', at));
  assert.throws(
    () => reinstateAmendment(edited, plan),
    (error: unknown) =>
      error instanceof ReinstateError &&
      /^OP1 has changed since the decision, so the amendment cannot be reinstated automatically\.$/.test(
        error.message,
      ),
  );

  // The same through the server: reported as failed, the document untouched.
  const ydoc = serverDoc(doc);
  applyDecision(ydoc, { action: 'accept', ids: [id] }, FACILITATOR);
  const accepted = bodyOf(ydoc);
  const fragment = ydoc.getXmlFragment(BODY_FIELD);
  const op1 = (fragment.get(1) as Y.XmlElement).get(0) as Y.XmlElement;
  (op1.get(0) as Y.XmlText).insert(0, 'Also ');
  const report = applyDecision(ydoc, { action: 'reinstate', ids: [id] }, FACILITATOR);
  assert.deepEqual(report.done, []);
  assert.match(report.failed[0]?.reason ?? '', /^OP1 has changed since the decision/);
  assert.equal(amendmentMarkup(bodyOf(ydoc))[1], 'OP1 Also Decides firmly to act now;');
  assert.notDeepEqual(bodyOf(ydoc).toJSON(), accepted.toJSON());
  assert.equal(readAmendmentMeta(ydoc, id)?.decision?.outcome, 'accepted', 'still decided');
});

test('reinstating a removed paragraph is refused when the paragraph it followed is gone', () => {
  const { doc, id } = amended('new paragraph at the end');
  const ydoc = serverDoc(doc);
  applyDecision(ydoc, { action: 'reject', ids: [id] }, FACILITATOR);
  // Now make a paragraph deletion of "Invites" by CHN and accept it.
  const { editor } = suggestingEditor(bodyOf(ydoc).toJSON(), CHN);
  caretAt(editor, 'Invites');
  press(editor, 'Mod-Shift-Backspace');
  const chnId = [...suggestionIds(editor.state.doc).keys()][0] ?? '';
  const other = serverDoc(editor.state.doc);
  editor.destroy();
  amendmentsMap(other).set(id, readAmendmentMeta(ydoc, id) ?? assert.fail('meta'));
  applyDecision(other, { action: 'accept', ids: [chnId] }, FACILITATOR);
  const report = applyDecision(other, { action: 'reinstate', ids: [id] }, FACILITATOR);
  assert.equal(report.failed.length, 1);
  assert.match(report.failed[0]?.reason ?? '', /removed/);
});

test('requests for pending, unknown and already decided amendments are answered as such', () => {
  const { doc, id } = amended('deletion');
  const ydoc = serverDoc(doc);
  const unknown = '00000000-0000-4000-8000-00000000dead';
  const pendingReinstate = applyDecision(ydoc, { action: 'reinstate', ids: [id] }, FACILITATOR);
  assert.deepEqual(pendingReinstate.unknown, [id], 'no metadata yet: unknown');
  applyDecision(ydoc, { action: 'accept', ids: [id] }, FACILITATOR);
  const again = applyDecision(ydoc, { action: 'accept', ids: [id, unknown] }, FACILITATOR);
  assert.deepEqual(again.done, []);
  assert.deepEqual(again.unknown, [unknown]);
  assert.equal(again.alreadyDecided[0]?.id, id);
  applyDecision(ydoc, { action: 'reinstate', ids: [id] }, FACILITATOR);
  const pending = applyDecision(ydoc, { action: 'reinstate', ids: [id] }, FACILITATOR);
  assert.match(pending.failed[0]?.reason ?? '', /pending/);
});

test('accepting two overlapping deletions at once removes the text once', () => {
  const seed = testSeed();
  const network = amendmentNetwork(draft(), [FRA, CHN], seed);
  try {
    const [fra, chn] = network.clients;
    assert.ok(fra && chn);
    selectText(fra.editor, 'the annual');
    backspace(fra.editor);
    selectText(chn.editor, 'annual report');
    backspace(chn.editor);
    network.deliverAll();
    const doc = bodyOf(network.server.doc);
    assert.equal(
      amendmentMarkup(doc)[4],
      'OP2 Requests [-FRA:the ][-CHN-FRA:annual][-CHN: report].',
      `seed ${seed}`,
    );
    const ids = [...suggestionIds(doc).keys()];
    const { tr } = decideAmendments(stateOf(doc), new Set(ids), 'accepted');
    assert.equal(amendmentMarkup(tr.doc)[4], 'OP2 Requests .');
    const report = applyDecision(network.server.doc, { action: 'accept', ids }, FACILITATOR);
    assert.deepEqual(new Set(report.done), new Set(ids));
    network.deliverAll();
    for (const client of network.clients) {
      assert.equal(amendmentMarkup(client.editor.state.doc)[4], 'OP2 Requests .', `seed ${seed}`);
    }
  } finally {
    network.destroy();
  }
});

test('amendments inside a paragraph a decision removes are reported as having nothing left', () => {
  const ydoc = new Y.Doc();
  const fra = suggestingEditor(draft(), FRA, ydoc);
  caretAt(fra.editor, 'States.', 'after');
  press(fra.editor, 'Enter');
  type(fra.editor, 'Urges action.');
  const chn = suggestingEditor(fra.editor.getJSON(), CHN, ydoc);
  caretAt(chn.editor, 'action');
  type(chn.editor, 'swift ');
  const server = serverDoc(chn.editor.state.doc);
  for (const [key, value] of amendmentsMap(ydoc)) amendmentsMap(server).set(key, value);
  const ids = collectAmendments(chn.editor.state.doc).map((amendment) => amendment.suggestionId);
  assert.equal(ids.length, 2);
  const report = applyDecision(server, { action: 'reject', ids }, FACILITATOR);
  assert.equal(report.done.length, 1, 'the new paragraph is rejected');
  assert.equal(report.alreadyDecided.length, 1, 'CHN’s words inside it went with it');
  assert.deepEqual(report.unknown, []);
  assert.match(report.alreadyDecided[0]?.note ?? '', /paragraph removed by this decision/);
  fra.editor.destroy();
  chn.editor.destroy();
});

test('accepting all of one delegation’s amendments leaves the others’ pending and untouched', () => {
  const seed = testSeed();
  const network = amendmentNetwork(draft(), [FRA, CHN, USA], seed);
  try {
    const [fra, chn, usa] = network.clients;
    assert.ok(fra && chn && usa);
    caretAt(fra.editor, 'to act');
    type(fra.editor, 'firmly ');
    selectText(fra.editor, 'annual');
    type(fra.editor, 'yearly');
    caretAt(fra.editor, 'Invites');
    press(fra.editor, 'Alt-ArrowUp');
    network.deliverSome();
    selectText(chn.editor, 'first');
    backspace(chn.editor);
    caretAt(chn.editor, 'report.', 'after');
    press(chn.editor, 'Enter');
    type(chn.editor, 'Urges action.');
    network.deliverSome();
    caretAt(usa.editor, 'second');
    press(usa.editor, 'Mod-Shift-Backspace');
    caretAt(usa.editor, 'Recalling');
    type(usa.editor, 'Further ');
    network.deliverAll();

    const before = bodyOf(network.server.doc);
    const all = collectAmendments(before);
    const byDelegation = (delegation: string) =>
      all.filter((amendment) => amendment.delegation === delegation);
    assert.deepEqual(
      all.map((amendment) => amendment.delegation).sort(),
      ['CHN', 'CHN', 'FRA', 'FRA', 'FRA', 'USA', 'USA'],
      `seed ${seed}`,
    );
    const fraIds = byDelegation('FRA').map((amendment) => amendment.suggestionId);
    const report = applyDecision(
      network.server.doc,
      { action: 'accept', ids: fraIds },
      FACILITATOR,
    );
    assert.deepEqual(new Set(report.done), new Set(fraIds));
    network.deliverAll();

    const after = bodyOf(network.server.doc);
    const remaining = collectAmendments(after);
    const strip = ({ pos: _pos, references: _references, ...rest }: (typeof all)[number]) => rest;
    assert.deepEqual(
      remaining.map(strip),
      all.filter((amendment) => amendment.delegation !== 'FRA').map(strip),
      `the others' amendments are as they were (seed ${seed})`,
    );
    assert.deepEqual(amendmentMarkup(after), [
      'PP1 [+USA:Further ]Recalling its resolution,',
      'OP1 Decides firmly to act now;',
      'OP1 (a) [-CHN:first] item;',
      'OP1 (b) {delete USA} second item;',
      'OP2 Invites all States.',
      'OP3 Requests the yearly report.',
      'OP3 bis {insert CHN} Urges action.',
    ]);
    for (const id of fraIds) {
      assert.equal(readAmendmentMeta(network.server.doc, id)?.decision?.outcome, 'accepted');
    }
    for (const client of network.clients) {
      assert.deepEqual(
        canonicalJSON(client.editor.getJSON()),
        canonicalJSON(after.toJSON()),
        `seed ${seed}`,
      );
    }
  } finally {
    network.destroy();
  }
});

test('deciding twice in one request, or an id twice, decides once', () => {
  const { doc, id } = amended('insertion');
  const outcomes: DecisionOutcome[] = ['accepted', 'rejected'];
  for (const outcome of outcomes) {
    const state = stateOf(doc);
    const first = decideAmendments(state, new Set([id, id]), outcome);
    const second = decideAmendments(state.apply(first.tr), new Set([id]), outcome);
    assert.equal(second.tr.docChanged, false);
    assert.equal(second.plans.size, 0);
  }
});

test('a proposed sub-paragraph left first in the operative part by a decision stays a proposal', async () => {
  const seed = testSeed();
  const network = amendmentNetwork(
    resolutionJSON({
      preamble: [[{ text: 'Recalling,' }]],
      operative: [
        { kind: 'paragraph', content: [{ text: 'Decides:' }] },
        { kind: 'subParagraph', level: 1, content: [{ text: 'first;' }] },
        { kind: 'paragraph', content: [{ text: 'Requests.' }] },
      ],
    }),
    [FRA, CHN],
    seed,
  );
  try {
    const [fra, chn] = network.clients;
    assert.ok(fra && chn);
    caretAt(fra.editor, 'Decides');
    press(fra.editor, 'Mod-Shift-Backspace');
    caretAt(chn.editor, 'first;', 'after');
    press(chn.editor, 'Enter');
    type(chn.editor, 'second;');
    network.deliverAll();
    const fraId = collectAmendments(bodyOf(network.server.doc)).find(
      (amendment) => amendment.delegation === 'FRA',
    )?.suggestionId;
    assert.ok(fraId);
    applyDecision(network.server.doc, { action: 'accept', ids: [fraId] }, FACILITATOR);
    network.deliverAll();
    caretAt(fra.editor, 'Recalling');
    type(fra.editor, 'x');
    network.deliverAll();
    assert.deepEqual(
      collectAmendments(bodyOf(network.server.doc)).map(
        (amendment) => `${amendment.kind} ${amendment.delegation} ${amendment.newText}`,
      ),
      ['insertion FRA x', 'newParagraph CHN second;'],
      `seed ${seed}`,
    );
  } finally {
    network.destroy();
  }
});
