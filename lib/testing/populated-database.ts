import * as Y from 'yjs';
import { DEMO_ACCOUNTS, seedDemo } from '../accounts/seed-demo';
import { resolveAuthSecret } from '../auth/auth-secret';
import type { Stores } from '../db/stores';
import { loadDraftDoc } from '../db/load-draft-doc';
import { createDraft } from '../drafts/create-draft';
import { parseEnv } from '../env';
import { issueRevision } from '../revisions/issue-revision';
import { newId } from '../schema/new-id';
import { importResolutionFile } from '../import/import-file';
import { readFixture } from './fixtures';

/** What `populateDatabase` made. */
export interface PopulatedDatabase {
  /** The demo draft: amendments, a revision that closed some, silence, discussion, positions. */
  demoDraftId: string;
  /**
   * A second draft compacted last, so the update sequence has handed out numbers no row
   * holds any more: a copy that forgot them would give its next update a number the
   * snapshot already covers, and loading would skip it.
   */
  compactedDraftId: string;
}

/**
 * Fills an empty database through Concord's own stores and code with a row in
 * every table: the demo (delegations, users, a draft with pending amendments),
 * a session, the generated cookie secret, a revision issued with pending
 * amendments rejected (so audit rows), silence broken and a new one running,
 * discussion threads, positions, and a draft compacted after its last update.
 */
export async function populateDatabase(stores: Stores): Promise<PopulatedDatabase> {
  const name = 'draft_A_C.3_77_L_enhancement_of_international_cooperation.md';
  const { document } = importResolutionFile(name, readFixture(name));
  const seeded = await seedDemo(stores, {
    title: document.header.title || name,
    body: document.body,
    header: document.header,
  });
  if (!seeded.seeded) throw new Error(seeded.reason);
  const draftId = seeded.draftId;
  const users = await stores.accounts.listUsers();
  const actor = (code: string) => {
    const user = users.find((u) => u.delegation.code === code);
    if (!user) throw new Error(`no demo user of ${code}`);
    return { userId: user.id, name: user.displayName, delegation: code };
  };
  const [facilitator, sponsor, other] = DEMO_ACCOUNTS.map((account) => actor(account.code));
  if (!facilitator || !sponsor || !other) throw new Error('the demo has fewer than three accounts');

  await stores.accounts.createSession({
    id: newId(),
    userId: sponsor.userId,
    expiresAt: Date.now() + 3_600_000,
  });
  await resolveAuthSecret(stores.accounts, parseEnv({}));

  // Issuing the zero draft with the pending amendments rejected: audit rows, the doc changed.
  const report = await issueRevision(
    stores,
    async (id, change) => {
      const loaded = await loadDraftDoc(stores.drafts, id);
      if (!loaded) return null;
      const updates: Uint8Array[] = [];
      loaded.doc.on('update', (update: Uint8Array) => updates.push(update));
      const value = change(loaded.doc);
      await stores.drafts.appendUpdates(id, updates, [
        { clientId: loaded.doc.clientID, userId: facilitator.userId },
      ]);
      return { value };
    },
    draftId,
    { note: 'Zero draft', pending: 'reject' },
    facilitator,
  );
  if (!report) throw new Error('the revision was not issued');
  await stores.revisions.markSeen(sponsor.userId, draftId, report.revision.number);

  const now = Date.now();
  const first = await stores.silence.start({
    draftId,
    revision: 0,
    startedAt: now,
    deadline: now + 60_000,
    startedBy: facilitator,
  });
  await stores.silence.addBreak({
    procedureId: first.id,
    at: now + 1,
    by: sponsor,
    paragraphs: 'OP3',
    statement: 'We cannot join consensus on “OP3”.',
  });
  await stores.silence.end(first.id, { at: now + 2, endedBy: null, ifUnbroken: 'held' });
  await stores.silence.start({
    draftId,
    revision: 0,
    startedAt: now + 3,
    deadline: now + 90_000,
    startedBy: facilitator,
  });

  const thread = await stores.discussion.startThread({
    draftId,
    anchor: { kind: 'paragraph', paragraphId: 'p-op1' },
    anchorLabel: 'OP1',
    at: now,
    by: sponsor,
    text: 'Could we say “strongly” here?',
  });
  await stores.discussion.reply({
    draftId,
    threadId: thread.id,
    at: now + 1,
    by: other,
    text: 'No.',
  });
  const comment = thread.comments[0];
  if (!comment) throw new Error('the thread has no comment');
  await stores.discussion.edit({
    draftId,
    commentId: comment.id,
    userId: sponsor.userId,
    postedSince: 0,
    at: now + 2,
    text: 'Could we say “firmly” here?',
  });
  await stores.discussion.setResolved({
    draftId,
    threadId: thread.id,
    at: now + 3,
    by: facilitator,
  });
  await stores.discussion.startThread({
    draftId,
    anchor: { kind: 'proposal', amendmentId: 'a-1' },
    anchorLabel: 'FRA insertion in OP2',
    at: now + 4,
    by: other,
    text: 'Open.',
  });
  await stores.discussion.setObserversMayComment(draftId, true);
  await stores.positions.take({
    draftId,
    amendmentId: 'a-1',
    position: 'support',
    by: sponsor,
    at: now,
  });
  await stores.positions.take({
    draftId,
    amendmentId: 'a-1',
    position: 'object',
    by: other,
    at: now,
  });

  const compacted = await createDraft(stores.drafts, {
    title: 'Compacted after its last change',
    body: { preamble: [[{ text: 'Recalling,' }]], operative: [[{ text: 'Decides;' }]] },
  });
  const loaded = await loadDraftDoc(stores.drafts, compacted.id);
  if (!loaded) throw new Error('the new draft did not load');
  const edits: Uint8Array[] = [];
  loaded.doc.on('update', (update: Uint8Array) => edits.push(update));
  loaded.doc.getMap('scratch').set('note', 'an edit compaction folds');
  const lastSeq = await stores.drafts.appendUpdates(compacted.id, edits);
  await stores.drafts.compact(compacted.id, Y.encodeStateAsUpdate(loaded.doc), lastSeq);
  return { demoDraftId: draftId, compactedDraftId: compacted.id };
}
