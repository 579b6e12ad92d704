'use client';

import { Extension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import { Placeholder } from '@tiptap/extensions';
import { EditorContent, useEditor } from '@tiptap/react';
import { Plugin } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { useEffect, useState, type ReactNode } from 'react';
import { AmendmentsPanel } from '@/components/amendments/AmendmentsPanel';
import { PrecedentsPanel } from '@/components/precedents/PrecedentsPanel';
import type { AmendmentAuthor, AmendmentView } from '@/lib/amendments/model';
import { AmendmentNavigation } from '@/lib/amendments/navigation';
import { AmendmentTags } from '@/lib/amendments/amendment-tags';
import { ProposalBinding } from '@/lib/amendments/proposal-binding';
import { SuggestingMode, type AmendmentMode } from '@/lib/amendments/suggesting-mode';
import { CheckedCollaborationCaret } from '@/lib/collab/checked-collaboration-caret';
import { KeepLocalSelection } from '@/lib/collab/keep-local-selection';
import { amendmentModel } from '@/lib/collab/amendment-model';
import { BODY_FIELD, type AmendmentModel, type AwarenessUser } from '@/lib/collab/protocol';
import { documentExtensions } from '@/lib/schema/document-extensions';
import { footnoteMarkup } from '@/lib/import/footnote-markup';
import { selectedFootnote } from '@/lib/schema/paragraph-commands';
import { ParagraphLabels } from '@/lib/schema/paragraph-labels';
import { PastedHtml } from '@/lib/schema/pasted-html';
import { AgreedLanguage } from '@/lib/precedents/agreed-language';
import { EditorToolbar } from './EditorToolbar';
import { FootnoteDialog, type FootnoteEdit } from './FootnoteDialog';
import { DRAFT_TEXT_ID } from './SkipToText';
import { scrollClearOfBars } from './sticky-bars';
import { StyleWarnings } from './StyleWarnings';
import type { CollabSession } from './useCollabSession';

const PLACEHOLDERS: Record<string, string> = {
  preambularParagraph: 'Preambular paragraph, e.g. “Recalling its resolution …,”',
  operativeParagraph: 'Operative paragraph, e.g. “Requests the Secretary-General …;”',
  subParagraph: 'Sub-paragraph (Tab: deeper, Shift-Tab: out)',
  sectionHeading: 'Section subheading (optional)',
};

/**
 * Opens the footnote dialog: Ctrl+Alt+F for a new footnote, Enter on a
 * selected footnote or a click on one to edit it.
 */
function footnoteKeys(open: (edit: FootnoteEdit) => void) {
  return Extension.create({
    name: 'footnoteDialogKeys',
    priority: 1000,
    addKeyboardShortcuts() {
      return {
        'Mod-Alt-f': () => {
          if (!this.editor.isEditable || !this.editor.can().insertFootnote([])) return false;
          open({ mode: 'insert' });
          return true;
        },
        Enter: () => {
          const footnote = selectedFootnote(this.editor.state);
          if (!footnote || !this.editor.isEditable) return false;
          open({ mode: 'edit', pos: footnote.pos, markup: footnoteMarkup(footnote.node) });
          return true;
        },
      };
    },
    addProseMirrorPlugins() {
      const editor = this.editor;
      return [
        new Plugin({
          props: {
            handleClickOn(_view, _pos, node, nodePos) {
              if (node.type.name !== 'footnote' || !editor.isEditable) return false;
              open({ mode: 'edit', pos: nodePos, markup: footnoteMarkup(node) });
              return true;
            },
          },
        }),
      ];
    },
  });
}

/** What Tab may move focus to, as browsers order it. */
const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), ' +
  'textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/**
 * Focuses the first focusable element after `from` (or the last before it),
 * skipping what cannot take focus (inside a closed disclosure); false if none.
 */
