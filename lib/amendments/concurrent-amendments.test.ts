import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
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
  randomAmendment,
  selectText,
  stateOf,
  suggestionIds,
  type,
  USA,
  type Network,
} from '../testing/amendment-editors';
import { randomInt, testSeed } from '../testing/seeded-random';
import { collectAmendments } from './collect';
import { decideAmendments } from './decide';
import { applyDecision } from './decide-on-ydoc';
import { amendmentsMap, DELETION_MARK, INSERTION_MARK, readAmendmentMeta } from './model';

/**
 * Amendments made at the same time on separate Y.Docs whose updates are
 * delivered in a seeded random order (replay a failure with TEST_SEED=<seed>).
 */

function draft() {
  return resolutionJSON({
    preamble: [[{ text: 'Recalling its resolution,' }], [{ text: 'Noting the report,' }]],
    operative: [
      { kind: 'paragraph', content: [{ text: 'Decides to act now;' }] },
      { kind: 'subParagraph', level: 1, content: [{ text: 'first item;' }] },
      { kind: 'paragraph', content: [{ text: 'Requests the annual report.' }] },
      { kind: 'paragraph', content: [{ text: 'Invites all States.' }] },
    ],
  });
}

/** Runs `scenario` on a fresh network for several delivery orders. */
function forSeeds(
  authors: Parameters<typeof amendmentNetwork>[1],
  runs: number,
  scenario: (network: Network, seed: number) => void,
) {
  const base = testSeed();
  for (let i = 0; i < runs; i++) {
    const seed = base + i;
    const network = amendmentNetwork(draft(), authors, seed);
    try {
      scenario(network, seed);
    } finally {
      network.destroy();
    }
  }
}

/** Every peer (clients and server) has the same body, and each client's editor shows it. */
function assertConverged(network: Network, seed: number): ProseMirrorNode {
  const server = bodyOf(network.server.doc);
  for (const client of network.clients) {
    const { delegation } = client.author;
    assert.deepEqual(
      canonicalJSON(client.editor.getJSON()),
      canonicalJSON(server.toJSON()),
      `${delegation}'s editor shows the server's document (seed ${seed})`,
    );
    assert.deepEqual(
      bodyOf(client.doc).toJSON(),
      server.toJSON(),
      `${delegation}'s Y.Doc equals the server's (seed ${seed})`,
    );
    client.editor.state.doc.check();
  }
  return server;
}

function marksOn(doc: ProseMirrorNode, text: string, type: string): string[] {
  const found: string[] = [];
  doc.descendants((node) => {
    if (node.isText && node.text?.includes(text)) {
      for (const mark of node.marks) {
        if (mark.type.name === type) found.push(String(mark.attrs.delegation));
      }
    }
    return true;
  });
  return found;
}

test('overlapping deletions by two delegations both survive, and are decided separately', () => {
  forSeeds([FRA, CHN], 8, (network, seed) => {
    const [fra, chn] = network.clients;
    assert.ok(fra && chn);
    selectText(fra.editor, 'the annual');
    backspace(fra.editor);
    network.deliverSome();
    selectText(chn.editor, 'annual report');
    backspace(chn.editor);
    network.deliverAll();
    const doc = assertConverged(network, seed);
    assert.equal(
      amendmentMarkup(doc)[4],
      'OP2 Requests [-FRA:the ][-CHN-FRA:annual][-CHN: report].',
      `both deletions kept (seed ${seed})`,
    );
    const amendments = collectAmendments(doc);
    assert.deepEqual(
      amendments.map((amendment) => [amendment.delegation, amendment.kind, amendment.oldText]),
      [
        ['FRA', 'deletion', 'the annual'],
        ['CHN', 'deletion', 'annual report'],
      ],
      `seed ${seed}`,
    );
    const fraId = amendments[0]?.suggestionId ?? '';
    const chnId = amendments[1]?.suggestionId ?? '';
    assert.equal(readAmendmentMeta(network.server.doc, chnId)?.delegation, 'CHN');

    // Rejecting CHN's leaves FRA's whole; accepting FRA's then removes only its words.
    applyDecision(network.server.doc, { action: 'reject', ids: [chnId] }, FACILITATOR);
    network.deliverAll();
    assert.equal(
      amendmentMarkup(assertConverged(network, seed))[4],
      'OP2 Requests [-FRA:the annual] report.',
    );
    applyDecision(network.server.doc, { action: 'accept', ids: [fraId] }, FACILITATOR);
    network.deliverAll();
    assert.equal(amendmentMarkup(assertConverged(network, seed))[4], 'OP2 Requests  report.');
  });
});

