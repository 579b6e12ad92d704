'use client';

import type { Editor } from '@tiptap/core';
import { diffWords } from 'diff';
import { useEffect, useMemo, useState } from 'react';
import { amendmentsMap, INSERTION_MARK } from '@/lib/amendments/model';
import {
  agreedLanguageState,
  MATCHED_PARAGRAPH_TYPES,
  paragraphText,
  type AgreedParagraph,
} from '@/lib/precedents/agreed-language';
import { agreedShare, fetchClosest } from '@/lib/precedents/client';
import { sourceLine } from '@/lib/precedents/model';
import { PRECEDENT_SEARCH_PATH, precedentHref } from '@/lib/precedents/precedent-links';
import { precedentChange } from '@/lib/precedents/precedent-change';
import {
  MIN_AGREED_WORDS,
  type ParagraphMatch,
  type Source,
} from '@/lib/precedents/precedent-index';
import type * as Y from 'yjs';

/** The paragraph holding the caret: its position, reference and agreed text. */
interface Selected {
  pos: number;
  ref: string;
  text: string;
  found: AgreedParagraph | undefined;
  problem: string | null;
}

function selectedParagraph(editor: Editor): Selected | null {
  const { $from } = editor.state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth);
    if (!MATCHED_PARAGRAPH_TYPES.has(node.type.name)) continue;
    const pos = $from.before(depth);
    const dom = editor.view.nodeDOM(pos);
    const ref = dom instanceof HTMLElement ? (dom.getAttribute('data-ref') ?? '') : '';
    const state = agreedLanguageState(editor.state);
    return {
      pos,
      ref,
      text: paragraphText(node, pos, INSERTION_MARK).text,
      found: state?.paragraphs.get(pos),
      problem: state?.problem ?? null,
    };
  }
  return null;
}

/** The draft's words against the precedent's: struck where the draft differs, inserted where the precedent does. */
function WordDiff({ draft, precedent }: { draft: string; precedent: string }) {
  const parts = useMemo(() => diffWords(draft, precedent), [draft, precedent]);
  return (
    <p className="precedent-diff">
      {parts.map((part, i) =>
        part.added ? (
          <ins key={i}>{part.value}</ins>
        ) : part.removed ? (
          <del key={i}>{part.value}</del>
        ) : (
          <span key={i}>{part.value}</span>
        ),
      )}
    </p>
  );
}

function Precedent({
  source,
  draft,
  onPropose,
}: {
  source: Source;
  draft: string;
  onPropose: ((source: Source) => void) | null;
}) {
  const newest = source.occurrences[0];
  const others = source.occurrences.slice(1);
  return (
    <li className="precedent">
      <p className="precedent-source">
        {newest ? (
          <a href={precedentHref(newest.symbol, newest.ref)} target="_blank" rel="noreferrer">
            {sourceLine(newest)}
          </a>
        ) : null}
        {source.exact ? (
          <span className="precedent-badge">same words</span>
        ) : (
          <span className="precedent-badge precedent-near">
            {Math.round(source.similarity * 100)} % alike
          </span>
        )}
      </p>
      {newest ? <p className="precedent-title">{newest.title}</p> : null}
      {others.length > 0 || source.occurrenceCount > source.occurrences.length ? (
        <details className="precedent-more">
          <summary>Also adopted in {source.occurrenceCount - 1} more</summary>
          <ul>
            {others.map((occurrence) => (
              <li key={`${occurrence.symbol} ${occurrence.ref}`}>{sourceLine(occurrence)}</li>
            ))}
            {source.occurrenceCount > source.occurrences.length ? (
              <li>and {source.occurrenceCount - source.occurrences.length} older</li>
            ) : null}
          </ul>
        </details>
      ) : null}
      {source.exact ? null : <WordDiff draft={draft} precedent={source.text} />}
      {onPropose && !source.exact ? (
        <button type="button" onClick={() => onPropose(source)}>
          Propose this wording
        </button>
      ) : null}
    </li>
  );
}

function PrecedentList({
  heading,
  sources,
  draft,
  onPropose,
}: {
  heading: string;
  sources: readonly Source[];
  draft: string;
  onPropose: ((source: Source) => void) | null;
}) {
  if (sources.length === 0) return null;
  return (
    <>
      <h4>{heading}</h4>
      <ol className="precedent-list">
        {sources.map((source) => (
          <Precedent key={source.text} source={source} draft={draft} onPropose={onPropose} />
        ))}
      </ol>
    </>
  );
}

function Coverage({ match }: { match: ParagraphMatch }) {
  if (match.words === 0) return <p className="precedent-coverage">No words to look up.</p>;
  if (match.agreedWords === 0) {
    return (
      <p className="precedent-coverage precedent-new">
        New language: no passage of {MIN_AGREED_WORDS} words or more of it was adopted in sessions
        75–79.
      </p>
    );
  }
  return (
    <p className="precedent-coverage">
      <strong>{Math.round(agreedShare(match) * 100)} % agreed language</strong> ({match.agreedWords}{' '}
      of {match.words} words, opener aside)
    </p>
  );
}

/**
 * The Precedents panel: for the paragraph holding the caret, how much of it is
 * agreed language and where from, and the adopted paragraphs closest to it
 * (near matches too), each with its differences from the draft and a button
 * proposing its wording as one's own amendment.
 */
