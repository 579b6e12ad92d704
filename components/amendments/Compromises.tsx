'use client';

import { useEffect, useId, useState } from 'react';
import type * as Y from 'yjs';
import { delegationColorCss } from '@/lib/accounts/delegation-color';
import type { PendingAmendment } from '@/lib/amendments/collect';
import {
  compromisesMap,
  readCompromises,
  type CompromiseAnswer,
  type CompromiseState,
} from '@/lib/amendments/compromises';
import { AMENDMENT_KIND_LABELS } from '@/lib/amendments/model';

/** The draft's compromises, live from its Y.Map (written by the server only). */
export function useCompromises(doc: Y.Doc): CompromiseState[] {
  const [compromises, setCompromises] = useState(() => readCompromises(doc));
  useEffect(() => {
    const map = compromisesMap(doc);
    const update = () => setCompromises(readCompromises(doc));
    update();
    map.observe(update);
    return () => map.unobserve(update);
  }, [doc]);
  return compromises;
}

async function send(
  url: string,
  method: 'POST' | 'DELETE',
  body?: unknown,
): Promise<string | null> {
  const response = await fetch(url, {
    method,
    headers: body ? { 'content-type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  });
  if (response.ok) return null;
  const answer = (await response.json().catch(() => null)) as { error?: string } | null;
  return answer?.error ?? `The server answered ${response.status}.`;
}

const describe = (amendment: PendingAmendment) =>
  `${amendment.delegation} ${AMENDMENT_KIND_LABELS[amendment.kind].toLowerCase()} in ${amendment.references.join(', ')}`;

/**
 * On an amendment's card: what a compromise supersedes and the answers, with
 * Agree / Object for the delegations asked; on the facilitator's own pending
 * amendment, "Make it a compromise…" with the amendments on its passage.
 */
export function CompromiseControls({
  draftId,
  amendment,
  pending,
  compromises,
  delegation,
  mayDecide,
}: {
  draftId: string;
  amendment: PendingAmendment;
  pending: readonly PendingAmendment[];
  compromises: readonly CompromiseState[];
  /** The signed-in delegation. */
  delegation: string;
  mayDecide: boolean;
}) {
  const id = useId();
  const [choosing, setChoosing] = useState(false);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const base = `/api/drafts/${draftId}/compromises`;
  const state = compromises.find((entry) => entry.compromise === amendment.suggestionId);
  const byId = new Map(pending.map((entry) => [entry.suggestionId, entry]));

  if (state) {
    const mine = state.answers[delegation]?.answer;
    const answer = (value: CompromiseAnswer) =>
      void send(`${base}/${amendment.suggestionId}/answer`, 'POST', { answer: value }).then(
        setError,
      );
    return (
      <div className="compromise" role="group" aria-labelledby={`${id}-title`}>
        <p id={`${id}-title`} className="compromise-title">
          Compromise superseding{' '}
          {state.supersedes
            .map((superseded) =>
              byId.get(superseded) ? describe(byId.get(superseded)!) : 'an amendment',
            )
            .join('; ')}
        </p>
        {/* Not a list: the card is an item of the panel's list, counted by its items. */}
        <p className="compromise-answers">
          {state.asked.map((code, index) => {
            const given = state.answers[code];
            return (
              <span key={code}>
                {index > 0 ? ' · ' : ''}
                <span style={{ color: delegationColorCss(code) }}>{code}</span>{' '}
                {given ? (given.answer === 'agree' ? 'agrees' : 'objects') : 'has not answered'}
              </span>
            );
          })}
        </p>
        {state.asked.includes(delegation) ? (
          <p className="compromise-buttons">
            <button type="button" aria-pressed={mine === 'agree'} onClick={() => answer('agree')}>
              Agree
            </button>
            <button type="button" aria-pressed={mine === 'object'} onClick={() => answer('object')}>
              Object
            </button>
          </p>
        ) : null}
        {mayDecide ? (
          <button
            type="button"
            className="link-button"
            onClick={() => void send(`${base}/${amendment.suggestionId}`, 'DELETE').then(setError)}
          >
            Restore the superseded amendments
          </button>
        ) : null}
        {error ? (
          <p className="amendment-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
    );
  }

  // The facilitator's own pending amendment may become a compromise.
  const superseded = new Set(compromises.flatMap((entry) => entry.supersedes));
  const passage = new Set(amendment.paragraphIds);
  const candidates = pending.filter(
    (entry) =>
      entry.suggestionId !== amendment.suggestionId &&
      !superseded.has(entry.suggestionId) &&
      !compromises.some((compromise) => compromise.compromise === entry.suggestionId) &&
      entry.paragraphIds.some((paragraph) => passage.has(paragraph)),
  );
  if (!mayDecide || amendment.delegation !== delegation || candidates.length === 0) return null;
  if (!choosing) {
    return (
      <button type="button" className="link-button" onClick={() => setChoosing(true)}>
        Make it a compromise…
      </button>
    );
  }
  return (
    <form
      className="compromise-form"
      aria-labelledby={`${id}-legend`}
      onSubmit={(event) => {
        event.preventDefault();
        void send(base, 'POST', {
          compromise: amendment.suggestionId,
          supersedes: [...chosen],
        }).then((failure) => {
          setError(failure);
          if (!failure) setChoosing(false);
        });
      }}
    >
      <fieldset>
        <legend id={`${id}-legend`}>This compromise supersedes</legend>
        {candidates.map((entry) => (
          <label key={entry.suggestionId}>
            <input
              type="checkbox"
              checked={chosen.has(entry.suggestionId)}
              onChange={(event) => {
                const next = new Set(chosen);
                if (event.target.checked) next.add(entry.suggestionId);
                else next.delete(entry.suggestionId);
                setChosen(next);
              }}
            />{' '}
            {describe(entry)}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={chosen.size === 0}>
        Supersede them
      </button>{' '}
      <button type="button" onClick={() => setChoosing(false)}>
        Cancel
      </button>
      {error ? (
        <p className="amendment-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/** The amendments a compromise supersedes: out of the working list, listed here. */
export function SupersededList({
  pending,
  compromises,
}: {
  pending: readonly PendingAmendment[];
  compromises: readonly CompromiseState[];
}) {
  const byId = new Map(pending.map((entry) => [entry.suggestionId, entry]));
  const superseded = compromises.flatMap((state) =>
    state.supersedes.flatMap((id) => (byId.get(id) ? [{ amendment: byId.get(id)!, state }] : [])),
  );
  if (superseded.length === 0) return null;
  return (
    <section className="amendment-superseded" aria-labelledby="superseded-heading">
      <h3 id="superseded-heading">
        Superseded by the facilitator’s compromise ({superseded.length})
      </h3>
      <ul>
        {superseded.map(({ amendment, state }) => (
          <li key={amendment.suggestionId} data-suggestion-id={amendment.suggestionId}>
            {describe(amendment)}
            {amendment.newText ? `: “${amendment.newText.slice(0, 120)}”` : ''}{' '}
            <span className="compromise-answer">
              {state.answers[amendment.delegation]
                ? state.answers[amendment.delegation]!.answer === 'agree'
                  ? '(agrees)'
                  : '(objects)'
                : '(not answered)'}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
