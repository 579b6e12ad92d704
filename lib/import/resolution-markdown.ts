import {
  ORGANS,
  type InlineRun,
  type OperativeBlock,
  type SubParagraphLevel,
  type TextRun,
} from '../schema/resolution-document';
import { ImportError, type ImportedResolution } from './import-result';
import { normalizeRuns, plainText } from './inline-runs';
import { commentMetadata, readMarkdownHeader, type SourceLine } from './markdown-header';
import {
  isFootnoteReference,
  joinLines,
  parseMarkdownInline,
  type FootnoteReference,
  type MarkdownInline,
  type SourceText,
} from './markdown-inline';
import type { OpenerKind } from '../schema/openers';
import { openingPhraseLength } from './opening-phrase';
import { CLOSING_MEETING } from './report-line';
import { formatSubParagraphLabel, readSubParagraphLabel } from './sub-paragraph-label';
import { parseUnDate } from './un-date';
import { SubParagraphSequence } from './sub-paragraph-sequence';

export { ImportError, type ImportedResolution } from './import-result';

type ParagraphKind = 'preambular' | 'operative' | 'subParagraph' | 'heading';

/** A paragraph being read, its footnote references not yet resolved. */
interface Paragraph {
  kind: ParagraphKind;
  level?: SubParagraphLevel;
  numbered?: boolean;
  runs: MarkdownInline[];
  line: number;
  /** Its italics were narrowed to the opening phrase (see `narrowWholeItalic`). */
  narrowed?: boolean;
}

interface FootnoteDefinition {
  runs: TextRun[];
  line: number;
}

const OP_START = /^(\d+)\.[ \t]+(?=\S)/;
const HEADING_LINE = /^#{1,6}[ \t]+/;
const RULE = /^(?:-{3,}|\*{3,}|_{3,})$/;
const ROMAN_HEADING = /^(?:\*\*)?([IVXLC]+)\.?(?:\*\*)?$/;
const NOTE_DEFINITION = /^\[\^([^\]\s]+)\]:[ \t]*(.*)$/;
const SUP_DEFINITION = /^<sup>\s*(\d+)\s*<\/sup>[ \t]*(.*)$/i;
const ASTERISK_NOTE = /^(?:\\\*|<sup>\s*\*\s*<\/sup>)[ \t]*(.*)$|^\*[ \t]+(.*)$/i;

function isBlank(text: string): boolean {
  return text.trim().length === 0;
}

/** Replaces comments by as many empty lines, so line numbers stay true; returns their text. */
function withoutComments(text: string): { text: string; comments: string[] } {
  const comments: string[] = [];
  const stripped = text.replace(/<!--([\s\S]*?)-->/g, (comment, inner: string) => {
    comments.push(inner);
    return comment.replace(/[^\n]/g, '');
  });
  const open = stripped.indexOf('<!--');
  if (open >= 0) {
    const line = stripped.slice(0, open).split('\n').length;
    throw new ImportError(`Line ${line}: unterminated HTML comment: “<!--” is never closed.`);
  }
  return { text: stripped, comments };
}

/** Groups non-blank lines separated by blank lines. */
function blocksOf(lines: readonly SourceLine[]): SourceLine[][] {
  const blocks: SourceLine[][] = [];
  let current: SourceLine[] = [];
  for (const line of lines) {
    if (isBlank(line.text)) {
      if (current.length > 0) blocks.push(current);
      current = [];
    } else {
      current.push(line);
    }
  }
  if (current.length > 0) blocks.push(current);
  return blocks;
}

/** The organ of an enacting formula block ("*The General Assembly*,"), or null. */
function formulaOrgan(block: readonly SourceLine[]): string | null {
  const text = block
    .map((line) => line.text.trim())
    .join(' ')
    .replace(/[*\\]/g, '')
    .trim();
  const match = /^The (.+),$/.exec(text);
  const organ = match?.[1] ?? '';
  return (ORGANS as readonly string[]).includes(organ) ? organ : null;
}

