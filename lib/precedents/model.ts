/**
 * The adopted paragraphs the agreed-language finder searches, as committed to
 * the repository (`corpus/adopted-paragraphs.json.gz`, written by `npm run
 * corpus:build`): each resolution with what a source line needs (symbol,
 * title, session, adoption date, committee, vote) and its paragraphs as
 * references into one table of distinct texts, since annual resolutions
 * repeat most of their paragraphs year after year.
 */

import { formatUnDate } from '../import/un-date';
import type { Occurrence } from './precedent-index';

export const EXTRACT_FORMAT = 'concord-adopted-paragraphs/1';

/** How a resolution was adopted. */
export type Vote =
  | { kind: 'withoutVote' }
  | { kind: 'recorded'; inFavour: number; against: number; abstaining: number }
  | { kind: 'unknown' };

export interface AdoptedResolution {
  /** "A/RES/78/100"; parts as the UN numbers them ("A/RES/75/101 B"). */
  symbol: string;
  title: string;
  /** 75 for the seventy-fifth session. */
  session: number;
  /** Adoption date, ISO; '' when the file gives none. */
  date: string;
  /** "Third Committee", or "Plenary" for a resolution adopted without reference to a Main Committee. */
  committee: string;
  vote: Vote;
  /** Each paragraph: its reference ("PP3", "OP5 (b)") and the index of its text in `texts`. */
  paragraphs: [ref: string, text: number][];
}

export interface PrecedentExtract {
  format: typeof EXTRACT_FORMAT;
  /** Where it was built from, for the record: "UNxml/GAresolutions, sessions 75–79". */
  source: string;
  /** Newest first (adoption date, then symbol). */
  resolutions: AdoptedResolution[];
  /** Distinct paragraph texts, footnotes left out, in order of first use. */
  texts: string[];
}

/** "adopted without a vote" / "recorded vote 173–3–1" / "" */
export function describeVote(vote: Vote): string {
  if (vote.kind === 'withoutVote') return 'adopted without a vote';
  if (vote.kind === 'recorded') {
    return `recorded vote ${vote.inFavour}–${vote.against}–${vote.abstaining}`;
  }
  return '';
}

/** "A/RES/79/166 OP5, adopted without a vote, 17 December 2024" */
export function sourceLine(occurrence: Occurrence): string {
  const date = occurrence.date ? formatUnDate(occurrence.date) : '';
  return [`${occurrence.symbol} ${occurrence.ref}`, describeVote(occurrence.vote), date]
    .filter(Boolean)
    .join(', ');
}
