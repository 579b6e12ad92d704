import type { JSONContent } from '@tiptap/core';
import { newId } from './new-id';
import {
  isFootnoteRun,
  type InlineRun,
  type OperativeBlock,
  type ResolutionBody,
  type TextRun,
} from './resolution-document';

export type { ResolutionBody, TextRun } from './resolution-document';

function textJSON(run: TextRun): JSONContent {
  const marks = [
    ...(run.italic ? [{ type: 'italic' }] : []),
    ...(run.bold ? [{ type: 'bold' }] : []),
  ];
  return marks.length > 0
    ? { type: 'text', text: run.text, marks }
    : { type: 'text', text: run.text };
}

function inlineJSON(runs: readonly InlineRun[]): JSONContent[] {
  const content: JSONContent[] = [];
  for (const run of runs) {
    if (isFootnoteRun(run)) {
      const text = run.footnote
        .filter((r) => r.text.length > 0)
        .map((r) => textJSON({ text: r.text, italic: r.italic }));
      content.push({ type: 'footnote', ...(text.length > 0 ? { content: text } : {}) });
    } else if (run.text.length > 0) {
      content.push(textJSON(run));
    }
  }
  return content;
}

function blockJSON(type: string, runs: readonly InlineRun[], attrs: Record<string, unknown> = {}) {
  const content = inlineJSON(runs);
  return {
    type,
    attrs: { paragraphId: newId(), ...attrs },
    ...(content.length > 0 ? { content } : {}),
  };
}

function operativeJSON(block: OperativeBlock): JSONContent {
  switch (block.kind) {
    case 'paragraph':
      return blockJSON('operativeParagraph', block.content);
    case 'subParagraph':
      return blockJSON('subParagraph', block.content, { level: block.level });
    case 'heading':
      // Headings hold plain (or italic) text only.
      return blockJSON(
        'sectionHeading',
        block.content.filter((run) => !isFootnoteRun(run)).map((run) => ({ ...run, bold: false })),
        { numbered: block.numbered },
      );
  }
}

/**
 * The ProseMirror JSON of a resolution body, each paragraph with a fresh id.
 * An empty part gets one empty paragraph, since each part needs at least one.
 */
export function resolutionJSON(body: ResolutionBody): JSONContent {
  const preamble = body.preamble.length > 0 ? body.preamble : [[]];
  const operative: OperativeBlock[] =
    body.operative.length > 0 ? body.operative : [{ kind: 'paragraph', content: [] }];
  return {
    type: 'doc',
    content: [
      { type: 'preamble', content: preamble.map((p) => blockJSON('preambularParagraph', p)) },
      { type: 'operativePart', content: operative.map(operativeJSON) },
    ],
  };
}
