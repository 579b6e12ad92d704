import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type * as Y from 'yjs';
import {
  amendmentsMap,
  DELETION_MARK,
  INSERTION_MARK,
  paragraphSuggestion,
  type ParagraphAmendmentKind,
} from '../amendments/model';
import { readPositions } from '../amendments/positions';
import { readHeader } from '../collab/draft-header';
import { draftBodyState } from '../drafts/draft-body';
import { labelParagraphs, type ParagraphLabel } from '../schema/numbering';
import { isParagraphStatus, type ParagraphStatus } from '../schema/paragraph-status';
import {
  MAX_SUBPARAGRAPH_LEVEL,
  type ResolutionHeader,
  type SubParagraphLevel,
  type TextRun,
} from '../schema/resolution-document';

/**
 * The marked-up draft as plain data, for the negotiators' exports (the
 * compilation, the DOCX with tracked changes): every paragraph in the order of
 * the text, numbered as the marked-up view numbers it ("OP5 bis"), with its
 * status, its paragraph amendment, and its text with the pending insertions
 * and deletions marked.
 */

/** Which amendment a piece of text or a paragraph belongs to. */
export interface MarkupRevision {
  suggestionId: string;
  /** Delegation code, e.g. `FRA`. */
  delegation: string;
}

/** A run of text, with the pending amendment that inserts or deletes it. */
export interface MarkupTextRun extends TextRun {
  insertion?: MarkupRevision;
  deletion?: MarkupRevision;
}

/** A footnote marker, with the pending amendment that inserts or deletes it. */
export interface MarkupFootnoteRun {
  footnote: TextRun[];
  insertion?: MarkupRevision;
  deletion?: MarkupRevision;
}

export type MarkupRun = MarkupTextRun | MarkupFootnoteRun;

export function isMarkupFootnote(run: MarkupRun): run is MarkupFootnoteRun {
  return 'footnote' in run;
}

/** A paragraph-level amendment: a new paragraph, a paragraph deletion, or one end of a move. */
export interface MarkupParagraphAmendment extends MarkupRevision {
  kind: ParagraphAmendmentKind;
  /**
   * For a move whose two ends are in the text: the reference of the other
   * end's first paragraph ("OP15" for each paragraph of the `moveTo` end).
   */
  counterpart?: string;
}

export interface MarkupParagraph {
  kind: ParagraphLabel['kind'];
  /** Sub-paragraph level, 1…4 (1 for the other kinds). */
  level: SubParagraphLevel;
  /** For a section heading: whether it carries a roman numeral. */
  numbered: boolean;
  paragraphId: string | null;
  /** The label printed in the text: "5.", "5 bis.", "(a)", "II", "" for PPs. */
  label: string;
  /** How negotiators refer to it: "PP2", "OP5 bis", "OP3 (a)", "Section II". */
  reference: string;
  status: ParagraphStatus | null;
  amendment: MarkupParagraphAmendment | null;
  /**
   * In a comparison of two revisions: the label it had in the older one, when
   * it differs, and the revision that changed it (the DOCX shows the old label
   * deleted and the new one inserted).
   */
  relabelled?: { from: string; revision: MarkupRevision };
  runs: MarkupRun[];
}

/** What is known of an amendment beyond the text (the `amendments` map). */
export interface MarkupAmendmentInfo {
  delegation: string;
  /** Who proposed it. */
  name?: string;
  /** ISO time of creation. */
  createdAt?: string;
  rationale?: string;
  /** Delegations supporting it and objecting to it (issue 23), in the order they said so. */
  support?: string[];
  object?: string[];
}

export interface MarkupDraft {
  header: ResolutionHeader;
  paragraphs: MarkupParagraph[];
  /** By amendment id; an amendment whose record has not arrived is missing. */
  amendments: Record<string, MarkupAmendmentInfo>;
}

function revision(node: ProseMirrorNode, markName: string): MarkupRevision | undefined {
  const mark = node.marks.find((candidate) => candidate.type.name === markName);
  if (!mark) return undefined;
  return {
    suggestionId: String(mark.attrs.suggestionId),
    delegation: String(mark.attrs.delegation),
  };
}

function sameRevision(a: MarkupRevision | undefined, b: MarkupRevision | undefined): boolean {
  return a?.suggestionId === b?.suggestionId && a?.delegation === b?.delegation;
}

function plainRun(node: ProseMirrorNode): TextRun {
  const run: TextRun = { text: node.text ?? '' };
  if (node.marks.some((mark) => mark.type.name === 'italic')) run.italic = true;
  if (node.marks.some((mark) => mark.type.name === 'bold')) run.bold = true;
  return run;
}

