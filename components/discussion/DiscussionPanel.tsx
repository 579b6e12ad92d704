'use client';

import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type * as Y from 'yjs';
import type { Me } from '@/components/editor/DraftWorkspace';
import {
  editableUntil,
  MAX_COMMENT_LENGTH,
  type CommentState,
  type DiscussionState,
  type ThreadState,
} from '@/lib/collab/discussion-state';
import { threadReference, type AnchorReferences } from '@/lib/discussion/anchors';
import {
  useAnchorReferences,
  useCaretParagraph,
  useDiscussion,
  useDiscussionRequests,
  type DiscussionRequest,
} from './useDiscussion';

type Status = 'open' | 'resolved' | 'all';

interface Filter {
  paragraphId: string;
  delegation: string;
  status: Status;
}

/** Sends a discussion request; the server's refusal as a sentence, or null when done. */
async function send(url: string, method: 'POST' | 'PATCH', body: unknown): Promise<string | null> {
  try {
    const response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.ok) return null;
    const answer = (await response.json().catch(() => ({}))) as { error?: unknown };
    return typeof answer.error === 'string'
      ? answer.error
      : `The server answered ${response.status}.`;
  } catch {
    return 'Concord could not be reached: check your connection and try again.';
  }
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The current time, again every 30 seconds (whether a comment may still be edited). */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** Whether the signed-in delegate may comment (observers when the facilitator allows it). */
function mayComment(me: Me, state: DiscussionState): boolean {
  return me.role !== 'observer' || state.settings.observersMayComment;
}

/**
 * The draft's discussion (issue 23): a "Discussion" button in the page's bar
 * opening a dialog with every thread, its filters, a form to start a thread
 * on a paragraph (the caret's, by default) or a pending proposal, and each
 * thread's comments, replies, edits and resolve/reopen. The margin and the
 * proposal cards open it through `openDiscussion`.
 */
export function DiscussionPanel({
  draftId,
  doc,
  me,
  live,
}: {
  draftId: string;
  doc: Y.Doc | null;
  me: Me;
  live: boolean;
}) {
  const state = useDiscussion(doc);
  const references = useAnchorReferences(doc);
  const caret = useCaretParagraph();
  const [request, setRequest] = useState<DiscussionRequest | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const open = state.threads.filter((thread) => thread.resolved === null).length;
  useDiscussionRequests(useCallback((next: DiscussionRequest) => setRequest(next), []));
  return (
    <>
      <button
        ref={button}
        type="button"
        className="discussion-button"
        aria-haspopup="dialog"
        onClick={() => setRequest({})}
      >
        Discussion{open > 0 ? ` (${open} open)` : ''}
      </button>
      {request ? (
        <DiscussionDialog
          draftId={draftId}
          me={me}
          live={live}
          state={state}
          references={references}
          caret={caret}
          request={request}
          onClose={() => {
            setRequest(null);
            button.current?.focus();
          }}
        />
      ) : null}
    </>
  );
}

