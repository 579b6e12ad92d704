import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import {
  BODY_FIELD,
  CloseCode,
  collabPath,
  MessageType,
  UNSAVED_REASON,
} from '@/lib/collab/protocol';
import { loadDraftDoc } from '@/lib/db/load-draft-doc';
import { openSqliteStores } from '@/lib/db/stores';
import { SCHEMA_VERSION, SCHEMA_VERSION_PARAM } from '@/lib/schema/schema-version';
import { randomInt, seededRandom, testSeed } from '@/lib/testing/seeded-random';
import { tempDatabasePath } from '@/lib/testing/temp-database';
import { addTestUser, createTestDraft, signInCookie } from '../testing/accounts';
import { freePort, startConcordProcess, type ConcordProcess } from '../testing/concord-process';
import { connectClient, eventually, type HeadlessClient } from '../testing/headless-client';
import { RawClient } from '../testing/raw-client';
import { testCaret } from '../testing/test-caret';

/**
 * Faults, against a real server process and a real SQLite file: a crash in
 * the middle of typing, connections that break off mid-frame, a peer that
 * never reads, storage locked by another process, a full disk, and a stream
 * of random and mutated protocol messages. Each time the server keeps running
 * for the others, and nothing that anyone was shown is lost.
 */

const temp = tempDatabasePath();
const FACILITATOR = { username: 'chair', delegation: 'CHR' };
const SPONSOR = { username: 'sponsor', delegation: 'SPN' };
let chairCookie = '';
let sponsorCookie = '';
const serverEnv = { COLLAB_ROOM_RELEASE_MS: '200', COLLAB_COMPACT_AFTER_UPDATES: '100' };

const bodyOf = (doc: Y.Doc) => yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(BODY_FIELD));

function paragraphText(doc: Y.Doc, paragraph = 0): Y.XmlText {
  const preamble = doc.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement;
  const text = (preamble.get(paragraph) as Y.XmlElement).get(0);
  assert.ok(text instanceof Y.XmlText, 'the paragraph has text');
  return text;
}

async function newDraft(title: string): Promise<string> {
  const draft = await createTestDraft(temp.file, {
    title,
    delegation: FACILITATOR.delegation,
    role: 'facilitator',
  });
  const stores = openSqliteStores(temp.file);
  try {
    await stores.accounts.grantRole(draft.id, SPONSOR.delegation, 'sponsor');
  } finally {
    stores.close();
  }
  return draft.id;
}

async function storedBody(draftId: string) {
  const stores = openSqliteStores(temp.file);
  try {
    const loaded = await loadDraftDoc(stores.drafts, draftId);
    assert.ok(loaded, 'the draft loads');
    return bodyOf(loaded.doc);
  } finally {
    stores.close();
  }
}

/**
 * A websocket upgrade done by hand over TCP, so that a test can send broken
 * frames: resolves with the socket once the server answered 101.
 */
async function rawUpgrade(server: ConcordProcess, draftId: string): Promise<net.Socket> {
  const socket = net.connect(server.port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(
    `GET ${collabPath(draftId)}?${SCHEMA_VERSION_PARAM}=${SCHEMA_VERSION} HTTP/1.1\r\n` +
      `Host: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n` +
      `Cookie: ${chairCookie}\r\n\r\n`,
  );
  const head = await new Promise<string>((resolve) =>
    socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1'))),
  );
  assert.match(head, /^HTTP\/1\.1 101 /, 'the upgrade is accepted');
  return socket;
}

/** The header of a masked binary client frame announcing `length` payload bytes (< 65536). */
function frameHeader(length: number, opcode = 0x2): Buffer {
  return Buffer.concat([
    Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 0xff]),
    randomBytes(4),
  ]);
}

function closedSocket(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) resolve();
    else socket.once('close', () => resolve());
  });
}

before(async () => {
  await addTestUser(temp.file, FACILITATOR);
  await addTestUser(temp.file, SPONSOR);
  chairCookie = (await signInCookie(temp.file, FACILITATOR.username)).cookie;
  sponsorCookie = (await signInCookie(temp.file, SPONSOR.username)).cookie;
});
after(temp.cleanup);

