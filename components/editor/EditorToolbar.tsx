'use client';

import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import type { KeyboardEvent } from 'react';
import {
  PARAGRAPH_STATUSES,
  PARAGRAPH_STATUS_LABELS,
  isParagraphStatus,
} from '@/lib/schema/paragraph-status';

interface Action {
  label: string;
  /** As `aria-keyshortcuts` spells it. */
  keys: string;
  run: (editor: Editor) => boolean;
  can: (editor: Editor) => boolean;
}

const ACTIONS: Action[] = [
  {
    label: 'Indent',
    keys: 'Tab',
    run: (e) => e.chain().focus().indentParagraph().run(),
    can: (e) => e.can().indentParagraph(),
  },
  {
    label: 'Outdent',
    keys: 'Shift+Tab',
    run: (e) => e.chain().focus().outdentParagraph().run(),
    can: (e) => e.can().outdentParagraph(),
  },
  {
    label: 'Move up',
    keys: 'Alt+ArrowUp',
    run: (e) => e.chain().focus().moveParagraphUp().run(),
    can: (e) => e.can().moveParagraphUp(),
  },
  {
    label: 'Move down',
    keys: 'Alt+ArrowDown',
    run: (e) => e.chain().focus().moveParagraphDown().run(),
    can: (e) => e.can().moveParagraphDown(),
  },
  {
    label: 'Make operative',
    keys: 'Alt+Shift+O',
    run: (e) => e.chain().focus().convertToOperative().run(),
    can: (e) => e.can().convertToOperative(),
  },
  {
    label: 'Make preambular',
    keys: 'Alt+Shift+P',
    run: (e) => e.chain().focus().convertToPreambular().run(),
    can: (e) => e.can().convertToPreambular(),
  },
  {
    label: 'Section heading',
    keys: 'Control+Alt+H',
    run: (e) => e.chain().focus().insertSectionHeading(true).run(),
    can: (e) => e.can().insertSectionHeading(true),
  },
  {
    label: 'Numbered section',
    keys: '',
    run: (e) => e.chain().focus().toggleSectionNumbering().run(),
    can: (e) => e.can().toggleSectionNumbering(),
  },
  {
    label: 'Italic',
    keys: 'Control+I',
    run: (e) => e.chain().focus().toggleItalic().run(),
    can: (e) => e.can().toggleItalic(),
  },
];

/** Arrow keys, Home and End move between the toolbar's enabled controls (ARIA toolbar pattern). */
function moveFocusWithArrows(event: KeyboardEvent<HTMLDivElement>): void {
  const keys = ['ArrowLeft', 'ArrowRight', 'Home', 'End'];
  if (!keys.includes(event.key)) return;
  const controls = [
    ...event.currentTarget.querySelectorAll<HTMLElement>('button:not(:disabled), select'),
  ];
  const current = controls.indexOf(document.activeElement as HTMLElement);
  if (current < 0 || (event.target instanceof HTMLSelectElement && event.key.startsWith('Arrow'))) {
    return;
  }
  const next =
    event.key === 'Home'
      ? 0
      : event.key === 'End'
        ? controls.length - 1
        : (current + (event.key === 'ArrowRight' ? 1 : -1) + controls.length) % controls.length;
  controls[next]?.focus();
  event.preventDefault();
}

/** The structure commands, each also on a key (shown in its tooltip). */
export function EditorToolbar({
  editor,
  mayDecide,
  onFootnote,
}: {
  editor: Editor;
  /** Facilitators set paragraph statuses. */
  mayDecide: boolean;
  /** Opens the dialog for a new footnote at the caret. */
  onFootnote: () => void;
}) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      enabled: ACTIONS.map((action) => e.isEditable && action.can(e)),
      footnote: e.isEditable && e.can().insertFootnote([]),
      status: (() => {
        const { $from } = e.state.selection;
        for (let depth = $from.depth; depth > 0; depth--) {
          const value: unknown = $from.node(depth).attrs.status;
          if (value !== undefined) return isParagraphStatus(value) ? value : '';
        }
        return null;
      })(),
    }),
  });
  return (
    <div
      className="editor-toolbar"
      role="toolbar"
      aria-label="Paragraph structure"
      onKeyDown={moveFocusWithArrows}
    >
      {ACTIONS.map((action, i) => (
        <button
          key={action.label}
          type="button"
          className="toolbar-button"
          disabled={!state.enabled[i]}
          aria-keyshortcuts={action.keys || undefined}
          title={
            action.keys
              ? `${action.label} (${action.keys.replace('Control', 'Ctrl')})`
              : action.label
          }
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => action.run(editor)}
        >
          {action.label}
        </button>
      ))}
      <button
        type="button"
        className="toolbar-button"
        disabled={!state.footnote}
        aria-keyshortcuts="Control+Alt+F"
        title="Footnote (Ctrl+Alt+F)"
        onMouseDown={(event) => event.preventDefault()}
        onClick={onFootnote}
      >
        Footnote
      </button>
      {mayDecide ? (
        <label className="toolbar-status">
          Status{' '}
          <select
            value={state.status ?? ''}
            disabled={state.status === null || !editor.isEditable}
            onChange={(event) => {
              const value = event.target.value;
              editor
                .chain()
                .focus()
                .setParagraphStatus(isParagraphStatus(value) ? value : null)
                .run();
            }}
          >
            <option value="">None</option>
            {PARAGRAPH_STATUSES.map((status) => (
              <option key={status} value={status}>
                {PARAGRAPH_STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </div>
  );
}
