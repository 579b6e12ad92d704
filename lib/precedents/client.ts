import type { ParagraphMatch, Source } from './precedent-index';

/**
 * The browser's side of the finder: asks the server (`/api/precedents/…`) and
 * remembers the answers by text, so that an edit re-asks only for the
 * paragraphs it changed. Shared by the editor's underlines, the Precedents
 * panel and the Amendments panel.
 */

const MAX_CACHED = 5000;
const cache = new Map<string, ParagraphMatch>();
const inFlight = new Map<string, Promise<ParagraphMatch>>();

function remember(text: string, match: ParagraphMatch): void {
  if (cache.size >= MAX_CACHED) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(text, match);
}

/** What the server said when it refused, for the user. */
async function refusal(response: Response): Promise<Error> {
  const body = (await response.json().catch(() => null)) as { error?: string } | null;
  return new Error(body?.error ?? `The server answered ${response.status}.`);
}

/** A match already known for `text`, without asking. */
export function cachedMatch(text: string): ParagraphMatch | undefined {
  return cache.get(text);
}

/** The matches of `texts`, in order: known ones from memory, the others in one request. */
export async function fetchMatches(
  texts: readonly string[],
  signal?: AbortSignal,
): Promise<ParagraphMatch[]> {
  const missing = [...new Set(texts.filter((text) => !cache.has(text) && !inFlight.has(text)))];
  if (missing.length > 0) {
    const request = fetch('/api/precedents/match', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ texts: missing }),
      signal,
    }).then(async (response) => {
      if (!response.ok) throw await refusal(response);
      const { matches } = (await response.json()) as { matches: ParagraphMatch[] };
      return matches;
    });
    missing.forEach((text, i) => {
      const one = request.then((matches) => {
        const match = matches[i]!;
        remember(text, match);
        return match;
      });
      inFlight.set(text, one);
      void one.catch(() => {}).finally(() => inFlight.delete(text));
    });
  }
  return Promise.all(
    texts.map((text) => {
      const known = cache.get(text);
      return known ? Promise.resolve(known) : inFlight.get(text)!;
    }),
  );
}

/** The agreed passages of one paragraph and the adopted paragraphs closest to it. */
export async function fetchClosest(
  text: string,
  signal?: AbortSignal,
): Promise<{ match: ParagraphMatch; closest: Source[] }> {
  const response = await fetch('/api/precedents/closest', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
    signal,
  });
  if (!response.ok) throw await refusal(response);
  const answer = (await response.json()) as { match: ParagraphMatch; closest: Source[] };
  remember(text, answer.match);
  return answer;
}

/** Share of a match's words inside agreed passages, 0–1 (0 for a text without words). */
export function agreedShare(match: Pick<ParagraphMatch, 'words' | 'agreedWords'>): number {
  return match.words === 0 ? 0 : match.agreedWords / match.words;
}
