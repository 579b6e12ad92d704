import type { PoolClient } from 'pg';
import type { ThreadState } from '../../collab/discussion-state';
import {
  COMMENT_COLUMNS,
  THREAD_COLUMNS,
  commentValues,
  threadValues,
  toThread,
  type CommentRow,
  type ThreadRow,
} from '../discussion-rows';
import type { DiscussionActor, DiscussionStore } from '../discussion-store';
import { withChildren, type PgDatabase } from './pg-database';

/**
 * Discussion threads on PostgreSQL (tables `discussion_threads`, `discussion_comments`,
 * `discussion_settings`), with the semantics of `SqliteDiscussionStore`: edits and
 * resolutions are conditional UPDATEs (one of two at once changes the row); a reply
 * holds a share lock on its thread, so it cannot land after a resolution that did not see it.
 */
export class PgDiscussionStore implements DiscussionStore {
  constructor(private readonly db: PgDatabase) {}

  /** The threads of `rows` with their comments, read in one query. */
  private withComments(rows: ThreadRow[]): Promise<ThreadState[]> {
    return withChildren(
      this.db,
      rows,
      'SELECT * FROM discussion_comments WHERE thread_id = ANY($1) ORDER BY id',
      (comment: CommentRow) => comment.thread_id,
      toThread,
    );
  }

  private addComment(
    client: PoolClient,
    threadId: number,
    at: number,
    by: DiscussionActor,
    text: string,
  ): Promise<unknown> {
    return client.query(
      `INSERT INTO discussion_comments (${COMMENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`,
      commentValues(threadId, at, by, text),
    );
  }

  async startThread(input: Parameters<DiscussionStore['startThread']>[0]): Promise<ThreadState> {
    const id = await this.db.transaction(async (client) => {
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO discussion_threads (${THREAD_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         RETURNING id`,
        threadValues(input),
      );
      const threadId = rows[0]?.id ?? 0;
      await this.addComment(client, threadId, input.at, input.by, input.text);
      return threadId;
    });
    const thread = await this.thread(input.draftId, id);
    if (!thread) throw new Error(`discussion thread ${id} vanished`);
    return thread;
  }

  async reply(input: Parameters<DiscussionStore['reply']>[0]): Promise<ThreadState | null> {
    const added = await this.db.transaction(async (client) => {
      const { rows } = await client.query<{ resolved_at: number | null }>(
        'SELECT resolved_at FROM discussion_threads WHERE id = $1 AND draft_id = $2 FOR SHARE',
        [input.threadId, input.draftId],
      );
      if (rows[0]?.resolved_at !== null) return false;
      await this.addComment(client, input.threadId, input.at, input.by, input.text);
      return true;
    });
    return added ? this.thread(input.draftId, input.threadId) : null;
  }

  async edit(input: Parameters<DiscussionStore['edit']>[0]): Promise<ThreadState | null> {
    const changed = await this.db.query(
      `UPDATE discussion_comments SET text = $1, edited_at = $2
       WHERE id = $3 AND user_id = $4 AND at >= $5 AND thread_id IN
         (SELECT id FROM discussion_threads WHERE draft_id = $6)
       RETURNING id`,
      [input.text, input.at, input.commentId, input.userId, input.postedSince, input.draftId],
    );
    return changed.length === 1 ? this.threadOfComment(input.draftId, input.commentId) : null;
  }

  async setResolved(
    input: Parameters<DiscussionStore['setResolved']>[0],
  ): Promise<ThreadState | null> {
    const changed = input.by
      ? await this.db.query(
          `UPDATE discussion_threads SET resolved_at = $1, resolved_by_name = $2,
             resolved_by_delegation = $3 WHERE id = $4 AND draft_id = $5 AND resolved_at IS NULL
           RETURNING id`,
          [input.at, input.by.name, input.by.delegation, input.threadId, input.draftId],
        )
      : await this.db.query(
          `UPDATE discussion_threads SET resolved_at = NULL, resolved_by_name = NULL,
             resolved_by_delegation = NULL
           WHERE id = $1 AND draft_id = $2 AND resolved_at IS NOT NULL
           RETURNING id`,
          [input.threadId, input.draftId],
        );
    return changed.length === 1 ? this.thread(input.draftId, input.threadId) : null;
  }

  async thread(draftId: string, threadId: number): Promise<ThreadState | null> {
    const rows = await this.db.query<ThreadRow>(
      'SELECT * FROM discussion_threads WHERE id = $1 AND draft_id = $2',
      [threadId, draftId],
    );
    const [thread] = await this.withComments(rows);
    return thread ?? null;
  }

  async threadOfComment(draftId: string, commentId: number): Promise<ThreadState | null> {
    const [found] = await this.db.query<{ thread_id: number }>(
      'SELECT thread_id FROM discussion_comments WHERE id = $1',
      [commentId],
    );
    return found ? this.thread(draftId, found.thread_id) : null;
  }

  async threads(draftId: string): Promise<ThreadState[]> {
    return this.withComments(
      await this.db.query<ThreadRow>(
        'SELECT * FROM discussion_threads WHERE draft_id = $1 ORDER BY id',
        [draftId],
      ),
    );
  }

  async observersMayComment(draftId: string): Promise<boolean> {
    const [row] = await this.db.query<{ allowed: number }>(
      'SELECT observers_may_comment AS allowed FROM discussion_settings WHERE draft_id = $1',
      [draftId],
    );
    return row?.allowed === 1;
  }

  async setObserversMayComment(draftId: string, allowed: boolean): Promise<void> {
    await this.db.query(
      `INSERT INTO discussion_settings (draft_id, observers_may_comment) VALUES ($1, $2)
       ON CONFLICT (draft_id) DO UPDATE SET observers_may_comment = excluded.observers_may_comment`,
      [draftId, allowed ? 1 : 0],
    );
  }
}
