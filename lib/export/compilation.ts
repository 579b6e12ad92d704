import {
  escapeText,
  footnoteBlocks,
  formulaLine,
  headerLines,
  inlineMarkdown,
} from '../import/resolution-to-markdown';
import { PARAGRAPH_STATUS_LABELS } from '../schema/paragraph-status';
import type { TextRun } from '../schema/resolution-document';
import { agreedLanguageLines, type CompilationAgreedLanguage } from './compilation-agreed-language';
import type {
  MarkupAmendmentInfo,
  MarkupDraft,
  MarkupParagraph,
  MarkupParagraphAmendment,
  MarkupRevision,
  MarkupRun,
} from './markup';

/**
 * The compilation text of a marked-up draft, in Markdown: each paragraph with
 * its reference ("OP5 bis") and status ("(agreed ad ref)"), the pending
 * proposals inline in CriticMarkup tagged with the proposing delegation:
 * `{++text++}{>>FRA: add<<}`, `{--text--}{>>USA: delete<<}`,
 * `{~~old~>new~~}{>>FRA: replace<<}`, the text inside the markers exactly as
 * proposed (its spaces are the proposal's), so that the text read with every
 * insertion and no deletion is the text as if all were accepted, and with
 * every deletion and no insertion the original; paragraph amendments before the text:
 * "(EGY: new paragraph)", "(USA: delete paragraph)", "(CHN: move from OP15)"
 * where a moved paragraph is proposed to go and "(CHN: move to OP13 ter)"
 * where it leaves.
 */

/** A stretch of runs with one state: plain, or inserted / deleted by one amendment. */
interface Segment {
  runs: MarkupRun[];
  insertion?: MarkupRevision;
  deletion?: MarkupRevision;
}

function segmentKey(run: MarkupRun): string {
  return `${run.insertion?.suggestionId ?? ''}|${run.deletion?.suggestionId ?? ''}`;
}

function segments(runs: readonly MarkupRun[]): Segment[] {
  const out: Segment[] = [];
  let key: string | null = null;
  for (const run of runs) {
    const current = segmentKey(run);
    const last = out.at(-1);
    if (last && current === key) {
      last.runs.push(run);
    } else {
      out.push({
        runs: [run],
        ...(run.insertion ? { insertion: run.insertion } : {}),
        ...(run.deletion ? { deletion: run.deletion } : {}),
      });
      key = current;
    }
  }
  return out;
}

/** The one amendment a segment belongs to, if it belongs to exactly one. */
function soleAmendment(segment: Segment): MarkupRevision | null {
  if (segment.insertion && segment.deletion) return null;
  return segment.insertion ?? segment.deletion ?? null;
}

const isPlain = (segment: Segment) => !segment.insertion && !segment.deletion;

/**
 * A piece of a paragraph in the compilation: plain text, or one proposal with
 * its note ("FRA: add", "USA: delete (cont.)", "USA: add; CHN: delete").
 */
export type CompilationPiece =
  | { kind: 'plain'; runs: MarkupRun[] }
  | {
      kind: 'insert' | 'delete';
      runs: MarkupRun[];
      note: string;
      /** Text one delegation proposes to insert and another to delete: in neither text. */
      struckInsertion?: true;
    }
  | { kind: 'replace'; deleted: MarkupRun[]; inserted: MarkupRun[]; note: string };

/** "; supported by CUB, KEN; objected to by RUS" for an amendment (issue 23), or ''. */
export function positionsNote(info: MarkupAmendmentInfo | undefined): string {
  const parts: string[] = [];
  if (info?.support?.length) parts.push(`supported by ${info.support.join(', ')}`);
  if (info?.object?.length) parts.push(`objected to by ${info.object.join(', ')}`);
  return parts.map((part) => `; ${part}`).join('');
}

/**
 * One paragraph's text cut into plain text and proposals, each proposal
 * noted once; `seen` holds the ids already shown ("(cont.)" after them). The
 * first note of a proposal names the delegations supporting and objecting.
 */
export function compilationPieces(
  runs: readonly MarkupRun[],
  seen: Set<string>,
  amendments: MarkupDraft['amendments'] = {},
): CompilationPiece[] {
  const list = segments(runs);
  const runsOf = (parts: readonly Segment[], keep: (segment: Segment) => boolean) =>
    parts.filter(keep).flatMap((segment) => segment.runs);
  const note = (revision: MarkupRevision, action: string) => {
    const again = seen.has(revision.suggestionId);
    seen.add(revision.suggestionId);
    const positions = again ? '' : positionsNote(amendments[revision.suggestionId]);
    return `${revision.delegation}${action ? `: ${action}` : ''}${again ? ' (cont.)' : positions}`;
  };
  const out: CompilationPiece[] = [];
  for (let i = 0; i < list.length; i++) {
    const segment = list[i] as Segment;
    const amendment = soleAmendment(segment);
    if (isPlain(segment)) {
      out.push({ kind: 'plain', runs: segment.runs });
      continue;
    }
    if (!amendment) {
      // Text one delegation proposes to insert and another to delete.
      const insertion = segment.insertion as MarkupRevision;
      const deletion = segment.deletion as MarkupRevision;
      const notes = `${note(insertion, 'add')}; ${note(deletion, 'delete')}`;
      out.push({ kind: 'delete', runs: segment.runs, note: notes, struckInsertion: true });
      continue;
    }
    // The amendment's pieces in this paragraph, as long as only plain text lies between them.
    let end = i;
    for (let j = i + 1; j < list.length; j++) {
      const next = list[j] as Segment;
      if (soleAmendment(next)?.suggestionId === amendment.suggestionId) end = j;
      else if (!isPlain(next)) break;
    }
    const group = list.slice(i, end + 1);
    i = end;
    const inserts = group.some((part) => part.insertion);
    const deletes = group.some((part) => part.deletion);
    if (group.length === 1 && inserts) {
      out.push({ kind: 'insert', runs: runsOf(group, () => true), note: note(amendment, 'add') });
    } else if (group.length === 1 && deletes) {
      out.push({
        kind: 'delete',
        runs: runsOf(group, () => true),
        note: note(amendment, 'delete'),
      });
    } else {
      out.push({
        kind: 'replace',
        deleted: runsOf(group, (part) => !part.insertion),
        inserted: runsOf(group, (part) => !part.deletion),
        note: note(amendment, 'replace'),
      });
    }
  }
  return out;
}

