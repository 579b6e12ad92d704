import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import { forEachParagraph } from '../schema/paragraph-ids';
import { indexBaseParagraphs } from './base-text';
import {
  paragraphSegments,
  placeSubProposals,
  shownProposals,
  type Materialised,
  type PlacedText,
} from './materialise';
import {
  DELETION_MARK,
  INSERTION_MARK,
  paragraphSuggestion,
  type ParagraphSuggestion,
} from './model';
import { proposeParagraphs, proposeSubText, proposeText } from './propose';
import {
  compareRank,
  isPending,
  proposedParagraphMap,
  rankBetween,
  readProposals,
  withdrawProposal,
  type ContentOp,
  type ParagraphContainer,
  type ParagraphsProposal,
  type ProposableParagraphType,
  type TextProposal,
} from './proposals';

/**
 * The editor binding's half that writes (issue 19): a delegate's edit, made on
 * the marked-up text and turned into amendment marks by the suggest transform
 * (`suggest.ts`, `paragraph-amendments.ts`), becomes operations on that
 * delegation's own proposal objects. The agreed text is never written, and
 * other delegations' proposals are never touched: what the edit did to them
 * (it cannot, after the suggest transform) is reported, not written.
 *
 * Alignment needs no text diff: the suggest transform never removes the
 * agreed text or other delegations' words, so the k-th character of the
 * edited paragraph that is not the delegation's own insertion is the k-th such
 * character before the edit.
 */

export class TranslateError extends Error {
  override readonly name = 'TranslateError';
  /**
   * True when the edit broke a rule of the model the delegate is told about
   * (another delegation's proposed paragraph is its own text); false when an
   * honest edit could not be expressed, which is a defect of the binding.
   */
  readonly rule: boolean;

  constructor(message: string, rule = false) {
    super(message);
    this.rule = rule;
  }
}

/**
 * What an edit made in suggesting mode means for amendments as objects:
 * another delegation's proposed words are struck by a sub-amendment, but
 * words that are themselves a sub-amendment cannot be (the strike is taken
 * off), and one's own
 * proposed paragraphs hold plain text (words struck in them are left out,
 * insertion marks taken off), as when text after the caret is carried into a
 * new paragraph by Enter.
 */
export function normaliseEdit(
  after: ProseMirrorNode,
  delegation: string,
  /** Told of each delegation whose words the edit struck and may not (the strike is taken off). */
  onStruckOthers?: (owner: string) => void,
  /**
   * Whether another delegation's inserted words of this amendment may be struck (they are
   * its proposal's words, which a sub-amendment amends); default: none may.
   */
  strikable: (amendment: string) => boolean = () => false,
): ProseMirrorNode {
  const parts: ProseMirrorNode[] = [];
  let changed = false;
  after.forEach((part) => {
    const children: ProseMirrorNode[] = [];
    part.forEach((paragraph) => {
      const suggestion = paragraphSuggestion(paragraph);
      const own =
        suggestion?.delegation === delegation &&
        (suggestion.kind === 'insert' || suggestion.kind === 'moveTo');
      const inline: ProseMirrorNode[] = [];
      let touched = false;
      paragraph.forEach((node) => {
        const inserted = node.marks.find((mark) => mark.type.name === INSERTION_MARK);
        const struck = node.marks.filter((mark) => mark.type.name === DELETION_MARK);
        if (own) {
          if (struck.length > 0) {
            touched = true;
            return;
          }
          if (inserted) touched = true;
          inline.push(inserted ? node.mark(inserted.removeFromSet(node.marks)) : node);
          return;
        }
        const strikes = struck.filter((mark) => mark.attrs.delegation === delegation);
        if (
          inserted &&
          inserted.attrs.delegation !== delegation &&
          strikes.length > 0 &&
          !strikable(String(inserted.attrs.suggestionId))
        ) {
          touched = true;
          onStruckOthers?.(String(inserted.attrs.delegation));
          inline.push(node.mark(node.marks.filter((mark) => !strikes.includes(mark))));
          return;
        }
        inline.push(node);
      });
      if (!touched) children.push(paragraph);
      else {
        changed = true;
        children.push(paragraph.type.create(paragraph.attrs, inline, paragraph.marks));
      }
    });
    parts.push(part.type.create(part.attrs, children));
  });
  return changed ? after.type.create(after.attrs, parts) : after;
}