function moveFocusOutOf(from: HTMLElement, backwards: boolean): boolean {
  const side = backwards ? Node.DOCUMENT_POSITION_PRECEDING : Node.DOCUMENT_POSITION_FOLLOWING;
  const beside = [...document.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (element) =>
      !from.contains(element) &&
      element.tabIndex >= 0 &&
      from.compareDocumentPosition(element) & side &&
      element.checkVisibility(),
  );
  if (backwards) beside.reverse();
  for (const element of beside) {
    element.focus();
    if (document.activeElement === element) return true;
  }
  return false;
}

/** The margin reference ("OP3", "OP2 (a)") of the paragraph holding the caret. */
function caretReference(view: EditorView): string | null {
  const { node } = view.domAtPos(view.state.selection.head);
  const element = node instanceof HTMLElement ? node : node.parentElement;
  return element?.closest('[data-ref]')?.getAttribute('data-ref') ?? null;
}

/**
 * Tab and Shift+Tab change what a paragraph is (OP3 becomes OP2 (a)): once the
 * key has done its work and the labels are redrawn, says so, with the way back.
 */
function sayWhatTabDid(view: EditorView, outdent: boolean, onNotice: (text: string) => void): void {
  const before = caretReference(view);
  if (!before) return;
  setTimeout(() => {
    if (view.isDestroyed) return;
    const after = caretReference(view);
    if (!after || after === before) return;
    onNotice(`${before} is now ${after}. ${outdent ? 'Tab' : 'Shift+Tab'} turns it back.`);
  }, 0);
}

/**
 * The way out of the text for the keyboard. Tab and Shift+Tab indent and
 * outdent inside the operative part, so, as in other editors that keep Tab,
 * Escape and then Tab (or Shift+Tab) moves focus on, to the Amendments panel
 * and the rest of the page (or back, to the toolbar).
 */
const FocusEscape = Extension.create<{ onNotice: (text: string) => void }>({
  name: 'focusEscape',
  // Before the Tab shortcuts of the structure and of suggesting mode.
  priority: 1100,
  addOptions() {
    return { onNotice: () => {} };
  },
  addProseMirrorPlugins() {
    let escaped = false;
    const { onNotice } = this.options;
    return [
      new Plugin({
        props: {
          handleKeyDown(view, event) {
            if (event.key === 'Escape') {
              escaped = true;
              return false;
            }
            const plainTab =
              event.key === 'Tab' && !event.ctrlKey && !event.altKey && !event.metaKey;
            if (plainTab && escaped) {
              escaped = false;
              return moveFocusOutOf(view.dom, event.shiftKey);
            }
            if (plainTab) sayWhatTabDid(view, event.shiftKey, onNotice);
            if (!['Shift', 'Control', 'Alt', 'Meta'].includes(event.key)) escaped = false;
            return false;
          },
          handleDOMEvents: {
            blur() {
              escaped = false;
              return false;
            },
          },
        },
      }),
    ];
  },
});

/**
 * The CSP nonce of the loaded document, which Next.js put on its scripts
 * (server/security-headers.ts). Read from the page, not passed from the
 * server: after a client-side navigation the server's render had another.
 */
function documentNonce(): string | undefined {
  return document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce || undefined;
}

/**
 * How the draft stores amendments, once its content is here (the setting comes
 * with the draft's first update, from the server or this browser's copy).
 */
function useAmendmentModel(session: CollabSession): AmendmentModel | null {
  const read = () =>
    session.doc.getXmlFragment(BODY_FIELD).length > 0 ? amendmentModel(session.doc) : null;
  const [model, setModel] = useState<AmendmentModel | null>(read);
  useEffect(() => {
    const check = () => {
      const found = read();
      if (found) setModel(found);
    };
    check();
    session.doc.on('update', check);
    return () => session.doc.off('update', check);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `read` only reads `session`
  }, [session]);
  return model;
}

const SIDE_TABS = [
  { key: 'amendments', label: 'Amendments' },
  { key: 'precedents', label: 'Precedents' },
] as const;

