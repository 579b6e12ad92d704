import { escapeText, headerLines, inlineMarkdown } from '../import/resolution-to-markdown';
import { PARAGRAPH_STATUS_LABELS } from '../schema/paragraph-status';
import type { TextRun } from '../schema/resolution-document';
import type { MarkupDraft, MarkupParagraph, MarkupRevision, MarkupRun } from './markup';

/**
 * The compilation text of a marked-up draft, in Markdown: each paragraph with
 * its reference ("OP5 bis") and status ("(agreed ad ref)"), the pending
 * proposals inline in CriticMarkup tagged with the proposing delegation:
 * `{++ text ++}{>>FRA: add<<}`, `{-- text --}{>>USA: delete<<}`,
 * `{~~ old ~> new ~~}{>>FRA<<}`; paragraph amendments before the text:
 * "(EGY: new paragraph)", "(USA: delete paragraph)", "(CHN: move from OP15)"
 * where a moved paragraph is proposed to go and "(CHN: move to OP13 ter)"
 * where it leaves.
 */

/** A stretch of runs with one state: plain, or inserted / deleted by one amendment. */
interface Segment {
  runs: MarkupRun[];
  insertion?: MarkupRevision;
  deletion?: MarkupRevision;
}

function segmentKey(run: MarkupRun): string {
  return `${run.insertion?.suggestionId ?? ''}|${run.deletion?.suggestionId ?? ''}`;
}

function segments(runs: readonly MarkupRun[]): Segment[] {
  const out: Segment[] = [];
  let key: string | null = null;
  for (const run of runs) {
    const current = segmentKey(run);
    const last = out.at(-1);
    if (last && current === key) {
      last.runs.push(run);
    } else {
      out.push({
        runs: [run],
        ...(run.insertion ? { insertion: run.insertion } : {}),
        ...(run.deletion ? { deletion: run.deletion } : {}),
      });
      key = current;
    }
  }
  return out;
}

/** The one amendment a segment belongs to, if it belongs to exactly one. */
function soleAmendment(segment: Segment): MarkupRevision | null {
  if (segment.insertion && segment.deletion) return null;
  return segment.insertion ?? segment.deletion ?? null;
}

const isPlain = (segment: Segment) => !segment.insertion && !segment.deletion;

/** Writes one paragraph's text with its proposals; `seen` holds the ids already shown. */
function paragraphText(
  runs: readonly MarkupRun[],
  footnote: (runs: TextRun[]) => string,
  seen: Set<string>,
): string {
  const list = segments(runs);
  const text = (parts: readonly Segment[], keep: (segment: Segment) => boolean) =>
    inlineMarkdown(
      parts.filter(keep).flatMap((segment) => segment.runs),
      footnote,
    ).trim();
  const note = (revision: MarkupRevision, action: string) => {
    const again = seen.has(revision.suggestionId);
    seen.add(revision.suggestionId);
    return `${revision.delegation}${action ? `: ${action}` : ''}${again ? ' (cont.)' : ''}`;
  };
  const tag = (revision: MarkupRevision, action: string) => `{>>${note(revision, action)}<<}`;
  let out = '';
  for (let i = 0; i < list.length; i++) {
    const segment = list[i] as Segment;
    const amendment = soleAmendment(segment);
    if (isPlain(segment)) {
      out += inlineMarkdown(segment.runs, footnote);
      continue;
    }
    if (!amendment) {
      // Text one delegation proposes to insert and another to delete.
      const insertion = segment.insertion as MarkupRevision;
      const deletion = segment.deletion as MarkupRevision;
      const notes = `${note(insertion, 'add')}; ${note(deletion, 'delete')}`;
      out += `{-- ${text([segment], () => true)} --}{>>${notes}<<}`;
      continue;
    }
    // The amendment's pieces in this paragraph, as long as only plain text lies between them.
    let end = i;
    for (let j = i + 1; j < list.length; j++) {
      const next = list[j] as Segment;
      if (soleAmendment(next)?.suggestionId === amendment.suggestionId) end = j;
      else if (!isPlain(next)) break;
    }
    const group = list.slice(i, end + 1);
    i = end;
    const inserts = group.some((part) => part.insertion);
    const deletes = group.some((part) => part.deletion);
    if (group.length === 1 && inserts) {
      out += `{++ ${text(group, () => true)} ++}${tag(amendment, 'add')}`;
    } else if (group.length === 1 && deletes) {
      out += `{-- ${text(group, () => true)} --}${tag(amendment, 'delete')}`;
    } else {
      const old = text(group, (part) => !part.insertion);
      const now = text(group, (part) => !part.deletion);
      out += `{~~ ${old} ~> ${now} ~~}${tag(amendment, 'replace')}`;
    }
  }
  return out;
}

/** "(EGY: new paragraph)" and the like, for a paragraph amendment. */
function paragraphTag(paragraph: MarkupParagraph): string {
  const amendment = paragraph.amendment;
  if (!amendment) return '';
  const delegation = escapeText(amendment.delegation);
  switch (amendment.kind) {
    case 'insert':
      return `(${delegation}: new paragraph)`;
    case 'delete':
      return `(${delegation}: delete paragraph)`;
    case 'moveTo':
      return `(${delegation}: move from ${amendment.counterpart ?? 'elsewhere'})`;
    case 'moveFrom':
      return `(${delegation}: move to ${amendment.counterpart ?? 'elsewhere'})`;
  }
}

/**
 * The marked-up draft as a compilation in Markdown with CriticMarkup. Each
 * pending amendment is shown once; one split by another delegation's text is
 * marked "(cont.)" where it resumes.
 */
export function compilationMarkdown(markup: MarkupDraft): string {
  const notes: string[] = [];
  const footnote = (runs: TextRun[]) => {
    notes.push(inlineMarkdown(runs, () => ''));
    return `[^${notes.length}]`;
  };
  const seen = new Set<string>();
  const blocks: string[] = [...headerLines(markup.header)];
  blocks.push(`*The ${markup.header.organ || 'General Assembly'}*,`);
  for (const paragraph of markup.paragraphs) {
    const parts = [`**${escapeText(paragraph.reference || paragraph.label)}**`];
    if (paragraph.status) parts.push(`(${PARAGRAPH_STATUS_LABELS[paragraph.status].toLowerCase()})`);
    const tag = paragraphTag(paragraph);
    if (tag) parts.push(tag);
    const text = paragraphText(paragraph.runs, footnote, seen);
    if (text) parts.push(text);
    blocks.push(parts.join(' '));
  }
  if (notes.length > 0) {
    blocks.push('---', notes.map((note, index) => `[^${index + 1}]: ${note}`).join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}
