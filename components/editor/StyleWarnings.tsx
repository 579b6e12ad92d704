'use client';

import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { getStyleWarnings } from '@/lib/schema/style-lint';

/**
 * The style rules' warnings (italic openers, end punctuation, also/further),
 * each with a one-click fix. Nothing is rewritten without a click.
 */
export function StyleWarnings({ editor }: { editor: Editor }) {
  const warnings = useEditorState({
    editor,
    selector: ({ editor: e }) => getStyleWarnings(e.state),
    equalityFn: (a, b) =>
      !!b &&
      a.length === b.length &&
      a.every((w, i) => w.id === b[i]?.id && w.message === b[i]?.message),
  });
  return (
    <details className="style-warnings">
      <summary>
        Style{' '}
        <span className="style-count" aria-label={`${warnings.length} style warnings`}>
          {warnings.length}
        </span>
      </summary>
      {warnings.length === 0 ? (
        <p className="empty">No style warnings.</p>
      ) : (
        <ul aria-label="Style warnings">
          {warnings.map((warning) => (
            <li key={warning.id}>
              <button
                type="button"
                className="link-button style-reference"
                onClick={() =>
                  editor.chain().focus().setTextSelection(warning.from).scrollIntoView().run()
                }
              >
                {warning.reference}
              </button>{' '}
              <span>{warning.message}</span>{' '}
              {editor.isEditable ? (
                <button
                  type="button"
                  className="toolbar-button"
                  onClick={() => editor.chain().focus().fixStyleWarning(warning.id).run()}
                >
                  {warning.fixLabel}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
