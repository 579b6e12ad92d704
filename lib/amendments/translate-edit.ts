import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import { forEachParagraph } from '../schema/paragraph-ids';
import { indexBaseParagraphs } from './base-text';
import { paragraphSegments, type Materialised, type PlacedText } from './materialise';
import {
  DELETION_MARK,
  INSERTION_MARK,
  paragraphSuggestion,
  type ParagraphSuggestion,
} from './model';
import { proposeParagraphs, proposeText } from './propose';
import {
  compareRank,
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
): BeforeUnit[] {
  const units: BeforeUnit[] = [];
  for (const segment of paragraphSegments(size, placed)) {
    if (segment.kind === 'base') {
      for (let offset = segment.from; offset < segment.to; offset++) {
        units.push({ kind: 'base', offset, proposal: null, own: false });
      }
    } else {
      const proposal = segment.placed.proposal;
      const own = proposal.delegation === delegation;
      for (let i = 0; i < proposal.content.length; i++) {
        units.push({ kind: 'insert', offset: segment.at, proposal, own });
      }
    }
  }
  return units;
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
  /** Base point: the number of base characters before it. */
  point: number;
  /** The proposal shown last before it at the same point (for its rank), null: first there. */
  follows: string | null;
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
): void {
  const was = beforeUnits(size, before, delegation);
  const now = afterUnits(after, delegation);
  const wasOthers = was.filter((unit) => !unit.own);
  const nowOthers = now.filter((unit) => unit.inserted === null);
  if (wasOthers.length !== nowOthers.length) {
    throw new TranslateError(
      'the edit changed text that is not the delegation’s own proposal (the agreed text or another delegation’s words)',
    );
  }

  // Own insertion runs, where they now sit, and own strikes per base offset.
  const newRuns: Run[] = [];
  const struckNow = new Map<string, number[]>();
  let k = 0;
  let follows: string | null = null;
  let current: Run | null = null;
  for (const unit of now) {
    if (unit.inserted === null) {
      current = null;
      const was = wasOthers[k++];
      if (!was) continue;
      if (was.kind === 'base') {
        follows = null;
        for (const id of unit.struck) {
          const list = struckNow.get(id) ?? [];
          list.push(was.offset);
          struckNow.set(id, list);
        }
      } else follows = was.proposal?.id ?? null;
      continue;
    }
    const point = wasOthers.slice(0, k).filter((w) => w.kind === 'base').length;
    if (current && current.amendment === unit.inserted) {
      current.ops.push(unit.op);
      continue;
    }
    current = { amendment: unit.inserted, ops: [unit.op], point, follows };
    newRuns.push(current);
  }
  // Runs' `follows` must skip over own runs matched to existing proposals: set below.

  const own = before.filter((item) => item.proposal.delegation === delegation);
  const kept = new Set<string>();
  for (const item of own) {
    const proposal = item.proposal;
    let fully = true;
    if (item.to > item.from) {
      const offsets = new Set(struckNow.get(proposal.amendment) ?? []);
      for (let offset = item.from; offset < item.to; offset++) {
        if (!offsets.has(offset)) fully = false;
      }
    }
    const runIndex = newRuns.findIndex(
      (run) => run.amendment === proposal.amendment && run.point === item.to,
    );
    const run = runIndex >= 0 ? newRuns[runIndex] : undefined;
    if (!fully) {
      withdrawProposal(doc, proposal.id);
      outcome.withdrawn.push(proposal.id);
      continue;
    }
    kept.add(proposal.id);
    // Struck offsets this proposal accounts for are not new.
    if (item.to > item.from) {
      const left = (struckNow.get(proposal.amendment) ?? []).filter(
        (offset) => offset < item.from || offset >= item.to,
      );
      struckNow.set(proposal.amendment, left);
    }
    if (run) {
      newRuns.splice(runIndex, 1);
      for (const later of newRuns) {
        if (later.point === run.point && later.follows === run.follows) later.follows = proposal.id;
      }
      setContent(proposal.content, run.ops);
    } else if (proposal.content.length > 0) {
      if (item.to > item.from) proposal.content.delete(0, proposal.content.length);
      else {
        withdrawProposal(doc, proposal.id);
        outcome.withdrawn.push(proposal.id);
      }
    }
  }

  // What is left is new: struck ranges (with their words right after them) and insertions.
  for (const [amendment, offsets] of struckNow) {
    const sorted = [...new Set(offsets)].sort((a, b) => a - b);
    let i = 0;
    while (i < sorted.length) {
      const from = sorted[i] ?? 0;
      let to = from + 1;
      while (sorted[i + 1] === to) {
        i++;
        to++;
      }
      i++;
      const runIndex = newRuns.findIndex((run) => run.amendment === amendment && run.point === to);
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
      if (entry.suggestion?.delegation !== delegation && !now.has(paragraphId)) {
        throw new TranslateError('the edit removed another delegation’s proposed paragraph');
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
  forEachParagraph(after, (node) => {
    const paragraphId = String(node.attrs.paragraphId);
    const paragraph = base.get(paragraphId);
    const old = was.get(paragraphId);
    if (!paragraph || !old || old.node.content.eq(node.content)) return;
    const size = readBaseSize(old.node);
    const placed = before.placed.get(paragraphId) ?? [];
    // Validates now; writes in the second pass.
    const probe = afterUnits(node, delegation).filter((unit) => unit.inserted === null).length;
    const expected = beforeUnits(size, placed, delegation).filter((unit) => !unit.own).length;
    if (probe !== expected) {
      throw new TranslateError(
        'the edit changed text that is not the delegation’s own proposal (the agreed text or another delegation’s words)',
      );
    }
    textEdits.push(() =>
      translateParagraph(doc, paragraphId, size, placed, node, delegation, outcome),
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
    const existing = proposals.find((p) => p.amendment === amendment && p.paragraphs.length > 0);
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
function rankAmong(doc: Y.Doc, anchor: ReturnType<typeof anchorOf>): string {
  const here = readProposals(doc)
    .filter(
      (p): p is ParagraphsProposal =>
        p.kind !== 'text' && p.container === anchor.container && p.after === anchor.after,
    )
    .sort(compareRank);
  const before = new Set(anchor.between);
  let last: string | null = null;
  let next: string | null = null;
  for (const proposal of here) {
    if (proposal.paragraphs.some((p) => before.has(p.paragraphId))) last = proposal.rank;
    else if (last !== null || before.size === 0) {
      next = proposal.rank;
      break;
    }
  }
  if (before.size === 0) next = here[0]?.rank ?? null;
  return rankBetween(last, next);
}

function appendToProposal(
  proposal: ParagraphsProposal,
  added: readonly string[],
  now: ReturnType<typeof paragraphEntries>,
): void {
  const list = proposal.map.get('paragraphs');
  if (!(list instanceof Y.Array)) return;
  const order = now.order;
  for (const id of added) {
    const position = order.indexOf(id);
    let index = 0;
    proposal.paragraphs.forEach((paragraph, i) => {
      if (order.indexOf(paragraph.paragraphId) < position) index = i + 1;
    });
    const entry = now.get(id);
    if (!entry) continue;
    list.insert(index, [proposedParagraphMap(proposedParagraphFields(entry.node))]);
    proposal.paragraphs.splice(index, 0, {
      ...proposedParagraphFields(entry.node),
      content: new Y.Text(),
      map: new Y.Map(),
    });
  }
}