export interface TranslateOutcome {
  /** Amendment ids that got a new proposal piece (their records must exist). */
  amendments: Set<string>;
  /** Proposals withdrawn (all their words were deleted by their own delegation). */
  withdrawn: string[];
}

interface BeforeUnit {
  kind: 'base' | 'insert';
  /** Base offset (base units), or the point of the proposal (insert units). */
  offset: number;
  proposal: TextProposal | null;
  own: boolean;
  /** Insert units: the index of the character in its proposal's words. */
  index: number;
  /** A sub-amendment's character: the proposal it amends, and its point in those words. */
  parent: TextProposal | null;
  point: number;
}

/** Sub-amendments (of those shown, `subs`) in the words of the proposals `placed` holds, by proposal id. */
function subsOf(
  doc: Y.Doc,
  placed: readonly PlacedText[],
  subs: readonly TextProposal[],
): Map<string, PlacedText[]> {
  if (subs.length === 0 || placed.length === 0) return new Map();
  return placeSubProposals(
    doc,
    new Map(placed.map((item) => [item.proposal.id, item.proposal])),
    subs,
  );
}

interface AfterUnit {
  /** The delegation's own insertion id on this character, if any. */
  inserted: string | null;
  /** Own deletion ids on this character. */
  struck: Set<string>;
  op: ContentOp;
}

const FORMATTING = ['italic', 'bold'] as const;

function formatting(node: ProseMirrorNode): Record<string, unknown> | undefined {
  const attributes: Record<string, unknown> = {};
  for (const mark of node.marks) {
    if ((FORMATTING as readonly string[]).includes(mark.type.name)) {
      attributes[mark.type.name] = { ...mark.attrs };
    }
  }
  return Object.keys(attributes).length > 0 ? attributes : undefined;
}

function afterUnits(paragraph: ProseMirrorNode, delegation: string): AfterUnit[] {
  const units: AfterUnit[] = [];
  paragraph.forEach((node) => {
    const insertion = node.marks.find(
      (mark) => mark.type.name === INSERTION_MARK && mark.attrs.delegation === delegation,
    );
    const struck = new Set(
      node.marks
        .filter((mark) => mark.type.name === DELETION_MARK && mark.attrs.delegation === delegation)
        .map((mark) => String(mark.attrs.suggestionId)),
    );
    const inserted = insertion ? String(insertion.attrs.suggestionId) : null;
    const attributes = formatting(node);
    if (node.isText) {
      for (const char of node.text ?? '') {
        units.push({
          inserted,
          struck,
          op: { insert: char, ...(attributes ? { attributes } : {}) },
        });
      }
    } else {
      units.push({ inserted, struck, op: { insert: { footnote: node.textContent } } });
    }
  });
  return units;
}

function beforeUnits(
  size: number,
  placed: readonly PlacedText[],
  delegation: string,
  subs: ReadonlyMap<string, PlacedText[]> = new Map(),
): BeforeUnit[] {
  const units: BeforeUnit[] = [];
  for (const segment of paragraphSegments(size, placed)) {
    if (segment.kind === 'base') {
      for (let offset = segment.from; offset < segment.to; offset++) {
        units.push({
          kind: 'base',
          offset,
          proposal: null,
          own: false,
          index: 0,
          parent: null,
          point: 0,
        });
      }
      continue;
    }
    const proposal = segment.placed.proposal;
    const own = proposal.delegation === delegation;
    const inside = subs.get(proposal.id) ?? [];
    for (const piece of paragraphSegments(proposal.content.length, inside)) {
      if (piece.kind === 'base') {
        for (let i = piece.from; i < piece.to; i++) {
          units.push({
            kind: 'insert',
            offset: segment.at,
            proposal,
            own,
            index: i,
            parent: null,
            point: 0,
          });
        }
        continue;
      }
      const sub = piece.placed.proposal;
      for (let i = 0; i < sub.content.length; i++) {
        units.push({
          kind: 'insert',
          offset: segment.at,
          proposal: sub,
          own: sub.delegation === delegation,
          index: i,
          parent: proposal,
          point: piece.at,
        });
      }
    }
  }
  return units;
}

/**
 * Which of the runs of one amendment at one point is a proposal's content as
 * edited (the others are new pieces, typed at the same point): the one sharing
 * the longest start and end with it.
 */
