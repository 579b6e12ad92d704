import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import Collaboration from '@tiptap/extension-collaboration';
import type { Editor } from '@tiptap/core';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { resolutionSchema } from '../schema/document-extensions';
import { resolutionJSON } from '../schema/resolution-json';
import { headlessEditor } from '../testing/headless-editor';
import { CheckedCollaborationCaret } from './checked-collaboration-caret';
import { BODY_FIELD } from './protocol';

const opened: { editor: Editor; docs: Y.Doc[]; awareness: Awareness[] }[] = [];
afterEach(() => {
  for (const { editor, docs, awareness } of opened.splice(0)) {
    editor.destroy();
    for (const a of awareness) a.destroy();
    for (const doc of docs) doc.destroy();
  }
});

/** The page's editor on a draft, and a peer on a copy of it whose presence reaches the page. */
async function pageAndPeer() {
  const json = resolutionJSON({
    preamble: [[{ text: 'Recalling its resolution,' }]],
    operative: [{ kind: 'paragraph', content: [{ text: 'Decides to remain seized.' }] }],
  });
  const doc = prosemirrorJSONToYDoc(resolutionSchema, json, BODY_FIELD);
  const peerDoc = new Y.Doc();
  Y.applyUpdate(peerDoc, Y.encodeStateAsUpdate(doc));
  const awareness = new Awareness(doc);
  const peer = new Awareness(peerDoc);
  const editor = headlessEditor({ type: 'doc' }, [
    Collaboration.configure({ document: doc, field: BODY_FIELD }),
    CheckedCollaborationCaret.configure({
      provider: { awareness },
      user: { name: 'Page', color: '#112233' },
    }),
  ]);
  opened.push({ editor, docs: [doc, peerDoc], awareness: [awareness, peer] });
  // y-tiptap renders the Y.Doc into the editor on the next task; carets are drawn from then on.
  await new Promise((resolve) => setTimeout(resolve, 0));
  /** The peer's presence state arrives at the page, as the provider applies it; carets are redrawn. */
  const arrives = async (state: Record<string, unknown>) => {
    peer.setLocalState(state);
    applyAwarenessUpdate(awareness, encodeAwarenessUpdate(peer, [peer.clientID]), 'server');
    // y-tiptap redraws the carets on the next task (presence changes come in bursts).
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  /** A caret (anchor = head) at `index` of the first paragraph's text, as y-tiptap sends it. */
  const caretAt = (index: number) => {
    const preamble = peerDoc.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement;
    const text = (preamble.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const position = JSON.parse(
      JSON.stringify(Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index))),
    ) as unknown;
    return { anchor: position, head: position };
  };
  return { editor, doc, arrives, caretAt };
}

const carets = (editor: Editor) =>
  [...editor.view.dom.querySelectorAll('.collaboration-carets__caret')].map((c) => c.textContent);

test('a peer’s valid caret is drawn with its name', async () => {
  const { editor, arrives, caretAt } = await pageAndPeer();
  await arrives({ user: { name: 'Peer', color: '#445566' }, cursor: caretAt(3) });
  assert.deepEqual(carets(editor), ['Peer']);
});

test('a malformed caret from a peer is not drawn, and the page goes on working', async () => {
  const { editor, doc, arrives, caretAt } = await pageAndPeer();
  const hostile: Record<string, unknown>[] = [
    { user: { name: 'Peer' }, cursor: { anchor: {}, head: {} } },
    { user: { name: 'Peer' }, cursor: { anchor: 5, head: 7 } },
    { user: { name: 'Peer' }, cursor: 'x' },
    { user: { name: 'Peer' }, cursor: { anchor: { tname: 'forged' }, head: { tname: 'forged' } } },
    { user: 'Peer', cursor: caretAt(3) },
  ];
  for (const state of hostile) {
    await arrives(state);
    assert.deepEqual(carets(editor), [], JSON.stringify(state));
    // Typing, and a change from elsewhere, redraw the carets.
    assert.doesNotThrow(() => editor.chain().setTextSelection(3).insertContent('x').run());
    assert.doesNotThrow(() => {
      const preamble = doc.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement;
      const text = (preamble.get(0) as Y.XmlElement).get(0) as Y.XmlText;
      Y.transact(doc, () => text.insert(0, 'y'), 'remote');
    });
  }
  assert.equal(doc.share.has('forged'), false, 'no root type made from a peer’s caret');
  // Every keystroke made it, and every change from elsewhere reached the editor.
  const count = (letter: string) => editor.getText().split(letter).length - 1;
  assert.deepEqual([count('x'), count('y')], [hostile.length, hostile.length]);
  // The same peer, with a valid caret again, is drawn.
  await arrives({ user: { name: 'Peer', color: '#445566' }, cursor: caretAt(2) });
  assert.deepEqual(carets(editor), ['Peer']);
});
