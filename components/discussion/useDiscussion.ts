'use client';

import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { materialiseDraft } from '@/lib/amendments/materialise';
import {
  DISCUSSION_FIELD,
  readDiscussion,
  type DiscussionState,
} from '@/lib/collab/discussion-state';
import { anchorReferences, type AnchorReferences } from '@/lib/discussion/anchors';
import { DRAFT_TEXT_ID } from '@/components/editor/SkipToText';

const EMPTY: DiscussionState = { settings: { observersMayComment: false }, threads: [] };
const NO_REFERENCES: AnchorReferences = { paragraphs: new Map(), proposals: new Map() };

/** A store of the draft's discussion for useSyncExternalStore: one snapshot per change. */
function discussionStore(doc: Y.Doc | null) {
  let snapshot = doc ? readDiscussion(doc) : EMPTY;
  return {
    subscribe(onChange: () => void) {
      if (!doc) return () => undefined;
      const map = doc.getMap(DISCUSSION_FIELD);
      const changed = () => {
        snapshot = readDiscussion(doc);
        onChange();
      };
      map.observe(changed);
      changed();
      return () => map.unobserve(changed);
    },
    get: () => snapshot,
  };
}

/** The draft's discussion, live from its Y.Doc (written by the server only). */
export function useDiscussion(doc: Y.Doc | null): DiscussionState {
  const store = useMemo(() => discussionStore(doc), [doc]);
  return useSyncExternalStore(store.subscribe, store.get, () => EMPTY);
}

/** How the text names paragraphs and pending proposals now, kept up to date as the draft changes. */
export function useAnchorReferences(doc: Y.Doc | null): AnchorReferences {
  const [references, setReferences] = useState<AnchorReferences>(NO_REFERENCES);
  useEffect(() => {
    if (!doc) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = () => {
      try {
        setReferences(anchorReferences(materialiseDraft(doc).doc));
      } catch {
        // A draft mid-sync may not read whole yet; the next change reads it again.
      }
    };
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(read, 250);
    };
    read();
    doc.on('update', later);
    return () => {
      clearTimeout(timer);
      doc.off('update', later);
    };
  }, [doc]);
  return references;
}

/** The paragraph the caret was last in, in the draft's text (its paragraphId), or null. */
export function useCaretParagraph(): string | null {
  const [paragraphId, setParagraphId] = useState<string | null>(null);
  useEffect(() => {
    const changed = () => {
      const node = document.getSelection()?.anchorNode ?? null;
      const element = node instanceof Element ? node : (node?.parentElement ?? null);
      if (!element?.closest(`#${DRAFT_TEXT_ID}`)) return;
      const id = element.closest('[data-paragraph-id]')?.getAttribute('data-paragraph-id');
      if (id) setParagraphId(id);
    };
    document.addEventListener('selectionchange', changed);
    return () => document.removeEventListener('selectionchange', changed);
  }, []);
  return paragraphId;
}

/** What opens the Discussion dialog from elsewhere on the page (the margin, a proposal's card). */
export interface DiscussionRequest {
  /** Show the threads of this paragraph only. */
  paragraphId?: string;
  /** Start a thread on this pending proposal. */
  amendmentId?: string;
}

const OPEN_EVENT = 'concord:discussion';

export function openDiscussion(request: DiscussionRequest): void {
  window.dispatchEvent(new CustomEvent<DiscussionRequest>(OPEN_EVENT, { detail: request }));
}

/** Runs `open` whenever something on the page asks for the Discussion dialog. */
export function useDiscussionRequests(open: (request: DiscussionRequest) => void): void {
  useEffect(() => {
    const listener = (event: Event) => open((event as CustomEvent<DiscussionRequest>).detail);
    window.addEventListener(OPEN_EVENT, listener);
    return () => window.removeEventListener(OPEN_EVENT, listener);
  }, [open]);
}
