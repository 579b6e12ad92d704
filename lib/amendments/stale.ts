import type * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import { baseText, indexBaseParagraphs, resolveBaseOffset, type BaseParagraph } from './base-text';
import { proposeSubText, proposeText } from './propose';
import {
  isPending,
  proposalsMap,
  readProposal,
  readProposals,
  resolveContentOffset,
  withdrawProposal,
  type ContentOp,
  type Proposal,
  type TextProposal,
} from './proposals';

/**
 * Whether a proposal still applies to the agreed text as it was when made
 * (AMENDMENT-OBJECTS.md, trap 2): a decision or a facilitator's edit may have
 * changed the base under it. Yjs resolves an anchor on deleted text to where
 * the text was, so a range that lost words still resolves: its text is
 * compared with what it covered when made.
 */
export type ProposalAnchorState =
  /** As made. */
  | 'ok'
  /** The struck words (or the paragraph's neighbours) changed: re-anchor or withdraw. */
  | 'modified'
  /** Every struck word is gone: only the inserted words remain, at their place. */
  | 'collapsed'
  /** Its paragraph, or the paragraph it follows or removes, is no longer in the agreed text (or has not arrived). */
  | 'orphaned';

export function proposalAnchorState(
  doc: Y.Doc,
  proposal: Proposal,
  paragraphs: ReadonlyMap<string, BaseParagraph> = indexBaseParagraphs(
    doc.getXmlFragment(BODY_FIELD),
  ),
): ProposalAnchorState {
  if (proposal.kind !== 'text') {
    if (proposal.removes.some((paragraphId) => !paragraphs.has(paragraphId))) return 'orphaned';
    if (proposal.after !== null && !paragraphs.has(proposal.after)) return 'orphaned';
    return 'ok';
  }
  if (proposal.parent !== null) {
    // A sub-amendment: in the words of a proposal, which must still be pending.
    const range = currentRange(doc, proposal, paragraphs);
    if (!range) return 'orphaned';
    if (proposal.end === null) return 'ok';
    if (range.to <= range.from) return proposal.covered.length > 0 ? 'collapsed' : 'ok';
    return range.text === proposal.covered ? 'ok' : 'modified';
  }
  const paragraph = paragraphs.get(proposal.paragraphId);
  if (!paragraph) return 'orphaned';
  const from =
    proposal.start === null ? 0 : resolveBaseOffset(doc, paragraph.element, proposal.start);
  if (from === null) return 'orphaned';
  if (proposal.end === null) return 'ok';
  const to = resolveBaseOffset(doc, paragraph.element, proposal.end);
  if (to === null) return 'orphaned';
  if (to <= from) return proposal.covered.length > 0 ? 'collapsed' : 'ok';
  return baseText(paragraph.element, from, to) === proposal.covered ? 'ok' : 'modified';
}

/** A pending amendment some of whose proposals no longer fit the agreed text. */
export interface StaleAmendment {
  amendment: string;
  delegation: string;
  /** The worst state of its proposals. */
  state: Exclude<ProposalAnchorState, 'ok'>;
  /** For a text proposal: the words it struck when made, and those now under it. */
  was: string;
  now: string;
  /** Whether "re-anchor" can make it fit again (a text proposal whose paragraph is there). */
  reanchorable: boolean;
  /** An amendment of a proposal that is no longer pending (decided or withdrawn). */
  parentGone?: boolean;
}

const WORST: readonly ProposalAnchorState[] = ['ok', 'modified', 'collapsed', 'orphaned'];

/**
 * The pending amendments that are stale (AMENDMENT-OBJECTS.md, trap 2): a
 * decision or a facilitator's edit changed the agreed text under them, or
 * removed their paragraph. Shown in the panel; their delegation re-anchors
 * or withdraws them.
 */