function DiscussionDialog({
  draftId,
  me,
  live,
  state,
  references,
  caret,
  request,
  onClose,
}: {
  draftId: string;
  me: Me;
  live: boolean;
  state: DiscussionState;
  references: AnchorReferences;
  caret: string | null;
  request: DiscussionRequest;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const id = useId();
  const [filter, setFilter] = useState<Filter>({
    paragraphId: request.paragraphId ?? '',
    delegation: '',
    status: request.paragraphId ? 'open' : 'all',
  });
  const base = `/api/drafts/${encodeURIComponent(draftId)}/comments`;

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    heading.current?.focus();
  }, []);

  const delegations = useMemo(
    () =>
      [
        ...new Set(state.threads.flatMap((thread) => thread.comments.map((c) => c.delegation))),
      ].sort(),
    [state.threads],
  );
  const paragraphs = useMemo(() => {
    const ids = new Set(
      state.threads.flatMap((thread) =>
        thread.anchor.kind === 'paragraph' ? [thread.anchor.paragraphId] : [],
      ),
    );
    return [...references.paragraphs].filter(([paragraphId]) => ids.has(paragraphId));
  }, [state.threads, references]);
  const shown = state.threads.filter(
    (thread) =>
      (!filter.paragraphId ||
        (thread.anchor.kind === 'paragraph' && thread.anchor.paragraphId === filter.paragraphId)) &&
      (!filter.delegation ||
        thread.comments.some((comment) => comment.delegation === filter.delegation)) &&
      (filter.status === 'all' || (filter.status === 'open') === (thread.resolved === null)),
  );
  const commenting = mayComment(me, state) && live;

  return (
    <dialog
      ref={dialog}
      className="discussion-dialog"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
    >
      <div className="history-head">
        <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
          Discussion
        </h2>
        <button type="button" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
      {me.role === 'facilitator' ? (
        <ObserversSwitch base={base} allowed={state.settings.observersMayComment} live={live} />
      ) : null}
      {me.role === 'observer' && !state.settings.observersMayComment ? (
        <p className="panel-hint">
          Observers read the discussion; the facilitator has not allowed them to comment.
        </p>
      ) : null}
      {commenting ? (
        <NewThread base={base} references={references} caret={caret} request={request} />
      ) : null}
      <div className="amendment-filters" role="group" aria-label="Filter the threads">
        <FilterSelect
          label="Paragraph"
          value={filter.paragraphId}
          options={[['', 'All'], ...paragraphs]}
          onChange={(paragraphId) => setFilter({ ...filter, paragraphId })}
        />
        <FilterSelect
          label="Delegation"
          value={filter.delegation}
          options={[['', 'All'], ...delegations.map((code): [string, string] => [code, code])]}
          onChange={(delegation) => setFilter({ ...filter, delegation })}
        />
        <FilterSelect
          label="Threads"
          value={filter.status}
          options={STATUS_OPTIONS}
          onChange={(status) => setFilter({ ...filter, status: status as Status })}
        />
      </div>
      <p className="discussion-count">
        {shown.length === state.threads.length
          ? `${state.threads.length} ${state.threads.length === 1 ? 'thread' : 'threads'}.`
          : `${shown.length} of ${state.threads.length} threads.`}
      </p>
      <ol className="discussion-threads">
        {shown.map((thread) => (
          <Thread
            key={thread.id}
            base={base}
            thread={thread}
            reference={threadReference(thread, references)}
            me={me}
            commenting={commenting}
            live={live}
          />
        ))}
      </ol>
    </dialog>
  );
}

const STATUS_OPTIONS: [Status, string][] = [
  ['all', 'All'],
  ['open', 'Open'],
  ['resolved', 'Resolved'],
];

