import Collaboration from '@tiptap/extension-collaboration';
import type { Editor, JSONContent } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { prosemirrorJSONToYDoc, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import {
  DELETION_MARK,
  INSERTION_MARK,
  isParagraphSuggestion,
  type AmendmentAuthor,
  type AmendmentView,
} from '../amendments/model';
import { SuggestingMode } from '../amendments/suggesting-mode';
import { resolutionSchema } from '../schema/document-extensions';
import { labelParagraphs } from '../schema/numbering';
import { PARAGRAPH_NODE_TYPES } from '../schema/paragraph-ids';
import { headlessEditor } from './headless-editor';
import { randomInt, seededRandom } from './seeded-random';

/** Helpers to drive editors in suggesting mode in unit tests, alone or on a network of Y.Docs. */

export const FRA: AmendmentAuthor = { userId: 'u-fra', name: 'Béatrice', delegation: 'FRA' };
export const CHN: AmendmentAuthor = { userId: 'u-chn', name: 'Wei', delegation: 'CHN' };
export const USA: AmendmentAuthor = { userId: 'u-usa', name: 'Jane', delegation: 'USA' };
export const FACILITATOR = { userId: 'u-chair', name: 'Chair', delegation: 'CUB' };

const mac = typeof navigator !== 'undefined' && /Mac|iP(hone|[oa]d)/.test(navigator.platform);

/**
 * Presses a key as the browser would (through the editor's `handleKeyDown`
 * props, so the keymaps run with real transactions): "Enter",
 * "Alt-ArrowUp", "Mod-Shift-Backspace". Returns whether a handler took it.
 */
export function press(editor: Editor, name: string): boolean {
  const keys = name.split(/-(?!$)/);
  const key = keys[keys.length - 1] ?? '';
  const modifier = keys.includes('Mod');
  const event = new KeyboardEvent('keydown', {
    key,
    altKey: keys.includes('Alt'),
    ctrlKey: keys.includes('Ctrl') || (modifier && !mac),
    metaKey: keys.includes('Meta') || (modifier && mac),
    shiftKey: keys.includes('Shift'),
    bubbles: true,
    cancelable: true,
  });
  return !!editor.view.someProp('handleKeyDown', (handle) => handle(editor.view, event));
}

/**
 * Resolves once editors made now have run their `onCreate` (TipTap emits
 * "create" on a timer after mounting): the amendment metadata observers are
 * set up there.
 */
export function created(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export interface SuggestingEditor {
  editor: Editor;
  /** Reasons the editor gave for refusing edits, in order. */
  refusals: string[];
}

/** A headless editor in suggesting mode for `author`, without collaboration. */
export function suggestingEditor(
  content: JSONContent,
  author: AmendmentAuthor,
  doc: Y.Doc | null = null,
): SuggestingEditor {
  const refusals: string[] = [];
  const editor = headlessEditor(content, [
    SuggestingMode.configure({
      author,
      doc,
      mode: 'suggesting',
      onRefused: (reason) => refusals.push(reason),
    }),
  ]);
  return { editor, refusals };
}

/** The document position of the `occurrence`-th (0-based) appearance of `text` in a paragraph's text. */
export function textPos(doc: ProseMirrorNode, text: string, occurrence = 0): number {
  let found = 0;
  let result = -1;
  doc.descendants((node, pos) => {
    if (result >= 0) return false;
    if (!PARAGRAPH_NODE_TYPES.has(node.type.name)) return true;
    // Character index → document position, over the paragraph's direct text.
    const chars: string[] = [];
    const positions: number[] = [];
    node.forEach((child, offset) => {
      if (!child.isText) return;
      const start = pos + 1 + offset;
      for (let i = 0; i < (child.text ?? '').length; i++) {
        chars.push(child.text?.[i] ?? '');
        positions.push(start + i);
      }
    });
    const joined = chars.join('');
    let index = joined.indexOf(text);
    while (index >= 0) {
      if (found === occurrence) {
        result = positions[index] ?? -1;
        return false;
      }
      found++;
      index = joined.indexOf(text, index + 1);
    }
    return false;
  });
  if (result < 0) throw new Error(`"${text}" (#${occurrence}) is not in the document`);
  return result;
}

/** The caret right before (or after) `text`. */
export function caretAt(editor: Editor, text: string, where: 'before' | 'after' = 'before'): void {
  const from = textPos(editor.state.doc, text);
  const pos = where === 'before' ? from : from + text.length;
  editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, pos)));
}

/** Selects `text` (which must be one run of plain characters). */
export function selectText(editor: Editor, text: string): void {
  const from = textPos(editor.state.doc, text);
  editor.view.dispatch(
    editor.state.tr.setSelection(TextSelection.create(editor.state.doc, from, from + text.length)),
  );
}

/** Typing: one `insertText` transaction at the selection, as the browser's input does. */
export function type(editor: Editor, text: string): void {
  editor.view.dispatch(editor.state.tr.insertText(text));
}

