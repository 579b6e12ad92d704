import type { Mark, Node as ProseMirrorNode } from '@tiptap/pm/model';
import * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import { draftBodyState, writeDraftBody } from '../drafts/draft-body';
import { isId } from '../schema/new-id';
import { forEachParagraph, PARAGRAPH_NODE_TYPES } from '../schema/paragraph-ids';
import {
  DELETION_MARK,
  INSERTION_MARK,
  paragraphSuggestion,
  readAmendmentMeta,
  type ParagraphSuggestion,
} from './model';
import { proposeParagraphs, proposeSubText, proposeText } from './propose';
import {
  PARAGRAPH_CONTAINERS,
  PROPOSABLE_PARAGRAPH_TYPES,
  proposalsMap,
  readProposal,
  type ContentOp,
  type NewProposedParagraph,
  type ParagraphContainer,
  type ProposableParagraphType,
} from './proposals';

/**
 * The migration of a draft whose amendments are still marks inside the shared
 * text (`insertion` / `deletion` marks, the paragraph `suggestion` attribute)
 * to amendments as objects (issue 19): the body becomes the agreed text only
 * (the "original" view), and every amendment becomes proposal objects in the
 * `proposals` map, so that `materialiseDraft` shows the same marked-up text.
 * The records in the `amendments` map are left as they are.
 *
 * Text: for each paragraph and amendment, a contiguous base range it strikes
 * and its insertion right after that range make one replacement; an insertion
 * elsewhere is a point; several pieces of one amendment are several proposals
 * sharing `amendment`. Insertions at one point keep their left-to-right order.
 * Paragraphs: consecutive `insert` paragraphs of one amendment are one
 * `newParagraphs` proposal; `delete` paragraphs one `deleteParagraphs`;
 * `moveFrom` + `moveTo` one `moveParagraphs`. What the new model cannot hold
 * is listed in the report, never dropped silently.
 */

export interface MigrationNote {
  suggestionId: string;
  reason: string;
}

export interface MigrationReport {
  /** Whether anything was written (false: the body held no old marks). */
  migrated: boolean;
  /** Text proposals made (replacements, insertions, deletions). */
  textProposals: number;
  newParagraphs: number;
  deleteParagraphs: number;
  moveParagraphs: number;
  /** Amendment ids converted (at least one proposal made), sorted. */
  amendments: string[];
  /** What could not be represented and was left out of the proposals. */
  skipped: MigrationNote[];
  /** What was converted, but not quite as it was (read them). */
  warnings: MigrationNote[];
}

export interface MigrationOptions {
  /** The origin of the migration's transaction. */
  origin?: unknown;
}

/** The Yjs attribute names of the old marks: `insertion`, `deletion`, `deletion--<hash>`. */
const OLD_MARK_ATTRIBUTE = /^(insertion|deletion)(--[a-zA-Z0-9+/=]{8})?$/;

function holdsOldMarks(element: Y.XmlElement | Y.XmlFragment): boolean {
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { attributes?: Record<string, unknown> }[]) {
        if (Object.keys(op.attributes ?? {}).some((name) => OLD_MARK_ATTRIBUTE.test(name))) {
          return true;
        }
      }
    } else if (child instanceof Y.XmlElement) {
      const suggestion: unknown = child.getAttribute('suggestion');
      if (suggestion !== undefined && suggestion !== null) return true;
      if (holdsOldMarks(child)) return true;
    }
  }
  return false;
}

/** Whether the draft's body holds any amendment mark or paragraph `suggestion` attribute. */
export function hasOldMarks(doc: Y.Doc): boolean {
  return holdsOldMarks(doc.getXmlFragment(BODY_FIELD));
}

interface PlannedText {
  amendment: string;
  delegation: string;
  paragraphId: string;
  from: number;
  to: number;
  content: ContentOp[];
  /** Other delegations' strikes of these words: sub-amendments, [from, to) in `content`. */
  subs?: { amendment: string; delegation: string; from: number; to: number }[];
}

interface ParagraphGroup {
  kind: 'insert' | 'moveTo';
  amendment: string;
  delegation: string;
  container: ParagraphContainer;
  after: string | null;
  paragraphs: NewProposedParagraph[];
}

interface Removal {
  kind: 'delete' | 'moveFrom';
  delegation: string;
  container: ParagraphContainer;
  paragraphIds: string[];
}

