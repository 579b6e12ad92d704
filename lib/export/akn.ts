import { openingPhraseLength } from '../import/opening-phrase';
import { CLOSING_MEETING, formatAdoptionLine, formatReportLine } from '../import/report-line';
import { formatSponsorList } from '../import/sponsor-list';
import { formatUnDate } from '../import/un-date';
import {
  enactingFormula,
  isFootnoteRun,
  type InlineRun,
  type OperativeBlock,
  type ResolutionDocument,
  type ResolutionHeader,
  type TextRun,
} from '../schema/resolution-document';
import { adoptedNumber, operativeLabels } from './text';

const AKN_NAMESPACE = 'http://docs.oasis-open.org/legaldocml/ns/akn/3.0';
const AKN4UN_NAMESPACE = 'http://un.org/akn4un';
/** FRBR requires dates; a header with no date at all gets this one (workflow steps are left out instead). */
const UNKNOWN_DATE = '0001-01-01';

/** Characters XML 1.0 does not allow at all. */
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text for element content and double-quoted attributes. */
function escapeXml(text: string): string {
  return text.replace(INVALID_XML_CHARS, '').replace(/[&<>"]/g, (char) => {
    switch (char) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      default:
        return '&quot;';
    }
  });
}

function attributes(values: Record<string, string | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
}

function element(
  name: string,
  values: Record<string, string | undefined>,
  content: string,
): string {
  return `<${name}${attributes(values)}>${content}</${name}>`;
}

/** A text run in the UN's span classes, bold outside italic. */
function textRunXml(run: TextRun): string {
  let xml = escapeXml(run.text);
  if (run.italic) xml = element('span', { class: 'italic' }, xml);
  if (run.bold) xml = element('span', { class: 'bold' }, xml);
  return xml;
}

/** Footnotes are numbered across the whole document, in order. */
interface NoteCounter {
  count: number;
}

function inlineXml(runs: readonly InlineRun[], notes: NoteCounter): string {
  return runs
    .map((run) => {
      if (!isFootnoteRun(run)) return textRunXml(run);
      const marker = String(++notes.count);
      return element(
        'authorialNote',
        { marker, placement: 'bottom', eId: `authorialNote_${marker}` },
        element('p', {}, run.footnote.map(textRunXml).join('')),
      );
    })
    .join('');
}

/** Lines of nested markup, indented two spaces per level. */
class XmlLines {
  readonly lines: string[] = [];
  line(depth: number, text: string): void {
    this.lines.push(`${'  '.repeat(depth)}${text}`);
  }
}

/** "A/C.3/77/L.44" → "a-c.3-77-l.44", for IRIs and identifiers. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** "Third Committee" → "thirdCommittee", the form of the official TLC identifiers. */
function camelIdentifier(text: string): string {
  const words = text.match(/[A-Za-z0-9]+/g) ?? [];
  return words
    .map((word, i) =>
      i === 0 ? word.toLowerCase() : word.charAt(0).toUpperCase() + word.slice(1).toLowerCase(),
    )
    .join('');
}

/** The Work's date: an adopted resolution's is its adoption (the UN's IRIs), a draft's its own date. */
function workDate(header: ResolutionHeader): string {
  const adopted = adoptedNumber(header.symbol) !== null;
  return (adopted && header.adoptionDate) || header.date || UNKNOWN_DATE;
}

function workIri(header: ResolutionHeader): string {
  const adopted = adoptedNumber(header.symbol);
  const date = workDate(header);
  if (adopted !== null) {
    return `/akn/un/statement/deliberation/unga/${date}/${slug(adopted.replace('/', '-'))}/`;
  }
  return `/akn/un/statement/draftResolution/unga/${date}/${slug(header.symbol) || 'draft'}/`;
}

/**
 * The workflow as AKN4UN records it, each step with its real date: a step
 * whose date is not known is left out (the UN writes "0001-01-01" there).
 * The additional sponsors are those known at adoption (a draft: at its
 * date), since the day each joined is not recorded.
 */
