import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import { readYBody } from '../schema/read-yjs';
import {
  backspace,
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
import { baseDraft, renderMarkup } from '../testing/proposal-drafts';
import { materialiseDraft } from './materialise';
import { readProposals } from './proposals';

/**
 * The editor binding for amendments as objects: a delegate's keystrokes, made
 * on the marked-up text in suggesting mode, become operations on its own
 * proposals; the agreed text is never written; the editor always shows what
 * the Y.Doc materialises.
 */

function draft() {
  return baseDraft({
    preamble: [[{ text: 'Recalling', italic: true }, { text: ' its resolution 76/1,' }]],
    operative: [
      { kind: 'paragraph', content: [{ text: 'Decides to act now;' }] },
      { kind: 'paragraph', content: [{ text: 'Requests a report;' }] },
      { kind: 'paragraph', content: [{ text: 'Decides to remain seized.' }] },
    ],
  });
}

function agreed(doc: Y.Doc): string[] {
  return renderMarkup(readYBody(doc.getXmlFragment(BODY_FIELD)));
}

/** The editor shows exactly what the Y.Doc materialises. */
function inSync(bound: ReturnType<typeof boundEditor>): string[] {
  const shown = renderMarkup(bound.editor.state.doc);
  const materialised = materialiseDraft(bound.doc, { schema: bound.editor.schema }).doc;
  assert.deepEqual(shown, renderMarkup(materialised));
  assert.ok(bound.editor.state.doc.eq(materialised), 'same ids and marks too');
  return shown;
}

test('typing proposes an insertion, typing on extends it, backspace shortens and then withdraws it', () => {
  const doc = draft();
  const original = agreed(doc);
  const fra = boundEditor(doc, FRA);
  caretAt(fra.editor, ' now');
  type(fra.editor, ' firmly');
  assert.equal(inSync(fra)[1], 'Decides to act{+ firmly+FRA} now;');
  type(fra.editor, ' and');
  assert.equal(inSync(fra)[1], 'Decides to act{+ firmly and+FRA} now;');
  assert.equal(readProposals(doc).filter((p) => !p.withdrawn).length, 1, 'one proposal, extended');
  backspace(fra.editor, 4);
  assert.equal(inSync(fra)[1], 'Decides to act{+ firmly+FRA} now;');
  backspace(fra.editor, 7);
  assert.equal(inSync(fra)[1], 'Decides to act now;');
  assert.deepEqual(
    readProposals(doc).map((p) => p.withdrawn),
    [true],
    'withdrawn, kept',
  );
  assert.deepEqual(agreed(doc), original, 'the agreed text was never written');
  assert.deepEqual(fra.refusals, []);
});

test('typing over a selection proposes one replacement; deleting strikes', () => {
  const doc = draft();
  const original = agreed(doc);
  const fra = boundEditor(doc, FRA);
  selectText(fra.editor, 'act');
  type(fra.editor, 'move');
  assert.equal(inSync(fra)[1], 'Decides to {-act-FRA}{+move+FRA} now;');
  const chn = boundEditor(doc, CHN);
  selectText(chn.editor, 'a report');
  backspace(chn.editor);
  assert.equal(inSync(chn)[2], 'Requests {-a report-CHN};');
  inSync(fra);
  const pending = readProposals(doc);
  assert.equal(pending.length, 2);
  assert.deepEqual(agreed(doc), original);
});

test('Enter proposes a new paragraph; deleting and moving paragraphs are proposals too', () => {
  const doc = draft();
  const original = agreed(doc);
  const fra = boundEditor(doc, FRA);
  caretAt(fra.editor, 'Requests', 'before');
  backspace(fra.editor, 0);
  caretAt(fra.editor, 'now;', 'after');
  press(fra.editor, 'Enter');
  type(fra.editor, 'Welcomes the plan;');
  assert.deepEqual(inSync(fra).slice(1, 3), [
    'Decides to act now;',
    '[insert FRA] Welcomes the plan;',
  ]);
  caretAt(fra.editor, 'remain');
  press(fra.editor, 'Mod-Shift-Backspace');
  assert.equal(inSync(fra)[4], '[delete FRA] Decides to remain seized.');
  const usa = boundEditor(doc, USA);
  caretAt(usa.editor, 'Requests');
  press(usa.editor, 'Alt-ArrowUp');
  const shown = inSync(usa);
  assert.ok(shown.includes('[moveTo USA] Requests a report;'), shown.join('\n'));
  assert.ok(shown.includes('[moveFrom USA] Requests a report;'), shown.join('\n'));
  assert.deepEqual(agreed(doc), original);
  assert.deepEqual([...fra.refusals, ...usa.refusals], []);
});

test('a facilitator in editing mode writes the agreed text; pending proposals stay where they were', () => {
  const doc = draft();
  const fra = boundEditor(doc, FRA);
  selectText(fra.editor, 'act');
  type(fra.editor, 'move');
  const chair = boundEditor(doc, FACILITATOR, 'editing');
  caretAt(chair.editor, 'Decides to');
  type(chair.editor, 'Firmly ');
  assert.equal(inSync(chair)[1], 'Firmly Decides to {-act-FRA}{+move+FRA} now;');
  assert.equal(agreed(doc)[1], 'Firmly Decides to act now;');
  inSync(fra);
});

test('two delegations typing at one point on two replicas converge, and the agreed text stays', () => {
  const a = draft();
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  const original = agreed(a);
  const fra = boundEditor(a, FRA);
  const chn = boundEditor(b, CHN);
  caretAt(fra.editor, ' now');
  type(fra.editor, ' firmly');
  caretAt(chn.editor, ' now');
  type(chn.editor, ' swiftly');
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  const shown = inSync(fra);
  assert.deepEqual(inSync(chn), shown);
  assert.match(shown[1] ?? '', /\{\+ firmly\+FRA\}/);
  assert.match(shown[1] ?? '', /\{\+ swiftly\+CHN\}/);
  assert.deepEqual(agreed(a), original);
  assert.deepEqual(agreed(b), original);
});
