import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import * as Y from 'yjs';
import { amendmentsMap, newAmendmentMeta } from '@/lib/amendments/model';
import { BODY_FIELD, CloseCode, HEADER_FIELD, MessageType } from '@/lib/collab/protocol';
import { openSqliteStores } from '@/lib/db/stores';
import { newId } from '@/lib/schema/new-id';
import { tempDatabasePath } from '@/lib/testing/temp-database';
import { signInCookie } from '../testing/accounts';
import { startConcordProcess, type ConcordProcess } from '../testing/concord-process';
import { connectClient, eventually, type HeadlessClient } from '../testing/headless-client';
import {
  insertionOf,
  originalRun,
  runsOf,
  snapshotOf,
  storedSnapshot,
} from '../testing/draft-runs';
import { RawClient } from '../testing/raw-client';

/**
 * Hand-made hostile clients, speaking the raw y-websocket protocol, signed in
 * as a sponsor of the demo draft (China), against a real server process.
 * Each attempt must be refused with its reason; the stored draft and an
 * observer's copy stay as they were; and the same client, once resynced on the
 * same connection, gets a valid amendment through.
 * The demo draft is seeded with amendments as marks (`--amendment-model
 * marks`): these are the rules for drafts kept on that model; drafts of
 * proposal objects have theirs in amendment-objects.test.ts and
 * proposal-rules*.test.ts.
 */

const temp = tempDatabasePath();