function workflowSteps(
  header: ResolutionHeader,
  number: string | null,
): Record<string, string | undefined>[] {
  const adopted = number !== null;
  const steps: Record<string, string | undefined>[] = [];
  const draftDate = adopted ? header.draftDate : header.date;
  if (draftDate && (header.sponsors.length > 0 || !adopted || header.draftSymbol)) {
    steps.push({
      date: draftDate,
      outcome: 'draftResolution',
      as: (adopted ? header.draftSymbol : header.symbol) || undefined,
      by: formatSponsorList(header.sponsors),
    });
  }
  const sponsorsDate = adopted ? header.adoptionDate : header.date;
  if (sponsorsDate && header.additionalSponsors.length > 0) {
    steps.push({
      date: sponsorsDate,
      outcome: 'draftResolutionAdditionalSponsors',
      by: formatSponsorList(header.additionalSponsors),
    });
  }
  if (adopted && header.adoptionDate) {
    // The verbatim record of a plenary meeting of the Assembly: "A/77/PV.54".
    const meeting = CLOSING_MEETING.exec(header.adoptionMeeting)?.[1];
    const session = /^\d+/.exec(number)?.[0];
    steps.push({
      date: header.adoptionDate,
      outcome: 'adopted',
      as: meeting && session ? `A/${session}/PV.${meeting}` : undefined,
    });
  }
  return steps;
}

function metaXml(out: XmlLines, header: ResolutionHeader, committeeId: string): void {
  const work = workIri(header);
  const date = header.date || UNKNOWN_DATE;
  const number = adoptedNumber(header.symbol);
  const adopted = number !== null;
  const workDateName = adopted ? (header.adoptionDate ? 'adoption' : 'publication') : 'submission';
  out.line(2, '<meta>');
  out.line(3, '<identification source="#concord">');
  out.line(4, '<FRBRWork>');
  out.line(5, `<FRBRthis${attributes({ value: `${work}!main/` })}/>`);
  out.line(5, `<FRBRuri${attributes({ value: work })}/>`);
  out.line(5, `<FRBRdate${attributes({ date: workDate(header), name: workDateName })}/>`);
  out.line(5, '<FRBRauthor href="#ga" as="#author"/>');
  out.line(5, '<FRBRcountry value="un"/>');
  out.line(4, '</FRBRWork>');
  out.line(4, '<FRBRExpression>');
  out.line(5, `<FRBRthis${attributes({ value: `${work}eng@/!main/` })}/>`);
  out.line(5, `<FRBRuri${attributes({ value: `${work}eng@/` })}/>`);
  out.line(5, `<FRBRdate${attributes({ date, name: 'publication' })}/>`);
  out.line(5, '<FRBRauthor href="#ga" as="#author"/>');
  out.line(5, '<FRBRlanguage language="eng"/>');
  out.line(4, '</FRBRExpression>');
  out.line(4, '<FRBRManifestation>');
  out.line(5, `<FRBRthis${attributes({ value: `${work}eng@/!main.xml` })}/>`);
  out.line(5, `<FRBRuri${attributes({ value: `${work}eng@.xml` })}/>`);
  out.line(5, `<FRBRdate${attributes({ date, name: 'markup' })}/>`);
  out.line(5, '<FRBRauthor href="#concord" as="#editor"/>');
  out.line(4, '</FRBRManifestation>');
  out.line(3, '</identification>');
  const steps = workflowSteps(header, number);
  if (steps.length > 0) {
    out.line(3, '<workflow source="#un">');
    for (const step of steps) out.line(4, `<step${attributes(step)}/>`);
    out.line(3, '</workflow>');
  }
  out.line(3, '<references source="#concord">');
  const references: [string, string, string, string][] = [
    ['TLCOrganization', 'concord', '/akn/ontology/organization/concord', 'Concord'],
    ['TLCOrganization', 'un', '/akn/ontology/organization/un', 'United Nations'],
    ['TLCOrganization', 'ga', '/akn/ontology/organization/un/generalAssembly', 'General Assembly'],
    ['TLCRole', 'publisher', '/akn/ontology/role/un/publisher', 'Publisher'],
    ['TLCRole', 'issuingBody', '/akn/role/concept/un/issuingBody', 'Issuing body'],
    ['TLCRole', 'author', '/akn/ontology/role/un/author', 'Author'],
    ['TLCRole', 'editor', '/akn/ontology/role/un/editor', 'Editor'],
    ['TLCConcept', 'symbol', '/akn/ontology/reference/un/symbol', 'Symbol'],
    ['TLCConcept', 'dateOfIssuance', '/akn/ontology/concept/un/dateOfIssuance', 'Date of issuance'],
    [
      'TLCConcept',
      'distribution',
      `/akn/ontology/concept/un/${adopted ? 'general' : 'limited'}Distribution`,
      `${adopted ? 'General' : 'Limited'} distribution`,
    ],
    [
      'TLCTerm',
      'resolutionTitle',
      '/akn/ontology/reference/un/resolutionTitle',
      'Resolution title',
    ],
  ];
  if (committeeId) {
    references.push(['TLCOrganization', committeeId, `#${committeeId}`, header.committee]);
  }
  if (!adopted) {
    references.push(['TLCTerm', 'sponsors', '/akn/ontology/concept/un/sponsors', 'Sponsors']);
  }
  if (adopted && header.adoptionDate) {
    references.push([
      'TLCConcept',
      'adoptionDate',
      '/akn/ontology/concept/un/dateOfAdoption',
      'Date of adoption',
    ]);
  }
  for (const [name, eId, href, showAs] of references) {
    out.line(4, `<${name}${attributes({ eId, href, showAs })}/>`);
  }
  out.line(3, '</references>');
  out.line(2, '</meta>');
}

