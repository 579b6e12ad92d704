import type * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import { newId } from '../schema/new-id';
import { baseRelativePosition, baseText, indexBaseParagraphs, paragraphSize } from './base-text';
import { placeTextProposals, shownProposals } from './materialise';
import {
  addParagraphsProposal,
  addTextProposal,
  contentRelativePosition,
  compareRank,
  rankBetween,
  readProposals,
  type ContentOp,
  type NewParagraphsProposal,
  type TextProposal,
} from './proposals';

/**
 * Making proposals from offsets in the base, as the editor binding does when a
 * delegate types, and as tests and migrations do. Each returns the new
 * proposal's id; the caller wraps several in one transaction.
 */

export interface TextProposalRequest {
  amendment: string;
  delegation: string;
  paragraphId: string;
  /** Base range struck, [from, to); from === to: a pure insertion at `from`. */
  from: number;
  to: number;
  content: readonly ContentOp[];
  /**
   * Where the content goes among others' insertions at the same point: after
   * this proposal, or first (null); default: after every one there.
   */
  after?: string | null;
  id?: string;
}

/** The rank for a new proposal at `point` of a paragraph, placed after `after` (see `TextProposalRequest`). */
export function rankAtPoint(
  doc: Y.Doc,
  paragraphId: string,
  point: number,
  after: string | null | undefined,
): string {
  const paragraphs = indexBaseParagraphs(doc.getXmlFragment(BODY_FIELD));
  const texts = shownProposals(doc).text.filter((proposal) => proposal.paragraphId === paragraphId);
  const placed = placeTextProposals(doc, paragraphs, texts).get(paragraphId) ?? [];
  const here = placed
    .filter((item) => item.to === point && item.proposal.content.length > 0)
    .map((item) => item.proposal)
    .sort(compareRank);
  return rankAmong(here, after);
}

/**
 * A rank among proposals at one point (`here`, in rank order): after `after`,
 * first (null), or after all of them (undefined, or `after` not among them).
 */
function rankAmong(
  here: readonly { id: string; rank: string }[],
  after: string | null | undefined,
): string {
  if (after === null) return rankBetween(null, here[0]?.rank ?? null);
  const index = after === undefined ? -1 : here.findIndex((proposal) => proposal.id === after);
  if (index < 0) return rankBetween(here.at(-1)?.rank ?? null, null);
  return rankBetween(here[index]?.rank ?? null, here[index + 1]?.rank ?? null);
}

/** Proposes striking and/or inserting text in a base paragraph; throws if the paragraph or range is not there. */
export function proposeText(doc: Y.Doc, request: TextProposalRequest): string {
  const paragraph = indexBaseParagraphs(doc.getXmlFragment(BODY_FIELD)).get(request.paragraphId);
  if (!paragraph) throw new Error(`no paragraph ${request.paragraphId} in the agreed text`);
  const size = paragraphSize(paragraph.element);
  if (request.from < 0 || request.to < request.from || request.to > size) {
    throw new Error(`range ${request.from}–${request.to} is outside the paragraph (${size})`);
  }
  const id = request.id ?? newId();
  const range = request.to > request.from;
  const rank = rankAtPoint(doc, request.paragraphId, request.to, request.after);
  addTextProposal(doc, {
    id,
    amendment: request.amendment,
    delegation: request.delegation,
    paragraphId: request.paragraphId,
    start: range
      ? baseRelativePosition(paragraph.element, request.from, 0)
      : baseRelativePosition(paragraph.element, request.from, -1),
    end: range ? baseRelativePosition(paragraph.element, request.to, -1) : null,
    covered: range ? baseText(paragraph.element, request.from, request.to) : '',
    rank,
    content: request.content,
  });
  return id;
}

export interface SubTextRequest {
  amendment: string;
  delegation: string;
  /** The text proposal (another delegation's) whose words are amended. */
  parent: TextProposal;
  /** Range of its words struck, [from, to); from === to: an insertion among them at `from`. */
  from: number;
  to: number;
  content: readonly ContentOp[];
  /** As `TextProposal.after`, among the sub-amendments at the same point of those words. */
  after?: string | null;
  id?: string;
}

/** Proposes striking and/or inserting words in another delegation's proposed words (a sub-amendment). */
export function proposeSubText(doc: Y.Doc, request: SubTextRequest): string {
  const { parent } = request;
  const size = parent.content.length;
  if (request.from < 0 || request.to < request.from || request.to > size) {
    throw new Error(`range ${request.from}–${request.to} is outside the proposed words (${size})`);
  }
  const id = request.id ?? newId();
  const range = request.to > request.from;
  const here = readProposals(doc)
    .filter(
      (proposal): proposal is TextProposal =>
        proposal.kind === 'text' && proposal.parent === parent.id && !proposal.withdrawn,
    )
    .sort(compareRank);
  const rank = rankAmong(here, request.after);
  const words = parent.content.toString();
  addTextProposal(doc, {
    id,
    amendment: request.amendment,
    delegation: request.delegation,
    paragraphId: parent.paragraphId,
    parent: parent.id,
    start: range
      ? contentRelativePosition(parent.content, request.from, 0)
      : contentRelativePosition(parent.content, request.from, -1),
    end: range ? contentRelativePosition(parent.content, request.to, -1) : null,
    covered: range ? words.slice(request.from, request.to) : '',
    rank,
    content: request.content,
  });
  return id;
}

export type ParagraphsRequest = Omit<NewParagraphsProposal, 'id' | 'rank'> & {
  id?: string;
  rank?: string;
};

/** Proposes new paragraphs, a deletion or a move; new paragraphs go after others at the same place. */
export function proposeParagraphs(doc: Y.Doc, request: ParagraphsRequest): string {
  const id = request.id ?? newId();
  let rank = request.rank;
  if (rank === undefined) {
    const here = readProposals(doc)
      .filter(
        (proposal) =>
          proposal.kind !== 'text' &&
          proposal.container === request.container &&
          proposal.after === request.after,
      )
      .sort(compareRank);
    rank = rankBetween(here.at(-1)?.rank ?? null, null);
  }
  addParagraphsProposal(doc, { ...request, id, rank });
  return id;
}
