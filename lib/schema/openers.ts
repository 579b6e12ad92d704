/**
 * The opening phrases of preambular and operative paragraphs, from the
 * official GA corpus, sessions 76–79 (DOMAIN.md §3), most frequent first.
 * They are suggestions, not a closed vocabulary: a paragraph may open with
 * any participle or verb, and the style rules then fall back to its first word.
 */

/** Which part of the resolution a paragraph belongs to, for its opener. */
export type OpenerKind = 'preambular' | 'operative';

/** How a repeated opener is marked: bare "Recalling", "Recalling also", "Further requests"… */
export type OpenerForm = 'bare' | 'also' | 'further' | 'inParticular';

const PREAMBULAR_BASE: readonly string[] = [
  // Top 40
  'Recalling',
  'Recognizing',
  'Reaffirming',
  'Noting',
  'Recalling also',
  'Welcoming',
  'Taking note',
  'Emphasizing',
  'Stressing',
  'Recognizing also',
  'Acknowledging',
  'Reaffirming also',
  'Recalling further',
  'Bearing in mind',
  'Having considered',
  'Mindful',
  'Deeply concerned',
  'Convinced',
  'Noting with concern',
  'Expressing concern',
  'Underlining',
  'Noting with appreciation',
  'Concerned',
  'Reiterating',
  'Noting also',
  'Recognizing further',
  'Reaffirming further',
  'Noting with great concern',
  'Welcoming also',
  'Aware',
  'Expressing deep concern',
  'Conscious',
  'Considering',
  'Encouraging',
  // The corpus italicises only "Guided" in "Guided by".
  'Guided',
  'Taking note with appreciation',
  'Highlighting',
  'Affirming',
  'Noting with satisfaction',
  'Taking note also',
  // Less frequent
  'Underscoring',
  'Condemning',
  'Gravely concerned',
  'Taking into account',
  'Commending',
  'Cognizant',
  'Alarmed',
  'Having examined',
  'Deploring',
  'Looking forward',
  'Seriously concerned',
  'Strongly condemning',
  'Determined',
  'Having heard',
  'Having received',
  // Seen in the fixtures (fixtures/*.md)
  'Expressing its appreciation',
  'Expressing its concern',
  'Expressing its deep concern',
  'Noting with deep concern',
  'Being satisfied',
  'Observing',
];

const OPERATIVE_BASE: readonly string[] = [
  // Top 40
  'Encourages',
  'Requests',
  'Calls upon',
  'Welcomes',
  'Recognizes',
  'Urges',
  'Decides',
  'Reaffirms',
  'Invites',
  'Recalls',
  'Takes note',
  'Stresses',
  'Notes',
  'Emphasizes',
  'Acknowledges',
  'Reiterates',
  'Also requests',
  'Underlines',
  'Also encourages',
  'Notes with appreciation',
  'Endorses',
  'Expresses its appreciation',
  'Also decides',
  'Also recognizes',
  'Calls for',
  'Also calls upon',
  'Also welcomes',
  'Also reaffirms',
  'Commends',
  'Also recalls',
  'Takes note with appreciation',
  'Notes with concern',
  'Expresses concern',
  'Further decides',
  'Reiterates its request',
  'Also notes',
  'Approves',
  'Recommends',
  'Also stresses',
  'Also emphasizes',
  // Less frequent
  'Affirms',
  'Strongly condemns',
  'Condemns',
  'Demands',
  'Appeals',
  'Authorizes',
  'Supports',
  'Appropriates',
  'Looks forward',
  'Decides to remain seized',
  // Seen in the fixtures (fixtures/*.md)
  'Calls once again upon',
  'Expresses its deep concern',
  'Considers',
];

const PREAMBULAR_SUFFIXES: Readonly<Record<Exclude<OpenerForm, 'bare'>, string>> = {
  also: 'also',
  further: 'further',
  inParticular: 'in particular',
};

const OPERATIVE_PREFIXES: Readonly<Record<'also' | 'further', string>> = {
  also: 'Also',
  further: 'Further',
};

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A repeated opener in the form the sequence rules suggest: "Recalling" →
 * "Recalling also" / "Recalling further"; "Requests" → "Also requests" /
 * "Further requests". `base` is the bare opener. Operative openers have no
 * "in particular" form: the base is returned as it is.
 */
export function openerInForm(base: string, form: OpenerForm, kind: OpenerKind): string {
  if (form === 'bare') return base;
  if (kind === 'preambular') return `${base} ${PREAMBULAR_SUFFIXES[form]}`;
  if (form === 'inParticular') return base;
  return `${OPERATIVE_PREFIXES[form]} ${lowerFirst(base)}`;
}

