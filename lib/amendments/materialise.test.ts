import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import { readYBody } from '../schema/read-yjs';
import { newId } from '../schema/new-id';
import { baseDraft, paragraphIds, renderMarkup } from '../testing/proposal-drafts';
import { acceptProposals } from './accept-proposals';
import { indexBaseParagraphs, insertBaseContent, deleteBaseRange } from './base-text';
import { materialiseDraft } from './materialise';
import { proposeParagraphs, proposeSubText, proposeText } from './propose';
import { amendmentsMap } from './model';
import { proposalsMap, readProposal, withdrawProposal } from './proposals';
import { proposalAnchorState, staleAmendments } from './stale';

/**
 * The marked-up text derived from the agreed text and proposal objects
 * (issue 19): what each kind of proposal shows, in which order, how anchors
 * follow the agreed text, and what accepting writes.
 */

function draft() {
  return baseDraft({
    preamble: [[{ text: 'Recalling', italic: true }, { text: ' its resolution 76/1,' }]],
    operative: [
      { kind: 'paragraph', content: [{ text: 'Decides to act now;' }] },
      { kind: 'paragraph', content: [{ text: 'Requests a report;' }] },
      { kind: 'subParagraph', level: 1, content: [{ text: 'on costs;' }] },
      { kind: 'paragraph', content: [{ text: 'Decides to remain seized.' }] },
    ],
  });
}

function ids(doc: Y.Doc): string[] {
  return paragraphIds(readYBody(doc.getXmlFragment(BODY_FIELD)));
}

function markup(doc: Y.Doc): string[] {
  return renderMarkup(materialiseDraft(doc).doc);
}

function base(doc: Y.Doc): string[] {
  return renderMarkup(readYBody(doc.getXmlFragment(BODY_FIELD)));
}

const text = (insert: string) => [{ insert }];

test('a replacement strikes its range and shows its words after it; a pure insertion sits at its point', () => {
  const doc = draft();
  const [, op1] = ids(doc);
  proposeText(doc, {
    amendment: newId(),
    delegation: 'FRA',
    paragraphId: op1!,
    from: 11,
    to: 14,
    content: text('promptly'),
  });
  proposeText(doc, {
    amendment: newId(),
    delegation: 'CHN',
    paragraphId: op1!,
    from: 8,
    to: 8,
    content: text('not '),
  });
  assert.equal(markup(doc)[1], 'Decides {+not +CHN}to {-act-FRA}{+promptly+FRA} now;');
  assert.equal(base(doc)[1], 'Decides to act now;', 'the agreed text is untouched');
});

test('overlapping deletions of two delegations both show; an insertion inside a deletion is not struck', () => {
  const doc = draft();
  const [, op1] = ids(doc);
  proposeText(doc, {
    amendment: newId(),
    delegation: 'FRA',
    paragraphId: op1!,
    from: 8,
    to: 14,
    content: [],
  });
  proposeText(doc, {
    amendment: newId(),
    delegation: 'RUS',
    paragraphId: op1!,
    from: 11,
    to: 18,
    content: [],
  });
  proposeText(doc, {
    amendment: newId(),
    delegation: 'EGY',
    paragraphId: op1!,
    from: 11,
    to: 11,
    content: text('swiftly '),
  });
  assert.equal(markup(doc)[1], 'Decides {-to -FRA}{+swiftly +EGY}{-act-FRA,RUS}{- now-RUS};');
});

test('proposals at one point keep the order chosen when made, on every replica', () => {
  const doc = draft();
  const [, op1] = ids(doc);
  const first = proposeText(doc, {
    amendment: newId(),
    delegation: 'FRA',
    paragraphId: op1!,
    from: 14,
    to: 14,
    content: text(' A'),
  });
  proposeText(doc, {
    amendment: newId(),
    delegation: 'CHN',
    paragraphId: op1!,
    from: 14,
    to: 14,
    content: text(' C'),
  });
  proposeText(doc, {
    amendment: newId(),
    delegation: 'RUS',
    paragraphId: op1!,
    from: 14,
    to: 14,
    content: text(' B'),
    after: first,
  });
  assert.equal(markup(doc)[1], 'Decides to act{+ A+FRA}{+ B+RUS}{+ C+CHN} now;');
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  assert.deepEqual(markup(copy), markup(doc));
});

