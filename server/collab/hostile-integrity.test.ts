import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import * as Y from 'yjs';
import { amendmentsMap, newAmendmentMeta, type AmendmentMeta } from '@/lib/amendments/model';
import { BODY_FIELD } from '@/lib/collab/protocol';
import { openSqliteStores } from '@/lib/db/stores';
import { newId } from '@/lib/schema/new-id';
import { tempDatabasePath } from '@/lib/testing/temp-database';
import { signInCookie } from '../testing/accounts';
import { startConcordProcess, type ConcordProcess } from '../testing/concord-process';
import {
  insertionOf,
  markedRun,
  originalRun,
  runsOf,
  snapshotOf,
  storedSnapshot,
} from '../testing/draft-runs';
import { connectClient, eventually, type HeadlessClient } from '../testing/headless-client';
import { RawClient } from '../testing/raw-client';

/**
 * The holes a hostile review found in the draft's integrity (issue 18, items
 * 1–6), each tried again by a raw-protocol client against a real server
 * process on the demo draft: the attempt is refused with its reason, nothing of
 * it is stored or reaches an observer, and the same client, resynced, still
 * gets an honest amendment through. On the demo draft seeded with amendments
 * as marks (`--amendment-model marks`), the model these holes were found in.
 */

const temp = tempDatabasePath();

interface Account {
  username: string;
  userId: string;
  name: string;
  delegation: string;
  cookie: string;
}

