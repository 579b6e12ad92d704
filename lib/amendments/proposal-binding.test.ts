import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { checkProposalChanges } from '../../server/collab/proposal-rules';
import { changesOf } from '../../server/collab/update-rules';
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
import { acceptProposals } from './accept-proposals';
import { applyDecision } from './decide-on-ydoc';
import { materialiseDraft } from './materialise';
import { amendmentsMap, type AmendmentAuthor } from './model';
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

/**
 * Checks every update `doc` makes with the server's rule for amendments as
 * objects (a sponsor's), as the server will; returns what was refused.
 */
function ruled(doc: Y.Doc, author: AmendmentAuthor): string[] {
  const refused: string[] = [];
  const server = new Y.Doc();
  Y.applyUpdate(server, Y.encodeStateAsUpdate(doc));
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === 'network') return;
    const shadow = new Y.Doc();
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(server));
    try {
      checkProposalChanges(server, shadow, changesOf(shadow, update), {
        ...author,
        role: 'sponsor',
      });
    } catch (error) {
      refused.push((error as Error).message);
    }
    Y.applyUpdate(server, update);
  });
  return refused;
}

function undoOf(bound: ReturnType<typeof boundEditor>) {
  const undo = bound.editor.storage.proposalBinding.undo;
  assert.ok(undo);
  return undo;
}

test('Mod-z withdraws the proposal a word typed made (kept, not removed); redo proposes it again', () => {
  const doc = draft();
  const original = agreed(doc);
  const fra = boundEditor(doc, FRA);
  const refused = ruled(doc, FRA);
  caretAt(fra.editor, ' now');
  type(fra.editor, ' firmly');
  assert.equal(inSync(fra)[1], 'Decides to act{+ firmly+FRA} now;');
  assert.equal(press(fra.editor, 'Mod-z'), true);
  assert.equal(inSync(fra)[1], 'Decides to act now;');
  assert.deepEqual(
    readProposals(doc).map((p) => p.withdrawn),
    [true],
    'withdrawn, kept',
  );
  assert.equal(press(fra.editor, 'Mod-y'), true);
  assert.equal(inSync(fra)[1], 'Decides to act{+ firmly+FRA} now;');
  assert.equal(readProposals(doc).filter((p) => !p.withdrawn).length, 1);
  assert.equal(press(fra.editor, 'Mod-z'), true);
  assert.equal(inSync(fra)[1], 'Decides to act now;');
  assert.equal(press(fra.editor, 'Shift-Mod-z'), true);
  assert.equal(inSync(fra)[1], 'Decides to act{+ firmly+FRA} now;');
  assert.equal(press(fra.editor, 'Mod-y'), false, 'nothing left to redo');
  // Typing goes on in the proposal proposed again.
  type(fra.editor, ' and');
  assert.equal(inSync(fra)[1], 'Decides to act{+ firmly and+FRA} now;');
  assert.deepEqual(agreed(doc), original, 'the agreed text was never written');
  assert.deepEqual(refused, [], 'the server would accept every step');
  assert.deepEqual(fra.refusals, []);
});

test('a replacement is undone and redone as one step', () => {
  const doc = draft();
  const original = agreed(doc);
  const fra = boundEditor(doc, FRA);
  const refused = ruled(doc, FRA);
  selectText(fra.editor, 'act');
  type(fra.editor, 'move');
  assert.equal(inSync(fra)[1], 'Decides to {-act-FRA}{+move+FRA} now;');
  press(fra.editor, 'Mod-z');
  assert.equal(inSync(fra)[1], 'Decides to act now;');
  press(fra.editor, 'Mod-y');
  assert.equal(inSync(fra)[1], 'Decides to {-act-FRA}{+move+FRA} now;');
  press(fra.editor, 'Mod-z');
  assert.equal(inSync(fra)[1], 'Decides to act now;');
  assert.deepEqual(agreed(doc), original);
  assert.deepEqual(refused, []);
});

