import type { Metadata } from 'next';
import Link from 'next/link';
import { AccountBar } from '@/components/auth/AccountBar';
import { AdoptionSummary } from '@/components/precedents/AdoptionSummary';
import { HighlightedText } from '@/components/precedents/HighlightedText';
import { AccessError } from '@/lib/auth/access';
import { requireUser } from '@/lib/auth/current-user';
import {
  carriedSearch,
  firstValue,
  paragraphAnchor,
  precedentHref,
  searchHref,
  type PageSearchParams,
} from '@/lib/precedents/precedent-links';
import type { PrecedentIndex } from '@/lib/precedents/precedent-index';
import { requirePrecedentIndex } from '@/lib/precedents/request';
import { searchedRanges, searchTerms, type SearchTerms } from '@/lib/precedents/search-terms';

export const dynamic = 'force-dynamic';

interface Props {
  searchParams: Promise<PageSearchParams>;
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const symbol = firstValue((await searchParams).symbol)?.trim();
  return { title: `${symbol ? `${symbol} · ` : ''}Agreed language · Concord` };
}

type Paragraph = { ref: string; text: string };

/** A paragraph with its reference in the margin; its id is the reference, for links to it. */
function ParagraphInContext({
  paragraph: { ref, text },
  terms,
}: {
  paragraph: Paragraph;
  terms: SearchTerms | null;
}) {
  // "OP5 (b) (ii)": two levels below its operative paragraph.
  const level = ref.match(/\(/g)?.length ?? 0;
  return (
    <div id={paragraphAnchor(ref)} className="adopted-paragraph" data-level={level}>
      <span className="adopted-paragraph-ref">{ref}</span>
      <p className="adopted-text">
        {terms ? <HighlightedText text={text} ranges={searchedRanges(text, terms)} /> : text}
      </p>
    </div>
  );
}

export default async function PrecedentResolutionPage({ searchParams }: Props) {
  const params = await searchParams;
  const symbol = firstValue(params.symbol)?.trim() ?? '';
  const search = carriedSearch(params);
  const { user } = await requireUser(precedentHref(symbol, undefined, search));
  const back = (
    <p className="breadcrumbs">
      <Link href={searchHref(search)}>
        <span aria-hidden="true">← </span>
        {search.has('q') ? 'Back to the search results' : 'Search agreed language'}
      </Link>
    </p>
  );
  const problem = (heading: string, message: string) => (
    <>
      <AccountBar user={user} />
      <main className="page agreed-language-page">
        {back}
        <h1>{heading}</h1>
        <p>{message}</p>
      </main>
    </>
  );
  if (!symbol || symbol.length > 100) {
    return problem(
      'Which resolution?',
      'This address names no resolution: it needs ?symbol= followed by a symbol such as A/RES/78/100.',
    );
  }
  let index: PrecedentIndex;
  try {
    index = await requirePrecedentIndex();
  } catch (error) {
    if (!(error instanceof AccessError)) throw error;
    return problem('Agreed language', error.message);
  }
  // Symbols are upper case ("A/RES/75/101 B"); a typed one may not be.
  const resolution = index.resolution(symbol) ?? index.resolution(symbol.toUpperCase());
  if (!resolution) {
    const { sessions } = index.facets();
    return problem(
      'Resolution not found',
      `${symbol} is not among the adopted resolutions Concord holds (General Assembly, sessions ${Math.min(...sessions)} to ${Math.max(...sessions)}). The symbol may be mistyped, or the link out of date.`,
    );
  }
  const query = search.get('q');
  const terms = query ? searchTerms(query) : null;
  const preamble = resolution.paragraphs.filter((p) => p.ref.startsWith('PP'));
  const operative = resolution.paragraphs.filter((p) => !p.ref.startsWith('PP'));
  return (
    <>
      <AccountBar user={user} />
      <main className="page agreed-language-page">
        {back}
        <header className="page-header adopted-resolution-header">
          <p className="adopted-symbol">{resolution.symbol}</p>
          <h1 id="precedent-resolution-title">{resolution.title}</h1>
          <p className="tagline">
            <AdoptionSummary resolution={resolution} />
          </p>
        </header>
        <article className="adopted-resolution" aria-labelledby="precedent-resolution-title">
          {preamble.length > 0 ? (
            <section aria-labelledby="precedent-preamble-heading">
              <h2 id="precedent-preamble-heading" className="adopted-part-heading">
                Preamble
              </h2>
              {preamble.map((paragraph) => (
                <ParagraphInContext key={paragraph.ref} paragraph={paragraph} terms={terms} />
              ))}
            </section>
          ) : null}
          {operative.length > 0 ? (
            <section aria-labelledby="precedent-operative-heading">
              <h2 id="precedent-operative-heading" className="adopted-part-heading">
                Operative part
              </h2>
              {operative.map((paragraph) => (
                <ParagraphInContext key={paragraph.ref} paragraph={paragraph} terms={terms} />
              ))}
            </section>
          ) : null}
        </article>
      </main>
    </>
  );
}