describe('hostile sponsor clients', () => {
  let server: ConcordProcess;
  let draftId = '';
  let cookie = '';
  let chinaId = '';
  let watcher: HeadlessClient;

  before(async () => {
    const out = execFileSync(
      'node',
      ['--import', 'tsx', 'server/cli.ts', 'demo', '--amendment-model', 'marks'],
      {
        env: { ...process.env, DATABASE_PATH: temp.file, ALLOW_DEMO_ACCOUNTS: 'true' },
        encoding: 'utf8',
      },
    );
    assert.match(out, /pending amendments/);
    const stores = openSqliteStores(temp.file);
    try {
      draftId = (await stores.drafts.listDrafts())[0]?.id ?? '';
      chinaId = (await stores.accounts.listUsers()).find((u) => u.username === 'china')?.id ?? '';
    } finally {
      stores.close();
    }
    cookie = (await signInCookie(temp.file, 'china')).cookie;
    server = await startConcordProcess({ databasePath: temp.file });
    watcher = connectClient(
      server.wsUrl,
      draftId,
      (await signInCookie(temp.file, 'france')).cookie,
    );
    await watcher.synced;
  });
  after(async () => {
    watcher?.destroy();
    await server?.kill();
    temp.cleanup();
  });

  /**
   * Sends the hostile change, expects the refusal `reason`, checks nothing was
   * kept or relayed, then resyncs and makes a valid amendment of China's.
   */
  async function attempt(send: (client: RawClient) => void, reason: RegExp): Promise<void> {
    const client = await RawClient.connect(server.wsUrl, draftId, cookie);
    try {
      const stored = await storedSnapshot(temp.file, draftId);
      const seen = snapshotOf(watcher.doc);
      assert.ok(seen === stored, 'the observer starts from the stored draft');
      send(client);
      await client.until(() => client.refusals.length > 0 || client.closed !== null, 'a refusal');
      assert.equal(client.closed, null, 'the connection stays open');
      assert.match(client.refusals[0] ?? '', reason);
      assert.ok((await storedSnapshot(temp.file, draftId)) === stored, 'nothing of it was stored');
      assert.ok(snapshotOf(watcher.doc) === seen, 'nothing of it reached the observer');

      // The same client, resynced on the same connection, proposes a valid amendment.
      await client.resync();
      assert.ok(snapshotOf(client.doc) === stored, 'the resynced copy is the server’s');
      const id = newId();
      const words = `solidarity ${id.slice(0, 8)} `;
      client.change((doc) => {
        amendmentsMap(doc).set(
          id,
          newAmendmentMeta(
            { userId: chinaId, name: 'Li Wei', delegation: 'CHN' },
            new Date().toISOString(),
            [],
          ),
        );
        const target = originalRun(doc);
        target.text.insert(target.index, words, {
          ...target.attributes,
          insertion: { suggestionId: id, delegation: 'CHN' },
        });
      });
      await eventually(() =>
        assert.match(
          JSON.stringify(watcher.doc.getXmlFragment(BODY_FIELD).toJSON()),
          new RegExp(id.slice(0, 8)),
        ),
      );
      await eventually(async () =>
        assert.match(await storedSnapshot(temp.file, draftId), new RegExp(words)),
      );
      assert.equal(client.refusals.length, 1, 'the valid amendment was not refused');
    } finally {
      client.close();
    }
  }

  test('deleting original text directly is refused', () =>
    attempt((client) => {
      client.change((doc) => {
        const run = originalRun(doc);
        run.text.delete(run.index, 5);
      });
    }, /original text can only be changed by proposing an amendment/));

  test('typing unmarked text into the original is refused', () =>
    attempt((client) => {
      client.change((doc) => {
        const run = originalRun(doc);
        run.text.insert(run.index, 'not ', run.attributes);
      });
    }, /original text/));

  test("changing another delegation's amendment is refused", () =>
    attempt((client) => {
      client.change((doc) => {
        const run = insertionOf(doc, 'RUS');
        run.text.delete(run.index, Math.min(3, run.length));
      });
    }, /amendment of RUS cannot be changed or removed/));

  test('creating an amendment stamped with another delegation is refused', () =>
    attempt((client) => {
      client.change((doc) => {
        const run = originalRun(doc);
        run.text.insert(run.index, 'forged ', {
          ...run.attributes,
          insertion: { suggestionId: newId(), delegation: 'RUS' },
        });
      });
    }, /in the name of RUS/));

  test('a record in another delegation’s name is refused', () =>
    attempt((client) => {
      client.change((doc) => {
        amendmentsMap(doc).set(
          newId(),
          newAmendmentMeta(
            { userId: chinaId, name: 'Li Wei', delegation: 'EGY' },
            new Date().toISOString(),
            [],
          ),
        );
      });
    }, /in the name of EGY/));

  test('a record in another user’s name is refused', () =>
    attempt((client) => {
      client.change((doc) => {
        amendmentsMap(doc).set(
          newId(),
          newAmendmentMeta(
            { userId: 'someone-else', name: 'Li Wei', delegation: 'CHN' },
            new Date().toISOString(),
            [],
          ),
        );
      });
    }, /another user/));

  test('writing a decision into a record is refused', () =>
    attempt((client) => {
      client.change((doc) => {
        const [id, meta] = [...amendmentsMap(doc).entries()].find(
          ([, m]) => m.delegation === 'CHN',
        ) ?? ['', null];
        assert.ok(meta, 'the demo draft has an amendment of China');
        amendmentsMap(doc).set(id, {
          ...meta,
          decision: {
            outcome: 'accepted',
            userId: chinaId,
            name: 'Li Wei',
            delegation: 'CHN',
            at: new Date().toISOString(),
          },
        });
      });
    }, /decisions on amendments are the facilitator’s/));

  test('accepting an amendment (lifting its mark) is refused', () =>
    attempt((client) => {
      client.change((doc) => {
        const run = insertionOf(doc, 'RUS');
        run.text.format(run.index, run.length, { insertion: null });
      });
    }, /amendment of RUS/));

  test('accepting one’s own amendment is refused too (decisions are the facilitator’s)', () =>
    attempt((client) => {
      client.change((doc) => {
        const run = insertionOf(doc, 'CHN');
        run.text.format(run.index, run.length, { insertion: null });
      });
    }, /original text/));

  test('editing the header is refused', () =>
    attempt((client) => {
      client.change((doc) => doc.getMap(HEADER_FIELD).set('title', 'Forged title'));
    }, /header is changed by the facilitator only/));

  test('a garbage update is refused', () =>
    attempt((client) => {
      client.sendUpdate(new Uint8Array([7, 200, 13, 99, 1, 2, 3, 250, 250, 250]));
    }, /could not be read/));

  test('a truncated update is refused', () =>
    attempt((client) => {
      const scratch = new Y.Doc();
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(client.doc));
      let update: Uint8Array | null = null;
      scratch.on('update', (u: Uint8Array) => (update = u));
      const run = originalRun(scratch);
      run.text.insert(run.index, 'cut short ');
      assert.ok(update);
      client.sendUpdate(
        (update as Uint8Array).subarray(0, Math.floor((update as Uint8Array).length / 2)),
      );
      scratch.destroy();
    }, /could not be read/));
});

