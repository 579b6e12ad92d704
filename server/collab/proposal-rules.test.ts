import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { amendmentsMap, newAmendmentMeta } from '@/lib/amendments/model';
import { deleteBaseRange, insertBaseContent } from '@/lib/amendments/base-text';
import { materialiseDraft } from '@/lib/amendments/materialise';
import { proposeSubText, proposeText } from '@/lib/amendments/propose';
import { reanchorAmendment, staleAmendments, withdrawAmendment } from '@/lib/amendments/stale';
import { proposalsMap, readProposals, withdrawProposal } from '@/lib/amendments/proposals';
import { BODY_FIELD } from '@/lib/collab/protocol';
import { newId } from '@/lib/schema/new-id';
import { caretAt, CHN, FRA, press, selectText, type } from '@/lib/testing/amendment-editors';
import { boundEditor } from '@/lib/testing/bound-editors';
import { baseDraft, renderMarkup } from '@/lib/testing/proposal-drafts';
import { checkProposalChanges } from './proposal-rules';
import { ChangeRefusedError, changesOf, type Sender } from './update-rules';

/**
 * The server's rule for amendments as objects: honest editing through the
 * binding is never refused; a sponsor writing the agreed text in any way, or
 * anything of another delegation's, or a fixed field, is.
 */

const fra: Sender = { userId: 'u-fra', name: 'Béatrice', delegation: 'FRA', role: 'sponsor' };
const chair: Sender = { userId: 'u-chair', name: 'Chair', delegation: 'CUB', role: 'facilitator' };

function draft(): Y.Doc {
  return baseDraft({
    preamble: [[{ text: 'Recalling its resolution 76/1,' }]],
    operative: [
      { kind: 'paragraph', content: [{ text: 'Decides to act now;' }] },
      { kind: 'paragraph', content: [{ text: 'Requests a report;' }] },
    ],
  });
}

function copy(doc: Y.Doc): Y.Doc {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
  return replica;
}

/** Runs `change` on a replica of `server` and checks the update it makes as `sender`. */
function check(server: Y.Doc, sender: Sender, change: (doc: Y.Doc) => void) {
  const client = copy(server);
  const before = Y.encodeStateVector(client);
  change(client);
  const update = Y.encodeStateAsUpdate(client, before);
  const shadow = copy(server);
  const result = checkProposalChanges(server, shadow, changesOf(shadow, update), sender);
  Y.applyUpdate(server, update);
  return result;
}

function refused(server: Y.Doc, sender: Sender, change: (doc: Y.Doc) => void, reason: RegExp) {
  assert.throws(
    () => check(server, sender, change),
    (error: unknown) => {
      assert.ok(error instanceof ChangeRefusedError, String(error));
      assert.match(error.message, reason);
      return true;
    },
  );
}

function ids(doc: Y.Doc): string[] {
  const operative = doc.getXmlFragment(BODY_FIELD).get(1) as Y.XmlElement;
  return operative.toArray().map((p) => String((p as Y.XmlElement).getAttribute('paragraphId')));
}

function propose(doc: Y.Doc, delegation = 'FRA', amendment = newId()): string {
  const author = delegation === 'FRA' ? FRA : CHN;
  amendmentsMap(doc).set(amendment, newAmendmentMeta(author, new Date().toISOString(), []));
  return proposeText(doc, {
    amendment,
    delegation,
    paragraphId: ids(doc)[0]!,
    from: 8,
    to: 14,
    content: [{ insert: 'will act' }],
  });
}

test('every update of honest editing through the binding passes, sponsor and facilitator', () => {
  const server = draft();
  for (const [author, sender, mode] of [
    [FRA, fra, 'suggesting'],
    [{ ...FRA, userId: 'u-chair', name: 'Chair', delegation: 'CUB' }, chair, 'editing'],
  ] as const) {
    const client = copy(server);
    const updates: Uint8Array[] = [];
    client.on('update', (update: Uint8Array) => updates.push(update));
    const bound = boundEditor(client, author, mode);
    caretAt(bound.editor, ' now');
    type(bound.editor, ' firmly');
    selectText(bound.editor, 'report');
    type(bound.editor, 'study');
    caretAt(bound.editor, 'Requests');
    press(bound.editor, 'Mod-Shift-Backspace');
    caretAt(bound.editor, 'now;', 'after');
    press(bound.editor, 'Enter');
    type(bound.editor, 'Welcomes the plan;');
    assert.ok(updates.length > 3);
    for (const update of updates) {
      const shadow = copy(server);
      checkProposalChanges(server, shadow, changesOf(shadow, update), sender);
      Y.applyUpdate(server, update);
    }
    bound.editor.destroy();
  }
});

