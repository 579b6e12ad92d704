import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import * as Y from 'yjs';
import { isId } from '../schema/new-id';
import type { ProposalReinstatePlan } from './reinstate-proposals';

/**
 * The amendment model (DESIGN.md §3). Amendments live inside the document so
 * that they converge with the text under Yjs:
 * - text: the marks `insertion` and `deletion`, attributes
 *   `{suggestionId, delegation}` only, so equal runs merge;
 * - paragraphs: the node attribute `suggestion: {suggestionId, delegation, kind}`
 *   (never node marks, which the Yjs binding does not store);
 * - a replacement is a deletion and an insertion sharing one id; a move is
 *   a `moveFrom` and a `moveTo` paragraph sharing one id.
 * Who made it, when, why, and what was decided live in the Y.Map
 * `amendments` of the draft's Y.Doc, keyed by the amendment id.
 */

/** The Y.Map of the draft's Y.Doc holding amendment metadata. */
export const AMENDMENTS_FIELD = 'amendments';

/** The meta key of transactions that already are amendments: suggesting mode leaves them alone. */
export const AMENDMENT_TRANSACTION = 'concordAmendment';

export const INSERTION_MARK = 'insertion';
export const DELETION_MARK = 'deletion';

export const PARAGRAPH_AMENDMENT_KINDS = ['insert', 'delete', 'moveFrom', 'moveTo'] as const;
export type ParagraphAmendmentKind = (typeof PARAGRAPH_AMENDMENT_KINDS)[number];

/** The value of a paragraph's `suggestion` attribute. */
export interface ParagraphSuggestion {
  suggestionId: string;
  /** Delegation code, e.g. `FRA`. */
  delegation: string;
  kind: ParagraphAmendmentKind;
}

/** The attributes of an `insertion` or `deletion` mark. */
export interface SuggestionMarkAttrs {
  suggestionId: string;
  delegation: string;
}

/** Who is amending: from the signed-in session, never typed in. */
export interface AmendmentAuthor {
  userId: string;
  name: string;
  /** Delegation code. */
  delegation: string;
}

/** How an amendment reads in the panel. */
export type AmendmentKind =
  'insertion' | 'deletion' | 'replacement' | 'newParagraph' | 'paragraphDeletion' | 'move';

export const AMENDMENT_KIND_LABELS: Readonly<Record<AmendmentKind, string>> = {
  insertion: 'Insertion',
  deletion: 'Deletion',
  replacement: 'Replacement',
  newParagraph: 'New paragraph',
  paragraphDeletion: 'Paragraph deletion',
  move: 'Move',
};

export type DecisionOutcome = 'accepted' | 'rejected';

/** One line of an amendment's record: made, withdrawn, decided, reinstated. */
export interface AmendmentEvent {
  action: 'proposed' | 'accepted' | 'rejected' | 'reinstated' | 'withdrawn';
  userId: string;
  name: string;
  delegation: string;
  /** ISO time. */
  at: string;
  /** e.g. "already accepted by CUB" for a decision that found nothing to do. */
  note?: string;
}

/** What the `amendments` map holds for one amendment. */
export interface AmendmentMeta {
  delegation: string;
  userId: string;
  name: string;
  /** ISO time of creation. */
  createdAt: string;
  rationale?: string;
  /** The last decision in force, if any; cleared by a reinstatement. */
  decision?: {
    outcome: DecisionOutcome;
    userId: string;
    name: string;
    delegation: string;
    at: string;
  };
  /**
   * Set with a decision: what is needed to reinstate the amendment (for a
   * draft of amendments as objects, an accepted amendment's plan).
   */
  reinstate?: ReinstatePlan | ProposalReinstatePlan;
  /** Ids of other delegations' insertions this deletion knowingly covers. */
  covers?: string[];
  history: AmendmentEvent[];
}

