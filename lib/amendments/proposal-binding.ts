import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, TextSelection, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { delegationColorProperty } from '../accounts/delegation-color';
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { CARETS_ONLY_META } from '../collab/keep-local-selection';
import { isDrawablePresence } from '../collab/presence-state';
import { BODY_FIELD, HEADER_FIELD } from '../collab/protocol';
import { writeDraftBody } from '../drafts/draft-body';
import { newId } from '../schema/new-id';
import { agreedText, materialiseDraft, rematerialise, type Materialised } from './materialise';
import { baseOffsetToPosition, positionToRelative, relativeToPosition } from './proposal-carets';
import { acceptedWords, describeProvenance } from './provenance';
import { amendmentsMap, newAmendmentMeta, type AmendmentAuthor, type AmendmentMeta } from './model';
import {
  addParagraphsProposal,
  addTextProposal,
  proposalsMap,
  proposedParagraphMap,
  readProposal,
  withdrawProposal,
  type ContentOp,
  type Proposal,
} from './proposals';
import { AMENDMENT_META_ORIGIN, type AmendmentMode } from './suggesting-mode';
import {
  normaliseEdit,
  setContent,
  TranslateError,
  translateSuggestedEdit,
} from './translate-edit';

/**
 * The editor binding for amendments as objects (issue 19): the editor shows
 * the marked-up text materialised from the agreed text and the proposals, and
 * never the shared Y.XmlFragment itself.
 * - A local edit in suggesting mode (already turned into amendment marks by
 *   `SuggestingMode`) is translated into operations on the delegation's own
 *   proposals (`translate-edit.ts`); in editing mode, into the agreed text.
 * - Any change of the Y.Doc (remote, or the translation's own) is shown by
 *   materialising again and replacing what differs, as a remote transaction
 *   (not undoable here, not turned into amendments).
 * - Undo and redo (Mod-z, Mod-y, Shift-Mod-z) cover this editor's own
 *   operations only (`ProposalUndo` below).
 * Not yet: remote carets anchored in the agreed text or a proposal,
 * per-paragraph re-materialisation.
 */

export const PROPOSAL_BINDING_ORIGIN = 'concord-proposal-binding';

export interface ProposalBindingOptions {
  doc: Y.Doc | null;
  author: AmendmentAuthor | null;
  /**
   * Presence: this editor's caret is published as `cursor` (relative positions
   * in the agreed text or a proposal's words) and other delegations' carets are
   * drawn. Null: no carets.
   */
  awareness?: Awareness | null;
  /** The editor's current mode; default: the SuggestingMode extension's storage. */
  mode: (() => AmendmentMode) | null;
  onRefused: (reason: string) => void;
  /**
   * Told after each local edit was written: what the editor showed, and what
   * the Y.Doc now materialises (equal unless the translation was inexact).
   */
  onTranslated?: (edited: ProseMirrorNode, materialised: ProseMirrorNode) => void;
  /**
   * Tests: after each refresh that rebuilt only the touched paragraphs, check
   * it against materialising the whole draft (throws if they differ).
   */
  checkIncremental?: boolean;
}

/** How long typing goes on into one undo step (ms): a word typed at once is one step. */
export const UNDO_CAPTURE_TIMEOUT = 500;

type StackItem = Y.UndoManager['undoStack'][number];

/** The id of the proposal a direct field item belongs to, if `item` is one. */
function fieldOf(item: Y.Item, proposals: unknown): string | null {
  const parent = item.parent;
  const entry = parent instanceof Y.Map ? parent._item : null;
  if (!entry || entry.parent !== proposals) return null;
  const key = entry.parentSub;
  return typeof key === 'string' ? key : null;
}

