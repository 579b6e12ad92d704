/** Colours readable on white (WCAG AA for text) that mark delegations. */
const PALETTE = [
  '#1f5fa8',
  '#c0392b',
  '#1b7f3b',
  '#7a3fb0',
  '#b35900',
  '#0f7c8c',
  '#2c3e99',
  '#8e4a1c',
  '#a3236b',
  '#4d6b00',
  '#5b4a9e',
  '#006d5b',
] as const;

/** The colour that marks a delegation everywhere: the same code always gets the same colour. */
export function delegationColor(code: string): string {
  let hash = 0;
  for (const char of code) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? PALETTE[0];
}
