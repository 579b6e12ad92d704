import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Editor } from '@tiptap/core';
import { yUndoPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { resolutionJSON } from '../schema/resolution-json';
import {
  amendmentMarkup,
  amendmentNetwork,
  bodyOf,
  canonicalJSON,
  caretAt,
  CHN,
  created,
  FACILITATOR,
  FRA,
  press,
  selectText,
  suggestionIds,
  type,
  type Network,
} from '../testing/amendment-editors';
import { testSeed } from '../testing/seeded-random';
import { collectAmendments } from './collect';
import { applyDecision } from './decide-on-ydoc';

/**
 * Undo (Ctrl+Z) with collaboration: it undoes one's own edits only, so one's
 * own amendments; a facilitator's decision reaches the sponsor as a remote
 * change, which their undo must not take back.
 */

function draft() {
  return resolutionJSON({
    preamble: [[{ text: 'Recalling its resolution,' }]],
    operative: [
      { kind: 'paragraph', content: [{ text: 'Decides to act now;' }] },
      { kind: 'paragraph', content: [{ text: 'Requests the annual report.' }] },
    ],
  });
}

/** Ends the undo step being captured, as a pause in typing does. */
function pause(editor: Editor): void {
  const state: unknown = yUndoPluginKey.getState(editor.state);
  assert.ok(typeof state === 'object' && state !== null && 'undoManager' in state);
  (state.undoManager as Y.UndoManager).stopCapturing();
}

async function withNetwork(run: (network: Network, seed: number) => void) {
  const seed = testSeed();
  const network = amendmentNetwork(draft(), [FRA, CHN], seed);
  await created();
  try {
    run(network, seed);
  } finally {
    network.destroy();
  }
}

function assertSame(network: Network, seed: number) {
  const server = canonicalJSON(bodyOf(network.server.doc).toJSON());
  for (const client of network.clients) {
    assert.deepEqual(canonicalJSON(client.editor.getJSON()), server, `seed ${seed}`);
  }
}

test('undo takes back one’s own amendments, one step at a time, and redo brings them back', async () => {
  await withNetwork((network, seed) => {
    const [fra] = network.clients;
    assert.ok(fra);
    const original = amendmentMarkup(fra.editor.state.doc);
    caretAt(fra.editor, 'to act');
    type(fra.editor, 'firmly ');
    pause(fra.editor);
    selectText(fra.editor, 'annual');
    type(fra.editor, 'yearly');
    pause(fra.editor);
    caretAt(fra.editor, 'report.', 'after');
    press(fra.editor, 'Enter');
    type(fra.editor, 'Urges action.');
    pause(fra.editor);
    const amended = amendmentMarkup(fra.editor.state.doc);
    assert.deepEqual(amended, [
      'PP1 Recalling its resolution,',
      'OP1 Decides [+FRA:firmly ]to act now;',
      'OP2 Requests the [-FRA:annual][+FRA:yearly] report.',
      'OP2 bis {insert FRA} Urges action.',
    ]);
    network.deliverAll();

    assert.ok(fra.editor.commands.undo());
    assert.deepEqual(amendmentMarkup(fra.editor.state.doc), amended.slice(0, 3));
    assert.ok(fra.editor.commands.undo());
    assert.deepEqual(amendmentMarkup(fra.editor.state.doc)[2], 'OP2 Requests the annual report.');
    assert.ok(fra.editor.commands.undo());
    assert.deepEqual(amendmentMarkup(fra.editor.state.doc), original, 'all undone');
    assert.equal(suggestionIds(fra.editor.state.doc).size, 0);
    assert.deepEqual(fra.refusals, [], 'undo is not turned into amendments');
    network.deliverAll();
    assertSame(network, seed);

    assert.ok(fra.editor.commands.redo());
    assert.deepEqual(amendmentMarkup(fra.editor.state.doc)[1], amended[1]);
    network.deliverAll();
    assertSame(network, seed);
  });
});

/** FRA inserts, CHN strikes FRA's words and adds its own, FRA undoes; CHN's caret then at `caret`. */
function undoUnderAnotherDelegationsDeletion(
  network: Network,
  seed: number,
  caret: 'start' | 'end',
) {
  const [fra, chn] = network.clients;
  assert.ok(fra && chn);
  caretAt(fra.editor, 'to act');
  type(fra.editor, 'firmly ');
  pause(fra.editor);
  network.deliverAll();
  selectText(chn.editor, 'firmly ');
  press(chn.editor, 'Backspace');
  caretAt(chn.editor, 'report.', 'after');
  type(chn.editor, ' Soon.');
  if (caret === 'start') caretAt(chn.editor, 'Recalling');
  network.deliverAll();
  assert.deepEqual(amendmentMarkup(fra.editor.state.doc).slice(1), [
    'OP1 Decides [+FRA-CHN:firmly ]to act now;',
    'OP2 Requests the annual report.[+CHN: Soon.]',
  ]);
  // FRA takes its insertion back: CHN's deletion of it goes with the text, CHN's words stay.
  assert.ok(fra.editor.commands.undo());
  assert.equal(fra.editor.commands.undo(), false, 'nothing else of FRA’s to undo');
  network.deliverAll();
  assertSame(network, seed);
  assert.deepEqual(amendmentMarkup(chn.editor.state.doc).slice(1), [
    'OP1 Decides to act now;',
    'OP2 Requests the annual report.[+CHN: Soon.]',
  ]);
}

test('undo does not take back someone else’s edits, nor their amendments of one’s own text', async () => {
  await withNetwork((network, seed) => undoUnderAnotherDelegationsDeletion(network, seed, 'start'));
});

test(
  'the same with the other delegate’s caret at the end of the draft',
  {
    todo:
      'y-tiptap 3.0.9 throws "RangeError: Position … out of range" in restoreRelativeSelection ' +
      'on the client receiving the undo (isMisresolvedAfterStructuralChange)',
  },
  async () => {
    await withNetwork((network, seed) => undoUnderAnotherDelegationsDeletion(network, seed, 'end'));
  },
);

for (const kind of ['insertion', 'new paragraph'] as const) {
  test(`an accepted ${kind} arriving from the server is not undone by its sponsor’s undo`, async () => {
    await withNetwork((network, seed) => {
      const [fra, chn] = network.clients;
      assert.ok(fra && chn);
      if (kind === 'insertion') {
        caretAt(fra.editor, 'to act');
        type(fra.editor, 'firmly ');
      } else {
        caretAt(fra.editor, 'report.', 'after');
        press(fra.editor, 'Enter');
        type(fra.editor, 'Urges action.');
      }
      pause(fra.editor);
      // A later, pending amendment of FRA's.
      selectText(fra.editor, 'annual');
      type(fra.editor, 'yearly');
      network.deliverAll();
      const first = collectAmendments(bodyOf(network.server.doc)).find(
        (amendment) => amendment.kind === (kind === 'insertion' ? 'insertion' : 'newParagraph'),
      );
      assert.ok(first);
      const report = applyDecision(
        network.server.doc,
        { action: 'accept', ids: [first.suggestionId] },
        FACILITATOR,
      );
      assert.deepEqual(report.done, [first.suggestionId]);
      network.deliverAll();
      const accepted = amendmentMarkup(fra.editor.state.doc);
      assert.ok(
        accepted.includes(
          kind === 'insertion' ? 'OP1 Decides firmly to act now;' : 'OP3 Urges action.',
        ),
        `accepted (seed ${seed}): ${accepted.join(' | ')}`,
      );
      // Ctrl+Z, as many times as the sponsor likes.
      for (let i = 0; i < 3; i++) fra.editor.commands.undo();
      network.deliverAll();
      assertSame(network, seed);
      const after = amendmentMarkup(fra.editor.state.doc);
      assert.ok(
        after.includes(
          kind === 'insertion' ? 'OP1 Decides firmly to act now;' : 'OP3 Urges action.',
        ),
        `the accepted text stays (seed ${seed}): ${after.join(' | ')}`,
      );
    });
  });
}

test('a rejected amendment stays rejected when its sponsor presses undo', async () => {
  await withNetwork((network, seed) => {
    const [fra] = network.clients;
    assert.ok(fra);
    selectText(fra.editor, 'annual');
    type(fra.editor, 'yearly');
    pause(fra.editor);
    caretAt(fra.editor, 'Decides');
    press(fra.editor, 'Mod-Shift-Backspace');
    pause(fra.editor);
    network.deliverAll();
    const ids = collectAmendments(bodyOf(network.server.doc)).map((a) => a.suggestionId);
    applyDecision(network.server.doc, { action: 'reject', ids }, FACILITATOR);
    network.deliverAll();
    const rejected = amendmentMarkup(fra.editor.state.doc);
    assert.deepEqual(rejected, [
      'PP1 Recalling its resolution,',
      'OP1 Decides to act now;',
      'OP2 Requests the annual report.',
    ]);
    for (let i = 0; i < 3; i++) fra.editor.commands.undo();
    network.deliverAll();
    assertSame(network, seed);
    assert.deepEqual(amendmentMarkup(fra.editor.state.doc), rejected, `seed ${seed}`);
  });
});

test('a proposed move and a proposed paragraph deletion are undone like typing', async () => {
  await withNetwork((network, seed) => {
    const [fra] = network.clients;
    assert.ok(fra);
    const original = amendmentMarkup(fra.editor.state.doc);
    caretAt(fra.editor, 'Decides');
    press(fra.editor, 'Alt-ArrowDown');
    pause(fra.editor);
    caretAt(fra.editor, 'Recalling');
    press(fra.editor, 'Mod-Shift-Backspace');
    pause(fra.editor);
    assert.equal(suggestionIds(fra.editor.state.doc).size, 2);
    assert.ok(fra.editor.commands.undo());
    assert.equal(suggestionIds(fra.editor.state.doc).size, 1);
    assert.ok(fra.editor.commands.undo());
    assert.deepEqual(amendmentMarkup(fra.editor.state.doc), original);
    network.deliverAll();
    assertSame(network, seed);
  });
});
