import type { DiscussionAnchor, ThreadState } from '../collab/discussion-state';

/** Who acted (from the session). */
export interface DiscussionActor {
  userId: string;
  name: string;
  delegation: string;
}

/**
 * Discussion threads on a draft's paragraphs and proposals (issue 23), their
 * comments and the draft's switch letting observers comment. Each write
 * checks its own condition in its transaction (a comment is edited by its
 * author only, before `notAfter`; a thread is resolved once until reopened),
 * so two requests at once cannot both pass.
 */
export interface DiscussionStore {
  /** A new thread with its first comment. */
  startThread(input: {
    draftId: string;
    anchor: DiscussionAnchor;
    anchorLabel: string;
    at: number;
    by: DiscussionActor;
    text: string;
  }): Promise<ThreadState>;
  /** A reply; null when the thread is not the draft's, or is resolved. */
  reply(input: {
    draftId: string;
    threadId: number;
    at: number;
    by: DiscussionActor;
    text: string;
  }): Promise<ThreadState | null>;
  /**
   * Replaces a comment's text; null unless the comment is the draft's, by `userId`, and was
   * posted at or after `postedSince`.
   */
  edit(input: {
    draftId: string;
    commentId: number;
    userId: string;
    postedSince: number;
    at: number;
    text: string;
  }): Promise<ThreadState | null>;
  /** Resolves (`by` given) or reopens (null) a thread; null when it already was so. */
  setResolved(input: {
    draftId: string;
    threadId: number;
    at: number;
    by: DiscussionActor | null;
  }): Promise<ThreadState | null>;
  thread(draftId: string, threadId: number): Promise<ThreadState | null>;
  /** The thread holding a comment of the draft. */
  threadOfComment(draftId: string, commentId: number): Promise<ThreadState | null>;
  threads(draftId: string): Promise<ThreadState[]>;
  observersMayComment(draftId: string): Promise<boolean>;
  setObserversMayComment(draftId: string, allowed: boolean): Promise<void>;
}
