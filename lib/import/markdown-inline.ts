import type { TextRun } from '../schema/resolution-document';
import { ImportError } from './import-result';

/** A footnote marker in the text: `[^3]` or `<sup>3</sup>`. */
export interface FootnoteReference {
  /** The label between the brackets or tags: "3", "note". */
  ref: string;
  /** The marker as written, for messages. */
  marker: string;
  line: number;
}

/** What the inline parser yields: text runs and footnote references still to resolve. */
export type MarkdownInline = TextRun | FootnoteReference;

/** The inline item is a footnote marker, not text. */
export function isFootnoteReference(run: MarkdownInline): run is FootnoteReference {
  return 'ref' in run;
}

/** Text joined from source lines, able to say which line an offset came from. */
export interface SourceText {
  text: string;
  /** 1-based line number of the character at `offset`. */
  lineAt(offset: number): number;
}

/** Joins lines (each with its 1-based number) with single spaces, remembering where each began. */
export function joinLines(lines: readonly { text: string; line: number }[]): SourceText {
  const starts: { offset: number; line: number }[] = [];
  let text = '';
  for (const { text: line, line: number } of lines) {
    if (text) text += ' ';
    starts.push({ offset: text.length, line: number });
    text += line.trim();
  }
  return {
    text,
    lineAt(offset) {
      let line = starts[0]?.line ?? 1;
      for (const start of starts) if (start.offset <= offset) line = start.line;
      return line;
    },
  };
}

const ESCAPABLE = /[\\`*_{}[\]()<>#+\-.!|~^"'$&%@:;,/=?]/;

/** Offset just after the `(url)` of a link whose text closes at `close`, or -1. */
function linkEnd(text: string, close: number): number {
  if (text[close + 1] !== '(') return -1;
  let depth = 0;
  for (let i = close + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

/** Offset of the `]` closing a link text that opens at `open`, or -1. */
function linkTextEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '[') return -1;
    else if (text[i] === ']') return linkEnd(text, i) >= 0 ? i : -1;
  }
  return -1;
}

/**
 * Reads Markdown inline syntax: `*italic*`, `**bold**`, backslash escapes,
 * links (their text is kept, the address dropped), `<br>`, and footnote
 * markers `[^n]` and `<sup>n</sup>` (returned as references; with
 * `footnotes: false` they stay text). An asterisk with spaces on both sides
 * is text.
 * @throws ImportError when an italic or bold span is not closed.
 */
export function parseMarkdownInline(
  source: SourceText,
  options: { footnotes?: boolean } = {},
): MarkdownInline[] {
  const { text } = source;
  const runs: MarkdownInline[] = [];
  let italicFrom = -1;
  let boldFrom = -1;
  let current = '';
  const linkSkips = new Map<number, number>();
  const flush = () => {
    if (current) {
      runs.push({
        text: current,
        ...(italicFrom >= 0 ? { italic: true } : {}),
        ...(boldFrom >= 0 ? { bold: true } : {}),
      });
    }
    current = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    const skipTo = linkSkips.get(i);
    if (skipTo !== undefined) {
      i = skipTo - 1;
      continue;
    }
    if (char === '\\' && ESCAPABLE.test(text[i + 1] ?? '')) {
      current += text[++i];
      continue;
    }
    const rest = text.slice(i);
    const sup = /^<sup>\s*([^<\s]+)\s*<\/sup>/i.exec(rest);
    const note = /^\[\^([^\]\s]+)\]/.exec(rest);
    const marker = sup ?? note;
    if (marker && options.footnotes !== false) {
      flush();
      runs.push({ ref: marker[1] ?? '', marker: marker[0], line: source.lineAt(i) });
      i += marker[0].length - 1;
      continue;
    }
    const br = /^<br\s*\/?>/i.exec(rest);
    if (br) {
      current += ' ';
      i += br[0].length - 1;
      continue;
    }
    if (char === '[') {
      const close = linkTextEnd(text, i);
      if (close >= 0) {
        linkSkips.set(close, linkEnd(text, close));
        continue;
      }
    }
    if (char === '*') {
      const double = text[i + 1] === '*';
      const before = text[i - 1] ?? ' ';
      const after = text[i + (double ? 2 : 1)] ?? ' ';
      if (/\s/.test(before) && /\s/.test(after)) {
        current += double ? '**' : '*';
        if (double) i++;
        continue;
      }
      flush();
      if (double) {
        boldFrom = boldFrom >= 0 ? -1 : i;
        i++;
      } else {
        italicFrom = italicFrom >= 0 ? -1 : i;
      }
      continue;
    }
    current += char;
  }
  flush();
  const open = italicFrom >= 0 ? { from: italicFrom, kind: 'italic' } : null;
  const openBold = boldFrom >= 0 ? { from: boldFrom, kind: 'bold' } : null;
  const unclosed = open ?? openBold;
  if (unclosed) {
    throw new ImportError(
      `Line ${source.lineAt(unclosed.from)}: unterminated ${unclosed.kind} span: the ` +
        `${unclosed.kind === 'italic' ? '“*”' : '“**”'} that opens it is never closed in this paragraph.`,
    );
  }
  return runs;
}
