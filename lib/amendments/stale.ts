import type * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import { baseText, indexBaseParagraphs, resolveBaseOffset, type BaseParagraph } from './base-text';
import { proposeText } from './propose';
import {
  isPending,
  readProposals,
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
      if (range) {
        const text = baseText(range.paragraph.element, range.from, range.to);
        entry.now = [entry.now, text].filter(Boolean).join(' … ');
      }
    }
    if (proposal.kind !== 'text' || state === 'orphaned') entry.reanchorable = false;
    found.set(proposal.amendment, entry);
  }
  return found;
}

/** Where a text proposal's anchors resolve now, if its paragraph is there. */
function currentRange(
  doc: Y.Doc,
  proposal: TextProposal,
  paragraphs: ReadonlyMap<string, BaseParagraph>,
): { paragraph: BaseParagraph; from: number; to: number } | null {
  const paragraph = paragraphs.get(proposal.paragraphId);
  if (!paragraph) return null;
  const from =
    proposal.start === null ? 0 : resolveBaseOffset(doc, paragraph.element, proposal.start);
  if (from === null) return null;
  const to = proposal.end === null ? from : resolveBaseOffset(doc, paragraph.element, proposal.end);
  if (to === null) return null;
  return { paragraph, from, to: Math.max(from, to) };
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
