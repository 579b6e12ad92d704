'use client';

import { useEffect, type RefObject } from 'react';

/**
 * The draft page keeps bars at the top of the window as it scrolls (the
 * connection and presence bar, then the toolbar): elements marked
 * `data-sticky-bar`. Whatever is scrolled to (the caret, an amendment shown
 * from the panel, a focused control) must land below them, not under them.
 */

const MARGIN = 16;

/** Where the sticky bars end once stuck, in pixels from the top of the window. */
export function stickyBarsBottom(): number {
  let bottom = 0;
  for (const bar of document.querySelectorAll<HTMLElement>('[data-sticky-bar]')) {
    const style = getComputedStyle(bar);
    if (style.position !== 'sticky' || bar.offsetParent === null) continue;
    bottom = Math.max(bottom, (parseFloat(style.top) || 0) + bar.offsetHeight);
  }
  return bottom;
}

/**
 * Scrolls the window so that `rect` (in window coordinates) is in the part
 * below the bars: centred there, or moved just enough to be inside it.
 */
export function scrollClearOfBars(
  rect: { top: number; bottom: number },
  how: 'centre' | 'nearest',
): void {
  const top = stickyBarsBottom() + MARGIN;
  const bottom = window.innerHeight - MARGIN;
  let by = 0;
  if (how === 'centre') {
    // A tall paragraph: its first lines, not its middle.
    const shown = Math.min(rect.bottom, rect.top + (bottom - top) / 2);
    by = (rect.top + shown) / 2 - (top + bottom) / 2;
  } else if (rect.top < top) {
    by = rect.top - top;
  } else if (rect.bottom > bottom) {
    by = Math.min(rect.bottom - bottom, rect.top - top);
  }
  if (Math.abs(by) >= 1) window.scrollBy({ top: by, behavior: 'instant' });
}

function publishBarVariables(): void {
  const root = document.documentElement;
  const first = document.querySelector<HTMLElement>('.workspace-bar[data-sticky-bar]');
  if (first) {
    const top = parseFloat(getComputedStyle(first).top) || 0;
    root.style.setProperty('--workspace-bar-bottom', `${top + first.offsetHeight}px`);
  }
  root.style.setProperty('--sticky-bars-bottom', `${stickyBarsBottom()}px`);
}

/**
 * Marks an element as a sticky bar (`data-sticky-bar`) while it is mounted,
 * and publishes the bars' heights as CSS variables on the page, kept up to
 * date as they wrap or grow: `--workspace-bar-bottom` (where the first bar
 * ends, for what sticks below it) and `--sticky-bars-bottom` (all of them: the
 * page's `scroll-padding-top`, which focus moves and anchors respect).
 */
export function useStickyBar(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const bar = ref.current;
    if (!bar) return;
    bar.dataset.stickyBar = '';
    const observer = new ResizeObserver(publishBarVariables);
    observer.observe(bar);
    return () => {
      observer.disconnect();
      delete bar.dataset.stickyBar;
      publishBarVariables();
    };
  }, [ref]);
}
