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
import { BODY_FIELD, HEADER_FIELD, PROPOSALS_FIELD, SETTINGS_FIELD } from '@/lib/collab/protocol';
import { SILENCE_FIELD } from '@/lib/collab/silence-state';
import { DISCUSSION_FIELD } from '@/lib/collab/discussion-state';
import { COMPROMISES_FIELD } from '@/lib/amendments/compromises';
import { POSITIONS_FIELD } from '@/lib/amendments/positions';
import { isId } from '@/lib/schema/new-id';
import { elementType, readYElement, SchemaViolationError } from '@/lib/schema/read-yjs';

/** A change the sender's role does not allow: not stored, not relayed; the sender is told why. */
export class ChangeRefusedError extends Error {
  override readonly name: string = 'ChangeRefusedError';
}

/**
 * An update that builds on changes the server does not have yet (they are on
 * their way, e.g. in the sync reply of a client that just reconnected): it
 * cannot be checked until they arrive.
 */
export class MissingChangesError extends ChangeRefusedError {
  override readonly name = 'MissingChangesError';
}

/** Who sent the update, from the session. */
export interface Sender {
  userId: string;
  /** The user's name as the session has it (an amendment record must carry it). */
  name: string;
  delegation: string;
  role: 'facilitator' | 'sponsor';
}

/**
 * Limits on what one update, one delegation and one draft may hold (README,
 * "Limits"); past them an update is refused with the limit named.
 */
export interface UpdateLimits {
  /** New paragraphs one update may add (a pasted resolution has some 40). */
  newParagraphsPerUpdate: number;
  /** Paragraphs (PP, OP, sub-paragraphs, headings) a draft may hold. */
  paragraphsPerDraft: number;
  /** Pending proposed paragraphs (new or moved here) one delegation may have. */
  proposedParagraphsPerDelegation: number;
  /** Amendment records one update may create. */
  newRecordsPerUpdate: number;
}

export const DEFAULT_UPDATE_LIMITS: UpdateLimits = {
  newParagraphsPerUpdate: 200,
  paragraphsPerDraft: 1000,
  proposedParagraphsPerDelegation: 100,
  newRecordsPerUpdate: 50,
};

/** What the server learnt from an accepted update. */
export interface CheckedUpdate {
  /** Ids of the amendment records the update created: the sender proposed them, now. */
  createdRecords: string[];
  /** Amendment ids whose text (marks or proposed paragraphs) is in what the update touched. */
  mentioned: Set<string>;
}

/**
 * Applies an update to `shadow` and returns what it changed, as Yjs reports it
 * (the changed types with their changed keys).
 */
