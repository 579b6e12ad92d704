import type { Metadata } from 'next';
import Link from 'next/link';
import { AccountBar } from '@/components/auth/AccountBar';
import { AdoptionSummary } from '@/components/precedents/AdoptionSummary';
import { HighlightedText } from '@/components/precedents/HighlightedText';
import { AccessError } from '@/lib/auth/access';
import { requireUser } from '@/lib/auth/current-user';
import type { PrecedentIndex, SearchFilters, SearchResult } from '@/lib/precedents/precedent-index';
import {
  carriedSearch,
  PRECEDENT_SEARCH_PATH,
  precedentHref,
  searchHref,
  type PageSearchParams,
  type SearchField,
} from '@/lib/precedents/precedent-links';
import { requirePrecedentIndex, searchQuerySchema } from '@/lib/precedents/request';
import { searchedRanges, searchTerms, type SearchTerms } from '@/lib/precedents/search-terms';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Agreed language · Concord' };

/** Hits shown; the count says how many there are in all. */
const SHOWN = 50;

const ADOPTED_LABELS = { withoutVote: 'Without a vote', recorded: 'Recorded vote' } as const;

const count = new Intl.NumberFormat('en-GB');

/** "Session 78 (2023–24)": a session opens in September of 1945 + its number. */
function sessionLabel(session: number): string {
  return `Session ${session} (${1945 + session}–${String(1946 + session).slice(-2)})`;
}

interface Props {
  searchParams: Promise<PageSearchParams>;
}

type Facets = ReturnType<PrecedentIndex['facets']>;

/** What is wrong with each field of the search, if anything. */
type FieldErrors = Partial<Record<SearchField, string>>;

type Checked =
  | { kind: 'valid'; terms: SearchTerms; filters: SearchFilters }
  | { kind: 'invalid'; errors: FieldErrors };

/** The search the address asks for, or what is wrong with it, field by field. */
function checkSearch(search: URLSearchParams, facets: Facets): Checked {
  const parsed = searchQuerySchema
    .omit({ limit: true })
    .safeParse({ q: '', ...Object.fromEntries(search) });
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as SearchField;
      errors[field] ??=
        field === 'q'
          ? issue.code === 'too_big'
            ? 'The search is too long: 500 characters at most.'
            : 'Type words to look for, or a phrase in quotes.'
          : 'Choose one from the list.';
    }
    return { kind: 'invalid', errors };
  }
  const { q, ...filters } = parsed.data;
  const terms = searchTerms(q);
  if (terms.words.length === 0) {
    errors.q = `“${q}” has no words to look for: type words, or a phrase in quotes.`;
  }
  if (filters.session !== undefined && !facets.sessions.includes(filters.session)) {
    errors.session = `Concord holds no resolution of session ${filters.session}: choose one from the list.`;
  }
  if (filters.committee !== undefined && !facets.committees.includes(filters.committee)) {
    errors.committee = 'Choose a committee from the list.';
  }
  return Object.keys(errors).length > 0
    ? { kind: 'invalid', errors }
    : { kind: 'valid', terms, filters };
}

function FieldError({ field, errors }: { field: SearchField; errors: FieldErrors }) {
  const message = errors[field];
  return message ? (
    <p id={`precedent-${field}-error`} className="field-error">
      {message}
    </p>
  ) : null;
}

/** aria-invalid and aria-describedby of a field with an error. */
function invalid(field: SearchField, errors: FieldErrors) {
  return errors[field]
    ? { 'aria-invalid': true, 'aria-describedby': `precedent-${field}-error` }
    : {};
}

/** One of the filters: "any" first, then the values the corpus has. */
function FilterSelect({
  field,
  label,
  any,
  options,
  search,
  errors,
}: {
  field: SearchField;
  label: string;
  any: string;
  options: [value: string, label: string][];
  search: URLSearchParams;
  errors: FieldErrors;
}) {
  return (
    <div>
      <label htmlFor={`precedent-${field}`}>{label}</label>
      <select
        id={`precedent-${field}`}
        name={field}
        defaultValue={search.get(field) ?? ''}
        {...invalid(field, errors)}
      >
        <option value="">{any}</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      <FieldError field={field} errors={errors} />
    </div>
  );
}