export function staleAmendments(doc: Y.Doc): Map<string, StaleAmendment> {
  const paragraphs = indexBaseParagraphs(doc.getXmlFragment(BODY_FIELD));
  const found = new Map<string, StaleAmendment>();
  for (const proposal of readProposals(doc)) {
    if (!isPending(doc, proposal)) continue;
    const state = proposalAnchorState(doc, proposal, paragraphs);
    if (state === 'ok') continue;
    const entry = found.get(proposal.amendment) ?? {
      amendment: proposal.amendment,
      delegation: proposal.delegation,
      state,
      was: '',
      now: '',
      reanchorable: true,
    };
    if (WORST.indexOf(state) > WORST.indexOf(entry.state)) entry.state = state;
    if (proposal.kind === 'text') {
      entry.was = [entry.was, proposal.covered].filter(Boolean).join(' … ');
      const range = currentRange(doc, proposal, paragraphs);
      if (range) entry.now = [entry.now, range.text].filter(Boolean).join(' … ');
      if (proposal.parent !== null && !range) entry.parentGone = true;
    }
    if (proposal.kind !== 'text' || state === 'orphaned') entry.reanchorable = false;
    found.set(proposal.amendment, entry);
  }
  return found;
}

/**
 * Where a text proposal's anchors resolve now, and the text between them: in
 * its paragraph of the agreed text, or (a sub-amendment) in the words of the
 * proposal it amends, which must still be pending. Null when that is gone.
 */
function currentRange(
  doc: Y.Doc,
  proposal: TextProposal,
  paragraphs: ReadonlyMap<string, BaseParagraph>,
): { parent: TextProposal | null; from: number; to: number; text: string } | null {
  if (proposal.parent !== null) {
    const parent = readProposal(proposal.parent, proposalsMap(doc).get(proposal.parent));
    if (parent?.kind !== 'text' || !isPending(doc, parent)) return null;
    const from =
      proposal.start === null ? 0 : resolveContentOffset(doc, parent.content, proposal.start);
    if (from === null) return null;
    const to =
      proposal.end === null ? from : resolveContentOffset(doc, parent.content, proposal.end);
    if (to === null) return null;
    const end = Math.max(from, to);
    return { parent, from, to: end, text: parent.content.toString().slice(from, end) };
  }
  const paragraph = paragraphs.get(proposal.paragraphId);
  if (!paragraph) return null;
  const from =
    proposal.start === null ? 0 : resolveBaseOffset(doc, paragraph.element, proposal.start);
  if (from === null) return null;
  const to = proposal.end === null ? from : resolveBaseOffset(doc, paragraph.element, proposal.end);
  if (to === null) return null;
  const end = Math.max(from, to);
  return { parent: null, from, to: end, text: baseText(paragraph.element, from, end) };
}

/**
 * Re-anchors a delegation's stale amendment on the agreed text as it is now:
 * each of its stale text proposals is withdrawn and made again (same
 * amendment, same words) over what its anchors cover now, the text it covers
 * taken afresh (a range all of whose words went becomes an insertion at
 * their place; one with no words of its own left is only withdrawn). Call in
 * one transaction. @returns how many proposals were made again
 */
export function reanchorAmendment(doc: Y.Doc, amendment: string, delegation: string): number {
  const paragraphs = indexBaseParagraphs(doc.getXmlFragment(BODY_FIELD));
  let made = 0;
  for (const proposal of readProposals(doc)) {
    if (proposal.amendment !== amendment || proposal.delegation !== delegation) continue;
    if (proposal.kind !== 'text' || !isPending(doc, proposal)) continue;
    const state = proposalAnchorState(doc, proposal, paragraphs);
    if (state === 'ok' || state === 'orphaned') continue;
    const range = currentRange(doc, proposal, paragraphs);
    if (!range) continue;
    const content = proposal.content.toDelta() as ContentOp[];
    withdrawProposal(doc, proposal.id);
    if (range.to === range.from && content.length === 0) continue;
    if (range.parent) {
      proposeSubText(doc, {
        amendment,
        delegation,
        parent: range.parent,
        from: range.from,
        to: range.to,
        content,
      });
      made += 1;
      continue;
    }
    proposeText(doc, {
      amendment,
      delegation,
      paragraphId: proposal.paragraphId,
      from: range.from,
      to: range.to,
      content,
    });
    made += 1;
  }
  return made;
}

/** Withdraws every pending proposal of a delegation's amendment. @returns how many */
export function withdrawAmendment(doc: Y.Doc, amendment: string, delegation: string): number {
  let withdrawn = 0;
  for (const proposal of readProposals(doc)) {
    if (proposal.amendment !== amendment || proposal.delegation !== delegation) continue;
    if (!isPending(doc, proposal)) continue;
    withdrawProposal(doc, proposal.id);
    withdrawn += 1;
  }
  return withdrawn;
}
