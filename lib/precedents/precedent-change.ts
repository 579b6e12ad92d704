import { matchableText } from './normalise';

/** Where a text's words begin after its opener ("Recalling also "), in characters. */
function afterOpener(text: string): number {
  const { words, opener } = matchableText(text);
  return opener > 0 ? (words[opener]?.start ?? text.length) : 0;
}

/**
 * The change that makes the paragraph read as the precedent, keeping the
 * draft's opener and closing punctuation, as small as the texts allow: the
 * common beginning and end (at word boundaries) are left alone.
 */
export function precedentChange(
  draft: string,
  precedent: string,
): { from: number; to: number; insert: string } | null {
  const closing = /[\s,;:.]*$/;
  const draftEnd = draft.length - (closing.exec(draft)?.[0].length ?? 0);
  const precedentStart = afterOpener(precedent);
  const precedentEnd = precedent.length - (closing.exec(precedent)?.[0].length ?? 0);
  const target =
    draft.slice(0, afterOpener(draft)) +
    precedent.slice(precedentStart, Math.max(precedentStart, precedentEnd)) +
    draft.slice(draftEnd);
  if (target === draft) return null;
  let prefix = 0;
  while (prefix < draft.length && prefix < target.length && draft[prefix] === target[prefix]) {
    prefix++;
  }
  while (prefix > 0 && /\S/.test(draft[prefix - 1] ?? '')) prefix--;
  let suffix = 0;
  while (
    suffix < draft.length - prefix &&
    suffix < target.length - prefix &&
    draft[draft.length - 1 - suffix] === target[target.length - 1 - suffix]
  ) {
    suffix++;
  }
  while (suffix > 0 && /\S/.test(draft[draft.length - suffix] ?? '')) suffix--;
  return {
    from: prefix,
    to: draft.length - suffix,
    insert: target.slice(prefix, target.length - suffix),
  };
}