export default async function PrecedentSearchPage({ searchParams }: Props) {
  const params = await searchParams;
  const search = carriedSearch(params);
  const { user } = await requireUser(searchHref(search));
  let index: PrecedentIndex;
  try {
    index = await requirePrecedentIndex();
  } catch (error) {
    if (!(error instanceof AccessError)) throw error;
    return (
      <>
        <AccountBar user={user} />
        <main className="page agreed-language-page">
          <h1>Agreed language</h1>
          <p className="field-error">{error.message}</p>
        </main>
      </>
    );
  }
  const facets = index.facets();
  // The form not yet sent: no q in the address at all.
  const checked = params.q === undefined ? null : checkSearch(search, facets);
  const errors = checked?.kind === 'invalid' ? checked.errors : {};
  const result =
    checked?.kind === 'valid' ? index.search(checked.terms.query, checked.filters, SHOWN) : null;
  const first = Math.min(...facets.sessions);
  const last = Math.max(...facets.sessions);

  return (
    <>
      <AccountBar user={user} />
      <main className="page agreed-language-page">
        <header className="page-header">
          <h1>Agreed language</h1>
          <p className="tagline">
            Search the paragraphs of the resolutions the General Assembly adopted at its sessions{' '}
            {first} to {last} ({1945 + first}–{1946 + last}): words find the paragraphs that hold
            them all, and a phrase in quotes finds those words together, in that order.
          </p>
        </header>
        {/* Keyed by the search, so that a new one resets the fields (they are uncontrolled). */}
        <form
          key={search.toString()}
          method="get"
          action={PRECEDENT_SEARCH_PATH}
          role="search"
          aria-label="Agreed language"
          className="agreed-search"
        >
          <label htmlFor="precedent-q">Words, or a “phrase in quotes”</label>
          <input
            id="precedent-q"
            name="q"
            type="search"
            defaultValue={search.get('q') ?? ''}
            maxLength={500}
            placeholder='e.g. "international cooperation in the field of human rights"'
            {...invalid('q', errors)}
          />
          <FieldError field="q" errors={errors} />
          <div className="agreed-search-filters">
            <FilterSelect
              field="session"
              label="Session"
              any="Any session"
              options={facets.sessions.map((session) => [String(session), sessionLabel(session)])}
              search={search}
              errors={errors}
            />
            <FilterSelect
              field="committee"
              label="Committee"
              any="Any committee"
              options={facets.committees.map((committee) => [committee, committee])}
              search={search}
              errors={errors}
            />
            <FilterSelect
              field="adopted"
              label="How adopted"
              any="Any way"
              options={Object.entries(ADOPTED_LABELS)}
              search={search}
              errors={errors}
            />
            <button type="submit">Search</button>
          </div>
        </form>
        {result && checked?.kind === 'valid' ? (
          <Results
            result={result}
            terms={checked.terms}
            filters={checked.filters}
            search={search}
          />
        ) : null}
      </main>
    </>
  );
}

function Results({
  result,
  terms,
  filters,
  search,
}: {
  result: SearchResult;
  terms: SearchTerms;
  filters: SearchFilters;
  search: URLSearchParams;
}) {
  const { total, hits } = result;
  return (
    <section aria-labelledby="precedent-results-heading" className="agreed-results">
      <h2 id="precedent-results-heading">
        {total === 0
          ? 'No paragraphs found'
          : `${count.format(total)} ${total === 1 ? 'paragraph' : 'paragraphs'} found`}
      </h2>
      {total === 0 ? (
        <NoResults terms={terms} filters={filters} search={search} />
      ) : (
        <>
          <p className="hint">
            Newest first{total > hits.length ? `; showing the first ${hits.length}` : ''}.
          </p>
          <ol className="agreed-hits">
            {hits.map((hit) => (
              <li key={`${hit.symbol} ${hit.ref}`} className="agreed-hit">
                <h3>
                  {/* A full load, not a client-side one: only that sets :target on the paragraph. */}
                  <a href={precedentHref(hit.symbol, hit.ref, search)}>
                    {hit.symbol} {hit.ref}
                  </a>
                </h3>
                <p className="agreed-hit-title">{hit.title}</p>
                <p className="agreed-hit-source">
                  <AdoptionSummary resolution={hit} />
                </p>
                <p className="adopted-text">
                  <HighlightedText text={hit.text} ranges={searchedRanges(hit.text, terms)} />
                </p>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function NoResults({
  terms,
  filters,
  search,
}: {
  terms: SearchTerms;
  filters: SearchFilters;
  search: URLSearchParams;
}) {
  const filtered = Object.values(filters).some((value) => value !== undefined);
  const withoutFilters = new URLSearchParams({ q: terms.query });
  const asWords = new URLSearchParams(search);
  asWords.set('q', terms.words.join(' '));
  return (
    <>
      <p>
        No adopted paragraph holds {terms.phrase ? 'this phrase' : 'all these words'}
        {filtered ? ' among the resolutions the filters leave' : ''}.
      </p>
      <ul className="agreed-suggestions">
        {filtered ? (
          <li>
            <Link href={searchHref(withoutFilters)}>Search again without the filters</Link>
          </li>
        ) : null}
        {terms.phrase && terms.words.length > 1 ? (
          <li>
            <Link href={searchHref(asWords)}>Look for the words anywhere in a paragraph</Link>, not
            only together
          </li>
        ) : null}
        <li>Try fewer words, or other forms of them (“cooperation”, not “cooperating”).</li>
      </ul>
    </>
  );
}
