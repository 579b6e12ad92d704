import { emptyHeader, type ResolutionHeader } from '../schema/resolution-document';
import { committeeFromReportLine } from './report-line';
import { sponsorsFromText } from './sponsor-list';
import { parseUnDate } from './un-date';
import { attribute, child, childElements, descendant, textOf, type Located } from './xml-tree';

/**
 * The header of an AKN4UN document: symbol, organ, distribution and date from
 * the cover page (the symbol from FRBR or the preface number if the cover has
 * none), session, committee (from "[on the report of …]" or docCommittee), agenda item, title
 * from the preface, sponsors from the workflow steps.
 */
export function readAkomaNtosoHeader(
  documentElement: Located,
  warnings: string[],
): ResolutionHeader {
  const header = emptyHeader();
  const meta = child(documentElement, 'meta');
  const cover = child(documentElement, 'coverPage');
  const preface = child(documentElement, 'preface');
  const byRefersTo = (name: string, refersTo: string) =>
    descendant(
      cover,
      (e) => e.localName === name && (e.getAttribute('refersTo') ?? '') === refersTo,
    );
  const inline = (name: string) =>
    descendant(cover, (e) => e.localName === 'inline' && e.getAttribute('name') === name);

  const frbr = attribute(
    descendant(meta, (e) => e.localName === 'FRBRthis' && e.parentNode?.nodeName === 'FRBRWork'),
    'value',
  );
  const frbrNumber = /\/unga\/[^/]+\/(\d+)-(\d+)\//.exec(frbr);
  const prefaceNumber = /^(\d+\/\d+)\.?$/.exec(textOf(child(child(preface, 'p'), 'docNumber')));
  header.symbol =
    textOf(byRefersTo('docNumber', '#symbol')) ||
    (frbrNumber ? `A/RES/${frbrNumber[1]}/${frbrNumber[2]}` : '') ||
    (prefaceNumber ? `A/RES/${prefaceNumber[1]}` : '');
  header.organ = textOf(byRefersTo('docAuthority', '#issuingBody')) || header.organ;
  header.distribution = textOf(descendant(cover, (e) => e.localName === 'docStatus')).replace(
    /^Distr\.:\s*/,
    '',
  );
  const docDate = descendant(
    cover,
    (e) => e.localName === 'docDate' && e.getAttribute('refersTo') !== '#adoptionDate',
  );
  const isoDate = attribute(docDate, 'date');
  header.date = /^\d{4}-\d{2}-\d{2}$/.test(isoDate)
    ? isoDate
    : (parseUnDate(textOf(docDate)) ?? '');
  header.originalLanguage = /Original:\s*([A-Z][a-z]+)/.exec(textOf(cover))?.[1] ?? '';
  header.session = textOf(descendant(cover, (e) => e.localName === 'session'));
  const proponent = textOf(descendant(cover, (e) => e.localName === 'docProponent'));
  // An adopted resolution names it in "[on the report of …]"; a draft, in docCommittee.
  header.committee =
    committeeFromReportLine(proponent) ??
    textOf(descendant(cover, (e) => e.localName === 'docCommittee'));
  const agenda = inline('agenda item');
  header.agendaItem = attribute(agenda, 'title') || textOf(agenda).replace(/^Agenda items?\s*/, '');
  header.agendaItemName = textOf(inline('agenda item name'));
  const workflow = child(meta, 'workflow');
  const steps = workflow
    ? childElements(workflow).filter((c) => c.element.localName === 'step')
    : [];
  const step = (outcome: string) => steps.find((s) => attribute(s, 'outcome') === outcome);
  const sponsors = sponsorsFromText(attribute(step('draftResolution'), 'by'));
  header.sponsors = sponsors.sponsors;
  if (sponsors.warning) warnings.push(sponsors.warning);
  header.additionalSponsors = sponsorsFromText(
    attribute(step('draftResolutionAdditionalSponsors'), 'by'),
  ).sponsors;
  header.title =
    textOf(descendant(preface, (e) => e.localName === 'docTitle')) ||
    textOf(byRefersTo('docTitle', '#resolutionTitle'));
  return header;
}
