import { matchableText, wordsOf } from './normalise';

/** A search of the adopted paragraphs as the index reads it (`PrecedentIndex.search` calls this). */
export interface SearchTerms {
  /** The query trimmed, with curly quotes round a phrase made straight. */
  query: string;
  /** Its words, normalised as the index keeps them. */
  words: string[];
  /** The words are one phrase, in that order ("in quotes"). */
  phrase: boolean;
}

/** Quotes round the whole query, straight or typographic (“…”, „…“). */
const QUOTED = /^["“„]([^]*)["”“]$/;

/** How the index will read `raw`; `words` is empty when it holds no letters or digits. */
export function searchTerms(raw: string): SearchTerms {
  const trimmed = raw.trim();
  const quoted = trimmed.length >= 2 ? QUOTED.exec(trimmed) : null;
  const inner = quoted ? (quoted[1] ?? '') : trimmed;
  return {
    query: quoted ? `"${inner}"` : trimmed,
    words: wordsOf(inner).map((w) => w.word),
    phrase: quoted !== null,
  };
}

/**
 * Where the searched words stand in an adopted paragraph, [start, end) in its
 * text, in order and apart: each word wherever it stands, or each run of the
 * phrase's words. The paragraph's opener is left out, as the index leaves it out.
 */
export function searchedRanges(text: string, terms: SearchTerms): [number, number][] {
  if (terms.words.length === 0) return [];
  const { words: all, opener } = matchableText(text);
  const words = all.slice(opener);
  const ranges: [number, number][] = [];
  const add = (start: number, end: number) => {
    const last = ranges.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  };
  if (!terms.phrase) {
    const wanted = new Set(terms.words);
    for (const w of words) if (wanted.has(w.word)) add(w.start, w.end);
    return ranges;
  }
  const n = terms.words.length;
  for (let i = 0; i + n <= words.length; i++) {
    if (terms.words.every((word, k) => words[i + k]?.word === word)) {
      add(words[i]!.start, words[i + n - 1]!.end);
    }
  }
  return ranges;
}
