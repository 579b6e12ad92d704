import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { TextRun } from './resolution-document';

/** A footnote's text as typed in its dialog: `*…*` marks italics (titles), `\*` a star. */
export function footnoteMarkup(node: ProseMirrorNode): string {
  let markup = '';
  node.forEach((child) => {
    const text = (child.text ?? '').replace(/[*\\]/g, (c) => `\\${c}`);
    markup += child.marks.some((mark) => mark.type.name === 'italic') ? `*${text}*` : text;
  });
  return markup;
}

/** Reads a footnote's dialog text back into runs; an error says what to correct. */
export function parseFootnoteMarkup(markup: string): { runs: TextRun[] } | { error: string } {
  const runs: TextRun[] = [];
  let italic = false;
  let current = '';
  const flush = () => {
    if (current) runs.push(italic ? { text: current, italic } : { text: current });
    current = '';
  };
  const text = markup.replace(/\s+/g, ' ').trim();
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && i + 1 < text.length) current += text[++i];
    else if (char === '*') {
      flush();
      italic = !italic;
    } else current += char;
  }
  if (italic) return { error: 'An italic part is not closed: add the closing *.' };
  flush();
  return { runs };
}