/** What a proposal holds that undo may change: its words, paragraphs and open fields. */
function snapshot(proposal: Proposal | null): string {
  if (!proposal) return '';
  if (proposal.kind === 'text') return JSON.stringify(proposal.content.toDelta());
  return JSON.stringify([
    proposal.after,
    proposal.container,
    proposal.rank,
    proposal.paragraphs.map((p) => [
      p.paragraphId,
      p.type,
      p.level,
      p.numbered,
      p.content.toDelta(),
    ]),
  ]);
}

function paragraphFields(
  paragraph: Extract<Proposal, { paragraphs: unknown }>['paragraphs'][number],
) {
  return {
    paragraphId: paragraph.paragraphId,
    type: paragraph.type,
    level: paragraph.level,
    numbered: paragraph.numbered,
    content: paragraph.content.toDelta() as ContentOp[],
  };
}

/** A copy of a withdrawn proposal under a new id (pending): "propose it again". */
function proposeAgain(doc: Y.Doc, proposal: Proposal): string {
  const id = newId();
  if (proposal.kind === 'text') {
    addTextProposal(doc, {
      id,
      amendment: proposal.amendment,
      delegation: proposal.delegation,
      paragraphId: proposal.paragraphId,
      start: proposal.start,
      end: proposal.end,
      covered: proposal.covered,
      rank: proposal.rank,
      content: proposal.content.toDelta() as ContentOp[],
      ...(proposal.parent ? { parent: proposal.parent } : {}),
    });
  } else {
    addParagraphsProposal(doc, {
      id,
      amendment: proposal.amendment,
      delegation: proposal.delegation,
      kind: proposal.kind,
      removes: proposal.removes,
      after: proposal.after,
      container: proposal.container,
      rank: proposal.rank,
      paragraphs: proposal.paragraphs.map(paragraphFields),
    });
  }
  return id;
}

/** Makes `target` hold what `source` holds (words, paragraphs, open fields). */
function mirror(source: Proposal, target: Proposal): void {
  if (source.kind === 'text' || target.kind === 'text') {
    if (source.kind === 'text' && target.kind === 'text') {
      setContent(target.content, source.content.toDelta() as ContentOp[]);
    }
    return;
  }
  for (const key of ['after', 'container', 'rank'] as const) {
    if (source[key] !== target[key]) target.map.set(key, source[key]);
  }
  const list = target.map.get('paragraphs');
  if (!(list instanceof Y.Array)) return;
  const ids = (p: typeof source) => p.paragraphs.map((paragraph) => paragraph.paragraphId).join();
  if (ids(source) !== ids(target) || list.length !== target.paragraphs.length) {
    list.delete(0, list.length);
    list.push(source.paragraphs.map((p) => proposedParagraphMap(paragraphFields(p))));
    return;
  }
  source.paragraphs.forEach((paragraph, index) => {
    const copy = target.paragraphs[index];
    if (!copy) return;
    setContent(copy.content, paragraph.content.toDelta() as ContentOp[]);
    if (copy.type !== paragraph.type) copy.map.set('type', paragraph.type);
    if (paragraph.level !== null && copy.level !== paragraph.level) {
      copy.map.set('level', paragraph.level);
    }
    if (paragraph.numbered !== null && copy.numbered !== paragraph.numbered) {
      copy.map.set('numbered', paragraph.numbered);
    }
  });
}