test('remote changes never become amendments of the receiving delegation', () => {
  forSeeds([FRA, CHN, USA], 5, (network, seed) => {
    const [fra, chn, usa] = network.clients;
    assert.ok(fra && chn && usa);
    caretAt(fra.editor, 'to act');
    type(fra.editor, 'firmly ');
    network.deliverSome();
    selectText(chn.editor, 'annual');
    type(chn.editor, 'yearly');
    network.deliverSome();
    caretAt(fra.editor, 'States.', 'after');
    press(fra.editor, 'Enter');
    type(fra.editor, 'Urges action.');
    network.deliverSome();
    caretAt(chn.editor, 'Noting');
    press(chn.editor, 'Mod-Shift-Backspace');
    caretAt(chn.editor, 'Invites');
    press(chn.editor, 'Alt-ArrowUp');
    network.deliverAll();
    const doc = assertConverged(network, seed);
    const delegations = new Set(collectAmendments(doc).map((amendment) => amendment.delegation));
    assert.deepEqual([...delegations].sort(), ['CHN', 'FRA'], `seed ${seed}`);
    assert.ok(
      [...amendmentsMap(network.server.doc).values()].every((meta) => meta.delegation !== 'USA'),
      `USA, which only received, proposed nothing (seed ${seed})`,
    );
    assert.equal(usa.refusals.length, 0, `nothing was refused to USA (seed ${seed})`);
  });
});

test('a delegate typing inside a range another one concurrently strikes keeps their words', () => {
  forSeeds([FRA, CHN], 10, (network, seed) => {
    const [fra, chn] = network.clients;
    assert.ok(fra && chn);
    selectText(chn.editor, 'to act now');
    backspace(chn.editor);
    caretAt(fra.editor, 'ct now');
    type(fra.editor, 'X');
    caretAt(fra.editor, ' now');
    type(fra.editor, ' swiftly');
    network.deliverSome();
    network.deliverAll();
    const doc = assertConverged(network, seed);
    for (const client of network.clients) {
      const clientDoc = client.editor.state.doc;
      for (const words of ['X', 'swiftly']) {
        assert.deepEqual(
          marksOn(clientDoc, words, DELETION_MARK),
          [],
          `“${words}” is not struck on ${client.author.delegation}'s client (seed ${seed})`,
        );
        assert.deepEqual(marksOn(clientDoc, words, INSERTION_MARK), ['FRA'], `seed ${seed}`);
      }
    }
    // CHN's deletion is still there, around FRA's words.
    const ids = new Set(collectAmendments(doc).map((amendment) => amendment.suggestionId));
    assert.equal(
      amendmentMarkup(decideAmendments(stateOf(doc), ids, 'accepted').tr.doc)[2],
      'OP1 Decides X swiftly;',
      `accepting everything keeps FRA's words only (seed ${seed})`,
    );
  });
});

test(
  'words a delegate adds to their own insertion while another strikes it are not swallowed',
  {
    todo:
      'the deleter’s metadata `covers` lists the insertion’s id, and typing next to one’s own ' +
      'insertion extends that id, so `unswallow` cannot tell the new words from the struck ones',
  },
  () => {
    forSeeds([FRA, CHN], 3, (network, seed) => {
      const [fra, chn] = network.clients;
      assert.ok(fra && chn);
      caretAt(fra.editor, 'to act');
      type(fra.editor, 'firmly ');
      network.deliverAll();
      selectText(chn.editor, 'Decides firmly to');
      backspace(chn.editor);
      caretAt(fra.editor, 'mly');
      type(fra.editor, 'XYZ');
      network.deliverAll();
      assertConverged(network, seed);
      for (const client of network.clients) {
        assert.deepEqual(
          marksOn(client.editor.state.doc, 'XYZ', DELETION_MARK),
          [],
          `“XYZ” is not struck on ${client.author.delegation}'s client (seed ${seed})`,
        );
      }
    });
  },
);

test('a deletion made knowingly over another delegation’s insertion stays', () => {
  forSeeds([FRA, CHN], 5, (network, seed) => {
    const [fra, chn] = network.clients;
    assert.ok(fra && chn);
    caretAt(fra.editor, ' now');
    type(fra.editor, ' swiftly');
    network.deliverAll();
    selectText(chn.editor, 'act swiftly');
    backspace(chn.editor);
    network.deliverAll();
    const doc = assertConverged(network, seed);
    assert.deepEqual(marksOn(doc, 'swiftly', DELETION_MARK), ['CHN'], `seed ${seed}`);
  });
});

