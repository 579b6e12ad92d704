'use client';

import { Fragment, useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { delegationColorCss } from '@/lib/accounts/delegation-color';
import {
  NO_POSITIONS,
  POSITIONS_FIELD,
  readPositions,
  type Position,
  type PositionSummary,
} from '@/lib/amendments/positions';

/** Every amendment's supporters and objectors, live from the draft's 'positions' map. */
export function usePositions(doc: Y.Doc): Map<string, PositionSummary> {
  const [positions, setPositions] = useState(() => readPositions(doc));
  useEffect(() => {
    const map = doc.getMap(POSITIONS_FIELD);
    const update = () => setPositions(readPositions(doc));
    update();
    map.observe(update);
    return () => map.unobserve(update);
  }, [doc]);
  return positions;
}

/** The panel's filter on positions: '' (all), 'supported', 'objected', or 'by:<code>'. */
export type PositionFilterValue = string;

export function matchesPositionFilter(
  filter: PositionFilterValue,
  summary: PositionSummary = NO_POSITIONS,
): boolean {
  if (filter === 'supported') return summary.support.length > 0;
  if (filter === 'objected') return summary.object.length > 0;
  if (filter.startsWith('by:')) return summary.support.includes(filter.slice(3));
  return true;
}

export function PositionFilter({
  value,
  onChange,
  positions,
}: {
  value: PositionFilterValue;
  onChange: (value: PositionFilterValue) => void;
  positions: Map<string, PositionSummary>;
}) {
  const supporters = [...new Set([...positions.values()].flatMap((entry) => entry.support))];
  return (
    <label>
      Support{' '}
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">All</option>
        <option value="supported">Supported</option>
        <option value="objected">Objected to</option>
        {supporters.sort().map((code) => (
          <option key={code} value={`by:${code}`}>
            Supported by {code}
          </option>
        ))}
      </select>
    </label>
  );
}

function Codes({ codes }: { codes: string[] }) {
  return codes.map((code, index) => (
    <Fragment key={code}>
      {index > 0 ? ', ' : ''}
      <strong style={{ color: delegationColorCss(code) }}>{code}</strong>
    </Fragment>
  ));
}

const VERBS: Record<Position, string> = { support: 'Support', object: 'Object' };

/**
 * On an amendment's card: who supports it and who objects ("Supported by EU,
 * CAN · Objected to by RUS"), and for another delegation's amendment the
 * signed-in delegation's "Support" / "Object" toggles (pressed again: the
 * position is withdrawn). The server records it; the line follows live.
 */
export function Positions({
  draftId,
  amendmentId,
  summary = NO_POSITIONS,
  delegation,
  own,
  describedAs,
}: {
  draftId: string;
  amendmentId: string;
  summary?: PositionSummary;
  /** The signed-in delegation. */
  delegation: string;
  /** The amendment is the signed-in delegation's own: no position on it. */
  own: boolean;
  /** e.g. "CUB's insertion in OP3", for the buttons' names. */
  describedAs: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const mine: Position | null = summary.support.includes(delegation)
    ? 'support'
    : summary.object.includes(delegation)
      ? 'object'
      : null;

  async function send(position: Position) {
    setBusy(true);
    setError('');
    const withdraw = mine === position;
    try {
      const response = await fetch(
        `/api/drafts/${draftId}/amendments/${encodeURIComponent(amendmentId)}/position`,
        {
          method: withdraw ? 'DELETE' : 'PUT',
          headers: { 'content-type': 'application/json' },
          body: withdraw ? undefined : JSON.stringify({ position }),
        },
      );
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { error?: string };
        setError(body.error ?? `Not recorded (HTTP ${response.status}). Try again.`);
      }
    } catch {
      setError('The server could not be reached; nothing was recorded. Try again.');
    } finally {
      setBusy(false);
    }
  }

  const taken = summary.support.length > 0 || summary.object.length > 0;
  return (
    <div className="amendment-positions">
      {taken ? (
        <p className="positions-line">
          {summary.support.length > 0 ? (
            <span>
              Supported by <Codes codes={summary.support} />
            </span>
          ) : null}
          {summary.support.length > 0 && summary.object.length > 0 ? ' · ' : null}
          {summary.object.length > 0 ? (
            <span>
              Objected to by <Codes codes={summary.object} />
            </span>
          ) : null}
        </p>
      ) : null}
      {own ? null : (
        <div
          className="position-buttons"
          role="group"
          aria-label={`Your position on ${describedAs}`}
        >
          {(['support', 'object'] as const).map((position) => (
            <button
              key={position}
              type="button"
              className={`position-${position}`}
              aria-pressed={mine === position}
              disabled={busy}
              onClick={() => void send(position)}
            >
              {mine === position ? <span aria-hidden="true">✓ </span> : null}
              {VERBS[position]}
            </button>
          ))}
        </div>
      )}
      {mine ? (
        <button
          type="button"
          className="link-button"
          disabled={busy}
          onClick={() => void send(mine)}
        >
          Withdraw my {mine === 'support' ? 'support' : 'objection'}
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
