'use client';

import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { useRef, type KeyboardEvent } from 'react';
import {
  PARAGRAPH_STATUSES,
  PARAGRAPH_STATUS_LABELS,
  isParagraphStatus,
} from '@/lib/schema/paragraph-status';
import { useStickyBar } from './sticky-bars';

interface Action {
  label: string;
  /** As `aria-keyshortcuts` spells it. */
  keys: string;
  run: (editor: Editor) => boolean;
  can: (editor: Editor) => boolean;
  /** In suggesting mode: what to do instead (an amendment); absent: only on one's own proposed paragraph. */
  suggest?: { run: (editor: Editor) => boolean; can: (editor: Editor) => boolean };
}

/** A structure command, which in suggesting mode acts only on one's own proposed paragraph. */
function structure(
  label: string,
  keys: string,
  command: (chain: ReturnType<Editor['chain']>) => ReturnType<Editor['chain']>,
  check: (can: ReturnType<Editor['can']>) => boolean,
): Action {
  return {
    label,
    keys,
    run: (e) => command(e.chain().focus().asOwnParagraphChange()).run(),
    can: (e) => e.can().asOwnParagraphChange() && check(e.can()),
  };
}

const ACTIONS: Action[] = [
  structure(
    'Indent',
    'Tab',
    (c) => c.indentParagraph(),
    (c) => c.indentParagraph(),
  ),
  structure(
    'Outdent',
    'Shift+Tab',
    (c) => c.outdentParagraph(),
    (c) => c.outdentParagraph(),
  ),
  {
    label: 'Move up',
    keys: 'Alt+ArrowUp',
    run: (e) => e.chain().focus().moveParagraphUp().run(),
    can: (e) => e.can().moveParagraphUp(),
    suggest: {
      run: (e) => e.chain().focus().proposeParagraphMove('up').run(),
      can: (e) => e.can().moveParagraphUp(),
    },
  },
  {
    label: 'Move down',
    keys: 'Alt+ArrowDown',
    run: (e) => e.chain().focus().moveParagraphDown().run(),
    can: (e) => e.can().moveParagraphDown(),
    suggest: {
      run: (e) => e.chain().focus().proposeParagraphMove('down').run(),
      can: (e) => e.can().moveParagraphDown(),
    },
  },
  structure(
    'Make operative',
    'Alt+Shift+O',
    (c) => c.convertToOperative(),
    (c) => c.convertToOperative(),
  ),
  structure(
    'Make preambular',
    'Alt+Shift+P',
    (c) => c.convertToPreambular(),
    (c) => c.convertToPreambular(),
  ),
  structure(
    'Section heading',
    'Control+Alt+H',
    (c) => c.insertSectionHeading(true),
    (c) => c.insertSectionHeading(true),
  ),
  structure(
    'Numbered section',
    '',
    (c) => c.toggleSectionNumbering(),
    (c) => c.toggleSectionNumbering(),
  ),
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
  suggesting,
  onFootnote,
}: {
  editor: Editor;
  /** Suggesting mode: moves become proposals; other structure changes only on one's own paragraphs. */
  suggesting: boolean;
  /** Facilitators set paragraph statuses. */
  mayDecide: boolean;
  /** Opens the dialog for a new footnote at the caret. */
  onFootnote: () => void;
}) {
  const toolbar = useRef<HTMLDivElement>(null);
  useStickyBar(toolbar);
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      enabled: ACTIONS.map(
        (action) => e.isEditable && (suggesting && action.suggest ? action.suggest : action).can(e),
      ),
      deletable: e.isEditable && e.can().proposeParagraphDeletion(),
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
      ref={toolbar}
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
          onClick={() => (suggesting && action.suggest ? action.suggest : action).run(editor)}
        >
          {suggesting && action.suggest ? `Propose ${action.label.toLowerCase()}` : action.label}
        </button>
      ))}
      {suggesting ? (
        <button
          type="button"
          className="toolbar-button"
          disabled={!state.deletable}
          aria-keyshortcuts="Control+Shift+Backspace"
          title="Propose deleting this paragraph (Ctrl+Shift+Backspace)"
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => editor.chain().focus().proposeParagraphDeletion().run()}
        >
          Propose deleting paragraph
        </button>
      ) : null}
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
      <p className="toolbar-hint" id="editor-keys-hint">
        In the text, Tab indents: press <kbd>Esc</kbd> then <kbd>Tab</kbd> to move on to the
        amendments.
      </p>
    </div>
  );
}