describe('faults', () => {
  const clients: HeadlessClient[] = [];
  const servers: ConcordProcess[] = [];
  const client = (server: ConcordProcess, draftId: string) => {
    const c = connectClient(server.wsUrl, draftId, chairCookie);
    clients.push(c);
    return c;
  };
  const start = async (env: Record<string, string> = {}, port?: number) => {
    const server = await startConcordProcess({
      databasePath: temp.file,
      env: { ...serverEnv, ...env },
      ...(port ? { port } : {}),
    });
    servers.push(server);
    return server;
  };
  after(async () => {
    for (const c of clients) c.destroy();
    for (const server of servers) await server.kill('SIGKILL');
  });

  /**
   * Two clients per draft type in `drafts` drafts at once; the server is killed
   * once every draft's second client has been shown `seen` updates, and comes
   * back on the same address while they go on typing. Every pair converges,
   * and everything the second client of each draft was shown is in the
   * converged draft and stored.
   */
  const killWhileTyping = async (drafts: number, seen: number) => {
    const draftIds: string[] = [];
    for (let i = 0; i < drafts; i++) draftIds.push(await newDraft(`Killed mid-typing ${i + 1}`));
    const port = await freePort();
    const first = await start({}, port);
    const pairs = draftIds.map((draftId) => {
      const a = client(first, draftId);
      const b = client(first, draftId);
      const seenByB: Uint8Array[] = [];
      b.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === b.provider) seenByB.push(update);
      });
      return { draftId, a, b, seenByB };
    });
    await Promise.all(pairs.flatMap(({ a, b }) => [a.synced, b.synced]));

    let stop = false;
    const typist = async (who: HeadlessClient, paragraph: number, letter: string) => {
      for (let i = 0; i < 4000 && !stop; i++) {
        paragraphText(who.doc, paragraph).insert(0, letter);
        await new Promise((resolve) => setTimeout(resolve, 2 * drafts));
      }
    };
    const typing = Promise.all(pairs.flatMap(({ a, b }) => [typist(a, 0, 'a'), typist(b, 1, 'b')]));
    await eventually(() => {
      for (const { draftId, seenByB } of pairs) {
        assert.ok(seenByB.length >= seen, `b saw ${seenByB.length} updates of ${draftId}`);
      }
    }, 20_000);
    await first.kill('SIGKILL');
    // They keep typing while the server is down, then it comes back on the same address.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await start({}, port);
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop = true;
    await typing;

    for (const { draftId, a, b, seenByB } of pairs) {
      await eventually(
        () => assert.deepEqual(bodyOf(a.doc), bodyOf(b.doc), `the copies of ${draftId} converge`),
        20_000,
      );
      // Everything b was shown before the crash is in the converged draft and stored.
      const reference = new Y.Doc();
      Y.applyUpdate(reference, Y.encodeStateAsUpdate(a.doc));
      for (const update of seenByB) Y.applyUpdate(reference, update);
      assert.deepEqual(bodyOf(reference), bodyOf(a.doc), `nothing of ${draftId} relayed is lost`);
      await eventually(async () => assert.deepEqual(await storedBody(draftId), bodyOf(a.doc)));
    }
    assert.ok(second.child.exitCode === null, 'the restarted server runs');
  };

  test('SIGKILL while two clients type: they reconnect, converge, and nothing either was shown is lost', async () => {
    await killWhileTyping(1, 20);
  });

  test('SIGKILL while clients type in many drafts at once (their writes committed together): nothing any of them was shown is lost', async () => {
    await killWhileTyping(16, 10);
  });

  test('connections broken off mid-frame, truncated and invalid frames leave the others unaffected', async () => {
    const server = await start();
    const draftId = await newDraft('Broken frames');
    const writer = client(server, draftId);
    await writer.synced;
    paragraphText(writer.doc).insert(0, 'Before. ');

    // Disconnects in the middle of a message: 1000 bytes announced, 100 sent, then gone.
    const abrupt = await rawUpgrade(server, draftId);
    abrupt.write(Buffer.concat([frameHeader(1000), randomBytes(100)]));
    abrupt.destroy();
    // Sends a truncated frame and half-closes.
    const truncated = await rawUpgrade(server, draftId);
    truncated.end(Buffer.concat([frameHeader(500), randomBytes(20)]));
    // Sends a frame with a reserved opcode: the server closes it (1002, protocol error).
    const invalid = await rawUpgrade(server, draftId);
    invalid.resume();
    invalid.write(Buffer.concat([frameHeader(4, 0x3), randomBytes(4)]));
    await Promise.all([closedSocket(truncated), closedSocket(invalid)]);

    paragraphText(writer.doc).insert(0, 'After. ');
    const late = client(server, draftId);
    await late.synced;
    await eventually(() =>
      assert.match(paragraphText(late.doc).toString(), /^After\. Before\. Recalling/),
    );
    await eventually(async () => assert.deepEqual(await storedBody(draftId), bodyOf(writer.doc)));
    assert.equal(server.child.exitCode, null, 'the server runs');
  });

  test('a peer that never reads is dropped once its backlog passes the limit; the others get everything', async () => {
    const server = await start({ COLLAB_MAX_BUFFERED_BYTES: String(256 * 1024) });
    const draftId = await newDraft('Slow consumer');
    const writer = client(server, draftId);
    const reader = client(server, draftId);
    await Promise.all([writer.synced, reader.synced]);
    const stalled = await rawUpgrade(server, draftId);
    stalled.pause(); // reads nothing from now on
    let stalledClosed = false;
    stalled.once('close', () => (stalledClosed = true));

    // Up to 12 MB of long pastes, each taken back (a paragraph holds at most 20 000
    // characters): more than the kernel's socket buffers can hold.
    const paste = 'x'.repeat(15_000);
    for (let i = 0; i < 800 && !server.output().includes('does not read'); i++) {
      const text = paragraphText(writer.doc, 1);
      if (i % 2 === 0) text.insert(0, paste);
      else text.delete(0, paste.length);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await eventually(() => assert.match(server.output(), /dropping a peer that does not read/));
    stalled.resume();
    await eventually(() => assert.ok(stalledClosed, 'the stalled socket is closed'));
    await eventually(
      () => assert.equal(paragraphText(reader.doc, 1).length, paragraphText(writer.doc, 1).length),
      20_000,
    );
    assert.deepEqual(bodyOf(reader.doc), bodyOf(writer.doc));
    assert.equal(server.child.exitCode, null, 'the server runs');
  });

  test('storage locked by another process past the busy timeout: the server answers meanwhile; the change is refused with the reason, relayed to nobody, and saved once the lock is gone', async () => {
    const server = await start();
    const draftId = await newDraft('Locked storage');
    const writer = client(server, draftId);
    const reader = client(server, draftId);
    await Promise.all([writer.synced, reader.synced]);
    const closes: { code: number; reason: string }[] = [];
    writer.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event) closes.push({ code: event.code, reason: event.reason });
    });

    // Another process holds the database's write lock (as a backup tool or a stuck job would).
    const blocker = new Database(temp.file);
    blocker.pragma('busy_timeout = 0');
    blocker.exec('BEGIN EXCLUSIVE');
    try {
      paragraphText(writer.doc).insert(0, 'Unsaved. ');
      // The server waits for the lock without blocking its event loop: it still answers others
      // while the change waits (it gives up after 5 s).
      await new Promise((resolve) => setTimeout(resolve, 200));
      const answer = await fetch(`${server.httpUrl}/not-a-page`);
      assert.equal(answer.status, 404);
      assert.doesNotMatch(server.output(), /could not store updates/, 'answered while it waited');
      assert.deepEqual(closes, []);
      await eventually(
        () => assert.deepEqual(closes[0], { code: CloseCode.StorageError, reason: UNSAVED_REASON }),
        20_000,
      );
      assert.doesNotMatch(paragraphText(reader.doc).toString(), /Unsaved/, 'nobody was shown it');
      assert.match(server.output(), /could not store updates/);
    } finally {
      blocker.exec('COMMIT');
      blocker.close();
    }
    // Storage is back: the writer's reconnect sends the change again; it is stored and relayed.
    await eventually(
      () => assert.match(paragraphText(reader.doc).toString(), /^Unsaved\. Recalling/),
      30_000,
    );
    await eventually(async () => assert.deepEqual(await storedBody(draftId), bodyOf(writer.doc)));
    assert.equal(server.child.exitCode, null, 'the server runs');
  });

  test('a full disk: the change is refused with the reason, relayed to nobody, and saved once there is room', async () => {
    const server = await start();
    const pid = server.child.pid;
    assert.ok(pid, 'the server runs');
    const draftId = await newDraft('Full disk');
    const writer = client(server, draftId);
    const reader = client(server, draftId);
    await Promise.all([writer.synced, reader.synced]);
    paragraphText(writer.doc).insert(0, 'Saved. ');
    await eventually(() => assert.match(paragraphText(reader.doc).toString(), /^Saved\. /));
    const closes: { code: number; reason: string }[] = [];
    writer.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event) closes.push({ code: event.code, reason: event.reason });
    });

    // The disk fills up: the server's files may no longer grow (its file-size limit, set from
    // outside as an administrator would; writes past it fail with EFBIG, as with ENOSPC).
    // The write-ahead log is emptied first, so that the next commit must grow it (a log
    // restarted by a checkpoint would be overwritten in place, and no file would grow).
    const db = new Database(temp.file);
    try {
      assert.deepEqual(db.pragma('wal_checkpoint(TRUNCATE)'), [
        { busy: 0, log: 0, checkpointed: 0 },
      ]);
    } finally {
      db.close();
    }
    assert.equal(fs.statSync(`${temp.file}-wal`).size, 0);
    const limit = (value: string) =>
      execFileSync('prlimit', ['--pid', String(pid), `--fsize=${value}:unlimited`]);
    limit('0');
    try {
      paragraphText(writer.doc).insert(0, 'Unsaved. ');
      await eventually(
        () => assert.deepEqual(closes[0], { code: CloseCode.StorageError, reason: UNSAVED_REASON }),
        20_000,
      );
      assert.doesNotMatch(paragraphText(reader.doc).toString(), /Unsaved/, 'nobody was shown it');
      assert.match(
        server.output(),
        /could not store updates.*reason="SqliteError: disk I\/O error"/,
      );
    } finally {
      limit('unlimited');
    }
    // There is room again: the writer's reconnect sends the change again; it is stored and relayed.
    await eventually(
      () => assert.match(paragraphText(reader.doc).toString(), /^Unsaved\. Saved\. /),
      30_000,
    );
    await eventually(async () => assert.deepEqual(await storedBody(draftId), bodyOf(writer.doc)));
    assert.equal(server.child.exitCode, null, 'the server runs');
  });

  test('random and mutated protocol messages: no crash, no corrupted draft, honest edits go on', async () => {
    const seed = testSeed();
    const random = seededRandom(seed);
    const server = await start();
    const draftId = await newDraft('Fuzzed');
    const honest = client(server, draftId);
    await honest.synced;
    paragraphText(honest.doc).insert(0, 'Honest. ');

    // Well-formed messages of each kind, to mutate.
    const source = new Y.Doc();
    source.getText('t').insert(0, 'seed');
    const samples: Uint8Array[] = [];
    const sync = (write: (encoder: encoding.Encoder) => void) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.Sync);
      write(encoder);
      samples.push(encoding.toUint8Array(encoder));
    };
    sync((encoder) => syncProtocol.writeSyncStep1(encoder, honest.doc));
    sync((encoder) => syncProtocol.writeSyncStep2(encoder, honest.doc, new Uint8Array([0])));
    sync((encoder) => syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(honest.doc)));
    const awareness = new awarenessProtocol.Awareness(source);
    awareness.setLocalState({ cursor: testCaret(1) });
    {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.Awareness);
      encoding.writeVarUint8Array(
        encoder,
        awarenessProtocol.encodeAwarenessUpdate(awareness, [source.clientID]),
      );
      samples.push(encoding.toUint8Array(encoder));
    }
    samples.push(new Uint8Array([MessageType.QueryAwareness]));
    awareness.destroy();

    const mutate = (bytes: Uint8Array): Uint8Array => {
      const out = [...bytes];
      const kind = randomInt(random, 4);
      if (kind === 0) return Uint8Array.from(out.slice(0, randomInt(random, out.length + 1)));
      if (kind === 1) {
        for (let i = 0; i < 1 + randomInt(random, 4); i++) {
          out[randomInt(random, out.length)] = randomInt(random, 256);
        }
      } else if (kind === 2) {
        out.splice(randomInt(random, out.length + 1), 0, randomInt(random, 256));
      } else {
        return Uint8Array.from({ length: 1 + randomInt(random, 64) }, () => randomInt(random, 256));
      }
      return Uint8Array.from(out);
    };

    const MESSAGES = 400;
    let sent = 0;
    let connections = 0;
    while (sent < MESSAGES) {
      // Half as the facilitator (applied when valid), half as a sponsor (checked).
      const cookie = connections % 2 === 0 ? chairCookie : sponsorCookie;
      const fuzzer = await RawClient.connect(server.wsUrl, draftId, cookie);
      connections++;
      for (let i = 0; i < 40 && sent < MESSAGES && !fuzzer.closed; i++, sent++) {
        fuzzer.sendBytes(mutate(samples[randomInt(random, samples.length)] as Uint8Array));
        if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      fuzzer.close();
    }
    assert.equal(server.child.exitCode, null, `the server runs (seed ${seed})`);

    // The honest client still works, and a fresh client gets the same valid draft.
    paragraphText(honest.doc).insert(0, 'Still here. ');
    const check = client(server, draftId);
    await check.synced;
    // (A mutated update can be a valid change: the facilitator's is then applied.)
    await eventually(() =>
      assert.match(paragraphText(check.doc).toString(), /Still here\. /, `seed ${seed}`),
    );
    await eventually(() => assert.deepEqual(bodyOf(check.doc), bodyOf(honest.doc), `seed ${seed}`));
    await eventually(async () =>
      assert.deepEqual(await storedBody(draftId), bodyOf(honest.doc), `seed ${seed}`),
    );
    assert.ok(connections >= MESSAGES / 40, 'every message was sent');
  });
});
