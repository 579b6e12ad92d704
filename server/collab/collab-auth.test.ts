import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { BODY_FIELD, CloseCode, collabPath, MessageType } from '@/lib/collab/protocol';
import { SCHEMA_VERSION } from '@/lib/schema/schema-version';
import { openSqliteStores } from '@/lib/db/stores';
import { createDraft } from '@/lib/drafts/create-draft';
import { tempDatabasePath } from '@/lib/testing/temp-database';
import { loadDraftDoc } from '@/lib/db/load-draft-doc';
import { addTestUser, grantTestRole, signInCookie, SESSION_COOKIE } from '../testing/accounts';
import { startConcordProcess, type ConcordProcess } from '../testing/concord-process';
import { connectClient, eventually, type HeadlessClient } from '../testing/headless-client';
import { caretMark, testCaret } from '../testing/test-caret';

const temp = tempDatabasePath();
const bodyOf = (doc: Y.Doc) => yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(BODY_FIELD));

function firstText(doc: Y.Doc): Y.XmlText {
  const preamble = doc.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement;
  const text = (preamble.get(0) as Y.XmlElement).get(0);
  assert.ok(text instanceof Y.XmlText);
  return text;
}

async function newDraft(title: string) {
  const stores = openSqliteStores(temp.file);
  try {
    return await createDraft(stores.drafts, {
      title,
      body: {
        preamble: [[{ text: 'Recalling its resolution,' }]],
        operative: [[{ text: 'Decides;' }]],
      },
    });
  } finally {
    stores.close();
  }
}

async function storedBody(draftId: string) {
  const stores = openSqliteStores(temp.file);
  try {
    const loaded = await loadDraftDoc(stores.drafts, draftId);
    assert.ok(loaded);
    return bodyOf(loaded.doc);
  } finally {
    stores.close();
  }
}

/** The HTTP status of a websocket upgrade request (101 when it was accepted). */
function upgradeStatus(server: ConcordProcess, path: string, headers: Record<string, string> = {}) {
  return new Promise<number>((resolve, reject) => {
    const req = http.request(`${server.httpUrl}${path}`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': Buffer.from('0123456789abcdef').toString('base64'),
        ...headers,
      },
    });
    req.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve(response.statusCode ?? 0);
    });
    req.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

function closedWith(client: HeadlessClient): Promise<number> {
  return new Promise((resolve) =>
    client.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event) resolve(event.code);
    }),
  );
}

