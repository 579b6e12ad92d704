import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { randomInt, seededRandom, testSeed } from '../testing/seeded-random';
import { emptyHeader } from '../schema/resolution-document';
import {
  addHeaderListItem,
  moveHeaderListItem,
  readHeader,
  removeHeaderListItem,
  setHeaderText,
  writeHeader,
} from './draft-header';

test('a written header reads back; missing fields read as empty', () => {
  const doc = new Y.Doc();
  assert.equal(readHeader(doc).organ, 'General Assembly');
  writeHeader(doc, { symbol: 'A/C.3/77/L.44', sponsors: ['China', 'Cuba'], title: 'T' });
  const header = readHeader(doc);
  assert.equal(header.symbol, 'A/C.3/77/L.44');
  assert.deepEqual(header.sponsors, ['China', 'Cuba']);
  assert.deepEqual(header.additionalSponsors, []);
  assert.equal(header.session, '');
});

test('sponsor lists: add, move, remove; blank names are ignored', () => {
  const doc = new Y.Doc();
  for (const name of ['China', ' Cuba ', '   ', 'Russian Federation']) {
    addHeaderListItem(doc, 'sponsors', name);
  }
  assert.deepEqual(readHeader(doc).sponsors, ['China', 'Cuba', 'Russian Federation']);
  moveHeaderListItem(doc, 'sponsors', 2, -1);
  moveHeaderListItem(doc, 'sponsors', 0, -1);
  assert.deepEqual(readHeader(doc).sponsors, ['China', 'Russian Federation', 'Cuba']);
  removeHeaderListItem(doc, 'sponsors', 0);
  removeHeaderListItem(doc, 'sponsors', 9);
  assert.deepEqual(readHeader(doc).sponsors, ['Russian Federation', 'Cuba']);
});

test('concurrent header edits from several delegations merge, in any delivery order', () => {
  const seed = testSeed();
  const random = seededRandom(seed);
  // As a created draft: the header, with its (empty) sponsor lists, is in the first update.
  const initial = new Y.Doc();
  writeHeader(initial, emptyHeader());
  const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
  for (const doc of docs) Y.applyUpdate(doc, Y.encodeStateAsUpdate(initial));
  const added: string[] = [];
  let removeCalls = 0;
  const pending: { to: Y.Doc; update: Uint8Array }[] = [];
  for (const doc of docs) {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'net') return;
      for (const to of docs) if (to !== doc) pending.push({ to, update });
    });
  }
  const names = ['Brazil', 'Chile', 'Egypt', 'Kenya', 'Mexico', 'Peru'];
  for (let round = 0; round < 30; round++) {
    const doc = docs[randomInt(random, docs.length)] as Y.Doc;
    const action = randomInt(random, 3);
    if (action === 0) {
      const name = `${names[randomInt(random, names.length)]} ${round}`;
      added.push(name);
      addHeaderListItem(doc, 'sponsors', name);
    } else if (action === 1) setHeaderText(doc, 'symbol', `A/C.3/80/L.${round}`);
    else {
      removeCalls++;
      removeHeaderListItem(doc, 'sponsors', randomInt(random, 3));
    }
    const count = randomInt(random, pending.length + 1);
    for (let i = 0; i < count; i++) {
      const [message] = pending.splice(randomInt(random, pending.length), 1);
      if (message) Y.applyUpdate(message.to, message.update, 'net');
    }
  }
  while (pending.length > 0) {
    const [message] = pending.splice(randomInt(random, pending.length), 1);
    if (message) Y.applyUpdate(message.to, message.update, 'net');
  }
  const [first, ...others] = docs.map(readHeader);
  for (const other of others) assert.deepEqual(other, first, `seed ${seed}`);
  // Nothing added concurrently is lost: every name is there unless someone removed an entry.
  const kept = first?.sponsors.length ?? 0;
  assert.ok(kept >= added.length - removeCalls, `each removal removes one at most (seed ${seed})`);
  for (const name of first?.sponsors ?? []) assert.ok(added.includes(name), `seed ${seed}`);
});
