import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import * as Y from 'yjs';
import { applyDecision } from '../amendments/decide-on-ydoc';
import { hasOldMarks } from '../amendments/migrate-marks';
import { amendmentsMap } from '../amendments/model';
import { readProposals } from '../amendments/proposals';
import { amendmentModel, storedAmendmentModel } from '../collab/amendment-model';
import { loadDraftDoc } from '../db/load-draft-doc';
import { SqliteDraftStore } from '../db/sqlite-draft-store';
import { BODY_FIELD } from '../collab/protocol';
import { newId } from '../schema/new-id';
import {
  amend,
  draftDoc,
  imported,
  insertAfter,
  moveUp,
  newParagraphAfter,
  replace,
} from '../testing/amended-draft';
import { CHN, FACILITATOR, FRA, USA } from '../testing/amendment-editors';
import { renderMarkup } from '../testing/proposal-drafts';
import { tempDatabasePath } from '../testing/temp-database';
import { convertOnLoad, loadAndConvert } from './convert-on-load';
import { draftBodyState } from './draft-body';

/**
 * Drafts stored before issue 19 (amendments as marks, no model setting) are
 * converted by the server when it loads them: the stored draft then holds
 * the agreed text and proposal objects, shows the same marked-up text, keeps
 * every record and decision, and is not converted again.
 */

const FIXTURE = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';
const temp = tempDatabasePath();
after(temp.cleanup);

/** A draft as stored before issue 19: marks in the text, no model setting. */
async function storeOldDraft(store: SqliteDraftStore, doc: Y.Doc): Promise<string> {
  assert.equal(storedAmendmentModel(doc), null);
  const id = newId();
  await store.createDraft({ id, title: 'Old draft', initialUpdate: Y.encodeStateAsUpdate(doc) });
  return id;
}

test('a draft with amendment marks is converted on load, stored, and reads the same', async () => {
  const store = SqliteDraftStore.open(temp.file);
  try {
    const doc = draftDoc(imported(FIXTURE));
    amend(doc, [
      replace(FRA, 'genuine cooperation', 'real cooperation'),
      insertAfter(CHN, 'resolving human rights issues', ' firmly'),
      newParagraphAfter(USA, 'all actors on the international scene', 'Requests a report;'),
      moveUp(CHN, 'all Member States and the United Nations system to explore'),
    ]);
    const before = renderMarkup(draftBodyState(doc).doc);
    const records = amendmentsMap(doc).toJSON();
    const id = await storeOldDraft(store, doc);

    const result = await loadAndConvert(store, id);
    assert.ok(result);
    assert.equal(result.conversion.model, 'objects');
    assert.equal(result.conversion.report?.amendments.length, 4);
    assert.equal(hasOldMarks(result.loaded.doc), false);
    assert.deepEqual(renderMarkup(draftBodyState(result.loaded.doc).doc), before);

    // What was written is in the store: a plain load gives the converted draft.
    const reloaded = await loadDraftDoc(store, id);
    assert.ok(reloaded);
    assert.equal(reloaded.lastSeq, result.loaded.lastSeq);
    assert.equal(amendmentModel(reloaded.doc), 'objects');
    assert.equal(readProposals(reloaded.doc).length, readProposals(result.loaded.doc).length);
    assert.deepEqual(renderMarkup(draftBodyState(reloaded.doc).doc), before);
    assert.deepEqual(amendmentsMap(reloaded.doc).toJSON(), records, 'records unchanged');

    // Loaded again: nothing to do, nothing written.
    const again = await convertOnLoad(store, id, reloaded);
    assert.deepEqual(again, { model: 'objects', report: null });
    assert.equal((await loadDraftDoc(store, id))?.lastSeq, reloaded.lastSeq);

    // And decisions work on it as on any draft of objects.
    const ids = Object.keys(records);
    const report = applyDecision(reloaded.doc, { action: 'reject', ids }, FACILITATOR);
    assert.deepEqual(report.done.sort(), ids.sort());
  } finally {
    store.close();
  }
});

test('a draft whose marks cannot all be converted keeps them, and says so in its setting', async () => {
  const store = SqliteDraftStore.open(temp.file);
  try {
    const doc = draftDoc(imported(FIXTURE));
    // A paragraph marked as moved away with no moved copy anywhere (a draft left so by an
    // older version): proposals as objects cannot say where it goes.
    amend(doc, [insertAfter(FRA, 'resolving human rights issues', ' firmly and')]);
    const operative = doc.getXmlFragment(BODY_FIELD).get(1) as Y.XmlElement;
    (operative.get(0) as Y.XmlElement).setAttribute('suggestion', {
      suggestionId: newId(),
      delegation: 'CHN',
      kind: 'moveFrom',
    } as unknown as string);
    const before = Y.encodeStateAsUpdate(doc);
    const id = await storeOldDraft(store, doc);
    const result = await loadAndConvert(store, id);
    assert.ok(result);
    assert.equal(result.conversion.model, 'marks');
    assert.ok((result.conversion.report?.skipped.length ?? 0) > 0);
    const reloaded = await loadDraftDoc(store, id);
    assert.ok(reloaded);
    assert.equal(storedAmendmentModel(reloaded.doc), 'marks');
    assert.equal(hasOldMarks(reloaded.doc), true);
    assert.equal(readProposals(reloaded.doc).length, 0);
    const old = new Y.Doc();
    Y.applyUpdate(old, before);
    assert.deepEqual(
      renderMarkup(draftBodyState(reloaded.doc).doc),
      renderMarkup(draftBodyState(old).doc),
    );
  } finally {
    store.close();
  }
});