test('steps one after the other: undone in turn, redone in turn (a word typed on follows the proposal proposed again)', () => {
  const doc = draft();
  const fra = boundEditor(doc, FRA);
  const refused = ruled(doc, FRA);
  caretAt(fra.editor, ' now');
  type(fra.editor, ' firmly');
  undoOf(fra).stopCapturing();
  type(fra.editor, ' and');
  undoOf(fra).stopCapturing();
  selectText(fra.editor, 'a report');
  backspace(fra.editor);
  assert.deepEqual(inSync(fra).slice(1, 3), [
    'Decides to act{+ firmly and+FRA} now;',
    'Requests {-a report-FRA};',
  ]);
  press(fra.editor, 'Mod-z');
  assert.deepEqual(inSync(fra).slice(1, 3), [
    'Decides to act{+ firmly and+FRA} now;',
    'Requests a report;',
  ]);
  press(fra.editor, 'Mod-z');
  assert.equal(inSync(fra)[1], 'Decides to act{+ firmly+FRA} now;');
  press(fra.editor, 'Mod-z');
  assert.equal(inSync(fra)[1], 'Decides to act now;');
  assert.equal(press(fra.editor, 'Mod-z'), false, 'nothing left to undo');
  press(fra.editor, 'Mod-y');
  assert.equal(inSync(fra)[1], 'Decides to act{+ firmly+FRA} now;');
  press(fra.editor, 'Mod-y');
  assert.equal(inSync(fra)[1], 'Decides to act{+ firmly and+FRA} now;');
  press(fra.editor, 'Mod-y');
  assert.equal(inSync(fra)[2], 'Requests {-a report-FRA};');
  // And back again, across the copy.
  press(fra.editor, 'Mod-z');
  press(fra.editor, 'Mod-z');
  assert.equal(inSync(fra)[1], 'Decides to act{+ firmly+FRA} now;');
  press(fra.editor, 'Mod-z');
  assert.equal(inSync(fra)[1], 'Decides to act now;');
  press(fra.editor, 'Mod-y');
  press(fra.editor, 'Mod-y');
  assert.equal(inSync(fra)[1], 'Decides to act{+ firmly and+FRA} now;');
  assert.deepEqual(refused, []);
  assert.deepEqual(fra.refusals, []);
});

test('words deleted until the proposal was withdrawn come back on Mod-z, as a proposal made again', () => {
  const doc = draft();
  const fra = boundEditor(doc, FRA);
  const refused = ruled(doc, FRA);
  caretAt(fra.editor, ' now');
  type(fra.editor, ' firmly');
  undoOf(fra).stopCapturing();
  backspace(fra.editor, 7);
  assert.equal(inSync(fra)[1], 'Decides to act now;');
  press(fra.editor, 'Mod-z');
  assert.equal(inSync(fra)[1], 'Decides to act{+ firmly+FRA} now;');
  assert.deepEqual(
    readProposals(doc)
      .map((p) => p.withdrawn)
      .sort(),
    [false, true],
    'the withdrawn one stays withdrawn; a copy is pending',
  );
  press(fra.editor, 'Mod-y');
  assert.equal(inSync(fra)[1], 'Decides to act now;');
  press(fra.editor, 'Mod-z');
  assert.equal(inSync(fra)[1], 'Decides to act{+ firmly+FRA} now;');
  press(fra.editor, 'Mod-z');
  assert.equal(inSync(fra)[1], 'Decides to act now;');
  assert.equal(readProposals(doc).filter((p) => !p.withdrawn).length, 0);
  assert.deepEqual(refused, []);
});

test('Enter: a proposed paragraph is undone and redone', () => {
  const doc = draft();
  const original = agreed(doc);
  const fra = boundEditor(doc, FRA);
  const refused = ruled(doc, FRA);
  caretAt(fra.editor, 'now;', 'after');
  press(fra.editor, 'Enter');
  type(fra.editor, 'Welcomes the plan;');
  const made = inSync(fra);
  assert.equal(made[2], '[insert FRA] Welcomes the plan;');
  press(fra.editor, 'Mod-z');
  assert.deepEqual(inSync(fra), original);
  press(fra.editor, 'Mod-y');
  assert.deepEqual(inSync(fra), made);
  assert.deepEqual(agreed(doc), original);
  assert.deepEqual(refused, []);
  assert.deepEqual(fra.refusals, []);
});

