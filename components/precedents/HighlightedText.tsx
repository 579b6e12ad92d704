import type { ReactNode } from 'react';

/** `text` with the ranges [start, end) in <mark>; ranges in order and apart. */
export function HighlightedText({
  text,
  ranges,
}: {
  text: string;
  ranges: readonly [number, number][];
}) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
