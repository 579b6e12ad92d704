'use client';

import { useLayoutEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { DRAFT_TEXT_ID } from '@/components/editor/SkipToText';
import { openDiscussion, useAnchorReferences, useDiscussion } from './useDiscussion';

/** The comments of the open threads on each paragraph, by paragraph id. */
function openCounts(threads: ReturnType<typeof useDiscussion>['threads']): Map<string, number> {
  const counts = new Map<string, number>();
  for (const thread of threads) {
    if (thread.resolved !== null || thread.anchor.kind !== 'paragraph') continue;
    counts.set(
      thread.anchor.paragraphId,
      (counts.get(thread.anchor.paragraphId) ?? 0) + thread.comments.length,
    );
  }
  return counts;
}

/**
 * Beside each paragraph with open threads, a small "2 comments" button that
 * opens the Discussion dialog on that paragraph. Placed from the paragraphs'
 * places on the page, again whenever the text or the window changes.
 */
export function DiscussionMargin({ doc }: { doc: Y.Doc | null }) {
  const { threads } = useDiscussion(doc);
  const references = useAnchorReferences(doc);
  const counts = openCounts(threads);
  const box = useRef<HTMLDivElement>(null);
  const [places, setPlaces] = useState<Map<string, { top: number; left: number }>>(new Map());
  const key = [...counts].map(([id, n]) => `${id}:${n}`).join(',');

  useLayoutEffect(() => {
    const text = document.getElementById(DRAFT_TEXT_ID);
    if (!text || !box.current) return;
    let frame = 0;
    const measure = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const origin = box.current?.getBoundingClientRect();
        const main = text.closest('.editor-main')?.getBoundingClientRect();
        if (!origin || !main) return;
        const next = new Map<string, { top: number; left: number }>();
        for (const paragraphId of key ? key.split(',').map((entry) => entry.split(':')[0]) : []) {
          const element = text.querySelector(
            `[data-paragraph-id="${CSS.escape(paragraphId ?? '')}"]`,
          );
          if (!element || !paragraphId) continue;
          const rect = element.getBoundingClientRect();
          next.set(paragraphId, { top: rect.top - origin.top, left: main.right - origin.left });
        }
        setPlaces(next);
      });
    };
    measure();
    const resized = new ResizeObserver(measure);
    resized.observe(text);
    const mutated = new MutationObserver(measure);
    mutated.observe(text, { childList: true, subtree: true, characterData: true });
    window.addEventListener('resize', measure);
    return () => {
      cancelAnimationFrame(frame);
      resized.disconnect();
      mutated.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [key]);

  return (
    <div ref={box} className="discussion-margin">
      {[...counts].map(([paragraphId, count]) => {
        const place = places.get(paragraphId);
        if (!place) return null;
        const reference = references.paragraphs.get(paragraphId) ?? 'this paragraph';
        return (
          <button
            key={paragraphId}
            type="button"
            className="discussion-count-button"
            style={{ top: place.top, left: place.left }}
            aria-label={`${count} ${count === 1 ? 'comment' : 'comments'} on ${reference}`}
            onClick={() => openDiscussion({ paragraphId })}
          >
            {count} {count === 1 ? 'comment' : 'comments'}
          </button>
        );
      })}
    </div>
  );
}