/**
 * Undo and redo of one editor's own operations (DESIGN: "Undo covers one's
 * own operations"), with a Y.UndoManager over the agreed text and the
 * proposals (not the amendment records: they are never removed) tracking
 * only the binding's origin: remote changes, decisions and the server's
 * changes are never undone, and a sponsor's steps hold nothing of the agreed
 * text (it only ever wrote proposals), so its undo never touches it.
 *
 * Yjs undoes item by item: undoing the creation of a proposal would delete
 * its map entry, and undoing a withdrawal would delete `withdrawn` — both
 * refused by the server (proposals are never removed nor un-withdrawn,
 * `server/collab/proposal-rules.ts`). The UndoManager's `deleteFilter` keeps
 * both from happening (a proposal's entry and its fields are never deleted:
 * a field that undo sets back was already replaced by its older value), and
 * each step is converted in the same transaction, so that its redo step is
 * the inverse:
 * - a proposal created in the step is withdrawn (its words are undone too);
 * - a proposal the step withdrew is proposed again: a copy under a new id,
 *   with the words Yjs just restored in the withdrawn one. The copy takes the
 *   original's place: when an older step later changes the withdrawn
 *   original's words (Yjs knows only the original's items), they are copied
 *   on to the copy in that same step, and a step that created or withdrew
 *   the original acts on its last copy.
 * The other way, tracking the content but not the entry's creation, leaves
 * nothing to undo for a strike (its range is a fixed field) and makes redo
 * un-withdraw; converting keeps every step one Yjs transaction that the
 * server accepts and the UndoManager records.
 *
 * An accepted decision on one of the delegation's own amendments, arriving
 * from elsewhere, ends the history (Ctrl+Z never undoes a decision): both
 * stacks are cleared.
 */
export class ProposalUndo {
  readonly manager: Y.UndoManager;
  /** Withdrawn proposal id → the copy that took its place, in the order made. */
  private readonly copies = new Map<string, string>();
  private readonly proposals: Y.Map<Y.Map<unknown>>;
  private readonly stopObserving: () => void;

  constructor(
    private readonly doc: Y.Doc,
    origin: object,
    delegation: string | null,
  ) {
    const proposals = proposalsMap(doc);
    this.proposals = proposals;
    this.manager = new Y.UndoManager([doc.getXmlFragment(BODY_FIELD), proposals], {
      trackedOrigins: new Set([origin]),
      captureTimeout: UNDO_CAPTURE_TIMEOUT,
      deleteFilter: (item) => item.parent !== proposals && fieldOf(item, proposals) === null,
    });
    const records = amendmentsMap(doc);
    const onDecision = (event: Y.YMapEvent<AmendmentMeta>) => {
      if (event.transaction.local || delegation === null) return;
      const accepted = [...event.keysChanged].some((key) => {
        const record = records.get(key);
        return record?.decision?.outcome === 'accepted' && record.delegation === delegation;
      });
      if (accepted) this.clear();
    };
    records.observe(onDecision);
    this.stopObserving = () => records.unobserve(onDecision);
  }

  canUndo(): boolean {
    return this.manager.canUndo();
  }

  canRedo(): boolean {
    return this.manager.canRedo();
  }

  undo(): boolean {
    return this.step('undo');
  }

  redo(): boolean {
    return this.step('redo');
  }

  /** The next edit starts a new step. */
  stopCapturing(): void {
    this.manager.stopCapturing();
  }

  clear(): void {
    this.manager.clear();
    this.copies.clear();
  }

  destroy(): void {
    this.stopObserving();
    this.manager.destroy();
  }

  private read(id: string): Proposal | null {
    return readProposal(id, this.proposals.get(id));
  }

  /**
   * Pops one step (the first that changes something), converts it, and lets
   * the UndoManager record the whole transaction as the inverse step.
   */
  private step(kind: 'undo' | 'redo'): boolean {
    const manager = this.manager;
    const stack = kind === 'undo' ? manager.undoStack : manager.redoStack;
    if (stack.length === 0) return false;
    const before = new Map([...this.copies.keys()].map((id) => [id, snapshot(this.read(id))]));
    let changed = false;
    this.doc.transact((transaction) => {
      while (stack.length > 0 && !changed) {
        const top = stack[stack.length - 1];
        // Only the top step: the UndoManager would go on popping while a step
        // changes nothing by itself (a creation, which is converted below).
        const rest = stack.splice(0, stack.length - 1);
        try {
          if (kind === 'undo') manager.undo();
          else manager.redo();
        } finally {
          stack.unshift(...rest);
        }
        if (top) this.convert(transaction, top);
        this.follow(before);
        changed = transaction.changed.size > 0;
      }
      // Recorded (when the transaction ends) on the other stack, as the inverse.
      if (kind === 'undo') manager.undoing = true;
      else manager.redoing = true;
    }, manager);
    manager.undoing = false;
    manager.redoing = false;
    manager.stopCapturing();
    return changed;
  }

