import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { BODY_FIELD } from './protocol';
import { isCursorJSON, isDrawablePresence, presenceStateProblem } from './presence-state';

/** Relative positions as Yjs writes them for a caret in the body: at its root and in a text. */
function realPositions(): unknown[] {
  const doc = new Y.Doc();
  const body = doc.getXmlFragment(BODY_FIELD);
  const paragraph = new Y.XmlElement('paragraph');
  body.insert(0, [paragraph]);
  const text = new Y.XmlText('Recalling');
  paragraph.insert(0, [text]);
  const positions = [
    Y.createRelativePositionFromTypeIndex(body, 0),
    Y.createRelativePositionFromTypeIndex(body, 1),
    Y.createRelativePositionFromTypeIndex(text, 3),
    Y.createRelativePositionFromTypeIndex(text, 9, -1),
  ].map((position) => JSON.parse(JSON.stringify(Y.relativePositionToJSON(position))) as unknown);
  doc.destroy();
  return positions;
}

test('the cursors Yjs writes are valid, and null or no cursor too', () => {
  for (const position of realPositions()) {
    assert.ok(isCursorJSON({ anchor: position, head: position }), JSON.stringify(position));
    assert.equal(
      presenceStateProblem({ user: {}, cursor: { anchor: position, head: position } }),
      null,
    );
  }
  assert.ok(isCursorJSON(null));
  assert.ok(isCursorJSON(undefined));
  assert.equal(presenceStateProblem({}), null);
});

test('what is not a pair of relative positions in the body is refused', () => {
  const [root, , inText] = realPositions() as Record<string, unknown>[];
  const bad: unknown[] = [
    5,
    'x',
    [],
    { anchor: root },
    { anchor: root, head: root, extra: 1 },
    { anchor: {}, head: {} },
    { anchor: { tname: 'header' }, head: root },
    { anchor: { ...inText, tname: BODY_FIELD }, head: root },
    { anchor: { ...inText, type: { client: -1, clock: 0 } }, head: root },
    { anchor: { ...inText, type: { client: 1, clock: 0, x: 1 } }, head: root },
    { anchor: { ...inText, item: { client: 1.5, clock: 0 } }, head: root },
    { anchor: { ...inText, item: { client: '1', clock: 0 } }, head: root },
    { anchor: { ...inText, assoc: 'left' }, head: root },
    { anchor: { ...inText, extra: true }, head: root },
  ];
  for (const cursor of bad) {
    assert.equal(isCursorJSON(cursor), false, JSON.stringify(cursor));
    assert.match(presenceStateProblem({ cursor }) ?? '', /cursor/, JSON.stringify(cursor));
  }
});

test('a state with a field pages do not set is refused', () => {
  assert.match(presenceStateProblem({ cursor: null, script: 1 }) ?? '', /unknown .*"script"/);
  assert.match(presenceStateProblem([]) ?? '', /object/);
});

test('a state is drawable when its cursor is valid and its user, if any, an object', () => {
  const [root] = realPositions();
  const cursor = { anchor: root, head: root };
  assert.ok(isDrawablePresence({ user: { name: 'Ana' }, cursor }));
  assert.ok(isDrawablePresence({ cursor }));
  assert.ok(isDrawablePresence({ user: null, cursor: null }));
  assert.equal(isDrawablePresence({ user: 'Ana', cursor }), false);
  assert.equal(isDrawablePresence({ user: {}, cursor: { anchor: {}, head: {} } }), false);
  assert.equal(isDrawablePresence(null), false);
});
