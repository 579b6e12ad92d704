import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type * as Y from 'yjs';
import { collectAmendments } from '@/lib/amendments/collect';
import { materialiseDraft } from '@/lib/amendments/materialise';
import type { DiscussionMember } from '@/lib/collab/discussion-member';
import { readDiscussion, type DiscussionResult } from '@/lib/collab/discussion-state';
import { openSqliteStores } from '@/lib/db/stores';
import { createDraft } from '@/lib/drafts/create-draft';
import { draftBodyState, writeDraftBody } from '@/lib/drafts/draft-body';
import { anchorReferences, threadReference } from '@/lib/discussion/anchors';
import { issueRevision, type ChangeDraft } from '@/lib/revisions/issue-revision';
import { FRA, selectText, type } from '@/lib/testing/amendment-editors';
import { draftDoc, imported } from '@/lib/testing/amended-draft';
import { boundEditor } from '@/lib/testing/bound-editors';
import { tempDatabasePath } from '@/lib/testing/temp-database';
import { Discussions } from './discussion';

const FIXTURE = 'fixtures/draft_A_C.3_77_L_enhancement_of_international_cooperation.md';
const MINUTE = 60_000;

const member = (
  userId: string,
  delegation: string,
  role: DiscussionMember['role'],
): DiscussionMember => ({ userId, name: `${delegation} delegate`, delegation, role });
const CHAIR = member('u-chair', 'FAC', 'facilitator');
const CUBA = member('u-cuba', 'CUB', 'sponsor');
const NORWAY = member('u-norway', 'NOR', 'sponsor');
const HOLY_SEE = member('u-vatican', 'VAT', 'observer');

/** A draft (the fixture, with FRA's amendment) on a real SQLite file, the server's module on it. */
async function discussed() {
  const temp = tempDatabasePath();
  const stores = openSqliteStores(temp.file);
  const { id } = await createDraft(stores.drafts, { title: 'Enhancement' });
  const doc = draftDoc(imported(FIXTURE));
  const fra = boundEditor(doc, FRA);
  selectText(fra.editor, 'genuine cooperation');
  type(fra.editor, 'real cooperation');
  const changeDraft: ChangeDraft = async (draftId, change) =>
    draftId === id ? { value: change(doc) } : null;
  let clock = Date.parse('2026-12-01T10:00:00Z');
  const discussions = new Discussions(stores, changeDraft, () => clock);
  const references = () => anchorReferences(materialiseDraft(doc).doc);
  const paragraphId = (reference: string) => {
    const found = [...references().paragraphs].find(([, ref]) => ref === reference);
    assert.ok(found, reference);
    return found[0];
  };
  return {
    id,
    doc,
    stores,
    discussions,
    changeDraft,
    references,
    paragraphId,
    tick: (ms: number) => (clock += ms),
    close: () => {
      fra.editor.destroy();
      stores.close();
      temp.cleanup();
    },
  };
}

function thread(result: DiscussionResult) {
  assert.ok(result.ok, JSON.stringify(result));
  assert.ok(result.thread);
  return result.thread;
}

function refusal(result: DiscussionResult): string {
  assert.equal(result.ok, false, 'refused');
  return result.ok ? '' : `${result.status} ${result.error}`;
}

/** Moves the operative paragraph `from` (1-based) to where `to` is, as the facilitator edits. */
function moveOperative(doc: Y.Doc, from: number, to: number): void {
  const body = draftBodyState(doc).doc;
  const json = body.toJSON() as { content: { type: string; content: unknown[] }[] };
  const part = json.content.find((node) => node.type === 'operativePart');
  assert.ok(part);
  const [moved] = part.content.splice(from - 1, 1);
  part.content.splice(to - 1, 0, moved);
  writeDraftBody(doc, body.type.schema.nodeFromJSON(json));
}

