import {
  DeletedTextRun,
  FootnoteReferenceRun,
  InsertedTextRun,
  Paragraph,
  Tab,
  TextRun,
  UnderlineType,
  type IContext,
  type IRunOptions,
  type IXmlableObject,
  type ParagraphChild,
} from 'docx';
import { PARAGRAPH_STATUS_LABELS } from '../schema/paragraph-status';
import type { ResolutionHeader } from '../schema/resolution-document';
import {
  compilationPieces,
  paragraphAmendmentNoteOnce,
  type CompilationOptions,
} from './compilation';
import { agreedLanguageLines } from './compilation-agreed-language';
import {
  addFootnote,
  blockParagraph,
  headerFootnotes,
  INDENT,
  LABEL,
  runOptions,
  textParagraph,
  unDocx,
  type BlockRevision,
  type Footnotes,
} from './docx';
import {
  isMarkupFootnote,
  type MarkupDraft,
  type MarkupParagraph,
  type MarkupParagraphAmendment,
  type MarkupRevision,
  type MarkupRun,
} from './markup';
import { SIZE } from './un-layout';

/**
 * The marked-up draft as Word files for negotiators: with every pending
 * amendment as a Word revision by its delegation (`markupDocx`), or as a
 * compilation with the proposals inline and tagged (`compilationDocx`). Both
 * have the UN L. layout of the final DOCX (docx.ts).
 */

/** The time given to Word for a revision whose record has no valid one. */
const UNKNOWN_DATE = '2000-01-01T00:00:00Z';

/** The attributes of one Word revision (`w:ins` / `w:del`). */
interface RevisionAttributes {
  id: number;
  /** The delegation code alone, so that Word's accept / reject by reviewer groups by delegation. */
  author: string;
  date: string;
}

