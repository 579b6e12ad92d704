import { BODY_FIELD } from './protocol';

/**
 * What a page's presence (awareness) state may hold, checked by the server
 * before it relays a state and by the page before it draws a caret. The page
 * sets two fields: `user` (TipTap's CollaborationCaret; the server replaces it
 * with the session's identity) and `cursor` (y-tiptap's cursor plugin: the
 * anchor and head of the selection as JSON-encoded Y.RelativePositions, or null).
 */

/** Every field a presence state may have. */
export const PRESENCE_FIELDS: ReadonlySet<string> = new Set(['user', 'cursor']);

/** The longest presence state the server relays, as JSON (bytes); a page's is a few hundred. */
export const MAX_PRESENCE_STATE_BYTES = 4096;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOnly(value: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(value).every((key) => keys.includes(key));
}

function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** A Yjs ID as JSON: `{ client, clock }`, both non-negative integers. */
function isIdJSON(value: unknown): boolean {
  return (
    isRecord(value) &&
    hasOnly(value, ['client', 'clock']) &&
    isCount(value.client) &&
    isCount(value.clock)
  );
}

/**
 * Whether `value` is a Y.RelativePosition as `Y.relativePositionToJSON` writes
 * it, in the body: `{ type?, tname?, item?, assoc? }` with exactly one of
 * `type` (a nested type's ID) and `tname` (the body's name), so that Yjs never
 * meets its "unexpected case" (neither) nor creates a root type named by a peer.
 */
export function isRelativePositionJSON(value: unknown): boolean {
  if (!isRecord(value) || !hasOnly(value, ['type', 'tname', 'item', 'assoc'])) return false;
  const { type, tname, item, assoc } = value;
  const hasType = type !== undefined && type !== null;
  const hasName = tname !== undefined && tname !== null;
  if (hasType === hasName) return false;
  if (hasType && !isIdJSON(type)) return false;
  if (hasName && tname !== BODY_FIELD) return false;
  if (item !== undefined && item !== null && !isIdJSON(item)) return false;
  return assoc === undefined || assoc === null || Number.isSafeInteger(assoc);
}

/** Whether `value` is a cursor as y-tiptap sets it: `{ anchor, head }`, or null/absent (no caret). */
export function isCursorJSON(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  return (
    isRecord(value) &&
    hasOnly(value, ['anchor', 'head']) &&
    isRelativePositionJSON(value.anchor) &&
    isRelativePositionJSON(value.head)
  );
}

/**
 * Why a (non-null) presence state may not be relayed, or null when it may:
 * an object with known fields only and a valid cursor. `user` is not looked
 * into: the server replaces it.
 */
export function presenceStateProblem(state: unknown): string | null {
  if (!isRecord(state)) return 'a presence state must be an object';
  const unknown = Object.keys(state).find((key) => !PRESENCE_FIELDS.has(key));
  if (unknown !== undefined) return `unknown presence field "${unknown.slice(0, 40)}"`;
  if (!isCursorJSON(state.cursor)) return 'the cursor is not a pair of relative positions';
  return null;
}

/**
 * Whether the page may draw another client's caret from `state`: its cursor
 * is valid (or absent) and its `user`, when there, is an object (y-tiptap
 * writes a default name and colour into it).
 */
export function isDrawablePresence(state: unknown): boolean {
  if (!isRecord(state)) return false;
  if (state.user !== undefined && state.user !== null && !isRecord(state.user)) return false;
  return isCursorJSON(state.cursor);
}
