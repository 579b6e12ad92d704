import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { collectAmendments } from '../amendments/collect';
import { AMENDMENT_KIND_LABELS } from '../amendments/model';
import type { DiscussionAnchor, ThreadState } from '../collab/discussion-state';
import { labelParagraphs } from '../schema/numbering';

/** How the text names each anchor now: paragraphs by id ("OP5"), pending proposals by amendment id. */
export interface AnchorReferences {
  paragraphs: ReadonlyMap<string, string>;
  proposals: ReadonlyMap<string, string>;
}

/** "FRA replacement in OP5". */
export function proposalLabel(delegation: string, kind: string, references: string[]): string {
  const where = references.length > 0 ? ` in ${references.join(', ')}` : '';
  return `${delegation} ${kind.toLowerCase()}${where}`;
}

/** The references of the marked-up document's paragraphs and pending proposals. */
export function anchorReferences(doc: ProseMirrorNode): AnchorReferences {
  const paragraphs = new Map<string, string>();
  for (const label of labelParagraphs(doc)) {
    if (label.paragraphId && label.reference) paragraphs.set(label.paragraphId, label.reference);
  }
  const proposals = new Map<string, string>();
  for (const amendment of collectAmendments(doc)) {
    proposals.set(
      amendment.suggestionId,
      proposalLabel(
        amendment.delegation,
        AMENDMENT_KIND_LABELS[amendment.kind],
        amendment.references,
      ),
    );
  }
  return { paragraphs, proposals };
}

/** The anchor's reference now, or null when it is no longer in the text (or no longer pending). */
export function currentReference(
  anchor: DiscussionAnchor,
  references: AnchorReferences,
): string | null {
  return anchor.kind === 'paragraph'
    ? (references.paragraphs.get(anchor.paragraphId) ?? null)
    : (references.proposals.get(anchor.amendmentId) ?? null);
}

/** What a page calls a thread's anchor: as the text is now, else as it was when the thread began. */
export function threadReference(thread: ThreadState, references: AnchorReferences): string {
  const now = currentReference(thread.anchor, references);
  if (now) return thread.anchor.kind === 'proposal' ? `the proposal ${now}` : now;
  return thread.anchor.kind === 'proposal'
    ? `the proposal ${thread.anchorLabel} (no longer pending)`
    : `${thread.anchorLabel} (no longer in the text)`;
}
