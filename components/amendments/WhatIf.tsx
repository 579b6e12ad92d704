'use client';

import { useEffect, useId, useRef, useState } from 'react';
import type { PendingAmendment } from '@/lib/amendments/collect';
import { AMENDMENT_KIND_LABELS } from '@/lib/amendments/model';
import type { WhatIf } from '@/lib/amendments/what-if';
import { Runs } from '@/components/revisions/RevisionsPanel';

/**
 * The what-if view (issue 23): a delegation ticks pending amendments on the
 * Amendments panel's cards and sees the text as if exactly those were
 * accepted, numbered as it would be, with the conflicts between them, and
 * may export it as Word or Markdown. Each delegation's ticks are its own
 * (never shared); nothing is decided by looking.
 */

/** The what-if text as the route answers it (no ResolutionDocument). */
type WhatIfView = Omit<WhatIf, 'document'>;

/** The what-if mode of one panel: on or off, and the amendments ticked. */
export interface WhatIfSelection {
  active: boolean;
  setActive: (active: boolean) => void;
  chosen: ReadonlySet<string>;
  toggle: (id: string) => void;
  clear: () => void;
}

/**
 * The panel's what-if state. A ticked amendment that stops being pending
 * stays in the set but is no longer shown or sent (`WhatIfBar` sends the
 * pending ones).
 */
export function useWhatIfSelection(): WhatIfSelection {
  const [active, setActive] = useState(false);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  return {
    active,
    setActive,
    chosen,
    toggle: (id) =>
      setChosen((current) => {
        const next = new Set(current);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    clear: () => setChosen(new Set()),
  };
}

/** "FRA's replacement in OP1". */
function describe(amendment: { delegation: string; kind: string; references: string[] }) {
  const kind = (AMENDMENT_KIND_LABELS as Record<string, string>)[amendment.kind] ?? 'amendment';
  return `${amendment.delegation}’s ${kind.toLowerCase()} in ${amendment.references.join(' → ')}`;
}

/** The tick on an amendment's card, while the what-if mode is on. */
export function WhatIfCheckbox({
  selection,
  amendment,
}: {
  selection: WhatIfSelection;
  amendment: PendingAmendment;
}) {
  if (!selection.active) return null;
  return (
    <label className="what-if-tick">
      <input
        type="checkbox"
        checked={selection.chosen.has(amendment.suggestionId)}
        onChange={() => selection.toggle(amendment.suggestionId)}
      />{' '}
      What if accepted
      <span className="visually-hidden">: {describe(amendment)}</span>
    </label>
  );
}

/** Sends the what-if request; JSON or a file. */
async function ask(draftId: string, ids: readonly string[], format: 'json' | 'docx' | 'md') {
  const response = await fetch(`/api/drafts/${draftId}/what-if`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ids, format }),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: string } | null;
    throw new Error(body?.error ?? `the server answered ${response.status}`);
  }
  return response;
}

