'use client';

import { useEffect, useId, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import {
  MAX_SILENCE_DAYS,
  MAX_SILENCE_PARAGRAPHS_LENGTH,
  MAX_SILENCE_STATEMENT_LENGTH,
  type SilenceState,
} from '@/lib/collab/silence-state';
import { formatMoment, NEW_YORK, timeLeft } from './silence-time';

/** A moment in the delegate's own time zone and in New York's. */
function Moment({ ms }: { ms: number }) {
  return (
    <>
      <time dateTime={new Date(ms).toISOString()}>{formatMoment(ms)}</time> (
      {formatMoment(ms, NEW_YORK)} in New York)
    </>
  );
}

/** Sends a silence request; resolves to null when done, or the server's message. */
async function post(url: string, body?: unknown): Promise<string | null> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.ok) return null;
    const answer = (await response.json().catch(() => ({}))) as { error?: string };
    return answer.error ?? `The server answered ${response.status}.`;
  } catch {
    return 'The server could not be reached; try again.';
  }
}

/** A dialog's request: busy while it runs; on failure the server's message. */
function useSilenceRequest(url: string) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** Resolves to whether it was done. */
  const send = async (body: unknown): Promise<boolean> => {
    setBusy(true);
    const failed = await post(url, body);
    setBusy(false);
    setError(failed);
    return failed === null;
  };
  return { error, setError, busy, send };
}

/**
 * A modal dialog of the silence panel: its first field takes focus; Escape or
 * Cancel close it and `onClose` runs (the opener then takes focus back).
 */
