/**
 * Names of States whose official short name contains " and ", so that the
 * last " and " of a list is not taken for the separator inside them.
 */
const NAMES_WITH_AND = [
  'Antigua and Barbuda',
  'Bosnia and Herzegovina',
  'Saint Kitts and Nevis',
  'Saint Vincent and the Grenadines',
  'Sao Tome and Principe',
  'São Tomé and Príncipe',
  'Trinidad and Tobago',
  'United Kingdom of Great Britain and Northern Ireland',
  'Group of 77 and China',
] as const;

/** Positions of `text` that lie inside parentheses or inside a name of NAMES_WITH_AND. */
function protectedPositions(text: string): boolean[] {
  const inside = new Array<boolean>(text.length).fill(false);
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    inside[i] = depth > 0;
    if (text[i] === ')' && depth > 0) depth--;
  }
  for (const name of NAMES_WITH_AND) {
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
      for (let i = at; i < at + name.length; i++) inside[i] = true;
    }
  }
  return inside;
}

function splitAt(text: string, separator: string, inside: boolean[], offset: number): number[] {
  const cuts: number[] = [];
  for (let at = text.indexOf(separator); at >= 0; at = text.indexOf(separator, at + 1)) {
    if (!inside[offset + at]) cuts.push(at);
  }
  return cuts;
}

/**
 * Splits a sponsors line as UN documents print it, "A, B and C", into names.
 * Commas and " and " inside parentheses ("Bolivia (Plurinational State of)",
 * "Uganda (on behalf of A, B and C)") and in names such as "Bosnia and
 * Herzegovina" do not separate; a list may also end without " and ".
 * Asterisks marking a note are dropped.
 */
export function parseSponsorList(text: string): string[] {
  const clean = text.replace(/\*/g, '').replace(/\s+/g, ' ').trim();
  if (!clean) return [];
  const inside = protectedPositions(clean);
  const parts: { text: string; offset: number }[] = [];
  let start = 0;
  for (const cut of splitAt(clean, ', ', inside, 0)) {
    parts.push({ text: clean.slice(start, cut), offset: start });
    start = cut + 2;
  }
  parts.push({ text: clean.slice(start), offset: start });
  const last = parts.pop();
  if (last) {
    const cuts = splitAt(last.text, ' and ', inside, last.offset);
    const cut = cuts.at(-1);
    if (cut === undefined) {
      parts.push(last);
    } else {
      parts.push({ text: last.text.slice(0, cut), offset: last.offset });
      parts.push({ text: last.text.slice(cut + 5), offset: last.offset + cut + 5 });
    }
  }
  return parts.map((part) => part.text.trim()).filter((name) => name.length > 0);
}

/** Joins names back into "A, B and C". */
export function formatSponsorList(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * The sponsors named by a draft's sponsors text. Some drafts name no State
 * ("submitted by the Chair of the Committee following informal
 * consultations"); such a description gives no sponsors and a warning.
 */
export function sponsorsFromText(text: string): { sponsors: string[]; warning?: string } {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean) return { sponsors: [] };
  if (/^[a-z]/.test(clean)) {
    return {
      sponsors: [],
      warning: `The sponsors are described, not listed (“${clean}”); no sponsors were recorded.`,
    };
  }
  return { sponsors: parseSponsorList(clean) };
}