/** Numbers revisions across the whole document (Word wants each id once) and dates them. */
function revisionAttributes(markup: MarkupDraft): (revision: MarkupRevision) => RevisionAttributes {
  let id = 0;
  return (revision) => {
    const time = Date.parse(markup.amendments[revision.suggestionId]?.createdAt ?? '');
    return {
      id: ++id,
      author: revision.delegation,
      // Word writes whole seconds.
      date: Number.isNaN(time)
        ? UNKNOWN_DATE
        : new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
  };
}

/** What Word is to show of a run: inserted, deleted or moved by one delegation, or nothing. */
type Change = {
  kind: 'insertion' | 'deletion' | MoveEnd;
  revision: MarkupRevision;
} | null;

/** One end of a proposed move, written as Word's move revisions (`w:moveFrom` / `w:moveTo`). */
type MoveEnd = 'moveFrom' | 'moveTo';

/** The move end a paragraph amendment is, when Word can show it as a move (both ends are in the text). */
function moveEnd(amendment: MarkupParagraphAmendment | null): MoveEnd | null {
  if (amendment?.counterpart === undefined) return null;
  return amendment.kind === 'moveFrom' || amendment.kind === 'moveTo' ? amendment.kind : null;
}

/**
 * A run's change, its paragraph's amendment included. Word cannot nest an
 * insertion in a deletion, so text inserted by one delegation and deleted by
 * another (or in a paragraph another proposes to delete) is the deleter's.
 * Text amended inside a moved paragraph keeps its own insertion or deletion.
 */
function runChange(run: MarkupRun, paragraph: MarkupParagraphAmendment | null): Change {
  const removes = paragraph?.kind === 'delete' || paragraph?.kind === 'moveFrom';
  const deletion = run.deletion ?? (removes ? paragraph : undefined);
  if (deletion)
    return { kind: run.deletion ? 'deletion' : paragraphKind(paragraph), revision: deletion };
  const adds = paragraph?.kind === 'insert' || paragraph?.kind === 'moveTo';
  const insertion = run.insertion ?? (adds ? paragraph : undefined);
  if (!insertion) return null;
  return { kind: run.insertion ? 'insertion' : paragraphKind(paragraph), revision: insertion };
}

/** How Word shows a paragraph amendment: a move end, or an insertion or deletion. */
function paragraphKind(amendment: MarkupParagraphAmendment | null): NonNullable<Change>['kind'] {
  const end = moveEnd(amendment);
  if (end) return end;
  return amendment?.kind === 'insert' || amendment?.kind === 'moveTo' ? 'insertion' : 'deletion';
}

/** The paragraph's own change: a proposed paragraph (or moved-to end) inserted, a deleted one deleted. */
function paragraphChange(amendment: MarkupParagraphAmendment | null): Change {
  return amendment ? { kind: paragraphKind(amendment), revision: amendment } : null;
}

/** A move end as an insertion or a deletion (for footnote texts, which Word does not move). */
function withoutMove(change: Change): Change {
  if (change?.kind === 'moveTo') return { ...change, kind: 'insertion' };
  if (change?.kind === 'moveFrom') return { ...change, kind: 'deletion' };
  return change;
}

/** Where a paragraph lies in its move end: the first opens Word's named move range, the last closes it. */
interface MoveBounds {
  first: boolean;
  last: boolean;
}

/** For each paragraph of a move end, whether it opens and closes the end's range. */
function moveBounds(paragraphs: readonly MarkupParagraph[]): (MoveBounds | null)[] {
  const key = (paragraph: MarkupParagraph) => {
    const end = moveEnd(paragraph.amendment);
    return end ? `${end} ${paragraph.amendment?.suggestionId ?? ''}` : null;
  };
  const keys = paragraphs.map(key);
  return keys.map((current, index) =>
    current
      ? { first: keys.indexOf(current) === index, last: keys.lastIndexOf(current) === index }
      : null,
  );
}

/** A move range's element: `w:moveFromRangeStart`, `w:moveToRangeEnd` … */
function rangeElement(end: MoveEnd, edge: 'Start' | 'End', attributes: object): IXmlableObject {
  return { [`w:${end}Range${edge}`]: { _attr: attributes } };
}

/**
 * The serialised paragraph with the placeholders of its move revisions made
 * Word's own: `w:ins` → `w:moveTo`, `w:del` → `w:moveFrom` (its text `w:t`,
 * not `w:delText`), chosen by revision id; a deleted paragraph mark likewise.
 */
function asMoves(xml: unknown, moves: ReadonlyMap<number, MoveEnd>, inMove = false): unknown {
  if (Array.isArray(xml)) return xml.map((item: unknown) => asMoves(item, moves, inMove));
  if (typeof xml !== 'object' || xml === null) return xml;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(xml)) {
    const move = name === 'w:ins' || name === 'w:del' ? moves.get(revisionId(value)) : undefined;
    const renamed = move ? `w:${move}` : inMove && name === 'w:delText' ? 'w:t' : name;
    out[renamed] = asMoves(value, moves, inMove || move === 'moveFrom');
  }
  return out;
}

/** The `w:id` of a serialised revision element (its attributes alone, or first among its children). */
function revisionId(value: unknown): number {
  const attributes: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof attributes !== 'object' || attributes === null || !('_attr' in attributes)) return -1;
  const own = attributes._attr;
  return typeof own === 'object' && own !== null && 'w:id' in own ? Number(own['w:id']) : -1;
}

/** A paragraph with move revisions, written as Word writes a move (docx 9 has no move revisions). */
class MovedParagraph extends Paragraph {
  constructor(
    written: Paragraph,
    private readonly moves: ReadonlyMap<number, MoveEnd>,
    private readonly range: { start?: IXmlableObject; end?: IXmlableObject },
  ) {
    super(written.options);
  }

  override prepForXml(context: IContext): IXmlableObject | undefined {
    const xml = super.prepForXml(context);
    const children: unknown = xml?.['w:p'];
    if (!xml || !Array.isArray(children)) return xml;
    const content = asMoves(children, this.moves) as unknown[];
    // The range opens after the paragraph's properties and closes after its last run.
    const properties = content.findIndex(
      (child) => typeof child === 'object' && child !== null && 'w:pPr' in child,
    );
    if (this.range.start) content.splice(properties + 1, 0, this.range.start);
    if (this.range.end) content.push(this.range.end);
    return { 'w:p': content };
  }
}