interface Plan {
  original: ProseMirrorNode;
  texts: PlannedText[];
  groups: ParagraphGroup[];
  removals: Map<string, Removal>;
}

function isAmendmentMark(mark: Mark): boolean {
  return mark.type.name === INSERTION_MARK || mark.type.name === DELETION_MARK;
}

function markId(mark: Mark): string {
  return String(mark.attrs.suggestionId);
}

/** Inline content as a proposal's content delta (amendment marks left out). */
function contentOp(node: ProseMirrorNode, notes: MigrationNote[], owner: string): ContentOp | null {
  if (node.isText) {
    const attributes: Record<string, unknown> = {};
    for (const mark of node.marks) {
      if (!isAmendmentMark(mark)) attributes[mark.type.name] = { ...mark.attrs };
    }
    return Object.keys(attributes).length > 0
      ? { insert: node.text ?? '', attributes }
      : { insert: node.text ?? '' };
  }
  if (node.type.name === 'footnote') {
    let formatted = false;
    node.forEach((child) => {
      if (child.marks.length > 0) formatted = true;
    });
    if (formatted) {
      notes.push({
        suggestionId: owner,
        reason: `the formatting inside a proposed footnote ("${node.textContent.slice(0, 40)}") is not kept: a proposal's footnote is plain text`,
      });
    }
    return { insert: { footnote: node.textContent } };
  }
  return null;
}

function inlineSize(node: ProseMirrorNode): number {
  return node.isText ? (node.text ?? '').length : 1;
}

/** Adds `op` to a delta, joined with the previous op when they share formatting. */
function pushOp(ops: ContentOp[], op: ContentOp): void {
  const last = ops.at(-1);
  if (
    last &&
    typeof last.insert === 'string' &&
    typeof op.insert === 'string' &&
    JSON.stringify(last.attributes ?? {}) === JSON.stringify(op.attributes ?? {})
  ) {
    last.insert += op.insert;
    return;
  }
  ops.push(op);
}

/**
 * A base paragraph (no `insert` / `moveTo` suggestion): its agreed inline
 * content (insertions removed, strikes cleared), and its text proposals.
 */
function planBaseParagraph(
  paragraph: ProseMirrorNode,
  paragraphId: string,
  report: MigrationReport,
): { inline: ProseMirrorNode[]; texts: PlannedText[] } {
  const inline: ProseMirrorNode[] = [];
  const struck = new Map<string, { delegation: string; ranges: { from: number; to: number }[] }>();
  const inserts: {
    at: number;
    amendment: string;
    delegation: string;
    ops: ContentOp[];
    subs: NonNullable<PlannedText['subs']>;
  }[] = [];
  let offset = 0;
  paragraph.forEach((child) => {
    const insertion = child.marks.find((mark) => mark.type.name === INSERTION_MARK);
    const deletions = child.marks.filter((mark) => mark.type.name === DELETION_MARK);
    if (insertion) {
      const amendment = markId(insertion);
      const owner = String(insertion.attrs.delegation);
      const op = contentOp(child, report.warnings, amendment);
      if (!op) return;
      let last = inserts.at(-1);
      if (!(last && last.at === offset && last.amendment === amendment)) {
        last = { at: offset, amendment, delegation: owner, ops: [], subs: [] };
        inserts.push(last);
      }
      const within = last.ops.reduce(
        (sum, item) => sum + (typeof item.insert === 'string' ? item.insert.length : 1),
        0,
      );
      pushOp(last.ops, op);
      // Another delegation's strike of these words: a sub-amendment of the proposal they become.
      for (const deletion of deletions) {
        const delegation = String(deletion.attrs.delegation);
        if (delegation === owner) {
          report.skipped.push({
            suggestionId: markId(deletion),
            reason: `it strikes words its own delegation inserts ("${child.textContent.slice(0, 40)}"): the strike is dropped`,
          });
          continue;
        }
        const sub = last.subs.findLast(
          (item) => item.amendment === markId(deletion) && item.to === within,
        );
        if (sub) sub.to = within + inlineSize(child);
        else {
          last.subs.push({
            amendment: markId(deletion),
            delegation,
            from: within,
            to: within + inlineSize(child),
          });
        }
      }
      return;
    }
    const size = inlineSize(child);
    for (const deletion of deletions) {
      const amendment = markId(deletion);
      let entry = struck.get(amendment);
      if (!entry) {
        entry = { delegation: String(deletion.attrs.delegation), ranges: [] };
        struck.set(amendment, entry);
      }
      const last = entry.ranges.at(-1);
      if (last && last.to === offset) last.to = offset + size;
      else entry.ranges.push({ from: offset, to: offset + size });
    }
    inline.push(
      deletions.length > 0 ? child.mark(child.marks.filter((m) => !isAmendmentMark(m))) : child,
    );
    offset += size;
  });

  const texts: PlannedText[] = [];
  for (const insert of inserts) {
    const ranges = struck.get(insert.amendment)?.ranges ?? [];
    const range = ranges.find((item) => item.from < insert.at && insert.at <= item.to);
    let from = insert.at;
    if (range) {
      // Its own strike before it: a replacement (the rest of the strike, if any, stays).
      from = range.from;
      if (range.to === insert.at) ranges.splice(ranges.indexOf(range), 1);
      else range.from = insert.at;
    }
    texts.push({
      amendment: insert.amendment,
      delegation: insert.delegation,
      paragraphId,
      from,
      to: insert.at,
      content: insert.ops,
      ...(insert.subs.length > 0 ? { subs: insert.subs } : {}),
    });
  }
  for (const [amendment, { delegation, ranges }] of struck) {
    for (const range of ranges) {
      texts.push({ amendment, delegation, paragraphId, ...range, content: [] });
    }
  }
  return { inline, texts };
}

