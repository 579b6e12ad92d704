import { sourceLine } from './model';
import { matchableText } from './normalise';
import type { Occurrence, ParagraphMatch, Source } from './precedent-index';

/**
 * How much of a proposal's new text is agreed language, for the Amendments
 * panel and the compilation: the paragraph is matched as it would read with
 * the proposal accepted (so a passage running across the edge of the
 * insertion counts), then the inserted words inside agreed passages are
 * counted. Reads marked-up paragraphs (`lib/export/markup.ts`) by their shape
 * only, so that the browser and the server share it.
 */

/** Which amendment inserts or deletes a run. */
interface RunRevision {
  suggestionId: string;
}

/** A run of a marked-up paragraph: text, or a footnote (left out of the match). */
export interface AmendedRun {
  text?: string;
  footnote?: unknown;
  insertion?: RunRevision;
  deletion?: RunRevision;
}

/** A marked-up paragraph: its runs and its paragraph amendment (a new paragraph, a move…). */
export interface AmendedParagraph {
  runs: readonly AmendedRun[];
  amendment: { suggestionId: string; kind: string } | null;
}

/** A paragraph's text as it would read, and where the new words are in it: [start, end) ranges. */
export interface ProposedText {
  text: string;
  inserted: [start: number, end: number][];
}

/** One adopted text the new words come from. */
export interface AgreedSource {
  /** Its newest adoption. */
  newest: Occurrence;
  /** In how many resolutions it stands. */
  resolutions: number;
  /** New words inside passages shared with it. */
  words: number;
}

export interface AgreedLanguage {
  /** New words counted (a paragraph's opener left out, as the finder reads it). */
  words: number;
  /** Of those, the words inside agreed passages. */
  agreedWords: number;
  /** Best first: most new words covered, then the newest adoption, then a word-for-word one. */
  sources: AgreedSource[];
}

const textOf = (run: AmendedRun) => (run.footnote === undefined ? (run.text ?? '') : '');

/**
 * The paragraph as it stands (pending insertions left out, deletions kept,
 * footnotes left out), all of it counted; null for a paragraph that is only
 * proposed (a new paragraph, the new place of a moved one).
 */
export function standingText(paragraph: AmendedParagraph): ProposedText | null {
  const kind = paragraph.amendment?.kind;
  if (kind === 'insert' || kind === 'moveTo') return null;
  const text = paragraph.runs
    .filter((run) => !run.insertion)
    .map(textOf)
    .join('');
  return { text, inserted: [[0, text.length]] };
}

/** The paragraph as it would read with `id` alone accepted, and the words `id` adds. */
function withProposal(paragraph: AmendedParagraph, id: string): ProposedText {
  const whole = paragraph.amendment?.kind === 'insert' && paragraph.amendment.suggestionId === id;
  let text = '';
  const inserted: [number, number][] = [];
  for (const run of paragraph.runs) {
    if (run.insertion && run.insertion.suggestionId !== id) continue;
    if (run.deletion?.suggestionId === id) continue;
    const piece = textOf(run);
    if ((whole || run.insertion) && piece) {
      const last = inserted.at(-1);
      if (last && last[1] === text.length) last[1] += piece.length;
      else inserted.push([text.length, text.length + piece.length]);
    }
    text += piece;
  }
  return { text, inserted };
}

/**
 * Each proposal that adds words (inline or as new paragraphs), by amendment
 * id, in the order of the text: the paragraphs it adds to as they would read
 * with it alone accepted. Deletions and moves add none.
 */
export function proposedTexts(
  paragraphs: readonly AmendedParagraph[],
): Map<string, { paragraph: number; text: ProposedText }[]> {
  const found = new Map<string, { paragraph: number; text: ProposedText }[]>();
  paragraphs.forEach((paragraph, index) => {
    const ids = new Set<string>();
    if (paragraph.amendment?.kind === 'insert') ids.add(paragraph.amendment.suggestionId);
    for (const run of paragraph.runs) {
      if (run.insertion && textOf(run)) ids.add(run.insertion.suggestionId);
    }
    for (const id of ids) {
      const text = withProposal(paragraph, id);
      if (text.inserted.length === 0) continue;
      found.set(id, [...(found.get(id) ?? []), { paragraph: index, text }]);
    }
  });
  return found;
}

/**
 * The agreed language among the new words of `texts` (one proposal's
 * paragraphs, or one paragraph as it stands), given the finder's match of each
 * text; null when they hold no word the finder counts.
 */
export function agreedLanguageOf(
  texts: readonly ProposedText[],
  matches: readonly ParagraphMatch[],
): AgreedLanguage | null {
  let words = 0;
  let agreedWords = 0;
  const bySource = new Map<string, { source: Source; words: number }>();
  texts.forEach(({ text, inserted }, t) => {
    const match = matches[t];
    if (!match) return;
    const all = matchableText(text);
    const isNew = (start: number, end: number) =>
      inserted.some(([from, to]) => start < to && from < end);
    for (const word of all.words.slice(all.opener)) {
      if (!isNew(word.start, word.end)) continue;
      words++;
      const span = match.spans.find((s) => s.start <= word.start && word.end <= s.end);
      if (!span) continue;
      agreedWords++;
      for (const s of span.sources) {
        const source = match.sources[s];
        if (!source?.occurrences[0]) continue;
        // One adopted text reached from several paragraphs is one source.
        const key = source.text;
        const entry = bySource.get(key) ?? { source, words: 0 };
        entry.words++;
        bySource.set(key, entry);
      }
    }
  });
  if (words === 0) return null;
  const sources = [...bySource.values()]
    .map(({ source, words: covered }) => ({
      newest: source.occurrences[0]!,
      resolutions: source.occurrenceCount,
      words: covered,
      exact: source.exact,
    }))
    // Same words and day: the paragraph adopted word for word, then the finder's order.
    .sort(
      (a, b) =>
        b.words - a.words ||
        b.newest.date.localeCompare(a.newest.date) ||
        Number(b.exact) - Number(a.exact),
    )
    .map(({ exact: _exact, ...source }) => source);
  return { words, agreedWords, sources };
}

/** The share as a whole percentage: 100 only when every word is agreed, 0 only when none is. */
export function agreedPercent(language: Pick<AgreedLanguage, 'words' | 'agreedWords'>): number {
  if (language.words === 0 || language.agreedWords === 0) return 0;
  if (language.agreedWords >= language.words) return 100;
  return Math.min(99, Math.max(1, Math.round((100 * language.agreedWords) / language.words)));
}

/** "Agreed language 85%: A/RES/79/166 OP5, adopted without a vote, 17 December 2024" or "New language". */
export function agreedLanguageLine(language: AgreedLanguage): string {
  const percent = agreedPercent(language);
  const best = language.sources[0];
  if (percent === 0) return 'New language';
  return `Agreed language ${percent}%${best ? `: ${sourceLine(best.newest)}` : ''}`;
}
