/*
 * Advance widths of Times New Roman (and its metric twin Liberation Serif),
 * in thousandths of an em, for the characters of labels and numbers.
 */
/** An em for characters not in the table, so that an estimate errs wide. */
const UNKNOWN = 1000;

/** Each character of `chars` with the width at the same place in `widths`. */
function widthsOf(chars: string, widths: readonly number[]): Record<string, number> {
  return Object.fromEntries([...chars].map((char, i) => [char, widths[i] ?? UNKNOWN]));
}

const LOWER = [
  444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389,
  278, 500, 500, 722, 500, 500, 444,
];
const UPPER = [
  722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556,
  611, 722, 722, 944, 722, 722, 611,
];

const WIDTHS: Readonly<Record<string, number>> = {
  ...widthsOf(' ().,-/', [250, 333, 333, 250, 250, 333, 278]),
  ...widthsOf('0123456789', new Array<number>(10).fill(500)),
  ...widthsOf('abcdefghijklmnopqrstuvwxyz', LOWER),
  ...widthsOf('ABCDEFGHIJKLMNOPQRSTUVWXYZ', UPPER),
};

/** The width of `text` in Times New Roman at `halfPoints` (Word's font size unit), in twips. */
export function timesWidth(text: string, halfPoints: number): number {
  const units = [...text].reduce((sum, char) => sum + (WIDTHS[char] ?? UNKNOWN), 0);
  // units/1000 em × halfPoints/2 pt × 20 twips/pt
  return (units * halfPoints) / 100;
}