function closestRun(
  runs: readonly Run[],
  amendment: string,
  point: number,
  content: Y.Text,
  parent: string | null = null,
) {
  const old = opText(content.toDelta() as ContentOp[]);
  let best = -1;
  let bestScore = -1;
  runs.forEach((run, index) => {
    if (run.amendment !== amendment || run.point !== point || run.parent !== parent) return;
    const text = opText(run.ops);
    let prefix = 0;
    while (prefix < old.length && prefix < text.length && old[prefix] === text[prefix]) prefix++;
    let suffix = 0;
    while (
      suffix < old.length - prefix &&
      suffix < text.length - prefix &&
      old[old.length - 1 - suffix] === text[text.length - 1 - suffix]
    ) {
      suffix++;
    }
    if (prefix + suffix > bestScore) {
      best = index;
      bestScore = prefix + suffix;
    }
  });
  return best;
}

/** Merges single-character ops into runs of equal formatting. */
function runs(ops: readonly ContentOp[]): ContentOp[] {
  const merged: ContentOp[] = [];
  for (const op of ops) {
    const last = merged.at(-1);
    if (
      last &&
      typeof last.insert === 'string' &&
      typeof op.insert === 'string' &&
      JSON.stringify(last.attributes ?? {}) === JSON.stringify(op.attributes ?? {})
    ) {
      last.insert += op.insert;
    } else merged.push({ ...op });
  }
  return merged;
}

function opText(ops: readonly ContentOp[]): string {
  return ops.map((op) => (typeof op.insert === 'string' ? op.insert : '\uFFFC')).join('');
}

/** Makes a proposal's content read `ops`, as the smallest change (prefix and suffix kept). */
export function setContent(content: Y.Text, ops: readonly ContentOp[]): void {
  const wanted = runs(ops);
  if (JSON.stringify(content.toDelta()) === JSON.stringify(wanted)) return;
  const old = opText(content.toDelta() as ContentOp[]);
  const next = opText(wanted);
  let start = 0;
  while (start < old.length && start < next.length && old[start] === next[start]) start++;
  let end = 0;
  while (
    end < old.length - start &&
    end < next.length - start &&
    old[old.length - 1 - end] === next[next.length - 1 - end]
  ) {
    end++;
  }
  if (old.length - start - end > 0) content.delete(start, old.length - start - end);
  let index = 0;
  for (const op of wanted) {
    const length = typeof op.insert === 'string' ? op.insert.length : 1;
    const a = Math.max(start, index);
    const b = Math.min(next.length - end, index + length);
    if (a < b) {
      if (typeof op.insert === 'string') {
        content.insert(a, op.insert.slice(a - index, b - index), { ...(op.attributes ?? {}) });
      } else content.insertEmbed(a, op.insert, {});
    }
    index += length;
  }
  if (JSON.stringify(content.toDelta()) === JSON.stringify(wanted)) return;
  // Formatting changed on kept characters: set it run by run.
  index = 0;
  for (const op of wanted) {
    const length = typeof op.insert === 'string' ? op.insert.length : 1;
    if (typeof op.insert === 'string') {
      const attributes: Record<string, unknown> = {};
      for (const name of FORMATTING) attributes[name] = op.attributes?.[name] ?? null;
      content.format(index, length, attributes);
    }
    index += length;
  }
}

interface Run {
  amendment: string;
  ops: ContentOp[];
  /** Base point: the number of base characters before it (in `parent`'s words: its index there). */
  point: number;
  /** The proposal shown last before it at the same point (for its rank), null: first there. */
  follows: string | null;
  /** Typed inside another delegation's proposed words: that proposal's id (a sub-amendment). */
  parent: string | null;
}

/** Offsets (in any order, repeated or not) as contiguous ranges [from, to), in order. */
function contiguousRanges(offsets: readonly number[]): { from: number; to: number }[] {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const ranges: { from: number; to: number }[] = [];
  for (const offset of sorted) {
    const last = ranges.at(-1);
    if (last && last.to === offset) last.to += 1;
    else ranges.push({ from: offset, to: offset + 1 });
  }
  return ranges;
}

/**
 * Translates one base paragraph's edit. `before` holds the proposals shown
 * in it; `after` is the paragraph as the suggest transform left it.
 */