describe('the audit log of amendments made through the text', () => {
  let server: ConcordProcess;
  let draftId = '';
  const temp2 = tempDatabasePath();

  before(async () => {
    execFileSync(
      'node',
      ['--import', 'tsx', 'server/cli.ts', 'demo', '--amendment-model', 'marks'],
      {
        env: { ...process.env, DATABASE_PATH: temp2.file, ALLOW_DEMO_ACCOUNTS: 'true' },
        encoding: 'utf8',
      },
    );
    const stores = openSqliteStores(temp2.file);
    try {
      draftId = (await stores.drafts.listDrafts())[0]?.id ?? '';
    } finally {
      stores.close();
    }
    server = await startConcordProcess({ databasePath: temp2.file });
  });
  after(async () => {
    await server?.kill();
    temp2.cleanup();
  });

  async function auditRows() {
    const stores = openSqliteStores(temp2.file);
    try {
      return await stores.audit.list(draftId);
    } finally {
      stores.close();
    }
  }

  test('a proposal and its withdrawal are recorded with who, where and the text; a refused one is not', async () => {
    const stores = openSqliteStores(temp2.file);
    const egyptId = (await stores.accounts.listUsers()).find((u) => u.username === 'egypt')?.id;
    stores.close();
    const client = await RawClient.connect(
      server.wsUrl,
      draftId,
      (await signInCookie(temp2.file, 'egypt')).cookie,
    );
    try {
      const id = newId();
      client.change((doc) => {
        amendmentsMap(doc).set(
          id,
          newAmendmentMeta(
            { userId: egyptId ?? '', name: 'Nour Hassan', delegation: 'EGY' },
            new Date().toISOString(),
            [],
          ),
        );
        const run = originalRun(doc);
        run.text.insert(run.index, 'resolutely ', {
          ...run.attributes,
          insertion: { suggestionId: id, delegation: 'EGY' },
        });
      });
      const proposed = await eventually(async () => {
        const row = (await auditRows()).find(
          (r) => r.action === 'amendment.proposed' && r.suggestionId === id,
        );
        assert.ok(row, 'the proposal is recorded');
        return row;
      });
      assert.equal(proposed.delegation, 'EGY');
      assert.equal(proposed.userName, 'Nour Hassan');
      assert.equal(proposed.detail.newText, 'resolutely ');
      assert.match(proposed.paragraph ?? '', /^PP\d+$/);

      // A forged attempt in between leaves no row.
      client.change((doc) => {
        const run = originalRun(doc);
        run.text.insert(run.index, 'forged ', {
          ...run.attributes,
          insertion: { suggestionId: newId(), delegation: 'RUS' },
        });
      });
      await client.until(() => client.refusals.length > 0, 'the refusal');
      await client.resync();

      // Egypt takes its words back: a withdrawal.
      client.change((doc) => {
        const run = runsOf(doc).find(
          (r) =>
            (r.attributes.insertion as { suggestionId?: string } | undefined)?.suggestionId === id,
        );
        assert.ok(run);
        run.text.delete(run.index, run.length);
      });
      const withdrawn = await eventually(async () => {
        const row = (await auditRows()).find(
          (r) => r.action === 'amendment.withdrawn' && r.suggestionId === id,
        );
        assert.ok(row, 'the withdrawal is recorded');
        return row;
      });
      assert.equal(withdrawn.delegation, 'EGY');
      assert.equal(withdrawn.detail.newText, 'resolutely ');
      const rows = await auditRows();
      assert.ok(!rows.some((r) => JSON.stringify(r.detail).includes('forged')), 'no refused text');
      // The demo's own amendments, seeded without the server, went on the record when the draft
      // first opened (noticed then), each once.
      const seeded = rows.filter(
        (r) => r.action === 'amendment.proposed' && r.delegation !== 'EGY',
      );
      assert.ok(seeded.length > 0, 'the seeded amendments are on the record');
      assert.ok(seeded.every((r) => r.detail.noticedAtOpen === true));
      assert.equal(new Set(seeded.map((r) => r.suggestionId)).size, seeded.length, 'each once');
    } finally {
      client.close();
    }
  });

  test('a proposal stored just before the server is killed goes on the record when the draft opens again', async () => {
    const stores = openSqliteStores(temp2.file);
    const egyptId = (await stores.accounts.listUsers()).find((u) => u.username === 'egypt')?.id;
    stores.close();
    const cookie = (await signInCookie(temp2.file, 'egypt')).cookie;
    const client = await RawClient.connect(server.wsUrl, draftId, cookie);
    const id = newId();
    try {
      client.change((doc) => {
        amendmentsMap(doc).set(
          id,
          newAmendmentMeta(
            { userId: egyptId ?? '', name: 'Nour Hassan', delegation: 'EGY' },
            new Date().toISOString(),
            [],
          ),
        );
        const run = originalRun(doc);
        run.text.insert(run.index, 'urgently ', {
          ...run.attributes,
          insertion: { suggestionId: id, delegation: 'EGY' },
        });
      });
      // Stored (and relayed), then the process dies before its auditor's look (2 s later).
      await eventually(async () =>
        assert.match(await storedSnapshot(temp2.file, draftId), /urgently/),
      );
    } finally {
      client.close();
    }
    await server.kill('SIGKILL');
    const proposalRows = async () =>
      (await auditRows()).filter((r) => r.action === 'amendment.proposed' && r.suggestionId === id);
    assert.deepEqual(await proposalRows(), [], 'not on the record when the process died');

    server = await startConcordProcess({ databasePath: temp2.file });
    const reader = await RawClient.connect(server.wsUrl, draftId, cookie);
    try {
      const [row] = await eventually(async () => {
        const rows = await proposalRows();
        assert.equal(rows.length, 1);
        return rows;
      });
      assert.equal(row?.delegation, 'EGY');
      assert.equal(row?.userName, 'Nour Hassan');
      assert.equal(row?.detail.newText, 'urgently ');
      assert.equal(row?.detail.noticedAtOpen, true);
    } finally {
      reader.close();
    }
  });
});