test("Mod-z never undoes another replica's proposal", () => {
  const a = draft();
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  const original = agreed(a);
  const fra = boundEditor(a, FRA);
  const chn = boundEditor(b, CHN);
  caretAt(fra.editor, ' now');
  type(fra.editor, ' firmly');
  caretAt(chn.editor, 'Requests', 'after');
  type(chn.editor, ' swiftly');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'network');
  assert.equal(inSync(fra)[2], 'Requests{+ swiftly+CHN} a report;');
  assert.equal(press(fra.editor, 'Mod-z'), true);
  assert.deepEqual(inSync(fra).slice(1, 3), [
    'Decides to act now;',
    'Requests{+ swiftly+CHN} a report;',
  ]);
  assert.equal(press(fra.editor, 'Mod-z'), false, 'the remote proposal is not FRA’s to undo');
  assert.equal(inSync(fra)[2], 'Requests{+ swiftly+CHN} a report;');
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'network');
  assert.deepEqual(inSync(chn), inSync(fra));
  assert.deepEqual(agreed(a), original);
});

test('a facilitator undoes and redoes an editing-mode change of the agreed text', () => {
  const doc = draft();
  const original = agreed(doc);
  const fra = boundEditor(doc, FRA);
  selectText(fra.editor, 'act');
  type(fra.editor, 'move');
  const chair = boundEditor(doc, FACILITATOR, 'editing');
  caretAt(chair.editor, 'Decides to');
  type(chair.editor, 'Firmly ');
  assert.equal(agreed(doc)[1], 'Firmly Decides to act now;');
  assert.equal(press(chair.editor, 'Mod-z'), true);
  assert.deepEqual(agreed(doc), original);
  assert.equal(inSync(chair)[1], 'Decides to {-act-FRA}{+move+FRA} now;');
  assert.equal(press(chair.editor, 'Mod-z'), false, 'FRA’s proposal is not the chair’s to undo');
  press(chair.editor, 'Mod-y');
  assert.equal(agreed(doc)[1], 'Firmly Decides to act now;');
  assert.equal(inSync(chair)[1], 'Firmly Decides to {-act-FRA}{+move+FRA} now;');
  inSync(fra);
});

test('once the own amendment is accepted elsewhere, Mod-z does nothing to the agreed text', () => {
  const doc = draft();
  const server = new Y.Doc();
  Y.applyUpdate(server, Y.encodeStateAsUpdate(doc));
  const fra = boundEditor(doc, FRA);
  caretAt(fra.editor, ' now');
  type(fra.editor, ' firmly');
  Y.applyUpdate(server, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(server)), 'network');
  const [proposal] = readProposals(server);
  assert.ok(proposal);
  const records = amendmentsMap(server);
  const record = records.get(proposal.amendment);
  assert.ok(record);
  server.transact(() => {
    acceptProposals(server, new Set([proposal.amendment]));
    records.set(proposal.amendment, {
      ...record,
      decision: {
        outcome: 'accepted',
        userId: FACILITATOR.userId,
        name: FACILITATOR.name,
        delegation: FACILITATOR.delegation,
        at: new Date(0).toISOString(),
      },
    });
  });
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)), 'network');
  const accepted = agreed(doc);
  assert.equal(accepted[1], 'Decides to act firmly now;');
  assert.equal(inSync(fra)[1], 'Decides to act firmly now;');
  assert.equal(press(fra.editor, 'Mod-z'), false, 'the history ended with the decision');
  assert.deepEqual(agreed(doc), accepted);
  assert.equal(inSync(fra)[1], 'Decides to act firmly now;');
  assert.deepEqual(
    readProposals(doc).map((p) => p.withdrawn),
    [false],
  );
});