/**
 * The content of a proposed paragraph, its own insertion marks dropped.
 * Another amendment's marks inside it cannot be represented: in a new
 * paragraph, its inserted words are kept as part of the paragraph and its
 * strike dropped; in a moved copy, the copy keeps the agreed words (the
 * words the paragraph moved away holds), and the amendment, when it also
 * marks the paragraph moved away (`mirrored`), stays there as text proposals.
 */
function proposedContent(
  paragraph: ProseMirrorNode,
  suggestion: ParagraphSuggestion,
  mirrored: ReadonlySet<string>,
  report: MigrationReport,
): ContentOp[] {
  const ops: ContentOp[] = [];
  const reported = new Set<string>();
  const note = (list: MigrationNote[], amendment: string, reason: string) => {
    if (reported.has(`${amendment} ${reason}`)) return;
    reported.add(`${amendment} ${reason}`);
    list.push({ suggestionId: amendment, reason });
  };
  const moved = suggestion.kind === 'moveTo';
  const where = `${moved ? 'a copy of paragraphs moved' : 'a paragraph proposed'} by ${suggestion.delegation} (${suggestion.suggestionId})`;
  paragraph.forEach((child) => {
    let keep = true;
    for (const mark of child.marks) {
      const amendment = markId(mark);
      if (!isAmendmentMark(mark)) continue;
      const inserted = mark.type.name === INSERTION_MARK;
      if (amendment === suggestion.suggestionId) {
        if (!inserted) {
          note(report.skipped, amendment, `${where} strikes its own words: the strike is dropped`);
        }
        continue;
      }
      if (moved) {
        if (inserted) keep = false;
        if (mirrored.has(amendment)) {
          note(
            report.warnings,
            amendment,
            `its change is shown on the paragraph moved away, not on ${where}, which holds the agreed words`,
          );
        } else {
          note(
            report.skipped,
            amendment,
            `it ${inserted ? 'inserts' : 'strikes'} words in ${where}: left out, the copy holds the agreed words`,
          );
        }
      } else if (inserted) {
        note(
          report.skipped,
          amendment,
          `it inserts words inside ${where}: its words are kept as part of that proposed paragraph`,
        );
      } else {
        note(report.skipped, amendment, `it strikes words of ${where}: the strike is dropped`);
      }
    }
    if (!keep) return;
    const op = contentOp(child, report.warnings, suggestion.suggestionId);
    if (op) pushOp(ops, op);
  });
  return ops;
}

/** The amendments marking text of the paragraphs each move moves away. */
function movedAwayMarks(old: ProseMirrorNode): Map<string, Set<string>> {
  const marks = new Map<string, Set<string>>();
  forEachParagraph(old, (paragraph) => {
    const suggestion = paragraphSuggestion(paragraph);
    if (suggestion?.kind !== 'moveFrom') return;
    const ids = marks.get(suggestion.suggestionId) ?? new Set<string>();
    paragraph.forEach((child) => {
      for (const mark of child.marks) if (isAmendmentMark(mark)) ids.add(markId(mark));
    });
    marks.set(suggestion.suggestionId, ids);
  });
  return marks;
}