test('anchors follow the agreed text as the facilitator edits it around and inside them', () => {
  const doc = draft();
  const [, op1] = ids(doc);
  proposeText(doc, {
    amendment: newId(),
    delegation: 'FRA',
    paragraphId: op1!,
    from: 11,
    to: 14,
    content: text('move'),
  });
  const element = indexBaseParagraphs(doc.getXmlFragment(BODY_FIELD)).get(op1!)!.element;
  doc.transact(() => {
    insertBaseContent(element, 0, text('Firmly '));
    insertBaseContent(element, 7 + 19 - 1, text(' today'));
  });
  assert.equal(markup(doc)[1], 'Firmly Decides to {-act-FRA}{+move+FRA} now today;');
  doc.transact(() => deleteBaseRange(element, 18, 21));
  assert.equal(
    markup(doc)[1],
    'Firmly Decides to {+move+FRA} now today;',
    'struck words deleted: the replacement stays at their place',
  );
});

test('paragraph proposals: new paragraphs after theirs, deletions and moves marked, the moved copy where it goes', () => {
  const doc = draft();
  const [, op1, op2, sub, op3] = ids(doc);
  const amendment = newId();
  proposeParagraphs(doc, {
    amendment,
    delegation: 'FRA',
    kind: 'newParagraphs',
    removes: [],
    after: op1!,
    container: 'operativePart',
    paragraphs: [
      { paragraphId: newId(), type: 'operativeParagraph', content: text('Welcomes the plan;') },
    ],
  });
  proposeParagraphs(doc, {
    amendment: newId(),
    delegation: 'CHN',
    kind: 'deleteParagraphs',
    removes: [op3!],
    after: null,
    container: 'operativePart',
    paragraphs: [],
  });
  proposeParagraphs(doc, {
    amendment: newId(),
    delegation: 'RUS',
    kind: 'moveParagraphs',
    removes: [op2!, sub!],
    after: null,
    container: 'operativePart',
    paragraphs: [
      { paragraphId: newId(), type: 'operativeParagraph', content: text('Requests a report;') },
      { paragraphId: newId(), type: 'subParagraph', level: 1, content: text('on costs;') },
    ],
  });
  assert.deepEqual(markup(doc), [
    '*Recalling* its resolution 76/1,',
    '[moveTo RUS] Requests a report;',
    '[moveTo RUS] on costs;',
    'Decides to act now;',
    '[insert FRA] Welcomes the plan;',
    '[moveFrom RUS] Requests a report;',
    '[moveFrom RUS] on costs;',
    '[delete CHN] Decides to remain seized.',
  ]);
});

test('accepting writes exactly the accepted proposals into the agreed text, overlapping ones together', () => {
  const doc = draft();
  const [pp1, op1, op2, , op3] = ids(doc);
  const fra = newId();
  const rus = newId();
  const egy = newId();
  proposeText(doc, {
    amendment: fra,
    delegation: 'FRA',
    paragraphId: op1!,
    from: 8,
    to: 14,
    content: text('will act'),
  });
  proposeText(doc, {
    amendment: rus,
    delegation: 'RUS',
    paragraphId: op1!,
    from: 11,
    to: 18,
    content: [],
  });
  proposeText(doc, {
    amendment: egy,
    delegation: 'EGY',
    paragraphId: op1!,
    from: 11,
    to: 11,
    content: [{ insert: 'swiftly ', attributes: { italic: {} } }],
  });
  proposeText(doc, {
    amendment: newId(),
    delegation: 'CHN',
    paragraphId: pp1!,
    from: 0,
    to: 9,
    content: text('Noting'),
  });
  proposeParagraphs(doc, {
    amendment: fra,
    delegation: 'FRA',
    kind: 'newParagraphs',
    removes: [],
    after: op2!,
    container: 'operativePart',
    paragraphs: [{ paragraphId: newId(), type: 'operativeParagraph', content: text('Urges all;') }],
  });
  proposeParagraphs(doc, {
    amendment: rus,
    delegation: 'RUS',
    kind: 'deleteParagraphs',
    removes: [op3!],
    after: null,
    container: 'operativePart',
    paragraphs: [],
  });
  const rejected = base(doc);
  let outcome;
  doc.transact(() => {
    outcome = acceptProposals(doc, new Set([fra, rus, egy]));
  });
  assert.deepEqual(base(doc), [
    '*Recalling* its resolution 76/1,',
    'Decides *swiftly *will act;',
    'Requests a report;',
    'Urges all;',
    'on costs;',
  ]);
  assert.notDeepEqual(rejected, base(doc));
  assert.deepEqual(
    outcome!.texts
      .map((entry: { delegation: string; added: string; removed: string }) => [
        entry.delegation,
        entry.added,
        entry.removed,
      ])
      .sort(),
    [
      ['EGY', 'swiftly ', ''],
      ['FRA', 'will act', 'to act'],
      ['RUS', '', 'act now'],
    ],
  );
});

