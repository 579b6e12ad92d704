import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import * as encoding from 'lib0/encoding';
import {
  applyAwarenessUpdate,
  Awareness,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness';
import * as Y from 'yjs';
import { BODY_FIELD, type AwarenessUser } from '@/lib/collab/protocol';
import { MAX_PRESENCE_STATE_BYTES } from '@/lib/collab/presence-state';
import { BadAwarenessError, stampAwarenessUpdate } from './awareness-identity';

const USER: AwarenessUser = {
  name: 'Ana López',
  delegation: 'CUB',
  color: '#1f77b4',
  role: 'sponsor',
};

const FORGED = { name: 'Forged', delegation: 'USA' };

const opened: Awareness[] = [];
afterEach(() => {
  for (const awareness of opened.splice(0)) awareness.destroy();
});

/** An Awareness on a fresh doc with a fixed client id (destroyed after the test). */
function awareness(clientId: number): Awareness {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const result = new Awareness(doc);
  result.setLocalState(null);
  opened.push(result);
  return result;
}

const always = () => true;

/** A caret as y-tiptap sets it: anchor = head, a relative position in the body. */
function at(clock: number) {
  const position = { tname: BODY_FIELD, item: { client: 1, clock }, assoc: 0 };
  return { anchor: position, head: position };
}

function encodeRaw(entries: { clientId: number; clock: number; json: string }[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.json);
  }
  return encoding.toUint8Array(encoder);
}

test('the user in a state is replaced by the stamped identity; the cursor is kept', () => {
  const sender = awareness(101);
  sender.setLocalState({ user: FORGED, cursor: at(1) });
  const stamped = stampAwarenessUpdate(encodeAwarenessUpdate(sender, [101]), USER, always);
  assert.ok(stamped);

  const receiver = awareness(999);
  applyAwarenessUpdate(receiver, stamped, 'test');
  assert.deepEqual(receiver.getStates().get(101), {
    user: USER,
    cursor: at(1),
  });
});

test('a state without a user gets the stamped identity', () => {
  const sender = awareness(102);
  sender.setLocalState({ cursor: at(5) });
  const stamped = stampAwarenessUpdate(encodeAwarenessUpdate(sender, [102]), USER, always);
  assert.ok(stamped);
  const receiver = awareness(999);
  applyAwarenessUpdate(receiver, stamped, 'test');
  assert.deepEqual(receiver.getStates().get(102), { cursor: at(5), user: USER });
});

test('the clock is kept, so a later stamped state still replaces an earlier one', () => {
  const sender = awareness(103);
  const receiver = awareness(999);
  sender.setLocalState({ user: FORGED, cursor: at(1) });
  const first = stampAwarenessUpdate(encodeAwarenessUpdate(sender, [103]), USER, always);
  sender.setLocalState({ user: FORGED, cursor: at(2) });
  const second = stampAwarenessUpdate(encodeAwarenessUpdate(sender, [103]), USER, always);
  assert.ok(first && second);
  applyAwarenessUpdate(receiver, first, 'test');
  applyAwarenessUpdate(receiver, second, 'test');
  assert.deepEqual(receiver.getStates().get(103)?.cursor, at(2));
  assert.equal(receiver.meta.get(103)?.clock, sender.meta.get(103)?.clock);
  // The older one, replayed, does not win.
  applyAwarenessUpdate(receiver, first, 'test');
  assert.deepEqual(receiver.getStates().get(103)?.cursor, at(2));
});

test('entries for clients the sender may not control are dropped', () => {
  const own = awareness(201);
  const other = awareness(202);
  own.setLocalState({ user: FORGED, cursor: at(1) });
  other.setLocalState({ user: { name: 'Someone else', delegation: 'FRA' }, cursor: at(9) });
  // One update carrying both clients' states.
  applyAwarenessUpdate(own, encodeAwarenessUpdate(other, [202]), 'test');
  const both = encodeAwarenessUpdate(own, [201, 202]);

  const seen: number[] = [];
  const stamped = stampAwarenessUpdate(both, USER, (clientId) => {
    seen.push(clientId);
    return clientId === 201;
  });
  assert.deepEqual(seen.sort(), [201, 202]);
  assert.ok(stamped);

  const receiver = awareness(999);
  applyAwarenessUpdate(receiver, stamped, 'test');
  assert.deepEqual(receiver.getStates().get(201), { user: USER, cursor: at(1) });
  assert.equal(receiver.getStates().has(202), false);
});

test('null is returned when no entry is left', () => {
  const sender = awareness(301);
  sender.setLocalState({ user: FORGED, cursor: at(1) });
  const update = encodeAwarenessUpdate(sender, [301]);
  assert.equal(
    stampAwarenessUpdate(update, USER, () => false),
    null,
  );
  assert.equal(stampAwarenessUpdate(encodeRaw([]), USER, always), null);
});