/** Appends `run`, merged into the previous run when formatting and amendment are the same. */
function pushRun(runs: MarkupRun[], run: MarkupTextRun): void {
  if (!run.text) return;
  const last = runs.at(-1);
  if (
    last &&
    !isMarkupFootnote(last) &&
    !!last.italic === !!run.italic &&
    !!last.bold === !!run.bold &&
    sameRevision(last.insertion, run.insertion) &&
    sameRevision(last.deletion, run.deletion)
  ) {
    last.text += run.text;
  } else {
    runs.push(run);
  }
}

type Revisions = Pick<MarkupTextRun, 'insertion' | 'deletion'>;

function withRevisions<T extends object>(run: T, node: ProseMirrorNode): T & Revisions {
  const insertion = revision(node, INSERTION_MARK);
  const deletion = revision(node, DELETION_MARK);
  return { ...run, ...(insertion ? { insertion } : {}), ...(deletion ? { deletion } : {}) };
}

function markupRuns(paragraph: ProseMirrorNode): MarkupRun[] {
  const runs: MarkupRun[] = [];
  paragraph.forEach((child) => {
    if (child.isText) {
      pushRun(runs, withRevisions(plainRun(child), child));
    } else if (child.type.name === 'footnote') {
      const footnote: TextRun[] = [];
      child.forEach((text) => {
        const run = plainRun(text);
        const last = footnote.at(-1);
        if (last && !!last.italic === !!run.italic && !!last.bold === !!run.bold) {
          last.text += run.text;
        } else if (run.text) {
          footnote.push(run);
        }
      });
      runs.push(withRevisions({ footnote }, child));
    }
  });
  return runs;
}

function subParagraphLevel(node: ProseMirrorNode): SubParagraphLevel {
  const level = Math.trunc(Number(node.attrs.level) || 1);
  return Math.min(MAX_SUBPARAGRAPH_LEVEL, Math.max(1, level)) as SubParagraphLevel;
}

/** The marked-up draft of a ProseMirror body, its header and amendment records. */
export function markupDraftFromBody(
  pmDoc: ProseMirrorNode,
  header: ResolutionHeader,
  amendments: Record<string, MarkupAmendmentInfo> = {},
): MarkupDraft {
  const labels = new Map(labelParagraphs(pmDoc, 'markup').map((label) => [label.pos, label]));
  const paragraphs: MarkupParagraph[] = [];
  pmDoc.descendants((node, pos) => {
    const label = labels.get(pos);
    if (!label) return true;
    const suggestion = paragraphSuggestion(node);
    const status: unknown = node.attrs.status;
    paragraphs.push({
      kind: label.kind,
      level: label.kind === 'subParagraph' ? subParagraphLevel(node) : 1,
      numbered: label.kind === 'heading' ? node.attrs.numbered !== false : false,
      paragraphId: label.paragraphId,
      label: label.label,
      reference: label.reference,
      status: isParagraphStatus(status) ? status : null,
      amendment: suggestion
        ? {
            suggestionId: suggestion.suggestionId,
            delegation: suggestion.delegation,
            kind: suggestion.kind,
          }
        : null,
      runs: markupRuns(node),
    });
    return false;
  });
  // Each paragraph of a move's end (its sub-paragraphs too) names the other end's first paragraph.
  const moves = new Map<string, MarkupParagraph[]>();
  for (const paragraph of paragraphs) {
    const amendment = paragraph.amendment;
    if (amendment?.kind !== 'moveFrom' && amendment?.kind !== 'moveTo') continue;
    moves.set(amendment.suggestionId, [...(moves.get(amendment.suggestionId) ?? []), paragraph]);
  }
  for (const ends of moves.values()) {
    const from = ends.find((paragraph) => paragraph.amendment?.kind === 'moveFrom');
    const to = ends.find((paragraph) => paragraph.amendment?.kind === 'moveTo');
    if (!from || !to) continue;
    for (const paragraph of ends) {
      if (!paragraph.amendment) continue;
      paragraph.amendment.counterpart = (
        paragraph.amendment.kind === 'moveFrom' ? to : from
      ).reference;
    }
  }
  return { header, paragraphs, amendments };
}

/** The marked-up draft of a draft's Y.Doc: header, body with pending amendments, their records. */
export function markupDraft(doc: Y.Doc): MarkupDraft {
  const amendments: Record<string, MarkupAmendmentInfo> = {};
  const positions = readPositions(doc);
  for (const [id, meta] of amendmentsMap(doc).entries()) {
    if (typeof meta !== 'object' || meta === null) continue;
    const taken = positions.get(id);
    amendments[id] = {
      delegation: meta.delegation,
      name: meta.name,
      createdAt: meta.createdAt,
      ...(meta.rationale ? { rationale: meta.rationale } : {}),
      ...(taken?.support.length ? { support: taken.support } : {}),
      ...(taken?.object.length ? { object: taken.object } : {}),
    };
  }
  return markupDraftFromBody(draftBodyState(doc).doc, readHeader(doc), amendments);
}
