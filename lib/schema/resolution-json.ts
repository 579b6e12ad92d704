import type { JSONContent } from '@tiptap/core';
import { newId } from './new-id';

/** Inline content of a paragraph: text runs, some of them italic or bold. */
export interface TextRun {
  text: string;
  italic?: boolean;
  bold?: boolean;
}

/** The body of a resolution in plain data form. */
export interface ResolutionBody {
  preamble: TextRun[][];
  operative: TextRun[][];
}

function paragraphJSON(type: string, runs: readonly TextRun[]): JSONContent {
  const content = runs
    .filter((run) => run.text.length > 0)
    .map((run) => {
      const marks = [
        ...(run.italic ? [{ type: 'italic' }] : []),
        ...(run.bold ? [{ type: 'bold' }] : []),
      ];
      return marks.length > 0
        ? { type: 'text', text: run.text, marks }
        : { type: 'text', text: run.text };
    });
  return {
    type,
    attrs: { paragraphId: newId() },
    ...(content.length > 0 ? { content } : {}),
  };
}

/**
 * The ProseMirror JSON of a resolution body, each paragraph with a fresh id.
 * An empty part gets one empty paragraph, since each part needs at least one.
 */
export function resolutionJSON(body: ResolutionBody): JSONContent {
  const preamble = body.preamble.length > 0 ? body.preamble : [[]];
  const operative = body.operative.length > 0 ? body.operative : [[]];
  return {
    type: 'doc',
    content: [
      { type: 'preamble', content: preamble.map((p) => paragraphJSON('preambularParagraph', p)) },
      {
        type: 'operativePart',
        content: operative.map((p) => paragraphJSON('operativeParagraph', p)),
      },
    ],
  };
}
