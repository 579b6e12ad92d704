import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { applyDecision } from '@/lib/amendments/decide-on-ydoc';
import { materialiseDraft } from '@/lib/amendments/materialise';
import { amendmentsMap, newAmendmentMeta, type AmendmentAuthor } from '@/lib/amendments/model';
import { proposeText } from '@/lib/amendments/propose';
import { proposalsMap, readProposals } from '@/lib/amendments/proposals';
import { amendmentModel } from '@/lib/collab/amendment-model';
import { BODY_FIELD, HEADER_FIELD, MessageType, SETTINGS_FIELD } from '@/lib/collab/protocol';
import { loadDraftDoc } from '@/lib/db/load-draft-doc';
import { openSqliteStores } from '@/lib/db/stores';
import { createDraft } from '@/lib/drafts/create-draft';
import { exportDraft, findVariantFormat } from '@/lib/export';
import { importResolutionFile } from '@/lib/import/import-file';
import { readYBody } from '@/lib/schema/read-yjs';
import { caretAt, selectText, type } from '@/lib/testing/amendment-editors';
import { boundEditor, type BoundEditor } from '@/lib/testing/bound-editors';
import { renderMarkup } from '@/lib/testing/proposal-drafts';
import { tempDatabasePath } from '@/lib/testing/temp-database';
import { newId } from '@/lib/schema/new-id';
import { signInCookie } from '../testing/accounts';
import { startConcordProcess, type ConcordProcess } from '../testing/concord-process';
import { connectClient, eventually, type HeadlessClient } from '../testing/headless-client';
import { snapshotOf, storedSnapshot } from '../testing/draft-runs';
import { RawClient } from '../testing/raw-client';

/**
 * Issue 19 against a real server process: a draft whose amendments are
 * objects, three co-sponsors in bound editors amending the same two
 * paragraphs at once, one of them offline for several edits; every copy
 * converges, the server refuses nothing, the agreed text is untouched, and
 * rejecting every amendment gives the original export byte for byte. A sponsor
 * writing the agreed text directly is refused.
 */

const FIXTURE = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';
const temp = tempDatabasePath();
const markdown = findVariantFormat('final', 'md')!;

interface Delegate {
  client: HeadlessClient;
  bound: BoundEditor;
  refusals: string[];
}

function operativeIds(doc: Y.Doc): string[] {
  const operative = doc.getXmlFragment(BODY_FIELD).get(1) as Y.XmlElement;
  return operative.toArray().map((p) => String((p as Y.XmlElement).getAttribute('paragraphId')));
}

async function exportMarkdown(doc: Y.Doc): Promise<string> {
  return new TextDecoder().decode((await exportDraft(doc, markdown)).bytes);
}

