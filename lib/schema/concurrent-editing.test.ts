import assert from 'node:assert/strict';
import { test } from 'node:test';
import Collaboration from '@tiptap/extension-collaboration';
import type { Editor } from '@tiptap/core';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { BODY_FIELD } from '../collab/protocol';
import { headlessEditor } from '../testing/headless-editor';
import { randomInt, seededRandom, testSeed } from '../testing/seeded-random';
import { resolutionSchema } from './document-extensions';
import { isId } from './new-id';
import { PARAGRAPH_NODE_TYPES } from './paragraph-ids';
import { resolutionJSON } from './resolution-json';

/** Editors on separate Y.Docs whose updates are delivered later, in a seeded random order. */
function network(clients: number, seed: number) {
  const random = seededRandom(seed);
  const json = resolutionJSON({
    preamble: [[{ text: 'Recalling,' }], [{ text: 'Noting,' }]],
    operative: [
      { kind: 'paragraph', content: [{ text: 'Decides:' }] },
      { kind: 'subParagraph', level: 1, content: [{ text: 'first;' }] },
      { kind: 'paragraph', content: [{ text: 'Requests;' }] },
      { kind: 'paragraph', content: [{ text: 'Invites.' }] },
    ],
  });
  const initial = Y.encodeStateAsUpdate(prosemirrorJSONToYDoc(resolutionSchema, json, BODY_FIELD));
  const inFlight: { to: number; update: Uint8Array }[] = [];
  const peers = Array.from({ length: clients }, (_, index) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, initial);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'network') return;
      for (let to = 0; to < clients; to++) if (to !== index) inFlight.push({ to, update });
    });
    const editor = headlessEditor({ type: 'doc' }, [
      Collaboration.configure({ document: doc, field: BODY_FIELD }),
    ]);
    return { doc, editor };
  });
  return {
    random,
    peers,
    /** Delivers some of the pending updates, picked at random. */
    deliverSome() {
      const count = randomInt(random, inFlight.length + 1);
      for (let i = 0; i < count; i++) {
        const [message] = inFlight.splice(randomInt(random, inFlight.length), 1);
        const peer = message && peers[message.to];
        if (peer) Y.applyUpdate(peer.doc, message.update, 'network');
      }
    },
    deliverAll() {
      while (inFlight.length > 0) {
        const [message] = inFlight.splice(randomInt(random, inFlight.length), 1);
        const peer = message && peers[message.to];
        if (peer) Y.applyUpdate(peer.doc, message.update, 'network');
      }
    },
  };
}

/** Puts the caret in a random paragraph and runs a random structure command or types. */
function randomEdit(editor: Editor, random: () => number, round: number): void {
  const paragraphs: number[] = [];
  editor.state.doc.descendants((node, pos) => {
    if (PARAGRAPH_NODE_TYPES.has(node.type.name)) paragraphs.push(pos);
    return !node.isTextblock;
  });
  const pos = paragraphs[randomInt(random, paragraphs.length)];
  if (pos === undefined) return;
  const node = editor.state.doc.nodeAt(pos);
  editor.commands.setTextSelection(pos + 1 + randomInt(random, (node?.content.size ?? 0) + 1));
  const commands = [
    () => editor.commands.splitResolutionParagraph(),
    () => editor.commands.indentParagraph(),
    () => editor.commands.outdentParagraph(),
    () => editor.commands.moveParagraphUp(),
    () => editor.commands.moveParagraphDown(),
    () => editor.commands.insertFootnote([{ text: `Note ${round}.` }]),
    () =>
      editor
        .chain()
        .command(({ tr }) => {
          tr.insertText(`w${round} `);
          return true;
        })
        .run(),
  ];
  commands[randomInt(random, commands.length)]?.();
}

test('delegations restructuring the same draft at once converge to a valid document', () => {
  const seed = testSeed();
  const { random, peers, deliverSome, deliverAll } = network(3, seed);
  try {
    for (let round = 0; round < 60; round++) {
      const peer = peers[randomInt(random, peers.length)];
      if (peer) randomEdit(peer.editor, random, round);
      deliverSome();
    }
    deliverAll();
    const [first, ...others] = peers.map((p) => p.editor.getJSON());
    for (const other of others) assert.deepEqual(other, first, `converged (seed ${seed})`);
    for (const { editor } of peers) {
      editor.state.doc.check();
      const ids = new Set<string>();
      editor.state.doc.descendants((node) => {
        if (PARAGRAPH_NODE_TYPES.has(node.type.name)) {
          assert.ok(isId(node.attrs.paragraphId), `every paragraph has an id (seed ${seed})`);
          ids.add(String(node.attrs.paragraphId));
        }
        return !node.isTextblock;
      });
    }
  } finally {
    for (const { editor, doc } of peers) {
      editor.destroy();
      doc.destroy();
    }
  }
});
