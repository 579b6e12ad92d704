import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JSONContent } from '@tiptap/core';
import { importResolutionMarkdown } from '../import/resolution-markdown';
import { newId } from '../schema/new-id';
import { isFootnoteRun, type InlineRun } from '../schema/resolution-document';
import { resolutionJSON } from '../schema/resolution-json';
import { markdownFixtures, markup, readFixture } from '../testing/fixtures';
import {
  compareRevisions,
  longestIncreasing,
  newerRuns,
  olderRuns,
  wordDiff,
  type ParagraphComparison,
  type RevisionComparison,
} from './compare';
import type { RevisionContent } from './revision';

const NATURAL_FIBRES = 'A_RES_78_169.md';
const DRAFT = 'draft_A_C.3_77_L_enhancement_of_international_cooperation.md';

/** A fixture as a zero draft: imported, each paragraph with its id. */
function zeroDraft(fixture: string): RevisionContent {
  const { document } = importResolutionMarkdown(readFixture(fixture));
  return { header: document.header, body: resolutionJSON(document.body) };
}

interface Parts {
  preamble: JSONContent[];
  operative: JSONContent[];
}

/** A copy of `content` changed by `change`, which edits the paragraphs of each part in place. */
function revised(content: RevisionContent, change: (parts: Parts) => void): RevisionContent {
  const copy = structuredClone(content);
  const [preamble, operative] = copy.body.content ?? [];
  assert.ok(preamble?.content && operative?.content);
  change({ preamble: preamble.content, operative: operative.content });
  return copy;
}

function plainText(node: JSONContent): string {
  return (node.content ?? [])
    .map((child) => (child.type === 'text' ? (child.text ?? '') : ''))
    .join('');
}

/** The index of the paragraph whose text holds `text`. */
function at(list: readonly JSONContent[], text: string): number {
  const index = list.findIndex((node) => plainText(node).includes(text));
  assert.ok(index >= 0, `a paragraph holds "${text}"`);
  return index;
}

/** An operative paragraph and its sub-paragraphs, taken out of `operative`. */
function takeBlock(operative: JSONContent[], text: string): JSONContent[] {
  const start = at(operative, text);
  let end = start + 1;
  while (operative[end]?.type === 'subParagraph') end++;
  return operative.splice(start, end - start);
}

/** Replaces `from` with `to` in the paragraph's text runs. */
function replaceWords(node: JSONContent | undefined, from: string, to: string): void {
  const run = node?.content?.find((child) => child.type === 'text' && child.text?.includes(from));
  assert.ok(run?.text, `"${from}" is in the paragraph`);
  run.text = run.text.replace(from, to);
}

function paragraph(type: string, text: string): JSONContent {
  return { type, attrs: { paragraphId: newId() }, content: [{ type: 'text', text }] };
}

function byOlder(comparison: RevisionComparison, reference: string): ParagraphComparison {
  const found = comparison.paragraphs.find((p) => p.older?.reference === reference);
  assert.ok(found, `${reference} is in the older revision`);
  return found;
}

function byNewer(comparison: RevisionComparison, reference: string): ParagraphComparison {
  const found = comparison.paragraphs.find((p) => p.newer?.reference === reference);
  assert.ok(found, `${reference} is in the newer revision`);
  return found;
}

/** "OP5 → OP4 renumbered" */
function line(p: ParagraphComparison): string {
  return `${p.older?.reference ?? '-'} → ${p.newer?.reference ?? '-'} ${p.change}`;
}

function text(runs: readonly InlineRun[]): string {
  return markup(runs);
}

test('a revision compared with itself is unchanged throughout', () => {
  for (const fixture of markdownFixtures()) {
    const zero = zeroDraft(fixture);
    const comparison = compareRevisions(zero, structuredClone(zero));
    assert.ok(comparison.paragraphs.length > 0);
    assert.ok(
      comparison.paragraphs.every((p) => p.change === 'unchanged'),
      fixture,
    );
    assert.deepEqual(comparison.header, []);
    assert.equal(comparison.summary.unchanged, comparison.paragraphs.length);
  }
});

