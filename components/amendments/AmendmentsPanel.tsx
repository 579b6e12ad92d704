'use client';

import type { Editor } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import { useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import { collectAmendments, type PendingAmendment } from '@/lib/amendments/collect';
import { readProposals } from '@/lib/amendments/proposals';
import type { DecisionAction, DecisionReport } from '@/lib/amendments/decision-request';
import {
  AMENDMENT_KIND_LABELS,
  amendmentsMap,
  type AmendmentKind,
  type AmendmentMeta,
} from '@/lib/amendments/model';
import { delegationColorCss } from '@/lib/accounts/delegation-color';
import { scrollClearOfBars } from '@/components/editor/sticky-bars';
import { CommentOnProposal } from '@/components/discussion/CommentOnProposal';
import { CompromiseControls, SupersededList, useCompromises } from './Compromises';
import {
  reanchorAmendment,
  staleAmendments,
  withdrawAmendment,
  type StaleAmendment,
} from '@/lib/amendments/stale';
import { useWhatIfSelection, WhatIfBar, WhatIfCheckbox } from './WhatIf';
import { matchesPositionFilter, PositionFilter, Positions, usePositions } from './Positions';
import {
  AgreedLanguageProblem,
  ProposalAgreedLanguage,
  useProposalsAgreedLanguage,
} from './ProposalAgreedLanguage';

/** How long after the last change the list is recomputed (typing stays fluid on big drafts). */
const REFRESH_MS = 250;

interface PanelList {
  pending: PendingAmendment[];
  /** Pending amendments that no longer fit the agreed text (drafts of proposal objects). */
  stale: Map<string, StaleAmendment>;
  /** Amendments of another delegation's proposed words: that delegation, by amendment id. */
  amends: Map<string, string>;
}

/** Which amendments amend another delegation's proposed words (sub-amendments), and whose. */
function amendedProposals(doc: Y.Doc): Map<string, string> {
  const proposals = readProposals(doc);
  const byId = new Map(proposals.map((proposal) => [proposal.id, proposal]));
  const amends = new Map<string, string>();
  for (const proposal of proposals) {
    if (proposal.kind !== 'text' || proposal.parent === null) continue;
    const parent = byId.get(proposal.parent);
    if (parent) amends.set(proposal.amendment, parent.delegation);
  }
  return amends;
}

function panelList(editor: Editor, doc: Y.Doc): PanelList {
  return {
    pending: collectAmendments(editor.state.doc),
    stale: staleAmendments(doc),
    amends: amendedProposals(doc),
  };
}

function usePendingAmendments(editor: Editor, doc: Y.Doc): PanelList {
  const [pending, setPending] = useState<PanelList>(() => panelList(editor, doc));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = ({ transaction }: { transaction: { docChanged: boolean } }) => {
      if (!transaction.docChanged) return;
      clearTimeout(timer);
      timer = setTimeout(() => setPending(panelList(editor, doc)), REFRESH_MS);
    };
    editor.on('transaction', refresh);
    // A change that leaves the marked-up text as it was (re-anchoring a stale amendment, or
    // the agreed text changing under one) still changes what is stale.
    const changed = () => refresh({ transaction: { docChanged: true } });
    doc.on('update', changed);
    return () => {
      clearTimeout(timer);
      editor.off('transaction', refresh);
      doc.off('update', changed);
    };
  }, [editor, doc]);
  return pending;
}

/** What the panel says of a stale amendment. */
function staleText(stale: StaleAmendment): string {
  if (stale.parentGone) {
    return 'Stale: the proposal it amends has been decided or withdrawn.';
  }
  if (stale.state === 'orphaned') {
    return 'Stale: a paragraph it applies to is no longer in the agreed text.';
  }
  if (stale.state === 'collapsed') {
    return `Stale: the words it struck (“${stale.was}”) are no longer in the agreed text.`;
  }
  return `Stale: the agreed text under it changed: it struck “${stale.was}”, which now reads “${stale.now}”.`;
}

function useAmendmentMeta(doc: Y.Doc): Map<string, AmendmentMeta> {
  const [meta, setMeta] = useState(() => new Map(amendmentsMap(doc).entries()));
  useEffect(() => {
    const map = amendmentsMap(doc);
    const update = () => setMeta(new Map(map.entries()));
    update();
    map.observe(update);
    return () => map.unobserve(update);
  }, [doc]);
  return meta;
}

