'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { parseFootnoteMarkup } from '@/lib/import/footnote-markup';
import type { TextRun } from '@/lib/schema/resolution-document';

/** What the dialog is editing: a new footnote at the caret, or an existing one. */
export type FootnoteEdit = { mode: 'insert' } | { mode: 'edit'; pos: number; markup: string };

/** A modal dialog for a footnote's text (Escape cancels, Enter saves). */
export function FootnoteDialog({
  edit,
  onSave,
  onRemove,
  onClose,
}: {
  edit: FootnoteEdit;
  onSave: (runs: TextRun[]) => void;
  onRemove: () => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState(edit.mode === 'edit' ? edit.markup : '');
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const save = () => {
    const parsed = parseFootnoteMarkup(text);
    if ('error' in parsed) return setError(parsed.error);
    if (parsed.runs.length === 0) return setError('Type the footnote’s text, or cancel.');
    onSave(parsed.runs);
  };

  return (
    <dialog
      ref={dialog}
      className="footnote-dialog"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      onCancel={onClose}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <h2 id={`${id}-title`}>{edit.mode === 'insert' ? 'New footnote' : 'Footnote'}</h2>
        <label htmlFor={`${id}-text`}>Footnote text</label>
        <input
          id={`${id}-text`}
          value={text}
          autoFocus
          aria-describedby={`${id}-hint`}
          aria-invalid={error ? true : undefined}
          onChange={(event) => {
            setText(event.target.value);
            setError(null);
          }}
        />
        <p id={`${id}-hint`} className="hint">
          Put titles in stars for italics: United Nations, *Treaty Series*, vol. 1577.
        </p>
        {error ? (
          <p role="alert" className="field-error">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="submit">{edit.mode === 'insert' ? 'Insert' : 'Save'}</button>
          {edit.mode === 'edit' ? (
            <button type="button" className="danger-button" onClick={onRemove}>
              Remove footnote
            </button>
          ) : null}
          <button type="button" className="link-button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