test('an OP inserted early renumbers every OP after it, none of them changed or moved', () => {
  const zero = zeroDraft(NATURAL_FIBRES);
  const rev1 = revised(zero, ({ operative }) => {
    operative.splice(1, 0, paragraph('operativeParagraph', 'Welcomes the report;'));
  });
  const comparison = compareRevisions(zero, rev1);
  assert.equal(line(byNewer(comparison, 'OP1')), 'OP1 → OP1 unchanged');
  assert.equal(line(byNewer(comparison, 'OP2')), '- → OP2 added');
  assert.deepEqual(byNewer(comparison, 'OP2').segments, [
    { change: 'inserted', runs: [{ text: 'Welcomes the report;' }] },
  ]);
  assert.equal(line(byOlder(comparison, 'OP2')), 'OP2 → OP3 renumbered');
  assert.equal(line(byOlder(comparison, 'OP5 (j)')), 'OP5 (j) → OP6 (j) renumbered');
  assert.equal(line(byOlder(comparison, 'OP11')), 'OP11 → OP12 renumbered');
  const { summary } = comparison;
  assert.equal(summary.added, 1);
  assert.equal(summary.changed + summary.moved + summary.deleted, 0);
  // OP2…OP11 and OP5's ten sub-paragraphs.
  assert.equal(summary.renumbered, 20);
  assert.equal(summary.unchanged, 24 + 1);
  // In the newer order.
  assert.deepEqual(
    comparison.paragraphs.slice(24, 27).map((p) => p.newer?.reference),
    ['OP1', 'OP2', 'OP3'],
  );
});

test('a moved OP is moved (with its sub-paragraphs); the OPs it passed are only renumbered', () => {
  const zero = zeroDraft(NATURAL_FIBRES);
  const rev1 = revised(zero, ({ operative }) => {
    const block = takeBlock(operative, 'Encourages Member States');
    operative.splice(at(operative, 'Invites the Food and Agriculture') + 1, 0, ...block);
  });
  const comparison = compareRevisions(zero, rev1);
  assert.equal(line(byOlder(comparison, 'OP5')), 'OP5 → OP7 moved');
  assert.equal(byOlder(comparison, 'OP5').textChanged, false);
  const sub = byOlder(comparison, 'OP5 (c)');
  assert.equal(line(sub), 'OP5 (c) → OP7 (c) moved');
  assert.equal(sub.movedWith, byOlder(comparison, 'OP5').paragraphId);
  assert.equal(line(byOlder(comparison, 'OP6')), 'OP6 → OP5 renumbered');
  assert.equal(line(byOlder(comparison, 'OP7')), 'OP7 → OP6 renumbered');
  assert.equal(line(byOlder(comparison, 'OP4')), 'OP4 → OP4 unchanged');
  assert.equal(comparison.summary.moved, 11);
  assert.equal(comparison.summary.renumbered, 2);

  // Moving OP2 below OP4 moves OP2 alone: OP3 and OP4 shift up without moving.
  const rev2 = revised(zero, ({ operative }) => {
    const [op2] = operative.splice(at(operative, 'importance of unlocking'), 1);
    assert.ok(op2);
    operative.splice(at(operative, 'Stresses that') + 1, 0, op2);
  });
  const second = compareRevisions(zero, rev2);
  assert.deepEqual(second.paragraphs.filter((p) => p.change !== 'unchanged').map(line), [
    'OP3 → OP2 renumbered',
    'OP4 → OP3 renumbered',
    'OP2 → OP4 moved',
  ]);
});

test('a moved and changed paragraph is moved, with its word diff', () => {
  const zero = zeroDraft(NATURAL_FIBRES);
  const rev1 = revised(zero, ({ operative }) => {
    const [op11] = operative.splice(at(operative, 'Requests the Secretary-General'), 1);
    replaceWords(op11, 'eightieth session, and', 'eighty-first session, and');
    assert.ok(op11);
    operative.unshift(op11);
  });
  const comparison = compareRevisions(zero, rev1);
  const moved = byOlder(comparison, 'OP11');
  assert.equal(line(moved), 'OP11 → OP1 moved');
  assert.equal(moved.textChanged, true);
  assert.equal(comparison.summary.movedAndChanged, 1);
  const changes = moved.segments.filter((part) => part.change !== 'equal');
  assert.deepEqual(changes, [
    { change: 'deleted', runs: [{ text: 'eightieth' }] },
    { change: 'inserted', runs: [{ text: 'eighty-first' }] },
  ]);
  assert.equal(line(byOlder(comparison, 'OP1')), 'OP1 → OP2 renumbered');
});

