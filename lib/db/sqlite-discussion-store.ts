import type { Database } from 'better-sqlite3';
import type { CommentState, DiscussionAnchor, ThreadState } from '../collab/discussion-state';
import type { DiscussionActor, DiscussionStore } from './discussion-store';
import { writeWhenFree } from './write-when-free';

interface ThreadRow {
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

interface CommentRow {
  id: number;
  thread_id: number;
  at: number;
  user_id: string;
  user_name: string;
  delegation: string;
  text: string;
  edited_at: number | null;
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

/** Discussion threads on SQLite (tables `discussion_threads`, `discussion_comments`, `discussion_settings`). */
export class SqliteDiscussionStore implements DiscussionStore {
  constructor(private readonly db: Database) {}

  private row(draftId: string, threadId: number): ThreadRow | undefined {
    return this.db
      .prepare('SELECT * FROM discussion_threads WHERE id = ? AND draft_id = ?')
      .get(threadId, draftId) as ThreadRow | undefined;
  }

  private withComments(row: ThreadRow): ThreadState {
    const comments = this.db
      .prepare('SELECT * FROM discussion_comments WHERE thread_id = ? ORDER BY id')
      .all(row.id) as CommentRow[];
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

  private addComment(threadId: number, at: number, by: DiscussionActor, text: string): void {
    this.db
      .prepare(
        `INSERT INTO discussion_comments (thread_id, at, user_id, user_name, delegation, text)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(threadId, at, by.userId, by.name, by.delegation, text);
  }

  async startThread(input: {
    draftId: string;
    anchor: DiscussionAnchor;
    anchorLabel: string;
    at: number;
    by: DiscussionActor;
    text: string;
  }): Promise<ThreadState> {
    const id = await writeWhenFree(this.db, () => {
      const threadId = Number(
        this.db
          .prepare(
            `INSERT INTO discussion_threads (draft_id, anchor_kind, anchor_id, anchor_label,
               started_at, user_id, user_name, delegation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            input.draftId,
            input.anchor.kind,
            input.anchor.kind === 'paragraph' ? input.anchor.paragraphId : input.anchor.amendmentId,
            input.anchorLabel,
            input.at,
            input.by.userId,
            input.by.name,
            input.by.delegation,
          ).lastInsertRowid,
      );
      this.addComment(threadId, input.at, input.by, input.text);
      return threadId;
    });
    const thread = await this.thread(input.draftId, id);
    if (!thread) throw new Error(`discussion thread ${id} vanished`);
    return thread;
  }

  async reply(input: {
    draftId: string;
    threadId: number;
    at: number;
    by: DiscussionActor;
    text: string;
  }): Promise<ThreadState | null> {
    const added = await writeWhenFree(this.db, () => {
      const row = this.row(input.draftId, input.threadId);
      if (!row || row.resolved_at !== null) return false;
      this.addComment(input.threadId, input.at, input.by, input.text);
      return true;
    });
    return added ? this.thread(input.draftId, input.threadId) : null;
  }

  async edit(input: {
    draftId: string;
    commentId: number;
    userId: string;
    postedSince: number;
    at: number;
    text: string;
  }): Promise<ThreadState | null> {
    const changed = await writeWhenFree(
      this.db,
      () =>
        this.db
          .prepare(
            `UPDATE discussion_comments SET text = ?, edited_at = ?
             WHERE id = ? AND user_id = ? AND at >= ? AND thread_id IN
               (SELECT id FROM discussion_threads WHERE draft_id = ?)`,
          )
          .run(
            input.text,
            input.at,
            input.commentId,
            input.userId,
            input.postedSince,
            input.draftId,
          ).changes,
    );
    return changed === 1 ? this.threadOfComment(input.draftId, input.commentId) : null;
  }

  async setResolved(input: {
    draftId: string;
    threadId: number;
    at: number;
    by: DiscussionActor | null;
  }): Promise<ThreadState | null> {
    const changed = await writeWhenFree(this.db, () =>
      input.by
        ? this.db
            .prepare(
              `UPDATE discussion_threads SET resolved_at = ?, resolved_by_name = ?,
                 resolved_by_delegation = ? WHERE id = ? AND draft_id = ? AND resolved_at IS NULL`,
            )
            .run(input.at, input.by.name, input.by.delegation, input.threadId, input.draftId)
            .changes
        : this.db
            .prepare(
              `UPDATE discussion_threads SET resolved_at = NULL, resolved_by_name = NULL,
                 resolved_by_delegation = NULL
               WHERE id = ? AND draft_id = ? AND resolved_at IS NOT NULL`,
            )
            .run(input.threadId, input.draftId).changes,
    );
    return changed === 1 ? this.thread(input.draftId, input.threadId) : null;
  }

  async thread(draftId: string, threadId: number): Promise<ThreadState | null> {
    const row = this.row(draftId, threadId);
    return row ? this.withComments(row) : null;
  }

  async threadOfComment(draftId: string, commentId: number): Promise<ThreadState | null> {
    const found = this.db
      .prepare('SELECT thread_id FROM discussion_comments WHERE id = ?')
      .get(commentId) as { thread_id: number } | undefined;
    return found ? this.thread(draftId, found.thread_id) : null;
  }

  async threads(draftId: string): Promise<ThreadState[]> {
    const rows = this.db
      .prepare('SELECT * FROM discussion_threads WHERE draft_id = ? ORDER BY id')
      .all(draftId) as ThreadRow[];
    return rows.map((row) => this.withComments(row));
  }

  async observersMayComment(draftId: string): Promise<boolean> {
    const row = this.db
      .prepare(
        'SELECT observers_may_comment AS allowed FROM discussion_settings WHERE draft_id = ?',
      )
      .get(draftId) as { allowed: number } | undefined;
    return row?.allowed === 1;
  }

  async setObserversMayComment(draftId: string, allowed: boolean): Promise<void> {
    await writeWhenFree(this.db, () =>
      this.db
        .prepare(
          `INSERT INTO discussion_settings (draft_id, observers_may_comment) VALUES (?, ?)
           ON CONFLICT (draft_id) DO UPDATE SET observers_may_comment = excluded.observers_may_comment`,
        )
        .run(draftId, allowed ? 1 : 0),
    );
  }
}
