import { matchableText, matchableWords } from './normalise';
import type { AdoptedResolution, PrecedentExtract, Vote } from './model';
import { searchTerms } from './search-terms';

/**
 * The agreed-language finder's index over adopted paragraphs.
 *
 * - Passages: every run of MIN_AGREED_WORDS words of every distinct adopted
 *   text (opener left out) is hashed; the hashes, each with its text's number,
 *   sit sorted in one Float64Array. A draft paragraph's windows are looked up
 *   by binary search; the words of the windows found are its agreed language,
 *   and a window's first hit is checked word for word, so a hash collision
 *   never marks new language as agreed.
 * - Closest paragraphs below that threshold: shared words weighted by how rare
 *   they are (idf), over a word → texts table.
 * - Search: the same table, then the words (or the phrase) checked in order.
 *
 * Words are numbered (`vocabulary`); texts keep their numbered words in one
 * Uint32Array. Nothing here is per request but small arrays.
 */

/** The shortest passage that counts as agreed language, in words. */
export const MIN_AGREED_WORDS = 8;

/** Window keys are hash × 2^16 + text; hashes have 37 bits, so a key stays an exact double. */
const TEXT_BITS = 2 ** 16;
/** How many texts the index reads between two yields when it is built for a server. */
const SLICE = 4000;
/** The window keys are sorted in this many buckets of their top bits (keys are below 2^53). */
const KEY_BUCKETS = 64;
const KEY_BUCKET_SPAN = 2 ** 53 / KEY_BUCKETS;
/** A window found in more texts than this is counted from its first ones only. */
const MAX_HITS_PER_WINDOW = 400;
/** Sources shown for a paragraph. */
const MAX_SOURCES = 5;
/** Resolutions listed for one source text (the count says how many more). */
const MAX_OCCURRENCES = 6;

/** Where an adopted paragraph stands, for a source line and a link to it in context. */
export interface Occurrence {
  symbol: string;
  /** "PP3", "OP5 (b)". */
  ref: string;
  title: string;
  session: number;
  date: string;
  committee: string;
  vote: Vote;
}

/** An adopted text the draft's words come from, or come close to. */
export interface Source {
  text: string;
  /** Words of the draft's paragraph inside passages shared with this text. */
  sharedWords: number;
  /** The same words as the draft's paragraph, opener, case and punctuation aside. */
  exact: boolean;
  /** For a closest paragraph: how alike (0–1, shared rare words); 1 for an exact match. */
  similarity: number;
  /** Newest first. */
  occurrences: Occurrence[];
  /** All the resolutions with this text (occurrences lists the newest MAX_OCCURRENCES). */
  occurrenceCount: number;
}

/** A passage of the draft's paragraph found in adopted texts: [start, end) in its text. */
export interface AgreedSpan {
  start: number;
  end: number;
  words: number;
  /** Indexes into the match's `sources`, best first. */
  sources: number[];
}

export interface ParagraphMatch {
  /** Words matched (the opener left out). */
  words: number;
  /** Of those, the words inside agreed passages. */
  agreedWords: number;
  spans: AgreedSpan[];
  /** Adopted texts sharing passages with the paragraph, most shared first. */
  sources: Source[];
}

export interface SearchFilters {
  session?: number;
  committee?: string;
  adopted?: Vote['kind'];
}

export interface SearchHit extends Occurrence {
  text: string;
}

export interface SearchResult {
  /** Adopted paragraphs found (each resolution's paragraph once), before `limit`. */
  total: number;
  hits: SearchHit[];
}