test('deleted paragraphs stand where they stood in the older revision', () => {
  const zero = zeroDraft(NATURAL_FIBRES);
  const rev1 = revised(zero, ({ preamble, operative }) => {
    preamble.splice(2, 1);
    operative.splice(at(operative, 'Recalls that the natural fibre industry'), 1);
    // A sub-paragraph deleted too: (b) of OP5.
    operative.splice(at(operative, 'To promote and support the full and effective'), 1);
  });
  const comparison = compareRevisions(zero, rev1);
  const references = comparison.paragraphs.map((p) => p.older?.reference ?? p.newer?.reference);
  assert.deepEqual(references.slice(0, 4), ['PP1', 'PP2', 'PP3', 'PP4']);
  assert.equal(line(comparison.paragraphs[2] as ParagraphComparison), 'PP3 → - deleted');
  assert.equal(line(byOlder(comparison, 'PP4')), 'PP4 → PP3 renumbered');
  const op6 = comparison.paragraphs.findIndex((p) => p.older?.reference === 'OP6');
  assert.equal(line(comparison.paragraphs[op6] as ParagraphComparison), 'OP6 → - deleted');
  assert.equal(comparison.paragraphs[op6 - 1]?.older?.reference, 'OP5 (j)');
  assert.equal(line(comparison.paragraphs[op6 + 1] as ParagraphComparison), 'OP7 → OP6 renumbered');
  assert.equal(line(byOlder(comparison, 'OP5 (b)')), 'OP5 (b) → - deleted');
  assert.equal(line(byOlder(comparison, 'OP5 (c)')), 'OP5 (c) → OP5 (b) renumbered');
  assert.match(text(byOlder(comparison, 'OP5 (b)').segments[0]?.runs ?? []), /^To promote/);
  assert.equal(comparison.summary.deleted, 3);
  assert.equal(comparison.summary.moved, 0);
});

test('sub-paragraphs: moved within their OP, moved to another OP, indented', () => {
  const zero = zeroDraft(NATURAL_FIBRES);
  const rev1 = revised(zero, ({ operative }) => {
    // (c) of OP5 after (e).
    const [c] = operative.splice(at(operative, 'To promote and support measures'), 1);
    assert.ok(c);
    operative.splice(at(operative, 'To develop and implement policies') + 1, 0, c);
    // (b) of OP5 under OP3, its only sub-paragraph.
    const [b] = operative.splice(at(operative, 'To promote and support the full'), 1);
    assert.ok(b);
    operative.splice(at(operative, 'Recognizes that the production') + 1, 0, b);
    // (h) indented under (g): a new number, the same place.
    const h = operative[at(operative, 'To share information and best practices')];
    assert.ok(h?.attrs);
    h.attrs.level = 2;
  });
  const comparison = compareRevisions(zero, rev1);
  assert.deepEqual(comparison.paragraphs.filter((p) => p.change !== 'unchanged').map(line), [
    'OP5 (b) → OP3 (a) moved',
    'OP5 (d) → OP5 (b) renumbered',
    'OP5 (e) → OP5 (c) renumbered',
    'OP5 (c) → OP5 (d) moved',
    'OP5 (f) → OP5 (e) renumbered',
    'OP5 (g) → OP5 (f) renumbered',
    'OP5 (h) → OP5 (f) (i) renumbered',
    'OP5 (i) → OP5 (g) renumbered',
    'OP5 (j) → OP5 (h) renumbered',
  ]);
  assert.equal(byOlder(comparison, 'OP5 (c)').movedWith, undefined);

  // Second level: (iii) of A/RES/76/109 OP3 (a) after (v).
  const elections = zeroDraft('A_RES_76_109.md');
  const rev2 = revised(elections, ({ operative }) => {
    const [iii] = operative.splice(at(operative, 'Two from Eastern European'), 1);
    assert.ok(iii);
    operative.splice(at(operative, 'Two from Western European') + 1, 0, iii);
  });
  assert.deepEqual(
    compareRevisions(elections, rev2)
      .paragraphs.filter((p) => p.change !== 'unchanged')
      .map(line),
    [
      'OP3 (a) (iv) → OP3 (a) (iii) renumbered',
      'OP3 (a) (v) → OP3 (a) (iv) renumbered',
      'OP3 (a) (iii) → OP3 (a) (v) moved',
    ],
  );
});

test('a changed footnote is a change of its paragraph, shown as the footnote text', () => {
  const zero = zeroDraft(NATURAL_FIBRES);
  const rev1 = revised(zero, ({ operative }) => {
    const op4 = operative[at(operative, 'Stresses that')];
    const footnote = op4?.content?.find((child) => child.type === 'footnote');
    const run = footnote?.content?.[0];
    assert.ok(run?.text);
    run.text = run.text.replace('decision X/2', 'decision X/3');
  });
  const comparison = compareRevisions(zero, rev1);
  const op4 = byOlder(comparison, 'OP4');
  assert.equal(line(op4), 'OP4 → OP4 changed');
  const changes = op4.segments.filter((part) => part.change !== 'equal');
  assert.deepEqual(
    changes.map((part) => `${part.change} ${text(part.runs)}`),
    [
      'deleted ^[See United Nations Environment Programme, document UNEP/CBD/COP/10/27, annex, decision X/2.]',
      'inserted ^[See United Nations Environment Programme, document UNEP/CBD/COP/10/27, annex, decision X/3.]',
    ],
  );
  assert.equal(comparison.summary.changed, 1);
});

