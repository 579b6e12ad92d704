import type * as Y from 'yjs';
import { materialiseDraft } from '@/lib/amendments/materialise';
import {
  COMMENT_EDIT_WINDOW_MS,
  MAX_COMMENTS_PER_THREAD,
  readDiscussion,
  writeDiscussionSettings,
  writeThread,
  type DiscussionAnchor,
  type DiscussionResult,
  type ThreadState,
} from '@/lib/collab/discussion-state';
import { DraftQueue } from '@/lib/collab/draft-queue';
import type { AuditEntry } from '@/lib/db/audit-store';
import type { DiscussionMember } from '@/lib/collab/discussion-member';
import type { Stores } from '@/lib/db/stores';
import { anchorReferences, currentReference } from '@/lib/discussion/anchors';

/** A change to a draft's live document, run by the collaboration server; null: no such draft. */
type ChangeDraft = <T>(draftId: string, change: (doc: Y.Doc) => T) => Promise<{ value: T } | null>;

function refused(status: 400 | 403 | 404 | 409, error: string): DiscussionResult {
  return { ok: false, status, error };
}

const NO_DRAFT = refused(404, 'There is no such draft for your delegation.');
const NO_THREAD = refused(404, 'There is no such discussion thread on this draft.');
const OBSERVERS_MAY_NOT = refused(
  403,
  'Observers comment on this draft only when the facilitator allows it.',
);

/** A time as the server states it in messages: UTC, to the minute. */
function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The audit record's sentence for a discussion entry (History and the CSV show it). */
function discussionSummary(
  action: AuditEntry['action'],
  where: string,
  detail: { text?: string; reply?: boolean },
): string {
  switch (action) {
    case 'comment.posted':
      return `${detail.reply ? 'Replied' : 'Comment'} on ${where}: ${detail.text ?? ''}`;
    case 'comment.edited':
      return `Comment on ${where} edited (the record keeps it as first posted).`;
    case 'thread.resolved':
      return `Discussion on ${where} resolved.`;
    case 'thread.reopened':
      return `Discussion on ${where} reopened.`;
    default:
      return '';
  }
}

/** "OP3", or "the proposal FRA replacement in OP5". */
function whereOf(thread: ThreadState): string {
  return thread.anchor.kind === 'proposal'
    ? `the proposal ${thread.anchorLabel}`
    : thread.anchorLabel;
}

/**
 * The discussion of every draft (issue 23): threads of comments anchored to a
 * paragraph (its paragraphId, so a thread follows the paragraph through moves
 * and revisions) or to a pending proposal (its amendment id). Facilitators and
 * sponsors comment, observers when the facilitator allows it; an author edits
 * their own comment for ten minutes; the facilitator or the thread's author
 * resolves and reopens it. The store is the record; each change is then
 * written to the draft's 'discussion' map, which every page reads live, and
 * to the audit log.
 */
export class Discussions {
  private readonly queue = new DraftQueue();

  constructor(
    private readonly stores: Pick<Stores, 'discussion' | 'audit'>,
    private readonly changeDraft: ChangeDraft,
    private readonly now: () => number = Date.now,
  ) {}

  /** Waits for the requests under way. */
  close(): Promise<void> {
    return this.queue.idle();
  }

  /** Every thread of the draft, as its pages see them. */
  async threads(draftId: string): Promise<ThreadState[] | null> {
    const read = await this.changeDraft(draftId, (doc) => readDiscussion(doc).threads);
    return read ? read.value : null;
  }

  startThread(
    draftId: string,
    request: { anchor: DiscussionAnchor; text: string },
    member: DiscussionMember,
  ): Promise<DiscussionResult> {
    return this.queue.run(draftId, async () => {
      const refusal = await this.mayComment(draftId, member);
      if (refusal) return refusal;
      const found = await this.changeDraft(draftId, (doc) =>
        currentReference(request.anchor, anchorReferences(materialiseDraft(doc).doc)),
      );
      if (!found) return NO_DRAFT;
      if (found.value === null) {
        return refused(
          400,
          request.anchor.kind === 'paragraph'
            ? 'There is no such paragraph in the text of this draft.'
            : 'There is no such pending proposal on this draft.',
        );
      }
      const at = this.now();
      const thread = await this.stores.discussion.startThread({
        draftId,
        anchor: request.anchor,
        anchorLabel: found.value,
        at,
        by: member,
        text: request.text,
      });
      return this.published(draftId, thread, member, 'comment.posted', at, { text: request.text });
    });
  }

