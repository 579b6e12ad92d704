import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { draftBodyState } from '../drafts/draft-body';
import { finalDraft, resolutionBody } from '../export/final-draft';
import { findExportFormat, renderExport } from '../export';
import { labelParagraphs } from '../schema/numbering';
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
import { PROPOSED_AT } from '../testing/amended-draft';
import { baseDraft, paragraphIds } from '../testing/proposal-drafts';
import { collectAmendments, type PendingAmendment } from './collect';
import { applyDecision } from './decide-on-ydoc';
import { amendmentsMap, newAmendmentMeta, paragraphVisibleIn } from './model';
import { addParagraphsProposal, rankBetween } from './proposals';
import { whatIf, whatIfExportSummary } from './what-if';

/**
 * The what-if view: the text as if exactly the chosen pending amendments were
 * accepted, numbered as it would be, with the conflicts between them; the
 * draft is not changed by looking.
 */

const BODY = {
  preamble: [[{ text: 'Recalling its resolution 1,' }], [{ text: 'Noting the report,' }]],
  operative: [
    {
      kind: 'paragraph' as const,
      content: [{ text: 'Decides to strengthen genuine cooperation;' }],
    },
    { kind: 'paragraph' as const, content: [{ text: 'Requests a report on progress;' }] },
    { kind: 'paragraph' as const, content: [{ text: 'Invites all States to participate;' }] },
    { kind: 'paragraph' as const, content: [{ text: 'Decides to remain seized.' }] },
  ],
};

/**
 * FRA replaces "genuine cooperation" (OP1) and "all States" (OP3); USA
 * replaces "genuine" (OP1) and moves OP4 up; CHN proposes a new OP after OP2
 * and deletes OP3.
 */
function negotiated(): { doc: Y.Doc; amendments: Map<string, PendingAmendment> } {
  const doc = baseDraft(BODY);
  const fra = boundEditor(doc, FRA);
  selectText(fra.editor, 'genuine cooperation');
  type(fra.editor, 'real cooperation');
  selectText(fra.editor, 'all States');
  type(fra.editor, 'all Member States');
  const usa = boundEditor(doc, USA);
  selectText(usa.editor, 'genuine');
  type(usa.editor, 'true');
  caretAt(usa.editor, 'remain seized');
  press(usa.editor, 'Alt-ArrowUp');
  const chn = boundEditor(doc, CHN);
  caretAt(chn.editor, 'Requests a report on progress;', 'after');
  press(chn.editor, 'Enter');
  type(chn.editor, 'Urges cooperation;');
  caretAt(chn.editor, 'Invites');
  press(chn.editor, 'Mod-Shift-Backspace');
  for (const bound of [fra, usa, chn]) {
    assert.deepEqual(bound.refusals, []);
    bound.editor.destroy();
  }
  const amendments = new Map(
    collectAmendments(draftBodyState(doc).doc).map((amendment) => [
      `${amendment.delegation} ${amendment.kind} ${amendment.references[0]}`,
      amendment,
    ]),
  );
  assert.deepEqual([...amendments.keys()].sort(), [
    'CHN newParagraph OP2 bis',
    'CHN paragraphDeletion OP3',
    'FRA replacement OP1',
    'FRA replacement OP3',
    'USA move OP4',
    'USA replacement OP1',
  ]);
  return { doc, amendments };
}

function idsOf(amendments: Map<string, PendingAmendment>, ...keys: string[]): string[] {
  return keys.map((key) => amendments.get(key)!.suggestionId);
}

test('choosing every pending amendment gives the "as if all accepted" view, numbered as it numbers', () => {
  const { doc, amendments } = negotiated();
  const result = whatIf(
    doc,
    [...amendments.values()].map((amendment) => amendment.suggestionId),
  );
  const marked = draftBodyState(doc).doc;
  assert.deepEqual(result.document.body, resolutionBody(marked, 'accepted'));
  const accepted = labelParagraphs(marked, 'accepted').filter((label) =>
    paragraphVisibleIn(marked.nodeAt(label.pos)!, 'accepted'),
  );
  assert.deepEqual(
    result.paragraphs.map((paragraph) => paragraph.reference),
    accepted.map((label) => label.reference),
  );
  assert.deepEqual(
    result.paragraphs.map((paragraph) => `${paragraph.reference} ${paragraph.text}`),
    [
      'PP1 Recalling its resolution 1,',
      'PP2 Noting the report,',
      'OP1 Decides to strengthen truereal cooperation;',
      'OP2 Requests a report on progress;',
      'OP3 Urges cooperation;',
      'OP4 Decides to remain seized.',
    ],
  );
  assert.deepEqual(
    result.removed.map((paragraph) => `${paragraph.reference} ${paragraph.text}`),
    ['OP3 Invites all States to participate;'],
  );
  assert.deepEqual(result.ignored, []);
});

