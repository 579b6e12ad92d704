import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import { DELETION_MARK, INSERTION_MARK, paragraphSuggestion } from '../amendments/model';
import { resolutionSchema } from '../schema/document-extensions';
import { forEachParagraph } from '../schema/paragraph-ids';
import type { ResolutionBody } from '../schema/resolution-document';
import { resolutionJSON } from '../schema/resolution-json';

/** Drafts and readable renderings for tests of amendments as objects. */

/** A draft's Y.Doc holding `body` as its agreed text. */
export function baseDraft(body: ResolutionBody): Y.Doc {
  return prosemirrorJSONToYDoc(resolutionSchema, resolutionJSON(body), BODY_FIELD);
}

/** The ids of a document's paragraphs, in order. */
export function paragraphIds(doc: ProseMirrorNode): string[] {
  const ids: string[] = [];
  forEachParagraph(doc, (node) => ids.push(String(node.attrs.paragraphId)));
  return ids;
}

/**
 * One line per paragraph: `[kind DEL]` for a paragraph amendment, then the
 * text with `{+words+DEL}` for insertions and `{-words-DEL,DEL}` for
 * deletions, `*words*` for italics, `^[note]` for footnotes.
 */
export function renderMarkup(doc: ProseMirrorNode): string[] {
  const lines: string[] = [];
  forEachParagraph(doc, (node) => {
    const suggestion = paragraphSuggestion(node);
    let line = suggestion ? `[${suggestion.kind} ${suggestion.delegation}] ` : '';
    node.forEach((child) => {
      let text = child.isText ? (child.text ?? '') : `^[${child.textContent}]`;
      if (child.marks.some((mark) => mark.type.name === 'italic')) text = `*${text}*`;
      const inserted = child.marks.find((mark) => mark.type.name === INSERTION_MARK);
      const deleted = child.marks
        .filter((mark) => mark.type.name === DELETION_MARK)
        .map((mark) => String(mark.attrs.delegation))
        .sort();
      if (inserted) text = `{+${text}+${String(inserted.attrs.delegation)}}`;
      if (deleted.length > 0) text = `{-${text}-${deleted.join(',')}}`;
      line += text;
    });
    lines.push(line.replace(/\}\{([+-])/g, '}{$1'));
  });
  return lines;
}
