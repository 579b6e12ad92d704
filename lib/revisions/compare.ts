import { diffArrays } from 'diff';
import { resolutionBody } from '../export/final-draft';
import { labelParagraphs, type ParagraphLabel } from '../schema/numbering';
import {
  isFootnoteRun,
  type InlineRun,
  type ResolutionHeader,
  type SubParagraphLevel,
  type TextRun,
} from '../schema/resolution-document';
import { revisionBody, type RevisionContent } from './revision';

/**
 * Two revisions compared clause by clause (issue 22): paragraphs matched by
 * their `paragraphId`, never by position, so that a paragraph moved or
 * renumbered is still the same paragraph; a word-by-word diff inside each
 * changed one. Pure: no storage, no rendering (see comparison-markdown.ts and
 * comparison-docx.ts).
 */

/**
 * How a paragraph changed from the older revision to the newer:
 * - `unchanged`: same words, same number;
 * - `renumbered`: same words, another number (a paragraph inserted or deleted before it);
 * - `changed`: its words (footnotes included) differ;
 * - `moved`: its order among its neighbours changed (its words may have changed too: see `textChanged`);
 * - `added`, `deleted`: in one revision only.
 */
export type ParagraphChange =
  'unchanged' | 'renumbered' | 'changed' | 'moved' | 'added' | 'deleted';

/** One side of a paragraph: where it stands in a revision and how it is numbered there. */
export interface ParagraphPlace {
  kind: ParagraphLabel['kind'];
  /** Sub-paragraph level, 1…4 (1 for the other kinds). */
  level: SubParagraphLevel;
  /** For a section heading: whether it carries a roman numeral. */
  numbered: boolean;
  /** The label printed in the text: "5.", "(a)", "II", "" for PPs. */
  label: string;
  /** "PP3", "OP5 (b)", "Section II", "Heading". */
  reference: string;
  /** Its position among the revision's paragraphs, 0-based, in document order. */
  index: number;
}

/** A stretch of a paragraph's text in the word diff. */
export interface DiffSegment {
  change: 'equal' | 'inserted' | 'deleted';
  /** Text runs and footnotes (a footnote whose text changed is deleted and inserted whole). */
  runs: InlineRun[];
}

export interface ParagraphComparison {
  paragraphId: string;
  change: ParagraphChange;
  /** Whether the words differ (true for `changed`, possibly for `moved`; false for `added` and `deleted`). */
  textChanged: boolean;
  /** Where it stood in the older revision (null when added). */
  older: ParagraphPlace | null;
  /** Where it stands in the newer revision (null when deleted). */
  newer: ParagraphPlace | null;
  /**
   * For a sub-paragraph that moved because its operative paragraph moved: that
   * paragraph's id (the two move as one block).
   */
  movedWith?: string;
  /**
   * The text, word by word: equal, inserted and deleted stretches; one
   * `inserted` segment for an added paragraph, one `deleted` for a deleted one.
   */
  segments: DiffSegment[];
}

/** A header field that differs (lists such as sponsors joined with ", "). */
export interface HeaderChange {
  field: keyof ResolutionHeader;
  older: string;
  newer: string;
}

export interface ComparisonSummary {
  unchanged: number;
  renumbered: number;
  changed: number;
  /** Moved paragraphs, with those whose words changed too. */
  moved: number;
  /** Moved paragraphs whose words changed too (counted in `moved` only). */
  movedAndChanged: number;
  added: number;
  deleted: number;
  /** Header fields that differ. */
  header: number;
}

export interface RevisionComparison {
  /** Every paragraph of either revision once, in the newer one's order; deleted ones where they stood. */
  paragraphs: ParagraphComparison[];
  header: HeaderChange[];
  summary: ComparisonSummary;
}

/** A paragraph of one revision, with its text. */
interface SideParagraph {
  id: string;
  place: ParagraphPlace;
  runs: InlineRun[];
  /** The operative paragraph a sub-paragraph belongs to (null for the others). */
  operative: string | null;
}

