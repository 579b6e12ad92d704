import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import * as Y from 'yjs';
import { hasOldMarks } from '@/lib/amendments/migrate-marks';
import { readProposals } from '@/lib/amendments/proposals';
import { amendmentModel, storedAmendmentModel } from '@/lib/collab/amendment-model';
import { loadDraftDoc } from '@/lib/db/load-draft-doc';
import { openSqliteStores } from '@/lib/db/stores';
import { draftBodyState } from '@/lib/drafts/draft-body';
import { newId } from '@/lib/schema/new-id';
import { amend, draftDoc, imported, insertAfter, replace } from '@/lib/testing/amended-draft';
import { caretAt, FRA, type } from '@/lib/testing/amendment-editors';
import { boundEditor } from '@/lib/testing/bound-editors';
import { renderMarkup } from '@/lib/testing/proposal-drafts';
import { tempDatabasePath } from '@/lib/testing/temp-database';
import { addTestUser, grantTestRole, signInCookie } from '../testing/accounts';
import { startConcordProcess } from '../testing/concord-process';
import { connectClient, eventually } from '../testing/headless-client';

/**
 * A draft stored before issue 19 (amendments as marks in its text, no model
 * setting), opened through a real server process: the server converts it
 * before the first delegate sees it, the delegate's page gets a draft of
 * proposal objects that reads as before, and amends it without a refusal.
 */

const FIXTURE = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';
const temp = tempDatabasePath();
after(temp.cleanup);

test('a draft stored with amendment marks is converted by the server when first opened', async () => {
  const old = draftDoc(imported(FIXTURE));
  amend(old, [
    replace(FRA, 'genuine cooperation', 'real cooperation'),
    insertAfter(FRA, 'resolving human rights issues', ' firmly'),
  ]);
  assert.equal(storedAmendmentModel(old), null);
  assert.equal(hasOldMarks(old), true);
  const before = renderMarkup(draftBodyState(old).doc);
  const draftId = newId();
  const stores = openSqliteStores(temp.file);
  try {
    await stores.drafts.createDraft({
      id: draftId,
      title: 'Stored before issue 19',
      initialUpdate: Y.encodeStateAsUpdate(old),
    });
  } finally {
    stores.close();
  }
  await addTestUser(temp.file, { username: 'wei', delegation: 'CHN', displayName: 'Wei' });
  await grantTestRole(temp.file, draftId, 'CHN', 'sponsor');
  const { cookie } = await signInCookie(temp.file, 'wei');
  const users = openSqliteStores(temp.file);
  const weiId = (await users.accounts.listUsers()).find((user) => user.username === 'wei')?.id;
  users.close();
  assert.ok(weiId);

  const server = await startConcordProcess({ databasePath: temp.file });
  const client = connectClient(server.wsUrl, draftId, cookie);
  try {
    await client.synced;
    assert.equal(amendmentModel(client.doc), 'objects');
    assert.equal(hasOldMarks(client.doc), false);
    assert.equal(readProposals(client.doc).length, 2, 'a replacement is one proposal');
    assert.deepEqual(renderMarkup(draftBodyState(client.doc).doc), before);

    // China amends the converted draft through the binding; the server takes it.
    const chn = boundEditor(client.doc, { userId: weiId, name: 'Wei', delegation: 'CHN' });
    caretAt(chn.editor, 'World Conference against Racism');
    type(chn.editor, 'sincere ');
    assert.deepEqual(chn.refusals, []);
    await eventually(async () => {
      const stores = openSqliteStores(temp.file);
      try {
        const stored = await loadDraftDoc(stores.drafts, draftId);
        assert.ok(stored, 'the draft is stored');
        assert.equal(amendmentModel(stored.doc), 'objects');
        assert.ok(
          renderMarkup(draftBodyState(stored.doc).doc).some((line) =>
            line.includes('{+sincere +CHN}'),
          ),
          'the stored text holds CHN’s insertion “sincere”',
        );
      } finally {
        stores.close();
      }
    });
    chn.editor.destroy();
  } finally {
    client.destroy();
    await server.kill();
  }
});
