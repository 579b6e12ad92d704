'use client';

/** The id of the draft's text (the editor), which the skip link goes to. */
export const DRAFT_TEXT_ID = 'draft-text';

/**
 * The page's first stop for the keyboard: straight to the text, past the
 * account bar, the header form and the toolbar. Shown only while it has focus.
 */
export function SkipToText() {
  return (
    <a
      className="skip-link"
      href={`#${DRAFT_TEXT_ID}`}
      onClick={(event) => {
        const text = document.getElementById(DRAFT_TEXT_ID);
        if (!text) return;
        event.preventDefault();
        text.focus();
      }}
    >
      Skip to the text
    </a>
  );
}