/** The paragraphs of a revision in document order, numbered as the text numbers them. */
function sideParagraphs(content: RevisionContent, side: 'older' | 'newer'): SideParagraph[] {
  const doc = revisionBody(content);
  const labels = labelParagraphs(doc, 'original');
  const body = resolutionBody(doc, 'original');
  const blocks = [
    ...body.preamble.map((runs) => ({
      kind: 'preambular' as const,
      runs,
      level: 1,
      numbered: false,
    })),
    ...body.operative.map((block) => ({
      kind: block.kind,
      runs: block.content,
      level: block.kind === 'subParagraph' ? block.level : 1,
      numbered: block.kind === 'heading' && block.numbered,
    })),
  ];
  if (blocks.length !== labels.length)
    throw new Error('A revision holds amendments: no agreed text to compare.');
  const seen = new Set<string>();
  let operative: string | null = null;
  return labels.map((label, index) => {
    const block = blocks[index];
    if (!block) throw new Error('A revision holds amendments: no agreed text to compare.');
    // A paragraph without an id (or a repeated one) cannot be matched: it stands alone on its side.
    const id =
      label.paragraphId && !seen.has(label.paragraphId) ? label.paragraphId : `${side}:${index}`;
    seen.add(id);
    if (label.kind === 'operative') operative = id;
    else if (label.kind !== 'subParagraph') operative = null;
    return {
      id,
      place: {
        kind: label.kind,
        level: block.level as SubParagraphLevel,
        numbered: block.numbered,
        label: label.label,
        reference: label.reference,
        index,
      },
      runs: block.runs,
      operative: label.kind === 'subParagraph' ? operative : null,
    };
  });
}

/** A word, a space or a punctuation mark with its formatting, or a footnote whole. */
type Token = TextRun | { footnote: TextRun[] };

const WORDS = /\s+|[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;

function tokens(runs: readonly InlineRun[]): Token[] {
  return runs.flatMap((run): Token[] =>
    isFootnoteRun(run)
      ? [{ footnote: run.footnote }]
      : (run.text.match(WORDS) ?? []).map((text) => ({ ...run, text })),
  );
}

function formatKey(run: TextRun): string {
  return `${run.italic ? 'i' : ''}${run.bold ? 'b' : ''}|${run.text}`;
}

/** What must be the same for two tokens to be the same word (formatting counts). */
function tokenKey(token: Token): string {
  return 'footnote' in token
    ? `^${token.footnote.map(formatKey).join('\u0000')}`
    : formatKey(token);
}

const isSpace = (token: Token) => !('footnote' in token) && /^\s+$/.test(token.text);

/** Appends `token` to `runs`, merged with the last run when formatted alike. */
function pushToken(runs: InlineRun[], token: Token): void {
  const last = runs.at(-1);
  if (
    last &&
    !('footnote' in token) &&
    !isFootnoteRun(last) &&
    !!last.italic === !!token.italic &&
    !!last.bold === !!token.bold
  ) {
    last.text += token.text;
  } else {
    runs.push('footnote' in token ? { footnote: token.footnote } : { ...token });
  }
}

function segment(change: DiffSegment['change'], list: readonly Token[]): DiffSegment {
  const runs: InlineRun[] = [];
  for (const token of list) pushToken(runs, token);
  return { change, runs };
}

/**
 * The word diff of two paragraphs' runs. Spaces alone between two changes go
 * into the change ("the quick" → "a slow" is one replacement, not two), and
 * in each change the deleted words come before the inserted ones.
 */
export function wordDiff(older: readonly InlineRun[], newer: readonly InlineRun[]): DiffSegment[] {
  const before = tokens(older);
  const after = tokens(newer);
  const parts: { change: DiffSegment['change']; tokens: Token[] }[] = [];
  let o = 0;
  let n = 0;
  for (const part of diffArrays(before.map(tokenKey), after.map(tokenKey))) {
    const count = part.count;
    if (part.added) {
      parts.push({ change: 'inserted', tokens: after.slice(n, n + count) });
      n += count;
    } else if (part.removed) {
      parts.push({ change: 'deleted', tokens: before.slice(o, o + count) });
      o += count;
    } else {
      parts.push({ change: 'equal', tokens: after.slice(n, n + count) });
      o += count;
      n += count;
    }
  }
  const segments: DiffSegment[] = [];
  let deleted: Token[] = [];
  let inserted: Token[] = [];
  const flush = () => {
    if (deleted.length > 0) segments.push(segment('deleted', deleted));
    if (inserted.length > 0) segments.push(segment('inserted', inserted));
    deleted = [];
    inserted = [];
  };
  parts.forEach((part, index) => {
    const between = index > 0 && index < parts.length - 1 && part.tokens.every(isSpace);
    if (part.change === 'equal' && !between) {
      flush();
      segments.push(segment('equal', part.tokens));
      return;
    }
    if (part.change !== 'inserted') deleted.push(...part.tokens);
    if (part.change !== 'deleted') inserted.push(...part.tokens);
  });
  flush();
  return segments;
}

/**
 * The positions (in `values`) of a longest strictly increasing subsequence of
 * `values`: the paragraphs that kept their order; the others moved.
 */
export function longestIncreasing(values: readonly number[]): Set<number> {
  // tails[k]: index in `values` of the smallest last value of an increasing run of length k + 1.
  const tails: number[] = [];
  const previous: number[] = new Array<number>(values.length).fill(-1);
  values.forEach((value, index) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((values[tails[middle] ?? 0] ?? 0) < value) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[index] = tails[low - 1] ?? -1;
    tails[low] = index;
  });
  const kept = new Set<number>();
  for (let at = tails.at(-1) ?? -1; at >= 0; at = previous[at] ?? -1) kept.add(at);
  return kept;
}

