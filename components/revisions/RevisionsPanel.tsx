'use client';

import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { DiffSegment, ParagraphComparison, RevisionComparison } from '@/lib/revisions/compare';
import { revisionName, type RevisionSummary } from '@/lib/revisions/revision';
import type { InlineRun } from '@/lib/schema/resolution-document';

const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const DOWNLOADS = [
  { format: 'docx', label: 'Word' },
  { format: 'pdf', label: 'PDF' },
  { format: 'md', label: 'Markdown' },
] as const;

interface Listing {
  revisions: RevisionSummary[];
  lastSeen: number | null;
}

interface Compared {
  from: RevisionSummary;
  to: RevisionSummary;
  comparison: RevisionComparison;
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { cache: 'no-store', ...init });
  const body = (await response.json().catch(() => null)) as (T & { error?: string }) | null;
  if (!response.ok || !body) {
    throw new Error(body?.error ?? `the server answered ${response.status}`);
  }
  return body;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A run of text or a footnote, as the comparison shows it. */
export function Runs({ runs }: { runs: readonly InlineRun[] }) {
  return (
    <>
      {runs.map((run, i) =>
        'footnote' in run ? (
          <span key={i} className="compare-footnote">
            [footnote: {run.footnote.map((part) => part.text).join('')}]
          </span>
        ) : run.italic ? (
          <em key={i}>{run.text}</em>
        ) : (
          <span key={i}>{run.text}</span>
        ),
      )}
    </>
  );
}

/** The segments of one side (or both, inline) with insertions and deletions marked. */
function Segments({
  segments,
  show,
}: {
  segments: readonly DiffSegment[];
  show: 'older' | 'newer' | 'both';
}) {
  return (
    <>
      {segments.map((segment, i) => {
        if (segment.change === 'equal') return <Runs key={i} runs={segment.runs} />;
        if (segment.change === 'deleted') {
          return show === 'newer' ? null : (
            <del key={i}>
              <span className="visually-hidden">[deleted: </span>
              <Runs runs={segment.runs} />
              <span className="visually-hidden">]</span>
            </del>
          );
        }
        return show === 'older' ? null : (
          <ins key={i}>
            <span className="visually-hidden">[inserted: </span>
            <Runs runs={segment.runs} />
            <span className="visually-hidden">]</span>
          </ins>
        );
      })}
    </>
  );
}

/** "moved from OP3", "was OP5", "new", "deleted", "changed". */
function changeNote(paragraph: ParagraphComparison): string {
  const was = paragraph.older?.reference;
  switch (paragraph.change) {
    case 'added':
      return 'new';
    case 'deleted':
      return 'deleted';
    case 'moved':
      return `moved from ${was}${paragraph.textChanged ? ', changed' : ''}`;
    case 'renumbered':
      return `was ${was}`;
    case 'changed':
      return paragraph.older?.reference !== paragraph.newer?.reference
        ? `changed, was ${was}`
        : 'changed';
    default:
      return '';
  }
}

