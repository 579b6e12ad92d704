import type * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import { baseText, indexBaseParagraphs, resolveBaseOffset, type BaseParagraph } from './base-text';
import type { Proposal } from './proposals';

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
