import { emptyHeader, ORGANS, type ResolutionHeader } from '../schema/resolution-document';
import { joinLines, parseMarkdownInline } from './markdown-inline';
import { parseUnDate } from './un-date';
import { readAdoptionLine, readReportLine } from './report-line';
import { sponsorsFromText } from './sponsor-list';

/** One line of the source with its 1-based number. */
export interface SourceLine {
  text: string;
  line: number;
}

/** Draft metadata kept in an HTML comment of the converted A/RES files. */
export interface CommentMetadata {
  sponsors?: string;
  additionalSponsors?: string;
  sponsorsNote?: string;
  draftSymbol?: string;
  draftDate?: string;
}

/** The text `escapeCommentText` wrote inside a comment. */
function commentText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Reads `Sponsors (as listed on the draft): …`, `Additional sponsors: …`,
 * `Note on the sponsors: …` and `Draft: A/C.3/77/L.44/Rev.1 (submitted 2022-11-01)` from comments.
 */
export function commentMetadata(comments: readonly string[]): CommentMetadata {
  const metadata: CommentMetadata = {};
  for (const comment of comments) {
    for (const line of comment.split('\n')) {
      const sponsors = /^\s*Sponsors(?: \([^)]*\))?:\s*(.*)$/.exec(line);
      const additional = /^\s*Additional sponsors:\s*(.*)$/.exec(line);
      const note = /^\s*Note on the sponsors:\s*(.*)$/.exec(line);
      const draft = /^\s*Draft:\s*(.+?)(?: \(submitted (\d{4}-\d{2}-\d{2})\))?\s*$/.exec(line);
      if (sponsors) metadata.sponsors = commentText(sponsors[1]?.trim() ?? '');
      if (additional) metadata.additionalSponsors = commentText(additional[1]?.trim() ?? '');
      if (note) metadata.sponsorsNote = commentText(note[1]?.trim() ?? '');
      if (draft) {
        metadata.draftSymbol = commentText(draft[1] ?? '');
        metadata.draftDate = draft[2] ?? '';
      }
    }
  }
  return metadata;
}

/** A header line as text: heading marks, bold wrapping, escapes and links removed. */
function headerText(line: SourceLine): string {
  const bare = line.text.trim().replace(/^#{1,6}\s+/, '');
  const runs = parseMarkdownInline(joinLines([{ text: bare, line: line.line }]), {
    footnotes: false,
  });
  return runs
    .map((run) => ('text' in run ? run.text : ''))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

const SYMBOL = /^[ASE]\/[A-Z0-9.]+(?:\/[A-Za-z0-9.-]+)*(?: [A-Z](?:-[A-Z])?)?$/;
const UNITED_NATIONS = /^United Nations(?:\s*[—–-]\s*(\S.*))?$/;
const SPONSORS_LINE = /^(.+?):\s*(?:revised )?draft (?:resolution|decision)$/i;
const ADOPTED_TITLE = /^(\d+\/\d+(?: [A-Z](?:-[A-Z])?)?)\.\s+(.+)$/;

/**
 * Reads the header lines before the enacting formula, in either form: the
 * adopted text ("United Nations — A/RES/77/222", "[on the report of …]",
 * "**77/222. Title**") or the draft ("Distr.: Limited", "Original: English",
 * "Third Committee", "A, B and C:* draft resolution", title last).
 */
export function readMarkdownHeader(
  lines: readonly SourceLine[],
  metadata: CommentMetadata,
): { header: ResolutionHeader; warnings: string[]; sponsorsNoted: boolean } {
  const header = emptyHeader();
  header.organ = '';
  const warnings: string[] = [];
  const unplaced: { text: string; line: number }[] = [];
  let sponsorsNoted = false;
  let sponsorsFound = false;
  let agendaNameExpected = false;
  for (const line of lines) {
    if (/^(?:-{3,}|\*{3,}|_{3,})$/.test(line.text.trim())) continue;
    const text = headerText(line);
    if (!text) continue;
    const nameExpected = agendaNameExpected;
    agendaNameExpected = false;
    const unitedNations = UNITED_NATIONS.exec(text);
    const report = readReportLine(text);
    const sponsors = SPONSORS_LINE.exec(text.replace(/\*/g, ''));
    const adopted = ADOPTED_TITLE.exec(text);
    const agenda = /^Agenda items? (.+)$/.exec(text);
    const resolutionAdopted = readAdoptionLine(text);
    if (unitedNations) {
      if (unitedNations[1]) header.symbol = unitedNations[1].trim();
    } else if (SYMBOL.test(text)) {
      header.symbol ||= text;
    } else if ((ORGANS as readonly string[]).includes(text)) {
      header.organ ||= text;
    } else if (/^Distr\.:\s*/.test(text)) {
      header.distribution = text.replace(/^Distr\.:\s*/, '');
    } else if (parseUnDate(text)) {
      header.date ||= parseUnDate(text) ?? '';
    } else if (/^Original:\s*/.test(text)) {
      header.originalLanguage = text.replace(/^Original:\s*/, '');
    } else if (agenda) {
      header.agendaItem = agenda[1]?.trim() ?? '';
      agendaNameExpected = true;
    } else if (resolutionAdopted) {
      header.organ ||= resolutionAdopted.organ;
      header.adoptionDate = parseUnDate(resolutionAdopted.date) ?? '';
    } else if (report !== null) {
      header.committee ||= report.committee;
      header.originatingDocument = report.originatingDocument;
    } else if (sponsors) {
      const found = sponsorsFromText(sponsors[1] ?? '');
      header.sponsors = found.sponsors;
      if (found.warning) warnings.push(found.warning);
      sponsorsNoted = text.includes('*');
      sponsorsFound = true;
    } else if (adopted) {
      header.title = adopted[2]?.trim() ?? '';
      if (!header.symbol && adopted[1]) header.symbol = `A/RES/${adopted[1]}`;
    } else if (nameExpected && !header.agendaItemName) {
      header.agendaItemName = text;
    } else if (/^[A-Z][\w-]*(?: [\w-]+){0,4} session$/.test(text)) {
      header.session = text;
    } else if (/^[A-Z][\w ,-]* Committee(?: \([\w ]+ Committee\))?$/.test(text)) {
      header.committee = text;
    } else {
      unplaced.push({ text, line: line.line });
    }
  }
  // The title of a draft is its last header line; any other line is reported.
  const title = header.title ? undefined : unplaced.pop();
  if (title) header.title = title.text;
  for (const line of unplaced) {
    warnings.push(
      `Line ${line.line}: header line “${line.text}” was not recognised and was left out.`,
    );
  }
  if (!sponsorsFound && metadata.sponsors !== undefined) {
    const found = sponsorsFromText(metadata.sponsors);
    header.sponsors = found.sponsors;
    if (found.warning) warnings.push(found.warning);
  }
  if (metadata.additionalSponsors !== undefined) {
    header.additionalSponsors = sponsorsFromText(metadata.additionalSponsors).sponsors;
  }
  header.sponsorsNote = metadata.sponsorsNote ?? '';
  header.draftSymbol = metadata.draftSymbol ?? '';
  header.draftDate = metadata.draftDate ?? '';
  return { header, warnings, sponsorsNoted };
}