test('a sponsor cannot write the agreed text: words, formatting, attributes, paragraphs', () => {
  const server = draft();
  const text = (doc: Y.Doc) =>
    ((doc.getXmlFragment(BODY_FIELD).get(1) as Y.XmlElement).get(0) as Y.XmlElement).get(
      0,
    ) as Y.XmlText;
  const agreed = /agreed text is written by the facilitator/;
  refused(server, fra, (doc) => text(doc).insert(0, 'Firmly '), agreed);
  refused(server, fra, (doc) => text(doc).delete(0, 7), agreed);
  refused(server, fra, (doc) => text(doc).format(0, 7, { bold: {} }), agreed);
  refused(
    server,
    fra,
    (doc) =>
      ((doc.getXmlFragment(BODY_FIELD).get(1) as Y.XmlElement).get(0) as Y.XmlElement).setAttribute(
        'status',
        'agreed',
      ),
    agreed,
  );
  refused(
    server,
    fra,
    (doc) => (doc.getXmlFragment(BODY_FIELD).get(1) as Y.XmlElement).delete(0, 1),
    agreed,
  );
  // The facilitator may.
  check(server, chair, (doc) => text(doc).insert(0, 'Firmly '));
});

test('a delegation creates and changes only its own proposals, and never removes one', () => {
  const server = draft();
  let id = '';
  check(server, fra, (doc) => {
    id = propose(doc);
  });
  refused(server, fra, (doc) => void propose(doc, 'CHN'), /carry its own delegation/);
  refused(server, chair, (doc) => void propose(doc, 'FRA'), /carry its own delegation/);
  const chnSender: Sender = { userId: 'u-chn', name: 'Wei', delegation: 'CHN', role: 'sponsor' };
  const content = (doc: Y.Doc) => proposalsMap(doc).get(id)!.get('content') as Y.Text;
  refused(server, chnSender, (doc) => content(doc).insert(0, 'x'), /FRA’s: only its delegation/);
  refused(server, chnSender, (doc) => withdrawProposal(doc, id), /FRA’s: only its delegation/);
  check(server, fra, (doc) => content(doc).insert(8, ' firmly'));
  for (const [field, value] of [
    ['delegation', 'CHN'],
    ['amendment', newId()],
    ['start', null],
    ['end', null],
    ['covered', ''],
    ['rank', 'a0'],
    ['kind', 'text'],
  ] as const) {
    refused(
      server,
      fra,
      (doc) => proposalsMap(doc).get(id)!.set(field, value),
      /fixed|well formed/,
    );
  }
  refused(
    server,
    fra,
    (doc) => proposalsMap(doc).get(id)!.set('content', new Y.Text('x')),
    /fixed/,
  );
  refused(server, fra, (doc) => proposalsMap(doc).delete(id), /never removed/);
  refused(server, fra, (doc) => proposalsMap(doc).set(id, new Y.Map()), /never removed/);
  const withdrawn = check(server, fra, (doc) => withdrawProposal(doc, id));
  assert.deepEqual(withdrawn.withdrawn, [id]);
  refused(
    server,
    fra,
    (doc) => proposalsMap(doc).get(id)!.set('withdrawn', false),
    /stays withdrawn/,
  );
});

test('new proposals must be well formed, carry their record, and stay within limits', () => {
  const server = draft();
  refused(
    server,
    fra,
    (doc) => {
      const map = new Y.Map<unknown>();
      map.set('kind', 'text');
      proposalsMap(doc).set(newId(), map);
    },
    /every field/,
  );
  refused(
    server,
    fra,
    (doc) => {
      const amendment = newId();
      proposeText(doc, {
        amendment,
        delegation: 'FRA',
        paragraphId: ids(doc)[0]!,
        from: 0,
        to: 0,
        content: [{ insert: 'x' }],
      });
    },
    /record of its amendment/,
  );
  let chnAmendment = '';
  check(server, { userId: 'u-chn', name: 'Wei', delegation: 'CHN', role: 'sponsor' }, (doc) => {
    chnAmendment = newId();
    propose(doc, 'CHN', chnAmendment);
  });
  refused(
    server,
    fra,
    (doc) =>
      proposeText(doc, {
        amendment: chnAmendment,
        delegation: 'FRA',
        paragraphId: ids(doc)[1]!,
        from: 0,
        to: 0,
        content: [{ insert: 'x' }],
      }),
    /CHN’s: a proposal is added to one's own amendments only/,
  );
  refused(
    server,
    fra,
    (doc) => {
      const id = propose(doc);
      proposalsMap(doc).get(id)!.set('colour', 'red');
    },
    /no field "colour"/,
  );
  refused(
    server,
    fra,
    (doc) => {
      const amendment = newId();
      amendmentsMap(doc).set(amendment, newAmendmentMeta(FRA, new Date().toISOString(), []));
      proposeText(doc, {
        amendment,
        delegation: 'FRA',
        paragraphId: ids(doc)[0]!,
        from: 0,
        to: 0,
        content: [{ insert: 'x'.repeat(20_001) }],
      });
    },
    /limited to 20000 characters/,
  );
  refused(
    server,
    fra,
    (doc) => {
      for (let i = 0; i < 51; i++) propose(doc);
    },
    /at most 50 proposals/,
  );
});

