import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import * as Y from 'yjs';
import { readHeader } from '../collab/draft-header';
import { BODY_FIELD } from '../collab/protocol';
import { draftBodyState } from '../drafts/draft-body';
import { resolutionBody } from '../export/final-draft';
import { labelParagraphs, type ParagraphLabel } from '../schema/numbering';
import {
  isFootnoteRun,
  type InlineRun,
  type ResolutionBody,
  type ResolutionDocument,
} from '../schema/resolution-document';
import { baseText, indexBaseParagraphs } from './base-text';
import { collectAmendments } from './collect';
import { applyDecision } from './decide-on-ydoc';
import {
  placeSubProposals,
  placeTextProposals,
  shownProposals,
  type PlacedText,
} from './materialise';
import { paragraphVisibleIn } from './model';
import { compareRank, isPending, readProposals, type TextProposal } from './proposals';

/**
 * The what-if view (issue 23): the text as if exactly the chosen pending
 * amendments were accepted and every other one rejected, numbered as it would
 * be, with the conflicts between the chosen ones. Looking decides nothing: the
 * decisions are made on a copy of the draft's Y.Doc, by the code that makes
 * the facilitator's (`applyDecision`), and the copy is thrown away.
 */

/** Two or more chosen amendments that do not go together well, and why. */
export interface WhatIfConflict {
  /** The amendments concerned (the chosen ones, then any they depend on). */
  ids: string[];
  /** A sentence: what each does and what accepting them together gives. */
  reason: string;
  /** Where, as the marked-up text numbers it (e.g. "OP3"). */
  references: string[];
}

/** One paragraph of the what-if text. */
export interface WhatIfParagraph {
  paragraphId: string | null;
  kind: ParagraphLabel['kind'];
  /** The label printed ("3.", "(a)", "II"; "" for a PP). */
  label: string;
  /** Its reference in the what-if text ("OP4"). */
  reference: string;
  /** Its reference in the original text (all pending amendments rejected); null: a new paragraph. */
  was: string | null;
  /** Whether its words differ from the original's. */
  changed: boolean;
  content: InlineRun[];
  /** Its words, footnotes left out. */
  text: string;
}

export interface WhatIf {
  /** The what-if text, ready for the exporters. */
  document: ResolutionDocument;
  paragraphs: WhatIfParagraph[];
  /** Paragraphs of the original that are not in the what-if text, by their original reference. */
  removed: { paragraphId: string; reference: string; text: string }[];
  conflicts: WhatIfConflict[];
  /** The chosen amendments applied (pending ones), in the order asked. */
  applied: string[];
  /** What each applied amendment is: its delegation, kind and where (marked-up references). */
  amendments: { id: string; delegation: string; kind: string; references: string[] }[];
  /** The chosen ids that are not pending amendments of the draft (decided, withdrawn, unknown). */
  ignored: string[];
}

/** Who "decides" on the copy: nobody; the records on the copy are thrown away. */
const LOOKER = { userId: '', name: 'what-if', delegation: '' };

/** A copy of a Y.Doc: what happens to it never reaches the original. */
function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

function plain(runs: readonly InlineRun[]): string {
  return runs.map((run) => (isFootnoteRun(run) ? '' : run.text)).join('');
}

/** The visible paragraphs of a body's document, with their labels and their content. */
function numbered(
  pmDoc: ProseMirrorNode,
  body: ResolutionBody,
): { label: ParagraphLabel; content: InlineRun[] }[] {
  const visible = labelParagraphs(pmDoc, 'original').filter((label) => {
    const node = pmDoc.nodeAt(label.pos);
    return node !== null && paragraphVisibleIn(node, 'original');
  });
  // `resolutionBody` lists the same paragraphs in the same order: preamble, then operative part.
  const contents = [...body.preamble, ...body.operative.map((block) => block.content)];
  return visible.map((label, i) => ({ label, content: contents[i] ?? [] }));
}

/** The text as if exactly `ids` (pending amendments of the draft) were accepted. */
export function whatIf(doc: Y.Doc, ids: Iterable<string>): WhatIf {
  const marked = draftBodyState(doc).doc;
  const pending = new Map(
    collectAmendments(marked).map((amendment) => [amendment.suggestionId, amendment]),
  );
  const asked = [...new Set(ids)];
  const applied = asked.filter((id) => pending.has(id));
  const ignored = asked.filter((id) => !pending.has(id));
  const references = markedReferences(marked);
  const conflicts = findConflicts(doc, new Set(applied), references);

  const copy = copyOf(doc);
  try {
    if (applied.length > 0) {
      applyDecision(copy, { action: 'accept', ids: applied }, LOOKER, new Date(0));
    }
    const result = draftBodyState(copy).doc;
    const body = resolutionBody(result, 'original');
    const document: ResolutionDocument = { header: readHeader(copy), body };

    const original = new Map(
      numbered(marked, resolutionBody(marked, 'original')).map(({ label, content }) => [
        label.paragraphId ?? '',
        { reference: label.reference, content },
      ]),
    );
    const paragraphs = numbered(result, body).map(({ label, content }): WhatIfParagraph => {
      const before = label.paragraphId ? original.get(label.paragraphId) : undefined;
      return {
        paragraphId: label.paragraphId,
        kind: label.kind,
        label: label.label,
        reference: label.reference,
        was: before?.reference ?? null,
        changed: !before || JSON.stringify(before.content) !== JSON.stringify(content),
        content,
        text: plain(content),
      };
    });
    const kept = new Set(paragraphs.map((paragraph) => paragraph.paragraphId));
    const removed = [...original]
      .filter(([paragraphId]) => !kept.has(paragraphId))
      .map(([paragraphId, { reference, content }]) => ({
        paragraphId,
        reference,
        text: plain(content),
      }));
    const amendments = applied.map((id) => {
      const { delegation, kind, references: where } = pending.get(id)!;
      return { id, delegation, kind, references: where };
    });
    return { document, paragraphs, removed, conflicts, applied, amendments, ignored };
  } finally {
    copy.destroy();
  }
}