describe('hostile presence', () => {
  let server: ConcordProcess;
  let draftId = '';
  const temp3 = tempDatabasePath();
  const cookies: Record<string, string> = {};

  before(async () => {
    execFileSync(
      'node',
      ['--import', 'tsx', 'server/cli.ts', 'demo', '--amendment-model', 'marks'],
      {
        env: { ...process.env, DATABASE_PATH: temp3.file, ALLOW_DEMO_ACCOUNTS: 'true' },
        encoding: 'utf8',
      },
    );
    const stores = openSqliteStores(temp3.file);
    try {
      draftId = (await stores.drafts.listDrafts())[0]?.id ?? '';
    } finally {
      stores.close();
    }
    for (const username of ['cuba', 'china', 'norway']) {
      cookies[username] = (await signInCookie(temp3.file, username)).cookie;
    }
    server = await startConcordProcess({ databasePath: temp3.file });
  });
  after(async () => {
    await server?.kill();
    temp3.cleanup();
  });

  const connect = (username: string) =>
    RawClient.connect(server.wsUrl, draftId, cookies[username] ?? '');
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** A caret (anchor = head) at `index` of the draft's first paragraph, as y-tiptap sets it. */
  function caretIn(doc: Y.Doc, index: number) {
    const text = originalRun(doc).text;
    const position = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index));
    // As it comes out of JSON: plain objects where Yjs has IDs.
    return JSON.parse(JSON.stringify({ anchor: position, head: position })) as {
      anchor: Record<string, unknown>;
      head: Record<string, unknown>;
    };
  }

  test('an observer’s malformed cursor, unknown fields or oversized state reach no peer; its valid state does', async () => {
    const peer = await connect('cuba');
    const observer = await connect('norway');
    try {
      const clientId = 91_001;
      const valid = caretIn(peer.doc, 2);
      const position = valid.anchor;
      const hostile: unknown[] = [
        { cursor: { anchor: {}, head: {} } },
        { cursor: { anchor: { tname: 'forged' }, head: { tname: 'forged' } } },
        { cursor: { anchor: 5, head: 7 } },
        { cursor: 'x' },
        { cursor: { anchor: { ...position, type: { client: -1, clock: 0 } }, head: position } },
        { cursor: { anchor: { ...position, item: { client: 1.5, clock: 0 } }, head: position } },
        { cursor: { anchor: { ...position, assoc: 'left' }, head: position } },
        { cursor: { ...valid, extra: 1 } },
        { cursor: null, script: 'alert(1)' },
        { user: { name: 'x'.repeat(10_000) }, cursor: valid },
      ];
      let clock = 0;
      for (const state of hostile) {
        observer.sendPresence([{ clientId, clock: ++clock, json: JSON.stringify(state) }]);
        // Each in its own turn, so that the room would relay each one.
        await pause(40);
      }
      const lastClock = ++clock;
      observer.sendPresence([
        { clientId, clock: lastClock, json: JSON.stringify({ cursor: valid }) },
      ]);
      await peer.until(
        () => peer.presence.some((e) => e.clientId === clientId && e.clock === lastClock),
        'the valid state',
      );
      const seen = peer.presence.filter((e) => e.clientId === clientId);
      assert.deepEqual(
        seen.map((e) => e.clock),
        [lastClock],
        `relayed: ${seen.map((e) => e.json.slice(0, 80)).join(' | ')}`,
      );
      const relayed = JSON.parse(seen[0]?.json ?? 'null') as { cursor: unknown; user: unknown };
      assert.deepEqual(relayed.cursor, valid);
      assert.equal((relayed.user as { delegation: string }).delegation, 'NOR');
      assert.equal(observer.closed, null, 'a dropped state does not close the connection');
      assert.match(server.output(), /presence state dropped/);
    } finally {
      observer.close();
      peer.close();
    }
  });

  test('a flood of presence is cut off: peers receive a bounded amount, the flooder is closed with 4429', async () => {
    const peer = await connect('cuba');
    const flooder = await connect('norway');
    try {
      await pause(100);
      const before = peer.receivedBytes;
      // Valid states (the long name is replaced by the server), ten new client ids a message:
      // ~35 KB a message, 20 MB in all, sent as fast as the socket takes them.
      const padding = 'x'.repeat(3_400);
      let clientId = 92_000;
      for (let message = 0; message < 600 && flooder.closed === null; message++) {
        const entries = Array.from({ length: 10 }, () => ({
          clientId: ++clientId,
          clock: 1,
          json: JSON.stringify({ user: { name: padding }, cursor: caretIn(peer.doc, 1) }),
        }));
        flooder.sendPresence(entries);
        if (message % 50 === 49) await pause(1);
      }
      await flooder
        .until(() => flooder.closed !== null, 'the flooder closed', 10_000)
        .catch(() => undefined);
      await pause(300);
      const received = peer.receivedBytes - before;
      assert.ok(received < 256 * 1024, `a peer received ${received} bytes of the flood`);
      assert.equal(flooder.closed?.code, CloseCode.TooMuchPresence);
      assert.equal(peer.closed, null);
    } finally {
      flooder.close();
      peer.close();
    }
  });

  test('presence queries spend the presence budget: the querier gets a bounded answer, then 4429', async () => {
    const peer = await connect('cuba');
    const querier = await connect('norway');
    try {
      // Something to answer with: a peer's caret with a long name.
      peer.sendPresence([
        {
          clientId: peer.doc.clientID,
          clock: 1,
          json: JSON.stringify({ user: { name: 'Cuba' }, cursor: caretIn(peer.doc, 2) }),
        },
      ]);
      await pause(200);
      const before = querier.receivedBytes;
      // 20 000 one-byte queries: each answered in full, some 6 MB without a budget.
      for (let query = 0; query < 20_000 && querier.closed === null; query++) {
        querier.sendBytes(new Uint8Array([MessageType.QueryAwareness]));
        if (query % 500 === 499) await pause(1);
      }
      await querier
        .until(() => querier.closed !== null, 'the querier closed', 10_000)
        .catch(() => undefined);
      const received = querier.receivedBytes - before;
      assert.equal(querier.closed?.code, CloseCode.TooMuchPresence);
      assert.ok(received < 512 * 1024, `the querier received ${received} bytes of answers`);
      assert.equal(peer.closed, null);
    } finally {
      querier.close();
      peer.close();
    }
  });

  test('an honest client’s cursor moves, at typing speed, are relayed', async () => {
    const peer = await connect('cuba');
    const honest = await connect('china');
    try {
      const clientId = honest.doc.clientID;
      let last = '';
      for (let clock = 1; clock <= 40; clock++) {
        const state = { user: { name: 'Li Wei' }, cursor: caretIn(honest.doc, clock % 10) };
        last = JSON.stringify(state.cursor);
        honest.sendPresence([{ clientId, clock, json: JSON.stringify(state) }]);
        await pause(25);
      }
      await peer.until(
        () => peer.presence.some((e) => e.clientId === clientId && e.clock === 40),
        'the last move',
      );
      const relayed = peer.presence.filter((e) => e.clientId === clientId);
      assert.ok(relayed.length >= 20, `${relayed.length} of 40 moves relayed`);
      const final = JSON.parse(relayed.at(-1)?.json ?? 'null') as {
        cursor: unknown;
        user: unknown;
      };
      assert.equal(JSON.stringify(final.cursor), last);
      assert.equal((final.user as { name: string }).name, 'Li Wei');
      assert.equal(honest.closed, null);
    } finally {
      honest.close();
      peer.close();
    }
  });
});