function translateParagraph(
  doc: Y.Doc,
  paragraphId: string,
  size: number,
  before: readonly PlacedText[],
  after: ProseMirrorNode,
  delegation: string,
  outcome: TranslateOutcome,
  subs: ReadonlyMap<string, PlacedText[]>,
): void {
  const was = beforeUnits(size, before, delegation, subs);
  const now = afterUnits(after, delegation);
  const wasOthers = was.filter((unit) => !unit.own);
  const nowOthers = now.filter((unit) => unit.inserted === null);
  if (wasOthers.length !== nowOthers.length) {
    throw new TranslateError(
      'the edit changed text that is not the delegation’s own proposal (the agreed text or another delegation’s words)',
    );
  }

  // Own insertion runs, where they now sit, and own strikes per base offset (and, in
  // another delegation's proposed words, per index there: sub-amendments).
  const newRuns: Run[] = [];
  const struckNow = new Map<string, number[]>();
  const subStruck = new Map<string, Map<string, number[]>>();
  let k = 0;
  let follows: string | null = null;
  let current: Run | null = null;
  /** The proposal whose words a unit is, or is inside (a sub-amendment's words). */
  const wordsOf = (unit: BeforeUnit | undefined) =>
    unit?.kind === 'insert' ? (unit.parent ?? unit.proposal) : null;
  for (const unit of now) {
    if (unit.inserted === null) {
      const was = wasOthers[k++];
      // Another delegation's amendment inside one's own words does not cut them in two.
      if (!(was?.parent && was.parent.delegation === delegation)) current = null;
      if (!was) continue;
      if (was.kind === 'base') {
        follows = null;
        for (const id of unit.struck) {
          const list = struckNow.get(id) ?? [];
          list.push(was.offset);
          struckNow.set(id, list);
        }
      } else {
        follows = was.proposal?.id ?? null;
        // Another delegation's proposed words struck: a sub-amendment of them.
        if (was.parent === null && was.proposal && unit.struck.size > 0) {
          for (const id of unit.struck) {
            const byParent = subStruck.get(id) ?? new Map<string, number[]>();
            const list = byParent.get(was.proposal.id) ?? [];
            list.push(was.index);
            byParent.set(was.proposal.id, list);
            subStruck.set(id, byParent);
          }
        }
      }
      continue;
    }
    const left = wasOthers[k - 1];
    const right = wasOthers[k];
    const inside = wordsOf(left);
    let parent: TextProposal | null = null;
    let point = wasOthers.slice(0, k).filter((w) => w.kind === 'base').length;
    let after: string | null = follows;
    if (inside && left && right && wordsOf(right) === inside) {
      // Between two characters of one proposal's words (its own, or others' amendments of them).
      if (left.parent !== null && left.proposal === right.proposal) {
        throw new TranslateError(
          `These words are ${left.proposal?.delegation ?? 'another delegation'}’s amendment of ${left.parent.delegation}’s proposal: they cannot be changed by another delegation until they are decided. Type before or after them.`,
          true,
        );
      }
      parent = inside;
      point = left.parent === null ? left.index + 1 : left.point;
      after = left.parent === null ? null : (left.proposal?.id ?? null);
    }
    if (current && current.amendment === unit.inserted) {
      current.ops.push(unit.op);
      continue;
    }
    current = {
      amendment: unit.inserted,
      ops: [unit.op],
      point,
      follows: after,
      parent: parent?.id ?? null,
    };
    newRuns.push(current);
  }
  // Runs' `follows` must skip over own runs matched to existing proposals: set below.

  const parents = new Map(before.map((item) => [item.proposal.id, item.proposal]));
  /**
   * One of the delegation's own proposals (in the agreed text, or in the words
   * of `parentId`'s proposal) after the edit: withdrawn when its strike is no
   * longer whole; otherwise the struck offsets it accounts for are not new
   * (`keep` gets the rest), and its words become the run typed where they were,
   * or none (a pure insertion with no words left is withdrawn).
   */
  const settle = (
    item: PlacedText,
    struck: readonly number[],
    keep: (rest: number[]) => void,
    parentId: string | null,
  ): void => {
    const proposal = item.proposal;
    const offsets = new Set(struck);
    for (let offset = item.from; offset < item.to; offset++) {
      if (!offsets.has(offset)) {
        withdrawProposal(doc, proposal.id);
        outcome.withdrawn.push(proposal.id);
        return;
      }
    }
    if (item.to > item.from)
      keep(struck.filter((offset) => offset < item.from || offset >= item.to));
    const runIndex = closestRun(newRuns, proposal.amendment, item.to, proposal.content, parentId);
    const run = runIndex >= 0 ? newRuns[runIndex] : undefined;
    if (run) {
      newRuns.splice(runIndex, 1);
      for (const later of newRuns) {
        if (
          later.parent === parentId &&
          later.point === run.point &&
          later.follows === run.follows
        ) {
          later.follows = proposal.id;
        }
      }
      setContent(proposal.content, run.ops);
    } else if (proposal.content.length > 0) {
      if (item.to > item.from) proposal.content.delete(0, proposal.content.length);
      else {
        withdrawProposal(doc, proposal.id);
        outcome.withdrawn.push(proposal.id);
      }
    }
  };
  // Own sub-amendments, then own proposals in the agreed text.
  for (const [parentId, inside] of subs) {
    for (const item of inside) {
      if (item.proposal.delegation !== delegation) continue;
      const amendment = item.proposal.amendment;
      settle(
        item,
        subStruck.get(amendment)?.get(parentId) ?? [],
        (rest) => subStruck.get(amendment)?.set(parentId, rest),
        parentId,
      );
    }
  }
  for (const item of before) {
    if (item.proposal.delegation !== delegation) continue;
    const amendment = item.proposal.amendment;
    settle(item, struckNow.get(amendment) ?? [], (rest) => struckNow.set(amendment, rest), null);
  }

  // New sub-amendments: struck ranges of others' words (with own words right after), insertions.
  for (const [amendment, byParent] of subStruck) {
    for (const [parentId, indices] of byParent) {
      const parent = parents.get(parentId);
      if (!parent) continue;
      for (const { from, to } of contiguousRanges(indices)) {
        const runIndex = newRuns.findIndex(
          (run) => run.amendment === amendment && run.parent === parentId && run.point === to,
        );
        const run = runIndex >= 0 ? newRuns.splice(runIndex, 1)[0] : undefined;
        proposeSubText(doc, {
          amendment,
          delegation,
          parent,
          from,
          to,
          content: run ? runs(run.ops) : [],
          after: run ? run.follows : undefined,
        });
        outcome.amendments.add(amendment);
      }
    }
  }
  for (const run of newRuns.filter((item) => item.parent !== null)) {
    const parent = parents.get(run.parent ?? '');
    if (!parent) continue;
    proposeSubText(doc, {
      amendment: run.amendment,
      delegation,
      parent,
      from: run.point,
      to: run.point,
      content: runs(run.ops),
      after: run.follows,
    });
    outcome.amendments.add(run.amendment);
  }
  const topLevel = newRuns.filter((item) => item.parent === null);
  newRuns.length = 0;
  newRuns.push(...topLevel);

  // What is left is new: struck ranges (with their words right after them) and insertions.
  for (const [amendment, offsets] of struckNow) {
    for (const { from, to } of contiguousRanges(offsets)) {
      const runIndex = newRuns.findIndex(
        (run) => run.amendment === amendment && run.parent === null && run.point === to,
      );
      const run = runIndex >= 0 ? newRuns.splice(runIndex, 1)[0] : undefined;
      proposeText(doc, {
        amendment,
        delegation,
        paragraphId,
        from,
        to,
        content: run ? runs(run.ops) : [],
        after: run ? run.follows : undefined,
      });
      outcome.amendments.add(amendment);
    }
  }
  for (const run of newRuns) {
    proposeText(doc, {
      amendment: run.amendment,
      delegation,
      paragraphId,
      from: run.point,
      to: run.point,
      content: runs(run.ops),
      after: run.follows,
    });
    outcome.amendments.add(run.amendment);
  }
}