/** One filter of the thread list: a labelled select of [value, text] options. */
function FilterSelect({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: readonly (readonly [string, string])[];
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {label}{' '}
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

function ObserversSwitch({
  base,
  allowed,
  live,
}: {
  base: string;
  allowed: boolean;
  live: boolean;
}) {
  const [error, setError] = useState<string | null>(null);
  // The choice sent, shown until the draft's copy says so (or the server refuses it).
  const [chosen, setChosen] = useState<boolean | null>(null);
  if (chosen !== null && chosen === allowed) setChosen(null);
  return (
    <p className="discussion-switch">
      <label>
        <input
          type="checkbox"
          checked={chosen ?? allowed}
          disabled={chosen !== null || !live}
          onChange={(event) => {
            const observersMayComment = event.target.checked;
            setChosen(observersMayComment);
            void send(`${base}/settings`, 'POST', { observersMayComment }).then((refusal) => {
              setError(refusal);
              if (refusal !== null) setChosen(null);
            });
          }}
        />{' '}
        Observers may comment
      </label>
      {error ? <span role="alert"> {error}</span> : null}
    </p>
  );
}

/** A comment's text box with its own validation message (no native 'required'). */
function CommentForm({
  label,
  submit,
  action,
  initial = '',
  onDone,
  onCancel,
}: {
  label: string;
  submit: string;
  action: (text: string) => Promise<string | null>;
  initial?: string;
  onDone?: () => void;
  onCancel?: () => void;
}) {
  const id = useId();
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) {
      setError('Write the comment first.');
      return;
    }
    setBusy(true);
    const refusal = await action(text.trim());
    setBusy(false);
    setError(refusal);
    if (refusal === null) {
      setText('');
      onDone?.();
    }
  }
  return (
    <form className="comment-form" onSubmit={(event) => void onSubmit(event)}>
      <label htmlFor={`${id}-text`}>{label}</label>
      <textarea
        id={`${id}-text`}
        value={text}
        rows={2}
        maxLength={MAX_COMMENT_LENGTH}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => setText(event.target.value)}
      />
      {error ? (
        <p id={`${id}-error`} className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="submit" disabled={busy}>
          {submit}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

function NewThread({
  base,
  references,
  caret,
  request,
}: {
  base: string;
  references: AnchorReferences;
  caret: string | null;
  request: DiscussionRequest;
}) {
  const id = useId();
  const initial = request.amendmentId
    ? `proposal:${request.amendmentId}`
    : request.paragraphId || caret
      ? `paragraph:${request.paragraphId ?? caret}`
      : '';
  const [anchor, setAnchor] = useState(initial);
  return (
    <fieldset className="discussion-new">
      <legend>Start a thread</legend>
      <label htmlFor={`${id}-on`}>About</label>{' '}
      <select id={`${id}-on`} value={anchor} onChange={(event) => setAnchor(event.target.value)}>
        <option value="">Choose a paragraph or a proposal</option>
        <optgroup label="Paragraphs">
          {[...references.paragraphs].map(([paragraphId, reference]) => (
            <option key={paragraphId} value={`paragraph:${paragraphId}`}>
              {reference}
              {paragraphId === caret ? ' (at the caret)' : ''}
            </option>
          ))}
        </optgroup>
        <optgroup label="Pending proposals">
          {[...references.proposals].map(([amendmentId, label]) => (
            <option key={amendmentId} value={`proposal:${amendmentId}`}>
              {label}
            </option>
          ))}
        </optgroup>
      </select>
      <CommentForm
        label="Comment"
        submit="Start thread"
        action={async (text) => {
          const [kind, target] = [
            anchor.slice(0, anchor.indexOf(':')),
            anchor.slice(anchor.indexOf(':') + 1),
          ];
          if (!target) return 'Choose the paragraph or the proposal the thread is about.';
          return send(base, 'POST', {
            ...(kind === 'proposal' ? { amendmentId: target } : { paragraphId: target }),
            text,
          });
        }}
      />
    </fieldset>
  );
}

function Thread({
  base,
  thread,
  reference,
  me,
  commenting,
  live,
}: {
  base: string;
  thread: ThreadState;
  reference: string;
  me: Me;
  commenting: boolean;
  live: boolean;
}) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const mayResolve = me.role === 'facilitator' || thread.startedBy.userId === me.userId;
  return (
    <li
      className={`discussion-thread${thread.resolved ? ' resolved' : ''}`}
      aria-labelledby={`${id}-title`}
      data-thread-id={thread.id}
    >
      <h3 id={`${id}-title`}>
        On {reference}
        {thread.resolved ? <span className="thread-state"> · resolved</span> : null}
      </h3>
      <ol className="discussion-comments">
        {thread.comments.map((comment) => (
          <Comment key={comment.id} base={base} comment={comment} me={me} live={live} />
        ))}
      </ol>
      {thread.resolved ? (
        <p className="thread-resolved">
          Resolved by {thread.resolved.name} ({thread.resolved.delegation}),{' '}
          {timeFormat.format(thread.resolved.at)}
        </p>
      ) : commenting ? (
        <CommentForm
          label={`Reply on ${reference}`}
          submit="Reply"
          action={(text) => send(`${base}/${thread.id}/reply`, 'POST', { text })}
        />
      ) : null}
      {mayResolve && live ? (
        <p className="dialog-actions">
          <button
            type="button"
            onClick={() =>
              void send(`${base}/${thread.id}/resolve`, 'POST', {
                resolved: thread.resolved === null,
              }).then(setError)
            }
          >
            {thread.resolved ? 'Reopen' : 'Resolve'}
            <span className="visually-hidden"> the thread on {reference}</span>
          </button>
        </p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}

function Comment({
  base,
  comment,
  me,
  live,
}: {
  base: string;
  comment: CommentState;
  me: Me;
  live: boolean;
}) {
  const now = useNow();
  const [editing, setEditing] = useState(false);
  const mayEdit = live && comment.userId === me.userId && now < editableUntil(comment.at);
  return (
    <li className="discussion-comment" data-comment-id={comment.id}>
      <p className="comment-by">
        <strong>{comment.delegation}</strong> {comment.name} ·{' '}
        <time dateTime={new Date(comment.at).toISOString()}>{timeFormat.format(comment.at)}</time>
        {comment.editedAt !== null ? <span className="comment-edited"> · edited</span> : null}
      </p>
      {editing ? (
        <CommentForm
          label="Edit your comment"
          submit="Save"
          initial={comment.text}
          action={(text) => send(base, 'PATCH', { commentId: comment.id, text })}
          onDone={() => setEditing(false)}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <p className="comment-text">{comment.text}</p>
      )}
      {mayEdit && !editing ? (
        <button type="button" className="link-button" onClick={() => setEditing(true)}>
          Edit<span className="visually-hidden"> your comment</span>
        </button>
      ) : null}
    </li>
  );
}
