import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { BODY_FIELD } from '@/lib/collab/protocol';
import { StorageCorruptionError } from '@/lib/db/draft-store';
import { SqliteDraftStore } from '@/lib/db/sqlite-draft-store';
import { createDraft } from '@/lib/drafts/create-draft';
import { randomInt, seededRandom, testSeed } from '@/lib/testing/seeded-random';
import { tempDatabasePath } from '@/lib/testing/temp-database';
import { loadDraftDoc } from './load-draft-doc';

const temp = tempDatabasePath();
after(temp.cleanup);

const bodyOf = (doc: Y.Doc) => yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(BODY_FIELD));

/** The Y.XmlText of every paragraph in the body. */
function paragraphTexts(doc: Y.Doc): Y.XmlText[] {
  const texts: Y.XmlText[] = [];
  for (const part of doc.getXmlFragment(BODY_FIELD).toArray()) {
    if (!(part instanceof Y.XmlElement)) continue;
    for (const paragraph of part.toArray()) {
      if (!(paragraph instanceof Y.XmlElement)) continue;
      let text = paragraph.get(0);
      if (!(text instanceof Y.XmlText)) {
        text = new Y.XmlText();
        paragraph.insert(0, [text]);
      }
      texts.push(text as Y.XmlText);
    }
  }
  return texts;
}

test('several clients edit concurrently; every update stored; loading gives the converged doc', async () => {
  const seed = testSeed();
  const random = seededRandom(seed);
  const store = SqliteDraftStore.open(temp.file);
  try {
    const draft = await createDraft(store, {
      title: 'Concurrent',
      body: {
        preamble: [[{ text: 'Recalling,' }]],
        operative: [[{ text: 'Decides;' }], [{ text: 'Requests.' }]],
      },
    });
    const initial = await loadDraftDoc(store, draft.id);
    assert.ok(initial);
    const clients = [0, 1, 2].map(() => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(initial.doc));
      return doc;
    });
    // Each client's outgoing updates wait in its own queue; delivery order is random.
    const inFlight: { from: number; update: Uint8Array }[] = [];
    clients.forEach((doc, from) => {
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== 'remote') inFlight.push({ from, update });
      });
    });
    for (let step = 0; step < 300; step++) {
      if (inFlight.length > 0 && random() < 0.5) {
        const { from, update } = inFlight.splice(randomInt(random, inFlight.length), 1)[0]!;
        await store.appendUpdates(draft.id, [update]);
        clients.forEach((doc, to) => to !== from && Y.applyUpdate(doc, update, 'remote'));
        continue;
      }
      const doc = clients[randomInt(random, clients.length)]!;
      const texts = paragraphTexts(doc);
      const text = texts[randomInt(random, texts.length)]!;
      if (text.length > 3 && random() < 0.3) {
        text.delete(randomInt(random, text.length - 1), 1 + randomInt(random, 2));
      } else {
        text.insert(
          randomInt(random, text.length + 1),
          String.fromCharCode(97 + randomInt(random, 26)),
        );
      }
    }
    while (inFlight.length > 0) {
      const { from, update } = inFlight.splice(randomInt(random, inFlight.length), 1)[0]!;
      await store.appendUpdates(draft.id, [update]);
      clients.forEach((doc, to) => to !== from && Y.applyUpdate(doc, update, 'remote'));
    }
    const expected = bodyOf(clients[0]!);
    for (const doc of clients)
      assert.deepEqual(bodyOf(doc), expected, `clients converge (seed ${seed})`);

    const loaded = await loadDraftDoc(store, draft.id);
    assert.ok(loaded);
    assert.deepEqual(bodyOf(loaded.doc), expected, `loaded doc equals the clients' (seed ${seed})`);

    // Compaction folds the log into a snapshot and keeps the state.
    await store.compact(draft.id, Y.encodeStateAsUpdate(loaded.doc), loaded.lastSeq);
    const compacted = await loadDraftDoc(store, draft.id);
    assert.ok(compacted);
    assert.equal(compacted.updatesSinceSnapshot, 0);
    assert.deepEqual(bodyOf(compacted.doc), expected, `compaction keeps the state (seed ${seed})`);
  } finally {
    store.close();
  }
});

test('an update that does not decode is reported with its sequence number', async () => {
  const store = SqliteDraftStore.open(temp.file);
  try {
    const draft = await createDraft(store, { title: 'Garbage' });
    // Stored intact (its checksum matches) but not a Yjs update.
    const seq = await store.appendUpdates(draft.id, [new Uint8Array([255, 255, 255, 255, 1, 2])]);
    await assert.rejects(loadDraftDoc(store, draft.id), (error: unknown) => {
      assert.ok(error instanceof StorageCorruptionError);
      assert.equal(error.draftId, draft.id);
      assert.match(error.message, new RegExp(`update ${seq} is corrupt: does not decode`));
      return true;
    });
  } finally {
    store.close();
  }
});

test('a draft that does not exist loads as null', async () => {
  const store = SqliteDraftStore.open(temp.file);
  try {
    assert.equal(await loadDraftDoc(store, '00000000-0000-4000-8000-000000000000'), null);
  } finally {
    store.close();
  }
});