/** Backspace at the caret, `times` times, as a plain one-character delete (the browser's). */
export function backspace(editor: Editor, times = 1): void {
  for (let i = 0; i < times; i++) {
    const { from, empty } = editor.state.selection;
    if (empty) editor.view.dispatch(editor.state.tr.delete(from - 1, from));
    else editor.view.dispatch(editor.state.tr.deleteSelection());
  }
}

function runTags(node: ProseMirrorNode): string {
  const tags: string[] = [];
  for (const mark of node.marks) {
    if (mark.type.name === INSERTION_MARK) tags.push(`+${String(mark.attrs.delegation)}`);
    if (mark.type.name === DELETION_MARK) tags.push(`-${String(mark.attrs.delegation)}`);
  }
  return tags.sort().join('');
}

/**
 * A paragraph's text with amendment marks shown inline: `[+FRA:firmly ]`
 * inserted by FRA, `[-CHN:the ]` struck by CHN, `[+FRA-CHN:x]` both.
 * Footnotes read `^[…]`.
 */
export function inlineMarkup(paragraph: ProseMirrorNode): string {
  const runs: { tags: string; text: string }[] = [];
  paragraph.forEach((child) => {
    const text = child.isText ? (child.text ?? '') : `^[${child.textContent}]`;
    const tags = runTags(child);
    const last = runs[runs.length - 1];
    if (last && last.tags === tags) last.text += text;
    else runs.push({ tags, text });
  });
  return runs.map((run) => (run.tags ? `[${run.tags}:${run.text}]` : run.text)).join('');
}

/**
 * Every paragraph as "<reference> <inline markup>", the paragraph amendment
 * first when there is one: "OP1 bis {insert FRA} Invites all States;".
 */
export function amendmentMarkup(doc: ProseMirrorNode, view: AmendmentView = 'markup'): string[] {
  return labelParagraphs(doc, view).map((label) => {
    const node = doc.nodeAt(label.pos);
    if (!node) return label.reference;
    const suggestion: unknown = node.attrs.suggestion;
    const tag = isParagraphSuggestion(suggestion)
      ? ` {${suggestion.kind} ${suggestion.delegation}}`
      : '';
    return `${label.reference || '(hidden)'}${tag} ${inlineMarkup(node)}`;
  });
}

/** The amendment ids used by marks and paragraph attributes, each with where it is used. */
export function suggestionIds(doc: ProseMirrorNode): Map<string, string[]> {
  const ids = new Map<string, string[]>();
  const add = (id: unknown, what: string) => {
    const key = String(id);
    ids.set(key, [...(ids.get(key) ?? []), what]);
  };
  doc.descendants((node) => {
    const suggestion: unknown = node.attrs.suggestion;
    if (isParagraphSuggestion(suggestion)) {
      add(suggestion.suggestionId, `${suggestion.kind} ${suggestion.delegation}`);
    }
    for (const mark of node.marks) {
      if (mark.type.name === INSERTION_MARK || mark.type.name === DELETION_MARK) {
        add(mark.attrs.suggestionId, `${mark.type.name} ${String(mark.attrs.delegation)}`);
      }
    }
    return true;
  });
  return ids;
}

/**
 * ProseMirror JSON with each run's marks in a fixed order. Two overlapping
 * marks of one type (two delegations' deletions) may be listed in either
 * order: an editor keeps the order its own edits gave them until a remote
 * change re-reads the paragraph from Yjs.
 */
export function canonicalJSON(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(canonicalJSON);
  if (typeof json !== 'object' || json === null) return json;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    out[key] =
      key === 'marks' && Array.isArray(value)
        ? value
            .map(canonicalJSON)
            .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
        : canonicalJSON(value);
  }
  return out;
}

/** A plain editor state on `doc`, for the pure decision functions. */
export function stateOf(doc: ProseMirrorNode): EditorState {
  return EditorState.create({ schema: resolutionSchema, doc });
}

/** The body of a Y.Doc as a ProseMirror document. */
export function bodyOf(doc: Y.Doc): ProseMirrorNode {
  return yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(BODY_FIELD), resolutionSchema);
}

export interface Peer {
  doc: Y.Doc;
  /** Null for the server, which has no editor. */
  editor: Editor | null;
  refusals: string[];
  author: AmendmentAuthor | null;
}

export interface Network {
  random: () => number;
  /** One per author, in order. */
  clients: (Peer & { editor: Editor; author: AmendmentAuthor })[];
  /** The server's copy, where decisions are applied. */
  server: Peer;
  /** Updates not yet delivered. */
  pending(): number;
  /** Delivers some pending updates, picked at random. */
  deliverSome(): void;
  /** Delivers everything, in a random order. */
  deliverAll(): void;
  /** Called after each delivery, to trace a failing seed: "client 1 → server", "server → client 0". */
  afterDelivery?: (link: string) => void;
  /** Called with each client update just before the server applies it (as the server's rules would). */
  beforeServerApplies?: (update: Uint8Array, client: number) => void;
  destroy(): void;
}

