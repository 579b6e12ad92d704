import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { TextRun } from '../schema/resolution-document';
import { ImportError } from './import-result';
import { isFootnoteReference, joinLines, parseMarkdownInline } from './markdown-inline';

/** A footnote's text as typed in its dialog: `*…*` marks italics (titles), `\*` a star. */
export function footnoteMarkup(node: ProseMirrorNode): string {
  let markup = '';
  node.forEach((child) => {
    const text = (child.text ?? '').replace(/[*\\]/g, (c) => `\\${c}`);
    markup += child.marks.some((mark) => mark.type.name === 'italic') ? `*${text}*` : text;
  });
  return markup;
}

/**
 * Reads a footnote's dialog text back into runs with the importers' inline
 * Markdown reader (footnotes hold italics only); an error says what to correct.
 */
export function parseFootnoteMarkup(markup: string): { runs: TextRun[] } | { error: string } {
  const text = markup.replace(/\s+/g, ' ').trim();
  try {
    const runs = parseMarkdownInline(joinLines([{ text, line: 1 }]), { footnotes: false });
    return {
      runs: runs.flatMap((run) =>
        isFootnoteReference(run)
          ? []
          : [run.italic ? { text: run.text, italic: true } : { text: run.text }],
      ),
    };
  } catch (error) {
    if (error instanceof ImportError) {
      return { error: 'An italic part is not closed: add the closing *.' };
    }
    throw error;
  }
}
