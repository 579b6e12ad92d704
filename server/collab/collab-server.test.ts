import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import {
  BODY_FIELD,
  CloseCode,
  COLLAB_PATH,
  collabPath,
  DOC_FIELDS,
  PROPOSALS_FIELD,
  SETTINGS_FIELD,
  MessageType,
} from '@/lib/collab/protocol';
import { SCHEMA_VERSION } from '@/lib/schema/schema-version';
import { setHeaderText } from '@/lib/collab/draft-header';
import { SqliteDraftStore } from '@/lib/db/sqlite-draft-store';
import { randomInt, seededRandom, testSeed } from '@/lib/testing/seeded-random';
import { tempDatabasePath } from '@/lib/testing/temp-database';
import { loadDraftDoc } from '@/lib/db/load-draft-doc';
import { addTestUser, createTestDraft, signInCookie } from '../testing/accounts';
import { startConcordProcess, type ConcordProcess } from '../testing/concord-process';
import { connectClient, eventually, type HeadlessClient } from '../testing/headless-client';
import { caretMark, testCaret } from '../testing/test-caret';

const temp = tempDatabasePath();
const MAX_MESSAGE_BYTES = 64 * 1024;
const serverEnv = {
  COLLAB_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES),
  COLLAB_ROOM_RELEASE_MS: '100',
  COLLAB_COMPACT_AFTER_UPDATES: '50',
};

const bodyOf = (doc: Y.Doc) => yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(BODY_FIELD));

function firstText(doc: Y.Doc, paragraph = 0): Y.XmlText {
  const preamble = doc.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement;
  const node = preamble.get(paragraph) as Y.XmlElement;
  const text = node.get(0);
  assert.ok(text instanceof Y.XmlText, 'paragraph has text');
  return text;
}

/**
 * The signed-in user every client of these tests connects as: a facilitator of
 * each draft, who edits the text directly (a sponsor's edits must be amendments,
 * tested in `hostile-clients.test.ts`).
 */
const TESTER = { username: 'tester', delegation: 'TST' };
let cookie = '';
const signedIn = (async () => {
  await addTestUser(temp.file, TESTER);
  cookie = (await signInCookie(temp.file, TESTER.username)).cookie;
})();

async function newDraft(title: string, preamble?: string[]) {
  await signedIn;
  return createTestDraft(temp.file, {
    title,
    ...(preamble ? { preamble } : {}),
    delegation: TESTER.delegation,
    role: 'facilitator',
  });
}

/** The body as stored; fails if the stored doc has fields a draft does not have. */
async function storedBody(draftId: string) {
  const store = SqliteDraftStore.open(temp.file);
  try {
    const loaded = await loadDraftDoc(store, draftId);
    assert.ok(loaded);
    const fields = [...loaded.doc.share.keys()];
    assert.ok(fields.includes(BODY_FIELD), 'the stored doc has a body');
    // Clients write DOC_FIELDS (and proposals); the server also fixes the settings.
    const draftFields = new Set([...DOC_FIELDS, PROPOSALS_FIELD, SETTINGS_FIELD]);
    for (const field of fields) assert.ok(draftFields.has(field), `"${field}" is a draft field`);
    return bodyOf(loaded.doc);
  } finally {
    store.close();
  }
}

/** Opens a raw websocket and resolves with how it was closed. */
function rawSocket(server: ConcordProcess, path: string, send?: (ws: WebSocket) => void) {
  const ws = new WebSocket(`${server.wsUrl}${path}?schema=${SCHEMA_VERSION}`, {
    headers: { cookie },
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on('error', () => undefined);
  const opened = new Promise<void>((resolve) => ws.on('open', () => resolve()));
  // Wait for the server's first message (sync step 1) so the room is loaded before sending.
  const greeted = new Promise<void>((resolve) => ws.once('message', () => resolve()));
  if (send) void greeted.then(() => send(ws));
  return { ws, opened, greeted, closed };
}

function stateVectorMap(stateVector: Uint8Array): Map<number, number> {
  const decoder = decoding.createDecoder(stateVector);
  const map = new Map<number, number>();
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++)
    map.set(decoding.readVarUint(decoder), decoding.readVarUint(decoder));
  return map;
}

/** A well-formed sync update that writes to a top-level field no draft has. */
function forgedFieldUpdate(): Uint8Array {
  const forged = new Y.Doc();
  forged.getText('evil').insert(0, 'injected');
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(forged));
  return encoding.toUint8Array(encoder);
}