test('two facilitators deciding the same amendment at once: one outcome, both attempts recorded', () => {
  for (const [first, second] of [
    ['accept', 'reject'],
    ['reject', 'accept'],
  ] as const) {
    forSeeds([FRA, CHN], 3, (network, seed) => {
      const [fra] = network.clients;
      assert.ok(fra);
      caretAt(fra.editor, 'to act');
      type(fra.editor, 'firmly ');
      network.deliverAll();
      const [amendment] = collectAmendments(bodyOf(network.server.doc));
      const id = amendment?.suggestionId ?? '';
      const one = { userId: 'u-f1', name: 'First', delegation: 'CUB' };
      const two = { userId: 'u-f2', name: 'Second', delegation: 'NOR' };
      const a = applyDecision(network.server.doc, { action: first, ids: [id] }, one);
      const b = applyDecision(network.server.doc, { action: second, ids: [id] }, two);
      assert.deepEqual(a.done, [id]);
      assert.deepEqual(b.done, [], `the second finds nothing to do (seed ${seed})`);
      assert.equal(b.alreadyDecided[0]?.id, id);
      assert.match(b.alreadyDecided[0]?.note ?? '', new RegExp(`already ${first}ed by CUB`));
      network.deliverAll();
      const doc = assertConverged(network, seed);
      assert.equal(
        amendmentMarkup(doc)[2],
        first === 'accept' ? 'OP1 Decides firmly to act now;' : 'OP1 Decides to act now;',
      );
      for (const peer of [network.server, ...network.clients]) {
        const meta = readAmendmentMeta(peer.doc, id);
        assert.equal(meta?.decision?.outcome, `${first}ed`);
        assert.equal(meta?.decision?.delegation, 'CUB');
        assert.deepEqual(
          meta?.history.map((event) => [event.action, event.delegation, !!event.note]),
          [
            ['proposed', 'FRA', false],
            [`${first}ed`, 'CUB', false],
            [`${second}ed`, 'NOR', true],
          ],
          `seed ${seed}`,
        );
      }
    });
  }
});

/** 60 rounds of random amendments by FRA, CHN and USA, with random delivery, then everything delivered. */
function randomSession(seed: number) {
  const network = amendmentNetwork(draft(), [FRA, CHN, USA], seed);
  const original = bodyOf(network.server.doc);
  for (let round = 0; round < 60; round++) {
    const client = network.clients[randomInt(network.random, network.clients.length)];
    if (client) randomAmendment(client.editor, network.random, round);
    network.deliverSome();
  }
  network.deliverAll();
  return { network, original };
}

test('three delegations amending at once, updates in random order: everyone converges', () => {
  const seed = testSeed();
  const { network } = randomSession(seed);
  try {
    const doc = assertConverged(network, seed);
    const amendments = collectAmendments(doc);
    assert.ok(amendments.length > 0, `some amendments were made (seed ${seed})`);
    for (const amendment of amendments) {
      const meta = readAmendmentMeta(network.server.doc, amendment.suggestionId);
      assert.equal(
        meta?.delegation,
        amendment.delegation,
        `amendment ${amendment.suggestionId} (${amendment.kind}) has its metadata (seed ${seed})`,
      );
    }
    for (const [id, uses] of suggestionIds(doc)) {
      const delegations = new Set(uses.map((use) => use.split(' ')[1]));
      assert.equal(
        delegations.size,
        1,
        `id ${id} belongs to one delegation: ${uses.join(', ')} (seed ${seed})`,
      );
    }
    const ids = new Set(amendments.map((amendment) => amendment.suggestionId));
    const accepted = decideAmendments(stateOf(doc), ids, 'accepted').tr.doc;
    accepted.check();
    assert.equal(suggestionIds(accepted).size, 0, `accepting all leaves none (seed ${seed})`);

    // The server rejects everything; the decision reaches every client the same way.
    const report = applyDecision(
      network.server.doc,
      { action: 'reject', ids: [...ids] },
      FACILITATOR,
    );
    // Amendments inside a paragraph another rejection removes have nothing left to decide.
    assert.deepEqual(
      new Set([...report.done, ...report.alreadyDecided.map((entry) => entry.id)]),
      ids,
      `every amendment is accounted for (seed ${seed})`,
    );
    assert.deepEqual(report.unknown, [], `seed ${seed}`);
    network.deliverAll();
    const after = assertConverged(network, seed);
    assert.equal(suggestionIds(after).size, 0, `nothing pending after (seed ${seed})`);
  } finally {
    network.destroy();
  }
});

test(
  'three delegations amending at once: rejecting everything gives the original text back',
  {
    todo:
      'fails for about 3% of seeds (e.g. TEST_SEED=1006, 1011, 1142, 1144): under concurrent edits, ' +
      'Yjs format markers written by y-tiptap let an insertion mark spread over original text',
  },
  () => {
    const base = testSeed();
    for (let i = 0; i < 5; i++) {
      const seed = base + i;
      const { network, original } = randomSession(seed);
      try {
        const doc = assertConverged(network, seed);
        const ids = new Set(collectAmendments(doc).map((amendment) => amendment.suggestionId));
        assert.deepEqual(
          amendmentMarkup(decideAmendments(stateOf(doc), ids, 'rejected').tr.doc),
          amendmentMarkup(original),
          `rejecting everything restores the text (seed ${seed})`,
        );
      } finally {
        network.destroy();
      }
    }
  },
);
