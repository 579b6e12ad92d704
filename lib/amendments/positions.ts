import type * as Y from 'yjs';
import { amendmentsMap } from './model';
import { readProposals } from './proposals';

/**
 * Positions on proposals (issue 23): before the facilitator decides, a
 * delegation with any role may support another delegation's pending
 * amendment or object to it, and withdraw that. The record is the server's
 * store; the public state is a Y.Map of the draft's Y.Doc that only the
 * server writes (the collaboration server refuses it, `update-rules.ts`),
 * which every page reads live and the exports read from the stored draft.
 */

/** Name of the Y.Map holding, by amendment id, the positions taken on it. */
export const POSITIONS_FIELD = 'positions';

export const POSITIONS = ['support', 'object'] as const;
export type Position = (typeof POSITIONS)[number];

/** One delegation's position on one amendment. */
export interface PositionEntry {
  delegation: string;
  position: Position;
  /** Milliseconds since the epoch. */
  at: number;
}

/** Who supports and who objects to an amendment, delegation codes in the order they said so. */
export interface PositionSummary {
  support: string[];
  object: string[];
}

export const NO_POSITIONS: PositionSummary = { support: [], object: [] };

function isEntry(value: unknown): value is PositionEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<PositionEntry>;
  return (
    typeof entry.delegation === 'string' &&
    (entry.position === 'support' || entry.position === 'object') &&
    typeof entry.at === 'number'
  );
}

/** The positions on one amendment as the server last wrote them. */
export function readPositionEntries(doc: Y.Doc, amendmentId: string): PositionEntry[] {
  const value: unknown = doc.getMap(POSITIONS_FIELD).get(amendmentId);
  return Array.isArray(value) ? value.filter(isEntry) : [];
}

export function summarisePositions(entries: readonly PositionEntry[]): PositionSummary {
  const ordered = [...entries].sort((a, b) => a.at - b.at);
  return {
    support: ordered.filter((entry) => entry.position === 'support').map((e) => e.delegation),
    object: ordered.filter((entry) => entry.position === 'object').map((e) => e.delegation),
  };
}

/** Every amendment's positions, by amendment id (amendments nobody took a position on: absent). */
export function readPositions(doc: Y.Doc): Map<string, PositionSummary> {
  const found = new Map<string, PositionSummary>();
  doc.getMap(POSITIONS_FIELD).forEach((_value, amendmentId) => {
    const entries = readPositionEntries(doc, amendmentId);
    if (entries.length > 0) found.set(amendmentId, summarisePositions(entries));
  });
  return found;
}

/** Writes an amendment's positions (the server only); none: the key is removed. */
export function writePositions(
  doc: Y.Doc,
  amendmentId: string,
  entries: readonly PositionEntry[],
): void {
  const map = doc.getMap(POSITIONS_FIELD);
  if (entries.length === 0) map.delete(amendmentId);
  else
    map.set(
      amendmentId,
      entries.map((entry) => ({ ...entry })),
    );
}

/** "Supported by EU, CAN · Objected to by RUS"; '' when nobody took a position. */
export function positionsSentence(summary: PositionSummary): string {
  const parts: string[] = [];
  if (summary.support.length > 0) parts.push(`Supported by ${summary.support.join(', ')}`);
  if (summary.object.length > 0) parts.push(`Objected to by ${summary.object.join(', ')}`);
  return parts.join(' · ');
}

/** What a position may be taken on: the amendment's delegation, and whether it is pending. */
export interface PositionTarget {
  delegation: string;
  /** 'pending', or why not: decided (accepted / rejected) or withdrawn. */
  state: 'pending' | 'accepted' | 'rejected' | 'withdrawn';
}

/**
 * The amendment a position is taken on, read from the draft; null when the
 * draft has no such amendment. A draft of proposal objects: withdrawn when
 * every proposal of the amendment is; a draft of marks: when its record says so.
 */
export function positionTarget(doc: Y.Doc, amendmentId: string): PositionTarget | null {
  const record = amendmentsMap(doc).get(amendmentId);
  if (typeof record !== 'object' || record === null || typeof record.delegation !== 'string') {
    return null;
  }
  const { delegation } = record;
  if (record.decision) return { delegation, state: record.decision.outcome };
  const pieces = readProposals(doc).filter((proposal) => proposal.amendment === amendmentId);
  const withdrawn =
    pieces.length > 0
      ? pieces.every((proposal) => proposal.withdrawn)
      : record.history?.at(-1)?.action === 'withdrawn';
  return { delegation, state: withdrawn ? 'withdrawn' : 'pending' };
}

/** What a position request of the web app gets back from the collaboration server. */
export type PositionResult =
  { ok: true; positions: PositionSummary } | { ok: false; status: 404 | 409; error: string };