function ComparisonView({ compared }: { compared: Compared }) {
  const id = useId();
  const [layout, setLayout] = useState<'side' | 'inline'>('side');
  const [changedOnly, setChangedOnly] = useState(true);
  const list = useRef<HTMLOListElement>(null);
  const { comparison, from, to } = compared;
  const shown = comparison.paragraphs.filter(
    (paragraph) => !changedOnly || paragraph.change !== 'unchanged',
  );
  const { summary } = comparison;
  const counts = [
    [summary.changed + summary.movedAndChanged, 'changed'],
    [summary.moved, 'moved'],
    [summary.added, 'new'],
    [summary.deleted, 'deleted'],
    [summary.renumbered, 'renumbered only'],
  ] as const;

  /** Moves focus to the next (or previous) changed paragraph after the one focused. */
  function jump(direction: 1 | -1) {
    const rows = [...(list.current?.querySelectorAll<HTMLElement>('[data-changed="true"]') ?? [])];
    if (rows.length === 0) return;
    const at = rows.indexOf(document.activeElement as HTMLElement);
    const next =
      at < 0
        ? direction === 1
          ? 0
          : rows.length - 1
        : (at + direction + rows.length) % rows.length;
    rows[next]?.focus();
    rows[next]?.scrollIntoView({ block: 'center' });
  }

  return (
    <section className="compare" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        {from.name} → {to.name}
      </h3>
      <p className="compare-summary" aria-live="polite">
        {counts
          .filter(([count]) => count > 0)
          .map(([count, label]) => `${count} ${label}`)
          .join(', ') || 'No paragraph changed.'}
        {summary.header > 0 ? ` Header: ${summary.header} field(s) changed.` : ''}
      </p>
      {comparison.header.length > 0 ? (
        <ul className="compare-header">
          {comparison.header.map((change) => (
            <li key={change.field}>
              {change.field}: <del>{change.older || '(none)'}</del> →{' '}
              <ins>{change.newer || '(none)'}</ins>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="compare-tools" role="group" aria-label="How the comparison is shown">
        <fieldset className="mode-switch">
          <legend>Show</legend>
          {(['side', 'inline'] as const).map((option) => (
            <label key={option} className={option === layout ? 'selected' : undefined}>
              <input
                type="radio"
                name={`${id}-layout`}
                value={option}
                checked={layout === option}
                onChange={() => setLayout(option)}
              />
              {option === 'side' ? 'Side by side' : 'Inline'}
            </label>
          ))}
        </fieldset>
        <label>
          <input
            type="checkbox"
            checked={changedOnly}
            onChange={(event) => setChangedOnly(event.target.checked)}
          />{' '}
          Changed only
        </label>
        <button type="button" onClick={() => jump(-1)}>
          Previous change
        </button>
        <button type="button" onClick={() => jump(1)}>
          Next change
        </button>
      </div>
      <ol className={`compare-list compare-${layout}`} ref={list} aria-label="Paragraphs compared">
        {shown.map((paragraph) => {
          const changed = paragraph.change !== 'unchanged' && paragraph.change !== 'renumbered';
          const note = changeNote(paragraph);
          const reference = paragraph.newer?.reference ?? paragraph.older?.reference ?? '';
          return (
            <li
              key={paragraph.paragraphId}
              className={`compare-paragraph compare-${paragraph.change}`}
              data-change={paragraph.change}
              data-changed={changed}
              tabIndex={changed ? -1 : undefined}
            >
              <p className="compare-ref">
                <strong>{reference}</strong>
                {note ? <span className="compare-note"> {note}</span> : null}
              </p>
              {layout === 'inline' ? (
                <p className="compare-text">
                  <Segments segments={paragraph.segments} show="both" />
                </p>
              ) : (
                <div className="compare-sides">
                  <p className="compare-text compare-older">
                    <span className="visually-hidden">{from.name}: </span>
                    {paragraph.older ? (
                      <Segments segments={paragraph.segments} show="older" />
                    ) : (
                      '—'
                    )}
                  </p>
                  <p className="compare-text compare-newer">
                    <span className="visually-hidden">{to.name}: </span>
                    {paragraph.newer ? (
                      <Segments segments={paragraph.segments} show="newer" />
                    ) : (
                      '—'
                    )}
                  </p>
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The facilitator's form: the next revision, with a note and what becomes of pending amendments. */
function IssueForm({
  draftId,
  next,
  pendingCount,
  onIssued,
}: {
  draftId: string;
  next: number;
  pendingCount: number;
  onIssued: (text: string) => void;
}) {
  const id = useId();
  const [note, setNote] = useState('');
  const [pending, setPending] = useState<'carry' | 'reject'>('carry');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = revisionName(next);
  return (
    <form
      className="revision-issue"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        setError(null);
        request<{ revision: RevisionSummary; carried: number; closed: { done: string[] } | null }>(
          `/api/drafts/${draftId}/revisions`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ note, pending }),
          },
        )
          .then((report) => {
            setNote('');
            const closed = report.closed?.done.length ?? 0;
            onIssued(
              `${report.revision.name} issued${report.revision.symbol ? ` as ${report.revision.symbol}` : ''}.` +
                (closed > 0
                  ? ` ${closed} pending amendment(s) closed.`
                  : report.carried > 0
                    ? ` ${report.carried} pending amendment(s) carried over.`
                    : ''),
            );
          })
          .catch((failure: unknown) => setError(`Not issued: ${message(failure)}`))
          .finally(() => setBusy(false));
      }}
    >
      <h3 id={`${id}-title`}>Issue {name}</h3>
      <p className="panel-hint">
        {name} is the agreed text as it stands now; it never changes once issued.
      </p>
      <label className="revision-note">
        Note to delegations (optional)
        <textarea
          value={note}
          maxLength={4000}
          rows={3}
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
      {pendingCount > 0 ? (
        <fieldset>
          <legend>
            {pendingCount} amendment{pendingCount === 1 ? ' is' : 's are'} pending
          </legend>
          <label>
            <input
              type="radio"
              name={`${id}-pending`}
              checked={pending === 'carry'}
              onChange={() => setPending('carry')}
            />{' '}
            Keep {pendingCount === 1 ? 'it' : 'them'} pending into the next round
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-pending`}
              checked={pending === 'reject'}
              onChange={() => setPending('reject')}
            />{' '}
            Close {pendingCount === 1 ? 'it' : 'them'} (rejected, on the record)
          </label>
        </fieldset>
      ) : null}
      <button type="submit" disabled={busy}>
        Issue {name}
      </button>
      {error ? (
        <p role="alert" className="export-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}

function RevisionsDialog({
  draftId,
  mayIssue,
  pendingCount,
  onClose,
}: {
  draftId: string;
  mayIssue: boolean;
  pendingCount: number;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const id = useId();
  const [listing, setListing] = useState<Listing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [pair, setPair] = useState<{ from: number; to: number } | null>(null);
  const [compared, setCompared] = useState<Compared | null>(null);
  const [comparing, setComparing] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    heading.current?.focus();
  }, []);

  const load = useCallback(() => {
    request<Listing>(`/api/drafts/${draftId}/revisions`)
      .then((loaded) => {
        setListing(loaded);
        setError(null);
        const numbers = loaded.revisions.map((revision) => revision.number);
        if (numbers.length >= 2) {
          setPair((current) => current ?? { from: numbers.at(-2)!, to: numbers.at(-1)! });
        }
      })
      .catch((failure: unknown) => setError(`Could not load the revisions: ${message(failure)}`));
  }, [draftId]);
  useEffect(load, [load]);

  function compare(from: number, to: number) {
    setComparing(true);
    setPair({ from, to });
    request<Compared>(`/api/drafts/${draftId}/revisions/compare?from=${from}&to=${to}`)
      .then((result) => {
        setCompared(result);
        setError(null);
        // What this user has now read, for "compare with what I last saw".
        return request<{ lastSeen: number }>(`/api/drafts/${draftId}/revisions/seen`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ number: to }),
        }).then(({ lastSeen }) =>
          setListing((current) => (current ? { ...current, lastSeen } : current)),
        );
      })
      .catch((failure: unknown) => setError(`Could not compare: ${message(failure)}`))
      .finally(() => setComparing(false));
  }

  const revisions = listing?.revisions ?? [];
  const latest = revisions.at(-1);
  const next = latest ? latest.number + 1 : 0;
  const lastSeen = listing?.lastSeen ?? null;
  let body: ReactNode = null;
  if (listing && revisions.length === 0) {
    body = (
      <p className="amendments-empty">
        No revision yet. {mayIssue ? 'Issue the zero draft below.' : 'The facilitator issues them.'}
      </p>
    );
  } else if (listing) {
    body = (
      <table className="history-table revisions-table">
        <thead>
          <tr>
            <th scope="col">Revision</th>
            <th scope="col">Symbol</th>
            <th scope="col">Issued</th>
            <th scope="col">By</th>
            <th scope="col">Note</th>
            <th scope="col">Download</th>
          </tr>
        </thead>
        <tbody>
          {revisions.map((revision, index) => (
            <tr key={revision.number} data-revision={revision.number}>
              <th scope="row">{revision.name}</th>
              <td>{revision.symbol || '—'}</td>
              <td>
                <time dateTime={new Date(revision.issuedAt).toISOString()}>
                  {DATE.format(revision.issuedAt)}
                </time>
              </td>
              <td>
                {revision.issuedBy.name} ({revision.issuedBy.delegation})
              </td>
              <td className="revision-note-text">{revision.note || '—'}</td>
              <td className="revision-downloads">
                {DOWNLOADS.map(({ format, label }) => (
                  <a
                    key={format}
                    href={`/api/drafts/${draftId}/revisions/${revision.number}/export?format=${format}`}
                    download
                    aria-label={`${revision.name} as ${label}`}
                  >
                    {label}
                  </a>
                ))}
                {index > 0 ? (
                  <a
                    href={`/api/drafts/${draftId}/revisions/compare?from=${revisions[index - 1]!.number}&to=${revision.number}&format=docx`}
                    download
                    aria-label={`${revision.name} marked against ${revisions[index - 1]!.name} (Word)`}
                  >
                    Marked (Word)
                  </a>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }

  return (
    <dialog
      ref={dialog}
      className="history-dialog revisions-dialog"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
    >
      <div className="history-head">
        <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
          Revisions
        </h2>
        <button type="button" className="history-close" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
      <p className="panel-hint">
        Each round&apos;s text as the facilitator issued it (zero draft, Rev.1 …), compared clause
        by clause: paragraphs are matched, not lined up, so a renumbered paragraph is not a change.
      </p>
      <p aria-live="polite" className="revision-notice">
        {notice}
      </p>
      {error ? (
        <p role="alert" className="export-error">
          {error}
        </p>
      ) : null}
      {listing === null && !error ? <p>Loading the revisions…</p> : body}
      {revisions.length >= 2 && pair ? (
        <form
          className="compare-choose"
          aria-label="Compare two revisions"
          onSubmit={(event) => {
            event.preventDefault();
            compare(pair.from, pair.to);
          }}
        >
          <label>
            Compare{' '}
            <select
              value={pair.from}
              onChange={(event) => setPair({ ...pair, from: Number(event.target.value) })}
            >
              {revisions.map((revision) => (
                <option key={revision.number} value={revision.number}>
                  {revision.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            with{' '}
            <select
              value={pair.to}
              onChange={(event) => setPair({ ...pair, to: Number(event.target.value) })}
            >
              {revisions.map((revision) => (
                <option key={revision.number} value={revision.number}>
                  {revision.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={comparing || pair.from === pair.to}>
            Compare
          </button>
          {latest && lastSeen !== null && lastSeen < latest.number ? (
            <button type="button" onClick={() => compare(lastSeen, latest.number)}>
              Compare with what I last saw ({revisionName(lastSeen)})
            </button>
          ) : null}
        </form>
      ) : null}
      {compared ? (
        <p className="compare-downloads">
          {compared.to.name} marked against {compared.from.name}:{' '}
          {(['docx', 'md'] as const).map((format) => (
            <a
              key={format}
              href={`/api/drafts/${draftId}/revisions/compare?from=${compared.from.number}&to=${compared.to.number}&format=${format}`}
              download
            >
              {format === 'docx' ? 'Word (tracked changes)' : 'Markdown'}
            </a>
          ))}
        </p>
      ) : null}
      {comparing ? <p aria-live="polite">Comparing…</p> : null}
      {compared ? <ComparisonView compared={compared} /> : null}
      {mayIssue && listing ? (
        <IssueForm
          draftId={draftId}
          next={next}
          pendingCount={pendingCount}
          onIssued={(text) => {
            setNotice(text);
            load();
          }}
        />
      ) : null}
    </dialog>
  );
}

/** The "Revisions" button of the draft page and the dialog it opens. */
export function RevisionsPanel({
  draftId,
  mayIssue,
  pendingCount,
}: {
  draftId: string;
  /** The facilitator issues revisions. */
  mayIssue: boolean;
  pendingCount: number;
}) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={button}
        type="button"
        className="history-button"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        Revisions
      </button>
      {open ? (
        <RevisionsDialog
          draftId={draftId}
          mayIssue={mayIssue}
          pendingCount={pendingCount}
          onClose={() => {
            setOpen(false);
            button.current?.focus();
          }}
        />
      ) : null}
    </>
  );
}