function SilenceDialog({
  title,
  submit,
  onSubmit,
  onClose,
  error,
  busy,
  children,
}: {
  title: string;
  submit: string;
  /** Resolves to true when done: the dialog then closes. */
  onSubmit: () => Promise<boolean> | boolean;
  onClose: () => void;
  error: string | null;
  busy: boolean;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    element?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="silence-dialog"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          void Promise.resolve(onSubmit()).then((done) => {
            if (done) dialog.current?.close();
          });
        }}
      >
        <h2 id={`${id}-title`}>{title}</h2>
        {children}
        {error ? (
          <p role="alert" className="silence-error">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="submit" disabled={busy}>
            {submit}
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

function BreakDialog({ draftId, onClose }: { draftId: string; onClose: () => void }) {
  const id = useId();
  const [paragraphs, setParagraphs] = useState('');
  const [statement, setStatement] = useState('');
  const request = useSilenceRequest(`/api/drafts/${draftId}/silence/break`);
  const { error, setError, busy } = request;
  const send = () => {
    const missing = !paragraphs.trim()
      ? 'Name the paragraphs concerned, e.g. OP3, OP7.'
      : !statement.trim()
        ? 'Silence is broken in writing: give a statement.'
        : null;
    if (missing) {
      setError(missing);
      return false;
    }
    return request.send({ paragraphs, statement });
  };
  return (
    <SilenceDialog
      title="Break silence"
      submit="Break silence"
      onSubmit={send}
      onClose={onClose}
      error={error}
      busy={busy}
    >
      <p className="silence-hint" id={`${id}-hint`}>
        Every delegation on this draft sees your statement at once, with your delegation’s name.
      </p>
      <label htmlFor={`${id}-paragraphs`}>Paragraphs concerned</label>
      <input
        id={`${id}-paragraphs`}
        value={paragraphs}
        placeholder="OP3, OP7"
        maxLength={MAX_SILENCE_PARAGRAPHS_LENGTH}
        aria-required="true"
        onChange={(event) => setParagraphs(event.target.value)}
      />
      <label htmlFor={`${id}-statement`}>Statement</label>
      <textarea
        id={`${id}-statement`}
        value={statement}
        rows={5}
        maxLength={MAX_SILENCE_STATEMENT_LENGTH}
        aria-required="true"
        aria-describedby={`${id}-hint`}
        onChange={(event) => setStatement(event.target.value)}
      />
    </SilenceDialog>
  );
}

interface RevisionOption {
  number: number;
  name: string;
}

/** A `datetime-local` value (the delegate's own time zone) for `ms`. */
function localInputValue(ms: number): string {
  const date = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 16);
}

function StartDialog({ draftId, onClose }: { draftId: string; onClose: () => void }) {
  const id = useId();
  const [revisions, setRevisions] = useState<RevisionOption[] | null>(null);
  const [revision, setRevision] = useState('');
  // By default 72 hours ahead, the General Assembly's shortest silence (decision 74/544).
  const [deadline, setDeadline] = useState(() => localInputValue(Date.now() + 72 * 3600_000));
  const request = useSilenceRequest(`/api/drafts/${draftId}/silence`);
  const { error, setError, busy } = request;
  useEffect(() => {
    let current = true;
    void fetch(`/api/drafts/${draftId}/revisions`)
      .then(async (response) => {
        const answer = (await response.json()) as { revisions?: RevisionOption[]; error?: string };
        if (!current) return;
        if (!response.ok || !answer.revisions) throw new Error(answer.error);
        setRevisions(answer.revisions);
        const latest = answer.revisions[answer.revisions.length - 1];
        if (latest) setRevision(String(latest.number));
      })
      .catch((reason: unknown) => {
        if (current) setError(`The revisions could not be loaded. ${String(reason)}`);
      });
    return () => {
      current = false;
    };
  }, [draftId, setError]);
  const at = deadline ? new Date(deadline).getTime() : Number.NaN;
  const send = () => {
    const missing = !revision
      ? 'Issue a revision first: silence runs on a revision.'
      : !Number.isFinite(at)
        ? 'Give the deadline’s date and time.'
        : null;
    if (missing) {
      setError(missing);
      return false;
    }
    return request.send({ revision: Number(revision), deadline: new Date(at).toISOString() });
  };
  return (
    <SilenceDialog
      title="Put under silence"
      submit="Put under silence"
      onSubmit={send}
      onClose={onClose}
      error={error}
      busy={busy}
    >
      <label htmlFor={`${id}-revision`}>Revision</label>
      <select
        id={`${id}-revision`}
        value={revision}
        onChange={(event) => setRevision(event.target.value)}
      >
        {revisions === null ? <option value="">Loading…</option> : null}
        {revisions?.length === 0 ? <option value="">No revision issued yet</option> : null}
        {revisions?.map((option) => (
          <option key={option.number} value={option.number}>
            {option.name}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-deadline`}>Deadline (your time)</label>
      <input
        id={`${id}-deadline`}
        type="datetime-local"
        value={deadline}
        aria-required="true"
        aria-describedby={`${id}-when`}
        onChange={(event) => setDeadline(event.target.value)}
      />
      <p className="silence-hint" id={`${id}-when`} aria-live="polite">
        {Number.isFinite(at) ? (
          <>
            Silence until <Moment ms={at} />. At most {MAX_SILENCE_DAYS} days ahead.
          </>
        ) : (
          `At most ${MAX_SILENCE_DAYS} days ahead.`
        )}
      </p>
    </SilenceDialog>
  );
}

function outcomeText(state: SilenceState): string {
  const delegations = [...new Set(state.breaks.map((entry) => entry.delegation))].join(', ');
  switch (state.outcome) {
    case 'held':
      return `Silence held on ${state.revisionName}: no delegation broke it by the deadline, so ${state.revisionName} is the agreed text.`;
    case 'broken':
      return `Silence on ${state.revisionName} was broken by ${delegations}. The text is open again.`;
    default:
      return `Silence on ${state.revisionName} was ended early${state.endedBy ? ` by ${state.endedBy.delegation}` : ''}, unbroken. The text is open again.`;
  }
}

/** The statements breaking silence, listed as they come in. */
function BreakList({ state }: { state: SilenceState }) {
  if (state.breaks.length === 0) return null;
  return (
    <ul className="silence-breaks" aria-label="Statements breaking silence" aria-live="polite">
      {state.breaks.map((entry) => (
        <li key={`${entry.delegation}-${entry.at}`}>
          <strong>{entry.delegation}</strong> ({entry.name}) broke silence on{' '}
          <strong>{entry.paragraphs}</strong>,{' '}
          <time dateTime={new Date(entry.at).toISOString()}>{formatMoment(entry.at)}</time>:
          <blockquote>{entry.statement}</blockquote>
        </li>
      ))}
    </ul>
  );
}

/**
 * The silence procedure on the draft page: while silence runs, a banner with
 * the deadline (the delegate's time and New York's) and the time left, the
 * statements breaking it as they come, and "Break silence" for every
 * delegation; the facilitator puts a revision under silence and may end it
 * early; afterwards, the outcome. Driven by the draft's live `silence` state.
 */
export function SilencePanel({
  draftId,
  silence,
  mayDecide,
  live,
}: {
  draftId: string;
  silence: SilenceState | null;
  mayDecide: boolean;
  live: boolean;
}) {
  const [dialog, setDialog] = useState<'break' | 'start' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const opener = useRef<HTMLButtonElement>(null);
  const running = silence !== null && silence.outcome === null;
  const deadline = running ? silence.deadline : null;
  useEffect(() => {
    if (deadline === null) return;
    // The clock read now (the page may have been open long before silence began), then every 15 s.
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 15_000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [deadline]);
  const open = (event: MouseEvent<HTMLButtonElement>) => {
    opener.current = event.currentTarget;
    setDialog(event.currentTarget.value === 'start' ? 'start' : 'break');
  };
  const close = () => {
    setDialog(null);
    opener.current?.focus();
  };
  const endNow = async () => {
    setError(await post(`/api/drafts/${draftId}/silence/end`));
  };
  if (!running && !silence && !mayDecide) return null;
  return (
    <section
      className={`silence-panel ${running ? 'silence-running' : ''}`}
      aria-label="Silence procedure"
      data-testid="silence-panel"
    >
      <p className="silence-summary" aria-live="polite">
        {running ? (
          <>
            <strong>Under silence</strong> until <Moment ms={silence.deadline} /> —{' '}
            {timeLeft(silence.deadline, now)}. {silence.revisionName} is read only for everyone
            until then.
          </>
        ) : silence ? (
          outcomeText(silence)
        ) : (
          'No silence procedure on this draft.'
        )}
      </p>
      {silence ? <BreakList state={silence} /> : null}
      <div className="silence-actions">
        {running ? (
          <button
            type="button"
            aria-haspopup="dialog"
            disabled={!live}
            value="break"
            onClick={open}
          >
            Break silence
          </button>
        ) : null}
        {mayDecide && running ? (
          <button type="button" disabled={!live} onClick={() => void endNow()}>
            End silence now
          </button>
        ) : null}
        {mayDecide && !running ? (
          <button
            type="button"
            aria-haspopup="dialog"
            disabled={!live}
            value="start"
            onClick={open}
          >
            Put under silence
          </button>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="silence-error">
          {error}
        </p>
      ) : null}
      {dialog === 'break' ? <BreakDialog draftId={draftId} onClose={close} /> : null}
      {dialog === 'start' ? <StartDialog draftId={draftId} onClose={close} /> : null}
    </section>
  );
}
