import { emptyHeader, type ResolutionHeader } from '../schema/resolution-document';
import { CLOSING_MEETING, readAdoptionLine, readReportLine } from './report-line';
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
  const report = readReportLine(proponent);
  // An adopted resolution names it in "[on the report of …]"; a draft, in docCommittee.
  header.committee =
    report?.committee ?? textOf(descendant(cover, (e) => e.localName === 'docCommittee'));
  header.originatingDocument = report?.originatingDocument ?? '';
  const agenda = inline('agenda item');
  header.agendaItem = attribute(agenda, 'title') || textOf(agenda).replace(/^Agenda items?\s*/, '');
  header.agendaItemName = textOf(inline('agenda item name'));
  const workflow = child(meta, 'workflow');
  const steps = workflow
    ? childElements(workflow).filter((c) => c.element.localName === 'step')
    : [];
  const step = (outcome: string) => steps.find((s) => attribute(s, 'outcome') === outcome);
  const draft = step('draftResolution');
  // A draft's own step names the draft itself; an adopted text's names the draft it was adopted on.
  const draftSymbol = attribute(draft, 'as');
  if (draftSymbol && draftSymbol !== header.symbol) {
    header.draftSymbol = draftSymbol;
    header.draftDate = knownDate(attribute(draft, 'date'));
  }
  const sponsorsLine = byRefersTo('docProponent', '#sponsors');
  const sponsors = sponsorsFromText(attribute(draft, 'by') || textOf(sponsorsLine));
  header.sponsors = sponsors.sponsors;
  if (sponsors.warning) warnings.push(sponsors.warning);
  header.additionalSponsors = sponsorsFromText(
    attribute(step('draftResolutionAdditionalSponsors'), 'by'),
  ).sponsors;
  // The cover page's only note is the one on the sponsors line.
  header.sponsorsNote = textOf(descendant(cover, (e) => e.localName === 'authorialNote'));
  header.title =
    textOf(descendant(preface, (e) => e.localName === 'docTitle')) ||
    textOf(byRefersTo('docTitle', '#resolutionTitle'));
  readAdoption(header, documentElement, steps);
  return header;
}

/** A workflow date, '' for AKN4UN's placeholder of an unknown one ("0001-01-01"). */
function knownDate(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && !date.startsWith('0001-') ? date : '';
}

/**
 * The adoption's meeting and date: from the conclusions ("54th plenary
 * meeting", docDate), else the FRBR adoption date, the "adopted" step or the
 * cover's "Resolution adopted by the General Assembly on …".
 */
function readAdoption(header: ResolutionHeader, documentElement: Located, steps: Located[]): void {
  const conclusions = child(documentElement, 'conclusions');
  const meeting =
    descendant(
      conclusions,
      (e) => e.localName === 'inline' && e.getAttribute('name') === 'adoptionMeeting',
    ) ?? descendant(conclusions, (e) => e.localName === 'p');
  const meetingText = textOf(meeting).replace(/\s*\d{1,2} [A-Z][a-z]+ \d{4}$/, '');
  header.adoptionMeeting = CLOSING_MEETING.test(meetingText) ? meetingText : '';
  const closingDate = descendant(conclusions, (e) => e.localName === 'docDate');
  const workDate = descendant(
    child(documentElement, 'meta'),
    (e) =>
      e.localName === 'FRBRdate' &&
      e.getAttribute('name') === 'adoption' &&
      e.parentNode?.nodeName === 'FRBRWork',
  );
  const adopted = steps.find((s) => attribute(s, 'outcome') === 'adopted');
  const coverLine = descendant(
    child(documentElement, 'coverPage'),
    (e) => readAdoptionLine(e.textContent ?? '') !== null,
  );
  header.adoptionDate =
    knownDate(attribute(closingDate, 'date')) ||
    (parseUnDate(textOf(closingDate)) ?? '') ||
    knownDate(attribute(workDate, 'date')) ||
    knownDate(attribute(adopted, 'date')) ||
    (parseUnDate(readAdoptionLine(textOf(coverLine))?.date ?? '') ?? '');
}