function inlineOps(paragraph: ProseMirrorNode): ContentOp[] {
  const ops: ContentOp[] = [];
  paragraph.forEach((node) => {
    const attributes = formatting(node);
    if (node.isText) ops.push({ insert: node.text ?? '', ...(attributes ? { attributes } : {}) });
    else ops.push({ insert: { footnote: node.textContent } });
  });
  return runs(ops);
}

interface ParagraphEntry {
  node: ProseMirrorNode;
  container: ParagraphContainer;
  suggestion: ParagraphSuggestion | null;
}

function paragraphEntries(doc: ProseMirrorNode): Map<string, ParagraphEntry> & { order: string[] } {
  const entries = new Map<string, ParagraphEntry>() as Map<string, ParagraphEntry> & {
    order: string[];
  };
  entries.order = [];
  doc.forEach((part) => {
    const container = part.type.name as ParagraphContainer;
    part.forEach((node) => {
      const paragraphId = String(node.attrs.paragraphId);
      entries.set(paragraphId, { node, container, suggestion: paragraphSuggestion(node) });
      entries.order.push(paragraphId);
    });
  });
  return entries;
}

function proposedParagraphFields(node: ProseMirrorNode) {
  return {
    paragraphId: String(node.attrs.paragraphId),
    type: node.type.name as ProposableParagraphType,
    level: node.type.name === 'subParagraph' ? Number(node.attrs.level) : null,
    numbered: node.type.name === 'sectionHeading' ? Boolean(node.attrs.numbered) : null,
    content: inlineOps(node),
  };
}