export function changesOf(
  shadow: Y.Doc,
  update: Uint8Array,
): Map<Y.AbstractType<Y.YEvent<any>>, Set<string | null>> {
  const changed = new Map<Y.AbstractType<Y.YEvent<any>>, Set<string | null>>();
  const collect = (transaction: Y.Transaction) => {
    for (const [type, keys] of transaction.changed) {
      const known = changed.get(type) ?? new Set<string | null>();
      for (const key of keys) known.add(key);
      changed.set(type, known);
    }
  };
  // Root types must exist with their own class before the update: Yjs would otherwise make a
  // generic one, replaced (and no longer found) when it is first asked for as a map.
  shadow.getXmlFragment(BODY_FIELD);
  shadow.getMap(HEADER_FIELD);
  shadow.getMap(AMENDMENTS_FIELD);
  shadow.getMap(PROPOSALS_FIELD);
  shadow.getMap(SILENCE_FIELD);
  shadow.getMap(DISCUSSION_FIELD);
  shadow.getMap(POSITIONS_FIELD);
  shadow.getMap(SETTINGS_FIELD);
  shadow.getMap(COMPROMISES_FIELD);
  shadow.on('afterTransaction', collect);
  try {
    Y.applyUpdate(shadow, update);
  } finally {
    shadow.off('afterTransaction', collect);
  }
  return changed;
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
export interface BodyChanges {
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
 * delegations' amendments (their text and its formatting, per amendment), and
 * the amendments present (to check that new ones have a record of their delegation).
 */
class Reading {
  readonly original: string[] = [];
  private readonly others = new Map<string, [string, string][]>();
  readonly present = new Map<string, string>();
  /**
   * Text of the sender's insertions under another delegation's deletion that
   * did not knowingly cover them (Yjs extends a strike made at the same time
   * over words typed inside it), per deletion id.
   */
  readonly swallowed = new Map<string, number>();
  /** Characters of the sender's insertions under another delegation's knowing deletion, per deletion. */
  readonly knowinglyCovered = new Map<string, number>();
  /** Characters of the sender's own pending insertions. */
  ownInserted = 0;
  /** The sender's own proposed paragraphs: id, kind and status. */
  readonly ownProposed: {
    paragraphId: unknown;
    suggestion: ParagraphSuggestion;
    status: unknown;
  }[] = [];
  /** The status of paragraphs proposed to be moved away, by amendment id. */
  readonly movedFromStatus = new Map<string, unknown>();

  constructor(
    private readonly sender: string,
    private readonly records: Y.Map<unknown>,
  ) {}

  /** The first other delegation's amendment that reads differently in `other`, if any. */
  differingAmendment(other: Reading): { key: string; was?: string; is?: string } | null {
    for (const key of new Set([...this.others.keys(), ...other.others.keys()])) {
      const was = this.others.get(key);
      const is = other.others.get(key);
      if (JSON.stringify(was) !== JSON.stringify(is)) {
        return { key, was: was && JSON.stringify(was), is: is && JSON.stringify(is) };
      }
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
    if (suggestion?.kind === 'moveFrom') {
      this.movedFromStatus.set(suggestion.suggestionId, rest.status ?? null);
    }
    if (suggestion && proposed && own) {
      this.ownProposed.push({
        paragraphId: rest.paragraphId,
        suggestion,
        status: rest.status ?? null,
      });
    }
    const content = this.inline(paragraph, !(proposed && own));
    const description = JSON.stringify([paragraph.nodeName, sortedEntries(rest), content]);
    if (!proposed) this.original.push(description);
    if (suggestion && !own) {
      // Another delegation's paragraph amendment: the paragraph it concerns, as it reads.
      this.add(
        `paragraph:${suggestion.kind}:${suggestion.suggestionId}:${suggestion.delegation}`,
        '',
        description,
      );
    }
  }

  /** Whether the deletion `deletionId` was made knowingly over the insertion `insertionId`. */
  private covers(deletionId: string, insertionId: string): boolean {
    const meta = record(this.records.get(deletionId));
    return Array.isArray(meta?.covers) && meta.covers.includes(insertionId);
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
          const format = formatKey(op.attributes);
          const ownInsertion = marks.find(
            (mark) => mark.type === INSERTION_MARK && mark.delegation === this.sender,
          );
          if (ownInsertion) this.ownInserted += text.length;
          for (const mark of marks) {
            this.present.set(mark.suggestionId, mark.delegation);
            if (mark.delegation === this.sender) continue;
            // Another delegation's strike over one's own pending insertion: one that did not
            // knowingly cover it the client lifts from its own words (suggesting-mode.ts,
            // `unswallow`), which it may, but it may not spread it (see checkSponsorBody); one
            // that did may not be lifted. Yjs extends both over words typed inside them.
            if (ownInsertion && mark.type === DELETION_MARK) {
              const covers = this.covers(mark.suggestionId, ownInsertion.suggestionId);
              const counts = covers ? this.knowinglyCovered : this.swallowed;
              counts.set(mark.suggestionId, (counts.get(mark.suggestionId) ?? 0) + text.length);
              continue;
            }
            if (trackOthers)
              this.add(`${mark.type}:${mark.suggestionId}:${mark.delegation}`, format, text);
          }
          if (!marks.some((mark) => mark.type === INSERTION_MARK)) push(format, text);
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

  /** Adds a run of an amendment's text, with its formatting (runs of one format merged). */
  private add(key: string, format: string, text: string): void {
    const runs = this.others.get(key) ?? [];
    const last = runs[runs.length - 1];
    if (last && last[0] === format) last[1] += text;
    else runs.push([format, text]);
    this.others.set(key, runs);
  }
}

function sortedEntries(record: Record<string, unknown>): [string, unknown][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function readParagraphs(
  paragraphs: Iterable<Y.XmlElement>,
  sender: string,
  records: Y.Map<unknown>,
): Reading {
  const reading = new Reading(sender, records);
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
export function classifyBodyChange(
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

/** The amendment ids whose marks a sponsor's update itself writes (not those its text inherits). */
function markedIds(update: Uint8Array): Set<string> {
  const ids = new Set<string>();
  for (const struct of Y.decodeUpdate(update).structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentFormat)) continue;
    const value: unknown = struct.content.value;
    if (typeof value === 'object' && value !== null && 'suggestionId' in value) {
      ids.add(String((value as { suggestionId: unknown }).suggestionId));
    }
  }
  return ids;
}

/**
 * The text rule for a sponsor (DESIGN.md §3): compares what the update
 * touched, before (`before`, the draft) and after (`shadow`), and refuses when
 * the original text changed, another delegation's amendment changed (its text
 * or formatting), or an amendment appears that has no record of its delegation.
 */
function checkSponsorBody(
  before: Y.Doc,
  shadow: Y.Doc,
  changes: BodyChanges,
  sender: Sender,
  update: Uint8Array,
  mentioned: Set<string>,
): void {
  // Decoded again only in the rare case a strike spread over the sender's words.
  let written: Set<string> | null = null;
  const records = shadow.getMap<unknown>(AMENDMENTS_FIELD);
  const recordsBefore = before.getMap<unknown>(AMENDMENTS_FIELD);
  const compare = (old: Y.XmlElement[], now: Y.XmlElement[]) => {
    const was = readParagraphs(old, sender.delegation, recordsBefore);
    const is = readParagraphs(now, sender.delegation, recordsBefore);
    for (const id of is.present.keys()) mentioned.add(id);
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
    for (const [id, length] of is.swallowed) {
      // Spread by the sender's own marks, not by typing inside a strike made at the same time.
      if (length > (was.swallowed.get(id) ?? 0) && (written ??= markedIds(update)).has(id)) {
        throw new ChangeRefusedError(
          `the amendment of ${is.present.get(id) ?? 'another delegation'} cannot be spread over your words`,
        );
      }
    }
    for (const [id, length] of was.knowinglyCovered) {
      // Lifted: fewer of one's words struck, without as many of them gone.
      const lost = length - (is.knowinglyCovered.get(id) ?? 0);
      if (lost > 0 && lost > was.ownInserted - is.ownInserted) {
        throw new ChangeRefusedError(
          `the amendment of ${was.present.get(id) ?? 'another delegation'} cannot be changed or removed (only it may withdraw its deletion of your words)`,
        );
      }
    }
    if (JSON.stringify(was.original) !== JSON.stringify(is.original)) {
      throw new ChangeRefusedError(ORIGINAL_CHANGED);
    }
    checkOwnProposedStatus(was, is);
    checkNewAmendments(was, is, recordsBefore, records, sender);
  };
  forEachComparison(before, changes, compare);
}

/**
 * An amendment id that appears in what the update touched is one already on
 * record for its delegation (its text moved or rewritten), or a new one of
 * the sender's own delegation whose record the draft now has.
 */
function checkNewAmendments(
  was: Reading,
  is: Reading,
  recordsBefore: Y.Map<unknown>,
  records: Y.Map<unknown>,
  sender: Sender,
): void {
  for (const [suggestionId, delegation] of is.present) {
    if (was.present.get(suggestionId) === delegation) continue;
    const known = record(recordsBefore.get(suggestionId));
    const ownNew =
      !known &&
      delegation === sender.delegation &&
      record(records.get(suggestionId))?.delegation === delegation;
    if (known?.delegation === delegation || ownNew) continue;
    throw new ChangeRefusedError(
      delegation === sender.delegation
        ? 'an amendment must have its record (who proposed it) in the same change'
        : `an amendment cannot be made in the name of ${delegation}`,
    );
  }
}

const STATUS_IS_FACILITATORS = 'the status of a paragraph is set by the facilitator';

/**
 * A sponsor's own proposed paragraphs carry no status of their own: a new one
 * has none (a moved copy keeps the status of the paragraph it moves), and
 * none is set later.
 */
function checkOwnProposedStatus(was: Reading, is: Reading): void {
  const before = new Map(was.ownProposed.map((entry) => [entry.paragraphId, entry.status]));
  for (const { paragraphId, suggestion, status } of is.ownProposed) {
    if (before.has(paragraphId)) {
      if (!sameValue(before.get(paragraphId), status)) {
        throw new ChangeRefusedError(STATUS_IS_FACILITATORS);
      }
      continue;
    }
    if (status === null) continue;
    const moved =
      suggestion.kind === 'moveTo' &&
      sameValue(is.movedFromStatus.get(suggestion.suggestionId) ?? null, status);
    if (!moved) throw new ChangeRefusedError(STATUS_IS_FACILITATORS);
  }
}

/** Calls `compare` with each changed container, and each changed paragraph, before and after. */
function forEachComparison(
  before: Y.Doc,
  changes: BodyChanges,
  compare: (old: Y.XmlElement[], now: Y.XmlElement[]) => void,
): void {
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
 * A facilitator edits the text directly, but proposes amendments in its own
 * delegation's name only: an amendment id that appears in what the update
 * touched is one already on record (its text moved or rewritten), or a new
 * one of the facilitator's delegation with its record.
 */
function checkFacilitatorBody(
  before: Y.Doc,
  shadow: Y.Doc,
  changes: BodyChanges,
  sender: Sender,
  mentioned: Set<string>,
): void {
  const recordsBefore = before.getMap<unknown>(AMENDMENTS_FIELD);
  const records = shadow.getMap<unknown>(AMENDMENTS_FIELD);
  forEachComparison(before, changes, (old, now) => {
    const was = readParagraphs(old, sender.delegation, recordsBefore);
    const is = readParagraphs(now, sender.delegation, recordsBefore);
    for (const id of is.present.keys()) mentioned.add(id);
    checkNewAmendments(was, is, recordsBefore, records, sender);
  });
}

/**
 * Every paragraph the update touched must be one the resolution schema can
 * hold (`read-yjs.ts`): known node types, attributes and values, the marks
 * each node allows, plain text. A part (preamble, operative part) whose list
 * changed holds only its kinds of paragraph; its new paragraphs are read
 * whole. Also the limits on paragraphs (per update, per draft, proposed per
 * delegation). Costs in proportion to what the update touched.
 */
export function checkSchema(
  before: Y.Doc,
  shadow: Y.Doc,
  changes: BodyChanges,
  sender: Sender,
  limits: UpdateLimits,
): void {
  const read = (element: Y.XmlElement) => {
    try {
      readYElement(element);
    } catch (error) {
      if (error instanceof SchemaViolationError) {
        throw new ChangeRefusedError(`the text cannot hold this: ${error.message}`);
      }
      throw error;
    }
  };
  let added = 0;
  let proposedAdded = false;
  for (const container of changes.containers) {
    const type = elementType(container.nodeName);
    let match = type?.contentMatch ?? null;
    for (const child of container.toArray()) {
      if (!(child instanceof Y.XmlElement)) {
        throw new ChangeRefusedError('the text cannot hold this: text outside a paragraph');
      }
      const childType = elementType(child.nodeName);
      match = childType && match ? match.matchType(childType) : null;
      if (!match) {
        throw new ChangeRefusedError(
          `the text cannot hold this: a ${child.nodeName.slice(0, 40)} in the ${container.nodeName}`,
        );
      }
      const item = child._item;
      if (item && item.id.clock >= Y.getState(before.store, item.id.client)) {
        added++;
        read(child);
        const suggestion: unknown = child.getAttribute('suggestion');
        if (
          isParagraphSuggestion(suggestion) &&
          (suggestion.kind === 'insert' || suggestion.kind === 'moveTo')
        ) {
          proposedAdded = true;
        }
      }
    }
    if (!match?.validEnd) {
      throw new ChangeRefusedError(
        `the text cannot hold this: the ${container.nodeName} is incomplete`,
      );
    }
  }
  if (added > limits.newParagraphsPerUpdate) {
    throw new ChangeRefusedError(
      `one change may add at most ${limits.newParagraphsPerUpdate} paragraphs (this one adds ${added})`,
    );
  }
  for (const paragraph of changes.paragraphs) {
    if (paragraph._item?.deleted) continue;
    const container = paragraph.parent;
    if (container instanceof Y.XmlElement && changes.containers.has(container)) continue;
    read(paragraph);
  }
  if (changes.containers.size === 0) return;
  const parts = shadow
    .getXmlFragment(BODY_FIELD)
    .toArray()
    .filter((part) => part instanceof Y.XmlElement);
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  if (added > 0 && total > limits.paragraphsPerDraft) {
    throw new ChangeRefusedError(
      `a draft may hold at most ${limits.paragraphsPerDraft} paragraphs`,
    );
  }
  if (!proposedAdded) return;
  let proposed = 0;
  for (const part of parts) {
    for (const paragraph of part.toArray()) {
      if (!(paragraph instanceof Y.XmlElement)) continue;
      const suggestion: unknown = paragraph.getAttribute('suggestion');
      if (
        isParagraphSuggestion(suggestion) &&
        suggestion.delegation === sender.delegation &&
        (suggestion.kind === 'insert' || suggestion.kind === 'moveTo')
      ) {
        proposed++;
      }
    }
  }
  if (proposed > limits.proposedParagraphsPerDelegation) {
    throw new ChangeRefusedError(
      `a delegation may have at most ${limits.proposedParagraphsPerDelegation} proposed paragraphs pending`,
    );
  }
}

/** How far a new record's creation time may lie from the server's clock. */
const RECORD_CLOCK_SKEW_MS = 5 * 60 * 1000;
/** How old a new record may be: edits made offline are sent when the page reconnects. */
const RECORD_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;
const RECORD_KEYS = new Set([
  'decision',
  'reinstate',
  'delegation',
  'userId',
  'name',
  'createdAt',
  'rationale',
  'covers',
  'history',
]);
const FIXED_RECORD_KEYS = [
  'delegation',
  'userId',
  'name',
  'createdAt',
  'history',
  'decision',
  'reinstate',
] as const;
const MAX_RATIONALE = 4000;
const MAX_COVERS = 500;

/**
 * The record of an amendment (the `amendments` map): created by its own user
 * with the session's name and the true time, with one "proposed" event;
 * afterwards only the rationale may change and `covers` may grow. Never
 * removed; decisions are the server's.
 */
export function checkRecord(
  key: string,
  old: unknown,
  now: unknown,
  sender: Sender,
  nowMs: number,
): boolean {
  if (now === undefined) {
    throw new ChangeRefusedError(
      'amendment records are kept (an amendment is withdrawn by removing its text)',
    );
  }
  if (
    now instanceof Y.AbstractType ||
    typeof now !== 'object' ||
    now === null ||
    Array.isArray(now)
  ) {
    throw new ChangeRefusedError('an amendment record is a plain record');
  }
  if (!isId(key)) throw new ChangeRefusedError('an amendment id is a UUID');
  const was = record(old);
  const is = now as Partial<AmendmentMeta> & Record<string, unknown>;
  if (was && was.delegation !== sender.delegation) {
    throw new ChangeRefusedError(
      `the amendment record of ${String(was.delegation)} is not yours to change`,
    );
  }
  if (is.delegation !== sender.delegation) {
    throw new ChangeRefusedError(
      `an amendment cannot be made in the name of ${String(is.delegation)}`,
    );
  }
  for (const field of Object.keys(is)) {
    if (
      !RECORD_KEYS.has(field) &&
      !(was && field in was && sameValue(was[field as keyof AmendmentMeta], is[field]))
    ) {
      throw new ChangeRefusedError(`an amendment record has no field "${field.slice(0, 40)}"`);
    }
  }
  if (
    is.rationale !== undefined &&
    (typeof is.rationale !== 'string' || is.rationale.length > MAX_RATIONALE)
  ) {
    throw new ChangeRefusedError(`a rationale is text of at most ${MAX_RATIONALE} characters`);
  }
  const covers = is.covers ?? [];
  if (!Array.isArray(covers) || covers.length > MAX_COVERS || !covers.every(isId)) {
    throw new ChangeRefusedError('an amendment record’s `covers` lists amendment ids');
  }
  if (was) {
    if (was.userId !== is.userId)
      throw new ChangeRefusedError('the author of an amendment cannot be changed');
    if (!sameValue(was.decision, is.decision) || !sameValue(was.reinstate, is.reinstate)) {
      throw new ChangeRefusedError('decisions on amendments are the facilitator’s');
    }
    for (const field of FIXED_RECORD_KEYS) {
      if (!sameValue(was[field], is[field])) {
        throw new ChangeRefusedError(
          `the ${field === 'createdAt' ? 'time' : field} of an amendment’s record cannot be changed`,
        );
      }
    }
    if (!(was.covers ?? []).every((id) => covers.includes(id))) {
      throw new ChangeRefusedError('what a deletion knowingly covers cannot be taken back from it');
    }
    return false;
  }
  if (is.userId !== sender.userId) {
    throw new ChangeRefusedError('an amendment cannot be made in another user’s name');
  }
  if (is.name !== sender.name) {
    throw new ChangeRefusedError(
      `an amendment record must carry your name as signed in (${sender.name})`,
    );
  }
  if (is.decision !== undefined || is.reinstate !== undefined) {
    throw new ChangeRefusedError('decisions on amendments are the facilitator’s');
  }
  const created = typeof is.createdAt === 'string' ? Date.parse(is.createdAt) : Number.NaN;
  if (!(created <= nowMs + RECORD_CLOCK_SKEW_MS && created >= nowMs - RECORD_MAX_AGE_MS)) {
    throw new ChangeRefusedError('an amendment record’s time must be now (the server’s clock)');
  }
  const history = is.history;
  const first = Array.isArray(history) && history.length === 1 ? record(history[0]) : null;
  if (
    !first ||
    !sameValue(first, {
      action: 'proposed',
      userId: sender.userId,
      name: sender.name,
      delegation: sender.delegation,
      at: is.createdAt,
    })
  ) {
    throw new ChangeRefusedError('a new amendment’s history is its proposal, by you, now');
  }
  return true;
}

/**
 * What every check of an editor's update starts with, for either model: the
 * update's changes on the shadow copy (refused when it builds on changes the
 * server does not have), the header's rule, the records' rules and their
 * limit, and which parts and paragraphs of the body it touched.
 */
export function readChanges(
  before: Y.Doc,
  shadow: Y.Doc,
  update: Uint8Array,
  sender: Sender,
  limits: UpdateLimits,
  nowMs: number,
): {
  changed: ReturnType<typeof changesOf>;
  body: BodyChanges;
  createdRecords: string[];
} {
  before.getXmlFragment(BODY_FIELD);
  before.getMap(AMENDMENTS_FIELD);
  const changed = changesOf(shadow, update);
  if (shadow.store.pendingStructs !== null || shadow.store.pendingDs !== null) {
    throw new MissingChangesError(
      'the change builds on changes the server does not have (they were refused or never arrived)',
    );
  }
  const previous = before.getMap<unknown>(AMENDMENTS_FIELD);
  const next = shadow.getMap<unknown>(AMENDMENTS_FIELD);
  const body: BodyChanges = { containers: new Set(), paragraphs: new Set() };
  const createdRecords: string[] = [];
  for (const [type, keys] of changed) {
    const field = fieldOf(type);
    if (field === SILENCE_FIELD) {
      throw new ChangeRefusedError('the silence procedure is written by the server only');
    }
    if (field === DISCUSSION_FIELD) {
      throw new ChangeRefusedError(
        'the discussion is written by the server only: comment through Concord',
      );
    }
    if (field === POSITIONS_FIELD) {
      throw new ChangeRefusedError('support and objections are written by the server only');
    }
    // New settings are refused as an unknown field (draft-room's checkUpdate); deleting one
    // (the amendment model: a draft would read as holding marks) is refused here.
    if (field === COMPROMISES_FIELD) {
      throw new ChangeRefusedError('compromises are written by the server only');
    }
    if (field === SETTINGS_FIELD) {
      throw new ChangeRefusedError('the draft’s settings are written by the server only');
    }
    if (field === HEADER_FIELD) {
      if (sender.role !== 'facilitator') {
        throw new ChangeRefusedError('the header is changed by the facilitator only');
      }
      continue;
    }
    if (field === BODY_FIELD) {
      classifyBodyChange(type, keys, body);
      continue;
    }
    if (field !== AMENDMENTS_FIELD) continue;
    if (type !== (next as unknown)) throw new ChangeRefusedError('amendment records are flat');
    for (const key of keys) {
      if (key === null) continue;
      if (checkRecord(key, previous.get(key), next.get(key), sender, nowMs))
        createdRecords.push(key);
    }
  }
  if (createdRecords.length > limits.newRecordsPerUpdate) {
    throw new ChangeRefusedError(
      `one change may propose at most ${limits.newRecordsPerUpdate} amendments`,
    );
  }
  return { changed, body, createdRecords };
}

/**
 * Checks an update from a facilitator or a sponsor, applied to `shadow` (a
 * copy of the draft) while `before` still holds the draft as it was. Looks
 * only at what the update changed (`transaction.changed`): the cost follows
 * the paragraphs it touched, not the size of the draft (a paragraph added or
 * removed: its part, preamble or operative, is compared whole). Refuses, with
 * a reason the sender can act on:
 * - a change the server cannot place (it builds on changes the server does not have);
 * - the parts of the draft changed, or anything the schema cannot hold
 *   (`read-yjs.ts`), or past the limits (`UpdateLimits`);
 * - amendment records (`amendments`) written in another delegation's or user's
 *   name, with a false name, time or history, another delegation's record
 *   changed, a record removed, or a decision written.
 * For a sponsor also (DESIGN.md §3):
 * - any change of the header (the facilitator's);
 * - a change of the original text (the draft with every pending amendment
 *   rejected), paragraph statuses included;
 * - another delegation's amendment changed (text or formatting) or removed,
 *   made in its name, or spread over the sender's words.
 * A facilitator edits the text directly, but makes amendments only in its own name.
 */
export function checkEditorUpdate(
  before: Y.Doc,
  shadow: Y.Doc,
  update: Uint8Array,
  sender: Sender,
  limits: UpdateLimits = DEFAULT_UPDATE_LIMITS,
  nowMs: number = Date.now(),
): CheckedUpdate {
  const { body, createdRecords } = readChanges(before, shadow, update, sender, limits, nowMs);
  checkSchema(before, shadow, body, sender, limits);
  const mentioned = new Set<string>();
  if (sender.role === 'sponsor') {
    checkSponsorBody(before, shadow, body, sender, update, mentioned);
  } else {
    checkFacilitatorBody(before, shadow, body, sender, mentioned);
  }
  return { createdRecords, mentioned };
}
