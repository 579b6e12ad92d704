import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import type { DraftStore } from '../db/draft-store';
import { draftBodyState } from '../drafts/draft-body';
import { readYBody } from '../schema/read-yjs';
import { forEachParagraph } from '../schema/paragraph-ids';
import {
  amend,
  type Amendment,
  deleteParagraph,
  draftDoc,
  imported,
  insertAfter,
  moveUp,
  newParagraphAfter,
  replace,
} from '../testing/amended-draft';
import { CHN, FRA, textPos, USA } from '../testing/amendment-editors';
import type { AmendmentAuthor } from './model';
import { renderMarkup } from '../testing/proposal-drafts';
import { acceptProposals } from './accept-proposals';
import { seedDemoAmendments } from './demo-amendments';
import { materialiseDraft } from './materialise';
import { hasOldMarks, migrateMarksToProposals, type MigrationReport } from './migrate-marks';
import {
  amendmentsMap,
  DELETION_MARK,
  INSERTION_MARK,
  inlineVisibleIn,
  paragraphSuggestion,
  paragraphVisibleIn,
} from './model';
import { readProposals } from './proposals';
import { suggestTransaction } from './suggest';

/**
 * The migration of drafts whose amendments are marks in the shared text to
 * agreed text + proposal objects (issue 19): the marked-up text derived
 * afterwards is the one stored before, the agreed text is the "original"
 * view, accepting everything gives the "as if all accepted" view, and a
 * second run writes nothing.
 */

const FIXTURE = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';

/** Strikes `text`, found across a paragraph's runs (marked or not). */
const strike = (author: AmendmentAuthor, text: string): Amendment => ({
  author,
  make: (state) => {
    const from = textPos(state.doc, text);
    return suggestTransaction(state, state.tr.delete(from, from + text.length), author);
  },
});

/** Inserts `text` right after `before`, found across a paragraph's runs. */
const insertAt = (author: AmendmentAuthor, before: string, text: string): Amendment => ({
  author,
  make: (state) => {
    const at = textPos(state.doc, before) + before.length;
    return suggestTransaction(state, state.tr.insertText(text, at), author);
  },
});

/** A paragraph's inline content as runs of equal marks (mark order within a run ignored). */
function runs(paragraph: ProseMirrorNode): { text: string; marks: string[] }[] {
  const list: { text: string; marks: string[] }[] = [];
  paragraph.forEach((child) => {
    const text = child.isText ? (child.text ?? '') : `^[${child.textContent}]`;
    const marks = child.marks.map((mark) => JSON.stringify(mark.toJSON())).sort();
    const last = list.at(-1);
    if (child.isText && last && !last.text.endsWith(']') && last.marks.join() === marks.join()) {
      last.text += text;
    } else list.push({ text, marks });
  });
  return list;
}

/** Every paragraph with its type, attributes and runs: equal for equal marked-up documents. */
function canonical(doc: ProseMirrorNode): unknown[] {
  const paragraphs: unknown[] = [];
  doc.forEach((part) => {
    part.forEach((paragraph) => {
      paragraphs.push({
        container: part.type.name,
        type: paragraph.type.name,
        attrs: paragraph.attrs,
        runs: runs(paragraph),
      });
    });
  });
  return paragraphs;
}

/** The old code's "original" / "accepted" view of a marked-up document, marks and attributes cleared. */
function view(doc: ProseMirrorNode, which: 'original' | 'accepted'): ProseMirrorNode {
  const parts: ProseMirrorNode[] = [];
  doc.forEach((part) => {
    const children: ProseMirrorNode[] = [];
    part.forEach((paragraph) => {
      if (!paragraphVisibleIn(paragraph, which)) return;
      const inline: ProseMirrorNode[] = [];
      paragraph.forEach((child) => {
        if (!inlineVisibleIn(child, which)) return;
        inline.push(
          child.mark(
            child.marks.filter(
              (mark) => mark.type.name !== INSERTION_MARK && mark.type.name !== DELETION_MARK,
            ),
          ),
        );
      });
      children.push(paragraph.type.create({ ...paragraph.attrs, suggestion: null }, inline));
    });
    parts.push(part.type.create(part.attrs, children));
  });
  return doc.type.create(doc.attrs, parts);
}

/** Each paragraph's text (footnotes as `^[…]`), in order. */
function texts(doc: ProseMirrorNode): string[] {
  const lines: string[] = [];
  forEachParagraph(doc, (paragraph) => {
    lines.push(
      runs(paragraph)
        .map((run) => run.text)
        .join(''),
    );
  });
  return lines;
}

function body(doc: Y.Doc): ProseMirrorNode {
  return readYBody(doc.getXmlFragment(BODY_FIELD));
}