/** Two 32-bit mixes of a window's word numbers, folded into 37 bits. */
function windowHash(ids: ArrayLike<number>, at: number): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let k = 0; k < MIN_AGREED_WORDS; k++) {
    const id = ids[at + k] ?? 0;
    h1 = Math.imul(h1 ^ id, 0x01000193);
    h2 = Math.imul(h2 ^ (id + 0x9e3779b9), 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return ((h1 >>> 0) % 32) * 2 ** 32 + (h2 >>> 0);
}

/** First index of `keys` not below `value`. */
function lowerBound(keys: Float64Array, value: number): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((keys[mid] ?? 0) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

export class PrecedentIndex {
  readonly resolutions: readonly AdoptedResolution[];
  private readonly texts: readonly string[];
  private readonly vocabulary = new Map<string, number>();
  /** Numbered words of every text, opener left out; text t is tokens[tokenStart[t], tokenStart[t+1]). */
  private tokens!: Uint32Array;
  private tokenStart!: Uint32Array;
  /** Sorted window keys: hash × 2^16 + text. */
  private windows!: Float64Array;
  /** Texts holding each word: wordTexts[wordStart[w], wordStart[w+1]), ascending. */
  private wordStart!: Uint32Array;
  private wordTexts!: Uint32Array;
  /** Sum of the idf of each text's distinct words. */
  private textWeight!: Float64Array;
  /** Resolution and paragraph of each use of a text, newest first: pairs in occurrence[]. */
  private occurrenceStart!: Uint32Array;
  private occurrence!: Uint32Array;
  private readonly bySymbol = new Map<string, number>();

  /**
   * Indexes `extract` at once (a second or two for the whole corpus); a
   * server uses `PrecedentIndex.build`, which lets other work run meanwhile.
   */
  constructor(extract: PrecedentExtract, options: { deferred?: boolean } = {}) {
    this.resolutions = extract.resolutions;
    this.texts = extract.texts;
    if (this.texts.length >= TEXT_BITS) {
      throw new Error(
        `${this.texts.length} distinct texts: the index holds at most ${TEXT_BITS - 1}`,
      );
    }
    if (options.deferred) return;
    const steps = this.prepare();
    while (!steps.next().done) {
      // to the end
    }
  }

  /**
   * The index built a slice at a time, yielding to the event loop between
   * slices (the longest, sorting the windows, takes a few hundred ms), so that
   * a server keeps answering while it builds.
   */
  static async build(extract: PrecedentExtract): Promise<PrecedentIndex> {
    const index = new PrecedentIndex(extract, { deferred: true });
    const steps = index.prepare();
    while (!steps.next().done) await new Promise((resolve) => setImmediate(resolve));
    return index;
  }

  /** Builds the arrays; yields after each slice of SLICE texts or windows. */
  private *prepare(): Generator<void, void, void> {
    const textCount = this.texts.length;
    // Words.
    const perText: Uint32Array[] = [];
    let total = 0;
    for (const text of this.texts) {
      if (perText.length % SLICE === SLICE - 1) yield;
      const words = matchableWords(text);
      const ids = new Uint32Array(words.length);
      words.forEach((word, i) => {
        let id = this.vocabulary.get(word);
        if (id === undefined) {
          id = this.vocabulary.size;
          this.vocabulary.set(word, id);
        }
        ids[i] = id;
      });
      perText.push(ids);
      total += ids.length;
    }
    this.tokens = new Uint32Array(total);
    this.tokenStart = new Uint32Array(textCount + 1);
    let at = 0;
    perText.forEach((ids, t) => {
      this.tokenStart[t] = at;
      this.tokens.set(ids, at);
      at += ids.length;
    });
    this.tokenStart[textCount] = at;

    // Windows.
    const keys = new Float64Array(Math.max(0, total));
    let keyCount = 0;
    for (let t = 0; t < perText.length; t++) {
      if (t % SLICE === SLICE - 1) yield;
      const ids = perText[t]!;
      for (let i = 0; i + MIN_AGREED_WORDS <= ids.length; i++) {
        keys[keyCount++] = windowHash(ids, i) * TEXT_BITS + t;
      }
    }
    yield;
    // Sorted a bucket at a time (by the keys' top bits), so that no slice sorts them all.
    const sorted = new Float64Array(keyCount);
    const bucketOf = (key: number) => Math.floor(key / KEY_BUCKET_SPAN);
    const bucketStart = new Uint32Array(KEY_BUCKETS + 1);
    for (let i = 0; i < keyCount; i++) bucketStart[bucketOf(keys[i] ?? 0) + 1]! += 1;
    for (let b = 0; b < KEY_BUCKETS; b++) bucketStart[b + 1]! += bucketStart[b] ?? 0;
    const place = bucketStart.slice(0, KEY_BUCKETS);
    for (let i = 0; i < keyCount; i++) {
      const key = keys[i] ?? 0;
      sorted[place[bucketOf(key)]!++] = key;
    }
    yield;
    for (let b = 0; b < KEY_BUCKETS; b++) {
      sorted.subarray(bucketStart[b], bucketStart[b + 1]).sort();
      if (b % 8 === 7) yield;
    }
    let unique = 0;
    for (let i = 0; i < sorted.length; i++) {
      if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[unique++] = sorted[i] ?? 0;
    }
    this.windows = sorted.slice(0, unique);
    yield;

    // Word → texts, and each text's weight.
    const vocabularySize = this.vocabulary.size;
    const counts = new Uint32Array(vocabularySize + 1);
    const distinct: Uint32Array[] = [];
    for (const ids of perText) {
      if (distinct.length % SLICE === SLICE - 1) yield;
      distinct.push(Uint32Array.from(new Set(ids)));
    }
    for (const ids of distinct) for (const id of ids) counts[id + 1]! += 1;
    this.wordStart = new Uint32Array(vocabularySize + 1);
    for (let w = 0; w < vocabularySize; w++) {
      this.wordStart[w + 1] = (this.wordStart[w] ?? 0) + (counts[w + 1] ?? 0);
    }
    this.wordTexts = new Uint32Array(this.wordStart[vocabularySize] ?? 0);
    const fill = this.wordStart.slice(0, vocabularySize);
    distinct.forEach((ids, t) => {
      for (const id of ids) this.wordTexts[fill[id]!++] = t;
    });
    this.textWeight = new Float64Array(textCount);
    for (let t = 0; t < distinct.length; t++) {
      if (t % SLICE === SLICE - 1) yield;
      let weight = 0;
      for (const id of distinct[t]!) weight += this.idf(id);
      this.textWeight[t] = weight;
    }
    yield;

    // Text → where it was adopted (resolutions come newest first).
    const uses = new Uint32Array(textCount + 1);
    for (const resolution of this.resolutions) {
      for (const [, text] of resolution.paragraphs) uses[text + 1]! += 1;
    }
    this.occurrenceStart = new Uint32Array(textCount + 1);
    for (let t = 0; t < textCount; t++) {
      this.occurrenceStart[t + 1] = (this.occurrenceStart[t] ?? 0) + (uses[t + 1] ?? 0);
    }
    this.occurrence = new Uint32Array((this.occurrenceStart[textCount] ?? 0) * 2);
    const next = this.occurrenceStart.slice(0, textCount);
    this.resolutions.forEach((resolution, r) => {
      this.bySymbol.set(resolution.symbol, r);
      resolution.paragraphs.forEach(([, text], p) => {
        const slot = next[text]!++;
        this.occurrence[slot * 2] = r;
        this.occurrence[slot * 2 + 1] = p;
      });
    });
  }

  /** Figures for the bench and the log. */
  get size() {
    return {
      resolutions: this.resolutions.length,
      paragraphs: this.resolutions.reduce((sum, r) => sum + r.paragraphs.length, 0),
      distinctTexts: this.texts.length,
      words: this.tokens.length,
      vocabulary: this.vocabulary.size,
      windows: this.windows.length,
    };
  }

  /** Sessions, committees and vote kinds present, for the search filters. */
  facets(): { sessions: number[]; committees: string[] } {
    const sessions = new Set<number>();
    const committees = new Set<string>();
    for (const r of this.resolutions) {
      sessions.add(r.session);
      committees.add(r.committee);
    }
    return {
      sessions: [...sessions].sort((a, b) => b - a),
      committees: [...committees].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
    };
  }

  private idf(word: number): number {
    const df = (this.wordStart[word + 1] ?? 0) - (this.wordStart[word] ?? 0);
    return Math.log(1 + this.texts.length / Math.max(1, df));
  }

  private textTokens(text: number): Uint32Array {
    return this.tokens.subarray(this.tokenStart[text], this.tokenStart[text + 1]);
  }

  /** Whether `text` holds the window of `ids` at `at`, word for word. */
  private holdsWindow(text: number, ids: Int32Array, at: number): boolean {
    const tokens = this.textTokens(text);
    const first = ids[at];
    outer: for (let i = 0; i + MIN_AGREED_WORDS <= tokens.length; i++) {
      if (tokens[i] !== first) continue;
      for (let k = 1; k < MIN_AGREED_WORDS; k++) {
        if (tokens[i + k] !== ids[at + k]) continue outer;
      }
      return true;
    }
    return false;
  }

  /** Numbered words of a query, -1 for a word no adopted text has. */
  private numbered(words: readonly string[]): Int32Array {
    return Int32Array.from(words, (word) => this.vocabulary.get(word) ?? -1);
  }

  private occurrencesOf(text: number): { occurrences: Occurrence[]; count: number } {
    const from = this.occurrenceStart[text] ?? 0;
    const to = this.occurrenceStart[text + 1] ?? 0;
    const occurrences: Occurrence[] = [];
    for (let slot = from; slot < to && occurrences.length < MAX_OCCURRENCES; slot++) {
      occurrences.push(
        this.occurrenceAt(this.occurrence[slot * 2] ?? 0, this.occurrence[slot * 2 + 1] ?? 0),
      );
    }
    return { occurrences, count: to - from };
  }

  private occurrenceAt(r: number, p: number): Occurrence {
    const resolution = this.resolutions[r]!;
    return {
      symbol: resolution.symbol,
      ref: resolution.paragraphs[p]?.[0] ?? '',
      title: resolution.title,
      session: resolution.session,
      date: resolution.date,
      committee: resolution.committee,
      vote: resolution.vote,
    };
  }

  private source(text: number, ids: Int32Array, sharedWords: number, similarity: number): Source {
    const tokens = this.textTokens(text);
    const exact = tokens.length === ids.length && tokens.every((token, i) => token === ids[i]);
    const { occurrences, count } = this.occurrencesOf(text);
    return {
      text: this.texts[text] ?? '',
      sharedWords,
      exact,
      similarity: exact ? 1 : similarity,
      occurrences,
      occurrenceCount: count,
    };
  }

  /**
   * The agreed passages of one paragraph (≥ MIN_AGREED_WORDS words, opener,
   * case, punctuation and footnotes aside: pass the text without footnotes)
   * and the adopted texts they come from.
   */
  match(text: string): ParagraphMatch {
    const { words: all, opener } = matchableText(text);
    const words = all.slice(opener);
    const ids = this.numbered(words.map((w) => w.word));
    const n = ids.length;
    const covered = new Uint8Array(n);
    /** Texts found for each window, first ones first. */
    const hits: (number[] | undefined)[] = [];
    const windowsShared = new Map<number, number>();
    for (let i = 0; i + MIN_AGREED_WORDS <= n; i++) {
      let known = true;
      for (let k = 0; k < MIN_AGREED_WORDS; k++) if ((ids[i + k] ?? -1) < 0) known = false;
      if (!known) continue;
      const base = windowHash(ids, i) * TEXT_BITS;
      const from = lowerBound(this.windows, base);
      const to = Math.min(lowerBound(this.windows, base + TEXT_BITS), from + MAX_HITS_PER_WINDOW);
      if (from === to) continue;
      const found: number[] = [];
      let verified = false;
      for (let slot = from; slot < to; slot++) {
        const t = (this.windows[slot] ?? 0) - base;
        if (!verified) {
          if (!this.holdsWindow(t, ids, i)) continue;
          verified = true;
        }
        found.push(t);
        windowsShared.set(t, (windowsShared.get(t) ?? 0) + 1);
      }
      if (!verified) continue;
      hits[i] = found;
      covered.fill(1, i, i + MIN_AGREED_WORDS);
    }
    // The texts sharing most windows, then the words each covers.
    const ranked = [...windowsShared.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, MAX_SOURCES * 2)
      .map(([t]) => {
        const mine = new Uint8Array(n);
        hits.forEach((found, i) => {
          if (found?.includes(t)) mine.fill(1, i, i + MIN_AGREED_WORDS);
        });
        return { t, mine, shared: mine.reduce((sum, v) => sum + v, 0) };
      })
      .sort((a, b) => b.shared - a.shared || a.t - b.t)
      .slice(0, MAX_SOURCES);
    const sources = ranked.map(({ t, shared }) => this.source(t, ids, shared, shared / n));
    const spans: AgreedSpan[] = [];
    for (let i = 0; i < n;) {
      if (!covered[i]) {
        i++;
        continue;
      }
      let j = i;
      while (j < n && covered[j]) j++;
      const spanSources = ranked
        .map((source, s) => ({ s, inside: source.mine.subarray(i, j).reduce((a, v) => a + v, 0) }))
        .filter((source) => source.inside > 0)
        .sort((a, b) => b.inside - a.inside || a.s - b.s)
        .map((source) => source.s);
      spans.push({
        start: words[i]!.start,
        end: words[j - 1]!.end,
        words: j - i,
        sources: spanSources,
      });
      i = j;
    }
    return {
      words: n,
      agreedWords: covered.reduce((sum, v) => sum + v, 0),
      spans,
      sources,
    };
  }

  /**
   * The adopted texts closest to `text` by the rare words they share (idf,
   * cosine-like), whether or not they share a whole passage: for the
   * Precedents panel. Words in more than a fifth of all texts are not counted.
   */
  closest(text: string, limit = MAX_SOURCES): Source[] {
    const { words: all, opener } = matchableText(text);
    const ids = this.numbered(all.slice(opener).map((w) => w.word));
    const distinct = [...new Set(ids)].filter((id) => id >= 0);
    if (distinct.length === 0) return [];
    const common = this.texts.length / 5;
    const scores = new Map<number, number>();
    let queryWeight = 0;
    for (const id of distinct) {
      const idf = this.idf(id);
      queryWeight += idf;
      const from = this.wordStart[id] ?? 0;
      const to = this.wordStart[id + 1] ?? 0;
      if (to - from > common) continue;
      for (let slot = from; slot < to; slot++) {
        const t = this.wordTexts[slot] ?? 0;
        scores.set(t, (scores.get(t) ?? 0) + idf);
      }
    }
    return [...scores.entries()]
      .map(([t, score]) => ({
        t,
        similarity: score / Math.sqrt(queryWeight * (this.textWeight[t] ?? 1)),
      }))
      .sort((a, b) => b.similarity - a.similarity || a.t - b.t)
      .slice(0, limit)
      .map(({ t, similarity }) => this.source(t, ids, 0, Math.min(1, similarity)));
  }

  /**
   * Adopted paragraphs holding every word of `query` (in order and together
   * when it is quoted: "a phrase", read by `searchTerms`), newest first, filtered.
   */
  search(query: string, filters: SearchFilters = {}, limit = 50): SearchResult {
    const { words, phrase } = searchTerms(query);
    if (words.length === 0) return { total: 0, hits: [] };
    const ids = this.numbered(words);
    if (ids.some((id) => id < 0)) return { total: 0, hits: [] };
    const byRarity = [...new Set(ids)].sort(
      (a, b) =>
        (this.wordStart[a + 1] ?? 0) -
        (this.wordStart[a] ?? 0) -
        ((this.wordStart[b + 1] ?? 0) - (this.wordStart[b] ?? 0)),
    );
    const rarest = byRarity[0]!;
    const others = byRarity.slice(1);
    const matching: number[] = [];
    for (let slot = this.wordStart[rarest] ?? 0; slot < (this.wordStart[rarest + 1] ?? 0); slot++) {
      const t = this.wordTexts[slot] ?? 0;
      const tokens = this.textTokens(t);
      const present = new Set(tokens);
      if (!others.every((id) => present.has(id))) continue;
      if (phrase && !this.holdsSequence(tokens, ids)) continue;
      matching.push(t);
    }
    const allHits: { r: number; p: number; t: number }[] = [];
    for (const t of matching) {
      for (
        let slot = this.occurrenceStart[t] ?? 0;
        slot < (this.occurrenceStart[t + 1] ?? 0);
        slot++
      ) {
        const r = this.occurrence[slot * 2] ?? 0;
        const resolution = this.resolutions[r]!;
        if (filters.session !== undefined && resolution.session !== filters.session) continue;
        if (filters.committee !== undefined && resolution.committee !== filters.committee) continue;
        if (filters.adopted !== undefined && resolution.vote.kind !== filters.adopted) continue;
        allHits.push({ r, p: this.occurrence[slot * 2 + 1] ?? 0, t });
      }
    }
    allHits.sort((a, b) => a.r - b.r || a.p - b.p);
    return {
      total: allHits.length,
      hits: allHits.slice(0, limit).map(({ r, p, t }) => ({
        ...this.occurrenceAt(r, p),
        text: this.texts[t] ?? '',
      })),
    };
  }

  private holdsSequence(tokens: Uint32Array, ids: Int32Array): boolean {
    outer: for (let i = 0; i + ids.length <= tokens.length; i++) {
      for (let k = 0; k < ids.length; k++) if (tokens[i + k] !== ids[k]) continue outer;
      return true;
    }
    return false;
  }

  /** One resolution with its paragraphs' texts, for the paragraph in context. */
  resolution(symbol: string):
    | (Omit<AdoptedResolution, 'paragraphs'> & {
        paragraphs: { ref: string; text: string }[];
      })
    | null {
    const r = this.bySymbol.get(symbol);
    if (r === undefined) return null;
    const resolution = this.resolutions[r]!;
    return {
      ...resolution,
      paragraphs: resolution.paragraphs.map(([ref, t]) => ({ ref, text: this.texts[t] ?? '' })),
    };
  }
}
