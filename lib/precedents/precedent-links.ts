/** Where the agreed-language search and an adopted resolution's page are, and what their addresses carry. */
export const PRECEDENT_SEARCH_PATH = '/precedents';
export const PRECEDENT_RESOLUTION_PATH = '/precedents/resolution';

/** The search's fields in an address (`?q=&session=&committee=&adopted=`). */
export const SEARCH_FIELDS = ['q', 'session', 'committee', 'adopted'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** A page's search parameters, as Next.js gives them. */
export type PageSearchParams = Record<string, string | string[] | undefined>;

/** The first value of a parameter given once or more. */
export function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The search an address carries: its fields, blank ones left out. */
export function carriedSearch(params: PageSearchParams): URLSearchParams {
  const search = new URLSearchParams();
  for (const field of SEARCH_FIELDS) {
    const value = firstValue(params[field])?.trim();
    if (value) search.set(field, value);
  }
  return search;
}

/** The search page for `search`. */
export function searchHref(search: URLSearchParams): string {
  const query = search.toString();
  return query ? `${PRECEDENT_SEARCH_PATH}?${query}` : PRECEDENT_SEARCH_PATH;
}

/** A paragraph reference as a fragment and element id: "OP5 (b)" → "OP5-b". */
export function paragraphAnchor(ref: string): string {
  return ref.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * The resolution's page, at the paragraph `ref` if given; `search` (the
 * search's fields) is carried along for the way back and the marks.
 */
export function precedentHref(symbol: string, ref?: string, search?: URLSearchParams): string {
  const params = new URLSearchParams({ symbol });
  for (const [key, value] of search ?? []) params.append(key, value);
  const fragment = ref ? `#${paragraphAnchor(ref)}` : '';
  return `${PRECEDENT_RESOLUTION_PATH}?${params}${fragment}`;
}
