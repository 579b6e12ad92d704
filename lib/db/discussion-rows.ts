import type { CommentState, DiscussionAnchor, ThreadState } from '../collab/discussion-state';
import type { DiscussionActor, DiscussionStore } from './discussion-store';

/** A row of `discussion_threads` as every engine reads it. */
export interface ThreadRow {
  id: number;
  draft_id: string;
  anchor_kind: 'paragraph' | 'proposal';
  anchor_id: string;
  anchor_label: string;
  started_at: number;
  user_id: string;
  user_name: string;
  delegation: string;
  resolved_at: number | null;
  resolved_by_name: string | null;
  resolved_by_delegation: string | null;
}

/** A row of `discussion_comments`. */
export interface CommentRow {
  id: number;
  thread_id: number;
  at: number;
  user_id: string;
  user_name: string;
  delegation: string;
  text: string;
  edited_at: number | null;
}

/** The columns of `discussion_threads` a new thread writes, in the order of `threadValues`. */
export const THREAD_COLUMNS =
  'draft_id, anchor_kind, anchor_id, anchor_label, started_at, user_id, user_name, delegation';

export function threadValues(input: Parameters<DiscussionStore['startThread']>[0]): unknown[] {
  return [
    input.draftId,
    input.anchor.kind,
    input.anchor.kind === 'paragraph' ? input.anchor.paragraphId : input.anchor.amendmentId,
    input.anchorLabel,
    input.at,
    input.by.userId,
    input.by.name,
    input.by.delegation,
  ];
}

/** The columns of `discussion_comments` a new comment writes, in the order of `commentValues`. */
export const COMMENT_COLUMNS = 'thread_id, at, user_id, user_name, delegation, text';

export function commentValues(
  threadId: number,
  at: number,
  by: DiscussionActor,
  text: string,
): unknown[] {
  return [threadId, at, by.userId, by.name, by.delegation, text];
}

function toComment(row: CommentRow): CommentState {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.user_name,
    delegation: row.delegation,
    at: row.at,
    text: row.text,
    editedAt: row.edited_at,
  };
}

function toAnchor(row: ThreadRow): DiscussionAnchor {
  return row.anchor_kind === 'paragraph'
    ? { kind: 'paragraph', paragraphId: row.anchor_id }
    : { kind: 'proposal', amendmentId: row.anchor_id };
}

/** A thread with its comments (`comments`: its rows of `discussion_comments`, in id order). */
export function toThread(row: ThreadRow, comments: readonly CommentRow[]): ThreadState {
  return {
    id: row.id,
    anchor: toAnchor(row),
    anchorLabel: row.anchor_label,
    startedAt: row.started_at,
    startedBy: { userId: row.user_id, name: row.user_name, delegation: row.delegation },
    resolved:
      row.resolved_at === null
        ? null
        : {
            at: row.resolved_at,
            name: row.resolved_by_name ?? '',
            delegation: row.resolved_by_delegation ?? '',
          },
    comments: comments.map(toComment),
  };
}
