'use client';

import { useCallback, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { readSilence, SILENCE_FIELD, type SilenceState } from '@/lib/collab/silence-state';

/**
 * The draft's silence procedure, live from its Y.Doc (written by the server
 * only). Yjs hands back the same object until the server writes a new state.
 */
export function useSilence(doc: Y.Doc | null): SilenceState | null {
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!doc) return () => undefined;
      const map = doc.getMap(SILENCE_FIELD);
      map.observe(onChange);
      return () => map.unobserve(onChange);
    },
    [doc],
  );
  return useSyncExternalStore(
    subscribe,
    () => (doc ? readSilence(doc) : null),
    () => null,
  );
}