/** Each paragraph's reference in the marked-up text (a base paragraph's own number). */
function markedReferences(marked: ProseMirrorNode): Map<string, string> {
  const references = new Map<string, string>();
  for (const label of labelParagraphs(marked, 'markup')) {
    if (label.paragraphId && !references.has(label.paragraphId)) {
      references.set(label.paragraphId, label.reference);
    }
  }
  return references;
}

/** “genuine cooperation”, cut when long. */
function quoted(text: string): string {
  const short = text.length > 60 ? `${text.slice(0, 57).trimEnd()}…` : text;
  return `“${short}”`;
}

/**
 * The conflicts between the chosen amendments, read from their proposals as
 * they stand before anything is applied:
 * - two of them change overlapping words (two replacements of one passage),
 *   add words at one place, or one puts words inside a passage the other
 *   strikes; the same inside a proposal's words for sub-amendments;
 * - a sub-amendment chosen without the proposal it amends (it changes nothing);
 * - a paragraph deleted (or moved) by one and amended in its words by another;
 * - a paragraph deleted by one and moved by another, or moved by two.
 * Drafts whose amendments are still marks in the text (before issue 19) have
 * no proposals: nothing is found there.
 */
export function findConflicts(
  doc: Y.Doc,
  chosen: ReadonlySet<string>,
  references: ReadonlyMap<string, string>,
): WhatIfConflict[] {
  if (chosen.size === 0) return [];
  const found = new Map<string, WhatIfConflict>();
  const add = (ids: string[], reason: string, where: string[]) => {
    const key = `${[...ids].sort().join(',')}|${reason}`;
    if (!found.has(key)) found.set(key, { ids, reason, references: where });
  };
  const refOf = (paragraphId: string) => references.get(paragraphId) ?? 'a paragraph';
  const shown = shownProposals(doc, {
    include: (proposal) => chosen.has(proposal.amendment) && isPending(doc, proposal),
  });
  const fragment = doc.getXmlFragment(BODY_FIELD);
  const paragraphs = indexBaseParagraphs(fragment);
  const placed = placeTextProposals(doc, paragraphs, shown.text);
  for (const [paragraphId, pieces] of placed) {
    const element = paragraphs.get(paragraphId)?.element;
    const words = (from: number, to: number) => (element ? baseText(element, from, to) : '');
    for (const [a, b, reason] of overlaps(pieces, words)) {
      add([a.proposal.amendment, b.proposal.amendment], reason(refOf(paragraphId)), [
        refOf(paragraphId),
      ]);
    }
  }

  // Sub-amendments: in the words of the chosen proposals they amend; others change nothing.
  const parents = new Map<string, TextProposal>();
  for (const list of placed.values()) {
    for (const item of list) parents.set(item.proposal.id, item.proposal);
  }
  const all = new Map(readProposals(doc).map((proposal) => [proposal.id, proposal]));
  for (const sub of shown.subs) {
    if (sub.parent !== null && parents.has(sub.parent)) continue;
    const parent = sub.parent === null ? undefined : all.get(sub.parent);
    if (!parent) continue;
    add(
      [sub.amendment, parent.amendment],
      `${sub.delegation} amends ${parent.delegation}’s proposed words in ${refOf(sub.paragraphId)}, which are not among those chosen: it changes nothing unless ${parent.delegation}’s amendment is accepted too.`,
      [refOf(sub.paragraphId)],
    );
  }
  for (const [parentId, pieces] of placeSubProposals(doc, parents, shown.subs)) {
    const parent = parents.get(parentId);
    const where = refOf(parent?.paragraphId ?? '');
    const words = (from: number, to: number) => parent?.content.toString().slice(from, to) ?? '';
    for (const [a, b, reason] of overlaps(pieces, words)) {
      add(
        [a.proposal.amendment, b.proposal.amendment],
        reason(`${parent?.delegation ?? 'another delegation'}’s words in ${where}`),
        [where],
      );
    }
  }

  // Paragraphs removed (deleted or moved away) by one and amended or removed by another.
  const removals = new Map<string, { amendment: string; delegation: string; move: boolean }[]>();
  for (const proposal of shown.paragraphs) {
    if (proposal.kind === 'newParagraphs') continue;
    for (const paragraphId of proposal.removes) {
      const list = removals.get(paragraphId) ?? [];
      if (!list.some((entry) => entry.amendment === proposal.amendment)) {
        list.push({
          amendment: proposal.amendment,
          delegation: proposal.delegation,
          move: proposal.kind === 'moveParagraphs',
        });
      }
      removals.set(paragraphId, list);
    }
  }
  for (const [paragraphId, list] of removals) {
    const where = refOf(paragraphId);
    for (const removal of list) {
      if (removal.move) continue;
      for (const item of placed.get(paragraphId) ?? []) {
        const text = item.proposal;
        if (text.amendment === removal.amendment) continue;
        add(
          [removal.amendment, text.amendment],
          `${removal.delegation} deletes ${where}, which ${text.delegation} amends: with both accepted the paragraph is deleted and ${text.delegation}’s change goes with it.`,
          [where],
        );
      }
    }
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a, b] = [list[i]!, list[j]!];
        if (!a.move && !b.move) continue;
        const [mover, other] = a.move ? [a, b] : [b, a];
        add(
          [a.amendment, b.amendment],
          other.move
            ? `${a.delegation} and ${b.delegation} both move ${where}: with both accepted it stands in both places.`
            : `${other.delegation} deletes ${where} and ${mover.delegation} moves it: with both accepted it is moved, not deleted.`,
          [where],
        );
      }
    }
  }
  return [...found.values()];
}

