/**
 * A resolution as plain data: what importers produce, what drafts are created
 * from, and (later) what exporters read. Labels and numbers are never stored:
 * they follow from the order of the blocks.
 */

/** A run of text, some of it italic or bold. */
export interface TextRun {
  text: string;
  italic?: boolean;
  bold?: boolean;
}

/** A footnote reference at this point of the text, with the footnote's own text. */
export interface FootnoteRun {
  footnote: TextRun[];
}

export type InlineRun = TextRun | FootnoteRun;

export function isFootnoteRun(run: InlineRun): run is FootnoteRun {
  return 'footnote' in run;
}

/** Deepest sub-paragraph level: (a) → (i) → a. → i. */
export const MAX_SUBPARAGRAPH_LEVEL = 4;
export type SubParagraphLevel = 1 | 2 | 3 | 4;

/** One block of the operative part, in document order. */
export type OperativeBlock =
  /** A numbered operative paragraph (OP). */
  | { kind: 'paragraph'; content: InlineRun[] }
  /** A sub-paragraph of the preceding paragraph or sub-paragraph, one level deeper at most. */
  | { kind: 'subParagraph'; level: SubParagraphLevel; content: InlineRun[] }
  /**
   * A section heading ("I", "II" with a subheading, or an unnumbered subheading);
   * operative numbering runs on across it. `content` is the subheading, maybe empty.
   */
  | { kind: 'heading'; numbered: boolean; content: InlineRun[] };

export interface ResolutionBody {
  /** Preambular paragraphs (PPs), each a list of runs. */
  preamble: InlineRun[][];
  operative: OperativeBlock[];
}

/** The organs whose enacting formula Concord knows. */
export const ORGANS = [
  'General Assembly',
  'Security Council',
  'Economic and Social Council',
  'Human Rights Council',
] as const;

/**
 * The header of a draft (L. document) or an adopted resolution. Strings are
 * as printed ("Seventy-seventh session", "Third Committee", "68 (b)"); an
 * absent field is ''.
 */
export interface ResolutionHeader {
  /** "General Assembly", … (see ORGANS); the enacting formula derives from it. */
  organ: string;
  /** Document symbol, e.g. "A/C.3/77/L.44/Rev.1" or "A/RES/77/222". */
  symbol: string;
  /** "Limited" (drafts) or "General" (adopted texts). */
  distribution: string;
  /** Date of the document, ISO "2022-10-28". */
  date: string;
  /** "English", … */
  originalLanguage: string;
  session: string;
  committee: string;
  /** Agenda item number, e.g. "68 (b)". */
  agendaItem: string;
  agendaItemName: string;
  /** Sponsors on the draft, in order, as named ("China", "Russian Federation"). */
  sponsors: string[];
  additionalSponsors: string[];
  /** The note on the sponsors line, printed with an asterisk ("On behalf of the States …"). */
  sponsorsNote: string;
  title: string;
  /** The draft an adopted resolution was adopted on (AKN4UN's draftResolution step): "A/C.3/77/L.44/Rev.1". */
  draftSymbol: string;
  /** The date that draft was submitted, ISO. */
  draftDate: string;
  /**
   * The originating document of "[on the report of the Third Committee (A/77/463/Add.2, para. 87)]":
   * "A/77/463/Add.2, para. 87"; with no committee, the draft of "[without reference to a Main Committee (A/77/L.3)]".
   */
  originatingDocument: string;
  /** Date of adoption, ISO: "Resolution adopted by the General Assembly on …" and the closing date. */
  adoptionDate: string;
  /** The closing meeting line of an adopted resolution: "54th plenary meeting". */
  adoptionMeeting: string;
}

export interface ResolutionDocument {
  header: ResolutionHeader;
  body: ResolutionBody;
}

export function emptyHeader(): ResolutionHeader {
  return {
    organ: 'General Assembly',
    symbol: '',
    distribution: '',
    date: '',
    originalLanguage: '',
    session: '',
    committee: '',
    agendaItem: '',
    agendaItemName: '',
    sponsors: [],
    additionalSponsors: [],
    sponsorsNote: '',
    title: '',
    draftSymbol: '',
    draftDate: '',
    originatingDocument: '',
    adoptionDate: '',
    adoptionMeeting: '',
  };
}

/** The enacting formula for an organ: "The General Assembly". */
export function enactingFormula(organ: string): string {
  return `The ${organ || 'General Assembly'}`;
}