function age(iso: string | undefined, now: number): string {
  if (!iso) return '';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return new Date(iso).toLocaleDateString();
}

function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** How much of an amendment's text a card shows before "Show all". */
const CARD_TEXT_LIMIT = 280;

/**
 * The words an amendment removes or adds, on its card: a long text (a pasted
 * page) is cut after about CARD_TEXT_LIMIT characters, at a word, with a
 * button that shows it all and back.
 */
function CardText({ kind, text }: { kind: 'old' | 'new'; text: string }) {
  const [expanded, setExpanded] = useState(false);
  const long = text.length > CARD_TEXT_LIMIT + 40;
  const cut = text.lastIndexOf(' ', CARD_TEXT_LIMIT);
  const shown =
    long && !expanded
      ? `${text.slice(0, cut > CARD_TEXT_LIMIT / 2 ? cut : CARD_TEXT_LIMIT)}…`
      : text;
  const words = text.trim().split(/\s+/).length;
  return (
    <p className={kind === 'old' ? 'amendment-old' : 'amendment-new'}>
      <span className="visually-hidden">{kind === 'old' ? 'Removes: ' : 'Adds: '}</span>
      {kind === 'old' ? <del>{shown}</del> : <ins>{shown}</ins>}
      {long ? (
        <>
          {' '}
          <button
            type="button"
            className="link-button card-text-toggle"
            aria-expanded={expanded}
            onClick={() => setExpanded(!expanded)}
          >
            {expanded ? 'Show less' : `Show all (${words} words)`}
          </button>
        </>
      ) : null}
    </p>
  );
}

function reportText(report: DecisionReport): string {
  const verb = { accept: 'Accepted', reject: 'Rejected', reinstate: 'Reinstated' }[report.action];
  const parts = [`${verb} ${report.done.length}.`];
  for (const { note } of report.alreadyDecided) parts.push(`One had nothing left to do (${note}).`);
  for (const { reason } of report.failed) parts.push(reason);
  if (report.unknown.length > 0) {
    parts.push(`${report.unknown.length} no longer in the draft (withdrawn meanwhile).`);
  }
  return parts.join(' ');
}

/**
 * Puts the caret at the amendment's start and scrolls it to the middle of the
 * part of the window below the sticky bars.
 */
function reveal(editor: Editor, amendment: PendingAmendment): void {
  const { state, view } = editor;
  const pos = Math.min(amendment.pos + 1, state.doc.content.size);
  view.dispatch(state.tr.setSelection(TextSelection.near(state.doc.resolve(pos))));
  view.dom.focus({ preventScroll: true });
  const dom = view.nodeDOM(amendment.pos);
  scrollClearOfBars(
    dom instanceof HTMLElement ? dom.getBoundingClientRect() : view.coordsAtPos(pos),
    'centre',
  );
}

/**
 * Every pending amendment beside the text, with its delegation, kind,
 * paragraph, old and new text, how much of its new text is agreed language,
 * rationale and age; filters; for facilitators
 * the decisions (one, all from a delegation, all), and the record of recent
 * decisions with "Reinstate".
 */