/** The opener split into its bare form and how it is marked as a repetition. */
export interface ParsedOpener {
  /** The bare opener, capitalised: "Recalling", "Requests", "Calls upon". */
  base: string;
  form: OpenerForm;
}

/**
 * Splits an opener into bare form and repetition marker: "Recalling also" →
 * Recalling/also, "Noting also with concern" → "Noting with concern"/also,
 * "Further requests" → Requests/further. "Calls once again upon" is its own
 * opener: "once again" refers to earlier resolutions, not to the paragraph before.
 */
export function parseOpener(opener: string, kind: OpenerKind): ParsedOpener {
  const words = opener.split(/\s+/).filter((word) => word.length > 0);
  if (kind === 'operative') {
    const first = words[0] ?? '';
    if (words.length > 1 && (first === 'Also' || first === 'Further')) {
      return {
        base: upperFirst(words.slice(1).join(' ')),
        form: first === 'Also' ? 'also' : 'further',
      };
    }
    return { base: words.join(' '), form: 'bare' };
  }
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    if (word === 'also' || word === 'further') {
      const rest = [...words.slice(0, i), ...words.slice(i + 1)];
      return { base: rest.join(' '), form: word };
    }
    if (word === 'in' && words[i + 1] === 'particular') {
      const rest = [...words.slice(0, i), ...words.slice(i + 2)];
      return { base: rest.join(' '), form: 'inParticular' };
    }
  }
  return { base: words.join(' '), form: 'bare' };
}

function withForms(base: readonly string[], kind: OpenerKind): readonly string[] {
  const all = new Set<string>(base);
  const forms: readonly OpenerForm[] =
    kind === 'preambular' ? ['also', 'further', 'inParticular'] : ['also', 'further'];
  for (const opener of base) {
    if (parseOpener(opener, kind).form !== 'bare' || opener.includes(' once again ')) continue;
    for (const form of forms) all.add(openerInForm(opener, form, kind));
  }
  return [...all];
}

/**
 * Known preambular openers ("Recalling", "Deeply concerned"), with their
 * repeated forms ("Recalling also", "Recalling further", "Recalling in particular").
 */
export const PREAMBULAR_OPENERS: readonly string[] = withForms(PREAMBULAR_BASE, 'preambular');

/**
 * Known operative openers ("Requests", "Calls upon"), with their repeated
 * forms ("Also requests", "Further requests").
 */
export const OPERATIVE_OPENERS: readonly string[] = withForms(OPERATIVE_BASE, 'operative');

/** Openers by their first word, longest first. */
function indexByFirstWord(openers: readonly string[]): ReadonlyMap<string, readonly string[]> {
  const index = new Map<string, string[]>();
  for (const opener of openers) {
    const first = opener.split(' ')[0] ?? opener;
    const list = index.get(first) ?? [];
    list.push(opener);
    index.set(first, list);
  }
  for (const list of index.values()) list.sort((a, b) => b.length - a.length);
  return index;
}

const INDEX: Readonly<Record<OpenerKind, ReadonlyMap<string, readonly string[]>>> = {
  preambular: indexByFirstWord(PREAMBULAR_OPENERS),
  operative: indexByFirstWord(OPERATIVE_OPENERS),
};

const KNOWN: Readonly<Record<OpenerKind, ReadonlySet<string>>> = {
  preambular: new Set(PREAMBULAR_OPENERS),
  operative: new Set(OPERATIVE_OPENERS),
};

/** Characters that may follow an opener: whitespace or punctuation ending a phrase. */
const BOUNDARY = /[\s,;:.]/;

/**
 * The longest known opener that `text` starts with, followed by a word
 * boundary (whitespace, "," ";" ":" "." or the end of the text); null when
 * the paragraph opens with something the lists do not know. Case-sensitive.
 */
export function findOpener(text: string, kind: OpenerKind): string | null {
  const first = /^[^\s,;:.]+/.exec(text)?.[0];
  if (!first) return null;
  for (const opener of INDEX[kind].get(first) ?? []) {
    if (!text.startsWith(opener)) continue;
    const next = text.charAt(opener.length);
    if (next === '' || BOUNDARY.test(next)) return opener;
  }
  return null;
}

/** True when `text` is exactly a known opener ("Recalling", "Calls upon"). */
export function isKnownOpener(text: string, kind: OpenerKind): boolean {
  return KNOWN[kind].has(text);
}