/** Writes a markup draft's paragraphs with Word revisions. */
class TrackedWriter {
  /** Begun with the note on the sponsors line, as in the final DOCX. */
  readonly footnotes: Footnotes;
  private readonly attributes: (revision: MarkupRevision) => RevisionAttributes;
  /** The revisions written as `w:ins` / `w:del` that are to be move revisions, by id. */
  private moves = new Map<number, MoveEnd>();
  /** Each move's range name (`w:name`, the same at both ends), by amendment id. */
  private readonly rangeNames = new Map<string, string>();
  /** The id of each open move range, by move end and amendment id. */
  private readonly openRanges = new Map<string, number>();

  constructor(markup: MarkupDraft) {
    this.attributes = revisionAttributes(markup);
    this.footnotes = headerFootnotes(markup.header);
  }

  /** A change's revision attributes; a move's id is noted, for its `w:ins` / `w:del` to become a move. */
  private changeAttributes(change: NonNullable<Change>): RevisionAttributes {
    const attributes = this.attributes(change.revision);
    if (change.kind === 'moveFrom' || change.kind === 'moveTo') {
      this.moves.set(attributes.id, change.kind);
    }
    return attributes;
  }

  /** A run with `options`, inside a `w:ins` or `w:del` (for a move: a placeholder for one) when it has a change. */
  run(options: IRunOptions, change: Change): ParagraphChild {
    if (!change) return new TextRun(options);
    const attributes = this.changeAttributes(change);
    return withoutMove(change)?.kind === 'insertion'
      ? new InsertedTextRun({ ...options, ...attributes })
      : new DeletedTextRun({ ...options, ...attributes });
  }

  /** The runs of a paragraph; a footnote's reference and its text carry the footnote's change. */
  runs(paragraph: MarkupParagraph): ParagraphChild[] {
    return paragraph.runs.map((run) => {
      const change = runChange(run, paragraph.amendment);
      if (!isMarkupFootnote(run)) return this.run(runOptions(run), change);
      const text = run.footnote.map((part) => this.run(runOptions(part), withoutMove(change)));
      return this.run(
        { children: [new FootnoteReferenceRun(addFootnote(this.footnotes, text))] },
        change,
      );
    });
  }

  /** The label's runs: with the paragraph's change, or a changed label as deleted and inserted. */
  private label(
    paragraph: MarkupParagraph,
    options: IRunOptions,
    change: Change,
  ): ParagraphChild[] {
    const relabelled = paragraph.relabelled;
    if (change || !relabelled || relabelled.from === paragraph.label) {
      return [this.run(options, change)];
    }
    const { from, revision } = relabelled;
    return [
      ...(from ? [this.run({ text: from }, { kind: 'deletion', revision })] : []),
      ...(paragraph.label
        ? [this.run({ text: paragraph.label }, { kind: 'insertion', revision })]
        : []),
      new TextRun({ children: [new Tab()] }),
    ];
  }

  paragraph(paragraph: MarkupParagraph, bounds: MoveBounds | null = null): Paragraph {
    const change = paragraphChange(paragraph.amendment);
    const placeholder = withoutMove(change);
    const revision: BlockRevision = {
      labelRun: (options) => this.label(paragraph, options, change),
      ...(change && placeholder
        ? { mark: { [placeholder.kind]: this.changeAttributes(change) } }
        : {}),
    };
    const written = blockParagraph(paragraph, this.runs(paragraph), revision);
    const end = moveEnd(paragraph.amendment);
    if (!end || !bounds || !paragraph.amendment) return written;
    const moves = this.moves;
    this.moves = new Map();
    return new MovedParagraph(written, moves, this.range(end, paragraph.amendment, bounds));
  }

