import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EditorState } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { resolutionSchema } from './document-extensions';
import { isId } from './new-id';
import { paragraphIdsPlugin, PARAGRAPH_NODE_TYPES } from './paragraph-ids';
import { resolutionJSON } from './resolution-json';

function stateWith(preamble: string[], operative: string[]) {
  const json = resolutionJSON({
    preamble: preamble.map((text) => [{ text }]),
    operative: operative.map((text) => ({ kind: 'paragraph' as const, content: [{ text }] })),
  });
  return EditorState.create({
    doc: resolutionSchema.nodeFromJSON(json),
    plugins: [paragraphIdsPlugin()],
  });
}

function paragraphs(state: EditorState) {
  const found: { type: string; id: unknown; text: string; pos: number }[] = [];
  state.doc.descendants((node, pos) => {
    if (PARAGRAPH_NODE_TYPES.has(node.type.name)) {
      found.push({ type: node.type.name, id: node.attrs.paragraphId, text: node.textContent, pos });
    }
    return !node.isTextblock;
  });
  return found;
}

function assertUniqueIds(state: EditorState) {
  const ids = paragraphs(state).map((p) => p.id);
  assert.ok(ids.every(isId), `every paragraph has a UUID: ${JSON.stringify(ids)}`);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
}

test('a new document gives each paragraph its own id', () => {
  const state = stateWith(['Recalling,', 'Noting,'], ['Decides;', 'Requests.']);
  assertUniqueIds(state);
  assert.equal(paragraphs(state).length, 4);
});

test('splitting a paragraph keeps its id on the first half and gives the second a new one', () => {
  let state = stateWith(['Recalling its resolution,'], ['Decides;']);
  const before = paragraphs(state)[0];
  assert.ok(before);
  const { state: next } = state.applyTransaction(
    state.tr.split(before.pos + 1 + 'Recalling'.length),
  );
  state = next;
  const after = paragraphs(state);
  assert.equal(after.length, 3);
  assert.equal(after[0]?.id, before.id);
  assert.equal(after[1]?.type, 'preambularParagraph');
  assertUniqueIds(state);
});

test('a pasted copy of a paragraph gets a new id; the original keeps its own', () => {
  let state = stateWith(['First,', 'Second,'], ['Decides;']);
  const [first, second] = paragraphs(state);
  assert.ok(first && second);
  const copy = state.doc.nodeAt(second.pos);
  assert.ok(copy);
  // Paste the copy *before* the original, where a naive first-wins rule would steal its id.
  state = state.applyTransaction(state.tr.insert(first.pos, copy)).state;
  const after = paragraphs(state);
  assert.deepEqual(
    after.map((p) => p.text),
    ['Second,', 'First,', 'Second,', 'Decides;'],
  );
  assert.equal(after[2]?.id, second.id, 'the original keeps its id');
  assert.notEqual(after[0]?.id, second.id, 'the copy has a new id');
  assertUniqueIds(state);
});

test('changes from other clients (y-sync) are left as they are', () => {
  const state = stateWith(['First,'], ['Decides;']);
  const first = paragraphs(state)[0];
  assert.ok(first);
  const tr = state.tr
    .setNodeAttribute(first.pos, 'paragraphId', null)
    .setMeta(ySyncPluginKey, { isChangeOrigin: true });
  const next = state.applyTransaction(tr).state;
  assert.equal(paragraphs(next)[0]?.id, null);
});
