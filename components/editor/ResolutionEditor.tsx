'use client';

import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { Placeholder } from '@tiptap/extensions';
import { EditorContent, useEditor } from '@tiptap/react';
import { useEffect } from 'react';
import { BODY_FIELD, type AwarenessUser } from '@/lib/collab/protocol';
import { documentExtensions } from '@/lib/schema/document-extensions';
import { ParagraphLabels } from '@/lib/schema/paragraph-labels';
import { EditorToolbar } from './EditorToolbar';
import { StyleWarnings } from './StyleWarnings';
import type { CollabSession } from './useCollabSession';

const PLACEHOLDERS: Record<string, string> = {
  preambularParagraph: 'Preambular paragraph, e.g. “Recalling its resolution …,”',
  operativeParagraph: 'Operative paragraph, e.g. “Requests the Secretary-General …;”',
  subParagraph: 'Sub-paragraph (Tab: deeper, Shift-Tab: out)',
  sectionHeading: 'Section subheading (optional)',
};

/** The resolution body, bound to the draft's Y.Doc, with other delegations' carets. */
export function ResolutionEditor({
  session,
  user,
  editable,
  mayDecide,
}: {
  session: CollabSession;
  /** Shown to this client only; the server stamps what others see from the session. */
  user: AwarenessUser;
  editable: boolean;
  /** Facilitators: may set paragraph statuses. */
  mayDecide: boolean;
}) {
  const editor = useEditor(
    {
      immediatelyRender: false,
      editable: false,
      extensions: [
        ...documentExtensions,
        ParagraphLabels,
        Placeholder.configure({
          placeholder: ({ node }) => PLACEHOLDERS[node.type.name] ?? '',
          showOnlyCurrent: false,
          // Paragraphs sit inside the preamble and operative part, not at the top level.
          includeChildren: true,
        }),
        Collaboration.configure({ document: session.doc, field: BODY_FIELD }),
        CollaborationCaret.configure({ provider: session.provider, user }),
      ],
      editorProps: {
        attributes: {
          class: 'resolution-body',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': 'Text of the draft resolution',
        },
      },
    },
    [session],
  );

  useEffect(() => {
    editor?.setEditable(editable);
    editor?.view.dom.setAttribute('aria-readonly', String(!editable));
  }, [editor, editable]);

  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.commands.updateUser(user);
  }, [editor, user]);

  return (
    <>
      {editor && editable ? <EditorToolbar editor={editor} mayDecide={mayDecide} /> : null}
      {editor && editable ? <StyleWarnings editor={editor} /> : null}
      <EditorContent editor={editor} className="resolution-editor" />
    </>
  );
}