test('choosing none gives the original text (the final draft)', () => {
  const { doc } = negotiated();
  const result = whatIf(doc, []);
  assert.deepEqual(result.document, finalDraft(doc).document);
  assert.deepEqual(result.conflicts, []);
  assert.ok(result.paragraphs.every((paragraph) => !paragraph.changed));
  assert.deepEqual(result.removed, []);
});

test('a subset: an accepted new paragraph is numbered, the ones after it renumbered, the rest as it was', () => {
  const { doc, amendments } = negotiated();
  const chosen = idsOf(amendments, 'FRA replacement OP1', 'CHN newParagraph OP2 bis');
  const result = whatIf(doc, chosen);
  assert.deepEqual(result.applied, chosen);
  assert.deepEqual(result.conflicts, []);
  assert.deepEqual(
    result.paragraphs.map(
      (paragraph) =>
        `${paragraph.label || '-'} ${paragraph.reference} (was ${paragraph.was ?? 'new'})${paragraph.changed ? ' changed' : ''}: ${paragraph.text}`,
    ),
    [
      '- PP1 (was PP1): Recalling its resolution 1,',
      '- PP2 (was PP2): Noting the report,',
      '1. OP1 (was OP1) changed: Decides to strengthen real cooperation;',
      '2. OP2 (was OP2): Requests a report on progress;',
      '3. OP3 (was new) changed: Urges cooperation;',
      '4. OP4 (was OP3): Invites all States to participate;',
      '5. OP5 (was OP4): Decides to remain seized.',
    ],
  );
});

test('conflicts: two replacements of one passage; a paragraph deleted that another amends', () => {
  const { doc, amendments } = negotiated();
  const replacements = idsOf(amendments, 'FRA replacement OP1', 'USA replacement OP1');
  const overlap = whatIf(doc, replacements);
  assert.equal(overlap.conflicts.length, 1);
  assert.deepEqual([...overlap.conflicts[0]!.ids].sort(), [...replacements].sort());
  assert.deepEqual(overlap.conflicts[0]!.references, ['OP1']);
  assert.match(overlap.conflicts[0]!.reason, /FRA and USA both replace “genuine” in OP1/);

  const deletion = idsOf(amendments, 'CHN paragraphDeletion OP3', 'FRA replacement OP3');
  const deleted = whatIf(doc, deletion);
  assert.equal(deleted.conflicts.length, 1);
  assert.deepEqual([...deleted.conflicts[0]!.ids].sort(), [...deletion].sort());
  assert.deepEqual(deleted.conflicts[0]!.references, ['OP3']);
  assert.match(deleted.conflicts[0]!.reason, /CHN deletes OP3, which FRA amends/);
  assert.ok(!deleted.paragraphs.some((paragraph) => paragraph.text.includes('Invites')));

  // One of each pair alone: no conflict.
  for (const key of ['FRA replacement OP1', 'CHN paragraphDeletion OP3', 'USA move OP4']) {
    assert.deepEqual(whatIf(doc, idsOf(amendments, key)).conflicts, [], key);
  }
});

test('a paragraph deleted by one and moved by another is a conflict: accepted together, it is moved', () => {
  // Made at the same time (the editor refuses the second on one copy). The panel shows a
  // paragraph's removal by the first proposal by id: here the deletion, so both are listed.
  const doc = baseDraft(BODY);
  const [, , , , op3, op4] = paragraphIds(draftBodyState(doc).doc);
  const made = (id: string, author: typeof CHN) => {
    amendmentsMap(doc).set(id, newAmendmentMeta(author, PROPOSED_AT, [op4!]));
    return id;
  };
  const deletion = made('10000000-0000-4000-8000-000000000001', CHN);
  const move = made('20000000-0000-4000-8000-000000000002', USA);
  addParagraphsProposal(doc, {
    id: deletion,
    amendment: deletion,
    delegation: 'CHN',
    kind: 'deleteParagraphs',
    removes: [op4!],
    after: op3!,
    container: 'operativePart',
    rank: rankBetween(null, null),
    paragraphs: [],
  });
  addParagraphsProposal(doc, {
    id: move,
    amendment: move,
    delegation: 'USA',
    kind: 'moveParagraphs',
    removes: [op4!],
    after: paragraphIds(draftBodyState(doc).doc)[3]!,
    container: 'operativePart',
    rank: rankBetween(null, null),
    paragraphs: [
      {
        paragraphId: '30000000-0000-4000-8000-000000000003',
        type: 'operativeParagraph',
        content: [{ insert: 'Decides to remain seized.' }],
      },
    ],
  });
  const ids = collectAmendments(draftBodyState(doc).doc).map((amendment) => amendment.suggestionId);
  assert.deepEqual(ids.sort(), [deletion, move]);
  const result = whatIf(doc, ids);
  assert.equal(result.conflicts.length, 1);
  assert.match(result.conflicts[0]!.reason, /CHN deletes OP4 and USA moves it/);
  assert.deepEqual(
    result.paragraphs.slice(2).map((paragraph) => `${paragraph.reference} ${paragraph.text}`),
    [
      'OP1 Decides to strengthen genuine cooperation;',
      'OP2 Requests a report on progress;',
      'OP3 Decides to remain seized.',
      'OP4 Invites all States to participate;',
    ],
  );
});