test('the word diff: words and punctuation, replacements whole, italics count', () => {
  const diff = (older: string, newer: string) =>
    wordDiff([{ text: older }], [{ text: newer }])
      .map((part) =>
        part.change === 'equal'
          ? text(part.runs)
          : `[${part.change === 'inserted' ? '+' : '-'}${text(part.runs)}]`,
      )
      .join('');
  assert.equal(
    diff('equity at the global level;', 'equity at the regional and global levels;'),
    'equity at the [+regional and ]global [-level][+levels];',
  );
  assert.equal(diff('the quick fox', 'a slow fox'), '[-the quick][+a slow] fox');
  assert.equal(diff('Decides;', 'Decides.'), 'Decides[-;][+.]');
  // An opening phrase no longer italic is a change.
  const italic = wordDiff(
    [{ text: 'Recalling', italic: true }, { text: ' its resolution' }],
    [{ text: 'Recalling its resolution' }],
  );
  assert.deepEqual(
    italic.map((part) => part.change),
    ['deleted', 'inserted', 'equal'],
  );
});

test('the older and newer texts come back from the diff, on every fixture', () => {
  for (const fixture of markdownFixtures()) {
    const zero = zeroDraft(fixture);
    const rev1 = revised(zero, ({ preamble, operative }) => {
      const last = preamble.pop();
      assert.ok(last);
      operative.splice(1, 0, paragraph('operativeParagraph', 'Decides to act;'));
      replaceWords(preamble[0], ' ', ' also ');
      const [first] = operative.splice(0, 1);
      assert.ok(first);
      operative.push(first);
    });
    const comparison = compareRevisions(zero, rev1);
    const plain = (runs: readonly InlineRun[]) =>
      runs.map((run) => (isFootnoteRun(run) ? `^${text(run.footnote)}` : run.text)).join('');
    const olderTexts = compareRevisions(zero, zero).paragraphs.map((p) => plain(olderRuns(p)));
    const newerTexts = compareRevisions(rev1, rev1).paragraphs.map((p) => plain(newerRuns(p)));
    const olderSide = comparison.paragraphs
      .filter((p) => p.older)
      .sort((a, b) => (a.older?.index ?? 0) - (b.older?.index ?? 0));
    assert.deepEqual(
      olderSide.map((p) => plain(olderRuns(p))),
      olderTexts,
      fixture,
    );
    const newerSide = comparison.paragraphs.filter((p) => p.newer);
    assert.deepEqual(
      newerSide.map((p) => plain(newerRuns(p))),
      newerTexts,
      fixture,
    );
    assert.deepEqual(
      newerSide.map((p) => p.newer?.index),
      newerSide.map((_, index) => index),
      `${fixture}: in the newer order`,
    );
    assert.equal(comparison.summary.added, 1, fixture);
    assert.equal(comparison.summary.deleted, 1, fixture);
    assert.equal(comparison.summary.moved >= 1, true, fixture);
  }
});

test('header changes are listed', () => {
  const zero = zeroDraft(DRAFT);
  const rev1 = structuredClone(zero);
  rev1.header.symbol = `${zero.header.symbol}/Rev.1`;
  rev1.header.sponsors = [...zero.header.sponsors, 'Belarus'];
  const comparison = compareRevisions(zero, rev1);
  assert.deepEqual(comparison.header, [
    { field: 'symbol', older: zero.header.symbol, newer: `${zero.header.symbol}/Rev.1` },
    {
      field: 'sponsors',
      older: zero.header.sponsors.join(', '),
      newer: [...zero.header.sponsors, 'Belarus'].join(', '),
    },
  ]);
  assert.equal(comparison.summary.header, 2);
});

test('longestIncreasing keeps the paragraphs in order', () => {
  assert.deepEqual([...longestIncreasing([0, 1, 3, 4, 2, 5])].sort(), [0, 1, 2, 3, 5]);
  assert.deepEqual([...longestIncreasing([0, 1, 4, 2, 3, 5])].sort(), [0, 1, 3, 4, 5]);
  assert.deepEqual([...longestIncreasing([])], []);
});
