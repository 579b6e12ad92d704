'use client';

import type { Editor } from '@tiptap/core';
import { useEffect, useState } from 'react';
import type { PendingAmendment } from '@/lib/amendments/collect';
import { markupDraftFromBody } from '@/lib/export/markup';
import { fetchMatches } from '@/lib/precedents/client';
import { sourceLine } from '@/lib/precedents/model';
import {
  agreedLanguageOf,
  agreedPercent,
  proposedTexts,
  type AgreedLanguage,
} from '@/lib/precedents/proposal-agreed-language';
import { emptyHeader } from '@/lib/schema/resolution-document';

/** Quiet time after the list changes before asking (the list itself is already debounced). */
const SETTLE_MS = 400;
/** Sources listed under a proposal. */
const SHOWN_SOURCES = 3;

export interface ProposalsAgreedLanguage {
  /** By amendment id: the proposals that add words the finder counts. */
  byId: ReadonlyMap<string, AgreedLanguage>;
  /** Why the last look-up failed, or null. */
  problem: string | null;
}

/**
 * How much of each pending proposal's new words is agreed language: each
 * paragraph it adds to is read as it would be with the proposal accepted, and
 * asked of the server in one request (the client caches by text, so an edit
 * re-asks only for what it changed). A moment after the list settles; an
 * answer that arrives after a newer list is dropped, so typing never waits.
 */
export function useProposalsAgreedLanguage(
  editor: Editor,
  pending: readonly PendingAmendment[],
): ProposalsAgreedLanguage {
  const [state, setState] = useState<ProposalsAgreedLanguage>({ byId: new Map(), problem: null });
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      // Offline, the browser would only log a failed request; the list changes again once back.
      if (!navigator.onLine) return;
      const adding = new Set(
        pending.filter((amendment) => amendment.newText).map((amendment) => amendment.suggestionId),
      );
      const { paragraphs } = markupDraftFromBody(editor.state.doc, emptyHeader());
      const proposals = [...proposedTexts(paragraphs)].filter(([id]) => adding.has(id));
      const texts = proposals.flatMap(([, pieces]) => pieces.map((piece) => piece.text.text));
      // No signal: the request is shared with the editor's underlines through the client's cache.
      fetchMatches(texts).then(
        (matches) => {
          if (cancelled) return;
          const byId = new Map<string, AgreedLanguage>();
          let at = 0;
          for (const [id, pieces] of proposals) {
            const language = agreedLanguageOf(
              pieces.map((piece) => piece.text),
              matches.slice(at, (at += pieces.length)),
            );
            if (language) byId.set(id, language);
          }
          setState({ byId, problem: null });
        },
        (error: unknown) => {
          if (cancelled) return;
          const problem = error instanceof Error ? error.message : String(error);
          setState((previous) => ({ ...previous, problem }));
        },
      );
    }, SETTLE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [editor, pending]);
  return state;
}

/** The one quiet line saying the look-up failed (not repeated on every proposal). */
export function AgreedLanguageProblem({ problem }: { problem: string | null }) {
  if (!problem) return null;
  return (
    <p className="amendment-agreed-problem">Agreed language could not be looked up: {problem}</p>
  );
}

/**
 * On a proposal's card: "Agreed language: 85% of the new words — A/RES/78/190
 * OP4 (newest source)", the sources in a disclosure; "New language" when none
 * of its new words is; nothing for a proposal that adds no words.
 */
export function ProposalAgreedLanguage({ language }: { language: AgreedLanguage | undefined }) {
  if (!language) return null;
  const percent = agreedPercent(language);
  if (percent === 0) {
    return (
      <p className="amendment-agreed" data-agreed="none">
        New language
      </p>
    );
  }
  const best = language.sources[0];
  const share = `Agreed language: ${percent}% of the new words`;
  if (!best) {
    return (
      <p className="amendment-agreed" data-agreed="part">
        {share}
      </p>
    );
  }
  return (
    <details className="amendment-agreed" data-agreed={percent === 100 ? 'all' : 'part'}>
      <summary title={sourceLine(best.newest)}>
        {share} — {best.newest.symbol} {best.newest.ref} (newest source)
      </summary>
      {language.sources.slice(0, SHOWN_SOURCES).map((source) => (
        <p key={`${source.newest.symbol} ${source.newest.ref}`}>
          {sourceLine(source.newest)}
          {source.resolutions > 1
            ? ` (also in ${source.resolutions - 1} other ${source.resolutions === 2 ? 'resolution' : 'resolutions'})`
            : ''}
          : <cite>{source.newest.title}</cite>; {source.words} of the {language.words} new words
        </p>
      ))}
    </details>
  );
}
