import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type * as Y from 'yjs';
import { collectAmendments } from '../amendments/collect';
import { inlineVisibleIn, paragraphVisibleIn, type AmendmentView } from '../amendments/model';
import { readHeader } from '../collab/draft-header';
import { draftBodyState } from '../drafts/draft-body';
import {
  MAX_SUBPARAGRAPH_LEVEL,
  type InlineRun,
  type OperativeBlock,
  type ResolutionBody,
  type ResolutionDocument,
  type ResolutionHeader,
  type SubParagraphLevel,
  type TextRun,
} from '../schema/resolution-document';

/** The final draft of a Y.Doc, and how many amendments were still pending (and so left out). */
export interface FinalDraft {
  document: ResolutionDocument;
  pending: number;
}

function textRun(node: ProseMirrorNode): TextRun {
  const run: TextRun = { text: node.text ?? '' };
  if (node.marks.some((mark) => mark.type.name === 'italic')) run.italic = true;
  if (node.marks.some((mark) => mark.type.name === 'bold')) run.bold = true;
  return run;
}

/** Appends `run`, merged into the previous run when the formatting is the same. */
function pushText(runs: InlineRun[], run: TextRun): void {
  if (!run.text) return;
  const last = runs.at(-1);
  if (last && 'text' in last && !!last.italic === !!run.italic && !!last.bold === !!run.bold) {
    last.text += run.text;
  } else {
    runs.push(run);
  }
}

/** A paragraph's runs in `view`: hidden text and footnotes left out, split runs merged back. */
function inlineRuns(paragraph: ProseMirrorNode, view: AmendmentView): InlineRun[] {
  const runs: InlineRun[] = [];
  paragraph.forEach((child) => {
    if (!inlineVisibleIn(child, view)) return;
    if (child.isText) {
      pushText(runs, textRun(child));
    } else if (child.type.name === 'footnote') {
      const footnote: InlineRun[] = [];
      child.forEach((text) => pushText(footnote, textRun(text)));
      runs.push({ footnote: footnote.filter((run): run is TextRun => 'text' in run) });
    }
  });
  return runs;
}

function subParagraphLevel(node: ProseMirrorNode): SubParagraphLevel {
  const level = Math.trunc(Number(node.attrs.level) || 1);
  return Math.min(MAX_SUBPARAGRAPH_LEVEL, Math.max(1, level)) as SubParagraphLevel;
}

/**
 * The body of a ProseMirror resolution document as plain data, as `view`
 * shows it ("original": every pending amendment rejected). The inverse of
 * `resolutionJSON`, less the paragraph ids and amendments.
 */
export function resolutionBody(
  pmDoc: ProseMirrorNode,
  view: AmendmentView = 'original',
): ResolutionBody {
  const body: ResolutionBody = { preamble: [], operative: [] };
  pmDoc.descendants((node) => {
    if (node.type.name === 'preamble' || node.type.name === 'operativePart') return true;
    if (!paragraphVisibleIn(node, view)) return false;
    const content = inlineRuns(node, view);
    let block: OperativeBlock | null = null;
    switch (node.type.name) {
      case 'preambularParagraph':
        body.preamble.push(content);
        break;
      case 'operativeParagraph':
        block = { kind: 'paragraph', content };
        break;
      case 'subParagraph':
        block = { kind: 'subParagraph', level: subParagraphLevel(node), content };
        break;
      case 'sectionHeading':
        block = { kind: 'heading', numbered: node.attrs.numbered !== false, content };
        break;
    }
    if (block) body.operative.push(block);
    return false;
  });
  return body;
}

/** The final draft of a body (every pending amendment rejected) with its header. */
export function finalDocumentFromBody(
  pmDoc: ProseMirrorNode,
  header: ResolutionHeader,
): ResolutionDocument {
  return { header, body: resolutionBody(pmDoc, 'original') };
}

/**
 * The final draft of a draft's Y.Doc: the text with every pending amendment
 * rejected, and the number of amendments pending, so that the caller can
 * tell the user before exporting.
 */
export function finalDraft(doc: Y.Doc): FinalDraft {
  const pmDoc = draftBodyState(doc).doc;
  return {
    document: finalDocumentFromBody(pmDoc, readHeader(doc)),
    pending: collectAmendments(pmDoc).length,
  };
}