  private convert(transaction: Y.Transaction, step: StackItem): void {
    const created = new Set<string>();
    const withdrawn = new Set<string>();
    Y.iterateDeletedStructs(transaction, step.insertions, (struct) => {
      if (!(struct instanceof Y.Item)) return;
      if (struct.parent === this.proposals && typeof struct.parentSub === 'string') {
        created.add(struct.parentSub);
      } else if (struct.parentSub === 'withdrawn') {
        const id = fieldOf(struct, this.proposals);
        if (id !== null) withdrawn.add(id);
      }
    });
    for (const id of created) {
      const proposal = this.read(this.live(id));
      if (proposal && !proposal.withdrawn) withdrawProposal(this.doc, proposal.id);
    }
    for (const id of withdrawn) {
      const proposal = this.read(this.live(id));
      if (created.has(id) || !proposal?.withdrawn) continue;
      this.copies.set(proposal.id, proposeAgain(this.doc, proposal));
    }
  }

  /** The proposal that now stands for `id`: the last copy made of it, if any. */
  private live(id: string): string {
    let current = id;
    for (let next = this.copies.get(current); next; next = this.copies.get(current)) {
      current = next;
    }
    return current;
  }

  /**
   * Copies what the step changed in withdrawn originals on to their copies
   * (in the order the copies were made, so that a change goes down a chain).
   */
  private follow(before: Map<string, string>): void {
    for (const [id, copyId] of this.copies) {
      const original = this.read(id);
      if (!before.has(id) || snapshot(original) === before.get(id)) continue;
      const copy = this.read(copyId);
      if (original && copy) mirror(original, copy);
      before.set(id, snapshot(original));
    }
  }
}

export interface ProposalBindingStorage {
  /** This editor's undo history (null before the view exists, or without a Y.Doc). */
  undo: ProposalUndo | null;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    proposalBinding: {
      /** Undoes this editor's last own operation (never a remote change or a decision). */
      undo: () => ReturnType;
      /** Redoes the last undone operation. */
      redo: () => ReturnType;
    };
  }
  interface Storage {
    proposalBinding: ProposalBindingStorage;
  }
}

const bindingKey = new PluginKey('proposalBinding');
const caretsKey = new PluginKey<DecorationSet>('proposalCarets');
const provenanceKey = new PluginKey<DecorationSet>('proposalProvenance');

/** Whether nothing of the agreed text (only inserted words) lies between two positions of one paragraph. */
function onlyProposedBetween(doc: ProseMirrorNode, a: number, b: number): boolean {
  const from = Math.min(a, b);
  const to = Math.max(a, b);
  if (from === to) return true;
  const $from = doc.resolve(from);
  if (!$from.parent.isTextblock || $from.end() < to) return false;
  let agreed = false;
  doc.nodesBetween(from, to, (node) => {
    if (node.isInline && !node.marks.some((mark) => mark.type.name === 'insertion')) {
      agreed = true;
    }
    return !agreed;
  });
  return !agreed;
}

/** Another delegation's caret, as CollaborationCaret draws it (styles set through the DOM: CSP). */
function caretElement(user: Record<string, unknown>): HTMLElement {
  const color =
    typeof user.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(user.color) ? user.color : '#6b7280';
  // The draft's colour for the delegation where the page has one.
  const shown =
    typeof user.delegation === 'string' && user.delegation
      ? `var(${delegationColorProperty(user.delegation)}, ${color})`
      : color;
  const caret = document.createElement('span');
  caret.classList.add('collaboration-carets__caret');
  caret.style.borderColor = shown;
  const label = document.createElement('div');
  label.classList.add('collaboration-carets__label');
  label.style.backgroundColor = shown;
  label.textContent = typeof user.name === 'string' ? user.name : '';
  caret.append(label);
  return caret;
}