test('a delegation re-anchors or withdraws its stale amendment, and the server accepts it', () => {
  const server = draft();
  const amendment = newId();
  assert.deepEqual(
    check(server, fra, (doc) => {
      propose(doc, 'FRA', amendment);
    }).created.length,
    1,
  );
  // The facilitator edits the agreed text under FRA's strike ("to act" → "to act firmly").
  const element = (server.getXmlFragment(BODY_FIELD).get(1) as Y.XmlElement).get(0) as Y.XmlElement;
  check(server, chair, () => undefined);
  server.transact(() => insertBaseContent(element, 14, [{ insert: ' firmly' }]));
  assert.equal(server.getXmlFragment(BODY_FIELD).toString().includes('to act firmly now'), true);
  // The end anchor sits on "t": words typed after it are outside the range, which still fits.
  assert.equal(staleAmendments(server).size, 0);
  // Words struck out from under it: stale.
  server.transact(() => deleteBaseRange(element, 11, 14));
  const modified = staleAmendments(server).get(amendment);
  assert.deepEqual(modified && { state: modified.state, was: modified.was, now: modified.now }, {
    state: 'modified',
    was: 'to act',
    now: 'to ',
  });
  assert.equal(modified?.reanchorable, true);
  // Re-anchoring is an update of FRA's own proposals only: accepted.
  const result = check(server, fra, (doc) => {
    assert.equal(reanchorAmendment(doc, amendment, 'FRA'), 1);
  });
  assert.equal(result.created.length, 1);
  assert.equal(result.withdrawn.length, 1);
  assert.equal(staleAmendments(server).size, 0);
  assert.match(
    renderMarkup(materialiseDraft(server).doc)[1] ?? '',
    /Decides \{-to -FRA\}\{\+will act\+FRA\} firmly now;/,
  );
  // CHN cannot re-anchor or withdraw FRA's: nothing of FRA's is touched.
  const other = copy(server);
  assert.equal(reanchorAmendment(other, amendment, 'CHN'), 0);
  assert.equal(withdrawAmendment(other, amendment, 'CHN'), 0);
  // FRA withdraws it: accepted, and nothing of it is shown.
  check(server, fra, (doc) => {
    assert.equal(withdrawAmendment(doc, amendment, 'FRA'), 1);
  });
  assert.equal(renderMarkup(materialiseDraft(server).doc)[1], 'Decides to  firmly now;');
});

test('a sub-amendment of another delegation’s proposed words is accepted; of one’s own, or elsewhere, refused', () => {
  const server = draft();
  check(server, fra, (doc) => {
    propose(doc, 'FRA');
  });
  const parentOf = (doc: Y.Doc) =>
    readProposals(doc).find(
      (proposal) => proposal.kind === 'text' && proposal.delegation === 'FRA',
    );
  const chnSender: Sender = { userId: 'u-chn', name: 'Wei', delegation: 'CHN', role: 'sponsor' };
  const sub = (doc: Y.Doc, delegation: string, edit?: (map: Y.Map<unknown>) => void) => {
    const parent = parentOf(doc);
    assert.ok(parent?.kind === 'text');
    const amendment = newId();
    amendmentsMap(doc).set(
      amendment,
      newAmendmentMeta(delegation === 'FRA' ? FRA : CHN, new Date().toISOString(), []),
    );
    const id = proposeSubText(doc, {
      amendment,
      delegation,
      parent,
      from: 0,
      to: 4,
      content: [{ insert: 'shall act' }],
    });
    edit?.(proposalsMap(doc).get(id)!);
  };
  assert.equal(check(server, chnSender, (doc) => sub(doc, 'CHN')).created.length, 1);
  refused(server, fra, (doc) => sub(doc, 'FRA'), /changes its own proposed words directly/);
  refused(
    server,
    chnSender,
    (doc) => sub(doc, 'CHN', (map) => map.set('paragraphId', ids(doc)[1]!)),
    /in the paragraph of what it amends/,
  );
  assert.equal(
    renderMarkup(materialiseDraft(server).doc)[1],
    'Decides {-to act-FRA}{-{+will+FRA}-CHN}{+shall act+CHN}{+ act+FRA} now;',
  );
});