/**
 * Writes what a delegation's edit (marked-up `before.doc` → `after`, both as
 * the editor showed them) proposes, as operations on its own proposals. Call
 * inside a Y.Doc transaction. Throws `TranslateError` when the edit did what
 * no amendment can express; nothing has been written then.
 */
export function translateSuggestedEdit(
  doc: Y.Doc,
  before: Materialised,
  after: ProseMirrorNode,
  delegation: string,
): TranslateOutcome {
  const outcome: TranslateOutcome = { amendments: new Set(), withdrawn: [] };
  const base = indexBaseParagraphs(doc.getXmlFragment(BODY_FIELD));
  const was = paragraphEntries(before.doc);
  const now = paragraphEntries(after);

  // Check first, write after: a refused edit leaves nothing half-written.
  for (const [paragraphId, entry] of was) {
    if (!base.has(paragraphId)) {
      const next = now.get(paragraphId);
      const owner = entry.suggestion?.delegation;
      if (owner !== delegation && (!next || !next.node.eq(entry.node))) {
        throw new TranslateError(
          `The paragraph ${owner ?? 'another delegation'} proposes is its own text: it cannot be changed by another delegation until it is decided. Propose your wording in a paragraph of your own, or ask ${owner ?? 'them'}.`,
          true,
        );
      }
      continue;
    }
    if (!now.has(paragraphId)) {
      throw new TranslateError('the edit removed a paragraph of the agreed text');
    }
  }
  for (const [paragraphId, entry] of now) {
    if (was.has(paragraphId)) continue;
    if (entry.suggestion?.delegation !== delegation) {
      throw new TranslateError('a new paragraph must be a proposal of the delegation');
    }
  }
  const textEdits: (() => void)[] = [];
  // The sub-amendments shown before the edit (read once: the edit's own writes come later).
  const shownSubs = shownProposals(doc).subs;
  forEachParagraph(after, (node) => {
    const paragraphId = String(node.attrs.paragraphId);
    const paragraph = base.get(paragraphId);
    const old = was.get(paragraphId);
    if (!paragraph || !old || old.node.content.eq(node.content)) return;
    const size = readBaseSize(old.node);
    const placed = before.placed.get(paragraphId) ?? [];
    // Validates now; writes in the second pass.
    const probe = afterUnits(node, delegation).filter((unit) => unit.inserted === null).length;
    const subs = subsOf(doc, placed, shownSubs);
    const expected = beforeUnits(size, placed, delegation, subs).filter((unit) => !unit.own).length;
    if (probe !== expected) {
      throw new TranslateError(
        'the edit changed text that is not the delegation’s own proposal (the agreed text or another delegation’s words)',
      );
    }
    textEdits.push(() =>
      translateParagraph(doc, paragraphId, size, placed, node, delegation, outcome, subs),
    );
  });
  for (const edit of textEdits) edit();
  translateParagraphs(doc, was, now, base, delegation, outcome);
  return outcome;
}