/**
 * Suggesting editors (one per author) on separate Y.Docs, plus the server's
 * Y.Doc (no editor), connected as in production: each client sends its
 * updates to the server, which applies them and relays them to the other
 * clients (and sends its own, the decisions, to all). Every link is
 * first-in first-out, but which link delivers next, and how much, is picked
 * at random from `seed`: clients edit concurrently on stale copies.
 */
export function amendmentNetwork(
  content: JSONContent,
  authors: readonly AmendmentAuthor[],
  seed: number,
): Network {
  const random = seededRandom(seed);
  const initial = Y.encodeStateAsUpdate(
    prosemirrorJSONToYDoc(resolutionSchema, content, BODY_FIELD),
  );
  const toServer: Uint8Array[][] = authors.map(() => []);
  const toClient: Uint8Array[][] = authors.map(() => []);
  const serverDoc = new Y.Doc();
  Y.applyUpdate(serverDoc, initial);
  serverDoc.on('update', (update: Uint8Array, origin: unknown) => {
    toClient.forEach((queue, index) => {
      if (origin !== `client ${index}`) queue.push(update);
    });
  });
  const clients = authors.map((author, index) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, initial);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'network') toServer[index]?.push(update);
    });
    const refusals: string[] = [];
    const editor = headlessEditor({ type: 'doc' }, [
      Collaboration.configure({ document: doc, field: BODY_FIELD }),
      SuggestingMode.configure({
        author,
        doc,
        mode: 'suggesting',
        onRefused: (reason) => refusals.push(reason),
      }),
    ]);
    return { doc, editor, refusals, author };
  });
  const links = () => [
    ...toServer.map((queue, index) => ({
      queue,
      to: serverDoc,
      origin: `client ${index}`,
      name: `client ${index} → server`,
    })),
    ...toClient.map((queue, index) => ({
      queue,
      to: clients[index]?.doc,
      origin: 'network',
      name: `server → client ${index}`,
    })),
  ];
  const pending = () => links().reduce((sum, link) => sum + link.queue.length, 0);
  /** Delivers the next update of a random non-empty link. */
  const deliverOne = () => {
    const busy = links().filter((link) => link.queue.length > 0);
    const link = busy[randomInt(random, busy.length)];
    const update = link?.queue.shift();
    if (link?.to === serverDoc && update) {
      network.beforeServerApplies?.(update, toServer.indexOf(link.queue));
    }
    if (link?.to && update) Y.applyUpdate(link.to, update, link.origin);
    if (link) network.afterDelivery?.(link.name);
  };
  const network: Network = {
    random,
    clients,
    server: { doc: serverDoc, editor: null, refusals: [], author: null },
    pending,
    deliverSome() {
      const n = randomInt(random, pending() + 1);
      for (let i = 0; i < n && pending() > 0; i++) deliverOne();
    },
    deliverAll() {
      while (pending() > 0) deliverOne();
    },
    destroy() {
      for (const { editor, doc } of clients) {
        editor.destroy();
        doc.destroy();
      }
      serverDoc.destroy();
    },
  };
  return network;
}

/** Puts the caret somewhere in a random paragraph's text and makes a random amendment. */
export function randomAmendment(
  editor: Editor,
  random: () => number,
  round: number,
  log?: (action: string) => void,
): void {
  const paragraphs: { pos: number; node: ProseMirrorNode }[] = [];
  editor.state.doc.descendants((node, pos) => {
    if (PARAGRAPH_NODE_TYPES.has(node.type.name)) paragraphs.push({ pos, node });
    return !node.isTextblock;
  });
  const picked = paragraphs[randomInt(random, paragraphs.length)];
  if (!picked) return;
  const size = picked.node.content.size;
  const a = picked.pos + 1 + randomInt(random, size + 1);
  const b = picked.pos + 1 + randomInt(random, size + 1);
  const actions: [string, () => void][] = [
    ['type', () => type(editor, `w${round} `)],
    ['type', () => type(editor, `w${round} `)],
    ['backspace', () => backspace(editor, 1 + randomInt(random, 3))],
    [
      'select',
      () => {
        // A selection typed over or deleted.
        editor.view.dispatch(
          editor.state.tr.setSelection(
            TextSelection.create(editor.state.doc, Math.min(a, b), Math.max(a, b)),
          ),
        );
        if (random() < 0.5) type(editor, `r${round}`);
        else backspace(editor);
      },
    ],
    ['Enter', () => press(editor, 'Enter')],
    ['Mod-Shift-Backspace', () => press(editor, 'Mod-Shift-Backspace')],
    ['move', () => press(editor, random() < 0.5 ? 'Alt-ArrowUp' : 'Alt-ArrowDown')],
  ];
  editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, a)));
  const [name, run] = actions[randomInt(random, actions.length)] ?? ['none', () => undefined];
  log?.(
    `${name} at ${a - picked.pos - 1}${a === b ? '' : `–${b - picked.pos - 1}`} in “${picked.node.textContent}”`,
  );
  run();
}
