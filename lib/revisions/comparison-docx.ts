import type {
  MarkupAmendmentInfo,
  MarkupDraft,
  MarkupParagraph,
  MarkupParagraphAmendment,
  MarkupRevision,
  MarkupRun,
} from '../export/markup';
import { markupDocx } from '../export/markup-docx';
import {
  isFootnoteRun,
  type InlineRun,
  type ResolutionHeader,
} from '../schema/resolution-document';
import {
  compareRevisions,
  interleave,
  newerRuns,
  olderRuns,
  type DiffSegment,
  type ParagraphComparison,
  type ParagraphPlace,
  type Placed,
  type RevisionComparison,
} from './compare';
import type { RevisionContent } from './revision';

/** Who the Word revisions are by, and when. */
export interface ComparisonAuthor {
  /** The facilitator's delegation ("MEX"), or the revision's name ("Rev.1"). */
  author: string;
  /** The newer revision's issue date, ISO ("2026-12-01" or a full time). */
  date: string;
}

/** The id of the revision that changed words and labels (one for the whole text). */
const TEXT_REVISION = 'text';

function markedRuns(segments: readonly DiffSegment[], revision: MarkupRevision): MarkupRun[] {
  return segments.flatMap(({ change, runs }) =>
    runs.map((run): MarkupRun => {
      const mark =
        change === 'inserted'
          ? { insertion: revision }
          : change === 'deleted'
            ? { deletion: revision }
            : {};
      return isFootnoteRun(run) ? { footnote: run.footnote, ...mark } : { ...run, ...mark };
    }),
  );
}

function plainRuns(runs: readonly InlineRun[]): MarkupRun[] {
  return runs.map((run) => (isFootnoteRun(run) ? { footnote: run.footnote } : { ...run }));
}

function laidOut(
  paragraphId: string,
  place: ParagraphPlace,
  runs: MarkupRun[],
  amendment: MarkupParagraphAmendment | null = null,
): MarkupParagraph {
  return {
    kind: place.kind,
    level: place.level,
    numbered: place.numbered,
    paragraphId,
    label: place.label,
    reference: place.reference,
    status: null,
    amendment,
    runs,
  };
}

/**
 * The newer revision as a marked-up draft against the older: words changed
 * as insertions and deletions, a changed number as the old label deleted and
 * the new inserted, added and deleted paragraphs whole, a moved paragraph (an
 * OP with the sub-paragraphs that went with it) as the two ends of a move,
 * where it left and where it went, with its changed words inside.
 */
export function comparisonMarkup(
  comparison: RevisionComparison,
  header: ResolutionHeader,
  { author, date }: ComparisonAuthor,
): MarkupDraft {
  const amendments: Record<string, MarkupAmendmentInfo> = {};
  const revision = (suggestionId: string): MarkupRevision => {
    amendments[suggestionId] = { delegation: author, createdAt: date };
    return { suggestionId, delegation: author };
  };
  const byId = new Map(comparison.paragraphs.map((p) => [p.paragraphId, p]));
  const items: Placed<MarkupParagraph>[] = [];
  const place = (
    paragraph: ParagraphComparison,
    side: 'older' | 'newer',
    value: MarkupParagraph,
  ) => {
    const at = paragraph[side];
    items.push({
      value,
      newer: side === 'newer' ? (paragraph.newer?.index ?? null) : null,
      older: paragraph.older?.index ?? null,
      operative: at?.kind !== 'preambular',
      stable: side === 'newer' && paragraph.change !== 'moved' && paragraph.older !== null,
    });
  };
  for (const paragraph of comparison.paragraphs) {
    const { older, newer, paragraphId } = paragraph;
    if (paragraph.change === 'added' && newer) {
      const amendment = { ...revision(`new ${paragraphId}`), kind: 'insert' as const };
      place(
        paragraph,
        'newer',
        laidOut(paragraphId, newer, plainRuns(newerRuns(paragraph)), amendment),
      );
    } else if (paragraph.change === 'deleted' && older) {
      const amendment = { ...revision(`deleted ${paragraphId}`), kind: 'delete' as const };
      place(
        paragraph,
        'older',
        laidOut(paragraphId, older, plainRuns(olderRuns(paragraph)), amendment),
      );
    } else if (paragraph.change === 'moved' && older && newer) {
      // An OP and the sub-paragraphs that went with it are one move, named after the OP.
      const head = byId.get(paragraph.movedWith ?? paragraphId) ?? paragraph;
      const move = revision(`move ${head.paragraphId}`);
      const to = laidOut(
        paragraphId,
        newer,
        markedRuns(paragraph.segments, revision(TEXT_REVISION)),
        {
          ...move,
          kind: 'moveTo',
          counterpart: head.older?.reference ?? older.reference,
        },
      );
      const from = laidOut(paragraphId, older, plainRuns(olderRuns(paragraph)), {
        ...move,
        kind: 'moveFrom',
        counterpart: head.newer?.reference ?? newer.reference,
      });
      place(paragraph, 'newer', to);
      place(paragraph, 'older', from);
    } else if (older && newer) {
      const text = revision(TEXT_REVISION);
      const value = laidOut(paragraphId, newer, markedRuns(paragraph.segments, text));
      if (older.label !== newer.label) value.relabelled = { from: older.label, revision: text };
      place(paragraph, 'newer', value);
    }
  }
  return { header, paragraphs: interleave(items), amendments };
}

/**
 * The newer revision as a Word document in the UN layout, with Word
 * revisions against the older one by `author` on `date` (see
 * `comparisonMarkup`): accept all and it is the newer text, reject all and it
 * is the older. The header is the newer revision's, not tracked.
 */
export async function comparisonDocx(
  older: RevisionContent,
  newer: RevisionContent,
  author: ComparisonAuthor,
): Promise<Buffer> {
  const markup = comparisonMarkup(compareRevisions(older, newer), newer.header, author);
  return Buffer.from(await markupDocx(markup));
}
