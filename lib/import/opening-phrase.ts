import { findOpener, type OpenerKind } from '../schema/openers';

/** Words that make one phrase with the participle or verb before them. */
const CONTINUATIONS = [
  ['note'],
  ['upon'],
  ['for'],
  ['in', 'mind'],
  ['into', 'account'],
  ['forward'],
  ['with', 'appreciation'],
  ['with', 'satisfaction'],
  ['with', 'concern'],
  ['with', 'deep', 'concern'],
  ['with', 'great', 'concern'],
  ['with', 'grave', 'concern'],
  ['its', 'appreciation'],
  ['its', 'concern'],
  ['its', 'deep', 'concern'],
  ['its', 'request'],
  ['deep', 'concern'],
  ['concern'],
];

/** Words that repeat an opener: "Recalling also", "Calls once again upon". */
const MODIFIERS = [['also'], ['further'], ['in', 'particular'], ['once', 'again'], ['again']];

/** Heads that need the next word: "Having considered", "Deeply concerned". */
function takesNextWord(head: string): boolean {
  return head === 'having' || head === 'being' || /ly$/.test(head);
}

function matchAt(words: readonly string[], at: number, phrases: string[][]): number {
  let longest = 0;
  for (const phrase of phrases) {
    if (phrase.length > longest && phrase.every((word, i) => words[at + i] === word)) {
      longest = phrase.length;
    }
  }
  return longest;
}

/**
 * Length in characters of the opening phrase of a preambular or operative
 * paragraph: a known opener of the official corpus (lib/schema/openers), or
 * else the participle or verb with the words that belong to it: "Recalling
 * also" in "Recalling also its resolution …", "Calls once again upon" in
 * "Calls once again upon Israel …". The phrase ends at the first punctuation.
 */
export function openingPhraseLength(text: string, kind: OpenerKind): number {
  const known = findOpener(text, kind);
  if (known) return known.length;
  const tokens = [...text.matchAll(/[^\s]+/g)];
  const words = tokens.map((token) =>
    /^[\p{L}-]+$/u.test(token[0]) ? token[0].toLowerCase() : '',
  );
  if (!words[0]) return /^[\p{L}-]*/u.exec(text)?.[0].length ?? 0;
  let count = words[0] === 'also' || words[0] === 'further' ? 2 : 1;
  if (takesNextWord(words[count - 1] ?? '') && words[count]) count++;
  for (let step = matchAt(words, count, [...CONTINUATIONS, ...MODIFIERS]); step > 0;) {
    count += step;
    step = matchAt(words, count, [...CONTINUATIONS, ...MODIFIERS]);
  }
  const last = tokens[Math.min(count, tokens.length) - 1];
  return last ? (last.index ?? 0) + last[0].length : 0;
}