function coverPageXml(out: XmlLines, header: ResolutionHeader, committeeId: string): void {
  const adopted = adoptedNumber(header.symbol) !== null;
  const paragraph = (content: string, values: Record<string, string | undefined> = {}) =>
    out.line(3, element('p', values, content));
  out.line(2, '<coverPage eId="coverPage_1">');
  paragraph(element('docAuthority', { refersTo: '#publisher' }, 'United Nations'));
  if (header.symbol) {
    paragraph(element('docNumber', { refersTo: '#symbol' }, escapeXml(header.symbol)), {
      class: 'upperRight',
    });
  }
  paragraph(element('docAuthority', { refersTo: '#issuingBody' }, escapeXml(header.organ)));
  if (header.distribution) {
    paragraph(
      element(
        'docStatus',
        { refersTo: '#distribution' },
        `Distr.: ${escapeXml(header.distribution)}`,
      ),
    );
  }
  if (header.date) {
    paragraph(
      element(
        'docDate',
        { date: header.date, refersTo: '#dateOfIssuance' },
        escapeXml(formatUnDate(header.date)),
      ),
    );
  }
  if (header.originalLanguage) paragraph(`Original: ${escapeXml(header.originalLanguage)}`);
  if (header.session) {
    const number = /^\d+/.exec(adoptedNumber(header.symbol) ?? '')?.[0];
    paragraph(
      element(
        'session',
        { refersTo: '#ga', value: number, eId: 'coverPage_1__session_1' },
        escapeXml(header.session),
      ),
    );
  }
  if (!adopted && header.committee) {
    paragraph(
      element('docCommittee', { refersTo: `#${committeeId}` }, escapeXml(header.committee)),
    );
  }
  if (header.agendaItem) {
    paragraph(
      element(
        'inline',
        { name: 'agenda item', title: header.agendaItem },
        `Agenda item ${escapeXml(header.agendaItem)}`,
      ),
    );
    if (header.agendaItemName) {
      paragraph(element('inline', { name: 'agenda item name' }, escapeXml(header.agendaItemName)));
    }
  }
  const adoptionLine = adopted ? formatAdoptionLine(header) : '';
  if (adoptionLine) paragraph(element('docTitle', {}, escapeXml(adoptionLine)));
  const reportLine = adopted ? formatReportLine(header) : '';
  if (reportLine) {
    // The originating document is marked up inside the brackets, as the UN does.
    const document = header.originatingDocument;
    const inline = element('inline', { name: 'originating document' }, escapeXml(document));
    const text = document
      ? escapeXml(reportLine).replace(`(${escapeXml(document)})]`, `(${inline})]`)
      : escapeXml(reportLine);
    paragraph(
      element('docProponent', { refersTo: committeeId ? `#${committeeId}` : undefined }, text),
    );
  }
  if (!adopted && header.sponsors.length > 0) {
    const note = header.sponsorsNote
      ? element(
          'authorialNote',
          { marker: '*', placement: 'bottom', eId: 'coverPage_1__authorialNote_1' },
          element('p', {}, escapeXml(header.sponsorsNote)),
        )
      : '';
    paragraph(
      `${element('docProponent', { refersTo: '#sponsors' }, escapeXml(formatSponsorList(header.sponsors)))}:${note} draft resolution`,
    );
  }
  out.line(2, '</coverPage>');
}

