import * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import { indexBaseParagraphs, paragraphSize, resolveBaseOffset } from './base-text';
import { amendmentsMap, type AmendmentMeta } from './model';
import { isProposalReinstatePlan } from './reinstate-proposals';

/**
 * Who proposed which words of the agreed text, and who accepted them (issue
 * 19): every acceptance records where the words it added went (Yjs relative
 * positions, in its reinstate plan, which only the server writes), so they
 * are found again wherever later edits moved them; words deleted since are
 * no longer attributed. A reinstated amendment's words are no longer agreed,
 * and its plan is gone with its decision.
 */

export interface AcceptedWords {
  amendment: string;
  paragraphId: string;
  /** Offsets in the paragraph's agreed text, [from, to); or the whole paragraph. */
  from: number;
  to: number;
  /** Who proposed them (the record) and who accepted them (the decision). */
  proposedBy: { delegation: string; name: string; at: string };
  acceptedBy: { delegation: string; name: string; at: string };
}

function position(json: unknown): Y.RelativePosition | null {
  if (typeof json !== 'object' || json === null) return null;
  try {
    return Y.createRelativePositionFromJSON(json);
  } catch {
    return null;
  }
}

/** The words of every accepted amendment still in the agreed text (in no particular order). */
export function acceptedWords(doc: Y.Doc): AcceptedWords[] {
  const paragraphs = indexBaseParagraphs(doc.getXmlFragment(BODY_FIELD));
  const found: AcceptedWords[] = [];
  amendmentsMap(doc).forEach((record: AmendmentMeta, amendment) => {
    const decision = record.decision;
    const plan = record.reinstate;
    if (decision?.outcome !== 'accepted' || !isProposalReinstatePlan(plan)) return;
    const who = {
      amendment,
      proposedBy: { delegation: record.delegation, name: record.name, at: record.createdAt },
      acceptedBy: { delegation: decision.delegation, name: decision.name, at: decision.at },
    };
    for (const words of plan.words) {
      const paragraph = paragraphs.get(words.paragraphId);
      const start = position(words.start);
      const end = position(words.end);
      if (!paragraph || !start || !end) continue;
      const from = resolveBaseOffset(doc, paragraph.element, start);
      const to = resolveBaseOffset(doc, paragraph.element, end);
      if (from === null || to === null || to <= from) continue;
      found.push({ ...who, paragraphId: words.paragraphId, from, to });
    }
    // New paragraphs it added are its words, whole (a moved paragraph only changed place).
    const moved = new Set(plan.removed.map((removed) => removed.paragraphId));
    for (const paragraphId of plan.added) {
      if (moved.has(paragraphId)) continue;
      const paragraph = paragraphs.get(paragraphId);
      if (!paragraph) continue;
      const size = paragraphSize(paragraph.element);
      if (size > 0) found.push({ ...who, paragraphId, from: 0, to: size });
    }
  });
  return found;
}

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'UTC',
      }) + ' UTC';
}

/** What hovering accepted words says. */
export function describeProvenance(words: AcceptedWords): string {
  const { proposedBy, acceptedBy } = words;
  return `Proposed by ${proposedBy.delegation} (${proposedBy.name}), accepted by ${acceptedBy.delegation} (${acceptedBy.name}) on ${when(acceptedBy.at)}`;
}