test('looking changes nothing: the draft’s state vector and contents are as they were', () => {
  const { doc, amendments } = negotiated();
  const vector = Y.encodeStateVector(doc);
  const state = Y.encodeStateAsUpdate(doc);
  whatIf(
    doc,
    [...amendments.values()].map((amendment) => amendment.suggestionId),
  );
  whatIf(doc, idsOf(amendments, 'CHN paragraphDeletion OP3'));
  assert.deepEqual(Y.encodeStateVector(doc), vector);
  assert.deepEqual(Y.encodeStateAsUpdate(doc), state);
  assert.equal(collectAmendments(draftBodyState(doc).doc).length, amendments.size);
});

test('decided and unknown ids are left out and named; the result exports like any final draft', async () => {
  const { doc, amendments } = negotiated();
  const [decided] = idsOf(amendments, 'USA move OP4');
  applyDecision(doc, { action: 'reject', ids: [decided!] }, FACILITATOR);
  const unknown = '00000000-0000-4000-8000-000000000000';
  const chosen = idsOf(amendments, 'CHN newParagraph OP2 bis');
  const result = whatIf(doc, [decided!, ...chosen, unknown]);
  assert.deepEqual(result.applied, chosen);
  assert.deepEqual(result.ignored, [decided, unknown]);
  const markdown = new TextDecoder().decode(
    await renderExport(findExportFormat('md')!, result.document),
  );
  assert.match(markdown, /3\. Urges cooperation;/);
  assert.match(markdown, /4\. Invites all States to participate;/);
});

test('the audit record says in a sentence what was exported', () => {
  const { doc, amendments } = negotiated();
  const chosen = idsOf(amendments, 'FRA replacement OP1', 'USA replacement OP1');
  assert.equal(
    whatIfExportSummary(whatIf(doc, chosen), 'CUB', 'Word (DOCX)'),
    'CUB exported the text as if 2 amendments were accepted (FRA OP1; USA OP1) as Word (DOCX); one conflict among them. Nothing was decided.',
  );
  assert.equal(
    whatIfExportSummary(whatIf(doc, []), 'FRA', 'Markdown'),
    'FRA exported the text as if no pending amendment were accepted as Markdown. Nothing was decided.',
  );
});

test('conflicts: words added at one place by two delegations; a sub-amendment without the proposal it amends', () => {
  const doc = baseDraft(BODY);
  const fra = boundEditor(doc, FRA);
  selectText(fra.editor, 'genuine cooperation');
  type(fra.editor, 'real cooperation');
  const usa = boundEditor(doc, USA);
  caretAt(usa.editor, 'real', 'after');
  type(usa.editor, ' and sincere');
  const chn = boundEditor(doc, CHN);
  caretAt(chn.editor, 'genuine', 'after');
  type(chn.editor, ' and fair');
  for (const bound of [fra, usa, chn]) {
    assert.deepEqual(bound.refusals, []);
    bound.editor.destroy();
  }
  const pending = collectAmendments(draftBodyState(doc).doc);
  const of = (delegation: string) =>
    pending.find((amendment) => amendment.delegation === delegation)!.suggestionId;

  const sub = whatIf(doc, [of('USA')]);
  assert.deepEqual(
    sub.conflicts.map((conflict) => conflict.reason),
    [
      'USA amends FRA’s proposed words in OP1, which are not among those chosen: it changes nothing unless FRA’s amendment is accepted too.',
    ],
  );
  assert.deepEqual(sub.conflicts[0]!.ids, [of('USA'), of('FRA')]);
  assert.equal(sub.paragraphs[2]!.text, 'Decides to strengthen genuine cooperation;');
  assert.deepEqual(whatIf(doc, [of('USA'), of('FRA')]).conflicts, []);

  const place = whatIf(doc, [of('FRA'), of('CHN')]);
  assert.equal(place.conflicts.length, 1);
  assert.match(
    place.conflicts[0]!.reason,
    /^FRA and CHN both add words at one place in OP1 \(after “genuine cooperation”\): with both accepted they stand side by side, CHN’s before FRA’s\.$/,
  );
  assert.equal(place.paragraphs[2]!.text, 'Decides to strengthen  and fairreal cooperation;');
});
