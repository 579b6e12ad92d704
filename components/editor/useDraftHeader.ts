'use client';

import { useCallback, useRef, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { headerMap, readHeader } from '@/lib/collab/draft-header';
import { emptyHeader, type ResolutionHeader } from '@/lib/schema/resolution-document';

const EMPTY = emptyHeader();

/** The draft's header, re-read whenever anyone changes it. */
export function useDraftHeader(doc: Y.Doc | null): ResolutionHeader {
  const cached = useRef<ResolutionHeader>(EMPTY);
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!doc) return () => undefined;
      const map = headerMap(doc);
      const listener = () => {
        cached.current = readHeader(doc);
        onChange();
      };
      cached.current = readHeader(doc);
      map.observeDeep(listener);
      return () => map.unobserveDeep(listener);
    },
    [doc],
  );
  return useSyncExternalStore(
    subscribe,
    () => cached.current,
    () => EMPTY,
  );
}
