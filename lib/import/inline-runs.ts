import { isFootnoteRun, type InlineRun, type TextRun } from '../schema/resolution-document';

function textRun(text: string, italic: boolean | undefined, bold: boolean | undefined): TextRun {
  return { text, ...(italic ? { italic: true } : {}), ...(bold ? { bold: true } : {}) };
}

function sameFormat(a: TextRun, b: TextRun): boolean {
  return !!a.italic === !!b.italic && !!a.bold === !!b.bold;
}

/**
 * Puts runs in the one form every importer produces, so that two sources of
 * the same text give equal data: whitespace, no-break spaces included,
 * collapsed to single spaces,
 * spaces at the edges of italic or bold runs moved outside them (Markdown
 * cannot express them), neighbours with equal formatting merged, empty runs
 * dropped, and the paragraph trimmed.
 */
export function normalizeRuns<T extends InlineRun>(runs: readonly T[]): T[] {
  const split: InlineRun[] = [];
  for (const run of runs) {
    if (isFootnoteRun(run)) {
      split.push({ footnote: normalizeRuns(run.footnote) });
      continue;
    }
    const text = run.text.replace(/\s+/g, ' ');
    if (!run.italic && !run.bold) {
      split.push(textRun(text, false, false));
      continue;
    }
    const match = /^( ?)(.*?)( ?)$/s.exec(text);
    const [, before = '', inner = '', after = ''] = match ?? [];
    if (before) split.push(textRun(before, false, false));
    if (inner) split.push(textRun(inner, run.italic, run.bold));
    if (after) split.push(textRun(after, false, false));
  }
  const merged: InlineRun[] = [];
  for (const run of split) {
    const last = merged.at(-1);
    if (!isFootnoteRun(run) && last && !isFootnoteRun(last) && sameFormat(last, run)) {
      merged[merged.length - 1] = textRun(
        (last.text + run.text).replace(/ {2,}/g, ' '),
        last.italic,
        last.bold,
      );
    } else {
      merged.push(run);
    }
  }
  const first = merged[0];
  if (first && !isFootnoteRun(first)) merged[0] = { ...first, text: first.text.trimStart() };
  const lastIndex = merged.length - 1;
  const last = merged[lastIndex];
  if (last && !isFootnoteRun(last)) merged[lastIndex] = { ...last, text: last.text.trimEnd() };
  return merged.filter((run) => isFootnoteRun(run) || run.text.length > 0) as T[];
}

/** The text of runs, footnotes left out. */
export function plainText(runs: readonly InlineRun[]): string {
  return runs.map((run) => (isFootnoteRun(run) ? '' : run.text)).join('');
}

/** The number of footnotes in runs. */
export function countFootnotes(runs: readonly InlineRun[]): number {
  return runs.filter(isFootnoteRun).length;
}
