import type * as Y from 'yjs';

/**
 * The discussion of a draft as every page sees it live (issue 23): threads of
 * comments on a paragraph or a proposal, in a Y.Map of the draft's Y.Doc that
 * only the server writes (the collaboration server refuses clients' writes,
 * `update-rules.ts`). The record is the server's store; this is its copy.
 */

/** Name of the Y.Map holding the draft's discussion. */
export const DISCUSSION_FIELD = 'discussion';

/** The key of the per-draft settings in that map; each thread sits under `thread:<id>`. */
export const DISCUSSION_SETTINGS_KEY = 'settings';

const THREAD_PREFIX = 'thread:';

/** Longest comment. */
export const MAX_COMMENT_LENGTH = 2000;

/** How long after posting its author may edit a comment. */
export const COMMENT_EDIT_WINDOW_MS = 10 * 60 * 1000;

/** At most this many comments in one thread (a long argument is continued in a new one). */
export const MAX_COMMENTS_PER_THREAD = 200;

/** What a thread is about: a paragraph (followed through moves and revisions) or a proposal. */
export type DiscussionAnchor =
  { kind: 'paragraph'; paragraphId: string } | { kind: 'proposal'; amendmentId: string };

export interface DiscussionPerson {
  name: string;
  delegation: string;
}

export interface CommentState extends DiscussionPerson {
  id: number;
  /** The author's user id: only they may edit it. */
  userId: string;
  /** Milliseconds since the epoch. */
  at: number;
  text: string;
  /** When it was last edited; null if never. */
  editedAt: number | null;
}

export interface ThreadState {
  id: number;
  anchor: DiscussionAnchor;
  /** Its reference when the thread began ("OP3", "FRA replacement in OP5"); pages show it live. */
  anchorLabel: string;
  startedAt: number;
  startedBy: DiscussionPerson & { userId: string };
  resolved: (DiscussionPerson & { at: number }) | null;
  comments: CommentState[];
}

export interface DiscussionSettings {
  observersMayComment: boolean;
}

export interface DiscussionState {
  settings: DiscussionSettings;
  /** In the order they began. */
  threads: ThreadState[];
}

/** What a discussion request of the web app gets back from the collaboration server. */
export type DiscussionResult =
  | { ok: true; thread?: ThreadState; settings?: DiscussionSettings }
  | { ok: false; status: 400 | 403 | 404 | 409; error: string };

export function threadKey(id: number): string {
  return `${THREAD_PREFIX}${id}`;
}

function isThreadState(value: unknown): value is ThreadState {
  if (typeof value !== 'object' || value === null) return false;
  const thread = value as Partial<ThreadState>;
  return (
    typeof thread.id === 'number' &&
    typeof thread.anchor === 'object' &&
    thread.anchor !== null &&
    Array.isArray(thread.comments)
  );
}

function readSettings(map: Y.Map<unknown>): DiscussionSettings {
  const value = map.get(DISCUSSION_SETTINGS_KEY) as Partial<DiscussionSettings> | undefined;
  return { observersMayComment: value?.observersMayComment === true };
}

/** The draft's discussion as the server last wrote it. */
export function readDiscussion(doc: Y.Doc): DiscussionState {
  const map = doc.getMap<unknown>(DISCUSSION_FIELD);
  const threads: ThreadState[] = [];
  for (const [key, value] of map.entries()) {
    if (key.startsWith(THREAD_PREFIX) && isThreadState(value)) threads.push(value);
  }
  threads.sort((a, b) => a.id - b.id);
  return { settings: readSettings(map), threads };
}

/** Writes one thread (the server only). */
export function writeThread(doc: Y.Doc, thread: ThreadState): void {
  doc.getMap(DISCUSSION_FIELD).set(threadKey(thread.id), thread);
}

/** Writes the draft's discussion settings (the server only). */
export function writeDiscussionSettings(doc: Y.Doc, settings: DiscussionSettings): void {
  doc.getMap(DISCUSSION_FIELD).set(DISCUSSION_SETTINGS_KEY, settings);
}

/** The paragraph or amendment id a thread is anchored to. */
export function anchorId(anchor: DiscussionAnchor): string {
  return anchor.kind === 'paragraph' ? anchor.paragraphId : anchor.amendmentId;
}

/** Whether a comment posted at `at` may still be edited by its author at `now`. */
export function editableUntil(at: number): number {
  return at + COMMENT_EDIT_WINDOW_MS;
}