/** Writes one paragraph's text with its proposals; `seen` holds the ids already shown. */
function paragraphText(
  runs: readonly MarkupRun[],
  footnote: (runs: TextRun[]) => string,
  seen: Set<string>,
  amendments: MarkupDraft['amendments'],
): string {
  const text = (list: readonly MarkupRun[]) => inlineMarkdown(list, footnote);
  return compilationPieces(runs, seen, amendments)
    .map((piece) => {
      switch (piece.kind) {
        case 'plain':
          return text(piece.runs);
        case 'insert':
          return `{++${text(piece.runs)}++}{>>${piece.note}<<}`;
        case 'delete':
          // Struck proposed words are in neither text: only the comment shows them.
          return piece.struckInsertion
            ? `{>>“${text(piece.runs)}”: ${piece.note}<<}`
            : `{--${text(piece.runs)}--}{>>${piece.note}<<}`;
        case 'replace':
          return `{~~${text(piece.deleted)}~>${text(piece.inserted)}~~}{>>${piece.note}<<}`;
      }
    })
    .join('');
}

/** "EGY: new paragraph" and the like, for a paragraph amendment (`delegation` as it is to be written). */
export function paragraphAmendmentNote(
  amendment: MarkupParagraphAmendment,
  delegation: string = amendment.delegation,
): string {
  switch (amendment.kind) {
    case 'insert':
      return `${delegation}: new paragraph`;
    case 'delete':
      return `${delegation}: delete paragraph`;
    case 'moveTo':
      return `${delegation}: move from ${amendment.counterpart ?? 'elsewhere'}`;
    case 'moveFrom':
      return `${delegation}: move to ${amendment.counterpart ?? 'elsewhere'}`;
  }
}

/**
 * A paragraph amendment's note with, on its first paragraph (`shown` holds the
 * ids already noted), the delegations supporting and objecting.
 */
export function paragraphAmendmentNoteOnce(
  amendment: MarkupParagraphAmendment,
  amendments: MarkupDraft['amendments'],
  shown: Set<string>,
  delegation: string = amendment.delegation,
): string {
  const first = !shown.has(amendment.suggestionId);
  shown.add(amendment.suggestionId);
  const positions = first ? positionsNote(amendments[amendment.suggestionId]) : '';
  return `${paragraphAmendmentNote(amendment, delegation)}${positions}`;
}

/** "(EGY: new paragraph)" and the like, for a paragraph amendment. */
function paragraphTag(
  paragraph: MarkupParagraph,
  amendments: MarkupDraft['amendments'],
  shown: Set<string>,
): string {
  const amendment = paragraph.amendment;
  if (!amendment) return '';
  const delegation = escapeText(amendment.delegation);
  return `(${paragraphAmendmentNoteOnce(amendment, amendments, shown, delegation)})`;
}

/** What a compilation may add to the text. */
export interface CompilationOptions {
  /** Under each paragraph, the share of agreed language in it and in each proposal's new words. */
  agreedLanguage?: CompilationAgreedLanguage;
}

/**
 * The marked-up draft as a compilation in Markdown with CriticMarkup. Each
 * pending amendment is shown once; one split by another delegation's text is
 * marked "(cont.)" where it resumes. With `agreedLanguage`, each paragraph is
 * followed by its agreed-language lines, in italics, as a list.
 */
export function compilationMarkdown(markup: MarkupDraft, options: CompilationOptions = {}): string {
  const notes: string[] = [];
  const footnote = (runs: TextRun[]) => {
    notes.push(inlineMarkdown(runs, () => ''));
    return `[^${notes.length}]`;
  };
  const seen = new Set<string>();
  const shownParagraphAmendments = new Set<string>();
  const blocks: string[] = [...headerLines(markup.header)];
  blocks.push(formulaLine(markup.header));
  markup.paragraphs.forEach((paragraph, index) => {
    const parts = [`**${escapeText(paragraph.reference || paragraph.label)}**`];
    if (paragraph.status) {
      parts.push(`(${PARAGRAPH_STATUS_LABELS[paragraph.status].toLowerCase()})`);
    }
    const tag = paragraphTag(paragraph, markup.amendments, shownParagraphAmendments);
    if (tag) parts.push(tag);
    const text = paragraphText(paragraph.runs, footnote, seen, markup.amendments);
    if (text) parts.push(text);
    blocks.push(parts.join(' '));
    const agreed = agreedLanguageLines(options.agreedLanguage?.[index]);
    if (agreed.length > 0) blocks.push(agreed.map((line) => `- *${escapeText(line)}*`).join('\n'));
  });
  // The sponsors line's note too: its '*' is in the header lines.
  blocks.push(...footnoteBlocks(markup.header, notes));
  return `${blocks.join('\n\n')}\n`;
}