function planMigration(old: ProseMirrorNode, report: MigrationReport): Plan {
  const texts: PlannedText[] = [];
  const groups: ParagraphGroup[] = [];
  const removals = new Map<string, Removal>();
  const parts: ProseMirrorNode[] = [];
  const mirrored = movedAwayMarks(old);
  old.forEach((part) => {
    const container = part.type.name as ParagraphContainer;
    const isContainer = (PARAGRAPH_CONTAINERS as readonly string[]).includes(container);
    const children: ProseMirrorNode[] = [];
    let lastBase: string | null = null;
    let open: ParagraphGroup | null = null;
    part.forEach((paragraph) => {
      const suggestion = paragraphSuggestion(paragraph);
      const paragraphId: unknown = paragraph.attrs.paragraphId;
      const proposable =
        isContainer &&
        isId(paragraphId) &&
        (PROPOSABLE_PARAGRAPH_TYPES as readonly string[]).includes(paragraph.type.name);
      if (suggestion && (suggestion.kind === 'insert' || suggestion.kind === 'moveTo')) {
        if (!proposable) {
          report.skipped.push({
            suggestionId: suggestion.suggestionId,
            reason: `a proposed ${paragraph.type.name} without a paragraph id or outside the preamble and operative part cannot be a proposal: left out`,
          });
          return;
        }
        const status: unknown = paragraph.attrs.status;
        if (status !== null && status !== undefined) {
          report.warnings.push({
            suggestionId: suggestion.suggestionId,
            reason: `the status "${String(status)}" of its proposed paragraph ${paragraphId} is not kept`,
          });
        }
        const proposed: NewProposedParagraph = {
          paragraphId,
          type: paragraph.type.name as ProposableParagraphType,
          content: proposedContent(
            paragraph,
            suggestion,
            mirrored.get(suggestion.suggestionId) ?? new Set(),
            report,
          ),
        };
        if (paragraph.type.name === 'subParagraph') proposed.level = Number(paragraph.attrs.level);
        if (paragraph.type.name === 'sectionHeading') {
          proposed.numbered = paragraph.attrs.numbered === true;
        }
        if (open && open.kind === suggestion.kind && open.amendment === suggestion.suggestionId) {
          open.paragraphs.push(proposed);
        } else {
          open = {
            kind: suggestion.kind,
            amendment: suggestion.suggestionId,
            delegation: suggestion.delegation,
            container,
            after: lastBase,
            paragraphs: [proposed],
          };
          groups.push(open);
        }
        return;
      }
      open = null;
      if (isId(paragraphId)) lastBase = paragraphId;
      let inline: ProseMirrorNode[] = [];
      paragraph.forEach((child) => inline.push(child));
      if (PARAGRAPH_NODE_TYPES.has(paragraph.type.name)) {
        if (isId(paragraphId)) {
          const planned = planBaseParagraph(paragraph, paragraphId, report);
          inline = planned.inline;
          texts.push(...planned.texts);
        } else {
          for (const child of inline) {
            for (const mark of child.marks.filter(isAmendmentMark)) {
              report.skipped.push({
                suggestionId: markId(mark),
                reason: 'its marks are in a paragraph without a paragraph id: left out',
              });
            }
          }
          inline = inline.filter(
            (child) => !child.marks.some((mark) => mark.type.name === INSERTION_MARK),
          );
          inline = inline.map((child) =>
            child.mark(child.marks.filter((m) => !isAmendmentMark(m))),
          );
        }
      }
      if (suggestion) {
        if (!proposable) {
          report.skipped.push({
            suggestionId: suggestion.suggestionId,
            reason: `a ${suggestion.kind} of a paragraph without a paragraph id cannot be a proposal: left out`,
          });
        } else {
          const removal = removals.get(suggestion.suggestionId) ?? {
            kind: suggestion.kind as Removal['kind'],
            delegation: suggestion.delegation,
            container,
            paragraphIds: [],
          };
          removal.paragraphIds.push(paragraphId);
          removals.set(suggestion.suggestionId, removal);
        }
      }
      children.push(
        paragraph.type.create(
          suggestion ? { ...paragraph.attrs, suggestion: null } : paragraph.attrs,
          inline,
          paragraph.marks,
        ),
      );
    });
    parts.push(part.type.create(part.attrs, children, part.marks));
  });
  return { original: old.type.create(old.attrs, parts, old.marks), texts, groups, removals };
}