test('the caret stays after the word it was after when others’ proposals arrive before it', () => {
  const a = draft();
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  const fra = boundEditor(a, FRA);
  const chn = boundEditor(b, CHN);
  caretAt(fra.editor, ' now', 'before');
  const caret = () => {
    const { from } = fra.editor.state.selection;
    return fra.editor.state.doc.textBetween(from - 3, from);
  };
  assert.equal(caret(), 'act');
  caretAt(chn.editor, 'to act');
  type(chn.editor, 'really ');
  caretAt(chn.editor, ' now');
  type(chn.editor, ' firmly');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  assert.equal(inSync(fra)[1], 'Decides {+really +CHN}to act{+ firmly+CHN} now;');
  assert.equal(
    caret(),
    'act',
    'not moved by the words inserted before it, nor after those at its point',
  );
});

test('another delegation’s caret is drawn where it is, in the agreed text or in a proposal’s words', () => {
  const a = draft();
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  const awarenessA = new Awareness(a);
  const awarenessB = new Awareness(b);
  const fra = boundEditor(a, FRA, 'suggesting', awarenessA);
  const chn = boundEditor(b, CHN, 'suggesting', awarenessB);
  caretAt(chn.editor, ' now');
  type(chn.editor, ' firmly');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  // The page publishes its caret while it has the focus.
  document.body.appendChild(chn.editor.view.dom.parentElement!);
  chn.editor.view.focus();
  caretAt(chn.editor, 'firm', 'after');
  awarenessB.setLocalStateField('user', { name: 'Wei', color: '#aa3300' });
  applyAwarenessUpdate(awarenessA, encodeAwarenessUpdate(awarenessB, [awarenessB.clientID]), 'net');
  const carets = fra.editor.view.dom.querySelectorAll('.collaboration-carets__caret');
  assert.equal(carets.length, 1);
  assert.equal(carets[0]?.textContent, 'Wei');
  const ins = carets[0]?.closest('ins');
  assert.equal(ins?.textContent, ' firmWeily', 'inside CHN’s proposed words, after “firm”');
  for (const bound of [fra, chn]) bound.editor.destroy();
  awarenessA.destroy();
  awarenessB.destroy();
});

test('accepted words show on hover who proposed and who accepted them, in every editor', () => {
  const doc = draft();
  const fra = boundEditor(doc, FRA);
  const chair = boundEditor(doc, FACILITATOR as AmendmentAuthor, 'editing');
  selectText(fra.editor, 'act');
  type(fra.editor, 'decide');
  caretAt(fra.editor, 'a report');
  type(fra.editor, 'full ');
  const [replacement] = [...amendmentsMap(doc).keys()];
  applyDecision(doc, { action: 'accept', ids: [replacement!] }, FACILITATOR);
  for (const { editor } of [fra, chair]) {
    const spans = [...editor.view.dom.querySelectorAll('[data-accepted-amendment]')];
    assert.deepEqual(
      spans.map((span) => [span.textContent, span.getAttribute('title')?.split(' on ')[0]]),
      [['decide', 'Proposed by FRA (Béatrice), accepted by CUB (Chair)']],
    );
  }
  // The Chair types inside the accepted words: they stay FRA's, with the Chair's letters.
  caretAt(chair.editor, 'ecide now');
  type(chair.editor, 'x');
  const span = fra.editor.view.dom.querySelector('[data-accepted-amendment]');
  assert.equal(span?.textContent, 'dxecide');
  assert.deepEqual(fra.refusals, []);
  assert.deepEqual(chair.refusals, []);
});