test('a removal (null state after setLocalState(null)) is kept and removes the client', () => {
  const sender = awareness(401);
  const receiver = awareness(999);
  sender.setLocalState({ user: FORGED, cursor: at(1) });
  const shown = stampAwarenessUpdate(encodeAwarenessUpdate(sender, [401]), USER, always);
  assert.ok(shown);
  applyAwarenessUpdate(receiver, shown, 'test');
  assert.equal(receiver.getStates().has(401), true);

  sender.setLocalState(null);
  const gone = stampAwarenessUpdate(encodeAwarenessUpdate(sender, [401]), USER, always);
  assert.ok(gone, 'a removal is not dropped');
  applyAwarenessUpdate(receiver, gone, 'test');
  assert.equal(receiver.getStates().has(401), false);
});

test('a removal via removeAwarenessStates is kept and removes the client', () => {
  const sender = awareness(402);
  const receiver = awareness(999);
  sender.setLocalState({ user: FORGED, cursor: at(1) });
  const shown = stampAwarenessUpdate(encodeAwarenessUpdate(sender, [402]), USER, always);
  assert.ok(shown);
  applyAwarenessUpdate(receiver, shown, 'test');

  removeAwarenessStates(sender, [402], 'test');
  const gone = stampAwarenessUpdate(encodeAwarenessUpdate(sender, [402]), USER, always);
  assert.ok(gone);
  applyAwarenessUpdate(receiver, gone, 'test');
  assert.equal(receiver.getStates().has(402), false);
});

test('a removal is still dropped for a client the sender may not control', () => {
  const sender = awareness(403);
  sender.setLocalState(null);
  const update = encodeAwarenessUpdate(sender, [403]);
  assert.equal(
    stampAwarenessUpdate(update, USER, () => false),
    null,
  );
});

test('garbage bytes throw BadAwarenessError', () => {
  const garbage: Uint8Array[] = [
    new Uint8Array([]),
    new Uint8Array([0xff]),
    new Uint8Array([3, 7]),
    new Uint8Array([1, 5, 1, 3, 0x61, 0x62, 0x63]), // state "abc": not JSON
    new Uint8Array([1, 5, 1, 10, 0x7b]), // string longer than the bytes left
  ];
  for (const bytes of garbage) {
    assert.throws(
      () => stampAwarenessUpdate(bytes, USER, always),
      BadAwarenessError,
      `bytes ${[...bytes].join(',')}`,
    );
  }
});

test('a state that is not an object or null throws BadAwarenessError', () => {
  for (const json of ['[1,2]', '42', '"text"', 'true']) {
    assert.throws(
      () => stampAwarenessUpdate(encodeRaw([{ clientId: 5, clock: 1, json }]), USER, always),
      (error: unknown) => error instanceof BadAwarenessError && error.name === 'BadAwarenessError',
      json,
    );
  }
});

test('entries turned down are not read: an echo with broken JSON is dropped, not an error', () => {
  const seen: [number, number, boolean][] = [];
  const stamped = stampAwarenessUpdate(
    encodeRaw([
      { clientId: 7, clock: 3, json: '{not json' },
      { clientId: 8, clock: 4, json: 'null' },
      { clientId: 9, clock: 5, json: JSON.stringify({ cursor: at(2) }) },
    ]),
    USER,
    (clientId, clock, removal) => {
      seen.push([clientId, clock, removal]);
      return clientId === 9;
    },
  );
  assert.deepEqual(seen, [
    [7, 3, false],
    [8, 4, true],
    [9, 5, false],
  ]);
  assert.ok(stamped);
  const receiver = awareness(999);
  applyAwarenessUpdate(receiver, stamped, 'test');
  assert.deepEqual([...receiver.getStates().keys()], [9]);
  assert.deepEqual(receiver.getStates().get(9), { cursor: at(2), user: USER });
});

test('a state with an unknown field, a malformed cursor or over the size limit is dropped, with why', () => {
  const bad: Record<string, unknown>[] = [
    { cursor: at(1), selection: { anchor: 3, head: 7 } },
    { cursor: { anchor: {}, head: {} } },
    { cursor: 5 },
    { cursor: { anchor: { tname: 'forged' }, head: { tname: 'forged' } } },
    { user: { name: 'x'.repeat(MAX_PRESENCE_STATE_BYTES) }, cursor: at(1) },
  ];
  const reasons: [number, string][] = [];
  const stamped = stampAwarenessUpdate(
    encodeRaw([
      ...bad.map((state, i) => ({ clientId: 10 + i, clock: 1, json: JSON.stringify(state) })),
      { clientId: 20, clock: 1, json: JSON.stringify({ cursor: at(4) }) },
    ]),
    USER,
    always,
    (clientId, reason) => reasons.push([clientId, reason]),
  );
  assert.deepEqual(
    reasons.map(([clientId]) => clientId),
    [10, 11, 12, 13, 14],
  );
  assert.match(reasons[0]?.[1] ?? '', /unknown presence field "selection"/);
  assert.match(reasons[1]?.[1] ?? '', /cursor/);
  assert.match(reasons[4]?.[1] ?? '', /bytes/);
  assert.ok(stamped);
  const receiver = awareness(999);
  applyAwarenessUpdate(receiver, stamped, 'test');
  assert.deepEqual([...receiver.getStates().keys()], [20]);
});

test('a state made of nothing but dropped entries gives null', () => {
  const update = encodeRaw([{ clientId: 5, clock: 1, json: '{"cursor":"x"}' }]);
  assert.equal(stampAwarenessUpdate(update, USER, always), null);
});