  reply(
    draftId: string,
    request: { threadId: number; text: string },
    member: DiscussionMember,
  ): Promise<DiscussionResult> {
    return this.queue.run(draftId, async () => {
      const refusal = await this.mayComment(draftId, member);
      if (refusal) return refusal;
      const existing = await this.stores.discussion.thread(draftId, request.threadId);
      if (!existing) return NO_THREAD;
      if (existing.resolved) {
        return refused(409, 'This thread is resolved: reopen it to reply.');
      }
      if (existing.comments.length >= MAX_COMMENTS_PER_THREAD) {
        return refused(
          409,
          `A thread holds at most ${MAX_COMMENTS_PER_THREAD} comments: start a new one.`,
        );
      }
      const at = this.now();
      const thread = await this.stores.discussion.reply({
        draftId,
        threadId: request.threadId,
        at,
        by: member,
        text: request.text,
      });
      if (!thread) return refused(409, 'This thread is resolved: reopen it to reply.');
      return this.published(draftId, thread, member, 'comment.posted', at, {
        text: request.text,
        reply: true,
      });
    });
  }

  edit(
    draftId: string,
    request: { commentId: number; text: string },
    member: DiscussionMember,
  ): Promise<DiscussionResult> {
    return this.queue.run(draftId, async () => {
      const existing = await this.stores.discussion.threadOfComment(draftId, request.commentId);
      const comment = existing?.comments.find((entry) => entry.id === request.commentId);
      if (!existing || !comment) return refused(404, 'There is no such comment on this draft.');
      if (comment.userId !== member.userId) {
        return refused(403, 'Only its author may edit a comment.');
      }
      const at = this.now();
      const postedSince = at - COMMENT_EDIT_WINDOW_MS;
      const tooLate = refused(
        409,
        `A comment may be edited within ${COMMENT_EDIT_WINDOW_MS / 60_000} minutes of posting it; this one was posted at ${utc(comment.at)}.`,
      );
      if (comment.at < postedSince) return tooLate;
      const thread = await this.stores.discussion.edit({
        draftId,
        commentId: request.commentId,
        userId: member.userId,
        postedSince,
        at,
        text: request.text,
      });
      if (!thread) return tooLate;
      return this.published(draftId, thread, member, 'comment.edited', at, {
        commentId: request.commentId,
        postedAt: new Date(comment.at).toISOString(),
      });
    });
  }

  /** Resolves (`resolved` true) or reopens a thread: the facilitator or the thread's author. */
  setResolved(
    draftId: string,
    request: { threadId: number; resolved: boolean },
    member: DiscussionMember,
  ): Promise<DiscussionResult> {
    return this.queue.run(draftId, async () => {
      const existing = await this.stores.discussion.thread(draftId, request.threadId);
      if (!existing) return NO_THREAD;
      const verb = request.resolved ? 'resolve' : 'reopen';
      if (member.role !== 'facilitator' && existing.startedBy.userId !== member.userId) {
        return refused(
          403,
          `Only the facilitator or the delegate who started the thread may ${verb} it.`,
        );
      }
      const at = this.now();
      const thread = await this.stores.discussion.setResolved({
        draftId,
        threadId: request.threadId,
        at,
        by: request.resolved ? member : null,
      });
      if (!thread) {
        return refused(409, `This thread is already ${request.resolved ? 'resolved' : 'open'}.`);
      }
      return this.published(
        draftId,
        thread,
        member,
        request.resolved ? 'thread.resolved' : 'thread.reopened',
        at,
        {},
      );
    });
  }

  /** The facilitator lets observers comment on the draft, or stops them. */
  setObserversMayComment(
    draftId: string,
    allowed: boolean,
    member: DiscussionMember,
  ): Promise<DiscussionResult> {
    return this.queue.run(draftId, async () => {
      if (member.role !== 'facilitator') {
        return refused(403, 'Only the facilitator decides whether observers may comment.');
      }
      await this.stores.discussion.setObserversMayComment(draftId, allowed);
      const settings = { observersMayComment: allowed };
      const written = await this.changeDraft(draftId, (doc) =>
        writeDiscussionSettings(doc, settings),
      );
      return written ? { ok: true, settings } : NO_DRAFT;
    });
  }

  private async mayComment(
    draftId: string,
    member: DiscussionMember,
  ): Promise<DiscussionResult | null> {
    if (member.role !== 'observer') return null;
    return (await this.stores.discussion.observersMayComment(draftId)) ? null : OBSERVERS_MAY_NOT;
  }

  /** Writes the thread into the draft for its pages, then on the record. */
  private async published(
    draftId: string,
    thread: ThreadState,
    member: DiscussionMember,
    action: AuditEntry['action'],
    at: number,
    detail: Record<string, unknown> & { text?: string; reply?: boolean },
  ): Promise<DiscussionResult> {
    const written = await this.changeDraft(draftId, (doc) => writeThread(doc, thread));
    if (!written) return NO_DRAFT;
    await this.stores.audit.append([
      {
        draftId,
        at,
        userId: member.userId,
        userName: member.name,
        delegation: member.delegation,
        action,
        suggestionId: thread.anchor.kind === 'proposal' ? thread.anchor.amendmentId : null,
        paragraph: thread.anchorLabel,
        detail: {
          ...detail,
          threadId: thread.id,
          anchor: thread.anchor,
          summary: discussionSummary(action, whereOf(thread), detail),
        },
      },
    ]);
    return { ok: true, thread };
  }
}