describe('collaboration server', () => {
  let server: ConcordProcess;
  const clients: HeadlessClient[] = [];
  const client = (draftId: string, on = server) => {
    const c = connectClient(on.wsUrl, draftId, cookie);
    clients.push(c);
    return c;
  };

  before(async () => {
    server = await startConcordProcess({ databasePath: temp.file, env: serverEnv });
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await server?.kill();
  });

  test('several clients editing at once converge, and a late joiner gets the full state', async () => {
    const seed = testSeed();
    const random = seededRandom(seed);
    const draft = await newDraft('Convergence');
    const editors = [client(draft.id), client(draft.id), client(draft.id)];
    await Promise.all(editors.map((c) => c.synced));
    for (let round = 0; round < 40; round++) {
      for (const c of editors) {
        const text = firstText(c.doc, randomInt(random, 2));
        if (text.length > 5 && random() < 0.3) text.delete(randomInt(random, text.length - 2), 2);
        else
          text.insert(randomInt(random, text.length + 1), `${round}${'abc'[randomInt(random, 3)]}`);
      }
      await new Promise((resolve) => setTimeout(resolve, randomInt(random, 5)));
    }
    const converged = await eventually(() => {
      const expected = bodyOf(editors[0]!.doc);
      for (const c of editors) assert.deepEqual(bodyOf(c.doc), expected, `seed ${seed}`);
      return expected;
    });
    const late = client(draft.id);
    await late.synced;
    assert.deepEqual(bodyOf(late.doc), converged, 'the late joiner has everything');
    await eventually(async () => assert.deepEqual(await storedBody(draft.id), converged));
  });

  test('a released draft is stored compactly and loads again with everything', async () => {
    const draft = await newDraft('Release');
    const a = client(draft.id);
    await a.synced;
    for (let i = 0; i < 120; i++) firstText(a.doc).insert(0, 'x');
    const expected = bodyOf(a.doc);
    await eventually(async () => assert.deepEqual(await storedBody(draft.id), expected));
    const store = SqliteDraftStore.open(temp.file);
    try {
      // Compaction follows the write that passed the threshold, on the server's own time.
      await eventually(() => {
        const snapshot = store.db
          .prepare('SELECT upto_seq FROM draft_snapshots WHERE draft_id = ?')
          .get(draft.id);
        assert.ok(snapshot, 'a log past the threshold was compacted while the draft was open');
      });
      a.provider.disconnect();
      await eventually(() => {
        const row = store.db
          .prepare('SELECT count(*) AS n FROM draft_updates WHERE draft_id = ?')
          .get(draft.id) as { n: number };
        assert.equal(row.n, 0, 'the log was folded into the snapshot on release');
      });
    } finally {
      store.close();
    }
    const b = client(draft.id);
    await b.synced;
    assert.deepEqual(bodyOf(b.doc), expected);
  });

  test('a new title in the header becomes the title the draft is listed by', async () => {
    const draft = await newDraft('Old title');
    const c = client(draft.id);
    await c.synced;
    setHeaderText(c.doc, 'title', 'New title ');
    await eventually(async () => {
      const store = SqliteDraftStore.open(temp.file);
      try {
        assert.equal((await store.getDraft(draft.id))?.title, 'New title');
      } finally {
        store.close();
      }
    });
  });

  test('a path that is not a draft id is closed with 4404', async () => {
    await signedIn;
    const malformed = rawSocket(server, `${COLLAB_PATH}/not-a-draft`);
    assert.equal((await malformed.closed).code, CloseCode.DraftNotFound);
  });

  test('malformed messages close only their own connection and change nothing', async () => {
    const draft = await newDraft('Bad input');
    const a = client(draft.id);
    const b = client(draft.id);
    await Promise.all([a.synced, b.synced]);
    firstText(a.doc).insert(0, 'Kept ');
    await eventually(() => assert.match(firstText(b.doc).toString(), /^Kept /));
    await eventually(async () => assert.deepEqual(await storedBody(draft.id), bodyOf(a.doc)));
    const before = await storedBody(draft.id);

    const garbage: { name: string; message: Uint8Array | string }[] = [
      { name: 'unknown message type', message: new Uint8Array([99, 1, 2]) },
      { name: 'unknown sync message type', message: new Uint8Array([0, 7, 0]) },
      { name: 'awareness that is not JSON', message: new Uint8Array([1, 6, 1, 5, 1, 2, 123, 120]) },
      { name: 'text frame', message: 'hello' },
    ];
    for (const { name, message } of garbage) {
      const raw = rawSocket(server, collabPath(draft.id), (ws) => ws.send(message));
      assert.equal((await raw.closed).code, CloseCode.BadMessage, name);
    }
    assert.match(
      server.output(),
      /malformed message; closing the connection draft="[0-9a-f-]+" reason=/,
    );
    // A well-framed update that cannot be used is refused, and the connection stays open.
    const refusedUpdates: { name: string; message: Uint8Array; reason: RegExp }[] = [
      {
        name: 'truncated update',
        message: new Uint8Array([0, 2, 200, 1]),
        reason: /could not be read/,
      },
      {
        name: 'update that does not decode',
        message: new Uint8Array([0, 2, 6, 255, 255, 255, 255, 255, 255]),
        reason: /could not be read/,
      },
      {
        name: 'valid Yjs update to a field drafts do not have',
        message: forgedFieldUpdate(),
        reason: /unknown field "evil"/,
      },
    ];
    for (const { name, message, reason } of refusedUpdates) {
      const raw = rawSocket(server, collabPath(draft.id));
      await raw.greeted;
      const answer = new Promise<string>((resolve) =>
        raw.ws.on('message', (data: Buffer) => {
          const decoder = decoding.createDecoder(new Uint8Array(data));
          if (decoding.readVarUint(decoder) === MessageType.Refused) {
            resolve(decoding.readVarString(decoder));
          }
        }),
      );
      raw.ws.send(message);
      assert.match(await answer, reason, name);
      assert.equal(raw.ws.readyState, WebSocket.OPEN, `${name}: the connection stays open`);
      raw.ws.close();
    }

    // The others keep editing as before; the stored draft lost nothing.
    firstText(b.doc).insert(0, 'Still ');
    await eventually(() => assert.match(firstText(a.doc).toString(), /^Still Kept /));
    const after = await eventually(async () => {
      const stored = await storedBody(draft.id);
      assert.deepEqual(stored, bodyOf(a.doc));
      return stored;
    });
    assert.notDeepEqual(after, before);
    for (const c of [a, b])
      assert.ok(!c.doc.share.has('evil'), 'the forged field reached no client');
  });

  test('a draft whose stored data is corrupt is refused with 4500 and logged; others work', async () => {
    const broken = await newDraft('Broken');
    const healthy = await newDraft('Healthy');
    const store = SqliteDraftStore.open(temp.file);
    try {
      store.db
        .prepare('UPDATE draft_updates SET data = ? WHERE draft_id = ?')
        .run(Buffer.from('not a yjs update'), broken.id);
    } finally {
      store.close();
    }
    const raw = rawSocket(server, collabPath(broken.id));
    assert.equal((await raw.closed).code, CloseCode.StorageError);
    assert.match(
      server.output(),
      new RegExp(`could not load draft draft="${broken.id}" reason=".*corrupt`),
    );
    const c = client(healthy.id);
    await c.synced;
    assert.equal(firstText(c.doc).toString(), 'Recalling its resolution,');
  });

  test('a message over the size limit is refused with 1009; the server stays up', async () => {
    const draft = await newDraft('Too big');
    const raw = rawSocket(server, collabPath(draft.id), (ws) =>
      ws.send(new Uint8Array(MAX_MESSAGE_BYTES + 1)),
    );
    assert.equal((await raw.closed).code, CloseCode.MessageTooBig);
    const c = client(draft.id);
    await c.synced;
    assert.equal(firstText(c.doc).toString(), 'Recalling its resolution,');
  });

  test("in a busy draft each client's cursor is relayed at most once a second, its latest state last; a quiet draft beside it relays every move", async () => {
    const draft = await newDraft('Busy presence');
    const quietDraft = await newDraft('Quiet beside a busy one');
    /** A connection that keeps the presence it is sent, calling `onMove` for `who`'s changes. */
    const watch = (draftId: string, onMove: (id: number, seen: Awareness) => void) => {
      const socket = rawSocket(server, collabPath(draftId));
      const seen = new Awareness(new Y.Doc());
      seen.setLocalState(null);
      socket.ws.on('message', (data: Buffer) => {
        const decoder = decoding.createDecoder(new Uint8Array(data));
        if (decoding.readVarUint(decoder) !== MessageType.Awareness) return;
        applyAwarenessUpdate(seen, decoding.readVarUint8Array(decoder), 'server');
      });
      seen.on('change', ({ added, updated }: { added: number[]; updated: number[] }) => {
        for (const id of [...added, ...updated]) onMove(id, seen);
      });
      return { socket, seen };
    };
    const mover = (draftId: string) => {
      const socket = rawSocket(server, collabPath(draftId));
      const awareness = new Awareness(new Y.Doc());
      return { socket, awareness, id: awareness.clientID };
    };
    // 80 connections moving their carets, each within its presence budget, and one that watches
    // the first mover's presence; in another draft, one mover and one watcher.
    const movers = Array.from({ length: 80 }, () => mover(draft.id));
    const quietMover = mover(quietDraft.id);
    const relayed: unknown[] = [];
    const relayedAt: number[] = [];
    const watcher = watch(draft.id, (id, seen) => {
      if (id !== movers[0]?.id) return;
      relayed.push(caretMark(seen.getStates().get(id)?.cursor));
      relayedAt.push(performance.now());
    });
    const quietRelayed: unknown[] = [];
    const quietWatcher = watch(quietDraft.id, (id, seen) => {
      if (id === quietMover.id) quietRelayed.push(caretMark(seen.getStates().get(id)?.cursor));
    });
    const { seen } = watcher;
    const sockets = [watcher, quietWatcher, quietMover, ...movers].map((s) => s.socket);
    await Promise.all(sockets.map((s) => s.greeted));
    const [first] = movers;
    assert.ok(first);
    const move = (who: (typeof movers)[number], mark: number) => {
      who.awareness.setLocalStateField('cursor', testCaret(mark));
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.Awareness);
      encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(who.awareness, [who.id]));
      who.socket.ws.send(encoding.toUint8Array(encoder));
    };
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    // Quiet: every move is relayed.
    for (let mark = 1; mark <= 5; mark++) {
      move(first, mark);
      await pause(60);
    }
    await eventually(() => assert.deepEqual(relayed, [1, 2, 3, 4, 5]));

    // Busy: every mover moves 25 times a second for ~2 s (2 000 moves a second, ×81 connections:
    // 16 000 relays per 100 ms to make).
    relayed.length = 0;
    relayedAt.length = 0;
    const busyFrom = performance.now();
    const last = 55;
    for (let mark = 6; mark <= last; mark++) {
      for (const who of movers) move(who, mark);
      move(quietMover, mark);
      await pause(40);
    }
    // The latest position arrives (within the second). Until the room has seen a busy 100 ms,
    // each turn's move is relayed; from then on, one a second. Past the first 500 ms that leaves
    // 2 or 3, where relaying each move would be over 30.
    await eventually(() => assert.equal(relayed.at(-1), last), 3000);
    const late = relayedAt.filter((at) => at > busyFrom + 500).length;
    assert.ok(
      late >= 1 && late <= 5,
      `${late} relays of one client’s cursor after the first 500 ms of ~2 s ` +
        `(${relayed.length} in all: ${relayed.slice(0, 30).join(', ')})`,
    );

    // The throttle is the busy draft's own: in the quiet draft, every move of those ~2 s is
    // relayed (a few may share a turn when the server lags), not one a second.
    await eventually(() => assert.equal(quietRelayed.at(-1), last), 3000);
    assert.ok(
      quietRelayed.length >= 40,
      `${quietRelayed.length} of 50 moves relayed in the quiet draft`,
    );

    // Leaving is relayed at once, busy or not.
    first.socket.ws.close();
    await eventually(() => assert.equal(seen.getStates().has(first.id), false), 500);
    for (const s of sockets) s.ws.close();
    for (const m of [...movers, quietMover]) m.awareness.destroy();
    seen.destroy();
    quietWatcher.seen.destroy();
  });
});

