import type { Database } from 'better-sqlite3';
import type { ThreadState } from '../collab/discussion-state';
import type { DiscussionActor, DiscussionStore } from './discussion-store';
import {
  COMMENT_COLUMNS,
  THREAD_COLUMNS,
  commentValues,
  threadValues,
  toThread,
  type CommentRow,
  type ThreadRow,
} from './discussion-rows';
import { writeWhenFree } from './write-when-free';

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
    return toThread(row, comments);
  }

  private addComment(threadId: number, at: number, by: DiscussionActor, text: string): void {
    this.db
      .prepare(`INSERT INTO discussion_comments (${COMMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(...commentValues(threadId, at, by, text));
  }

  async startThread(input: Parameters<DiscussionStore['startThread']>[0]): Promise<ThreadState> {
    const id = await writeWhenFree(this.db, () => {
      const threadId = Number(
        this.db
          .prepare(
            `INSERT INTO discussion_threads (${THREAD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(...threadValues(input)).lastInsertRowid,
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