/** The base size of a marked-up base paragraph: everything not inserted. */
function readBaseSize(node: ProseMirrorNode): number {
  let size = 0;
  node.forEach((child) => {
    // A footnote counts one, as in the agreed text's offsets.
    if (!child.marks.some((mark) => mark.type.name === INSERTION_MARK)) {
      size += child.isText ? child.nodeSize : 1;
    }
  });
  return size;
}

function translateParagraphs(
  doc: Y.Doc,
  was: ReturnType<typeof paragraphEntries>,
  now: ReturnType<typeof paragraphEntries>,
  base: ReturnType<typeof indexBaseParagraphs>,
  delegation: string,
  outcome: TranslateOutcome,
): void {
  const proposals = readProposals(doc).filter(
    (proposal): proposal is ParagraphsProposal =>
      proposal.kind !== 'text' && proposal.delegation === delegation && !proposal.withdrawn,
  );
  const byParagraph = new Map<string, ParagraphsProposal>();
  for (const proposal of proposals) {
    for (const paragraph of proposal.paragraphs) byParagraph.set(paragraph.paragraphId, proposal);
  }

  // Own proposed paragraphs: edited, re-typed, or removed.
  for (const [paragraphId, entry] of was) {
    if (base.has(paragraphId) || entry.suggestion?.delegation !== delegation) continue;
    const proposal = byParagraph.get(paragraphId);
    if (!proposal) continue;
    const paragraph = proposal.paragraphs.find((p) => p.paragraphId === paragraphId);
    const next = now.get(paragraphId);
    if (!paragraph) continue;
    if (!next) {
      const list = proposal.map.get('paragraphs');
      if (list instanceof Y.Array) {
        const index = list.toArray().indexOf(paragraph.map);
        if (index >= 0) list.delete(index, 1);
      }
      if (proposal.paragraphs.length === 1) {
        withdrawProposal(doc, proposal.id);
        outcome.withdrawn.push(proposal.id);
      }
      continue;
    }
    if (!next.node.content.eq(entry.node.content))
      setContent(paragraph.content, inlineOps(next.node));
    const fields = proposedParagraphFields(next.node);
    if (fields.type !== paragraph.type) paragraph.map.set('type', fields.type);
    if (fields.level !== paragraph.level && fields.level !== null)
      paragraph.map.set('level', fields.level);
  }

  // Own proposed paragraphs moved as a whole (Alt+↑/↓ on them act directly): follow them.
  for (const proposal of proposals) {
    if (outcome.withdrawn.includes(proposal.id)) continue;
    const first = proposal.paragraphs.find((paragraph) => now.has(paragraph.paragraphId));
    if (!first) continue;
    const anchor = anchorOf(now, first.paragraphId, base);
    if (anchor.after === proposal.after && anchor.container === proposal.container) {
      const between = new Set(anchor.between);
      const here = readProposals(doc).filter(
        (p): p is ParagraphsProposal =>
          p.kind !== 'text' &&
          p.id !== proposal.id &&
          p.container === anchor.container &&
          p.after === anchor.after &&
          p.paragraphs.length > 0,
      );
      const misplaced = here.some(
        (p) =>
          p.paragraphs.some((paragraph) => between.has(paragraph.paragraphId)) !==
          compareRank(p, proposal) < 0,
      );
      if (!misplaced) continue;
    }
    proposal.map.set('after', anchor.after);
    proposal.map.set('container', anchor.container);
    proposal.map.set('rank', rankAmong(doc, anchor, proposal.id));
  }

  // Base paragraphs whose own deletion or move mark was lifted: that proposal is withdrawn.
  for (const [paragraphId, entry] of was) {
    if (!base.has(paragraphId) || entry.suggestion?.delegation !== delegation) continue;
    if (now.get(paragraphId)?.suggestion?.suggestionId === entry.suggestion.suggestionId) continue;
    const proposal = proposals.find(
      (p) => p.amendment === entry.suggestion?.suggestionId && p.removes.includes(paragraphId),
    );
    if (proposal && !outcome.withdrawn.includes(proposal.id)) {
      withdrawProposal(doc, proposal.id);
      outcome.withdrawn.push(proposal.id);
    }
  }

  // New paragraphs, and newly marked deletions and moves, by amendment id.
  const fresh = new Map<string, string[]>();
  for (const paragraphId of now.order) {
    const entry = now.get(paragraphId);
    if (!entry?.suggestion || entry.suggestion.delegation !== delegation) continue;
    const old = was.get(paragraphId);
    if (old?.suggestion?.suggestionId === entry.suggestion.suggestionId) continue;
    const list = fresh.get(entry.suggestion.suggestionId) ?? [];
    list.push(paragraphId);
    fresh.set(entry.suggestion.suggestionId, list);
  }
  for (const [amendment, ids] of fresh) {
    const removes = ids.filter((id) => base.has(id));
    const added = ids.filter((id) => !base.has(id));
    const first = now.get(added[0] ?? '');
    // Enter in one's own proposed paragraph adds to that proposal (the new
    // paragraph sits right next to one of its paragraphs); anywhere else, the
    // same amendment gets a new piece.
    const existing = proposals.find(
      (p) =>
        p.amendment === amendment &&
        p.paragraphs.length > 0 &&
        added.every((id) => {
          const at = now.order.indexOf(id);
          return p.paragraphs.some((paragraph) => {
            const other = now.order.indexOf(paragraph.paragraphId);
            return other >= 0 && Math.abs(other - at) <= added.length;
          });
        }),
    );
    if (existing && added.length > 0 && removes.length === 0) {
      appendToProposal(existing, added, now);
      continue;
    }
    const kind: ParagraphsProposal['kind'] =
      added.length === 0
        ? 'deleteParagraphs'
        : first?.suggestion?.kind === 'moveTo'
          ? 'moveParagraphs'
          : 'newParagraphs';
    const anchor = added.length > 0 ? anchorOf(now, added[0] ?? '', base) : null;
    proposeParagraphs(doc, {
      amendment,
      delegation,
      kind,
      removes,
      after: anchor?.after ?? null,
      container: first?.container ?? now.get(removes[0] ?? '')?.container ?? 'operativePart',
      rank: anchor ? rankAmong(doc, anchor) : undefined,
      paragraphs: added.map((id) => proposedParagraphFields(now.get(id)!.node)),
    });
    outcome.amendments.add(amendment);
  }
}