/** Enough to bring a decided amendment back as it was (see `decide.ts`). */
export interface ReinstatePlan {
  /** Paragraph texts right after the decision: reinstating requires them unchanged. */
  paragraphs: { paragraphId: string; text: string }[];
  /** Text pieces: `removed` ones are inserted back, `unmarked` ones get their mark back. */
  pieces: {
    paragraphId: string;
    /** Offset from the paragraph's content start, after the decision. */
    offset: number;
    /** The nodes (ProseMirror JSON) as they were before the decision. */
    content: unknown[];
    effect: 'removed' | 'unmarked';
    mark: typeof INSERTION_MARK | typeof DELETION_MARK;
    /** Size of the piece in document positions. */
    size: number;
  }[];
  /** Whole paragraphs removed by the decision, to be put back after `afterParagraphId`. */
  removedParagraphs: {
    node: unknown;
    /** The paragraph it followed; null: first of its container. */
    afterParagraphId: string | null;
    container: 'preamble' | 'operativePart';
  }[];
  /** Paragraphs whose `suggestion` attribute the decision cleared. */
  clearedParagraphs: { paragraphId: string; suggestion: ParagraphSuggestion }[];
}

export function isParagraphSuggestion(value: unknown): value is ParagraphSuggestion {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    isId(record.suggestionId) &&
    typeof record.delegation === 'string' &&
    typeof record.kind === 'string' &&
    (PARAGRAPH_AMENDMENT_KINDS as readonly string[]).includes(record.kind)
  );
}

/** A paragraph node's pending paragraph amendment, if it has one. */
export function paragraphSuggestion(node: ProseMirrorNode): ParagraphSuggestion | null {
  const value: unknown = node.attrs.suggestion;
  return isParagraphSuggestion(value) ? value : null;
}

/** Who did something to an amendment, as its record names them. */
export type AmendmentActor = Pick<AmendmentEvent, 'userId' | 'name' | 'delegation'>;

/** One line of an amendment's history. */
export function amendmentEvent(
  action: AmendmentEvent['action'],
  actor: AmendmentActor,
  at: string,
  note?: string,
): AmendmentEvent {
  return {
    action,
    userId: actor.userId,
    name: actor.name,
    delegation: actor.delegation,
    at,
    ...(note ? { note } : {}),
  };
}

/** The record of an amendment just proposed by `author`. */
export function newAmendmentMeta(
  author: AmendmentAuthor,
  at: string,
  covers: string[],
  rationale?: string,
): AmendmentMeta {
  return {
    delegation: author.delegation,
    userId: author.userId,
    name: author.name,
    createdAt: at,
    covers,
    ...(rationale ? { rationale } : {}),
    history: [amendmentEvent('proposed', author, at)],
  };
}

export function amendmentsMap(doc: Y.Doc): Y.Map<AmendmentMeta> {
  return doc.getMap<AmendmentMeta>(AMENDMENTS_FIELD);
}

/** The metadata of one amendment, or null when it has not arrived (yet). */
export function readAmendmentMeta(doc: Y.Doc, suggestionId: string): AmendmentMeta | null {
  const value = amendmentsMap(doc).get(suggestionId);
  return typeof value === 'object' && value !== null ? value : null;
}

export const AMENDMENT_VIEWS = ['markup', 'accepted', 'original'] as const;
export type AmendmentView = (typeof AMENDMENT_VIEWS)[number];

export const AMENDMENT_VIEW_LABELS: Readonly<Record<AmendmentView, string>> = {
  markup: 'Marked-up text',
  accepted: 'As if all accepted',
  original: 'Original (all rejected)',
};

/** Whether a paragraph (node) is shown in `view`. */
export function paragraphVisibleIn(node: ProseMirrorNode, view: AmendmentView): boolean {
  const suggestion = paragraphSuggestion(node);
  if (view === 'markup' || !suggestion) return true;
  if (view === 'accepted') return suggestion.kind !== 'delete' && suggestion.kind !== 'moveFrom';
  return suggestion.kind !== 'insert' && suggestion.kind !== 'moveTo';
}

/** Whether inline content is shown in `view`. */
export function inlineVisibleIn(node: ProseMirrorNode, view: AmendmentView): boolean {
  if (view === 'markup') return true;
  const hidden = view === 'accepted' ? DELETION_MARK : INSERTION_MARK;
  return !node.marks.some((mark) => mark.type.name === hidden);
}