function records(doc: Y.Doc): string {
  return JSON.stringify(amendmentsMap(doc).toJSON());
}

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** Ids used by marks and paragraph attributes of a marked-up document. */
function amendmentIds(doc: ProseMirrorNode): string[] {
  const ids = new Set<string>();
  doc.descendants((node) => {
    const suggestion = paragraphSuggestion(node);
    if (suggestion) ids.add(suggestion.suggestionId);
    for (const mark of node.marks) {
      if (mark.type.name === INSERTION_MARK || mark.type.name === DELETION_MARK) {
        ids.add(String(mark.attrs.suggestionId));
      }
    }
    return true;
  });
  return [...ids].sort();
}

/**
 * Migrates `doc` and checks everything the migration promises; returns the
 * report and the marked-up text before, rendered.
 */
function migrateAndCheck(doc: Y.Doc): { report: MigrationReport; markup: string[] } {
  const old = draftBodyState(doc).doc;
  const ids = amendmentIds(old);
  assert.ok(ids.length > 0, 'the draft holds amendments');
  assert.ok(hasOldMarks(doc));
  const recordsBefore = records(doc);
  const replica = copyOf(doc);

  const updates: Uint8Array[] = [];
  const listen = (update: Uint8Array) => updates.push(update);
  doc.on('update', listen);
  const report = migrateMarksToProposals(doc);
  doc.off('update', listen);

  assert.equal(updates.length, 1, 'one transaction');
  assert.equal(report.migrated, true);
  assert.deepEqual(report.skipped, []);
  assert.deepEqual(report.warnings, []);
  assert.deepEqual(report.amendments, ids, 'every amendment converted');
  assert.equal(hasOldMarks(doc), false);

  assert.deepEqual(
    canonical(materialiseDraft(doc).doc),
    canonical(old),
    'the derived marked-up text is the one stored before',
  );
  assert.deepEqual(canonical(body(doc)), canonical(view(old, 'original')), 'base = original');
  assert.equal(records(doc), recordsBefore, 'records unchanged');

  // Nothing more to do: a second run writes nothing.
  doc.on('update', listen);
  const again = migrateMarksToProposals(doc);
  doc.off('update', listen);
  assert.equal(updates.length, 1, 'no update from a second run');
  assert.equal(again.migrated, false);

  // A replica that receives the migration, and a fresh copy, show the same.
  for (const update of updates) Y.applyUpdate(replica, update);
  assert.deepEqual(canonical(materialiseDraft(replica).doc), canonical(old));
  assert.deepEqual(canonical(materialiseDraft(copyOf(doc)).doc), canonical(old));

  // Accepting everything gives the old "as if all accepted" view.
  const accepting = copyOf(doc);
  accepting.transact(() => acceptProposals(accepting, new Set(report.amendments)));
  assert.deepEqual(texts(body(accepting)), texts(view(old, 'accepted')), 'accept all');

  return { report, markup: renderMarkup(old) };
}

test('amendments of three delegations: text, new, deleted and moved paragraphs', () => {
  const doc = draftDoc(imported(FIXTURE));
  amend(doc, [
    replace(FRA, 'equality and equity', 'equality, equity and solidarity'),
    insertAfter(CHN, 'resolving human rights issues', ' firmly'),
    newParagraphAfter(USA, 'on the full enjoyment of human rights;', 'Calls upon States to act;'),
    deleteParagraph(FRA, 'all Member States and the United Nations system to explore'),
    moveUp(CHN, 'should make an effective and practical contribution'),
    replace(USA, ', including the Human Rights Council', ''),
  ]);
  const { report, markup } = migrateAndCheck(doc);
  assert.equal(report.textProposals, 3);
  assert.equal(report.newParagraphs, 1);
  assert.equal(report.deleteParagraphs, 1);
  assert.equal(report.moveParagraphs, 1);
  assert.ok(markup.some((line) => line.startsWith('[moveTo CHN]')));
  assert.ok(markup.some((line) => line.includes('{+equality, equity and solidarity+FRA}')));
});

test('overlapping deletions of two delegations, insertions at one point in their order', () => {
  const doc = draftDoc(imported(FIXTURE));
  amend(doc, [
    strike(FRA, 'justice, equality and equity'),
    strike(CHN, 'equity, human dignity'),
    insertAt(USA, 'resolving human rights issues', ' first'),
    insertAt(FRA, 'resolving human rights issues first', ' second'),
    insertAt(CHN, 'resolving human rights issues', ' zeroth'),
  ]);
  const { markup } = migrateAndCheck(doc);
  const urges = markup.find((line) => line.includes('justice')) ?? '';
  assert.ok(
    urges.includes('{-justice, equality and -FRA}{-equity-CHN,FRA}{-, human dignity-CHN}'),
    urges,
  );
  const emphasizes = markup.find((line) => line.includes('resolving human rights issues')) ?? '';
  assert.ok(
    emphasizes.includes(
      'resolving human rights issues{+ zeroth+CHN}{+ first+USA}{+ second+FRA} in',
    ),
    emphasizes,
  );
});

