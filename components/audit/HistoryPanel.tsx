'use client';

import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { delegationColorCss } from '@/lib/accounts/delegation-color';
import { AMENDMENT_KIND_LABELS, type AmendmentKind } from '@/lib/amendments/model';
import {
  auditDelegations,
  auditParagraphs,
  matchesAuditFilter,
  type AuditFilter,
} from '@/lib/db/audit-filter';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_ACTIONS,
  isAuditAction,
  type AuditAction,
  type AuditRecord,
} from '@/lib/db/audit-store';
import { isParagraphStatus, PARAGRAPH_STATUS_LABELS } from '@/lib/schema/paragraph-status';

type Loaded = { entries: AuditRecord[] } | { error: string };

/** The history of the draft, newest first, or why it could not be read. */
async function fetchHistory(draftId: string): Promise<Loaded> {
  try {
    const response = await fetch(`/api/drafts/${draftId}/audit`, { cache: 'no-store' });
    const body = (await response.json().catch(() => ({}))) as {
      entries?: AuditRecord[];
      error?: string;
    };
    if (!response.ok || !body.entries) {
      return { error: body.error ?? `the server answered HTTP ${response.status}` };
    }
    return { entries: body.entries };
  } catch {
    return { error: 'the server could not be reached' };
  }
}

const TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** "OP1" < "OP1 bis" < "OP2" < "OP10"; preambular before operative before the rest. */
function compareReferences(a: string, b: string): number {
  const rank = (reference: string) =>
    reference.startsWith('PP') ? 0 : reference.startsWith('OP') ? 1 : 2;
  return rank(a) - rank(b) || a.localeCompare(b, undefined, { numeric: true });
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function statusLabel(value: unknown): string {
  return isParagraphStatus(value) ? PARAGRAPH_STATUS_LABELS[value] : 'none';
}

function kindLabel(value: unknown): string | null {
  return typeof value === 'string' && value in AMENDMENT_KIND_LABELS
    ? AMENDMENT_KIND_LABELS[value as AmendmentKind]
    : null;
}

/** What an entry did: the amendment (proposer, kind, text) or the paragraph's status change. */
function EntryDetail({ entry }: { entry: AuditRecord }) {
  const { detail } = entry;
  if (entry.action === 'paragraph.status') {
    return (
      <p className="history-status">
        Status: {statusLabel(detail.from)} → {statusLabel(detail.to)}
      </p>
    );
  }
  // Rounds (revisions issued, silence procedures) carry their own sentence.
  const summary = text(detail.summary);
  if (summary) return <p className="history-summary">{summary}</p>;
  const proposedBy = text(detail.proposedBy);
  const kind = kindLabel(detail.kind);
  const oldText = text(detail.oldText);
  const newText = text(detail.newText);
  return (
    <>
      {proposedBy || kind ? (
        <p className="history-amendment">
          {kind ?? 'Amendment'}
          {proposedBy ? (
            <>
              {' '}
              proposed by{' '}
              <span
                className="history-delegation"
                style={{ color: delegationColorCss(proposedBy) }}
              >
                {proposedBy}
              </span>
            </>
          ) : null}
        </p>
      ) : null}
      {oldText ? (
        <p className="history-text">
          <span className="visually-hidden">Removes: </span>
          <del>{oldText}</del>
        </p>
      ) : null}
      {newText ? (
        <p className="history-text">
          <span className="visually-hidden">Adds: </span>
          <ins>{newText}</ins>
        </p>
      ) : null}
      {detail.noticedAtOpen === true ? (
        <p className="history-note">
          Recorded when the draft was next opened; who proposed it is taken from the amendment.
        </p>
      ) : null}
    </>
  );
}

/**
 * The open history: a modal dialog that loads on opening. Escape or Close
 * close it, and `onClose` runs once it is closed (while open, the page is inert).
 */
function HistoryDialog({ draftId, onClose }: { draftId: string; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const id = useId();
  const [entries, setEntries] = useState<AuditRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  // Bumped by Refresh: each value is one load.
  const [loadCount, setLoadCount] = useState(0);
  const [filter, setFilter] = useState<{
    delegation: string;
    paragraph: string;
    action: AuditAction | '';
  }>({ delegation: '', paragraph: '', action: '' });

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    heading.current?.focus();
  }, []);

  useEffect(() => {
    let current = true;
    void fetchHistory(draftId).then((loaded) => {
      if (!current) return;
      if ('error' in loaded) {
        setError(loaded.error);
      } else {
        setEntries(loaded.entries);
        setError(null);
      }
      setLoading(false);
    });
    return () => {
      current = false;
    };
  }, [draftId, loadCount]);

  const all = useMemo(() => entries ?? [], [entries]);
  const delegations = useMemo(() => [...new Set(all.flatMap(auditDelegations))].sort(), [all]);
  const paragraphs = useMemo(
    () => [...new Set(all.flatMap(auditParagraphs))].sort(compareReferences),
    [all],
  );
  const actions = useMemo(
    () => AUDIT_ACTIONS.filter((action) => all.some((entry) => entry.action === action)),
    [all],
  );
  const active: AuditFilter = {
    delegation: filter.delegation || undefined,
    paragraph: filter.paragraph || undefined,
    action: filter.action || undefined,
  };
  const shown = all.filter((entry) => matchesAuditFilter(entry, active));
  const csv = new URLSearchParams({ format: 'csv' });
  for (const [name, value] of Object.entries(active)) if (value) csv.set(name, value);

  function refresh() {
    setLoading(true);
    setLoadCount((n) => n + 1);
  }

  const summary = loading
    ? 'Loading the history…'
    : entries === null
      ? ''
      : shown.length === all.length
        ? `${all.length} ${all.length === 1 ? 'entry' : 'entries'}, newest first.`
        : `${shown.length} of ${all.length} entries, newest first.`;

  return (
    <dialog
      ref={dialog}
      className="history-dialog"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
    >
      <div className="history-head">
        <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
          History of this draft
        </h2>
        <button type="button" className="history-refresh" onClick={refresh} disabled={loading}>
          Refresh
        </button>
        <button type="button" className="history-close" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
      <p className="panel-hint">
        Every amendment proposed, withdrawn or decided and every paragraph status set, as recorded
        by the server. Paragraph numbers are those of the time.
      </p>
      {entries === null ? null : (
        <div className="history-tools">
          <div className="amendment-filters" role="group" aria-label="Filter the history">
            <label>
              Delegation{' '}
              <select
                value={filter.delegation}
                onChange={(event) => setFilter({ ...filter, delegation: event.target.value })}
              >
                <option value="">All</option>
                {delegations.map((code) => (
                  <option key={code} value={code}>
                    {code}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Paragraph{' '}
              <select
                value={filter.paragraph}
                onChange={(event) => setFilter({ ...filter, paragraph: event.target.value })}
              >
                <option value="">All</option>
                {paragraphs.map((reference) => (
                  <option key={reference} value={reference}>
                    {reference}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Action{' '}
              <select
                value={filter.action}
                onChange={(event) =>
                  setFilter({
                    ...filter,
                    action: isAuditAction(event.target.value) ? event.target.value : '',
                  })
                }
              >
                <option value="">All</option>
                {actions.map((action) => (
                  <option key={action} value={action}>
                    {AUDIT_ACTION_LABELS[action]}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <a className="history-download" href={`/api/drafts/${draftId}/audit?${csv}`} download>
            Download CSV
          </a>
        </div>
      )}
      <p className="history-summary" aria-live="polite">
        {summary}
      </p>
      {error ? (
        <p className="amendment-error" role="alert">
          Could not load the history: {error.replace(/\.$/, '')}.{' '}
          <button type="button" className="link-button" onClick={refresh} disabled={loading}>
            Try again
          </button>
        </p>
      ) : null}
      {entries !== null && all.length === 0 ? (
        <p className="amendments-empty">Nothing has been recorded on this draft yet.</p>
      ) : entries !== null && shown.length === 0 ? (
        <p className="amendments-empty">No entry matches these filters.</p>
      ) : null}
      {shown.length > 0 ? (
        <div className="history-scroll">
          <table className="history-table" aria-labelledby={`${id}-title`} aria-busy={loading}>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Delegation</th>
                <th scope="col">User</th>
                <th scope="col">Action</th>
                <th scope="col">Paragraph</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((entry) => (
                <tr key={entry.seq} data-seq={entry.seq} data-action={entry.action}>
                  <td className="history-time">
                    <time dateTime={new Date(entry.at).toISOString()}>{TIME.format(entry.at)}</time>
                  </td>
                  <td>
                    <span
                      className="history-delegation"
                      style={{ color: delegationColorCss(entry.delegation) }}
                    >
                      {entry.delegation}
                    </span>
                  </td>
                  <td>{entry.userName}</td>
                  <td>{AUDIT_ACTION_LABELS[entry.action] ?? entry.action}</td>
                  <td className="history-paragraph">{entry.paragraph ?? '—'}</td>
                  <td className="history-detail">
                    <EntryDetail entry={entry} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </dialog>
  );
}

/**
 * The "History" button of the draft page and the dialog it opens: the draft's
 * audit record with filters, a CSV download of what is shown, and Refresh.
 */
export function HistoryPanel({ draftId }: { draftId: string }) {
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
        History
      </button>
      {open ? (
        <HistoryDialog
          draftId={draftId}
          onClose={() => {
            setOpen(false);
            button.current?.focus();
          }}
        />
      ) : null}
    </>
  );
}
