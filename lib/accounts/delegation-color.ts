/**
 * Colours readable on white (WCAG AA for text, ≥ 4.5:1) that mark delegations,
 * in the order they are handed out in a draft: each next one as far in hue
 * from those before it as the list allows (blue, red, green, purple, orange,
 * teal, magenta, olive, then darker variants). Colour is never the only mark:
 * the delegation's code is always shown with it.
 */
const PALETTE = [
  '#1f5fa8',
  '#c0392b',
  '#1b7f3b',
  '#7a3fb0',
  '#b35900',
  '#0f7c8c',
  '#a3236b',
  '#4d6b00',
  '#2c3e99',
  '#8e4a1c',
  '#006d5b',
  '#5b4a9e',
] as const;

/**
 * A delegation's colour where no draft is in view (the same code always gets
 * the same colour; two delegations may share one).
 */
export function delegationColor(code: string): string {
  let hash = 0;
  for (const char of code) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? PALETTE[0];
}

/**
 * The colours of the delegations of one draft, in the order given (the order
 * they joined it): the palette's colours in turn, so that the first twelve
 * are all different and the first eight far apart.
 */
export function draftDelegationColors(codes: readonly string[]): Record<string, string> {
  const colors: Record<string, string> = {};
  let next = 0;
  for (const code of codes) {
    if (code in colors) continue;
    colors[code] = PALETTE[next % PALETTE.length] ?? PALETTE[0];
    next++;
  }
  return colors;
}

/** The CSS custom property the draft page sets to a delegation's colour in that draft. */
export function delegationColorProperty(code: string): string {
  return `--delegation-${code.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/**
 * A delegation's colour as CSS: the draft's colour for it where the page set
 * one (`draftDelegationColors`), else `delegationColor`.
 */
export function delegationColorCss(code: string): string {
  return `var(${delegationColorProperty(code)}, ${delegationColor(code)})`;
}