describe('amendments as objects on a real server', () => {
  let server: ConcordProcess;
  let draftId = '';
  let original = '';
  const authors = new Map<string, AmendmentAuthor & { cookie: string }>();
  const delegates: Delegate[] = [];

  before(async () => {
    execFileSync('node', ['--import', 'tsx', 'server/cli.ts', 'demo'], {
      env: { ...process.env, DATABASE_PATH: temp.file, ALLOW_DEMO_ACCOUNTS: 'true' },
      encoding: 'utf8',
    });
    const stores = openSqliteStores(temp.file);
    try {
      const { document } = importResolutionFile(FIXTURE, readFileSync(FIXTURE, 'utf8'));
      const draft = await createDraft(stores.drafts, {
        title: 'Objects draft',
        body: document.body,
        header: document.header,
        amendmentModel: 'objects',
      });
      draftId = draft.id;
      for (const [code, role] of [
        ['CUB', 'facilitator'],
        ['CHN', 'sponsor'],
        ['RUS', 'sponsor'],
        ['EGY', 'sponsor'],
      ] as const) {
        await stores.accounts.grantRole(draftId, code, role);
      }
      for (const user of await stores.accounts.listUsers()) {
        authors.set(user.username, {
          userId: user.id,
          name: user.displayName,
          delegation: user.delegation.code,
          cookie: '',
        });
      }
      const loaded = await loadDraftDoc(stores.drafts, draftId);
      assert.ok(loaded);
      assert.equal(amendmentModel(loaded.doc), 'objects');
      original = await exportMarkdown(loaded.doc);
    } finally {
      stores.close();
    }
    for (const [username, author] of authors) {
      author.cookie = (await signInCookie(temp.file, username)).cookie;
    }
    server = await startConcordProcess({ databasePath: temp.file });
    for (const username of ['china', 'russia', 'egypt']) {
      const author = authors.get(username)!;
      const client = connectClient(server.wsUrl, draftId, author.cookie);
      const refusals: string[] = [];
      client.provider.messageHandlers[MessageType.Refused] = (_encoder, decoder) => {
        refusals.push(decoding.readVarString(decoder));
      };
      await client.synced;
      delegates.push({ client, bound: boundEditor(client.doc, author), refusals });
    }
  });

  after(async () => {
    for (const delegate of delegates) {
      delegate.bound.editor.destroy();
      delegate.client.destroy();
    }
    await server?.kill();
    temp.cleanup();
  });

  test('three co-sponsors amend the same two paragraphs, one offline for a while: all converge, nothing refused', async () => {
    const [china, russia, egypt] = delegates as [Delegate, Delegate, Delegate];
    selectText(china.bound.editor, 'genuine cooperation');
    type(china.bound.editor, 'real cooperation');
    caretAt(russia.bound.editor, 'genuine cooperation');
    type(russia.bound.editor, 'sincere and ');
    selectText(egypt.bound.editor, 'enhancing genuine');
    type(egypt.bound.editor, 'promoting');
    egypt.client.provider.disconnect();
    caretAt(egypt.bound.editor, 'all actors on the international scene', 'after');
    type(egypt.bound.editor, ', including regional organizations,');
    selectText(egypt.bound.editor, 'urgent task');
    type(egypt.bound.editor, 'shared task');
    caretAt(china.bound.editor, 'all actors on the international scene', 'after');
    type(china.bound.editor, ' and civil society');
    selectText(russia.bound.editor, 'international scene');
    type(russia.bound.editor, 'global stage');
    egypt.client.provider.connect();
    const texts = () =>
      delegates.map((delegate) =>
        JSON.stringify(materialiseDraft(delegate.client.doc).doc.toJSON()),
      );
    await eventually(() => {
      const [first, ...rest] = texts();
      for (const other of rest) assert.equal(other, first);
      assert.equal(amendmentsMap(china.client.doc).size, 7);
    }, 20_000);
    for (const delegate of delegates) {
      assert.deepEqual(delegate.refusals, []);
      assert.deepEqual(delegate.bound.refusals, []);
      assert.ok(
        delegate.bound.editor.state.doc.eq(
          materialiseDraft(delegate.client.doc, { schema: delegate.bound.editor.schema }).doc,
        ),
        'the editor shows what its Y.Doc holds',
      );
    }
  });

  test('the stored draft holds the agreed text untouched; rejecting every amendment gives the original export', async () => {
    // The server stores what it relayed before relaying it: wait for the last update to land.
    await eventually(async () => {
      const stores = openSqliteStores(temp.file);
      try {
        const loaded = await loadDraftDoc(stores.drafts, draftId);
        assert.equal(amendmentsMap(loaded!.doc).size, 7);
        assert.equal(
          JSON.stringify(materialiseDraft(loaded!.doc).doc.toJSON()),
          JSON.stringify(materialiseDraft(delegates[0]!.client.doc).doc.toJSON()),
        );
        assert.ok(proposalsMap(loaded!.doc).size >= 7, 'at least 7 proposals are stored');
        const ids = [...amendmentsMap(loaded!.doc).keys()];
        const decider = { userId: 'u-chair', name: 'Chair', delegation: 'CUB' };
        const report = applyDecision(loaded!.doc, { action: 'reject', ids }, decider);
        assert.equal(report.done.length, 7);
        assert.equal(await exportMarkdown(loaded!.doc), original);
      } finally {
        stores.close();
      }
    });
  });

  test('a sponsor writing the agreed text directly is refused, and nothing of it reaches the others', async () => {
    const [china, russia] = delegates as [Delegate, Delegate, Delegate];
    const agreed = (doc: Y.Doc) =>
      JSON.stringify(readYBody(doc.getXmlFragment(BODY_FIELD)).toJSON());
    const before = agreed(russia.client.doc);
    const operative = china.client.doc.getXmlFragment(BODY_FIELD).get(1) as Y.XmlElement;
    ((operative.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Unilaterally ');
    await eventually(() =>
      assert.match(china.refusals.join('\n'), /agreed text is written by the facilitator/),
    );
    assert.equal(agreed(russia.client.doc), before);
  });

  /**
   * A hostile change from China's sponsor connection (raw protocol): refused
   * with `reason`, nothing of it stored or relayed; the same connection,
   * resynced, then gets an honest proposal through.
   */
  async function attempt(change: (doc: Y.Doc) => void, reason: RegExp): Promise<void> {
    const china = authors.get('china')!;
    const watcher = delegates[1]!.client.doc;
    const client = await RawClient.connect(server.wsUrl, draftId, china.cookie);
    try {
      const stored = await storedSnapshot(temp.file, draftId);
      await eventually(() => assert.ok(snapshotOf(watcher) === stored, 'the observer is synced'));
      client.change(change);
      await client.until(() => client.refusals.length > 0 || client.closed !== null, 'a refusal');
      assert.equal(client.closed, null, 'the connection stays open');
      assert.match(client.refusals[0] ?? '', reason);
      assert.ok((await storedSnapshot(temp.file, draftId)) === stored, 'nothing of it was stored');
      assert.ok(snapshotOf(watcher) === stored, 'nothing of it reached the others');

      await client.resync();
      const id = newId();
      const words = `Firmly ${id.slice(0, 8)} `;
      client.change((doc) => {
        amendmentsMap(doc).set(id, newAmendmentMeta(china, new Date().toISOString(), []));
        proposeText(doc, {
          amendment: id,
          delegation: 'CHN',
          paragraphId: operativeIds(doc)[0]!,
          from: 0,
          to: 0,
          content: [{ insert: words }],
        });
      });
      await eventually(async () =>
        assert.match(await storedSnapshot(temp.file, draftId), new RegExp(id.slice(0, 8))),
      );
      await eventually(() =>
        assert.match(renderMarkup(materialiseDraft(watcher).doc).join('\n'), new RegExp(words)),
      );
      assert.equal(client.refusals.length, 1, 'the honest proposal was not refused');
    } finally {
      client.close();
    }
  }

  const others = (doc: Y.Doc) =>
    readProposals(doc).find(
      (proposal) => proposal.delegation !== 'CHN' && proposal.kind === 'text',
    );
  const own = (doc: Y.Doc) =>
    readProposals(doc).find(
      (proposal) => proposal.delegation === 'CHN' && proposal.kind === 'text',
    );

  test('hostile: changing another delegation’s proposed words is refused', () =>
    attempt((doc) => {
      const proposal = others(doc);
      assert.ok(proposal?.kind === 'text');
      proposal.content.insert(0, 'not ');
    }, /the proposal is (RUS|EGY)’s: only its delegation changes it/));

  test('hostile: withdrawing another delegation’s proposal is refused', () =>
    attempt((doc) => {
      others(doc)!.map.set('withdrawn', true);
    }, /the proposal is (RUS|EGY)’s: only its delegation changes it/));

  test('hostile: removing one’s own proposal is refused (proposals are withdrawn, never removed)', () =>
    attempt((doc) => {
      proposalsMap(doc).delete(own(doc)!.id);
    }, /proposals are kept: one is withdrawn, never removed/));

  test('hostile: moving one’s own proposal to other words (a fixed field) is refused', () =>
    attempt((doc) => {
      own(doc)!.map.set('covered', 'something else');
    }, /the "covered" of a proposal is fixed when it is made/));

  test('hostile: a decision written into one’s own record is refused', () =>
    attempt((doc) => {
      const proposal = own(doc)!;
      const record = amendmentsMap(doc).get(proposal.amendment)!;
      amendmentsMap(doc).set(proposal.amendment, {
        ...record,
        decision: {
          outcome: 'accepted',
          userId: 'x',
          name: 'Chair',
          delegation: 'CUB',
          at: record.createdAt,
        },
      });
    }, /decisions on amendments are the facilitator’s/));

  test('hostile: switching the draft back to marks (its settings) is refused', () =>
    attempt((doc) => {
      doc.getMap(SETTINGS_FIELD).set('amendmentModel', 'marks');
    }, /unknown (part|field) "settings"|settings are written by the server only/));

  test('hostile: amendment marks written into the agreed text are refused', () =>
    attempt((doc) => {
      const operative = doc.getXmlFragment(BODY_FIELD).get(1) as Y.XmlElement;
      const text = (operative.get(0) as Y.XmlElement).get(0) as Y.XmlText;
      text.format(0, 5, { deletion: { suggestionId: newId(), delegation: 'CHN' } });
    }, /agreed text is written by the facilitator/));

  test('hostile: the header is the facilitator’s', () =>
    attempt((doc) => {
      doc.getMap(HEADER_FIELD).set('title', 'Our own title');
    }, /the header is changed by the facilitator only/));

  test('a page replaying its browser copy (the whole draft, settings included) with a new proposal is not refused', async () => {
    const china = authors.get('china')!;
    const watcher = delegates[1]!.client.doc;
    const client = await RawClient.connect(server.wsUrl, draftId, china.cookie);
    try {
      const id = newId();
      const words = `Replayed ${id.slice(0, 8)} `;
      client.doc.transact(() => {
        amendmentsMap(client.doc).set(id, newAmendmentMeta(china, new Date().toISOString(), []));
        proposeText(client.doc, {
          amendment: id,
          delegation: 'CHN',
          paragraphId: operativeIds(client.doc)[0]!,
          from: 0,
          to: 0,
          content: [{ insert: words }],
        });
      });
      // As y-indexeddb does when it loads after the socket synced: everything, sent as one update.
      client.sendUpdate(Y.encodeStateAsUpdate(client.doc));
      await eventually(() =>
        assert.match(renderMarkup(materialiseDraft(watcher).doc).join('\n'), new RegExp(words)),
      );
      assert.deepEqual(client.refusals, []);
      assert.equal(client.closed, null);
    } finally {
      client.close();
    }
  });
});