test('a paragraph split in suggesting mode: its tail struck and a new paragraph, one amendment', () => {
  const doc = draftDoc(imported(FIXTURE));
  amend(doc, [
    newParagraphAfter(FRA, 'resolving human rights issues', 'Also '),
    insertAfter(CHN, 'equality and equity', ' for all'),
  ]);
  const { report, markup } = migrateAndCheck(doc);
  assert.ok(markup.some((line) => line.startsWith('[insert FRA]')));
  assert.ok(report.textProposals >= 2);
  const fra = readProposals(doc).filter((proposal) => proposal.delegation === 'FRA');
  assert.equal(new Set(fra.map((proposal) => proposal.amendment)).size, 1, 'one amendment');
  assert.deepEqual(fra.map((proposal) => proposal.kind).sort(), ['newParagraphs', 'text']);
});

test("the demo's amendments", async () => {
  const doc = draftDoc(imported(FIXTURE));
  const initial = Y.encodeStateAsUpdate(doc);
  const appended: Uint8Array[] = [];
  const store = {
    loadDraftState: () => Promise.resolve({ snapshot: { uptoSeq: 1, data: initial }, updates: [] }),
    clientOwners: () => Promise.resolve(new Map<number, string>()),
    appendUpdates: (_id: string, updates: readonly Uint8Array[]) => {
      appended.push(...updates);
      return Promise.resolve(2);
    },
  } as unknown as DraftStore;
  const count = await seedDemoAmendments(
    store,
    'demo',
    new Map(),
    new Date('2026-11-20T10:00:00Z'),
  );
  assert.equal(count, 5);
  for (const update of appended) Y.applyUpdate(doc, update);
  const { report } = migrateAndCheck(doc);
  assert.equal(report.amendments.length, 5);
  assert.equal(report.moveParagraphs, 1);
  assert.equal(report.newParagraphs, 1);
});

test('a draft without old marks is left untouched', () => {
  const doc = draftDoc(imported(FIXTURE));
  assert.equal(hasOldMarks(doc), false);
  let updates = 0;
  doc.on('update', () => updates++);
  const report = migrateMarksToProposals(doc);
  assert.equal(updates, 0);
  assert.equal(report.migrated, false);
  assert.equal(readProposals(doc).length, 0);
});

test('a strike of another delegation’s insertion becomes a sub-amendment of its proposal', () => {
  const doc = draftDoc(imported(FIXTURE));
  amend(doc, [
    insertAfter(FRA, 'resolving human rights issues', ' firmly and'),
    strike(CHN, 'issues firmly'),
  ]);
  const line = (lines: string[]) => lines.find((text) => text.includes('firmly'));
  assert.match(
    line(renderMarkup(draftBodyState(doc).doc)) ?? '',
    /\{-issues-CHN\}\{-\{\+ firmly\+FRA\}-CHN\}\{\+ and\+FRA\}/,
  );
  const { report } = migrateAndCheck(doc);
  assert.equal(report.amendments.length, 2);
  const chn = readProposals(doc).filter((proposal) => proposal.delegation === 'CHN');
  assert.deepEqual(
    chn.map((proposal) => (proposal.kind === 'text' ? proposal.parent !== null : null)).sort(),
    [false, true],
    'one strike of the agreed text, one of FRA’s words',
  );
});

test('an amendment after a footnote', () => {
  const doc = draftDoc(imported(FIXTURE));
  amend(doc, [replace(FRA, 'genuine cooperation', 'real cooperation')]);
  migrateAndCheck(doc);
});

test('a text amendment inside a moved paragraph stays on the paragraph moved away (warned)', () => {
  const doc = draftDoc(imported(FIXTURE));
  amend(doc, [replace(FRA, 'effective and practical', 'practical'), moveUp(CHN, 'should make an')]);
  const old = draftBodyState(doc).doc;
  const report = migrateMarksToProposals(doc);
  assert.deepEqual(report.skipped, []);
  assert.equal(report.warnings.length, 1);
  assert.match(report.warnings[0]?.reason ?? '', /shown on the paragraph moved away/);
  assert.equal(report.moveParagraphs, 1);
  assert.equal(report.textProposals, 1);
  assert.deepEqual(canonical(body(doc)), canonical(view(old, 'original')), 'base = original');
  const before = renderMarkup(old);
  const after = renderMarkup(materialiseDraft(doc).doc);
  const copy = before.findIndex((line) => line.startsWith('[moveTo CHN]'));
  assert.ok(copy >= 0);
  assert.deepEqual(
    after.filter((_, i) => i !== copy),
    before.filter((_, i) => i !== copy),
  );
  assert.equal(
    after[copy],
    '[moveTo CHN] *Considers* that international cooperation in the field of human rights, in conformity with the purposes and principles set out in the Charter and international law, should make an effective and practical contribution to the urgent task of preventing violations of human rights and fundamental freedoms;',
  );
  // Accepting both: the moved paragraph takes the words accepted into it.
  const ids = new Set([...amendmentsMap(doc).keys()]);
  doc.transact(() => acceptProposals(doc, ids));
  const moved = renderMarkup(body(doc)).find((line) => line.includes('should make an'));
  assert.match(moved ?? '', /should make an practical contribution/);
});