/** Ids of the matched paragraphs (given in the newer order) that keep their order, by LIS of their older positions. */
function inOrder(
  matched: readonly SideParagraph[],
  olderIndex: (id: string) => number,
): Set<string> {
  const kept = longestIncreasing(matched.map((paragraph) => olderIndex(paragraph.id)));
  return new Set(matched.filter((_, index) => kept.has(index)).map((paragraph) => paragraph.id));
}

/**
 * Which matched paragraphs moved: operative paragraphs, PPs and headings by
 * their order among themselves (so an OP moved with its sub-paragraphs is one
 * move); a sub-paragraph when it went under another operative paragraph, or
 * changed its order among its own OP's sub-paragraphs, or moved with its OP.
 * Values: the id of the paragraph whose move it belongs to.
 */
function moves(
  older: ReadonlyMap<string, SideParagraph>,
  newer: readonly SideParagraph[],
): Map<string, string> {
  const matched = newer.filter((paragraph) => older.has(paragraph.id));
  const olderIndex = (id: string) => older.get(id)?.place.index ?? -1;
  const moved = new Map<string, string>();
  const topLevel = matched.filter((paragraph) => paragraph.place.kind !== 'subParagraph');
  const keptTop = inOrder(topLevel, olderIndex);
  for (const paragraph of topLevel)
    if (!keptTop.has(paragraph.id)) moved.set(paragraph.id, paragraph.id);
  const byOperative = new Map<string, SideParagraph[]>();
  for (const paragraph of matched) {
    if (paragraph.place.kind !== 'subParagraph') continue;
    const before = older.get(paragraph.id);
    if (!paragraph.operative || before?.operative !== paragraph.operative) {
      moved.set(paragraph.id, paragraph.id);
      continue;
    }
    byOperative.set(paragraph.operative, [
      ...(byOperative.get(paragraph.operative) ?? []),
      paragraph,
    ]);
  }
  for (const [operative, subParagraphs] of byOperative) {
    const kept = inOrder(subParagraphs, olderIndex);
    for (const paragraph of subParagraphs) {
      if (!kept.has(paragraph.id)) moved.set(paragraph.id, paragraph.id);
      else if (moved.has(operative)) moved.set(paragraph.id, operative);
    }
  }
  return moved;
}

/** Where a paragraph is to be shown: in the newer order, or where it stood in the older one. */
export interface Placed<T> {
  value: T;
  /** Its index in the newer revision; null to show it where it stood in the older one. */
  newer: number | null;
  /** Its index in the older revision (null when added). */
  older: number | null;
  /** In the operative part (OPs, sub-paragraphs, headings) rather than the preamble. */
  operative: boolean;
  /** Matched and not moved: a fixed point to place older paragraphs by. */
  stable: boolean;
}

/**
 * The values in the newer order, each one shown at its older place (deleted,
 * or the place a moved paragraph left) just before the next stable paragraph
 * that followed it in the older text, or at the end of its part.
 */
export function interleave<T>(items: readonly Placed<T>[]): T[] {
  const anchors = items
    .filter((item) => item.stable && item.older !== null && item.newer !== null)
    .sort((a, b) => (a.older ?? 0) - (b.older ?? 0));
  const key = (item: Placed<T>): [number, number, number, number] => {
    const part = item.operative ? 1 : 0;
    if (item.newer !== null) return [part, item.newer, 1, 0];
    const older = item.older ?? 0;
    const anchor = anchors.find((candidate) => (candidate.older ?? 0) > older);
    return anchor && anchor.operative === item.operative
      ? [part, anchor.newer ?? 0, 0, older]
      : [part, Number.POSITIVE_INFINITY, 0, older];
  };
  return items
    .map((item) => ({ item, key: key(item) }))
    .sort((a, b) => {
      for (let i = 0; i < 4; i++) {
        const difference = (a.key[i] ?? 0) - (b.key[i] ?? 0);
        if (difference !== 0 && !Number.isNaN(difference)) return difference;
      }
      return 0;
    })
    .map(({ item }) => item.value);
}