/** Hands a response's file to the browser as a download. */
async function download(response: Response, fallback: string): Promise<void> {
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name ?? fallback;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const failed = (error: unknown) =>
  `Could not build the what-if text: ${error instanceof Error ? error.message : String(error)}. Try again.`;

/** The dialog with the what-if text, its conflicts and its downloads. */
function WhatIfDialog({
  draftId,
  ids,
  pending,
  onClose,
}: {
  draftId: string;
  ids: readonly string[];
  pending: readonly PendingAmendment[];
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [view, setView] = useState<WhatIfView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  useEffect(() => {
    let live = true;
    ask(draftId, ids, 'json')
      .then((response) => response.json() as Promise<WhatIfView>)
      .then((answer) => live && setView(answer))
      .catch((caught: unknown) => live && setError(failed(caught)));
    return () => {
      live = false;
    };
  }, [draftId, ids]);

  const byId = new Map(pending.map((amendment) => [amendment.suggestionId, amendment]));
  const name = (amendmentId: string) => {
    const amendment =
      byId.get(amendmentId) ?? view?.amendments.find((entry) => entry.id === amendmentId);
    return amendment ? describe(amendment) : 'an amendment no longer pending';
  };
  const exportAs = async (format: 'docx' | 'md') => {
    setBusy(true);
    setError(null);
    try {
      await download(await ask(draftId, ids, format), `what-if.${format}`);
    } catch (caught) {
      setError(failed(caught));
    } finally {
      setBusy(false);
    }
  };
  const count = ids.length;

  return (
    <dialog
      ref={dialog}
      className="history-dialog what-if-dialog"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
    >
      <div className="history-head">
        <h2 id={`${id}-title`}>
          {count === 0
            ? 'The text with no amendment accepted'
            : `The text as if ${count === 1 ? 'this amendment were' : `these ${count} amendments were`} accepted`}
        </h2>
        <button type="button" disabled={busy || !view} onClick={() => void exportAs('docx')}>
          Export as Word
        </button>
        <button type="button" disabled={busy || !view} onClick={() => void exportAs('md')}>
          Markdown
        </button>
        <button type="button" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
      <p className="what-if-hint">
        Every other pending amendment is left out. Nothing is decided: this view is yours alone.
      </p>
      <div aria-live="polite">
        {!view && !error ? <p>Building the text…</p> : null}
        {error ? <p className="amendment-error">{error}</p> : null}
      </div>
      {view ? (
        <div className="what-if-body">
          {view.amendments.length > 0 ? (
            <section aria-labelledby={`${id}-chosen`}>
              <h3 id={`${id}-chosen`}>Accepted in this view</h3>
              <ul className="what-if-chosen">
                {view.amendments.map((amendment) => (
                  <li key={amendment.id}>{describe(amendment)}</li>
                ))}
              </ul>
            </section>
          ) : null}
          {view.ignored.length > 0 ? (
            <p className="what-if-note">
              {view.ignored.length === 1
                ? 'One amendment you ticked is no longer pending: it is left out.'
                : `${view.ignored.length} amendments you ticked are no longer pending: they are left out.`}
            </p>
          ) : null}
          <section aria-labelledby={`${id}-conflicts`} className="what-if-conflicts">
            <h3 id={`${id}-conflicts`}>
              {view.conflicts.length === 0
                ? 'No conflicts between these amendments'
                : `Conflicts (${view.conflicts.length})`}
            </h3>
            {view.conflicts.length > 0 ? (
              <ul>
                {view.conflicts.map((conflict, i) => (
                  <li key={i} className="what-if-conflict">
                    <strong>{conflict.references.join(', ')}:</strong> {conflict.reason}
                    <br />
                    <span className="what-if-concerned">
                      Concerned: {conflict.ids.map(name).join('; ')}
                    </span>
                  </li>
                ))}
              </ul>
            ) : null}
          </section>
          <section aria-labelledby={`${id}-text`}>
            <h3 id={`${id}-text`}>The text</h3>
            <ol className="compare-list what-if-text">
              {view.paragraphs.map((paragraph, i) => (
                <li
                  key={paragraph.paragraphId ?? i}
                  className={`compare-paragraph what-if-${paragraph.kind}${
                    paragraph.was === null
                      ? ' compare-added'
                      : paragraph.changed
                        ? ' compare-changed'
                        : ''
                  }`}
                >
                  <p className="compare-ref">
                    <strong>{paragraph.reference}</strong>
                    {paragraph.was === null ? (
                      <span className="compare-note"> (new)</span>
                    ) : paragraph.was !== paragraph.reference ? (
                      <span className="compare-note"> (was {paragraph.was})</span>
                    ) : null}
                    {paragraph.was !== null && paragraph.changed ? (
                      <span className="compare-note"> (changed)</span>
                    ) : null}
                  </p>
                  <p className="what-if-words">
                    {paragraph.label ? `${paragraph.label} ` : ''}
                    <Runs runs={paragraph.content} />
                  </p>
                </li>
              ))}
              {view.removed.map((paragraph) => (
                <li key={paragraph.paragraphId} className="compare-paragraph compare-deleted">
                  <p className="compare-ref">
                    <strong>{paragraph.reference}</strong>
                    <span className="compare-note"> (deleted)</span>
                  </p>
                  <p className="what-if-words">
                    <del>{paragraph.text}</del>
                  </p>
                </li>
              ))}
            </ol>
          </section>
        </div>
      ) : null}
    </dialog>
  );
}

/**
 * The what-if controls of the Amendments panel: "What if…" turns the mode on
 * (a tick on each card), then "Show the text as if these were accepted"
 * opens the dialog.
 */
export function WhatIfBar({
  selection,
  draftId,
  pending,
}: {
  selection: WhatIfSelection;
  draftId: string;
  pending: readonly PendingAmendment[];
}) {
  const [shown, setShown] = useState<readonly string[] | null>(null);
  const opener = useRef<HTMLButtonElement>(null);
  if (pending.length === 0 && !selection.active) return null;
  // In the order of the text, whatever the order of the ticks.
  const ids = pending
    .map((amendment) => amendment.suggestionId)
    .filter((id) => selection.chosen.has(id));
  return (
    <div className="what-if-bar" role="group" aria-label="What if">
      <button
        type="button"
        aria-pressed={selection.active}
        onClick={() => selection.setActive(!selection.active)}
      >
        What if…
      </button>
      {selection.active ? (
        <>
          <span className="what-if-count">{ids.length} ticked</span>
          <button ref={opener} type="button" aria-haspopup="dialog" onClick={() => setShown(ids)}>
            Show the text as if these were accepted
          </button>
          {ids.length > 0 ? (
            <button type="button" className="link-button" onClick={selection.clear}>
              Clear
            </button>
          ) : null}
        </>
      ) : null}
      {shown ? (
        <WhatIfDialog
          draftId={draftId}
          ids={shown}
          pending={pending}
          onClose={() => {
            setShown(null);
            opener.current?.focus();
          }}
        />
      ) : null}
    </div>
  );
}