describe('durability', () => {
  after(temp.cleanup);

  test('after SIGKILL and restart, every update that reached another client is there', async () => {
    const draft = await newDraft('Crash');
    let server = await startConcordProcess({ databasePath: temp.file, env: serverEnv });
    const writer = connectClient(server.wsUrl, draft.id, cookie);
    const reader = connectClient(server.wsUrl, draft.id, cookie);
    await Promise.all([writer.synced, reader.synced]);
    const received: Uint8Array[] = [];
    reader.doc.on('update', (update: Uint8Array) => received.push(update));

    // Type steadily and kill the server mid-stream, without warning.
    let typed = 0;
    let stop = false;
    let typingError: unknown = null;
    const typing = (async () => {
      while (!stop && typed < 5000) {
        firstText(writer.doc).insert(0, `${typed++ % 10}`);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })().catch((error: unknown) => (typingError = error));
    await eventually(
      () =>
        assert.ok(
          received.length >= 30,
          `typed ${typed}, received ${received.length}, typing error ${String(typingError)}, ` +
            `writer ${writer.provider.wsconnected ? 'connected' : 'disconnected'}:\n${server.output()}`,
        ),
      20_000,
    );
    await server.kill('SIGKILL');
    stop = true;
    await typing;
    writer.destroy();
    reader.destroy();
    assert.ok(received.length > 0);

    server = await startConcordProcess({ databasePath: temp.file, env: serverEnv });
    const after = connectClient(server.wsUrl, draft.id, cookie);
    try {
      await after.synced;
      const relayed = stateVectorMap(Y.encodeStateVectorFromUpdate(Y.mergeUpdates(received)));
      const recovered = stateVectorMap(Y.encodeStateVector(after.doc));
      for (const [clientId, clock] of relayed) {
        assert.ok(
          (recovered.get(clientId) ?? 0) >= clock,
          `client ${clientId}: relayed up to ${clock}, recovered ${recovered.get(clientId) ?? 0}`,
        );
      }
      const reference = new Y.Doc();
      Y.applyUpdate(reference, Y.encodeStateAsUpdate(after.doc));
      for (const update of received) Y.applyUpdate(reference, update);
      assert.deepEqual(bodyOf(reference), bodyOf(after.doc), 'nothing relayed is missing');
    } finally {
      after.destroy();
      await server.kill();
    }
  });

  test('after SIGTERM the server exits cleanly; clients reconnect and lose nothing', async () => {
    const draft = await newDraft('Shutdown');
    const port = await (async () => {
      const probe = await startConcordProcess({ databasePath: temp.file, env: serverEnv });
      await probe.kill();
      return probe.port;
    })();
    let server = await startConcordProcess({ databasePath: temp.file, env: serverEnv, port });
    const writer = connectClient(server.wsUrl, draft.id, cookie);
    try {
      await writer.synced;
      const closes: number[] = [];
      writer.provider.on('connection-close', (event: CloseEvent | null) => {
        if (event) closes.push(event.code);
      });
      for (let i = 0; i < 50; i++) firstText(writer.doc).insert(0, `${i % 10}`);
      await server.kill('SIGTERM');
      assert.equal(server.child.exitCode, 0, server.output());
      assert.deepEqual(closes, [CloseCode.ServerShutdown]);

      server = await startConcordProcess({ databasePath: temp.file, env: serverEnv, port });
      await eventually(() => assert.ok(writer.provider.wsconnected, 'the writer reconnected'));
      const reader = connectClient(server.wsUrl, draft.id, cookie);
      try {
        await reader.synced;
        await eventually(() => assert.deepEqual(bodyOf(reader.doc), bodyOf(writer.doc)));
      } finally {
        reader.destroy();
      }
    } finally {
      writer.destroy();
      await server.kill();
    }
  });
});