/** The opening phrase of a PP, as the official files name their containers. */
function containerName(runs: readonly InlineRun[]): string {
  const first = runs[0];
  if (first && !isFootnoteRun(first) && first.italic) return first.text.trim();
  const text = runs.map((run) => (isFootnoteRun(run) ? '' : run.text)).join('');
  return text.slice(0, openingPhraseLength(text, 'preambular')).trim();
}

/** The printed label as an identifier part: "(aa)" → "aa", "ii." → "ii". */
function labelId(label: string): string {
  return label.replace(/[^a-z0-9]/gi, '');
}

/**
 * The operative part: each paragraph with its sub-paragraphs as
 * `list/intro` + `point`s; a point's own sub-paragraphs follow it in a
 * `sublist`, as the official files mark up the second degree.
 */
function mainBodyXml(out: XmlLines, blocks: readonly OperativeBlock[], notes: NoteCounter): void {
  const labels = operativeLabels(blocks);
  out.line(2, '<mainBody>');
  let section = 0;
  let heading = 0;
  let i = 0;
  /** Writes the points at `level` from block `i` on; a deeper block goes into a sublist of the point before it. */
  const points = (level: number, depth: number, parentId: string) => {
    let pointId = parentId;
    while (i < blocks.length) {
      const block = blocks[i];
      if (!block || block.kind !== 'subParagraph' || block.level < level) return;
      if (block.level > level) {
        const sublistId = `${pointId}__sublist`;
        out.line(depth, `<sublist${attributes({ eId: sublistId })}>`);
        points(level + 1, depth + 1, sublistId);
        out.line(depth, '</sublist>');
        continue;
      }
      const label = labels[i] ?? '';
      pointId = `${parentId}__point_${labelId(label)}`;
      out.line(
        depth,
        `<point${attributes({ eId: pointId })}>${element('num', {}, escapeXml(label))}` +
          `${element('content', {}, element('p', {}, inlineXml(block.content, notes)))}</point>`,
      );
      i++;
    }
  };
  while (i < blocks.length) {
    const block = blocks[i];
    if (!block) break;
    const label = labels[i] ?? '';
    if (block.kind === 'heading') {
      i++;
      if (block.numbered) {
        section++;
        out.line(3, element('paragraph', { eId: `section_${section}` }, element('num', {}, label)));
      }
      if (block.content.length > 0) {
        heading++;
        out.line(
          3,
          element(
            'paragraph',
            { class: 'H23', eId: `subheading_${heading}` },
            element('subheading', {}, inlineXml(block.content, notes)),
          ),
        );
      }
      continue;
    }
    const id = `para_${labelId(label)}`;
    i++;
    const text = element('p', {}, inlineXml(block.content, notes));
    const next = blocks[i];
    if (block.kind === 'paragraph' && next?.kind === 'subParagraph') {
      out.line(3, `<paragraph${attributes({ eId: id })}>`);
      out.line(4, element('num', {}, escapeXml(label)));
      out.line(4, `<list${attributes({ eId: `${id}__list` })}>`);
      out.line(5, element('intro', { eId: `${id}__list__intro` }, text));
      points(1, 5, `${id}__list`);
      out.line(4, '</list>');
      out.line(3, '</paragraph>');
    } else if (block.kind === 'paragraph') {
      out.line(
        3,
        element(
          'paragraph',
          { eId: id },
          element('num', {}, escapeXml(label)) +
            element('content', { eId: `${id}__content` }, text),
        ),
      );
    } else {
      // A sub-paragraph before any operative paragraph has no parent to belong to.
      points(block.level, 3, `orphan_${i}`);
    }
  }
  out.line(2, '</mainBody>');
}