test('a withdrawn proposal is not shown and not accepted', () => {
  const doc = draft();
  const [, op1] = ids(doc);
  const amendment = newId();
  const id = proposeText(doc, {
    amendment,
    delegation: 'FRA',
    paragraphId: op1!,
    from: 0,
    to: 7,
    content: text('Resolves'),
  });
  withdrawProposal(doc, id);
  assert.equal(markup(doc)[1], 'Decides to act now;');
  doc.transact(() => acceptProposals(doc, new Set([amendment])));
  assert.equal(base(doc)[1], 'Decides to act now;');
});

test('a proposal is stale when the agreed text under it changed, orphaned when its paragraph left', () => {
  const doc = draft();
  const [, op1, op2] = ids(doc);
  const paragraphs = () => indexBaseParagraphs(doc.getXmlFragment(BODY_FIELD));
  const replace = proposeText(doc, {
    amendment: newId(),
    delegation: 'FRA',
    paragraphId: op1!,
    from: 8,
    to: 14,
    content: text('will act'),
  });
  const point = proposeText(doc, {
    amendment: newId(),
    delegation: 'CHN',
    paragraphId: op2!,
    from: 9,
    to: 9,
    content: text('brief '),
  });
  const state = (id: string) =>
    proposalAnchorState(doc, readProposal(id, proposalsMap(doc).get(id))!);
  assert.equal(state(replace), 'ok');
  const element = paragraphs().get(op1!)!.element;
  doc.transact(() => insertBaseContent(element, 11, text('not ')));
  assert.equal(state(replace), 'modified', 'a word typed inside the struck range');
  doc.transact(() => deleteBaseRange(element, 8, 18));
  assert.equal(state(replace), 'collapsed');
  assert.equal(state(point), 'ok');
  const operative = paragraphs().get(op2!)!.element.parent as Y.XmlElement;
  doc.transact(() => operative.delete(paragraphs().get(op2!)!.index, 1));
  assert.equal(state(point), 'orphaned');
  assert.equal(markup(doc).length, 4, 'an orphaned proposal is not shown');
});

test('two accepted moves of one paragraph leave no id twice; an unedited copy takes the words accepted into it, however its runs are cut', () => {
  const doc = draft();
  const [pp1, op1, op2] = ids(doc);
  const words = newId();
  proposeText(doc, {
    amendment: words,
    delegation: 'FRA',
    paragraphId: op1!,
    from: 8,
    to: 14,
    content: text('will act'),
  });
  const moves = [newId(), newId()];
  proposeParagraphs(doc, {
    amendment: moves[0]!,
    delegation: 'RUS',
    kind: 'moveParagraphs',
    removes: [op1!],
    after: op2!,
    container: 'operativePart',
    // The copy as the agreed text reads, cut in two runs where the agreed text has one.
    paragraphs: [
      {
        paragraphId: newId(),
        type: 'operativeParagraph',
        content: [{ insert: 'Decides to ' }, { insert: 'act now;' }],
      },
    ],
  });
  proposeParagraphs(doc, {
    amendment: moves[1]!,
    delegation: 'CHN',
    kind: 'moveParagraphs',
    removes: [op1!],
    after: null,
    container: 'operativePart',
    paragraphs: [
      { paragraphId: newId(), type: 'operativeParagraph', content: text('Decides, as CHN wants;') },
    ],
  });
  doc.transact(() => acceptProposals(doc, new Set([words, ...moves])));
  const after = ids(doc);
  assert.equal(new Set(after).size, after.length, 'every paragraph id once');
  assert.equal(after.filter((id) => id === op1).length, 1, 'one of the moves keeps the id');
  assert.ok(after.includes(pp1!));
  assert.deepEqual(base(doc).slice(1), [
    'Decides, as CHN wants;',
    'Requests a report;',
    'Decides will act now;',
    'on costs;',
    'Decides to remain seized.',
  ]);
});