function headerValue(value: string | string[]): string {
  return Array.isArray(value) ? value.join(', ') : value;
}

function headerChanges(older: ResolutionHeader, newer: ResolutionHeader): HeaderChange[] {
  const fields = Object.keys({ ...older, ...newer }) as (keyof ResolutionHeader)[];
  return fields.flatMap((field) => {
    const before = headerValue(older[field] ?? '');
    const after = headerValue(newer[field] ?? '');
    return before === after ? [] : [{ field, older: before, newer: after }];
  });
}

function summarise(paragraphs: readonly ParagraphComparison[], header: number): ComparisonSummary {
  const summary: ComparisonSummary = {
    unchanged: 0,
    renumbered: 0,
    changed: 0,
    moved: 0,
    movedAndChanged: 0,
    added: 0,
    deleted: 0,
    header,
  };
  for (const paragraph of paragraphs) {
    summary[paragraph.change]++;
    if (paragraph.change === 'moved' && paragraph.textChanged) summary.movedAndChanged++;
  }
  return summary;
}

/**
 * Compares two revisions of a draft, clause by clause: every paragraph of
 * either once, in the newer revision's order (deleted ones where they stood
 * in the older), matched by `paragraphId`, with its old and new reference, how
 * it changed and its word diff; the header fields that differ; the counts.
 */
export function compareRevisions(
  older: RevisionContent,
  newer: RevisionContent,
): RevisionComparison {
  const before = sideParagraphs(older, 'older');
  const after = sideParagraphs(newer, 'newer');
  const olderById = new Map(before.map((paragraph) => [paragraph.id, paragraph]));
  const newerIds = new Set(after.map((paragraph) => paragraph.id));
  const moved = moves(olderById, after);
  const items: Placed<ParagraphComparison>[] = after.map((paragraph) => {
    const was = olderById.get(paragraph.id);
    if (!was) {
      return {
        value: {
          paragraphId: paragraph.id,
          change: 'added',
          textChanged: false,
          older: null,
          newer: paragraph.place,
          segments: [{ change: 'inserted', runs: paragraph.runs }],
        },
        newer: paragraph.place.index,
        older: null,
        operative: paragraph.place.kind !== 'preambular',
        stable: false,
      };
    }
    const segments = wordDiff(was.runs, paragraph.runs);
    const textChanged = segments.some((part) => part.change !== 'equal');
    const move = moved.get(paragraph.id);
    const change: ParagraphChange =
      move !== undefined
        ? 'moved'
        : textChanged
          ? 'changed'
          : was.place.reference === paragraph.place.reference
            ? 'unchanged'
            : 'renumbered';
    return {
      value: {
        paragraphId: paragraph.id,
        change,
        textChanged,
        older: was.place,
        newer: paragraph.place,
        ...(move !== undefined && move !== paragraph.id ? { movedWith: move } : {}),
        segments,
      },
      newer: paragraph.place.index,
      older: was.place.index,
      operative: paragraph.place.kind !== 'preambular',
      stable: move === undefined,
    };
  });
  for (const paragraph of before) {
    if (newerIds.has(paragraph.id)) continue;
    items.push({
      value: {
        paragraphId: paragraph.id,
        change: 'deleted',
        textChanged: false,
        older: paragraph.place,
        newer: null,
        segments: [{ change: 'deleted', runs: paragraph.runs }],
      },
      newer: null,
      older: paragraph.place.index,
      operative: paragraph.place.kind !== 'preambular',
      stable: false,
    });
  }
  const paragraphs = interleave(items);
  const header = headerChanges(older.header, newer.header);
  return { paragraphs, header, summary: summarise(paragraphs, header.length) };
}

/** A paragraph's text in the older revision (equal and deleted stretches). */
export function olderRuns(paragraph: ParagraphComparison): InlineRun[] {
  return paragraph.segments.flatMap((part) => (part.change === 'inserted' ? [] : part.runs));
}

/** A paragraph's text in the newer revision (equal and inserted stretches). */
export function newerRuns(paragraph: ParagraphComparison): InlineRun[] {
  return paragraph.segments.flatMap((part) => (part.change === 'deleted' ? [] : part.runs));
}