/** The closing of an adopted resolution, "54th plenary meeting" over its date, as the UN marks it up. */
function conclusionsXml(out: XmlLines, header: ResolutionHeader): void {
  if (adoptedNumber(header.symbol) === null || !header.adoptionMeeting) return;
  const ordinal = /^\S+/.exec(header.adoptionMeeting)?.[0];
  const date = header.adoptionDate
    ? '<eol/>' +
      element(
        'docDate',
        { date: header.adoptionDate, refersTo: '#adoptionDate' },
        escapeXml(formatUnDate(header.adoptionDate)),
      )
    : '';
  out.line(2, '<conclusions eId="conclusions">');
  out.line(
    3,
    element(
      'p',
      {},
      element(
        'inline',
        { name: 'adoptionMeeting', title: ordinal },
        escapeXml(header.adoptionMeeting),
      ) + date,
    ),
  );
  out.line(2, '</conclusions>');
}

/**
 * Writes the resolution as AKN4UN XML, the UN's Akoma Ntoso profile, as the
 * official files of UNxml/GAresolutions mark it up (DOMAIN.md §6): `meta`
 * with FRBR identification, the sponsors as `workflow/step` and TLC
 * references; the cover page (symbol, organ, distribution, date, session,
 * agenda item, "[on the report of …]" or the sponsors line); the title in
 * the preface; the enacting formula and PPs as `preamble/container`; OPs as
 * `mainBody/paragraph` with `num`, `content` or `list/intro/point`, deeper
 * degrees in `sublist`; sections as a roman `num` paragraph and H23
 * subheadings; footnotes as `authorialNote`; the closing meeting and date in
 * `conclusions`. `importAkomaNtoso` reads it back
 * to the same structure and text.
 */
export function resolutionToAkomaNtoso(document: ResolutionDocument): string {
  const { header, body } = document;
  const committeeId = header.committee ? camelIdentifier(header.committee) : '';
  const out = new XmlLines();
  const notes: NoteCounter = { count: 0 };
  out.line(0, '<?xml version="1.0" encoding="UTF-8"?>');
  out.line(
    0,
    `<akomaNtoso${attributes({ xmlns: AKN_NAMESPACE, 'xmlns:akn4un': AKN4UN_NAMESPACE })}>`,
  );
  out.line(1, '<statement name="resolution">');
  metaXml(out, header, committeeId);
  coverPageXml(out, header, committeeId);
  if (header.title) {
    const adopted = adoptedNumber(header.symbol);
    out.line(2, '<preface>');
    out.line(
      3,
      element(
        'p',
        {},
        (adopted !== null ? `${element('docNumber', {}, `${escapeXml(adopted)}.`)} ` : '') +
          element('docTitle', { refersTo: '#resolutionTitle' }, escapeXml(header.title)),
      ),
    );
    out.line(2, '</preface>');
  }
  out.line(2, '<preamble>');
  out.line(
    3,
    element(
      'formula',
      { name: 'enactingFormula', eId: 'formula_1' },
      element(
        'p',
        {},
        `${element('span', { class: 'italic' }, escapeXml(enactingFormula(header.organ)))},`,
      ),
    ),
  );
  body.preamble.forEach((runs, index) => {
    out.line(
      3,
      element(
        'container',
        { name: containerName(runs) || undefined, eId: `container_${index + 1}` },
        element('p', {}, inlineXml(runs, notes)),
      ),
    );
  });
  out.line(2, '</preamble>');
  mainBodyXml(out, body.operative, notes);
  conclusionsXml(out, header);
  out.line(1, '</statement>');
  out.line(0, '</akomaNtoso>');
  return `${out.lines.join('\n')}\n`;
}