test('sub-amendments: another delegation strikes or adds words inside a proposal; accepting writes them into it, or with it', () => {
  const setup = () => {
    const doc = draft();
    const [, op1] = ids(doc);
    const fra = newId();
    const chn = newId();
    const rus = newId();
    const parentId = proposeText(doc, {
      amendment: fra,
      delegation: 'FRA',
      paragraphId: op1!,
      from: 8,
      to: 14,
      content: text('to move quickly'),
    });
    const parent = readProposal(parentId, proposalsMap(doc).get(parentId));
    assert.ok(parent?.kind === 'text');
    proposeSubText(doc, {
      amendment: chn,
      delegation: 'CHN',
      parent,
      from: 7,
      to: 15,
      content: [],
    });
    proposeSubText(doc, {
      amendment: rus,
      delegation: 'RUS',
      parent,
      from: 3,
      to: 3,
      content: text('swiftly '),
    });
    return { doc, fra, chn, rus };
  };
  const { doc } = setup();
  assert.equal(
    markup(doc)[1],
    'Decides {-to act-FRA}{+to +FRA}{+swiftly +RUS}{+move+FRA}{-{+ quickly+FRA}-CHN} now;',
  );
  assert.equal(base(doc)[1], 'Decides to act now;', 'the agreed text is untouched');

  // China's strike accepted alone: FRA's proposal now reads without "quickly".
  const one = setup();
  one.doc.transact(() => acceptProposals(one.doc, new Set([one.chn])));
  assert.equal(base(one.doc)[1], 'Decides to act now;');
  assert.equal(
    markup(one.doc)[1]!.replace(/\{\+swiftly \+RUS\}/, ''),
    'Decides {-to act-FRA}{+to +FRA}{+move+FRA} now;',
  );
  // Everything accepted in one pass: the agreed text reads as the "accepted" view did.
  const all = setup();
  all.doc.transact(() => acceptProposals(all.doc, new Set([all.fra, all.chn, all.rus])));
  assert.equal(base(all.doc)[1], 'Decides to swiftly move now;');
  // FRA's proposal accepted without the sub-amendments: they are no longer shown.
  const parentOnly = setup();
  parentOnly.doc.transact(() => acceptProposals(parentOnly.doc, new Set([parentOnly.fra])));
  amendmentsMap(parentOnly.doc).set(parentOnly.fra, {
    delegation: 'FRA',
    userId: 'u',
    name: 'F',
    createdAt: '2026-12-06T00:00:00Z',
    history: [],
    decision: {
      outcome: 'accepted',
      userId: 'c',
      name: 'C',
      delegation: 'CUB',
      at: '2026-12-06T00:00:00Z',
    },
  });
  assert.equal(base(parentOnly.doc)[1], 'Decides to move quickly now;');
  assert.equal(markup(parentOnly.doc)[1], 'Decides to move quickly now;');
  // They are stale: the proposal they amend was decided. Until then they were not.
  const stale = staleAmendments(parentOnly.doc);
  assert.deepEqual(
    [parentOnly.chn, parentOnly.rus].map((id) => [stale.get(id)?.state, stale.get(id)?.parentGone]),
    [
      ['orphaned', true],
      ['orphaned', true],
    ],
  );
  assert.equal(staleAmendments(setup().doc).size, 0);
});