/** Replaces what differs between the view's document and `next`, as a remote change. */
function show(view: EditorView, next: ProseMirrorNode): void {
  const current = view.state.doc;
  const start = current.content.findDiffStart(next.content);
  if (start === null) return;
  const end = current.content.findDiffEnd(next.content);
  let endA = end?.a ?? current.content.size;
  let endB = end?.b ?? next.content.size;
  // findDiffEnd may overlap the start when the same text repeats.
  const overlap = start - Math.min(endA, endB);
  if (overlap > 0) {
    endA += overlap;
    endB += overlap;
  }
  const tr = view.state.tr.replace(start, endA, next.slice(start, endB));
  tr.setMeta(ySyncPluginKey, { isChangeOrigin: true });
  tr.setMeta('addToHistory', false);
  tr.setMeta(bindingKey, true);
  view.dispatch(tr);
}

/**
 * The base paragraphs whose shown text a Yjs transaction may have changed,
 * when it changed only words (of the agreed text, or of text proposals) and
 * paragraph attributes, and records without decisions; null when it changed
 * more (paragraphs added, removed or proposed, decisions, anything else):
 * the whole draft is materialised again then.
 */
export function touchedParagraphs(doc: Y.Doc, transaction: Y.Transaction): Set<string> | null {
  const body = doc.getXmlFragment(BODY_FIELD);
  const proposals = proposalsMap(doc);
  const records = amendmentsMap(doc);
  const header = doc.getMap(HEADER_FIELD);
  const touched = new Set<string>();
  const textProposal = (id: unknown): boolean => {
    if (typeof id !== 'string') return false;
    const proposal = readProposal(id, proposals.get(id));
    if (proposal?.kind !== 'text') return false;
    touched.add(proposal.paragraphId);
    return true;
  };
  for (const [changed, keys] of transaction.changed) {
    const type: unknown = changed;
    if (type === header) continue;
    if (type === records) {
      for (const key of keys) {
        const record = key === null ? undefined : records.get(key);
        if (!record || record.decision) return null;
      }
      continue;
    }
    if (type === proposals) {
      for (const key of keys) if (!textProposal(key)) return null;
      continue;
    }
    // The chain of types from `type` up to its root.
    const path: unknown[] = [];
    let current: unknown = type;
    for (let item = changed._item; item;) {
      path.push(current);
      current = item.parent;
      item = current instanceof Y.AbstractType ? (current._item as Y.Item | null) : null;
    }
    if (current === body) {
      // [... the paragraph, its part]: a change inside one paragraph.
      const paragraph = path.at(-2);
      if (!(paragraph instanceof Y.XmlElement) || (type === paragraph && keys.has('paragraphId'))) {
        return null;
      }
      const id: unknown = paragraph.getAttribute('paragraphId');
      if (typeof id !== 'string') return null;
      touched.add(id);
      continue;
    }
    if (current === proposals) {
      const entry = path.at(-1);
      const key =
        entry instanceof Y.AbstractType ? (entry._item as Y.Item | null)?.parentSub : null;
      if (textProposal(key)) continue;
      // The words of a proposed paragraph: [its content, the paragraph, the list, the proposal].
      const paragraph = path.at(-3);
      if (
        path.length === 4 &&
        type instanceof Y.Text &&
        paragraph instanceof Y.Map &&
        paragraph.get('content') === type
      ) {
        const id: unknown = paragraph.get('paragraphId');
        if (typeof id === 'string') {
          touched.add(id);
          continue;
        }
      }
      return null;
    }
    return null;
  }
  return touched;
}