  /** The move range's start (in the end's first paragraph) and end (in its last). */
  private range(
    end: MoveEnd,
    amendment: MarkupParagraphAmendment,
    bounds: MoveBounds,
  ): { start?: IXmlableObject; end?: IXmlableObject } {
    const key = `${end} ${amendment.suggestionId}`;
    const range: { start?: IXmlableObject; end?: IXmlableObject } = {};
    if (bounds.first) {
      const name = this.rangeNames.get(amendment.suggestionId) ?? `move${this.rangeNames.size + 1}`;
      this.rangeNames.set(amendment.suggestionId, name);
      const attributes = this.attributes(amendment);
      this.openRanges.set(key, attributes.id);
      range.start = rangeElement(end, 'Start', {
        'w:id': attributes.id,
        'w:author': attributes.author,
        'w:date': attributes.date,
        'w:name': name,
      });
    }
    if (bounds.last) {
      range.end = rangeElement(end, 'End', { 'w:id': this.openRanges.get(key) });
    }
    return range;
  }
}

/**
 * The marked-up draft as a Word document in the UN L. layout, numbered as the
 * marked-up view numbers it ("13 bis."), with every pending amendment as a
 * tracked change whose author is the delegation's code (so that Word accepts
 * or rejects by delegation) and whose date is the amendment's: inserted text
 * as `w:ins`, deleted text as `w:del`; a proposed paragraph inserted whole,
 * paragraph mark included; a paragraph proposed for deletion deleted whole. A proposed move is
 * Word's own move revision: its paragraphs, paragraph marks included, as
 * `w:moveFrom` where they leave and `w:moveTo` where they go, each end in a
 * named range (`w:moveFromRangeStart` … `w:moveToRangeEnd`, the same name at
 * both ends); text amended inside them keeps its own `w:ins` / `w:del`. (A
 * move whose other end is not in the text is an insertion or a deletion.)
 * Footnote references and texts carry their amendment too (a moved
 * footnote's text as an insertion or a deletion).
 */
export async function markupDocx(markup: MarkupDraft): Promise<Uint8Array> {
  const writer = new TrackedWriter(markup);
  const bounds = moveBounds(markup.paragraphs);
  const paragraphs = markup.paragraphs.map((paragraph, index) =>
    writer.paragraph(paragraph, bounds[index] ?? null),
  );
  return unDocx({
    header: markup.header,
    paragraphs,
    footnotes: writer.footnotes,
    trackRevisions: true,
  });
}

const UNDERLINED: IRunOptions = { underline: { type: UnderlineType.SINGLE } };
const STRUCK: IRunOptions = { strike: true };

/** `runs` without the spaces they end with, and those spaces (to go after the tag). */
function withoutTrailingSpace(runs: readonly MarkupRun[]): { runs: MarkupRun[]; space: string } {
  const last = runs.at(-1);
  if (!last || isMarkupFootnote(last)) return { runs: [...runs], space: '' };
  const space = /\s*$/.exec(last.text)?.[0] ?? '';
  const text = last.text.slice(0, last.text.length - space.length);
  return { runs: [...runs.slice(0, -1), ...(text ? [{ ...last, text }] : [])], space };
}

/** A bold tag in parentheses, "(FRA: add)". */
function tag(note: string): TextRun {
  return new TextRun({ text: `(${note})`, bold: true });
}

/** A compilation paragraph's indent: sub-paragraphs by level, no first-line indent. */
function compilationIndent(paragraph: MarkupParagraph): { left: number; firstLine: number } {
  const depth = paragraph.kind === 'subParagraph' ? paragraph.level : 0;
  return { left: INDENT + depth * LABEL, firstLine: 0 };
}

/** Writes the compilation's paragraphs: plain formatted text, no revisions. */
class CompilationWriter {
  /** Begun with the note on the sponsors line, as in the final DOCX. */
  readonly footnotes: Footnotes;
  /** The amendments already shown, for "(cont.)". */
  private readonly seen = new Set<string>();
  /** The paragraph amendments already noted with their supporters and objectors. */
  private readonly shown = new Set<string>();

  constructor(
    header: ResolutionHeader,
    private readonly amendments: MarkupDraft['amendments'] = {},
  ) {
    this.footnotes = headerFootnotes(header);
  }