/**
 * Converts a draft whose body holds amendment marks into agreed text plus
 * proposal objects, in one transaction. A draft without old marks is left
 * untouched (no update at all). Throws, before writing anything, if the body
 * cannot be read or its agreed text would not be a valid resolution.
 */
export function migrateMarksToProposals(
  doc: Y.Doc,
  options: MigrationOptions = {},
): MigrationReport {
  const report: MigrationReport = {
    migrated: false,
    textProposals: 0,
    newParagraphs: 0,
    deleteParagraphs: 0,
    moveParagraphs: 0,
    amendments: [],
    skipped: [],
    warnings: [],
  };
  if (!hasOldMarks(doc)) return report;
  const plan = planMigration(draftBodyState(doc).doc, report);
  plan.original.check();
  const converted = new Set<string>();

  doc.transact(() => {
    writeDraftBody(doc, plan.original);

    // Text: insertions in document order, each after the one before it at its point.
    const lastAt = new Map<string, string>();
    for (const text of plan.texts) {
      const key = `${text.paragraphId} ${text.to}`;
      const withContent = text.content.length > 0;
      const id = proposeText(doc, {
        amendment: text.amendment,
        delegation: text.delegation,
        paragraphId: text.paragraphId,
        from: text.from,
        to: text.to,
        content: text.content,
        ...(withContent ? { after: lastAt.get(key) ?? null } : {}),
      });
      if (withContent) lastAt.set(key, id);
      report.textProposals += 1;
      converted.add(text.amendment);
      const parent = text.subs ? readProposal(id, proposalsMap(doc).get(id)) : null;
      for (const sub of text.subs ?? []) {
        if (parent?.kind !== 'text') break;
        proposeSubText(doc, { ...sub, parent, content: [] });
        report.textProposals += 1;
        converted.add(sub.amendment);
      }
    }

    // Paragraphs: groups in document order, so that ranks keep their order.
    const moved = new Set<string>();
    for (const group of plan.groups) {
      const removal = plan.removals.get(group.amendment);
      let removes: string[] = [];
      if (group.kind === 'moveTo') {
        if (removal?.kind === 'moveFrom' && !moved.has(group.amendment)) {
          removes = removal.paragraphIds;
        } else {
          report.warnings.push({
            suggestionId: group.amendment,
            reason: moved.has(group.amendment)
              ? 'its moved paragraphs are in several places: the later ones are a move of nothing (shown where they are, removing nothing)'
              : 'its moved paragraphs have no paragraphs they are moved from: a move of nothing',
          });
        }
        moved.add(group.amendment);
      }
      proposeParagraphs(doc, {
        amendment: group.amendment,
        delegation: group.delegation,
        kind: group.kind === 'moveTo' ? 'moveParagraphs' : 'newParagraphs',
        removes,
        after: group.after,
        container: group.container,
        paragraphs: group.paragraphs,
      });
      if (group.kind === 'moveTo') report.moveParagraphs += 1;
      else report.newParagraphs += 1;
      converted.add(group.amendment);
    }
    for (const [amendment, removal] of plan.removals) {
      if (moved.has(amendment)) continue;
      if (removal.kind === 'moveFrom') {
        report.skipped.push({
          suggestionId: amendment,
          reason: `paragraphs marked as moved away (${removal.paragraphIds.join(', ')}) have no moved copy: no proposal made, they stay`,
        });
        continue;
      }
      proposeParagraphs(doc, {
        amendment,
        delegation: removal.delegation,
        kind: 'deleteParagraphs',
        removes: removal.paragraphIds,
        after: null,
        container: removal.container,
        paragraphs: [],
      });
      report.deleteParagraphs += 1;
      converted.add(amendment);
    }
  }, options.origin);

  for (const amendment of converted) {
    if (readAmendmentMeta(doc, amendment)?.decision) {
      report.warnings.push({
        suggestionId: amendment,
        reason: 'its record holds a decision, so its proposals are not shown as pending',
      });
    }
  }
  report.migrated = true;
  report.amendments = [...converted].sort();
  return report;
}