/** Amendments or Precedents beside the text: tabs, with the arrow keys between them. */
function SideTabs({
  selected,
  onSelect,
}: {
  selected: 'amendments' | 'precedents';
  onSelect: (key: 'amendments' | 'precedents') => void;
}) {
  return (
    <div className="side-tabs" role="tablist" aria-label="Beside the text">
      {SIDE_TABS.map((tab, i) => (
        <button
          key={tab.key}
          type="button"
          role="tab"
          id={`tab-${tab.key}`}
          aria-controls={`side-${tab.key}`}
          aria-selected={selected === tab.key}
          tabIndex={selected === tab.key ? 0 : -1}
          onClick={() => onSelect(tab.key)}
          onKeyDown={(event) => {
            if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
            const next =
              SIDE_TABS[
                (i + (event.key === 'ArrowRight' ? 1 : SIDE_TABS.length - 1)) % SIDE_TABS.length
              ]!;
            onSelect(next.key);
            document.getElementById(`tab-${next.key}`)?.focus();
          }}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}

type ResolutionEditorProps = {
  session: CollabSession;
  /** Shown to this client only; the server stamps what others see from the session. */
  user: AwarenessUser;
  /** Who amends, from the session; null for observers. */
  author: AmendmentAuthor | null;
  draftId: string;
  editable: boolean;
  /** Facilitators: may set paragraph statuses and decide amendments. */
  mayDecide: boolean;
  mode: AmendmentMode;
  view: AmendmentView;
  /** The enacting formula, shown between the toolbar and the text. */
  formula: ReactNode;
  /** Told how many amendments are pending whenever that changes. */
  onPendingCount?: (count: number) => void;
};

/**
 * The resolution body, bound to the draft's Y.Doc, once its content is here
 * and with it how the draft stores amendments.
 */
export function ResolutionEditor(props: ResolutionEditorProps) {
  const model = useAmendmentModel(props.session);
  if (!model) {
    return (
      <div className="editor-layout">
        <p className="resolution-editor" aria-busy="true">
          Loading the text of the draft…
        </p>
      </div>
    );
  }
  return <BoundResolutionEditor key={model} model={model} {...props} />;
}

/** The resolution body, bound to the draft's Y.Doc, with other delegations' carets. */
function BoundResolutionEditor({
  session,
  user,
  author,
  draftId,
  editable,
  mayDecide,
  mode,
  view,
  formula,
  model,
  onPendingCount,
}: ResolutionEditorProps & { model: AmendmentModel }) {
  const [footnote, setFootnote] = useState<FootnoteEdit | null>(null);
  const [side, setSide] = useState<'amendments' | 'precedents'>('amendments');
  const [agreedOn, setAgreedOn] = useState(true);
  const [refusal, setRefusal] = useState<{ text: string; at: number } | null>(null);
  const onRefused = (text: string) =>
    setRefusal((previous) => ({ text, at: (previous?.at ?? 0) + 1 }));
  // Drafts whose amendments are objects (issue 19) are shown materialised by the
  // proposal binding; older drafts keep the Yjs binding of their marked text.
  // KeepLocalSelection keeps a click or caret key from being undone by others' changes in both.
  const binding = [
    KeepLocalSelection.configure({
      document: session.doc,
      awareness: session.provider.awareness,
    }),
    model === 'objects'
      ? ProposalBinding.configure({
          doc: session.doc,
          author,
          awareness: session.provider.awareness,
          onRefused,
        })
      : Collaboration.configure({ document: session.doc, field: BODY_FIELD }),
  ];
  const editor = useEditor(
    {
      immediatelyRender: false,
      editable: false,
      // TipTap adds a style element: it needs the nonce of the page's policy.
      injectNonce: documentNonce(),
      extensions: [
        ...documentExtensions,
        ParagraphLabels,
        AmendmentNavigation,
        AmendmentTags,
        AgreedLanguage,
        PastedHtml,
        footnoteKeys(setFootnote),
        FocusEscape.configure({ onNotice: onRefused }),
        Placeholder.configure({
          placeholder: ({ node }) => PLACEHOLDERS[node.type.name] ?? '',
          showOnlyCurrent: false,
          // Paragraphs sit inside the preamble and operative part, not at the top level.
          includeChildren: true,
        }),
        ...binding,
        SuggestingMode.configure({ author, doc: session.doc, mode, onRefused }),
        ...(model === 'objects'
          ? []
          : [CheckedCollaborationCaret.configure({ provider: session.provider, user })]),
      ],
      editorProps: {
        // The caret is kept clear of the sticky bars at the top, not scrolled under them.
        handleScrollToSelection: (view) => {
          scrollClearOfBars(view.coordsAtPos(view.state.selection.head), 'nearest');
          return true;
        },
        attributes: {
          id: DRAFT_TEXT_ID,
          class: 'resolution-body',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': 'Text of the draft resolution',
        },
      },
    },
    [session],
  );

  // Only the marked-up text is edited; the other views are for reading.
  const writable = editable && view === 'markup';
  useEffect(() => {
    editor?.setEditable(writable);
    editor?.view.dom.setAttribute('aria-readonly', String(!writable));
    // The toolbar's hint (Escape, then Tab, leaves the text) is there while the text is written.
    if (writable) editor?.view.dom.setAttribute('aria-describedby', 'editor-keys-hint');
    else editor?.view.dom.removeAttribute('aria-describedby');
  }, [editor, writable]);

  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.commands.setAmendmentMode(mode);
  }, [editor, mode]);

  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.commands.setAmendmentView(view);
  }, [editor, view]);

  useEffect(() => {
    if (!refusal) return;
    const timer = setTimeout(() => setRefusal(null), 8000);
    return () => clearTimeout(timer);
  }, [refusal]);

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    if (model === 'objects') session.provider.awareness.setLocalStateField('user', user);
    else editor.commands.updateUser(user);
  }, [editor, user, model, session]);

  return (
    <div className="editor-layout">
      <div className="editor-main">
        {editor && writable ? (
          <EditorToolbar
            editor={editor}
            mayDecide={mayDecide}
            suggesting={mode === 'suggesting'}
            onFootnote={() => setFootnote({ mode: 'insert' })}
          />
        ) : null}
        <p className="refusal" aria-live="polite">
          {refusal?.text ?? ''}
        </p>
        {editor && writable ? <StyleWarnings editor={editor} /> : null}
        {formula}
        <EditorContent editor={editor} className="resolution-editor" />
      </div>
      {editor ? (
        <div className="editor-side">
          <SideTabs selected={side} onSelect={setSide} />
          <div
            id="side-amendments"
            role="tabpanel"
            aria-labelledby="tab-amendments"
            hidden={side !== 'amendments'}
          >
            <AmendmentsPanel
              editor={editor}
              doc={session.doc}
              draftId={draftId}
              mayDecide={mayDecide && editable}
              delegation={user.delegation}
              onPendingCount={onPendingCount}
            />
          </div>
          <div
            id="side-precedents"
            role="tabpanel"
            aria-labelledby="tab-precedents"
            hidden={side !== 'precedents'}
          >
            <PrecedentsPanel
              editor={editor}
              doc={session.doc}
              delegation={user.delegation}
              mayPropose={author !== null && writable}
              on={agreedOn}
              shown={side === 'precedents'}
              onSwitch={(on) => {
                setAgreedOn(on);
                editor.commands.setAgreedLanguage(on);
              }}
            />
          </div>
        </div>
      ) : null}
      {editor && footnote ? (
        <FootnoteDialog
          edit={footnote}
          onClose={() => {
            setFootnote(null);
            editor.commands.focus();
          }}
          onSave={(runs) => {
            setFootnote(null);
            if (footnote.mode === 'insert') editor.chain().focus().insertFootnote(runs).run();
            else editor.chain().focus().updateFootnote(footnote.pos, runs).run();
          }}
          onRemove={() => {
            setFootnote(null);
            if (footnote.mode !== 'edit') return;
            const node = editor.state.doc.nodeAt(footnote.pos);
            if (node?.type.name !== 'footnote') return;
            editor
              .chain()
              .focus()
              .deleteRange({ from: footnote.pos, to: footnote.pos + node.nodeSize })
              .run();
          }}
        />
      ) : null}
    </div>
  );
}