describe('websocket access', () => {
  let server: ConcordProcess;
  const clients: HeadlessClient[] = [];
  const connect = (draftId: string, cookie: string) => {
    const c = connectClient(server.wsUrl, draftId, cookie);
    clients.push(c);
    return c;
  };
  let draftId = '';
  const cookies: Record<'facilitator' | 'sponsor' | 'observer' | 'outsider', string> = {
    facilitator: '',
    sponsor: '',
    observer: '',
    outsider: '',
  };

  before(async () => {
    await addTestUser(temp.file, { username: 'cuba', delegation: 'CUB', delegationName: 'Cuba' });
    await addTestUser(temp.file, {
      username: 'france',
      delegation: 'FRA',
      delegationName: 'France',
    });
    await addTestUser(temp.file, { username: 'chile', delegation: 'CHL', delegationName: 'Chile' });
    await addTestUser(temp.file, {
      username: 'mexico',
      delegation: 'MEX',
      delegationName: 'Mexico',
    });
    draftId = (await newDraft('Access')).id;
    await grantTestRole(temp.file, draftId, 'CUB', 'sponsor');
    await grantTestRole(temp.file, draftId, 'FRA', 'observer');
    await grantTestRole(temp.file, draftId, 'MEX', 'facilitator');
    cookies.facilitator = (await signInCookie(temp.file, 'mexico')).cookie;
    cookies.sponsor = (await signInCookie(temp.file, 'cuba')).cookie;
    cookies.observer = (await signInCookie(temp.file, 'france')).cookie;
    cookies.outsider = (await signInCookie(temp.file, 'chile')).cookie;
    server = await startConcordProcess({
      databasePath: temp.file,
      env: { COLLAB_AUTH_RECHECK_MS: '200', COLLAB_ROOM_RELEASE_MS: '100' },
    });
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await server?.kill();
    temp.cleanup();
  });

  test('the upgrade is refused before it happens: 401 without a session, 403 without a role', async () => {
    const path = collabPath(draftId);
    assert.equal(await upgradeStatus(server, path), 401, 'no cookie');
    assert.equal(
      await upgradeStatus(server, path, { cookie: `${SESSION_COOKIE}=not-a-token` }),
      401,
      'a cookie that does not decrypt',
    );
    assert.equal(await upgradeStatus(server, path, { cookie: cookies.outsider }), 403, 'no role');
    assert.equal(
      await upgradeStatus(server, collabPath('00000000-0000-4000-8000-000000000000'), {
        cookie: cookies.sponsor,
      }),
      403,
      'a draft that does not exist looks like one without a role',
    );
    assert.equal(
      await upgradeStatus(server, path, { cookie: cookies.sponsor, origin: 'http://evil.example' }),
      403,
      'another site',
    );
    assert.equal(await upgradeStatus(server, path, { cookie: cookies.sponsor }), 101);
    assert.equal(await upgradeStatus(server, path, { cookie: cookies.observer }), 101);
  });

  test('a page built for an older document schema is told to reload (4426)', async () => {
    for (const query of ['', `?schema=${SCHEMA_VERSION - 1}`]) {
      const ws = new WebSocket(`${server.wsUrl}${collabPath(draftId)}${query}`, {
        headers: { cookie: cookies.sponsor },
      });
      ws.on('error', () => undefined);
      const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
      assert.equal(code, CloseCode.SchemaOutdated, `query "${query}"`);
    }
  });

  test("an observer's updates are dropped, answered with 4405, and reach nobody", async () => {
    // Writing plain text is a facilitator's (a sponsor's would be refused: it must be an amendment).
    const sponsor = connect(draftId, cookies.facilitator);
    await sponsor.synced;
    firstText(sponsor.doc).insert(0, 'Kept ');
    await eventually(async () => assert.deepEqual(await storedBody(draftId), bodyOf(sponsor.doc)));
    const before = await storedBody(draftId);

    const observer = connect(draftId, cookies.observer);
    await observer.synced;
    assert.deepEqual(bodyOf(observer.doc), before, 'the observer receives the text');
    const closed = closedWith(observer);
    firstText(observer.doc).insert(0, 'FORGED ');
    assert.equal(await closed, CloseCode.ReadOnly);
    observer.provider.disconnect();

    // The sponsor keeps working; the forged text is nowhere.
    firstText(sponsor.doc).insert(0, 'Still ');
    await eventually(async () => assert.deepEqual(await storedBody(draftId), bodyOf(sponsor.doc)));
    assert.doesNotMatch(JSON.stringify(await storedBody(draftId)), /FORGED/);
    assert.doesNotMatch(firstText(sponsor.doc).toString(), /FORGED/);
    assert.match(server.output(), /change from a read-only connection dropped/);
  });

  test('an observer connection still receives live updates', async () => {
    const sponsor = connect(draftId, cookies.facilitator);
    const observer = connect(draftId, cookies.observer);
    await Promise.all([sponsor.synced, observer.synced]);
    firstText(sponsor.doc).insert(0, 'Live ');
    await eventually(() => assert.match(firstText(observer.doc).toString(), /^Live /));
  });

  test('names in awareness come from the session, and nobody speaks for another client', async () => {
    const sponsor = connect(draftId, cookies.sponsor);
    const observer = connect(draftId, cookies.observer);
    await Promise.all([sponsor.synced, observer.synced]);
    sponsor.provider.awareness.setLocalState({
      user: { name: 'Forged Name', delegation: 'USA', color: '#000' },
      cursor: null,
    });
    await eventually(() => {
      const seen = observer.provider.awareness.getStates().get(sponsor.doc.clientID);
      assert.deepEqual(seen?.user, {
        name: 'cuba',
        delegation: 'CUB',
        color: (seen?.user as { color: string }).color,
        role: 'sponsor',
      });
      assert.notEqual((seen?.user as { color: string }).color, '#000');
    });

    // A raw client claims the sponsor's awareness client id: its entry is dropped.
    const forged = new awarenessProtocol.Awareness(new Y.Doc());
    forged.clientID = sponsor.doc.clientID;
    forged.setLocalState({ user: { name: 'Impostor' }, cursor: null });
    forged.setLocalState({ user: { name: 'Impostor' }, cursor: testCaret(1) });
    forged.setLocalState({ user: { name: 'Impostor' }, cursor: testCaret(2) });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Awareness);
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(forged, [forged.clientID]),
    );
    const raw = new WebSocket(`${server.wsUrl}${collabPath(draftId)}?schema=${SCHEMA_VERSION}`, {
      headers: { cookie: cookies.observer },
    });
    await new Promise<void>((resolve) => raw.once('message', () => resolve()));
    raw.send(encoding.toUint8Array(encoder));
    // Something the raw client may say, as a marker that its message was processed.
    sponsor.provider.awareness.setLocalStateField('cursor', testCaret(100));
    await eventually(() => {
      const seen = observer.provider.awareness.getStates().get(sponsor.doc.clientID);
      assert.equal(caretMark(seen?.cursor), 100);
      assert.equal((seen?.user as { name: string }).name, 'cuba');
    });
    raw.close();
    forged.destroy();
  });

  test('a page sends its own presence only, not the others’ it receives', async () => {
    const sponsor = connect(draftId, cookies.sponsor);
    const observer = connect(draftId, cookies.observer);
    await Promise.all([sponsor.synced, observer.synced]);
    // Which clients' presence the observer's page sends from now on.
    const sentFor: number[] = [];
    const ws = observer.provider.ws as unknown as WebSocket;
    const send = ws.send.bind(ws);
    ws.send = ((data: Uint8Array, ...rest: unknown[]) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) === MessageType.Awareness) {
        const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
        const count = decoding.readVarUint(update);
        for (let i = 0; i < count; i++) {
          sentFor.push(decoding.readVarUint(update));
          decoding.readVarUint(update);
          decoding.readVarString(update);
        }
      }
      return (send as (...args: unknown[]) => void)(data, ...rest);
    }) as WebSocket['send'];
    for (const mark of [1, 2, 3])
      sponsor.provider.awareness.setLocalStateField('cursor', testCaret(mark));
    observer.provider.awareness.setLocalStateField('cursor', testCaret(9));
    await eventually(() => {
      const states = (awareness: awarenessProtocol.Awareness, client: number) =>
        caretMark(awareness.getStates().get(client)?.cursor);
      assert.equal(states(observer.provider.awareness, sponsor.doc.clientID), 3);
      assert.equal(states(sponsor.provider.awareness, observer.doc.clientID), 9);
    });
    assert.ok(sentFor.length > 0);
    assert.deepEqual(new Set(sentFor), new Set([observer.doc.clientID]));
  });

  test('withdrawing a role closes the open socket with 4403; giving another closes with 4409', async () => {
    const observer = connect(draftId, cookies.observer);
    await observer.synced;
    const changed = closedWith(observer);
    await grantTestRole(temp.file, draftId, 'FRA', 'sponsor');
    assert.equal(await changed, CloseCode.RoleChanged);
    observer.provider.disconnect();

    const sponsorNow = connect(draftId, cookies.observer);
    await sponsorNow.synced;
    const withdrawn = closedWith(sponsorNow);
    const stores = openSqliteStores(temp.file);
    try {
      await stores.accounts.withdrawRole(draftId, 'FRA');
    } finally {
      stores.close();
    }
    assert.equal(await withdrawn, CloseCode.AccessWithdrawn);
    sponsorNow.provider.disconnect();
    assert.equal(
      await upgradeStatus(server, collabPath(draftId), { cookie: cookies.observer }),
      403,
    );
  });

  test('a revoked session, a removed user and an expired session close the socket with 4401', async () => {
    await addTestUser(temp.file, { username: 'cuba2', delegation: 'CUB' });
    const revoked = await signInCookie(temp.file, 'cuba');
    const removed = await signInCookie(temp.file, 'cuba2');
    const expiring = await signInCookie(temp.file, 'cuba', 2);

    const a = connect(draftId, revoked.cookie);
    const b = connect(draftId, removed.cookie);
    const c = connect(draftId, expiring.cookie);
    await Promise.all([a.synced, b.synced, c.synced]);
    const closes = [closedWith(a), closedWith(b), closedWith(c)];
    const stores = openSqliteStores(temp.file);
    try {
      await stores.accounts.revokeSession(revoked.sessionId);
      const user = await stores.accounts.findUserForSignIn('cuba2');
      assert.ok(user);
      await stores.accounts.removeUser(user.id);
    } finally {
      stores.close();
    }
    assert.deepEqual(await Promise.all(closes), [
      CloseCode.SessionEnded,
      CloseCode.SessionEnded,
      CloseCode.SessionEnded,
    ]);
    for (const cl of [a, b, c]) cl.provider.disconnect();
    assert.equal(await upgradeStatus(server, collabPath(draftId), { cookie: revoked.cookie }), 401);
  });
});