export const ProposalBinding = Extension.create<ProposalBindingOptions>({
  name: 'proposalBinding',

  addOptions() {
    return { doc: null, author: null, awareness: null, mode: null, onRefused: () => undefined };
  },

  addStorage() {
    return { undo: null } as ProposalBindingStorage;
  },

  // As @tiptap/extension-collaboration: the step is dispatched by the binding
  // (a remote transaction showing the Y.Doc), not by the command's own `tr`.
  addCommands() {
    const step =
      (kind: 'undo' | 'redo') =>
      () =>
      ({ tr, dispatch }: { tr: Transaction; dispatch?: unknown }) => {
        tr.setMeta('preventDispatch', true);
        const undo = this.storage.undo;
        if (!undo || !(kind === 'undo' ? undo.canUndo() : undo.canRedo())) return false;
        if (!dispatch) return true;
        return kind === 'undo' ? undo.undo() : undo.redo();
      };
    return { undo: step('undo'), redo: step('redo') };
  },

  addKeyboardShortcuts() {
    return {
      'Mod-z': () => this.editor.commands.undo(),
      'Mod-y': () => this.editor.commands.redo(),
      'Shift-Mod-z': () => this.editor.commands.redo(),
    };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    const storage = this.storage;
    const editor = this.editor;
    return [
      new Plugin<DecorationSet>({
        key: caretsKey,
        state: {
          init: () => DecorationSet.empty,
          apply: (tr, previous) => {
            const next: unknown = tr.getMeta(caretsKey);
            return next instanceof DecorationSet ? next : previous.map(tr.mapping, tr.doc);
          },
        },
        props: {
          decorations: (state) => caretsKey.getState(state),
        },
      }),
      // Accepted words say on hover who proposed them and who accepted them.
      new Plugin<DecorationSet>({
        key: provenanceKey,
        state: {
          init: () => DecorationSet.empty,
          apply: (tr, previous) => {
            const next: unknown = tr.getMeta(provenanceKey);
            return next instanceof DecorationSet ? next : previous.map(tr.mapping, tr.doc);
          },
        },
        props: {
          decorations: (state) => provenanceKey.getState(state),
        },
      }),
      new Plugin({
        key: bindingKey,
        view: (view) => {
          const doc = options.doc;
          if (!doc) return {};
          let shown: Materialised = materialiseDraft(doc, { schema: view.state.schema });
          let busy = false;
          // Each editor's own writes: another editor on the same Y.Doc must still see them.
          const origin = { binding: PROPOSAL_BINDING_ORIGIN };
          const undo = new ProposalUndo(doc, origin, options.author?.delegation ?? null);
          storage.undo = undo;
          const awareness = options.awareness ?? null;
          // The caret as logical anchors, taken while the view and the Y.Doc agree.
          let caret: { anchor: Y.RelativePosition; head: Y.RelativePosition } | null = null;
          let published = '';
          const remember = () => {
            const { selection } = view.state;
            const anchor = positionToRelative(doc, shown, selection.anchor);
            const head =
              selection.head === selection.anchor
                ? anchor
                : positionToRelative(doc, shown, selection.head);
            caret = anchor && head ? { anchor, head } : null;
            if (!awareness) return;
            const cursor =
              caret && view.hasFocus()
                ? {
                    anchor: Y.relativePositionToJSON(caret.anchor),
                    head: Y.relativePositionToJSON(caret.head),
                  }
                : null;
            const json = JSON.stringify(cursor);
            if (json === published) return;
            published = json;
            awareness.setLocalStateField('cursor', cursor);
          };
          const drawCarets = () => {
            if (!awareness || view.isDestroyed) return;
            const decorations: Decoration[] = [];
            awareness.getStates().forEach((state, client) => {
              if (client === awareness.clientID || !isDrawablePresence(state)) return;
              const cursor = (state as { cursor?: { head: unknown } | null }).cursor;
              if (!cursor) return;
              const pos = relativeToPosition(
                doc,
                shown,
                Y.createRelativePositionFromJSON(cursor.head),
              );
              if (pos === null || pos > view.state.doc.content.size) return;
              const user = (state as { user?: Record<string, unknown> }).user ?? {};
              decorations.push(
                Decoration.widget(pos, () => caretElement(user), {
                  // Drawn anew when that delegate moves (their name shows for a moment then), kept
                  // when others' edits only shift it.
                  key: `caret-${client}-${String(user.name)}-${String(user.color)}-${JSON.stringify(cursor.head)}`,
                  side: 10,
                }),
              );
            });
            const tr = view.state.tr.setMeta(
              caretsKey,
              DecorationSet.create(view.state.doc, decorations),
            );
            tr.setMeta(ySyncPluginKey, { isChangeOrigin: true });
            tr.setMeta('addToHistory', false);
            tr.setMeta(CARETS_ONLY_META, true);
            view.dispatch(tr);
          };
          // What changed since `shown` was made: these paragraphs, or more (null).
          let touched: Set<string> | null = new Set();
          // Whether the last refresh materialised the whole draft (and so redraws provenance).
          let whole = true;
          const materialise = (): Materialised => {
            const schema = view.state.schema;
            const changed = touched;
            touched = new Set();
            const next = changed ? rematerialise(doc, shown, changed, { schema }) : null;
            whole = !next;
            if (!next) return materialiseDraft(doc, { schema });
            if (options.checkIncremental && changed && changed.size > 0) {
              const whole = materialiseDraft(doc, { schema });
              if (!whole.doc.eq(next.doc)) {
                throw new Error(
                  `rebuilding paragraphs ${[...changed].join(', ')} differs from materialising the whole draft`,
                );
              }
            }
            return next;
          };
          const noteChanges = (transaction: Y.Transaction) => {
            if (touched === null) return;
            const more = touchedParagraphs(doc, transaction);
            if (more === null) touched = null;
            else for (const id of more) touched.add(id);
          };
          const drawProvenance = () => {
            if (view.isDestroyed) return;
            const decorations: Decoration[] = [];
            for (const words of acceptedWords(doc)) {
              const from = baseOffsetToPosition(shown, words.paragraphId, words.from, false);
              const to = baseOffsetToPosition(shown, words.paragraphId, words.to, true);
              if (from === null || to === null || to <= from) continue;
              decorations.push(
                Decoration.inline(from, to, {
                  class: 'provenance',
                  title: describeProvenance(words),
                  'data-accepted-amendment': words.amendment,
                }),
              );
            }
            const current = provenanceKey.getState(view.state);
            if (decorations.length === 0 && (!current || current === DecorationSet.empty)) return;
            const tr = view.state.tr.setMeta(
              provenanceKey,
              DecorationSet.create(view.state.doc, decorations),
            );
            tr.setMeta(ySyncPluginKey, { isChangeOrigin: true });
            tr.setMeta('addToHistory', false);
            tr.setMeta(CARETS_ONLY_META, true);
            tr.setMeta(bindingKey, true);
            view.dispatch(tr);
          };
          const refresh = (restore = false, ownUndo = false) => {
            busy = true;
            try {
              shown = materialise();
              show(view, shown.doc);
              // The view's document is equal to it now: keep the view's nodes, so that the next
              // comparisons (and the next paragraph-by-paragraph refresh) share every unchanged one.
              if (view.state.doc !== shown.doc && view.state.doc.eq(shown.doc)) {
                shown = { ...shown, doc: view.state.doc };
              }
              if (restore && caret) {
                const anchor = relativeToPosition(doc, shown, caret.anchor);
                const head = relativeToPosition(doc, shown, caret.head);
                const size = view.state.doc.content.size;
                if (anchor !== null && head !== null && anchor <= size && head <= size) {
                  const selection = TextSelection.create(view.state.doc, anchor, head);
                  // Undo and redo put back one's own words at the caret: the caret goes after
                  // them as mapped (the anchor cannot tell which side of them it was).
                  const current = view.state.selection;
                  const samePoint =
                    ownUndo &&
                    onlyProposedBetween(view.state.doc, current.anchor, anchor) &&
                    onlyProposedBetween(view.state.doc, current.head, head);
                  if (!samePoint && !selection.eq(current)) {
                    const tr = view.state.tr.setSelection(selection);
                    tr.setMeta(ySyncPluginKey, { isChangeOrigin: true });
                    tr.setMeta('addToHistory', false);
                    tr.setMeta(bindingKey, true);
                    view.dispatch(tr);
                  }
                }
              }
            } finally {
              busy = false;
            }
            remember();
            drawCarets();
            if (whole) drawProvenance();
          };
          refresh();
          const onTransaction = (transaction: Y.Transaction) => {
            noteChanges(transaction);
            if (transaction.origin === origin || view.isDestroyed) return;
            // The record of one's own new amendment (SuggestingMode writes it before the
            // edit is translated): a record without a decision changes nothing shown.
            if (transaction.origin === AMENDMENT_META_ORIGIN && transaction.local) return;
            // A click or a caret key the page has not reported yet: read it first, so the
            // caret kept is where the delegate put it (KeepLocalSelection does the same for marks).
            if (!view.composing) {
              (view as EditorView & { domObserver?: { flush(): void } }).domObserver?.flush();
            }
            refresh(true, transaction.origin instanceof Y.UndoManager);
          };
          doc.on('afterTransaction', onTransaction);
          awareness?.on('change', drawCarets);
          return {
            update: (_view, previous) => {
              if (busy) return;
              if (view.state.doc.eq(previous.doc)) {
                if (!view.state.selection.eq(previous.selection)) remember();
                return;
              }
              if (view.state.doc.eq(shown.doc)) return;
              const mode = options.mode
                ? options.mode()
                : (editor.storage.suggestingMode?.mode ?? 'editing');
              const suggesting = mode === 'suggesting' && options.author !== null;
              let struckOthers: string | null = null;
              // Others' proposed words (not their amendments of proposals) may be struck;
              // worked out only when the edit struck some.
              let strikable: Set<string> | null = null;
              const mayStrike = (amendment: string) => {
                strikable ??= new Set(
                  [...shown.placed.values()].flat().map((item) => item.proposal.amendment),
                );
                return strikable.has(amendment);
              };
              const after =
                suggesting && options.author
                  ? normaliseEdit(
                      view.state.doc,
                      options.author.delegation,
                      (owner) => {
                        struckOthers ??= owner;
                      },
                      mayStrike,
                    )
                  : view.state.doc;
              let written = true;
              try {
                doc.transact(() => {
                  if (suggesting && options.author) {
                    const author = options.author;
                    const outcome = translateSuggestedEdit(doc, shown, after, author.delegation);
                    const records = amendmentsMap(doc);
                    for (const amendment of outcome.amendments) {
                      if (!records.get(amendment)) {
                        records.set(
                          amendment,
                          newAmendmentMeta(author, new Date().toISOString(), []),
                        );
                      }
                    }
                  } else if (options.author) {
                    writeDraftBody(doc, agreedText(after));
                  }
                }, origin);
              } catch (error) {
                if (!(error instanceof TranslateError)) throw error;
                written = false;
                options.onRefused(
                  error.rule
                    ? error.message
                    : `This change cannot be made as an amendment (${error.message}); it was undone.`,
                );
              }
              refresh();
              if (written) options.onTranslated?.(after, shown.doc);
              if (struckOthers !== null) {
                options.onRefused(
                  `These words are ${struckOthers}’s amendment of another delegation’s proposal: they cannot be struck until they are decided (an amendment of an amendment of a proposal is not possible). The rest of your change was kept.`,
                );
              }
            },
            destroy: () => {
              doc.off('afterTransaction', onTransaction);
              awareness?.off('change', drawCarets);
              undo.destroy();
              if (storage.undo === undo) storage.undo = null;
            },
          };
        },
      }),
    ];
  },
});
