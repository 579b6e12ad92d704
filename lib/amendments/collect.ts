import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { labelParagraphs } from '../schema/numbering';
import { PARAGRAPH_NODE_TYPES } from '../schema/paragraph-ids';
import { DELETION_MARK, INSERTION_MARK, paragraphSuggestion, type AmendmentKind } from './model';

/** A pending amendment as the panel lists it, read from the document. */
export interface PendingAmendment {
  suggestionId: string;
  delegation: string;
  kind: AmendmentKind;
  /** Where it starts, to scroll to it. */
  pos: number;
  /** Paragraph references it touches, in order, e.g. ["OP5"], or ["OP5", "OP7 bis"] for a move. */
  references: string[];
  paragraphIds: string[];
  /** Text it removes (struck through), and text it adds. */
  oldText: string;
  newText: string;
}

function inlineText(node: ProseMirrorNode): string {
  if (node.isText) return node.text ?? '';
  if (node.type.name === 'footnote') return `[footnote: ${node.textContent}]`;
  return node.textContent;
}

function joinText(current: string, addition: string, separate: boolean): string {
  if (!current) return addition;
  return separate ? `${current} … ${addition}` : current + addition;
}

/**
 * Every pending amendment of the document, in the order of the text. The cost
 * is one walk over the document; callers debounce it while typing.
 */
export function collectAmendments(doc: ProseMirrorNode): PendingAmendment[] {
  const references = new Map(labelParagraphs(doc).map((label) => [label.pos, label.reference]));
  const found = new Map<
    string,
    PendingAmendment & {
      lastEnd: number;
      paragraphKinds: Set<string>;
      marks: Set<string>;
      movedTo: string[];
    }
  >();
  const entry = (suggestionId: string, delegation: string, pos: number) => {
    let existing = found.get(suggestionId);
    if (!existing) {
      existing = {
        suggestionId,
        delegation,
        kind: 'insertion',
        pos,
        references: [],
        paragraphIds: [],
        oldText: '',
        newText: '',
        lastEnd: -1,
        paragraphKinds: new Set(),
        marks: new Set(),
        movedTo: [],
      };
      found.set(suggestionId, existing);
    }
    return existing;
  };
  const touch = (amendment: PendingAmendment, reference: string, paragraphId: string) => {
    if (!amendment.paragraphIds.includes(paragraphId)) {
      amendment.paragraphIds.push(paragraphId);
      amendment.references.push(reference);
    }
  };

  doc.descendants((paragraph, pos) => {
    if (!PARAGRAPH_NODE_TYPES.has(paragraph.type.name)) return true;
    const reference = references.get(pos) ?? '';
    const paragraphId = String(paragraph.attrs.paragraphId);
    const suggestion = paragraphSuggestion(paragraph);
    if (suggestion) {
      const amendment = entry(suggestion.suggestionId, suggestion.delegation, pos);
      amendment.paragraphKinds.add(suggestion.kind);
      // A move reads from where it leaves to where it goes.
      if (suggestion.kind === 'moveTo') amendment.movedTo.push(reference);
      else touch(amendment, reference, paragraphId);
      const text = paragraph.textContent;
      if (suggestion.kind === 'insert') amendment.newText = joinText(amendment.newText, text, true);
      if (suggestion.kind === 'delete') amendment.oldText = joinText(amendment.oldText, text, true);
      if (suggestion.kind === 'moveFrom' && !amendment.oldText) amendment.oldText = text;
    }
    paragraph.forEach((child, offset) => {
      const from = pos + 1 + offset;
      for (const mark of child.marks) {
        const type = mark.type.name;
        if (type !== INSERTION_MARK && type !== DELETION_MARK) continue;
        const amendment = entry(
          String(mark.attrs.suggestionId),
          String(mark.attrs.delegation),
          from,
        );
        amendment.marks.add(type);
        touch(amendment, reference, paragraphId);
        const separate = amendment.lastEnd !== from;
        const text = inlineText(child);
        if (type === INSERTION_MARK)
          amendment.newText = joinText(
            amendment.newText,
            text,
            separate && amendment.newText !== '',
          );
        else
          amendment.oldText = joinText(
            amendment.oldText,
            text,
            separate && amendment.oldText !== '',
          );
        amendment.lastEnd = from + child.nodeSize;
      }
    });
    return false;
  });

  return [...found.values()].map(
    ({ lastEnd: _end, paragraphKinds, marks, movedTo, ...amendment }) => {
      amendment.references.push(...movedTo);
      let kind: AmendmentKind;
      if (paragraphKinds.has('moveFrom') || paragraphKinds.has('moveTo')) kind = 'move';
      else if (paragraphKinds.has('insert')) kind = 'newParagraph';
      else if (paragraphKinds.has('delete')) kind = 'paragraphDeletion';
      else if (marks.has(INSERTION_MARK) && marks.has(DELETION_MARK)) kind = 'replacement';
      else if (marks.has(INSERTION_MARK)) kind = 'insertion';
      else kind = 'deletion';
      return { ...amendment, kind };
    },
  );
}