describe('discussion', () => {
  test('a thread on OP3 follows its paragraph when it moves to OP5 and after a revision', async () => {
    const draft = await discussed();
    try {
      const op3 = draft.paragraphId('OP3');
      const started = thread(
        await draft.discussions.startThread(
          draft.id,
          { anchor: { kind: 'paragraph', paragraphId: op3 }, text: 'OP3 goes too far.' },
          CUBA,
        ),
      );
      assert.equal(started.anchorLabel, 'OP3');
      moveOperative(draft.doc, 3, 5);
      assert.equal(draft.paragraphId('OP5'), op3, 'the paragraph is OP5 now');
      const [live] = readDiscussion(draft.doc).threads;
      assert.ok(live);
      assert.equal(threadReference(live, draft.references()), 'OP5');

      await issueRevision(
        draft.stores,
        draft.changeDraft,
        draft.id,
        { note: '', pending: 'carry' },
        CHAIR,
      );
      const [afterRevision] = readDiscussion(draft.doc).threads;
      assert.ok(afterRevision);
      assert.equal(threadReference(afterRevision, draft.references()), 'OP5');
      const revision = await draft.stores.revisions.get(draft.id, 0);
      assert.ok(revision, 'the zero draft was issued');
      assert.equal(
        JSON.stringify(revision.content.body).includes(op3),
        true,
        'the revision keeps the paragraph id',
      );
    } finally {
      draft.close();
    }
  });

  test('a thread on a proposal is named by it; replies; only its author edits a comment, for ten minutes', async () => {
    const draft = await discussed();
    try {
      const [amendment] = collectAmendments(materialiseDraft(draft.doc).doc);
      assert.ok(amendment);
      const started = thread(
        await draft.discussions.startThread(
          draft.id,
          {
            anchor: { kind: 'proposal', amendmentId: amendment.suggestionId },
            text: 'Can FRA accept “true cooperation”?',
          },
          NORWAY,
        ),
      );
      assert.match(started.anchorLabel, /^FRA replacement in PP1$/);
      const replied = thread(
        await draft.discussions.reply(
          draft.id,
          { threadId: started.id, text: 'We could, with a footnote.' },
          CUBA,
        ),
      );
      const [first, reply] = replied.comments;
      assert.ok(first && reply);
      assert.deepEqual(
        [reply.delegation, reply.text, reply.editedAt],
        ['CUB', 'We could, with a footnote.', null],
      );

      assert.equal(
        refusal(
          await draft.discussions.edit(draft.id, { commentId: first.id, text: 'Mine now' }, CUBA),
        ),
        '403 Only its author may edit a comment.',
      );
      draft.tick(9 * MINUTE);
      const edited = thread(
        await draft.discussions.edit(
          draft.id,
          { commentId: first.id, text: 'Can FRA accept “true and genuine cooperation”?' },
          NORWAY,
        ),
      );
      assert.equal(edited.comments[0]?.text, 'Can FRA accept “true and genuine cooperation”?');
      assert.equal(edited.comments[0]?.editedAt, Date.parse('2026-12-01T10:09:00Z'));
      draft.tick(2 * MINUTE);
      assert.match(
        refusal(
          await draft.discussions.edit(draft.id, { commentId: first.id, text: 'Later' }, NORWAY),
        ),
        /^409 A comment may be edited within 10 minutes of posting it; this one was posted at 2026-12-01 10:00 UTC\.$/,
      );
      assert.equal(
        refusal(await draft.discussions.edit(draft.id, { commentId: 999, text: 'x' }, NORWAY)),
        '404 There is no such comment on this draft.',
      );

      // The record keeps the comment as first posted, and that it was edited.
      const records = await draft.stores.audit.list(draft.id);
      const discussion = records.filter((entry) => /^comment\.|^thread\./.test(entry.action));
      assert.deepEqual(
        discussion.map((entry) => entry.action),
        ['comment.posted', 'comment.posted', 'comment.edited'],
      );
      assert.equal(discussion[0]?.detail.text, 'Can FRA accept “true cooperation”?');
      assert.equal(discussion[2]?.detail.text, undefined, 'not the edit’s text');
      assert.match(
        String(discussion[0]?.detail.summary),
        /^Comment on the proposal FRA replacement in PP1: Can FRA/,
      );
      assert.match(
        String(discussion[2]?.detail.summary),
        /edited \(the record keeps it as first posted\)/,
      );
    } finally {
      draft.close();
    }
  });

  test('resolving: the facilitator or the thread’s author; observers comment only when allowed', async () => {
    const draft = await discussed();
    try {
      const anchor = { kind: 'paragraph' as const, paragraphId: draft.paragraphId('PP2') };
      const started = thread(
        await draft.discussions.startThread(draft.id, { anchor, text: 'Why recall this?' }, CUBA),
      );
      assert.equal(
        refusal(
          await draft.discussions.setResolved(
            draft.id,
            { threadId: started.id, resolved: true },
            NORWAY,
          ),
        ),
        '403 Only the facilitator or the delegate who started the thread may resolve it.',
      );
      assert.equal(
        refusal(
          await draft.discussions.startThread(draft.id, { anchor, text: 'We observe.' }, HOLY_SEE),
        ),
        '403 Observers comment on this draft only when the facilitator allows it.',
      );
      assert.equal(
        refusal(await draft.discussions.setObserversMayComment(draft.id, true, CUBA)),
        '403 Only the facilitator decides whether observers may comment.',
      );
      assert.ok((await draft.discussions.setObserversMayComment(draft.id, true, CHAIR)).ok);
      assert.equal(readDiscussion(draft.doc).settings.observersMayComment, true);
      thread(
        await draft.discussions.reply(
          draft.id,
          { threadId: started.id, text: 'We observe.' },
          HOLY_SEE,
        ),
      );

      const resolved = thread(
        await draft.discussions.setResolved(
          draft.id,
          { threadId: started.id, resolved: true },
          CUBA,
        ),
      );
      assert.deepEqual(resolved.resolved, {
        at: Date.parse('2026-12-01T10:00:00Z'),
        name: 'CUB delegate',
        delegation: 'CUB',
      });
      assert.equal(
        refusal(
          await draft.discussions.reply(
            draft.id,
            { threadId: started.id, text: 'One more' },
            NORWAY,
          ),
        ),
        '409 This thread is resolved: reopen it to reply.',
      );
      assert.equal(
        refusal(
          await draft.discussions.setResolved(
            draft.id,
            { threadId: started.id, resolved: true },
            CHAIR,
          ),
        ),
        '409 This thread is already resolved.',
      );
      assert.equal(
        thread(
          await draft.discussions.setResolved(
            draft.id,
            { threadId: started.id, resolved: false },
            CHAIR,
          ),
        ).resolved,
        null,
      );
      assert.equal(
        refusal(
          await draft.discussions.startThread(
            draft.id,
            { anchor: { kind: 'paragraph', paragraphId: 'no-such-paragraph' }, text: 'Hm' },
            CHAIR,
          ),
        ),
        '400 There is no such paragraph in the text of this draft.',
      );
      assert.equal(
        refusal(await draft.discussions.reply(draft.id, { threadId: 4242, text: 'Hm' }, CHAIR)),
        '404 There is no such discussion thread on this draft.',
      );
      const summaries = (await draft.stores.audit.list(draft.id))
        .filter((entry) => entry.action.startsWith('thread.'))
        .map((entry) => entry.detail.summary);
      assert.deepEqual(summaries, ['Discussion on PP2 resolved.', 'Discussion on PP2 reopened.']);
    } finally {
      draft.close();
    }
  });
});