/** A line that starts a paragraph of its own even without a blank line before it. */
function startsParagraph(text: string): boolean {
  const trimmed = text.trim();
  return (
    OP_START.test(trimmed) ||
    HEADING_LINE.test(trimmed) ||
    NOTE_DEFINITION.test(trimmed) ||
    readSubParagraphLabel(trimmed) !== null
  );
}

/** Splits a block into paragraphs; lines that start none continue the one before. */
function chunksOf(block: readonly SourceLine[]): SourceLine[][] {
  const chunks: SourceLine[][] = [];
  for (const line of block) {
    const last = chunks.at(-1);
    if (!last || startsParagraph(line.text)) chunks.push([line]);
    else last.push(line);
  }
  return chunks;
}

/** Indentation of a line in levels of four spaces (a tab counts four); null when none. */
function indentLevel(text: string): number | null {
  const indent = /^[ \t]*/.exec(text)?.[0].replace(/\t/g, '    ').length ?? 0;
  return indent >= 4 ? Math.floor(indent / 4) : null;
}

function sliceSource(source: SourceText, from: number): SourceText {
  return { text: source.text.slice(from), lineAt: (offset) => source.lineAt(offset + from) };
}

function textRuns(runs: readonly MarkdownInline[]): TextRun[] {
  return runs.filter((run): run is TextRun => !isFootnoteReference(run));
}

/**
 * PDF conversion renders some paragraphs italic from start to end although
 * only their opening phrase is italic in print (in the draft fixture the
 * continuation on the next page is roman). Such a paragraph keeps its text;
 * only the opening phrase stays italic.
 */
function narrowWholeItalic(
  runs: MarkdownInline[],
  kind: OpenerKind,
): { runs: MarkdownInline[]; narrowed: boolean } {
  const texts = textRuns(runs);
  const full = texts.map((run) => run.text).join('');
  if (texts.length === 0 || !texts.every((run) => run.italic)) return { runs, narrowed: false };
  const phrase = openingPhraseLength(full, kind);
  if (phrase === 0 || phrase >= full.trimEnd().length) return { runs, narrowed: false };
  let seen = 0;
  const narrowed: MarkdownInline[] = [];
  for (const run of runs) {
    if (isFootnoteReference(run)) {
      narrowed.push(run);
      continue;
    }
    const cut = Math.max(0, Math.min(run.text.length, phrase - seen));
    if (cut > 0) narrowed.push({ ...run, text: run.text.slice(0, cut) });
    if (cut < run.text.length) {
      narrowed.push(reformat({ ...run, text: run.text.slice(cut) }, { italic: false }));
    }
    seen += run.text.length;
  }
  return { runs: narrowed, narrowed: true };
}

/** The run with `italic` or `bold` changed; false drops the key. */
function reformat(run: TextRun, format: { italic?: boolean; bold?: boolean }): TextRun {
  const italic = format.italic ?? run.italic;
  const bold = format.bold ?? run.bold;
  return { text: run.text, ...(italic ? { italic } : {}), ...(bold ? { bold } : {}) };
}

function withoutItalic(runs: readonly MarkdownInline[]): MarkdownInline[] {
  return runs.map((run) => (isFootnoteReference(run) ? run : reformat(run, { italic: false })));
}

/** The paragraph's text does not end with , ; : or . (a paragraph cut by a page break). */
function isOpen(paragraph: Paragraph): boolean {
  const text = plainText(textRuns(paragraph.runs)).trim();
  return !/[,;:.]$/.test(text);
}

/** Joins a paragraph continued after a page break; a word hyphenated at the break is not split. */
function joinContinuation(before: MarkdownInline[], after: MarkdownInline[]): MarkdownInline[] {
  const last = before.at(-1);
  const hyphenated = last && !isFootnoteReference(last) && /\p{L}-$/u.test(last.text.trimEnd());
  return [...before, ...(hyphenated ? [] : [{ text: ' ' }]), ...after];
}

/**
 * Reads a resolution in Markdown, in either of the two forms Concord meets:
 * the A/RES texts converted from AKN4UN (`[^n]` footnotes, sub-paragraphs
 * indented four spaces per level, "**77/222. Title**") and drafts converted
 * from the UN PDF (`<sup>n</sup>` markers with the footnote text at the page
 * ends, `---` page breaks, paragraphs split across pages, escapes, links).
 * @throws ImportError saying at which line and why the text cannot be read.
 */