export function AmendmentsPanel({
  editor,
  doc,
  draftId,
  mayDecide,
  delegation,
  onPendingCount,
}: {
  editor: Editor;
  doc: Y.Doc;
  draftId: string;
  mayDecide: boolean;
  /** The signed-in delegation: it may write the rationale of its own amendments. */
  delegation: string;
  /** Told how many amendments are pending whenever that changes (the export asks with it). */
  onPendingCount?: (count: number) => void;
}) {
  const { pending, stale, amends } = usePendingAmendments(editor, doc);
  const whatIf = useWhatIfSelection();
  const agreedLanguage = useProposalsAgreedLanguage(editor, pending);
  useEffect(() => onPendingCount?.(pending.length), [onPendingCount, pending.length]);
  const shownIds = new Set(pending.map((amendment) => amendment.suggestionId));
  // Stale amendments whose paragraph has gone are not in the text: listed apart.
  const orphans = [...stale.values()].filter((entry) => !shownIds.has(entry.amendment));
  const meta = useAmendmentMeta(doc);
  const now = useNow();
  const [byDelegation, setByDelegation] = useState('');
  const [byParagraph, setByParagraph] = useState('');
  const [byKind, setByKind] = useState<AmendmentKind | ''>('');
  const positions = usePositions(doc);
  const [byPosition, setByPosition] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [editingRationale, setEditingRationale] = useState<string | null>(null);

  const delegations = useMemo(
    () => [...new Set(pending.map((amendment) => amendment.delegation))].sort(),
    [pending],
  );
  const paragraphs = useMemo(
    () => [...new Set(pending.flatMap((amendment) => amendment.references))],
    [pending],
  );
  const kinds = useMemo(() => [...new Set(pending.map((amendment) => amendment.kind))], [pending]);
  const compromises = useCompromises(doc);
  // Amendments a compromise supersedes leave the working list (listed apart, restorable).
  const superseded = new Set(compromises.flatMap((state) => state.supersedes));
  const shown = pending.filter(
    (amendment) =>
      !superseded.has(amendment.suggestionId) &&
      (!byDelegation || amendment.delegation === byDelegation) &&
      (!byParagraph || amendment.references.includes(byParagraph)) &&
      (!byKind || amendment.kind === byKind) &&
      matchesPositionFilter(byPosition, positions.get(amendment.suggestionId)),
  );
  const decided = useMemo(
    () =>
      [...meta.entries()]
        .filter(([, entry]) => entry.decision)
        .sort(([, a], [, b]) => (b.decision?.at ?? '').localeCompare(a.decision?.at ?? ''))
        .slice(0, 20),
    [meta],
  );

  async function decide(action: DecisionAction, ids: string[]) {
    if (ids.length === 0 || busy) return;
    setBusy(true);
    setMessage(null);
    try {
      const response = await fetch(`/api/drafts/${draftId}/amendments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action, ids }),
      });
      const body = (await response.json().catch(() => ({}))) as Partial<DecisionReport> & {
        error?: string;
      };
      if (!response.ok) {
        setMessage({
          text: body.error ?? `The decision was not recorded (HTTP ${response.status}). Try again.`,
          error: true,
        });
      } else {
        setMessage({ text: reportText(body as DecisionReport), error: false });
      }
    } catch {
      setMessage({
        text: 'The server could not be reached; nothing was decided. Check the connection and try again.',
        error: true,
      });
    } finally {
      setBusy(false);
    }
  }

  /** The delegation's own stale amendment: anchored again on the text as it is, or withdrawn. */
  function fixStale(id: string, action: 'reanchor' | 'withdraw') {
    let count = 0;
    doc.transact(() => {
      count =
        action === 'reanchor'
          ? reanchorAmendment(doc, id, delegation)
          : withdrawAmendment(doc, id, delegation);
    });
    setMessage({
      text:
        action === 'reanchor'
          ? count > 0
            ? 'Re-anchored on the agreed text as it is now.'
            : 'Nothing to re-anchor: withdraw it, or propose it again.'
          : 'Withdrawn.',
      error: false,
    });
  }

  function saveRationale(id: string, text: string) {
    const map = amendmentsMap(doc);
    const entry = map.get(id);
    if (!entry || entry.delegation !== delegation) return;
    map.set(id, { ...entry, rationale: text.trim() || undefined });
    setEditingRationale(null);
  }

  const ids = (list: PendingAmendment[]) => list.map((amendment) => amendment.suggestionId);
  const filtered = byDelegation || byParagraph || byKind || byPosition;

  return (
    <aside className="amendments-panel" aria-labelledby="amendments-heading">
      <h2 id="amendments-heading">
        Amendments <span className="count">({pending.length} pending)</span>
      </h2>
      <p className="panel-hint">
        <kbd>Alt</kbd>+<kbd>]</kbd> / <kbd>Alt</kbd>+<kbd>[</kbd> in the text: next / previous
        amendment.
      </p>
      <div className="amendment-filters" role="group" aria-label="Filter amendments">
        <label>
          Delegation{' '}
          <select value={byDelegation} onChange={(event) => setByDelegation(event.target.value)}>
            <option value="">All</option>
            {delegations.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </label>
        <label>
          Paragraph{' '}
          <select value={byParagraph} onChange={(event) => setByParagraph(event.target.value)}>
            <option value="">All</option>
            {paragraphs.map((reference) => (
              <option key={reference} value={reference}>
                {reference}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind{' '}
          <select
            value={byKind}
            onChange={(event) => setByKind(event.target.value as AmendmentKind | '')}
          >
            <option value="">All</option>
            {kinds.map((kind) => (
              <option key={kind} value={kind}>
                {AMENDMENT_KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </label>
        <PositionFilter value={byPosition} onChange={setByPosition} positions={positions} />
      </div>

      {mayDecide && pending.length > 0 ? (
        <div className="amendment-bulk" role="group" aria-label="Decide several amendments">
          {byDelegation ? (
            <>
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  void decide(
                    'accept',
                    ids(pending.filter((amendment) => amendment.delegation === byDelegation)),
                  )
                }
              >
                Accept all from {byDelegation}
              </button>
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  void decide(
                    'reject',
                    ids(pending.filter((amendment) => amendment.delegation === byDelegation)),
                  )
                }
              >
                Reject all from {byDelegation}
              </button>
            </>
          ) : null}
          <button type="button" disabled={busy} onClick={() => void decide('accept', ids(shown))}>
            {filtered ? `Accept the ${shown.length} shown` : 'Accept all'}
          </button>
          <button type="button" disabled={busy} onClick={() => void decide('reject', ids(shown))}>
            {filtered ? `Reject the ${shown.length} shown` : 'Reject all'}
          </button>
        </div>
      ) : null}

      <WhatIfBar selection={whatIf} draftId={draftId} pending={pending} />

      <p className="amendment-message" aria-live="polite">
        {message && !message.error ? message.text : ''}
      </p>
      {message?.error ? (
        <p className="amendment-error" role="alert">
          {message.text}
        </p>
      ) : null}

      <AgreedLanguageProblem problem={agreedLanguage.problem} />

      {pending.length === 0 ? (
        <p className="amendments-empty">No pending amendments.</p>
      ) : shown.length === 0 ? (
        <p className="amendments-empty">No amendment matches these filters.</p>
      ) : null}
      <ol className="amendment-list" aria-label="Pending amendments">
        {shown.map((amendment) => {
          const info = meta.get(amendment.suggestionId);
          const color = delegationColorCss(amendment.delegation);
          const own = amendment.delegation === delegation;
          return (
            <li
              key={amendment.suggestionId}
              className="amendment-item"
              style={{ borderInlineStartColor: color }}
              data-suggestion-id={amendment.suggestionId}
              data-delegation={amendment.delegation}
            >
              <button
                type="button"
                className="amendment-summary"
                onClick={() => reveal(editor, amendment)}
              >
                <span className="amendment-delegation" style={{ color }}>
                  {amendment.delegation}
                </span>{' '}
                <span className="amendment-kind">
                  {AMENDMENT_KIND_LABELS[amendment.kind]}
                  {amends.has(amendment.suggestionId)
                    ? ` in ${amends.get(amendment.suggestionId)}’s proposal`
                    : ''}
                </span>{' '}
                <span className="amendment-where">{amendment.references.join(' → ')}</span>
                <span className="amendment-age">{age(info?.createdAt, now)}</span>
                <span className="visually-hidden">: show in the text</span>
              </button>
              <WhatIfCheckbox selection={whatIf} amendment={amendment} />
              {amendment.oldText ? <CardText kind="old" text={amendment.oldText} /> : null}
              {amendment.newText ? <CardText kind="new" text={amendment.newText} /> : null}
              <ProposalAgreedLanguage language={agreedLanguage.byId.get(amendment.suggestionId)} />
              {info?.name ? <p className="amendment-by">by {info.name}</p> : null}
              <CompromiseControls
                draftId={draftId}
                amendment={amendment}
                pending={pending}
                compromises={compromises}
                delegation={delegation}
                mayDecide={mayDecide}
              />
              {stale.has(amendment.suggestionId) ? (
                <p className="amendment-stale" role="note">
                  {staleText(stale.get(amendment.suggestionId)!)}
                </p>
              ) : null}
              {editingRationale === amendment.suggestionId ? (
                <form
                  className="amendment-rationale-form"
                  onSubmit={(event) => {
                    event.preventDefault();
                    const data = new FormData(event.currentTarget);
                    saveRationale(amendment.suggestionId, String(data.get('rationale') ?? ''));
                  }}
                >
                  <label>
                    Rationale{' '}
                    <textarea
                      name="rationale"
                      defaultValue={info?.rationale ?? ''}
                      maxLength={2000}
                      rows={2}
                      autoFocus
                    />
                  </label>
                  <button type="submit">Save</button>
                  <button type="button" onClick={() => setEditingRationale(null)}>
                    Cancel
                  </button>
                </form>
              ) : info?.rationale ? (
                <p className="amendment-rationale">Rationale: {info.rationale}</p>
              ) : null}
              <Positions
                draftId={draftId}
                amendmentId={amendment.suggestionId}
                summary={positions.get(amendment.suggestionId)}
                delegation={delegation}
                own={own}
                describedAs={`${amendment.delegation}’s ${AMENDMENT_KIND_LABELS[amendment.kind].toLowerCase()} in ${amendment.references.join(', ')}`}
              />
              <div className="amendment-actions">
                <CommentOnProposal
                  amendmentId={amendment.suggestionId}
                  describedAs={`${amendment.delegation}’s ${AMENDMENT_KIND_LABELS[amendment.kind].toLowerCase()} in ${amendment.references.join(', ')}`}
                />
                {own && stale.get(amendment.suggestionId)?.reanchorable ? (
                  <button
                    type="button"
                    onClick={() => fixStale(amendment.suggestionId, 'reanchor')}
                    aria-label={`Re-anchor your ${AMENDMENT_KIND_LABELS[amendment.kind].toLowerCase()} in ${amendment.references.join(', ')} on the text as it is now`}
                  >
                    Re-anchor
                  </button>
                ) : null}
                {own && stale.has(amendment.suggestionId) ? (
                  <button
                    type="button"
                    onClick={() => fixStale(amendment.suggestionId, 'withdraw')}
                    aria-label={`Withdraw your ${AMENDMENT_KIND_LABELS[amendment.kind].toLowerCase()} in ${amendment.references.join(', ')}`}
                  >
                    Withdraw
                  </button>
                ) : null}
                {own && info && editingRationale !== amendment.suggestionId ? (
                  <button type="button" onClick={() => setEditingRationale(amendment.suggestionId)}>
                    {info.rationale ? 'Edit rationale' : 'Add rationale'}
                  </button>
                ) : null}
                {mayDecide ? (
                  <>
                    <button
                      type="button"
                      className="accept"
                      disabled={busy}
                      onClick={() => void decide('accept', [amendment.suggestionId])}
                      aria-label={`Accept ${amendment.delegation}'s ${AMENDMENT_KIND_LABELS[amendment.kind].toLowerCase()} in ${amendment.references.join(', ')}`}
                    >
                      Accept
                    </button>
                    <button
                      type="button"
                      className="reject"
                      disabled={busy}
                      onClick={() => void decide('reject', [amendment.suggestionId])}
                      aria-label={`Reject ${amendment.delegation}'s ${AMENDMENT_KIND_LABELS[amendment.kind].toLowerCase()} in ${amendment.references.join(', ')}`}
                    >
                      Reject
                    </button>
                  </>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>

      <SupersededList pending={pending} compromises={compromises} />

      {orphans.length > 0 ? (
        <section className="amendment-orphans" aria-labelledby="orphans-heading">
          <h3 id="orphans-heading">Stale, not shown in the text ({orphans.length})</h3>
          <ol>
            {orphans.map((entry) => (
              <li key={entry.amendment} data-suggestion-id={entry.amendment}>
                <span style={{ color: delegationColorCss(entry.delegation) }}>
                  {entry.delegation}
                </span>
                : {staleText(entry)}
                {entry.was ? (
                  <>
                    {' '}
                    It struck <del>{entry.was}</del>.
                  </>
                ) : null}{' '}
                {meta.get(entry.amendment)?.name ? `By ${meta.get(entry.amendment)?.name}.` : ''}
                {entry.delegation === delegation ? (
                  <button type="button" onClick={() => fixStale(entry.amendment, 'withdraw')}>
                    Withdraw
                  </button>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {decided.length > 0 ? (
        <details className="amendment-decided">
          <summary>Recent decisions ({decided.length})</summary>
          <ol>
            {decided.map(([id, entry]) => (
              <li key={id} data-suggestion-id={id}>
                {entry.delegation}’s amendment {entry.decision?.outcome} by{' '}
                {entry.decision?.delegation} ({age(entry.decision?.at, now)})
                {mayDecide ? (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => void decide('reinstate', [id])}
                  >
                    Reinstate
                  </button>
                ) : null}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </aside>
  );
}
