import type { ResolutionHeader } from '../schema/resolution-document';
import { formatUnDate } from './un-date';

/*
 * The lines an adopted resolution prints around its text, read by the
 * importers and written by every exporter from the same header fields.
 */

const REPORT_LINE =
  /^\[(?:on the report of the (.+?)(?: \(([^()]*\/[^()]*)\))?|without reference to a Main Committee(?: \(([^()]*)\))?)\]$/;

/** What "[on the report of the Third Committee (A/77/463/Add.2, para. 87)]" names. */
export interface ReportLine {
  /** "Third Committee"; '' for "[without reference to a Main Committee (…)]". */
  committee: string;
  /** "A/77/463/Add.2, para. 87", or the draft without reference to a committee; maybe ''. */
  originatingDocument: string;
}

/** The committee and document of a report line; null for any other text. */
export function readReportLine(text: string): ReportLine | null {
  const match = REPORT_LINE.exec(text.replace(/\s+/g, ' ').trim());
  if (!match) return null;
  return {
    committee: match[1]?.trim() ?? '',
    originatingDocument: (match[2] ?? match[3] ?? '').trim(),
  };
}

/** The report line of an adopted resolution ('' when the header names neither part). */
export function formatReportLine(header: ResolutionHeader): string {
  const document = header.originatingDocument;
  if (header.committee) {
    return `[on the report of the ${header.committee}${document ? ` (${document})` : ''}]`;
  }
  return document ? `[without reference to a Main Committee (${document})]` : '';
}

const ADOPTION_LINE = /^Resolution adopted by the (.+?) on (.+)$/;

/** "Resolution adopted by the General Assembly on 15 December 2022" → organ and raw date text. */
export function readAdoptionLine(text: string): { organ: string; date: string } | null {
  const match = ADOPTION_LINE.exec(text.trim());
  return match ? { organ: match[1] ?? '', date: match[2]?.trim() ?? '' } : null;
}

/** "Resolution adopted by the General Assembly on 15 December 2022"; '' without an adoption date. */
export function formatAdoptionLine(header: ResolutionHeader): string {
  if (!header.adoptionDate) return '';
  return `Resolution adopted by the ${header.organ || 'General Assembly'} on ${formatUnDate(header.adoptionDate)}`;
}

/** The closing meeting line: "54th plenary meeting". */
export const CLOSING_MEETING = /^(\d+)(?:st|nd|rd|th) plenary meeting$/i;

/** The closing lines of an adopted resolution: the meeting, then the date (either may be missing). */
export function closingLines(header: ResolutionHeader): string[] {
  if (!header.adoptionMeeting) return [];
  return [header.adoptionMeeting, formatUnDate(header.adoptionDate)].filter(Boolean);
}
