import { findOpener } from '../schema/openers';

/**
 * How the agreed-language finder reads a paragraph: its words, lower-cased,
 * without punctuation, each with where it stands in the text, and the opener
 * ("Recalling also", "Further requests") set apart, so that "Recalling also
 * its resolution 77/222" and "Recalling its resolution 77/222" read alike.
 */

/** One word of a paragraph: its normalised form and its place in the text, [start, end). */
export interface Word {
  word: string;
  start: number;
  end: number;
}

/** Letters and digits; an apostrophe or hyphen splits words ("women’s" → women, s). */
const WORD = /[\p{L}\p{N}]+/gu;

/** The words of `text`, lower-cased (NFKC, so "ﬁ" and full-width digits read as plain ones). */
export function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  for (const match of text.matchAll(WORD)) {
    words.push({
      word: match[0].normalize('NFKC').toLowerCase(),
      start: match.index,
      end: match.index + match[0].length,
    });
  }
  return words;
}

/**
 * A participle or verb opening a paragraph that the openers' lists do not
 * know ("Commending", "Also commends"): one capitalised word ending like one,
 * or "Also" / "Further" and a word.
 */
const UNKNOWN_OPENER = /^(?:(?:Also|Further) [a-z]+|[A-Z][a-z]+(?:ing|es|s|ed))(?=[\s,;:.]|$)/;

/** Modifiers that mark a repeated opener without changing what it says. */
const REPEAT_MARKERS = new Set(['also', 'further', 'again', 'moreover']);

/**
 * The number of leading words of `text` that form its opener ("Recalling
 * also" → 2, "Further requests" → 2, "Welcoming with appreciation" → 3), 0 if
 * none is found. Known openers of either part are tried first. `words` are the
 * text's normalised words.
 */
export function openerLength(text: string, words: readonly string[]): number {
  const trimmed = text.trimStart();
  const known = (candidate: string) =>
    findOpener(candidate, 'preambular') ?? findOpener(candidate, 'operative');
  const opener = known(trimmed) ?? UNKNOWN_OPENER.exec(trimmed)?.[0] ?? null;
  let count = opener ? Math.min(opener.match(WORD)?.length ?? 0, words.length) : 0;
  // "Noting also with concern": the marker inside a compound opener ("Noting with concern").
  const marker = /^(\S+) (?:also|further) /.exec(trimmed);
  if (marker) {
    const compound = known(`${marker[1]} ${trimmed.slice(marker[0].length)}`);
    const length = compound ? (compound.match(WORD)?.length ?? 0) + 1 : 0;
    count = Math.max(count, Math.min(length, words.length));
  }
  if (count === 0) return 0;
  // "Recalling also" where the lists know only "Recalling", "Also" before an unknown verb.
  while (count < words.length && REPEAT_MARKERS.has(words[count] ?? '')) count++;
  return count;
}

/** The words of a paragraph as the finder matches them: opener left out. */
export interface MatchableText {
  /** Every word of the text. */
  words: Word[];
  /** How many leading words are the opener (not matched). */
  opener: number;
}

export function matchableText(text: string): MatchableText {
  const words = wordsOf(text);
  return {
    words,
    opener: openerLength(
      text,
      words.map((w) => w.word),
    ),
  };
}

/**
 * The normalised words of an adopted paragraph after its opener, as the index
 * keeps them: the same words `matchableText` gives, faster (no positions).
 */
export function matchableWords(text: string): string[] {
  const words = text.normalize('NFKC').toLowerCase().match(WORD) ?? [];
  return words.slice(openerLength(text, words));
}
