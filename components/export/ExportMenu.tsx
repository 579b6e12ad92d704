'use client';

import { useEffect, useId, useRef, useState } from 'react';
import {
  EXPORT_FORMAT_LABELS,
  EXPORT_VARIANT_LABELS,
  EXPORT_VARIANTS,
  VARIANT_FORMAT_IDS,
  type ExportFormatId,
  type ExportVariant,
} from '@/lib/export/format-labels';

const VARIANT_HINTS: Readonly<Record<ExportVariant, string>> = {
  final:
    'The text with every pending amendment left out, laid out as the UN prints it: for the Secretariat.',
  markup:
    'Every pending amendment as a tracked change by its delegation (in Word: Review › Accept or Reject, by author): for capitals.',
  compilation:
    'Each paragraph with its status and the proposals inline, tagged with the proposing delegation: for the negotiating room.',
};

type Step =
  | { kind: 'choose' }
  | { kind: 'building' }
  /** Amendments are pending: asked before the final draft is built (`file` once it was built). */
  | { kind: 'pending'; count: number; file: File | null }
  | { kind: 'error'; message: string };

/** Hands a file to the browser as a download. */
function download(file: File): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function fetchExport(
  draftId: string,
  variant: ExportVariant,
  format: ExportFormatId,
  agreedLanguage: boolean,
) {
  const params = new URLSearchParams({ format, variant });
  if (agreedLanguage) params.set('agreedLanguage', '1');
  const response = await fetch(`/api/drafts/${draftId}/export?${params}`, { cache: 'no-store' });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: string } | null;
    throw new Error(body?.error ?? `the server answered ${response.status}`);
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const blob = await response.blob();
  return {
    file: new File([blob], name ?? `draft.${format}`, { type: blob.type }),
    pending: Number(response.headers.get('x-concord-pending-amendments') ?? 0),
  };
}

/**
 * The open Export dialog: what (final draft, marked-up text, compilation) and
 * a format, then the file is built on the server (shown as in progress). If
 * amendments are pending when the final draft is asked for, the delegate is
 * told how many and chooses to export anyway or to review them first: before
 * the file is built (a PDF takes seconds), from the count the Amendments panel
 * shows, and again after it if the server found some the page had not.
 */
function ExportDialog({
  draftId,
  pendingCount,
  onClose,
}: {
  draftId: string;
  pendingCount: number;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [variant, setVariant] = useState<ExportVariant>('final');
  const [format, setFormat] = useState<ExportFormatId>('docx');
  const [agreedLanguage, setAgreedLanguage] = useState(false);
  const [step, setStep] = useState<Step>({ kind: 'choose' });

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const build = async (confirmed: boolean) => {
    if (!confirmed && variant === 'final' && pendingCount > 0) {
      setStep({ kind: 'pending', count: pendingCount, file: null });
      return;
    }
    setStep({ kind: 'building' });
    try {
      const { file, pending } = await fetchExport(
        draftId,
        variant,
        format,
        variant === 'compilation' && agreedLanguage,
      );
      if (!confirmed && pending > 0 && variant === 'final') {
        setStep({ kind: 'pending', count: pending, file });
        return;
      }
      download(file);
      dialog.current?.close();
    } catch (error) {
      setStep({
        kind: 'error',
        message: `Could not export the draft: ${error instanceof Error ? error.message : String(error)}. Try again.`,
      });
    }
  };

  return (
    <dialog
      ref={dialog}
      className="history-dialog export-dialog"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
    >
      <div className="history-head">
        <h2 id={`${id}-title`}>Export the draft</h2>
        <button type="button" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>

      <form
        className="export-form"
        onSubmit={(event) => {
          event.preventDefault();
          void build(false);
        }}
      >
        <fieldset className="export-variants" disabled={step.kind === 'building'}>
          <legend>What</legend>
          {EXPORT_VARIANTS.map((option) => (
            <label key={option}>
              <input
                type="radio"
                name={`${id}-variant`}
                value={option}
                checked={variant === option}
                onChange={() => {
                  setVariant(option);
                  if (!VARIANT_FORMAT_IDS[option].includes(format)) setFormat('docx');
                  setStep({ kind: 'choose' });
                }}
              />{' '}
              {EXPORT_VARIANT_LABELS[option]}
            </label>
          ))}
        </fieldset>
        <p className="export-hint">{VARIANT_HINTS[variant]}</p>
        <label>
          Format{' '}
          <select
            value={format}
            onChange={(event) => {
              setFormat(event.target.value as ExportFormatId);
              setStep({ kind: 'choose' });
            }}
            disabled={step.kind === 'building'}
          >
            {VARIANT_FORMAT_IDS[variant].map((id) => (
              <option key={id} value={id}>
                {EXPORT_FORMAT_LABELS[id]}
              </option>
            ))}
          </select>
        </label>
        {variant === 'compilation' ? (
          <label className="export-option">
            <input
              type="checkbox"
              checked={agreedLanguage}
              onChange={(event) => setAgreedLanguage(event.target.checked)}
              disabled={step.kind === 'building'}
            />{' '}
            Agreed language: under each paragraph, how much of it and of each proposal’s new words
            the General Assembly has already adopted, and where
          </label>
        ) : null}
        <button type="submit" className="export-submit" disabled={step.kind === 'building'}>
          Export
        </button>
      </form>
      <div aria-live="polite" className="export-progress">
        {step.kind === 'building' ? (
          <p>
            <progress aria-label="Building the file" /> Building the file…
          </p>
        ) : null}
        {step.kind === 'error' ? <p className="export-error">{step.message}</p> : null}
      </div>
      {step.kind === 'pending' ? (
        <div role="group" aria-labelledby={`${id}-pending`} className="export-pending">
          <p id={`${id}-pending`}>
            {step.count === 1
              ? '1 amendment is still pending.'
              : `${step.count} amendments are still pending.`}{' '}
            The final draft leaves {step.count === 1 ? 'it' : 'them'} out.
          </p>
          <button
            type="button"
            onClick={() => {
              if (!step.file) {
                void build(true);
                return;
              }
              download(step.file);
              dialog.current?.close();
            }}
          >
            {step.file ? 'Download anyway' : 'Export anyway'}
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            Review them first
          </button>
        </div>
      ) : null}
    </dialog>
  );
}

/** The "Export" button of the draft page and the dialog it opens. */
export function ExportMenu({ draftId, pendingCount }: { draftId: string; pendingCount: number }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={button}
        type="button"
        className="history-button export-button"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        Export
      </button>
      {open ? (
        <ExportDialog
          draftId={draftId}
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