describe('hostile clients against the integrity of the draft', () => {
  let server: ConcordProcess;
  let draftId = '';
  let watcher: HeadlessClient;
  const accounts = new Map<string, Account>();

  const account = (username: string): Account => {
    const found = accounts.get(username);
    assert.ok(found, username);
    return found;
  };

  before(async () => {
    execFileSync(
      'node',
      ['--import', 'tsx', 'server/cli.ts', 'demo', '--amendment-model', 'marks'],
      {
        env: { ...process.env, DATABASE_PATH: temp.file, ALLOW_DEMO_ACCOUNTS: 'true' },
        encoding: 'utf8',
      },
    );
    const stores = openSqliteStores(temp.file);
    try {
      draftId = (await stores.drafts.listDrafts())[0]?.id ?? '';
      for (const user of await stores.accounts.listUsers()) {
        accounts.set(user.username, {
          username: user.username,
          userId: user.id,
          name: user.displayName,
          delegation: user.delegation.code,
          cookie: '',
        });
      }
    } finally {
      stores.close();
    }
    for (const user of accounts.values()) {
      user.cookie = (await signInCookie(temp.file, user.username)).cookie;
    }
    server = await startConcordProcess({ databasePath: temp.file });
    watcher = connectClient(server.wsUrl, draftId, account('france').cookie);
    await watcher.synced;
  });
  after(async () => {
    watcher?.destroy();
    await server?.kill();
    temp.cleanup();
  });

  const connect = (username: string) =>
    RawClient.connect(server.wsUrl, draftId, account(username).cookie);

  /** A record of `who`'s, as the editor writes it. */
  const recordOf = (who: Account, at = new Date().toISOString()): AmendmentMeta =>
    newAmendmentMeta({ userId: who.userId, name: who.name, delegation: who.delegation }, at, []);

  /**
   * Writes a record of `who`'s and inserts `words` into the first original run
   * of `doc`, marked as `delegation`'s insertion (`who`'s by default) with any
   * `extra` formatting; returns the amendment's id.
   */
  function insertMarked(
    doc: Y.Doc,
    who: Account,
    words: string,
    options: { delegation?: string; extra?: Record<string, unknown>; at?: string } = {},
  ): string {
    const id = newId();
    amendmentsMap(doc).set(id, recordOf(who, options.at));
    const target = originalRun(doc);
    target.text.insert(target.index, words, {
      ...target.attributes,
      insertion: { suggestionId: id, delegation: options.delegation ?? who.delegation },
      ...options.extra,
    });
    return id;
  }

  /** Proposes inserting `words` into the first original run, as `who`; returns the id. */
  function propose(client: RawClient, who: Account, words: string, at?: string): string {
    let id = '';
    client.change((doc) => (id = insertMarked(doc, who, words, { at })));
    return id;
  }

  const stored = () => storedSnapshot(temp.file, draftId);

  /**
   * Sends the hostile change as `username`, expects the refusal `reason`,
   * checks nothing was kept or relayed, then resyncs and proposes honestly.
   */
  async function attempt(
    username: string,
    send: (client: RawClient) => unknown,
    reason: RegExp,
  ): Promise<void> {
    const client = await connect(username);
    try {
      const before = await stored();
      await eventually(() => assert.equal(snapshotOf(watcher.doc), before));
      await send(client);
      await client.until(() => client.refusals.length > 0 || client.closed !== null, 'a refusal');
      assert.equal(client.closed, null, 'the connection stays open');
      assert.match(client.refusals[0] ?? '', reason);
      assert.ok((await stored()) === before, 'nothing of it was stored');
      assert.ok(snapshotOf(watcher.doc) === before, 'nothing of it reached the observer');

      await client.resync();
      const words = `resolutely ${newId().slice(0, 8)} `;
      propose(client, account(username), words);
      await eventually(async () => assert.match(await stored(), new RegExp(words)));
      await eventually(() => assert.match(snapshotOf(watcher.doc), new RegExp(words)));
      assert.equal(client.refusals.length, 1, 'the honest amendment was not refused');
    } finally {
      client.close();
    }
  }

  // 1 and 2: what the schema cannot hold never reaches the draft (the server's reader would
  // have deleted the paragraph, or the footnote, for everyone).
  describe('schema', () => {
    test('an own insertion carrying an unknown attribute', () =>
      attempt(
        'china',
        (client) =>
          client.change((doc) => {
            const china = account('china');
            const id = newId();
            amendmentsMap(doc).set(id, recordOf(china));
            const target = originalRun(doc);
            target.text.insert(target.index, 'bogus words ', {
              ...target.attributes,
              insertion: { suggestionId: id, delegation: 'CHN', bogus: true },
            });
          }),
        /no attribute "bogus"/,
      ));

    test('an insertion mark inside a footnote (footnotes allow italic only)', () =>
      attempt(
        'china',
        (client) =>
          client.change((doc) => {
            const id = newId();
            amendmentsMap(doc).set(id, recordOf(account('china')));
            const footnote = runsOf(doc).find(
              (run) =>
                run.text.parent instanceof Y.XmlElement && run.text.parent.nodeName === 'footnote',
            );
            assert.ok(footnote, 'the demo draft has footnotes');
            footnote.text.insert(0, 'see also ', {
              insertion: { suggestionId: id, delegation: 'CHN' },
            });
          }),
        /cannot hold that content/,
      ));

    test('an unknown kind of paragraph', () =>
      attempt(
        'china',
        (client) =>
          client.change((doc) => {
            const preamble = doc.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement;
            preamble.insert(1, [new Y.XmlElement('bogusNode')]);
          }),
        /bogusNode/,
      ));

    test('an embedded object inside text', () =>
      attempt(
        'china',
        (client) =>
          client.change((doc) => {
            const id = newId();
            amendmentsMap(doc).set(id, recordOf(account('china')));
            const target = originalRun(doc);
            target.text.insertEmbed(
              target.index,
              { x: 1 },
              {
                insertion: { suggestionId: id, delegation: 'CHN' },
              },
            );
          }),
        /embedded objects/,
      ));

    test('attributes on a text container', () =>
      attempt(
        'cuba',
        (client) => client.change((doc) => originalRun(doc).text.setAttribute('style', 'x')),
        /text cannot have attributes/,
      ));

    test('a facilitator is held to the schema too', () =>
      attempt(
        'cuba',
        (client) =>
          client.change((doc) => {
            const paragraph = originalRun(doc).text.parent as Y.XmlElement;
            paragraph.setAttribute('status', 'adopted-by-acclamation');
          }),
        /"status" cannot be/,
      ));
  });

  // 3: amendments belong to their delegation, for good.
  describe('ownership of amendments', () => {
    test('spreading another delegation’s deletion over one’s own new words', () =>
      attempt(
        'china',
        (client) =>
          client.change((doc) => {
            const struck = markedRun(doc, 'deletion', 'RUS');
            const [key, value] =
              Object.entries(struck.attributes).find(([k]) => k.startsWith('deletion')) ?? [];
            assert.ok(key);
            insertMarked(doc, account('china'), 'words of China ', { extra: { [key]: value } });
          }),
        /amendment of RUS cannot be spread over your words/,
      ));

    test('making another delegation’s inserted words bold', () =>
      attempt(
        'china',
        (client) =>
          client.change((doc) => {
            const run = insertionOf(doc, 'RUS');
            run.text.format(run.index, run.length, { bold: {} });
          }),
        /amendment of RUS cannot be changed/,
      ));

    const ownRecord = (doc: Y.Doc): [string, AmendmentMeta] => {
      const found = [...amendmentsMap(doc).entries()].find(([, m]) => m.delegation === 'CHN');
      assert.ok(found, 'the demo draft has an amendment of China');
      return found;
    };

    test('backdating one’s own record', () =>
      attempt(
        'china',
        (client) =>
          client.change((doc) => {
            const [id, meta] = ownRecord(doc);
            amendmentsMap(doc).set(id, { ...meta, createdAt: '2021-01-01T00:00:00.000Z' });
          }),
        /time of an amendment’s record cannot be changed/,
      ));

    test('forging an "accepted by the Chair" event in one’s own record', () =>
      attempt(
        'china',
        (client) =>
          client.change((doc) => {
            const [id, meta] = ownRecord(doc);
            amendmentsMap(doc).set(id, {
              ...meta,
              history: [
                ...meta.history,
                {
                  action: 'accepted',
                  userId: account('cuba').userId,
                  name: 'Chair',
                  delegation: 'CUB',
                  at: new Date().toISOString(),
                },
              ],
            });
          }),
        /history of an amendment’s record cannot be changed/,
      ));

    test('a new record under another name, or backdated', async () => {
      await attempt(
        'china',
        (client) =>
          client.change((doc) => {
            const china = account('china');
            amendmentsMap(doc).set(
              newId(),
              newAmendmentMeta(
                { ...china, name: 'Carlos Pérez (Facilitator, CUB)' },
                new Date().toISOString(),
                [],
              ),
            );
          }),
        /must carry your name as signed in/,
      );
      await attempt(
        'china',
        (client) =>
          client.change((doc) =>
            amendmentsMap(doc).set(newId(), recordOf(account('china'), '2021-03-01T09:00:00.000Z')),
          ),
        /time must be now/,
      );
    });

    test('removing a record (decided or not)', () =>
      attempt(
        'china',
        (client) => client.change((doc) => amendmentsMap(doc).delete(ownRecord(doc)[0])),
        /amendment records are kept/,
      ));

    test('lifting another delegation’s knowing deletion from one’s own words', async () => {
      // Russia proposes, honestly, to delete China's inserted words (it saw them: `covers`).
      const russia = await connect('russia');
      try {
        const chinese = insertionOf(russia.doc, 'CHN');
        const covered = (chinese.attributes.insertion as { suggestionId: string }).suggestionId;
        const id = newId();
        russia.change((doc) => {
          const run = insertionOf(doc, 'CHN');
          amendmentsMap(doc).set(id, {
            ...recordOf(account('russia')),
            covers: [covered],
          });
          run.text.format(run.index, run.length, {
            deletion: { suggestionId: id, delegation: 'RUS' },
          });
        });
        await eventually(async () => assert.match(await stored(), new RegExp(id)));
        assert.deepEqual(russia.refusals, []);
      } finally {
        russia.close();
      }
      await attempt(
        'china',
        (client) =>
          client.change((doc) => {
            const run = markedRun(doc, 'deletion', 'RUS');
            const key = Object.keys(run.attributes).find((k) => k.startsWith('deletion'));
            assert.ok(key);
            run.text.format(run.index, run.length, { [key]: null });
          }),
        /amendment of RUS cannot be changed or removed/,
      );
    });

    test('a sponsor setting the status of its own proposed paragraph', async () => {
      const china = await connect('china');
      let paragraphId = '';
      try {
        const id = newId();
        paragraphId = newId();
        china.change((doc) => {
          amendmentsMap(doc).set(id, recordOf(account('china')));
          const paragraph = new Y.XmlElement('preambularParagraph');
          paragraph.setAttribute('paragraphId', paragraphId);
          paragraph.setAttribute('suggestion', {
            suggestionId: id,
            delegation: 'CHN',
            kind: 'insert',
          } as unknown as string);
          const text = new Y.XmlText();
          text.insert(0, 'Welcoming the proposal of China,');
          paragraph.insert(0, [text]);
          (doc.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement).insert(1, [paragraph]);
        });
        await eventually(async () => assert.match(await stored(), /Welcoming the proposal/));
        assert.deepEqual(china.refusals, []);
      } finally {
        china.close();
      }
      await attempt(
        'china',
        (client) =>
          client.change((doc) => {
            const preamble = doc.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement;
            const own = preamble
              .toArray()
              .find(
                (p): p is Y.XmlElement =>
                  p instanceof Y.XmlElement && p.getAttribute('paragraphId') === paragraphId,
              );
            assert.ok(own);
            own.setAttribute('status', 'agreed');
          }),
        /status of a paragraph is set by the facilitator/,
      );
    });
  });

  // 4: a connection writes under its own user's Yjs client ids only.
  test('writing under another client’s id is refused; that client’s next change still lands', async () => {
    const russia = await connect('russia');
    try {
      propose(russia, account('russia'), 'first words of Russia ');
      await eventually(async () => assert.match(await stored(), /first words of Russia/));
      const russianClient = russia.doc.clientID;
      await attempt(
        'china',
        (client) => {
          // A copy of China's document that writes under Russia's client id and next clocks.
          const forged = new Y.Doc();
          Y.applyUpdate(forged, Y.encodeStateAsUpdate(client.doc));
          // Set after the copy: Yjs gives a document a new id when others' changes use its own.
          forged.clientID = russianClient;
          const before = Y.encodeStateVector(forged);
          insertMarked(forged, account('china'), 'squatting ');
          client.sendUpdate(Y.encodeStateAsUpdate(forged, before));
          forged.destroy();
        },
        /another editor’s identity/,
      );
      propose(russia, account('russia'), 'second words of Russia ');
      await eventually(async () => assert.match(await stored(), /second words of Russia/));
      assert.deepEqual(russia.refusals, []);
    } finally {
      russia.close();
    }
  });

  // 5: who proposed, and when, come from the session and the server's clock.
  describe('the audit record', () => {
    test('a facilitator cannot create an amendment in another delegation’s name', () =>
      attempt(
        'cuba',
        (client) =>
          client.change((doc) => {
            insertMarked(doc, account('russia'), 'in Russia’s name ');
          }),
        /in the name of RUS/,
      ));

    test('a facilitator cannot mark text in another delegation’s name either', () =>
      attempt(
        'cuba',
        (client) =>
          client.change((doc) => {
            const target = originalRun(doc);
            target.text.insert(target.index, 'marked for Russia ', {
              ...target.attributes,
              insertion: { suggestionId: newId(), delegation: 'RUS' },
            });
          }),
        /in the name of RUS/,
      ));

    test('a proposal is recorded with the session’s user and the server’s time', async () => {
      const egypt = await connect('egypt');
      try {
        // Made offline ten days ago, sent now: the record may say so, the audit says now.
        const madeAt = new Date(Date.now() - 10 * 24 * 3600 * 1000).toISOString();
        const sentAt = Date.now();
        const id = propose(egypt, account('egypt'), 'offline words ', madeAt);
        const stores = openSqliteStores(temp.file);
        const row = await eventually(async () => {
          const found = (await stores.audit.list(draftId)).find(
            (r) => r.action === 'amendment.proposed' && r.suggestionId === id,
          );
          assert.ok(found, 'the proposal is on the record');
          return found;
        }).finally(() => stores.close());
        assert.equal(row.userId, account('egypt').userId);
        assert.equal(row.delegation, 'EGY');
        assert.ok(
          row.at >= sentAt,
          `recorded at the server's time (${new Date(row.at).toISOString()})`,
        );
      } finally {
        egypt.close();
      }
    });
  });

  // 6: limits.
  describe('limits', () => {
    const proposedParagraphs = (doc: Y.Doc, count: number, text = 'Welcoming,') => {
      const china = account('china');
      const id = newId();
      amendmentsMap(doc).set(id, recordOf(china));
      const preamble = doc.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement;
      const paragraphs = Array.from({ length: count }, () => {
        const paragraph = new Y.XmlElement('preambularParagraph');
        paragraph.setAttribute('paragraphId', newId());
        paragraph.setAttribute('suggestion', {
          suggestionId: id,
          delegation: 'CHN',
          kind: 'insert',
        } as unknown as string);
        const content = new Y.XmlText();
        content.insert(0, text);
        paragraph.insert(0, [content]);
        return paragraph;
      });
      preamble.insert(1, paragraphs);
    };

    test('too many paragraphs in one change', () =>
      attempt(
        'china',
        (client) => client.change((doc) => proposedParagraphs(doc, 500)),
        /at most 200 paragraphs/,
      ));

    test('a paragraph longer than a paragraph can be', () =>
      attempt(
        'china',
        (client) => client.change((doc) => proposedParagraphs(doc, 1, 'x'.repeat(25_000))),
        /limited to 20000 characters/,
      ));

    /** Something China may do on its own, accepted, before an attempt. */
    async function beforehand(change: (doc: Y.Doc) => void, check: (stored: string) => boolean) {
      const client = await connect('china');
      try {
        client.change(change);
        await eventually(async () => assert.ok(check(await stored()), client.refusals.join('; ')));
        assert.deepEqual(client.refusals, []);
      } finally {
        client.close();
      }
    }

    test('too many proposed paragraphs from one delegation', async () => {
      await beforehand(
        (doc) => proposedParagraphs(doc, 60, 'Welcoming the first sixty,'),
        (text) => (text.match(/Welcoming the first sixty,/g) ?? []).length === 60,
      );
      await attempt(
        'china',
        (client) => client.change((doc) => proposedParagraphs(doc, 60)),
        /at most 100 proposed paragraphs/,
      );
    });

    test('too many amendment records without text', async () => {
      const ids = Array.from({ length: 30 }, () => newId());
      await beforehand(
        (doc) => {
          for (const id of ids) amendmentsMap(doc).set(id, recordOf(account('china')));
        },
        (text) => ids.every((id) => text.includes(id)),
      );
      await attempt(
        'china',
        (client) =>
          client.change((doc) => {
            for (let i = 0; i < 30; i++)
              amendmentsMap(doc).set(newId(), recordOf(account('china')));
          }),
        /at most 50 amendment records may wait for their text/,
      );
    });
  });
});