export function importResolutionMarkdown(markdown: string): ImportedResolution {
  const normalized = markdown.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const { text, comments } = withoutComments(normalized);
  const lines = text.split('\n').map((line, i) => ({ text: line, line: i + 1 }));
  const blocks = blocksOf(lines);
  const formulaAt = blocks.findIndex((block) => formulaOrgan(block) !== null);
  const formula = blocks[formulaAt];
  if (!formula) {
    throw new ImportError(
      `No enacting formula found: none of lines 1–${lines.length} reads “The General Assembly,” ` +
        '(or the formula of another organ), so the file does not look like a resolution.',
    );
  }
  const formulaLine = formula[0]?.line ?? 1;
  const { header, warnings, sponsorsNoted } = readMarkdownHeader(
    blocks.slice(0, formulaAt).flat(),
    commentMetadata(comments),
  );
  header.organ ||= formulaOrgan(formula) ?? '';

  const paragraphs: Paragraph[] = [];
  const definitions = new Map<string, FootnoteDefinition>();
  const narrowedLines: number[] = [];
  const sequence = new SubParagraphSequence();
  let operativeCount = 0;
  let afterPageBreak = false;
  let closed = false;

  const define = (label: string, body: string, line: number) => {
    const existing = definitions.get(label);
    if (existing) {
      throw new ImportError(
        `Line ${line}: footnote ${label} is defined twice (also at line ${existing.line}).`,
      );
    }
    const runs = parseMarkdownInline(joinLines([{ text: body, line }]), { footnotes: false });
    definitions.set(label, { runs: normalizeRuns(textRuns(runs)), line });
  };

  /** Reads footnote texts (a definition and the lines after it); false when there are none. */
  const readDefinitions = (block: readonly SourceLine[]): boolean => {
    const first = block[0]?.text.trim() ?? '';
    const isDefinition = (line: string) =>
      NOTE_DEFINITION.test(line) ||
      (afterPageBreak && (SUP_DEFINITION.test(line) || ASTERISK_NOTE.test(line))) ||
      /^\\\*[ \t]/.test(line);
    if (!isDefinition(first)) return false;
    const entries: { label: string; lines: SourceLine[] }[] = [];
    for (const line of block) {
      const trimmed = line.text.trim();
      const note =
        NOTE_DEFINITION.exec(trimmed) ?? (afterPageBreak ? SUP_DEFINITION.exec(trimmed) : null);
      const asterisk = note ? null : ASTERISK_NOTE.exec(trimmed);
      if (note) entries.push({ label: note[1] ?? '', lines: [{ ...line, text: note[2] ?? '' }] });
      else if (asterisk && (afterPageBreak || trimmed.startsWith('\\')))
        entries.push({ label: '*', lines: [{ ...line, text: asterisk[1] ?? asterisk[2] ?? '' }] });
      else entries.at(-1)?.lines.push(line);
    }
    for (const entry of entries) {
      const body = entry.lines.map((line) => line.text.trim()).join(' ');
      const line = entry.lines[0]?.line ?? 0;
      if (entry.label === '*' && sponsorsNoted && !header.sponsorsNote) {
        header.sponsorsNote = plainText(
          textRuns(parseMarkdownInline(joinLines([{ text: body, line }]), { footnotes: false })),
        ).trim();
      } else if (entry.label === '*') {
        warnings.push(
          `Line ${line}: the note on the ${sponsorsNoted ? 'sponsors line' : 'asterisk'} ` +
            `(“${body.replace(/\\(.)/g, '$1')}”) was left out: the header has no place for it.`,
        );
      } else {
        define(entry.label, body, line);
      }
    }
    return true;
  };

  /** "54th plenary meeting" and the date under it, the closing of an adopted resolution. */
  const readClosing = (block: readonly SourceLine[]) => {
    const [meeting, date, ...rest] = block;
    header.adoptionMeeting = meeting?.text.trim() ?? '';
    const adopted = date ? parseUnDate(date.text) : null;
    if (date && !adopted) rest.unshift(date);
    if (adopted && header.adoptionDate && adopted !== header.adoptionDate) {
      warnings.push(
        `Line ${date?.line}: the closing date ${adopted} is not the date of adoption ` +
          `(${header.adoptionDate}) of the header; the header's date was kept.`,
      );
    }
    header.adoptionDate ||= adopted ?? '';
    for (const chunk of chunksOf(rest)) if (!readDefinitions(chunk)) readChunk(chunk);
  };

  const readChunk = (chunk: SourceLine[]) => {
    const firstLine = chunk[0];
    if (!firstLine) return;
    const source = joinLines(chunk);
    const trimmed = source.text;
    const previous = paragraphs.at(-1);
    const pageBreak = afterPageBreak;
    afterPageBreak = false;

    if (closed) {
      warnings.push(
        `Line ${firstLine.line}: text after the closing meeting and date was left out: “${trimmed.slice(0, 60)}”.`,
      );
      return;
    }

    const isHeadingLine = HEADING_LINE.test(trimmed) || ROMAN_HEADING.test(trimmed);
    if (pageBreak && previous && previous.kind !== 'heading' && !isHeadingLine) {
      const continues =
        (isOpen(previous) && !OP_START.test(trimmed)) ||
        (/^\p{Ll}/u.test(trimmed) && readSubParagraphLabel(trimmed) === null);
      if (continues) {
        let runs = parseMarkdownInline(source);
        if (previous.narrowed && textRuns(runs).every((run) => run.italic)) {
          runs = withoutItalic(runs);
        }
        previous.runs = joinContinuation(previous.runs, runs);
        return;
      }
    }

    const operativeStarted = paragraphs.some((p) => p.kind !== 'preambular');
    if (isHeadingLine || (operativeStarted && /^\*\*[^*].*\*\*$/.test(trimmed))) {
      const bare = sliceSource(source, /^#{0,6}[ \t]*/.exec(trimmed)?.[0].length ?? 0);
      const roman = ROMAN_HEADING.exec(bare.text.trim());
      const runs = parseMarkdownInline(bare).map((run) =>
        isFootnoteReference(run) ? run : reformat(run, { bold: false }),
      );
      if (roman) {
        paragraphs.push({ kind: 'heading', numbered: true, runs: [], line: firstLine.line });
      } else if (previous?.kind === 'heading' && previous.numbered && previous.runs.length === 0) {
        previous.runs = runs;
      } else {
        paragraphs.push({ kind: 'heading', numbered: false, runs, line: firstLine.line });
      }
      return;
    }

    const op = OP_START.exec(trimmed);
    if (op && indentLevel(firstLine.text) === null) {
      operativeCount++;
      const number = Number(op[1]);
      if (number !== operativeCount) {
        warnings.push(
          `Line ${firstLine.line}: paragraph “${number}.” comes where “${operativeCount}.” ` +
            `was expected; operative paragraphs are numbered by their order.`,
        );
      }
      sequence.reset();
      const { runs, narrowed } = narrowWholeItalic(
        parseMarkdownInline(sliceSource(source, op[0].length)),
        'operative',
      );
      if (narrowed) narrowedLines.push(firstLine.line);
      paragraphs.push({ kind: 'operative', runs, line: firstLine.line, narrowed });
      return;
    }

    const sub = readSubParagraphLabel(trimmed);
    if (sub && operativeCount > 0) {
      const placed = sequence.place(sub.label, {
        indentLevel: indentLevel(firstLine.text) ?? undefined,
        previousIntroducesList:
          previous !== undefined && plainText(textRuns(previous.runs)).trimEnd().endsWith(':'),
      });
      if (placed.outOfSequence) {
        warnings.push(
          `Line ${firstLine.line}: sub-paragraph “${formatSubParagraphLabel(sub.label)}” of ` +
            `paragraph ${operativeCount} is out of sequence; it was read at level ${placed.level} ` +
            'and is labelled by its position.',
        );
      }
      const runs = parseMarkdownInline(sliceSource(source, trimmed.length - sub.rest.length));
      paragraphs.push({ kind: 'subParagraph', level: placed.level, runs, line: firstLine.line });
      return;
    }

    if (operativeStarted) {
      warnings.push(
        `Line ${firstLine.line}: text in the operative part that is neither a numbered paragraph ` +
          `nor a sub-paragraph was left out: “${trimmed.slice(0, 60)}”.`,
      );
      return;
    }
    const { runs, narrowed } = narrowWholeItalic(parseMarkdownInline(source), 'preambular');
    if (narrowed) narrowedLines.push(firstLine.line);
    paragraphs.push({ kind: 'preambular', runs, line: firstLine.line, narrowed });
  };

  for (const block of blocks.slice(formulaAt + 1)) {
    const first = block[0]?.text.trim() ?? '';
    if (block.length === 1 && RULE.test(first)) {
      afterPageBreak = true;
      continue;
    }
    if (CLOSING_MEETING.test(first)) {
      closed = true;
      readClosing(block);
      continue;
    }
    for (const chunk of chunksOf(block)) if (!readDefinitions(chunk)) readChunk(chunk);
  }

  const resolved = resolveFootnotes(paragraphs, definitions, warnings);
  const preamble = resolved.filter((p) => p.kind === 'preambular').map((p) => p.content);
  const operative: OperativeBlock[] = resolved.flatMap((p): OperativeBlock[] => {
    if (p.kind === 'operative') return [{ kind: 'paragraph', content: p.content }];
    if (p.kind === 'subParagraph') {
      return [{ kind: 'subParagraph', level: p.level ?? 1, content: p.content }];
    }
    if (p.kind === 'heading') {
      return [{ kind: 'heading', numbered: p.numbered ?? false, content: p.content }];
    }
    return [];
  });
  const firstOperative = paragraphs.find((p) => p.kind === 'operative' || p.kind === 'heading');
  if (preamble.length === 0) {
    throw new ImportError(
      `Line ${formulaLine + 1}: no preambular paragraph found between the enacting formula ` +
        `(line ${formulaLine}) and ${firstOperative ? `line ${firstOperative.line}` : 'the end'}.`,
    );
  }
  if (operativeCount === 0) {
    throw new ImportError(
      `Line ${lines.length}: no operative paragraph found: nothing after the enacting formula ` +
        `(line ${formulaLine}) is numbered “1.”.`,
    );
  }
  if (narrowedLines.length > 0) {
    warnings.push(
      `Lines ${narrowedLines.join(', ')}: these paragraphs were italic from start to end, as PDF ` +
        'conversion renders them; only their opening phrase was kept italic.',
    );
  }
  return { document: { header, body: { preamble, operative } }, warnings };
}

/** Puts each footnote's text at its marker; numbering follows document order. */
function resolveFootnotes(
  paragraphs: readonly Paragraph[],
  definitions: ReadonlyMap<string, FootnoteDefinition>,
  warnings: string[],
): (Paragraph & { content: InlineRun[] })[] {
  const used = new Set<string>();
  const order: FootnoteReference[] = [];
  const resolved = paragraphs.map((paragraph) => {
    const content = paragraph.runs.map((run): InlineRun => {
      if (!isFootnoteReference(run)) return run;
      const definition = definitions.get(run.ref);
      if (!definition || definition.runs.length === 0) {
        throw new ImportError(
          `Line ${run.line}: footnote reference ${run.marker} with no text: no footnote ` +
            `${run.ref} is defined (“[^${run.ref}]: …” or “<sup>${run.ref}</sup> …” after a page break).`,
        );
      }
      used.add(run.ref);
      order.push(run);
      return { footnote: definition.runs };
    });
    return { ...paragraph, content: normalizeRuns(content) };
  });
  const numbers = order.map((ref) => ref.ref);
  if (numbers.some((label, i) => label !== String(i + 1))) {
    warnings.push(
      `Footnote markers read ${numbers.join(', ')} in document order; footnotes are numbered ` +
        'by their order in the text.',
    );
  }
  for (const [label, definition] of definitions) {
    if (!used.has(label)) {
      warnings.push(
        `Line ${definition.line}: footnote ${label} is never referred to in the text and was left out.`,
      );
    }
  }
  return resolved;
}
