import {
  DeletedTextRun,
  FootnoteReferenceRun,
  InsertedTextRun,
  TextRun,
  UnderlineType,
  type IRunOptions,
  type Paragraph,
  type ParagraphChild,
} from 'docx';
import { PARAGRAPH_STATUS_LABELS } from '../schema/paragraph-status';
import { compilationPieces, paragraphAmendmentNote } from './compilation';
import {
  addFootnote,
  blockParagraph,
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

/** What Word is to show of a run: inserted or deleted by one delegation, or nothing. */
type Change = { kind: 'insertion' | 'deletion'; revision: MarkupRevision } | null;

/**
 * A run's change, its paragraph's amendment included. Word cannot nest an
 * insertion in a deletion, so text inserted by one delegation and deleted by
 * another (or in a paragraph another proposes to delete) is the deleter's.
 */
function runChange(run: MarkupRun, paragraph: MarkupParagraphAmendment | null): Change {
  const removes = paragraph?.kind === 'delete' || paragraph?.kind === 'moveFrom';
  const deletion = run.deletion ?? (removes ? paragraph : undefined);
  if (deletion) return { kind: 'deletion', revision: deletion };
  const adds = paragraph?.kind === 'insert' || paragraph?.kind === 'moveTo';
  const insertion = run.insertion ?? (adds ? paragraph : undefined);
  return insertion ? { kind: 'insertion', revision: insertion } : null;
}

/** The paragraph's own change: a proposed paragraph (or moved-to end) inserted, a deleted one deleted. */
function paragraphChange(amendment: MarkupParagraphAmendment | null): Change {
  if (!amendment) return null;
  const kind =
    amendment.kind === 'insert' || amendment.kind === 'moveTo' ? 'insertion' : 'deletion';
  return { kind, revision: amendment };
}

/** Writes a markup draft's paragraphs with Word revisions. */
class TrackedWriter {
  readonly footnotes: Footnotes = {};
  private readonly attributes: (revision: MarkupRevision) => RevisionAttributes;

  constructor(markup: MarkupDraft) {
    this.attributes = revisionAttributes(markup);
  }

  /** A run with `options`, inside a `w:ins` or `w:del` of its own when it has a change. */
  run(options: IRunOptions, change: Change): ParagraphChild {
    if (!change) return new TextRun(options);
    const attributes = this.attributes(change.revision);
    return change.kind === 'insertion'
      ? new InsertedTextRun({ ...options, ...attributes })
      : new DeletedTextRun({ ...options, ...attributes });
  }

  /** The runs of a paragraph; a footnote's reference and its text carry the footnote's change. */
  runs(paragraph: MarkupParagraph): ParagraphChild[] {
    return paragraph.runs.map((run) => {
      const change = runChange(run, paragraph.amendment);
      if (!isMarkupFootnote(run)) return this.run(runOptions(run), change);
      const text = run.footnote.map((part) => this.run(runOptions(part), change));
      return this.run(
        { children: [new FootnoteReferenceRun(addFootnote(this.footnotes, text))] },
        change,
      );
    });
  }

  paragraph(paragraph: MarkupParagraph): Paragraph {
    const change = paragraphChange(paragraph.amendment);
    const revision: BlockRevision = {
      labelRun: (options) => this.run(options, change),
      ...(change ? { mark: { [change.kind]: this.attributes(change.revision) } } : {}),
    };
    return blockParagraph(paragraph, this.runs(paragraph), revision);
  }
}

/**
 * The marked-up draft as a Word document in the UN L. layout, numbered as the
 * marked-up view numbers it ("13 bis."), with every pending amendment as a
 * tracked change whose author is the delegation's code (so that Word accepts
 * or rejects by delegation) and whose date is the amendment's: inserted text
 * as `w:ins`, deleted text as `w:del`; a proposed paragraph (and the end a
 * paragraph is proposed to move to) inserted whole, paragraph mark included;
 * a paragraph proposed for deletion (and the end a paragraph moves from)
 * deleted whole. Footnote references and texts carry their amendment too.
 */
export async function markupDocx(markup: MarkupDraft): Promise<Uint8Array> {
  const writer = new TrackedWriter(markup);
  const paragraphs = markup.paragraphs.map((paragraph) => writer.paragraph(paragraph));
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

/** Writes the compilation's paragraphs: plain formatted text, no revisions. */
class CompilationWriter {
  readonly footnotes: Footnotes = {};
  /** The amendments already shown, for "(cont.)". */
  private readonly seen = new Set<string>();

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
    for (const piece of compilationPieces(paragraph.runs, this.seen)) {
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
      head.push(new TextRun(' '), tag(paragraphAmendmentNote(paragraph.amendment)));
    }
    const text = this.text(paragraph);
    const depth = paragraph.kind === 'subParagraph' ? paragraph.level : 0;
    return textParagraph([...head, ...(text.length > 0 ? [new TextRun(' ')] : []), ...text], {
      indent: { left: INDENT + depth * LABEL, firstLine: 0 },
      keepNext: paragraph.kind === 'heading',
    });
  }
}

/**
 * The compilation for negotiators as a Word document, in the UN L. layout:
 * each paragraph with its reference in bold ("OP5 bis"), its status, its
 * paragraph amendment ("(EGY: new paragraph)"), and its text with the
 * proposals inline as compilation.ts shows them: inserted text underlined and
 * tagged "(FRA: add)", deleted text struck through "(USA: delete)", a
 * replacement both "(CHN: replace)"; each amendment once, "(cont.)" where it
 * resumes. Plain formatted text: no Word revisions.
 */
export async function compilationDocx(markup: MarkupDraft): Promise<Uint8Array> {
  const writer = new CompilationWriter();
  const paragraphs = markup.paragraphs.map((paragraph) => writer.paragraph(paragraph));
  return unDocx({ header: markup.header, paragraphs, footnotes: writer.footnotes });
}
