/* eslint-disable @typescript-eslint/no-explicit-any -- Yjs types its nested types with YEvent<any>. */
import * as Y from 'yjs';
import {
  AMENDMENTS_FIELD,
  DELETION_MARK,
  INSERTION_MARK,
  isParagraphSuggestion,
  type AmendmentMeta,
  type ParagraphSuggestion,
} from '@/lib/amendments/model';
import { BODY_FIELD, HEADER_FIELD } from '@/lib/collab/protocol';

/** A change the sender's role does not allow: not stored, not relayed; the sender is told why. */
export class ChangeRefusedError extends Error {
  override readonly name = 'ChangeRefusedError';
}

/** Who sent the update, from the session. */
export interface Sender {
  userId: string;
  delegation: string;
}

/** The name of the top-level field a (possibly nested) type belongs to. */
function fieldOf(type: Y.AbstractType<Y.YEvent<any>>): string | null {
  let current: Y.AbstractType<Y.YEvent<any>> = type;
  while (current._item?.parent instanceof Y.AbstractType) current = current._item.parent;
  return Y.findRootTypeKey(current);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function record(value: unknown): Partial<AmendmentMeta> | null {
  return typeof value === 'object' && value !== null ? (value as Partial<AmendmentMeta>) : null;
}

/** What an update changed in the body, found from `transaction.changed`. */
interface BodyChanges {
  /** Preamble / operative part whose list of paragraphs changed: compared whole. */
  containers: Set<Y.XmlElement>;
  /** Paragraphs changed inside (text, marks, attributes, footnotes), in containers not listed above. */
  paragraphs: Set<Y.XmlElement>;
}

const ORIGINAL_CHANGED =
  'the original text can only be changed by proposing an amendment (insertions and deletions are marked, nothing is removed or rewritten directly)';

/** An amendment mark as the Yjs binding stores it: `insertion` or `deletion--<hash>`. */
function amendmentMarks(
  attributes: Record<string, unknown> | undefined,
): { type: string; suggestionId: string; delegation: string }[] {
  const marks: { type: string; suggestionId: string; delegation: string }[] = [];
  for (const [key, value] of Object.entries(attributes ?? {})) {
    const type = key.replace(/--[a-zA-Z0-9+/=]{8}$/, '');
    if (type !== INSERTION_MARK && type !== DELETION_MARK) continue;
    const attrs = (value ?? {}) as Record<string, unknown>;
    marks.push({
      type,
      suggestionId: String(attrs.suggestionId),
      delegation: String(attrs.delegation),
    });
  }
  return marks;
}

/** The formatting of a run without its amendment marks, as a stable key. */
function formatKey(attributes: Record<string, unknown> | undefined): string {
  return Object.keys(attributes ?? {})
    .filter((key) => amendmentMarks({ [key]: (attributes ?? {})[key] }).length === 0)
    .sort()
    .map((key) => `${key}=${JSON.stringify((attributes ?? {})[key])}`)
    .join(';');
}

/**
 * What a run of paragraphs says, seen by the rules: the original text (the
 * paragraphs and text with every pending amendment rejected), the other
 * delegations' amendments (their text, per amendment), and the amendments
 * present (to check that new ones have a record of their delegation).
 */
class Reading {
  readonly original: string[] = [];
  private readonly others = new Map<string, string>();
  readonly present = new Map<string, string>();

  constructor(private readonly sender: string) {}

  /** The first other delegation's amendment that reads differently in `other`, if any. */
  differingAmendment(other: Reading): { key: string; was?: string; is?: string } | null {
    for (const key of new Set([...this.others.keys(), ...other.others.keys()])) {
      const was = this.others.get(key);
      const is = other.others.get(key);
      if (was !== is) return { key, was, is };
    }
    return null;
  }

  read(paragraph: Y.XmlElement): void {
    const attributes = paragraph.getAttributes() as Record<string, unknown>;
    const { suggestion: raw, ...rest } = attributes;
    const suggestion: ParagraphSuggestion | null = isParagraphSuggestion(raw) ? raw : null;
    const proposed = suggestion?.kind === 'insert' || suggestion?.kind === 'moveTo';
    const own = suggestion?.delegation === this.sender;
    if (suggestion) this.present.set(suggestion.suggestionId, suggestion.delegation);
    const content = this.inline(paragraph, !(proposed && own));
    const description = JSON.stringify([paragraph.nodeName, sortedEntries(rest), content]);
    if (!proposed) this.original.push(description);
    if (suggestion && !own) {
      // Another delegation's paragraph amendment: the paragraph it concerns, as it reads.
      this.add(
        `paragraph:${suggestion.kind}:${suggestion.suggestionId}:${suggestion.delegation}`,
        description,
      );
    }
  }

  /**
   * The original content of an element's children; records other delegations'
   * marks unless `trackOthers` is false (inside one's own proposed paragraph,
   * copies of others' pending text are part of one's own proposal).
   */
  private inline(element: Y.XmlElement, trackOthers: boolean): string {
    const parts: [string, string][] = [];
    const push = (key: string, text: string) => {
      const last = parts[parts.length - 1];
      if (last && last[0] === key) last[1] += text;
      else parts.push([key, text]);
    };
    for (const child of element.toArray()) {
      if (child instanceof Y.XmlText) {
        for (const op of child.toDelta() as {
          insert: unknown;
          attributes?: Record<string, unknown>;
        }[]) {
          const text = typeof op.insert === 'string' ? op.insert : JSON.stringify(op.insert);
          const marks = amendmentMarks(op.attributes);
          // Another delegation's strike over one's own pending insertion is not looked at: Yjs
          // extends a strike made at the same time over words typed inside it, and the client
          // then lifts it from its own words (the strike never concerned them).
          const ownInsertion = marks.some(
            (mark) => mark.type === INSERTION_MARK && mark.delegation === this.sender,
          );
          for (const mark of marks) {
            this.present.set(mark.suggestionId, mark.delegation);
            if (ownInsertion && mark.type === DELETION_MARK) continue;
            if (trackOthers && mark.delegation !== this.sender) {
              this.add(`${mark.type}:${mark.suggestionId}:${mark.delegation}`, text);
            }
          }
          if (!marks.some((mark) => mark.type === INSERTION_MARK))
            push(formatKey(op.attributes), text);
        }
      } else if (child instanceof Y.XmlElement) {
        push(
          `<${child.nodeName} ${JSON.stringify(sortedEntries(child.getAttributes()))}>`,
          this.inline(child, trackOthers),
        );
      }
    }
    return JSON.stringify(parts);
  }

  private add(key: string, text: string): void {
    this.others.set(key, (this.others.get(key) ?? '') + text);
  }
}

function sortedEntries(record: Record<string, unknown>): [string, unknown][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function readParagraphs(paragraphs: Iterable<Y.XmlElement>, sender: string): Reading {
  const reading = new Reading(sender);
  for (const paragraph of paragraphs) reading.read(paragraph);
  return reading;
}

function elementsOf(container: Y.XmlElement): Y.XmlElement[] {
  return container.toArray().filter((child) => child instanceof Y.XmlElement);
}

/** The same element (by Yjs item id) in another copy of the doc. */
function counterpart<T extends Y.AbstractType<any>>(doc: Y.Doc, type: T): T | null {
  const item = type._item;
  if (!item) return null;
  try {
    const found = Y.getItem(doc.store, item.id);
    return found instanceof Y.Item && !found.deleted
      ? ((found.content as Y.ContentType).type as T)
      : null;
  } catch {
    return null;
  }
}

/** Sorts a changed body type into the container or paragraph it belongs to. */
function classifyBodyChange(
  type: Y.AbstractType<any>,
  keys: Set<string | null>,
  changes: BodyChanges,
): void {
  const chain: Y.AbstractType<any>[] = [type];
  let current = type;
  while (current._item?.parent instanceof Y.AbstractType) {
    current = current._item.parent;
    chain.push(current);
  }
  // chain: [type, …, container, body]
  if (chain.length === 1) {
    throw new ChangeRefusedError('the parts of the draft (preamble, operative part) are fixed');
  }
  if (chain.length === 2) {
    if ([...keys].some((key) => key !== null)) {
      throw new ChangeRefusedError('the parts of the draft (preamble, operative part) are fixed');
    }
    changes.containers.add(type as Y.XmlElement);
    return;
  }
  const paragraph = chain[chain.length - 3];
  if (paragraph instanceof Y.XmlElement) changes.paragraphs.add(paragraph);
}

/**
 * The text rule for a sponsor (DESIGN.md §3): compares what the update
 * touched, before (`before`, the draft) and after (`shadow`), and refuses when
 * the original text changed, another delegation's amendment changed, or an
 * amendment appears that has no record of its delegation.
 */
function checkBody(before: Y.Doc, shadow: Y.Doc, changes: BodyChanges, sender: Sender): void {
  const records = shadow.getMap<unknown>(AMENDMENTS_FIELD);
  const compare = (old: Y.XmlElement[], now: Y.XmlElement[]) => {
    const was = readParagraphs(old, sender.delegation);
    const is = readParagraphs(now, sender.delegation);
    const differing = was.differingAmendment(is);
    if (differing) {
      if (process.env.CONCORD_DEBUG_RULES) console.error(differing);
      const delegation = differing.key.split(':').at(-1) ?? 'another delegation';
      throw new ChangeRefusedError(
        differing.was === undefined
          ? `an amendment cannot be made in the name of ${delegation}`
          : `the amendment of ${delegation} cannot be changed or removed (only ${delegation} may withdraw it)`,
      );
    }
    if (JSON.stringify(was.original) !== JSON.stringify(is.original)) {
      throw new ChangeRefusedError(ORIGINAL_CHANGED);
    }
    for (const [suggestionId, delegation] of is.present) {
      if (was.present.get(suggestionId) === delegation) continue;
      const meta = record(records.get(suggestionId));
      if (!meta || meta.delegation !== delegation) {
        throw new ChangeRefusedError(
          delegation === sender.delegation
            ? 'an amendment must have its record (who proposed it) in the same change'
            : `an amendment cannot be made in the name of ${delegation}`,
        );
      }
    }
  };
  for (const container of changes.containers) {
    const old = counterpart(before, container);
    if (!old) throw new ChangeRefusedError(ORIGINAL_CHANGED);
    compare(elementsOf(old), elementsOf(container));
  }
  for (const paragraph of changes.paragraphs) {
    const container = paragraph.parent;
    if (container instanceof Y.XmlElement && changes.containers.has(container)) continue;
    const old = counterpart(before, paragraph);
    if (!old || paragraph._item?.deleted) throw new ChangeRefusedError(ORIGINAL_CHANGED);
    compare([old], [paragraph]);
  }
}

/**
 * Checks a sponsor's update, applied to `shadow` (a copy of the draft) while
 * `before` still holds the draft as it was. Looks only at what the update
 * changed (`transaction.changed`): the cost follows the paragraphs it touched,
 * not the size of the draft (a paragraph added or removed: its part, preamble
 * or operative, is compared whole). Refuses, with a reason the sender can act on:
 * - a change the server cannot place (it builds on changes the server does not have);
 * - any change of the header (the facilitator's);
 * - amendment records (`amendments`) written in another delegation's or user's
 *   name, another delegation's record changed or removed, or a decision written;
 * - a change of the original text (the draft with every pending amendment
 *   rejected), paragraph statuses included;
 * - another delegation's amendment changed or removed, or one made in its name.
 */
export function checkSponsorUpdate(
  before: Y.Doc,
  shadow: Y.Doc,
  update: Uint8Array,
  sender: Sender,
): void {
  const changed = new Map<Y.AbstractType<Y.YEvent<any>>, Set<string | null>>();
  const collect = (transaction: Y.Transaction) => {
    for (const [type, keys] of transaction.changed) {
      const known = changed.get(type) ?? new Set();
      for (const key of keys) known.add(key);
      changed.set(type, known);
    }
  };
  // Root types must exist with their own class before the update: Yjs would otherwise make a
  // generic one, replaced (and no longer found) when it is first asked for as a map.
  shadow.getXmlFragment(BODY_FIELD);
  shadow.getMap(HEADER_FIELD);
  shadow.getMap(AMENDMENTS_FIELD);
  before.getXmlFragment(BODY_FIELD);
  before.getMap(AMENDMENTS_FIELD);
  shadow.on('afterTransaction', collect);
  try {
    Y.applyUpdate(shadow, update);
  } finally {
    shadow.off('afterTransaction', collect);
  }
  if (shadow.store.pendingStructs !== null || shadow.store.pendingDs !== null) {
    throw new ChangeRefusedError(
      'the change builds on changes the server does not have (they were refused or never arrived)',
    );
  }
  const previous = before.getMap<unknown>(AMENDMENTS_FIELD);
  const next = shadow.getMap<unknown>(AMENDMENTS_FIELD);
  const body: BodyChanges = { containers: new Set(), paragraphs: new Set() };
  for (const [type, keys] of changed) {
    const field = fieldOf(type);
    if (field === HEADER_FIELD) {
      throw new ChangeRefusedError('the header is changed by the facilitator only');
    }
    if (field === BODY_FIELD) {
      classifyBodyChange(type, keys, body);
      continue;
    }
    if (field !== AMENDMENTS_FIELD) continue;
    if (type !== (next as unknown)) throw new ChangeRefusedError('amendment records are flat');
    for (const key of keys) {
      if (key === null) continue;
      const old = record(previous.get(key));
      const now = record(next.get(key));
      if (old && old.delegation !== sender.delegation) {
        throw new ChangeRefusedError(
          `the amendment record of ${String(old.delegation)} is not yours to change`,
        );
      }
      if (!now) continue;
      if (now.delegation !== sender.delegation) {
        throw new ChangeRefusedError(
          `an amendment cannot be made in the name of ${String(now.delegation)}`,
        );
      }
      if (!old && now.userId !== sender.userId) {
        throw new ChangeRefusedError('an amendment cannot be made in another user’s name');
      }
      if (old && now.userId !== old.userId) {
        throw new ChangeRefusedError('the author of an amendment cannot be changed');
      }
      if (!sameValue(old?.decision, now.decision) || !sameValue(old?.reinstate, now.reinstate)) {
        throw new ChangeRefusedError('decisions on amendments are the facilitator’s');
      }
    }
  }
  checkBody(before, shadow, body, sender);
}
