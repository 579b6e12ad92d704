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
  destroy(): void;
}

/**
 * Suggesting editors (one per author) on separate Y.Docs, plus a server
 * Y.Doc without an editor; every update is delivered to every other peer
 * later, in a seeded random order.
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
  const inFlight: { to: number; update: Uint8Array }[] = [];
  const peers: Peer[] = [];
  const count = authors.length + 1;
  const deliver = (message: { to: number; update: Uint8Array } | undefined) => {
    const peer = message && peers[message.to];
    if (peer) Y.applyUpdate(peer.doc, message.update, 'network');
  };
  for (let index = 0; index < count; index++) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, initial);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'network') return;
      for (let to = 0; to < count; to++) if (to !== index) inFlight.push({ to, update });
    });
    const author = authors[index] ?? null;
    const refusals: string[] = [];
    const editor = author
      ? headlessEditor({ type: 'doc' }, [
          Collaboration.configure({ document: doc, field: BODY_FIELD }),
          SuggestingMode.configure({
            author,
            doc,
            mode: 'suggesting',
            onRefused: (reason) => refusals.push(reason),
          }),
        ])
      : null;
    peers.push({ doc, editor, refusals, author });
  }
  const server = peers[authors.length];
  if (!server) throw new Error('no server peer');
  return {
    random,
    clients: peers.slice(0, authors.length) as Network['clients'],
    server,
    pending: () => inFlight.length,
    deliverSome() {
      const n = randomInt(random, inFlight.length + 1);
      for (let i = 0; i < n; i++)
        deliver(inFlight.splice(randomInt(random, inFlight.length), 1)[0]);
    },
    deliverAll() {
      while (inFlight.length > 0) {
        deliver(inFlight.splice(randomInt(random, inFlight.length), 1)[0]);
      }
    },
    destroy() {
      for (const peer of peers) {
        peer.editor?.destroy();
        peer.doc.destroy();
      }
    },
  };
}