export function PrecedentsPanel({
  editor,
  doc,
  delegation,
  mayPropose,
  on,
  onSwitch,
  shown,
}: {
  editor: Editor;
  doc: Y.Doc;
  delegation: string;
  /** The delegation may amend now (not an observer, not under silence, online). */
  mayPropose: boolean;
  on: boolean;
  onSwitch: (on: boolean) => void;
  /** The panel is on screen: only then are the closest paragraphs asked for. */
  shown: boolean;
}) {
  const [selected, setSelected] = useState<Selected | null>(() => selectedParagraph(editor));
  const [closest, setClosest] = useState<{ text: string; sources: Source[] } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  // Followed only while the tab is shown: hidden, it costs a keystroke nothing.
  useEffect(() => {
    if (!shown) return;
    const update = () =>
      setSelected((previous) => {
        const next = selectedParagraph(editor);
        return previous &&
          next &&
          previous.pos === next.pos &&
          previous.ref === next.ref &&
          previous.text === next.text &&
          previous.found === next.found &&
          previous.problem === next.problem
          ? previous
          : next;
      });
    update();
    editor.on('transaction', update);
    return () => {
      editor.off('transaction', update);
    };
  }, [editor, shown]);

  const text = selected?.text ?? null;
  useEffect(() => {
    if (!on || !shown || text === null || text.trim() === '' || !navigator.onLine) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetchClosest(text, controller.signal)
        .then((answer) => {
          setClosest({ text, sources: answer.closest });
          setProblem(null);
        })
        .catch((error: unknown) => {
          if (!controller.signal.aborted) setProblem((error as Error).message);
        });
    }, 400);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [on, shown, text]);

  const match = selected?.found?.match;
  const sources = match?.sources ?? [];
  const near = (closest?.text === text ? closest.sources : []).filter(
    (source) => !sources.some((s) => s.text === source.text),
  );

  function propose(source: Source) {
    if (!selected) return;
    const change = precedentChange(selected.text, source.text);
    if (!change) return;
    const node = editor.state.doc.nodeAt(selected.pos);
    if (!node) return;
    const { positions } = paragraphText(node, selected.pos, INSERTION_MARK);
    const from =
      change.from < positions.length
        ? positions[change.from]!
        : (positions.at(-1) ?? selected.pos) + 1;
    const to = change.to > change.from ? positions[change.to - 1]! + 1 : from;
    // A footnote or someone's proposal inside the range: the change would touch it.
    if (to - from !== change.to - change.from) {
      setMessage(
        'A footnote or a pending proposal lies inside the words to change: propose this wording by hand.',
      );
      return;
    }
    const storage = editor.storage as unknown as { suggestingMode?: { mode: string } };
    const mode = storage.suggestingMode?.mode;
    const before = new Set(amendmentsMap(doc).keys());
    editor.commands.setAmendmentMode('suggesting');
    try {
      editor
        .chain()
        .focus()
        .command(({ tr }) => {
          if (change.insert) tr.insertText(change.insert, from, to);
          else tr.delete(from, to);
          return true;
        })
        .run();
    } finally {
      if (mode === 'editing') editor.commands.setAmendmentMode('editing');
    }
    const newest = source.occurrences[0];
    const rationale = `Agreed language from ${newest ? `${newest.symbol} (${newest.ref})` : 'an adopted resolution'}.`;
    const map = amendmentsMap(doc);
    let made = 0;
    for (const [id, entry] of map.entries()) {
      if (before.has(id) || entry.delegation !== delegation) continue;
      map.set(id, { ...entry, rationale });
      made++;
    }
    setMessage(
      made > 0
        ? `Proposed as an amendment from ${delegation}, with the rationale “${rationale}”`
        : 'The wording could not be proposed here.',
    );
  }

  return (
    <section className="precedents-panel" aria-labelledby="precedents-heading">
      <h2 id="precedents-heading">Precedents</h2>
      <label className="precedents-switch">
        <input type="checkbox" checked={on} onChange={(event) => onSwitch(event.target.checked)} />{' '}
        Show agreed language in the text
      </label>
      <p className="precedents-legend">
        <span className="agreed-passage">Dotted underline</span>: wording the General Assembly
        adopted (sessions 75–79). Bar in the right margin: solid, the paragraph is agreed language;
        dotted, part of it.{' '}
        <a href={PRECEDENT_SEARCH_PATH} target="_blank" rel="noreferrer">
          Search adopted paragraphs
        </a>
      </p>
      {!on ? null : !selected ? (
        <p className="precedents-hint">Put the caret in a paragraph to see its precedents.</p>
      ) : (
        <>
          <h3 className="precedents-ref">{selected.ref || 'This paragraph'}</h3>
          {selected.problem || problem ? (
            <p className="precedents-problem" role="status">
              Agreed language could not be looked up: {selected.problem ?? problem}
            </p>
          ) : null}
          {match ? (
            <Coverage match={match} />
          ) : (
            <p className="precedents-hint" aria-busy="true">
              Looking for agreed language…
            </p>
          )}
          <p className="precedents-message" aria-live="polite">
            {message ?? ''}
          </p>
          <PrecedentList
            heading="Where its agreed passages come from"
            sources={sources}
            draft={selected.text}
            onPropose={mayPropose ? propose : null}
          />
          <PrecedentList
            heading="Closest adopted paragraphs"
            sources={near}
            draft={selected.text}
            onPropose={mayPropose ? propose : null}
          />
        </>
      )}
    </section>
  );
}
