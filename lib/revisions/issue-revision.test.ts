import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type * as Y from 'yjs';
import { collectAmendments } from '../amendments/collect';
import { readHeader, writeHeader } from '../collab/draft-header';
import { auditCsv } from '../db/audit-csv';
import { openSqliteStores } from '../db/stores';
import { createDraft } from '../drafts/create-draft';
import { draftBodyState } from '../drafts/draft-body';
import { CHN, FACILITATOR, FRA, caretAt, selectText, type } from '../testing/amendment-editors';
import { draftDoc, imported } from '../testing/amended-draft';
import { boundEditor } from '../testing/bound-editors';
import { tempDatabasePath } from '../testing/temp-database';
import { issueRevision, type ChangeDraft } from './issue-revision';
import { revisionBody, revisionSymbol } from './revision';

const FIXTURE = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';
const ISSUER = { userId: 'u-cuba', name: 'Ana Pérez', delegation: FACILITATOR.delegation };

const pending = (doc: Y.Doc) => collectAmendments(draftBodyState(doc).doc).length;

/** A negotiated draft: the fixture with two delegations' amendments, and stores with its row. */
async function negotiated() {
  const temp = tempDatabasePath();
  const stores = openSqliteStores(temp.file);
  const { id } = await createDraft(stores.drafts, { title: 'Enhancement' });
  const doc = draftDoc(imported(FIXTURE));
  writeHeader(doc, { symbol: 'A/C.3/77/L.40' });
  const fra = boundEditor(doc, FRA);
  selectText(fra.editor, 'genuine cooperation');
  type(fra.editor, 'real cooperation');
  const chn = boundEditor(doc, CHN);
  caretAt(chn.editor, 'genuine cooperation');
  type(chn.editor, 'sincere and ');
  // The collaboration server's change on the live document, here on the test's own.
  const changeDraft: ChangeDraft = async (draftId, change) =>
    draftId === id ? { value: change(doc) } : null;
  return {
    id,
    doc,
    stores,
    changeDraft,
    close: () => {
      fra.editor.destroy();
      chn.editor.destroy();
      stores.close();
      temp.cleanup();
    },
    file: temp.file,
  };
}

test('the zero draft, then Rev.1: the agreed text as it stands, the symbol follows, pending amendments carried or closed', async () => {
  const { id, doc, stores, changeDraft, close } = await negotiated();
  try {
    const before = pending(doc);
    assert.ok(before >= 2);
    const zero = await issueRevision(
      stores,
      changeDraft,
      id,
      { note: '', pending: 'carry' },
      ISSUER,
    );
    assert.ok(zero);
    assert.equal(zero.revision.number, 0);
    assert.equal(zero.revision.name, 'Zero draft');
    assert.equal(zero.revision.symbol, 'A/C.3/77/L.40');
    assert.equal(zero.carried, before);
    assert.equal(zero.closed, null);
    assert.equal(pending(doc), before, 'carried over: still pending in the draft');
    const stored = await stores.revisions.get(id, 0);
    const text = revisionBody(stored!.content).textContent;
    assert.match(text, /genuine cooperation/);
    assert.doesNotMatch(text, /real cooperation|sincere and/, 'no pending amendment in a revision');

    const rev1 = await issueRevision(
      stores,
      changeDraft,
      id,
      { note: 'Consultations of 3 December.', pending: 'reject' },
      ISSUER,
    );
    assert.ok(rev1);
    assert.equal(rev1.revision.name, 'Rev.1');
    assert.equal(rev1.revision.symbol, 'A/C.3/77/L.40/Rev.1');
    assert.equal(rev1.revision.note, 'Consultations of 3 December.');
    assert.equal(rev1.carried, 0);
    assert.equal(rev1.closed?.done.length, before);
    assert.equal(pending(doc), 0, 'closed: nothing pending in the next round');
    assert.equal(readHeader(doc).symbol, 'A/C.3/77/L.40/Rev.1', 'the live header follows');

    const audit = await stores.audit.list(id);
    const actions = audit.map((entry) => entry.action);
    assert.equal(actions.filter((action) => action === 'revision.issued').length, 2);
    assert.equal(actions.filter((action) => action === 'amendment.rejected').length, before);
    const issued = audit.filter((entry) => entry.action === 'revision.issued').at(-1)!;
    assert.deepEqual(
      { name: issued.detail.name, symbol: issued.detail.symbol, closed: issued.detail.closed },
      { name: 'Rev.1', symbol: 'A/C.3/77/L.40/Rev.1', closed: before },
    );
    assert.ok(
      auditCsv(audit).includes(
        `Rev.1 (A/C.3/77/L.40/Rev.1) issued; ${before} pending amendments closed. Note: Consultations of 3 December.`,
      ),
      'the CSV says what was issued',
    );
    assert.deepEqual((await stores.audit.verify(id)).ok, true);
  } finally {
    close();
  }
});

test('revisions never change, and two issued at once get the next two numbers', async () => {
  const { id, stores, changeDraft, close, file } = await negotiated();
  try {
    await issueRevision(stores, changeDraft, id, { note: '', pending: 'carry' }, ISSUER);
    const [a, b] = await Promise.all([
      issueRevision(stores, changeDraft, id, { note: 'a', pending: 'carry' }, ISSUER),
      issueRevision(stores, changeDraft, id, { note: 'b', pending: 'carry' }, ISSUER),
    ]);
    assert.deepEqual([a?.revision.number, b?.revision.number].sort(), [1, 2]);
    assert.deepEqual(
      (await stores.revisions.list(id)).map((revision) => revision.symbol),
      [0, 1, 2].map((n) => revisionSymbol('A/C.3/77/L.40', n)),
    );
    const raw = new Database(file);
    try {
      assert.throws(
        () => raw.prepare("UPDATE draft_revisions SET note = 'changed' WHERE number = 0").run(),
        /a revision never changes/,
      );
      assert.throws(
        () => raw.prepare('DELETE FROM draft_revisions').run(),
        /a revision never changes/,
      );
    } finally {
      raw.close();
    }
    assert.equal((await stores.revisions.get(id, 0))?.note, '');
    assert.equal(
      await issueRevision(
        stores,
        changeDraft,
        'no-such-draft',
        { note: '', pending: 'carry' },
        ISSUER,
      ),
      null,
    );
  } finally {
    close();
  }
});

test('what a user last read is the newest revision they read', async () => {
  const { id, stores, changeDraft, close } = await negotiated();
  try {
    for (let i = 0; i < 3; i++) {
      await issueRevision(stores, changeDraft, id, { note: '', pending: 'carry' }, ISSUER);
    }
    assert.equal(await stores.revisions.lastSeen('u-kenya', id), null);
    await stores.revisions.markSeen('u-kenya', id, 2);
    await stores.revisions.markSeen('u-kenya', id, 1);
    assert.equal(await stores.revisions.lastSeen('u-kenya', id), 2);
  } finally {
    close();
  }
});