type Reason = (where: string) => string;

/**
 * Pairs of placed proposals of different amendments in one text (a paragraph,
 * or a proposal's words) that collide: both strike words in common, both add
 * words at one place, or one puts words strictly inside a passage the other
 * strikes.
 */
function overlaps(
  pieces: readonly PlacedText[],
  wordsOf: (from: number, to: number) => string,
): [PlacedText, PlacedText, Reason][] {
  const pairs: [PlacedText, PlacedText, Reason][] = [];
  for (let i = 0; i < pieces.length; i++) {
    for (let j = i + 1; j < pieces.length; j++) {
      const a = pieces[i]!;
      const b = pieces[j]!;
      if (a.proposal.amendment === b.proposal.amendment) continue;
      const [da, db] = [a.proposal.delegation, b.proposal.delegation];
      if (a.to > a.from && b.to > b.from && a.from < b.to && b.from < a.to) {
        const words = quoted(wordsOf(Math.max(a.from, b.from), Math.min(a.to, b.to)));
        const both = a.proposal.content.length > 0 && b.proposal.content.length > 0;
        pairs.push([
          a,
          b,
          (where) =>
            both
              ? `${da} and ${db} both replace ${words} in ${where}: with both accepted, the words are struck once and both new texts stand side by side.`
              : `${da} and ${db} both change ${words} in ${where}: with both accepted, the words are struck once and what either adds stands beside the other’s change.`,
        ]);
        continue;
      }
      const [adds, bdds] = [a.proposal.content.length > 0, b.proposal.content.length > 0];
      if (adds && bdds && a.to === b.to) {
        const [first, then] = compareRank(a.proposal, b.proposal) <= 0 ? [da, db] : [db, da];
        const before = wordsOf(Math.max(0, a.to - 30), a.to);
        // From a word's start, unless the text starts there.
        const after = (a.to > 30 ? before.replace(/^\S*\s+/, '') : before).trim();
        pairs.push([
          a,
          b,
          (where) =>
            `${da} and ${db} both add words at one place in ${where}${after ? ` (after ${quoted(after)})` : ''}: with both accepted they stand side by side, ${first}’s before ${then}’s.`,
        ]);
        continue;
      }
      for (const [point, range] of [
        [a, b],
        [b, a],
      ] as const) {
        if (point.to !== point.from || point.proposal.content.length === 0) continue;
        if (!(range.from < point.to && point.to < range.to)) continue;
        const [dp, dr] = [point.proposal.delegation, range.proposal.delegation];
        pairs.push([
          a,
          b,
          (where) =>
            `${dp} adds words inside ${quoted(wordsOf(range.from, range.to))}, which ${dr} strikes, in ${where}: with both accepted the passage is struck around ${dp}’s words.`,
        ]);
      }
    }
  }
  return pairs;
}

/** The sentence the audit record gives a what-if text exported as a file. */
export function whatIfExportSummary(result: WhatIf, delegation: string, format: string): string {
  const count = result.applied.length;
  const which = result.amendments
    .map((amendment) => `${amendment.delegation} ${amendment.references.join(' → ')}`.trim())
    .join('; ');
  const what =
    count === 0
      ? 'the text as if no pending amendment were accepted'
      : `the text as if ${count === 1 ? 'one amendment were' : `${count} amendments were`} accepted (${which})`;
  const conflicts = result.conflicts.length;
  const note =
    conflicts === 0
      ? ''
      : `; ${conflicts === 1 ? 'one conflict' : `${conflicts} conflicts`} among them`;
  return `${delegation} exported ${what} as ${format}${note}. Nothing was decided.`;
}