/** The base paragraph a proposed paragraph follows in the edited text, and the proposed ones between. */
function anchorOf(
  now: ReturnType<typeof paragraphEntries>,
  paragraphId: string,
  base: ReturnType<typeof indexBaseParagraphs>,
): { after: string | null; container: ParagraphContainer; between: string[] } {
  const container = now.get(paragraphId)?.container ?? 'operativePart';
  const between: string[] = [];
  let index = now.order.indexOf(paragraphId) - 1;
  while (index >= 0) {
    const id = now.order[index] ?? '';
    if (now.get(id)?.container !== container) break;
    if (base.has(id)) return { after: id, container, between };
    between.unshift(id);
    index--;
  }
  return { after: null, container, between };
}

/** A rank after the proposals whose paragraphs come before it at the same place. */
function rankAmong(doc: Y.Doc, anchor: ReturnType<typeof anchorOf>, self?: string): string {
  const here = readProposals(doc)
    .filter(
      (p): p is ParagraphsProposal =>
        p.kind !== 'text' &&
        p.id !== self &&
        p.paragraphs.length > 0 &&
        p.container === anchor.container &&
        p.after === anchor.after &&
        isPending(doc, p),
    )
    .sort(compareRank);
  const before = new Set(anchor.between);
  let index = -1;
  here.forEach((proposal, i) => {
    if (proposal.paragraphs.some((p) => before.has(p.paragraphId))) index = i;
  });
  return rankBetween(here[index]?.rank ?? null, here[index + 1]?.rank ?? null);
}

function appendToProposal(
  proposal: ParagraphsProposal,
  added: readonly string[],
  now: ReturnType<typeof paragraphEntries>,
): void {
  const list = proposal.map.get('paragraphs');
  if (!(list instanceof Y.Array)) return;
  // The proposal's paragraph ids in order, kept as new ones go in.
  const ids = proposal.paragraphs.map((paragraph) => paragraph.paragraphId);
  for (const id of added) {
    const entry = now.get(id);
    if (!entry) continue;
    const position = now.order.indexOf(id);
    let index = 0;
    ids.forEach((other, i) => {
      if (now.order.indexOf(other) < position) index = i + 1;
    });
    list.insert(index, [proposedParagraphMap(proposedParagraphFields(entry.node))]);
    ids.splice(index, 0, id);
  }
}