  /** Runs with `style` added (underlined, struck); footnotes as real footnotes. */
  private runs(runs: readonly MarkupRun[], style: IRunOptions = {}): ParagraphChild[] {
    return runs.map((run) => {
      if (!isMarkupFootnote(run)) return new TextRun({ ...runOptions(run), ...style });
      const text = run.footnote.map((part) => new TextRun(runOptions(part)));
      return new FootnoteReferenceRun(addFootnote(this.footnotes, text));
    });
  }

  /**
   * The text with its proposals inline: inserted text underlined, deleted
   * struck, each followed by its tag (the spaces it ended with go after the tag).
   */
  private text(paragraph: MarkupParagraph): ParagraphChild[] {
    const out: ParagraphChild[] = [];
    // `note` null: the deleted half of a replacement, followed by a space and its inserted half.
    const proposal = (runs: readonly MarkupRun[], style: IRunOptions, note: string | null) => {
      const trimmed = withoutTrailingSpace(runs);
      out.push(...this.runs(trimmed.runs, style), new TextRun(' '));
      if (note) out.push(tag(note), ...(trimmed.space ? [new TextRun(trimmed.space)] : []));
    };
    for (const piece of compilationPieces(paragraph.runs, this.seen, this.amendments)) {
      switch (piece.kind) {
        case 'plain':
          out.push(...this.runs(piece.runs));
          break;
        case 'insert':
          proposal(piece.runs, UNDERLINED, piece.note);
          break;
        case 'delete':
          proposal(piece.runs, STRUCK, piece.note);
          break;
        case 'replace':
          proposal(piece.deleted, STRUCK, null);
          proposal(piece.inserted, UNDERLINED, piece.note);
          break;
      }
    }
    return out;
  }

  /** "OP5 bis (agreed ad ref) (EGY: new paragraph) text…", sub-paragraphs indented by level. */
  paragraph(paragraph: MarkupParagraph): Paragraph {
    const head: ParagraphChild[] = [
      new TextRun({ text: paragraph.reference || paragraph.label, bold: true }),
    ];
    if (paragraph.status) {
      head.push(new TextRun(` (${PARAGRAPH_STATUS_LABELS[paragraph.status].toLowerCase()})`));
    }
    if (paragraph.amendment) {
      const note = paragraphAmendmentNoteOnce(paragraph.amendment, this.amendments, this.shown);
      head.push(new TextRun(' '), tag(note));
    }
    const text = this.text(paragraph);
    return textParagraph([...head, ...(text.length > 0 ? [new TextRun(' ')] : []), ...text], {
      indent: compilationIndent(paragraph),
      keepNext: paragraph.kind === 'heading',
    });
  }
}

/** The agreed-language lines under a compilation paragraph: small italics, at its indent. */
function agreedLanguageParagraphs(
  lines: readonly string[],
  paragraph: MarkupParagraph,
): Paragraph[] {
  return lines.map((line) =>
    textParagraph([new TextRun({ text: line, italics: true, size: SIZE.footnote })], {
      indent: compilationIndent(paragraph),
    }),
  );
}

/**
 * The compilation for negotiators as a Word document, in the UN L. layout:
 * each paragraph with its reference in bold ("OP5 bis"), its status, its
 * paragraph amendment ("(EGY: new paragraph)"), and its text with the
 * proposals inline as compilation.ts shows them: inserted text underlined and
 * tagged "(FRA: add)", deleted text struck through "(USA: delete)", a
 * replacement both "(CHN: replace)"; each amendment once, "(cont.)" where it
 * resumes. Plain formatted text: no Word revisions. With `agreedLanguage`,
 * each paragraph is followed by its agreed-language lines in small italics.
 */
export async function compilationDocx(
  markup: MarkupDraft,
  options: CompilationOptions = {},
): Promise<Uint8Array> {
  const writer = new CompilationWriter(markup.header, markup.amendments);
  const paragraphs = markup.paragraphs.flatMap((paragraph, index) => [
    writer.paragraph(paragraph),
    ...agreedLanguageParagraphs(agreedLanguageLines(options.agreedLanguage?.[index]), paragraph),
  ]);
  return unDocx({ header: markup.header, paragraphs, footnotes: writer.footnotes });
}