test('sub-amendments in the editor: striking and typing inside another delegation’s proposed words', () => {
  const doc = draft();
  const original = agreed(doc);
  const fra = boundEditor(doc, FRA);
  selectText(fra.editor, 'act');
  type(fra.editor, 'move quickly');
  const chn = boundEditor(doc, CHN);
  // From FRA's words into the agreed text after them: one amendment of China's, in two pieces.
  selectText(chn.editor, 'quickly now');
  backspace(chn.editor);
  assert.deepEqual(chn.refusals, []);
  assert.equal(
    inSync(chn)[1],
    'Decides to {-act-FRA}{+move +FRA}{-{+quickly+FRA}-CHN}{- now-CHN};',
  );
  // Russia types inside FRA's words.
  const rus = boundEditor(doc, { userId: 'u-rus', name: 'Ivan', delegation: 'RUS' });
  caretAt(rus.editor, 'ove quickly');
  type(rus.editor, 'ore and m');
  type(rus.editor, 'o');
  assert.deepEqual(rus.refusals, []);
  assert.equal(
    inSync(rus)[1],
    'Decides to {-act-FRA}{+m+FRA}{+ore and mo+RUS}{+ove +FRA}{-{+quickly+FRA}-CHN}{- now-CHN};',
  );
  inSync(fra);
  inSync(chn);
  const subs = readProposals(doc).filter((p) => p.kind === 'text' && p.parent !== null);
  assert.deepEqual(subs.map((p) => p.delegation).sort(), ['CHN', 'RUS']);
  assert.deepEqual(agreed(doc), original, 'the agreed text is untouched');
  // FRA goes on typing its own words around them; everything stays where it was.
  caretAt(fra.editor, 'ove', 'after');
  type(fra.editor, 's');
  assert.equal(
    inSync(fra)[1],
    'Decides to {-act-FRA}{+m+FRA}{+ore and mo+RUS}{+oves +FRA}{-{+quickly+FRA}-CHN}{- now-CHN};',
  );
  // Accepting everything gives what the marked-up text reads as accepted.
  const ids = [...amendmentsMap(doc).keys()];
  applyDecision(doc, { action: 'accept', ids }, FACILITATOR);
  assert.deepEqual(agreed(doc)[1], 'Decides to more and mooves ;');
});

test('striking another delegation’s amendment of a proposal is taken off and said, the rest of the edit kept', () => {
  const doc = draft();
  const fra = boundEditor(doc, FRA);
  selectText(fra.editor, 'act');
  type(fra.editor, 'move');
  const rus = boundEditor(doc, { userId: 'u-rus', name: 'Ivan', delegation: 'RUS' });
  caretAt(rus.editor, 'ove');
  type(rus.editor, 'X');
  const chn = boundEditor(doc, CHN);
  selectText(chn.editor, 'X');
  backspace(chn.editor);
  assert.equal(chn.refusals.length, 1);
  assert.match(
    chn.refusals[0] ?? '',
    /These words are RUS’s amendment of another delegation’s proposal/,
  );
  assert.equal(inSync(chn)[1], 'Decides to {-act-FRA}{+m+FRA}{+X+RUS}{+ove+FRA} now;');
});

test('a sub-amendment is undone (withdrawn) and redone by its delegation, the proposal it amends untouched', () => {
  const doc = draft();
  const fra = boundEditor(doc, FRA);
  selectText(fra.editor, 'act');
  type(fra.editor, 'move quickly');
  const chn = boundEditor(doc, CHN);
  const before = inSync(chn)[1];
  selectText(chn.editor, 'quickly');
  type(chn.editor, 'swiftly');
  assert.equal(
    inSync(chn)[1],
    'Decides to {-act-FRA}{+move +FRA}{-{+quickly+FRA}-CHN}{+swiftly+CHN} now;',
  );
  undoOf(chn).stopCapturing();
  assert.equal(press(chn.editor, 'Mod-z'), true);
  assert.equal(inSync(chn)[1], before);
  assert.equal(inSync(fra)[1], before);
  assert.equal(press(chn.editor, 'Shift-Mod-z'), true);
  assert.equal(
    inSync(fra)[1],
    'Decides to {-act-FRA}{+move +FRA}{-{+quickly+FRA}-CHN}{+swiftly+CHN} now;',
  );
  assert.deepEqual(chn.refusals, []);
});
